# test_assignments.py: assignments set by a teacher, hand-ins by the
# pupil (late by the server's clock, again until returned), the teacher's
# roll and return with points, a comment and a journal mark (the same rules
# and audit as PUT /lessons/{id}/marks: in the diary and the history), what
# the parent sees, the day's single task, and who may see what (404 for
# another class's pupil and another school's teacher).
#
# Every write goes to a server of this module's own (a copy of the demo
# database, files in a data directory of its own under the run's temp
# dir, small file limits so that 413s are cheap); test_files.py shares it.

import datetime
import hashlib
import http.client
import io
import os
import urllib.parse
import zipfile

from apilib import assert_error, assert_keys, get_ok, group_course, show, \
    world

SERVER = "assign"
MAX_FILE = 1536 * 1024          # more than the 1 MiB in-memory body limit
MAX_HANDIN = 2 * 1024 * 1024
PAST_DUE = "2020-01-10T12:00:00Z"
FUTURE_DUE = "2035-05-20T13:00:00Z"
KAZAKH = "Үй жұмысы: ә ғ қ ң ө ұ ү һ і"

ASSIGNMENT_KEYS = ("id", "course_id", "class_id", "subject", "lesson_id",
                   "day", "title", "instructions", "links", "due_at",
                   "max_points", "day_task", "created_by", "created_at",
                   "files")
HANDIN_KEYS = ("id", "assignment_id", "student", "status", "text",
               "handed_in_at", "late", "times", "returned_at", "points",
               "comment", "mark", "files")


# ----- the module's server and people ----------------------------------

def server(ctx):
    """The module's server, started on first use and kept for the run."""
    ctxs = ctx.runner.shared
    c = ctxs.get(SERVER)
    if c is None or not c.server.alive():
        db = ctx.runner.copy_pristine(SERVER)
        data = os.path.join(ctx.tmp, SERVER + "-files")
        srv = ctx.runner.start_server(db, extra=[
            "--data-dir", data, "--max-file", str(MAX_FILE),
            "--max-handin", str(MAX_HANDIN)])
        c = ctxs[SERVER] = type(ctx)(ctx.runner, srv)
        c.db_path = db
        c.data_dir = data
    return c


def give_login(c, person_id, login, password):
    """The director gives a demo pupil a login (once per server)."""
    done = getattr(c, "_logins", None)
    if done is None:
        done = c._logins = set()
    if login not in done:
        st, _, js = c.req("PATCH", "/api/v1/people/%d" % person_id,
                          body={"login": login, "password": password},
                          token=c.user("director"))
        assert st == 200, "login for %d: %d %s" % (person_id, st, show(js))
        done.add(login)
    return c.login(login, password)


def other_class_pupil(c):
    """The parent's second child (another class of the same school)."""
    child = world(c).children[1]
    return give_login(c, child["id"], "s1_other_class", "other-class-pw")


def classmate(c):
    """A pupil of the pupil's class who is not the parent's child."""
    w = world(c)
    mine = {ch["id"] for ch in w.children}
    other = [p["id"] for p in w.pupils(w.pupil_class) if p["id"] not in mine]
    assert other, "the pupil's class has no other pupils"
    return give_login(c, other[0], "s1_classmate", "classmate-pw")


def outsider(c):
    """A teacher of another school."""
    w = world(c)
    login = "s1_outsider"
    if not getattr(c, "_outsider", False):
        school = w.role("teacher", "teacher", "school_id")
        p = c.cli("user", "add", "--db", c.db, "--login", login, "--name",
                  "Бөтен Мұғалім", "--role", "teacher", "--scope",
                  w.other_school(school), input=b"outsider-password\n")
        assert p.returncode == 0, "user add: %d %s" % (p.returncode,
                                                       p.stderr)
        c._outsider = True
    return c.login(login, "outsider-password")


def pupil_id(c):
    return world(c).children[0]["id"]


