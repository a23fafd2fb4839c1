# test_quiz.py: online tests: automatic scoring of each question kind,
# the time limit kept by the server's clock, the attempts limit, the key
# never sent to a pupil before their attempt ends, results per pupil and
# per question, and results into the journal through the marks' path.
import datetime
import time

from apilib import assert_error, assert_keys, get_ok, group_course, show, \
    world
from test_assignments import classmate

KEY_FIELDS = ("correct", "accepted", "tolerance")


def utc(delta_s):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=delta_s)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def course_of_pupil(ctx):
    """A course of the demo teacher in the demo pupil's class."""
    cls = world(ctx).pupil_class
    cs = get_ok(ctx, "/api/v1/me/courses", "teacher")["courses"]
    mine = [c for c in cs if c["class_id"] == cls and not c["subgroup"]]
    assert mine, "the teacher teaches nothing in class %d" % cls
    return mine[0]["course_id"]


QUESTIONS = [
    {"kind": "single", "text": "2 + 2", "points": 1,
     "options": ["3", "4", "5"], "correct": 1},
    {"kind": "multiple", "text": "Жұп сандар", "points": 2,
     "options": ["1", "2", "3", "4"], "correct": [1, 3]},
    {"kind": "number", "text": "π", "points": 3, "correct": 3.14159,
     "tolerance": 0.01},
    {"kind": "text", "text": "Қазақстанның астанасы", "points": 2,
     "accepted": ["Астана", "Astana"]},
    {"kind": "text", "text": "Столица", "points": 1,
     "accepted": ["Ёлка"]},
]


def make_quiz(ctx, course, limit=600, attempts=2, questions=QUESTIONS,
              title="Бақылау"):
    t = ctx.user("teacher")
    st, _, js = ctx.req("POST", "/api/v1/courses/%d/quizzes" % course,
                        body={"title": title, "time_limit_s": limit,
                              "attempts": attempts,
                              "opens_at": utc(-3600), "closes_at": utc(3600),
                              "questions": questions}, token=t)
    assert st == 201, "create: %d %s" % (st, show(js))
    assert js["max_points"] == sum(q["points"] for q in questions), show(js)
    return js


def pupil_req(ctx, method, path, body=None, status=200):
    """A pupil's request; every answer is checked for the key while the
    attempt runs."""
    st, _, js = ctx.req(method, path, body=body, token=ctx.user("pupil"))
    assert st == status, "%s %s: %d %s" % (method, path, st, show(js))
    if not (isinstance(js, dict) and js.get("finished") is True):
        check_hidden(js, "%s %s" % (method, path))
    return js


def check_hidden(js, where):
    """No key of the test in js, an answer a pupil received while their
    attempt runs (every such answer of this file goes through here)."""
    for k in KEY_FIELDS:
        assert k not in str(list(_keys(js))), "%s: %r in %s" % (
            where, k, show(js))
    assert "points" not in js or js.get("finished"), show(js)