def course(c):
    """A course of the teacher's in the pupil's class that the pupil
    takes (no subgroup, or the pupil's)."""
    cached = getattr(c, "_course", None)
    if cached:
        return cached
    w = world(c)
    js = get_ok(c, "/api/v1/me/courses", "teacher")
    mine = [x for x in js["courses"] if x["class_id"] == w.pupil_class]
    assert mine, "the teacher has no course in the pupil's class"
    pupils = {p["id"] for p in w.pupils(w.pupil_class)}
    assert pupil_id(c) in pupils
    for x in mine:
        if not x.get("subgroup"):
            c._course = x
            return x
    c._course = mine[0]
    return mine[0]


def past_lessons(c, course_id, n=10):
    """Lessons of the course that have begun, newest first."""
    today = datetime.date.fromisoformat(
        get_ok(c, "/api/v1/me/courses", "teacher")["today"])
    js = get_ok(c, "/api/v1/me/lessons?from=%s&to=%s" % (
        today - datetime.timedelta(days=55), today - datetime.timedelta(
            days=1)), "teacher")
    ls = [l for l in js["lessons"] if l["course_id"] == course_id and
          l.get("status", "scheduled") == "scheduled"]
    ls.sort(key=lambda l: l["date"], reverse=True)
    assert ls, "no past lessons of course %d" % course_id
    return ls[:n]


# ----- files ------------------------------------------------------------

def pdf(n=2000, seed=b""):
    body = (seed + b"0123456789abcdef" * (n // 16 + 1))[:n]
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF\n"


def docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document>" + KAZAKH +
                   "</w:document>")
    return out.getvalue()


def odt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"),
                   "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def upload(c, who, name, data):
    tok = c.user(who) if isinstance(who, str) else who
    return c.req("POST", "/api/v1/files?name=" + urllib.parse.quote(name),
                 raw=data, token=tok)


def upload_ok(c, who, name, data):
    st, _, js = upload(c, who, name, data)
    assert st == 201, "upload %s: %d %s" % (name, st, show(js))
    assert_keys(js, ("id", "name", "size", "content_type", "sha256"))
    assert js["size"] == len(data), show(js)
    assert js["sha256"] == hashlib.sha256(data).hexdigest(), show(js)
    return js


def fetch(c, path, who):
    """GET with the body as bytes: (status, headers, bytes)."""
    tok = c.user(who) if isinstance(who, str) else who
    conn = http.client.HTTPConnection("127.0.0.1", c.port, timeout=60)
    try:
        conn.request("GET", path, headers={
            "Authorization": "Bearer " + tok.token})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


# ----- assignments ------------------------------------------------------

def create(c, body, who="teacher", course_id=None):
    cid = course_id or course(c)["course_id"]
    tok = c.user(who) if isinstance(who, str) else who
    return c.req("POST", "/api/v1/courses/%d/assignments" % cid, body=body,
                 token=tok)


def create_ok(c, **kw):
    body = {"title": "Тапсырма", "due_at": FUTURE_DUE, "max_points": 10}
    body.update(kw)
    st, _, js = create(c, body)
    assert st == 201, "create: %d %s" % (st, show(js))
    assert_keys(js, ASSIGNMENT_KEYS, what="assignment")
    return js


def hand_in(c, aid, body, who="pupil"):
    tok = c.user(who) if isinstance(who, str) else who
    return c.req("PUT", "/api/v1/assignments/%d/handin" % aid, body=body,
                 token=tok)


def give_back(c, hid, body, who="teacher"):
    tok = c.user(who) if isinstance(who, str) else who
    return c.req("POST", "/api/v1/handins/%d/return" % hid, body=body,
                 token=tok)


def test_teacher_sets_work_pupil_and_parent_see_it(ctx):
    c = server(ctx)
    f = upload_ok(c, "teacher", "тапсырма.pdf", pdf(seed=b"set"))
    js = create_ok(c, title=KAZAKH, instructions="Оқу: 12-бет",
                   links=["https://example.kz/video?id=1"],
                   file_ids=[f["id"]], max_points=20)
    assert js["title"] == KAZAKH and js["max_points"] == 20, show(js)
    assert js["links"] == ["https://example.kz/video?id=1"], show(js)
    assert [x["id"] for x in js["files"]] == [f["id"]], show(js)
    assert js["files"][0]["content_type"] == "application/pdf"
    assert js["lesson_id"] is None and js["day_task"] is False
    assert js["due_at"] == "2035-05-20T13:00:00Z", show(js)
    # a course's work belongs to the due time's day at UTC+5
    assert js["day"] == "2035-05-20", show(js)
    for who in ("pupil", "parent", "teacher", "director"):
        got = get_ok(c, "/api/v1/assignments/%d" % js["id"], who)
        assert got == js, "%s sees %s" % (who, show(got))
        st, hd, data = fetch(c, "/api/v1/files/%d" % f["id"], who)
        assert st == 200 and data == pdf(seed=b"set"), (who, st)
    listed = get_ok(c, "/api/v1/courses/%d/assignments" %
                    course(c)["course_id"], "pupil")
    assert js["id"] in [x["id"] for x in listed["items"]], show(listed)


def test_setting_work_is_checked(ctx):
    c = server(ctx)
    cases = [
        ({"due_at": FUTURE_DUE}, "title"),
        ({"title": "x"}, "due_at"),
        ({"title": "x", "due_at": "tomorrow"}, "due_at"),
        ({"title": "x", "due_at": "2026-02-30T10:00:00Z"}, "due_at"),
        ({"title": "x", "due_at": FUTURE_DUE, "max_points": 0},
         "max_points"),
        ({"title": "x", "due_at": FUTURE_DUE, "links": ["javascript:1"]},
         "links[0]"),
        ({"title": "x", "due_at": FUTURE_DUE, "file_ids": [987654321]},
         "file_ids[0]"),
        ({"title": "x", "due_at": FUTURE_DUE, "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        assert_error(create(c, body), 422, field=field, what=show(body))
    # a file someone else uploaded cannot be attached: ids are not trusted
    theirs = upload_ok(c, "pupil", "mine.txt", b"the pupil's own text\n")
    assert_error(create(c, {"title": "x", "due_at": FUTURE_DUE,
                            "file_ids": [theirs["id"]]}), 422,
                 field="file_ids[0]")
    # the pupil and the director see the course but do not set its work
    for who in ("pupil", "director"):
        assert_error(create(c, {"title": "x", "due_at": FUTURE_DUE},
                            who=who), 403, what=who)
    assert_error(create(c, {"title": "x", "due_at": FUTURE_DUE},
                        who=outsider(c)), 404)


def test_hand_in_late_again_until_returned(ctx):
    c = server(ctx)
    late = create_ok(c, title="Кеш", due_at=PAST_DUE)
    st, _, h = hand_in(c, late["id"], {"text": "кеш тапсырдым"})
    assert st == 200, show(h)
    assert_keys(h, HANDIN_KEYS, what="hand-in")
    assert h["late"] is True and h["status"] == "handed_in", show(h)
    assert h["student"]["id"] == pupil_id(c) and h["times"] == 1

    on_time = create_ok(c, title="Уақытында")
    f1 = upload_ok(c, "pupil", "жауап.txt", "Жауабым\n".encode())
    st, _, h = hand_in(c, on_time["id"], {"text": "бірінші",
                                          "file_ids": [f1["id"]]})
    assert st == 200 and h["late"] is False, show(h)
    # again, before it is returned: replaces text and files
    f2 = upload_ok(c, "pupil", "photo.png", b"\x89PNG\r\n\x1a\n" +
                   bytes(range(256)) * 4)
    st, _, h2 = hand_in(c, on_time["id"], {"text": "екінші",
                                           "file_ids": [f2["id"]]})
    assert st == 200, show(h2)
    assert h2["id"] == h["id"] and h2["times"] == 2, show(h2)
    assert h2["text"] == "екінші", show(h2)
    assert [x["id"] for x in h2["files"]] == [f2["id"]], show(h2)
    assert h2["files"][0]["content_type"] == "image/png"

    st, _, r = give_back(c, h["id"], {"points": 9, "comment": "Жақсы"})
    assert st == 200, show(r)
    assert r["status"] == "returned" and r["points"] == 9, show(r)
    assert r["comment"] == "Жақсы" and r["mark"] is None, show(r)
    assert r["returned_at"] is not None
    # returned: no more hand-ins, no second return; nothing changed
    assert_error(hand_in(c, on_time["id"], {"text": "үшінші"}), 409)
    assert_error(give_back(c, h["id"], {"points": 1}), 409)
    got = get_ok(c, "/api/v1/handins/%d" % h["id"], "pupil")
    assert got["text"] == "екінші" and got["points"] == 9, show(got)
    # a hand-in needs something; points within the maximum
    other = create_ok(c, title="Бос", max_points=5)
    assert_error(hand_in(c, other["id"], {"text": ""}), 422, field="text")
    st, _, h3 = hand_in(c, other["id"], {"text": "ok"})
    assert st == 200
    assert_error(give_back(c, h3["id"], {"points": 6}), 422,
                 field="points")


def test_teacher_sees_who_has_and_has_not_handed_in(ctx):
    c = server(ctx)
    a = create_ok(c, title="Тізім")
    st, _, h = hand_in(c, a["id"], {"text": "дайын"})
    assert st == 200
    js = get_ok(c, "/api/v1/assignments/%d/handins" % a["id"], "teacher")
    w = world(c)
    pupils = {p["id"] for p in w.pupils(w.pupil_class)}
    rows = {p["student"]["id"]: p for p in js["pupils"]}
    assert set(rows) <= pupils and pupil_id(c) in rows, show(js)
    assert rows[pupil_id(c)]["status"] == "handed_in"
    assert rows[pupil_id(c)]["handin_id"] == h["id"]
    others = [p for s, p in rows.items() if s != pupil_id(c)]
    assert others and all(p["status"] == "not_handed_in" and
                          p["handin_id"] is None for p in others)
    assert js["handed_in"] == 1 and js["not_handed_in"] == len(others)
    # the director oversees; the pupil and the parent do not
    get_ok(c, "/api/v1/assignments/%d/handins" % a["id"], "director")
    for who in ("pupil", "parent"):
        assert_error(c.req("GET", "/api/v1/assignments/%d/handins" % a["id"],
                           token=c.user(who)), 403, what=who)
    # only the teacher returns
    for who in ("pupil", "parent", "director"):
        assert_error(give_back(c, h["id"], {"points": 1}, who=who), 403,
                     what=who)


def test_returned_mark_goes_through_the_journal(ctx):
    c = server(ctx)
    cid = course(c)["course_id"]
    lesson = past_lessons(c, cid)[0]
    a = create_ok(c, title="Сабақ жұмысы", lesson_id=lesson["lesson_id"])
    assert a["lesson_id"] == lesson["lesson_id"] and a["day"] == \
        lesson["date"], show(a)
    st, _, h = hand_in(c, a["id"], {"text": "жауап"})
    assert st == 200, show(h)
    # refused by the journal's rules: nothing stored, named "mark"
    assert_error(give_back(c, h["id"], {"points": 5, "mark": {
        "kind": "formative", "value": 11}}), 422, field="mark")
    assert_error(give_back(c, h["id"], {"points": 5, "mark": {
        "kind": "soch", "value": 11}}), 422, field="mark.kind")
    got = get_ok(c, "/api/v1/handins/%d" % h["id"], "teacher")
    assert got["status"] == "handed_in", show(got)
    # the diary of that week is read (and kept in memory) before the mark
    d = datetime.date.fromisoformat(lesson["date"])
    wk = "%d-W%02d" % d.isocalendar()[:2]
    diary_path = "/api/v1/students/%d/diary?week=%s" % (pupil_id(c), wk)
    before = get_ok(c, diary_path, "parent")
    had = [m["value"] for day in before["days"] for l in day["lessons"]
           if l["lesson_id"] == lesson["lesson_id"] for m in l["marks"]
           if m["kind"] == "formative"]
    val = 8 if 7 in had else 7      # a value the diary does not show yet

    st, _, r = give_back(c, h["id"], {"points": val, "comment": "Жарайсың",
                                      "mark": {"kind": "formative",
                                               "value": val}})
    assert st == 200, show(r)
    assert r["mark"] == {"lesson_id": lesson["lesson_id"],
                         "kind": "formative", "value": val, "max": None}, \
        show(r)
    # the diary shows it (the kept answer moved on) ...
    diary = get_ok(c, diary_path, "parent")
    assert diary != before, "the diary kept its old answer"
    marks = [m for day in diary["days"] for l in day["lessons"]
             if l["lesson_id"] == lesson["lesson_id"] for m in l["marks"]]
    assert {"kind": "formative", "value": val} in [
        {"kind": m["kind"], "value": m["value"]} for m in marks], show(marks)
    # ... and the audit has it, by the teacher
    hist = get_ok(c, "/api/v1/lessons/%d/marks/history" %
                  lesson["lesson_id"], "teacher")["history"]
    mine = [x for x in hist if x["student_id"] == pupil_id(c) and
            x["what"] == "mark:formative"]
    assert mine and mine[-1]["new_value"] == str(val), show(hist[-3:])
    # the parent sees status and result
    js = get_ok(c, "/api/v1/students/%d/assignments?from=%s&to=%s" % (
        pupil_id(c), lesson["date"], lesson["date"]), "parent")
    work = [w for day in js["days"] for t in day["tasks"]
            for w in t["assignments"] if w["id"] == a["id"]]
    assert len(work) == 1, show(js)
    assert work[0]["status"] == "returned" and work[0]["points"] == val
    assert work[0]["comment"] == "Жарайсың" and work[0]["mark"]["value"] \
        == val, show(work)
    parent_view = get_ok(c, "/api/v1/handins/%d" % h["id"], "parent")
    assert parent_view["points"] == val
    assert parent_view["mark"]["value"] == val


def test_course_work_needs_the_lesson_for_a_mark(ctx):
    c = server(ctx)
    a = create_ok(c, title="Курс жұмысы")
    st, _, h = hand_in(c, a["id"], {"text": "x"})
    assert st == 200
    assert_error(give_back(c, h["id"], {"points": 1, "mark": {
        "kind": "formative", "value": 5}}), 422, field="mark.lesson_id")


def test_day_task_is_alone_and_tasks_group_by_day(ctx):
    c = server(ctx)
    day = "2035-06-11T10:00:00Z"
    first = create_ok(c, title="Сынып жұмысы", due_at=day)
    second = create_ok(c, title="Үй жұмысы", due_at="2035-06-11T15:00:00Z")
    # the day already has work: it cannot also have a single day task
    st, _, js = create(c, {"title": "Күн тапсырмасы", "due_at": day,
                           "day_task": True})
    assert_error((st, _, js), 409, field="day_task")
    single = create_ok(c, title="Күн тапсырмасы", day_task=True,
                       due_at="2035-06-12T10:00:00Z")
    assert single["day_task"] is True
    assert_error(create(c, {"title": "тағы", "due_at":
                            "2035-06-12T11:00:00Z"}), 409, field="day_task")
    js = get_ok(c, "/api/v1/students/%d/assignments?from=2035-06-11&"
                "to=2035-06-12" % pupil_id(c), "pupil")
    days = {d["date"]: d["tasks"] for d in js["days"]}
    assert set(days) == {"2035-06-11", "2035-06-12"}, show(js)
    # one course's work of one day is one task
    assert len(days["2035-06-11"]) == 1, show(days)
    ids = [w["id"] for w in days["2035-06-11"][0]["assignments"]]
    assert ids == [first["id"], second["id"]], show(days)
    assert [w["id"] for w in days["2035-06-12"][0]["assignments"]] == \
        [single["id"]]
    assert all(w["status"] == "not_handed_in" for t in days["2035-06-11"]
               for w in t["assignments"])
    assert_error(c.req("GET", "/api/v1/students/%d/assignments?from="
                       "2035-06-11&to=2035-09-11" % pupil_id(c),
                       token=c.user("pupil")), 422, field="to")


def test_other_class_and_other_school_see_nothing(ctx):
    c = server(ctx)
    f = upload_ok(c, "teacher", "secret.pdf", pdf(seed=b"secret"))
    a = create_ok(c, title="Жасырын", file_ids=[f["id"]])
    hf = upload_ok(c, "pupil", "менің.pdf", pdf(seed=b"handin"))
    st, _, h = hand_in(c, a["id"], {"text": "x", "file_ids": [hf["id"]]})
    assert st == 200
    paths = ["/api/v1/assignments/%d" % a["id"],
             "/api/v1/files/%d" % f["id"], "/api/v1/files/%d" % hf["id"],
             "/api/v1/handins/%d" % h["id"],
             "/api/v1/assignments/%d/handins" % a["id"]]
    for who in (other_class_pupil(c), outsider(c)):
        for p in paths:
            resp = c.req("GET", p, token=who)
            assert_error(resp, 404, what="%s %s" % (who.user, p))
            parts = p.split("/")
            parts[4] = "987654321"
            missing = c.req("GET", "/".join(parts), token=who)
            assert resp[2]["error"]["message"] == \
                missing[2]["error"]["message"], (resp, missing)
        assert_error(hand_in(c, a["id"], {"text": "x"}, who=who), 404)
    # a classmate sees the work and its file, not the pupil's hand-in
    mate = classmate(c)
    st, _, _ = c.req("GET", "/api/v1/assignments/%d" % a["id"], token=mate)
    assert st == 200
    assert fetch(c, "/api/v1/files/%d" % f["id"], mate)[0] == 200
    for p in ("/api/v1/files/%d" % hf["id"], "/api/v1/handins/%d" % h["id"]):
        assert_error(c.req("GET", p, token=mate), 404, what=p)
    # the parent sees the child's hand-in and its file
    assert fetch(c, "/api/v1/files/%d" % hf["id"], "parent")[0] == 200
    # nobody lists another pupil's work
    assert_error(c.req("GET", "/api/v1/students/%d/assignments?from="
                       "2035-01-01&to=2035-01-02" % pupil_id(c),
                       token=mate), 404)


def test_subgroup_course_is_for_its_group_only(ctx):
    c = server(ctx)
    w = world(c)
    cls = w.pupil_class
    mate = classmate(c)
    mate_id = mate.user["id"]
    _, co = group_course(c, w, cls, [mate_id], "S1 тобы")
    st, _, a = create(c, {"title": "Топқа", "due_at": FUTURE_DUE},
                      course_id=co["id"])
    assert st == 201, show(a)
    # the pupil (and so the parent) is not in the group: as if absent
    for who in ("pupil", "parent"):
        for p in ("/api/v1/assignments/%d" % a["id"],
                  "/api/v1/courses/%d/assignments" % co["id"]):
            assert_error(c.req("GET", p, token=c.user(who)), 404,
                         what="%s %s" % (who, p))
    assert_error(hand_in(c, a["id"], {"text": "x"}), 404)
    js = get_ok(c, "/api/v1/students/%d/assignments?from=2035-05-20&"
                "to=2035-05-20" % pupil_id(c), "pupil")
    assert a["id"] not in [x["id"] for d in js["days"] for t in d["tasks"]
                           for x in t["assignments"]], show(js)
    # the group's member sees it and hands in; the roll is the group
    st, _, got = c.req("GET", "/api/v1/assignments/%d" % a["id"], token=mate)
    assert st == 200, show(got)
    st, _, h = hand_in(c, a["id"], {"text": "топтан"}, who=mate)
    assert st == 200, show(h)
    roll = get_ok(c, "/api/v1/assignments/%d/handins" % a["id"], "teacher")
    assert [p["student"]["id"] for p in roll["pupils"]] == [mate_id], \
        show(roll)


# ----- the cost of a list -----------------------------------------------

def db_queries(c, resp):
    """The statements the request ran, from its line in the server's log
    ("db_queries", counted by db_prep() around the handler)."""
    import json
    rid = resp[1].get("X-Request-Id")
    assert rid, "no X-Request-Id"
    for line in c.server.stderr_text().splitlines():
        if rid in line and line.startswith("{"):
            js = json.loads(line)
            if js.get("id") == rid:
                return js["db_queries"]
    raise AssertionError("request %s is not in the log" % rid)


def test_a_list_costs_the_same_whatever_its_length(ctx):
    """GET /courses/{id}/assignments: one query for the page's rows and one
    for their files, however many items; a query per item (N+1) would
    make 20 items cost more than 2."""
    c = server(ctx)
    cid = course(c)["course_id"]
    f = upload_ok(c, "teacher", "бет.pdf", pdf(seed=b"list"))
    for i in range(21):
        create_ok(c, title="Тізім %d" % i, file_ids=[f["id"]],
                  due_at="2036-01-%02dT10:00:00Z" % (i + 1))
    cost = {}
    for n in (2, 20):
        resp = c.req("GET", "/api/v1/courses/%d/assignments?limit=%d" %
                     (cid, n), token=c.user("pupil"))
        assert resp[0] == 200, show(resp[2])
        items = resp[2]["items"]
        assert len(items) == n and resp[2]["next"], show(resp[2])
        cost[n] = db_queries(c, resp)
    assert cost[20] == cost[2], "queries for 2 and 20 items: %s" % cost
    # the files are the ones attached, each under its own assignment
    js = get_ok(c, "/api/v1/courses/%d/assignments?limit=1000" % cid,
                "pupil")
    mine = [x for x in js["items"] if x["title"].startswith("Тізім ")]
    assert len(mine) == 21, show(js)
    assert all([y["id"] for y in x["files"]] == [f["id"]] for x in mine)
    for x in mine[:3]:
        assert get_ok(c, "/api/v1/assignments/%d" % x["id"], "pupil") == x


def test_list_counts_hand_ins_for_who_sees_the_rolls(ctx):
    """The course's list gives those who see the rolls (its teacher, the
    director) each work's handed in / not handed in / late, the same as
    its roll; pupils and parents get no counts; still no query per item."""
    c = server(ctx)
    cid = course(c)["course_id"]
    late = create_ok(c, title="Санау кеш", due_at=PAST_DUE)
    on_time = create_ok(c, title="Санау")
    none = create_ok(c, title="Санау бос")
    for a in (late, on_time):
        st, _, h = hand_in(c, a["id"], {"text": "дайын"})
        assert st == 200, show(h)
    st, _, h = hand_in(c, on_time["id"], {"text": "тағы"}, who=classmate(c))
    assert st == 200, show(h)
    want = {late["id"]: (1, 1), on_time["id"]: (2, 0), none["id"]: (0, 0)}
    for who in ("teacher", "director"):
        js = get_ok(c, "/api/v1/courses/%d/assignments?limit=1000" % cid, who)
        for x in js["items"]:
            roll = get_ok(c, "/api/v1/assignments/%d/handins" % x["id"],
                          "teacher")
            assert x["counts"] == {
                "handed_in": roll["handed_in"],
                "not_handed_in": roll["not_handed_in"],
                "late": sum(1 for p in roll["pupils"] if p["late"]),
            }, "%s: %s vs %s" % (who, show(x["counts"]), show(roll))
            if x["id"] in want:
                n, nlate = want[x["id"]]
                assert (x["counts"]["handed_in"], x["counts"]["late"]) == \
                    (n, nlate), show(x)
    for who in ("pupil", "parent"):
        js = get_ok(c, "/api/v1/courses/%d/assignments" % cid, who)
        assert js["items"] and all("counts" not in x for x in js["items"]), \
            "%s sees counts" % who
    cost = {}
    for n in (1, 3):
        resp = c.req("GET", "/api/v1/courses/%d/assignments?limit=%d" %
                     (cid, n), token=c.user("teacher"))
        assert resp[0] == 200 and len(resp[2]["items"]) == n, show(resp[2])
        cost[n] = db_queries(c, resp)
    assert cost[1] == cost[3], "queries for 1 and 3 items: %s" % cost