def _keys(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from _keys(x)
    elif isinstance(v, list):
        for x in v:
            yield from _keys(x)


def answer(ctx, att, pairs, status=200):
    body = {"answers": [{"question": q, "value": v} for q, v in pairs]}
    st, _, js = ctx.req("PUT", "/api/v1/quiz-attempts/%d/answers" % att,
                        body=body, token=ctx.user("pupil"))
    assert st == status, "answers: %d %s" % (st, show(js))
    check_hidden(js, "answers")
    return js


def test_each_kind_scored_and_key_hidden_until_the_end(ctx):
    course = course_of_pupil(ctx)
    qz = make_quiz(ctx, course)
    # the teacher sees the key
    assert qz["questions"][0]["correct"] == 1, show(qz)
    # the pupil: the test without questions, then an attempt without key
    js = pupil_req(ctx, "GET", "/api/v1/quizzes/%d" % qz["id"])
    check_hidden(js, "GET quiz")
    assert "questions" not in js and js["my_attempts"] == [], show(js)
    lst = pupil_req(ctx, "GET", "/api/v1/courses/%d/quizzes" % course)
    check_hidden(lst, "list")
    assert qz["id"] in [q["id"] for q in lst["quizzes"]]
    att = pupil_req(ctx, "POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                    status=201)
    check_hidden(att, "start")
    assert att["finished"] is False and att["score"] is None
    assert [q["kind"] for q in att["questions"]] == \
        [q["kind"] for q in QUESTIONS]
    assert att["answers"] == [None] * 5
    a = att["id"]
    # right answers, the text ones in other case and spacing; ё as е
    js = answer(ctx, a, [(0, 1), (1, [3, 1]), (2, 3.145),
                         (3, "  АСТАНА "), (4, "елка")])
    check_hidden(js, "answers")
    assert js["answers"][1] == [3, 1], show(js)
    js = pupil_req(ctx, "GET", "/api/v1/quiz-attempts/%d" % a)
    check_hidden(js, "GET attempt")
    js = pupil_req(ctx, "POST", "/api/v1/quiz-attempts/%d/submit" % a)
    assert js["finished"] is True, show(js)
    assert js["points"] == [1, 2, 3, 2, 1], show(js)
    assert js["score"] == 9 and js["max_points"] == 9
    # now the key is shown to the pupil
    assert js["questions"][3]["accepted"] == ["Астана", "Astana"]
    # second attempt: wrong answers of each kind score nothing
    att = pupil_req(ctx, "POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                    status=201)
    check_hidden(att, "start 2")
    assert att["n"] == 2
    js = answer(ctx, att["id"], [(0, 0), (1, [1]), (2, 3.16),
                                 (3, "Алматы")])
    js = pupil_req(ctx, "POST", "/api/v1/quiz-attempts/%d/submit"
                   % att["id"])
    assert js["points"] == [0, 0, 0, 0, 0] and js["score"] == 0, show(js)
    # no partial credit: a superset of the right options scores nothing
    # either (checked with the attempts limit reached: 409)
    assert_error(ctx.req("POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                         token=ctx.user("pupil")), 409)
    # results per pupil and per question, for the teacher only
    res = get_ok(ctx, "/api/v1/quizzes/%d/results" % qz["id"], "teacher")
    me = get_ok(ctx, "/api/v1/me", "pupil")["id"]
    row = [p for p in res["pupils"] if p["id"] == me][0]
    assert row["attempts"] == 2 and row["best_score"] == 9, show(row)
    others = [p for p in res["pupils"] if p["id"] != me]
    assert others and all(p["best_score"] is None for p in others)
    assert [q["right"] for q in res["questions"]] == [1, 1, 1, 1, 1]
    assert [q["avg_points"] for q in res["questions"]] == [1, 2, 3, 2, 1]
    assert_error(ctx.req("GET", "/api/v1/quizzes/%d/results" % qz["id"],
                         token=ctx.user("pupil")), 403)
    # the pupil's parent reads the ended attempt, key and all
    js = get_ok(ctx, "/api/v1/quiz-attempts/%d" % a, "parent")
    assert js["score"] == 9 and js["answers"][1] == [3, 1], show(js)
    assert js["questions"][0]["correct"] == 1, show(js)
    assert row["best_attempt_id"] == a, show(row)


def test_multiple_choice_has_no_partial_credit(ctx):
    qz = make_quiz(ctx, course_of_pupil(ctx), attempts=1,
                   questions=[QUESTIONS[1]])
    att = pupil_req(ctx, "POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                    status=201)
    answer(ctx, att["id"], [(0, [0, 1, 3])])
    js = pupil_req(ctx, "POST", "/api/v1/quiz-attempts/%d/submit"
                   % att["id"])
    assert js["score"] == 0 and js["points"] == [0], show(js)


def test_time_limit_kept_by_the_server(ctx):
    qz = make_quiz(ctx, course_of_pupil(ctx), limit=2, attempts=1)
    att = pupil_req(ctx, "POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                    status=201)
    assert att["seconds_left"] <= 2
    answer(ctx, att["id"], [(0, 1), (2, 3.1416)])
    time.sleep(3)
    # too late: refused, and the attempt is closed with what it had
    assert_error(ctx.req("PUT", "/api/v1/quiz-attempts/%d/answers"
                         % att["id"], body={"answers": [
                             {"question": 3, "value": "Астана"}]},
                         token=ctx.user("pupil")), 409)
    js = pupil_req(ctx, "GET", "/api/v1/quiz-attempts/%d" % att["id"])
    assert js["finished"] is True and js["score"] == 4, show(js)
    assert js["points"] == [1, 0, 3, 0, 0]
    assert js["finished_at"] == js["deadline"], show(js)
    assert_error(ctx.req("POST", "/api/v1/quiz-attempts/%d/submit"
                         % att["id"], token=ctx.user("pupil")), 409)


def test_overdue_attempt_closed_when_the_teacher_looks(ctx):
    qz = make_quiz(ctx, course_of_pupil(ctx), limit=1, attempts=1)
    att = pupil_req(ctx, "POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                    status=201)
    answer(ctx, att["id"], [(0, 1)])
    time.sleep(2)
    res = get_ok(ctx, "/api/v1/quizzes/%d/results" % qz["id"], "teacher")
    me = get_ok(ctx, "/api/v1/me", "pupil")["id"]
    row = [p for p in res["pupils"] if p["id"] == me][0]
    assert row["best_score"] == 1, show(row)


def test_refusals(ctx):
    course = course_of_pupil(ctx)
    body = {"title": "x", "time_limit_s": 60, "attempts": 1,
            "opens_at": utc(-60), "closes_at": utc(60),
            "questions": [QUESTIONS[0]]}
    # pupils and parents see the course but may not build tests
    for who in ("pupil", "parent"):
        assert_error(ctx.req("POST", "/api/v1/courses/%d/quizzes" % course,
                             body=body, token=ctx.user(who)), 403)
    assert_error(ctx.req("POST", "/api/v1/courses/999999/quizzes",
                         body=body, token=ctx.user("teacher")), 404)

    def bad(change, field):
        b = dict(body)
        b.update(change)
        assert_error(ctx.req("POST", "/api/v1/courses/%d/quizzes" % course,
                             body=b, token=ctx.user("teacher")), 422,
                     field=field)
    q = dict(QUESTIONS[0])
    bad({"questions": [dict(q, correct=3)]}, "questions[0].correct")
    bad({"questions": [dict(q, kind="essay")]}, "questions[0].kind")
    bad({"questions": [dict(QUESTIONS[1], correct=[1, 1])]},
        "questions[0].correct")
    bad({"questions": [dict(QUESTIONS[3], accepted=[])]},
        "questions[0].accepted")
    bad({"questions": []}, "questions")
    bad({"closes_at": utc(-120)}, "closes_at")
    bad({"opens_at": "yesterday"}, "opens_at")
    bad({"time_limit_s": 0}, "time_limit_s")
    # a parent may not take a test; a closed test may not be started
    qz = make_quiz(ctx, course, questions=[QUESTIONS[0], QUESTIONS[2]])
    assert_error(ctx.req("POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                         token=ctx.user("parent")), 403)
    att = pupil_req(ctx, "POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                    status=201)
    # one attempt at a time
    assert_error(ctx.req("POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                         token=ctx.user("pupil")), 409)
    # answers of the wrong shape, all or nothing
    st, _, js = ctx.req("PUT", "/api/v1/quiz-attempts/%d/answers"
                        % att["id"], body={"answers": [
                            {"question": 0, "value": 1},
                            {"question": 1, "value": "many"}]},
                        token=ctx.user("pupil"))
    assert_error((st, _, js), 422, field="answers[1].value")
    assert_error(ctx.req("PUT", "/api/v1/quiz-attempts/%d/answers"
                         % att["id"], body={"answers": [
                             {"question": 2, "value": 1}]},
                         token=ctx.user("pupil")), 422,
                 field="answers[0].question")
    js = pupil_req(ctx, "GET", "/api/v1/quiz-attempts/%d" % att["id"])
    assert js["answers"] == [None, None], show(js)
    # the teacher reads the attempt but does not answer it
    assert_error(ctx.req("PUT", "/api/v1/quiz-attempts/%d/answers"
                         % att["id"], body={"answers": []},
                         token=ctx.user("teacher")), 403)
    # a test not yet open
    b = dict(body, opens_at=utc(3600), closes_at=utc(7200))
    st, _, nq = ctx.req("POST", "/api/v1/courses/%d/quizzes" % course,
                        body=b, token=ctx.user("teacher"))
    assert st == 201
    assert_error(ctx.req("POST", "/api/v1/quizzes/%d/attempts" % nq["id"],
                         token=ctx.user("pupil")), 409)
    assert_error(ctx.req("GET", "/api/v1/quizzes/999999",
                         token=ctx.user("pupil")), 404)


def test_results_become_marks_through_the_journal(ctx):
    with ctx.fresh_server("quiz-marks") as c:
        course = course_of_pupil(c)
        qz = make_quiz(c, course, attempts=1, questions=QUESTIONS[:4])
        att = pupil_req(c, "POST", "/api/v1/quizzes/%d/attempts"
                        % qz["id"], status=201)
        answer(c, att["id"], [(0, 1), (2, 3.14)])   # 4 of 8
        pupil_req(c, "POST", "/api/v1/quiz-attempts/%d/submit" % att["id"])
        me = get_ok(c, "/api/v1/me", "pupil")["id"]
        day = get_ok(c, "/api/v1/me/courses", "teacher")["today"]
        ls = get_ok(c, "/api/v1/me/lessons?from=2026-11-02&to=%s" % day,
                    "teacher")["lessons"]
        ls = [l for l in ls if l["course_id"] == course]
        lesson = ls[-1]["lesson_id"]
        t = c.user("teacher")
        # a lesson of another course is refused, nothing stored
        other = [l for l in get_ok(
            c, "/api/v1/me/lessons?from=2026-11-02&to=%s" % day,
            "teacher")["lessons"] if l["course_id"] != course]
        if other:
            assert_error(c.req("POST", "/api/v1/quizzes/%d/marks" % qz["id"],
                               body={"lesson_id": other[0]["lesson_id"],
                                     "kind": "formative"}, token=t),
                         422, field="lesson_id")
        st, _, js = c.req("POST", "/api/v1/quizzes/%d/marks" % qz["id"],
                          body={"lesson_id": lesson, "kind": "formative"},
                          token=t)
        assert st == 200, show(js)
        mine = [m for m in js["marks"] if m["student_id"] == me
                and m["kind"] == "formative"]
        assert mine and mine[0]["value"] == 5, show(js)
        # the same audit as PUT /lessons/{id}/marks
        h = get_ok(c, "/api/v1/lessons/%d/marks/history" % lesson,
                   "teacher")["history"]
        assert any(e["student_id"] == me and e["what"] == "mark:formative"
                   and e["new_value"] == "5" for e in h), show(h)
        assert_error(c.req("POST", "/api/v1/quizzes/%d/marks" % qz["id"],
                           body={"lesson_id": lesson, "kind": "formative"},
                           token=c.user("pupil")), 403)


def test_group_course_is_for_its_group_only(ctx):
    """A test of a group's course: a pupil of the class outside the group
    may not take it (403) and is not on the results' roll."""
    with ctx.fresh_server("quiz-group") as c:
        w = world(c)
        cls = w.pupil_class
        me = get_ok(c, "/api/v1/me", "pupil")["id"]
        mate = [p["id"] for p in w.pupils(cls) if p["id"] != me][0]
        _, co = group_course(c, w, cls, [mate], "Тест тобы")
        qz = make_quiz(c, co["id"], questions=[QUESTIONS[0]])
        assert_error(c.req("POST", "/api/v1/quizzes/%d/attempts" % qz["id"],
                           token=c.user("pupil")), 403)
        res = get_ok(c, "/api/v1/quizzes/%d/results" % qz["id"], "teacher")
        assert [p["id"] for p in res["pupils"]] == [mate], show(res)
        # the whole class's course: the pupil takes it
        whole = make_quiz(c, course_of_pupil(c), questions=[QUESTIONS[0]])
        pupil_req(c, "POST", "/api/v1/quizzes/%d/attempts" % whole["id"],
                  status=201)


def test_parents_see_their_childs_tests_only(ctx):
    """GET /students/{id}/quizzes: the pupil's tests with their attempts,
    for the pupil, their parents and teachers; a parent reads their
    child's attempt (its answers and the key only once it has ended) and
    nobody else's (404)."""
    with ctx.fresh_server("quiz-parent") as c:
        course = course_of_pupil(c)
        me = get_ok(c, "/api/v1/me", "pupil")["id"]
        assert me in [ch["id"] for ch in world(c).children]
        qz = make_quiz(c, course, attempts=1, questions=QUESTIONS[:4],
                       title="Ата-анаға")
        att = pupil_req(c, "POST", "/api/v1/quizzes/%d/attempts"
                        % qz["id"], status=201)
        answer(c, att["id"], [(0, 1), (1, [1, 3])])
        # while it runs: the parent sees the attempt, not its answers
        lst = get_ok(c, "/api/v1/students/%d/quizzes" % me, "parent")
        check_hidden(lst, "parent's list")
        mine = [q for q in lst["quizzes"] if q["id"] == qz["id"]]
        assert len(mine) == 1 and mine[0]["course_id"] == course, show(lst)
        assert_keys(mine[0], ("id", "course_id", "title", "time_limit_s",
                              "attempts", "opens_at", "closes_at",
                              "max_points", "question_count", "subject",
                              "my_attempts"))
        assert mine[0]["question_count"] == 4 and mine[0]["subject"]
        assert [(x["id"], x["finished"], x["score"])
                for x in mine[0]["my_attempts"]] == \
            [(att["id"], False, None)], show(mine)
        js = get_ok(c, "/api/v1/quiz-attempts/%d" % att["id"], "parent")
        check_hidden(js, "parent reads a running attempt")
        assert js["answers"] is None and js["finished"] is False, show(js)
        # a parent neither answers nor submits
        for method, path, body in (
                ("PUT", "answers", {"answers": [{"question": 2,
                                                 "value": 3.14}]}),
                ("POST", "submit", None)):
            assert_error(c.req(method, "/api/v1/quiz-attempts/%d/%s"
                               % (att["id"], path), body=body,
                               token=c.user("parent")), 403)
        js = pupil_req(c, "GET", "/api/v1/quiz-attempts/%d" % att["id"])
        assert js["answers"][2] is None, show(js)
        pupil_req(c, "POST", "/api/v1/quiz-attempts/%d/submit" % att["id"])
        # ended: the answers, the points and the key
        js = get_ok(c, "/api/v1/quiz-attempts/%d" % att["id"], "parent")
        assert js["score"] == 3 and js["points"] == [1, 2, 0, 0], show(js)
        assert js["answers"][1] == [1, 3], show(js)
        assert js["questions"][3]["accepted"] == ["Астана", "Astana"]
        lst = get_ok(c, "/api/v1/students/%d/quizzes" % me, "parent")
        mine = [q for q in lst["quizzes"] if q["id"] == qz["id"]][0]
        assert [(x["finished"], x["score"]) for x in mine["my_attempts"]] \
            == [(True, 3)], show(mine)
        # the pupil's own list is the same; their teacher reads it too
        assert get_ok(c, "/api/v1/students/%d/quizzes" % me, "pupil") == lst
        assert get_ok(c, "/api/v1/students/%d/quizzes" % me,
                      "teacher")["quizzes"] == lst["quizzes"]
        # a classmate's attempt and list: not the parent's (404), nor the
        # pupil's
        mate = classmate(c)
        st, _, other = c.req("POST", "/api/v1/quizzes/%d/attempts"
                             % qz["id"], token=mate)
        assert st == 201, show(other)
        for who in ("parent", "pupil"):
            assert_error(c.req("GET", "/api/v1/quiz-attempts/%d"
                               % other["id"], token=c.user(who)), 404)
            assert_error(c.req("GET", "/api/v1/students/%d/quizzes"
                               % mate.user["id"], token=c.user(who)), 404)
        st, _, js = c.req("POST", "/api/v1/quiz-attempts/%d/submit"
                          % other["id"], token=mate)
        assert st == 200, show(js)
        assert_error(c.req("GET", "/api/v1/quiz-attempts/%d" % other["id"],
                           token=c.user("parent")), 404)
        assert_error(c.req("GET", "/api/v1/students/99999999/quizzes",
                           token=c.user("parent")), 404)


def test_pupils_list_closes_an_attempt_past_its_deadline(ctx):
    """An attempt whose time ran out shows in the list scored with what
    it had (the list is a touch like any other)."""
    with ctx.fresh_server("quiz-list-overdue") as c:
        # 3 s to answer: 1 s was overrun once when make check ran both
        # API suites under ASan at once
        qz = make_quiz(c, course_of_pupil(c), limit=3, attempts=1,
                       questions=QUESTIONS[:1])
        me = get_ok(c, "/api/v1/me", "pupil")["id"]
        att = pupil_req(c, "POST", "/api/v1/quizzes/%d/attempts"
                        % qz["id"], status=201)
        answer(c, att["id"], [(0, 1)])
        time.sleep(3.5)
        lst = get_ok(c, "/api/v1/students/%d/quizzes" % me, "parent")
        mine = [q for q in lst["quizzes"] if q["id"] == qz["id"]][0]
        assert [(x["finished"], x["score"]) for x in mine["my_attempts"]] \
            == [(True, 1)], show(mine)
