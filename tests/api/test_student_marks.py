# test_student_marks.py: GET /students/{id}/marks?year=&quarter= (the web
# page's marks page): per subject every mark of the quarter, the ФО%,
# СОР%, СОЧ% parts and the result, equal to the course gradebook's; the
# same readers as the diary (everyone else 404); parameters checked.

from apilib import assert_error, assert_keys, get_ok, items, show, world

MISSING = 987654321
RESULT_KEYS = ("fo_pct", "sor_pct", "soch_pct", "total_pct", "mark")


def path(sid, q=""):
    return "/api/v1/students/%d/marks%s" % (sid, q)


def test_marks_shape(ctx):
    w = world(ctx)
    kid = w.children[0]
    js = get_ok(ctx, path(kid["id"]), "parent")
    assert_keys(js, ("student", "year", "quarter", "subjects"))
    assert js["student"]["id"] == kid["id"]
    assert js["student"]["class_name"] == kid["class_name"]
    assert js["quarter"] == 2 and js["year"] == 2026, \
        "demo today 2026-11-24 is in quarter 2 of 2026: %s" % show(js)
    assert js["subjects"], "no subjects"
    marked = 0
    for s in js["subjects"]:
        assert_keys(s, ("subject", "course_id", "periods", "marks", "result"))
        assert s["periods"] in ("quarters", "halves")
        assert_keys(s["result"], RESULT_KEYS)
        for m in s["marks"]:
            assert_keys(m, ("lesson_id", "date", "kind", "value", "max"))
            assert m["kind"] in ("formative", "sor", "soch"), m
            if m["kind"] == "formative":
                assert 1 <= m["value"] <= 10 and m["max"] is None, m
            else:
                assert 0 <= m["value"] <= m["max"], m
            if s["periods"] == "quarters":
                assert "2026-11-01" <= m["date"] <= "2026-12-31", m
        dates = [m["date"] for m in s["marks"]]
        assert dates == sorted(dates), "marks not by date: %s" % dates
        r = s["result"]
        if s["marks"]:
            marked += 1
            assert r["mark"] in (2, 3, 4, 5) and r["total_pct"] is not None
            assert (r["fo_pct"] is not None) == any(
                m["kind"] == "formative" for m in s["marks"]), show(s)
        else:
            assert r == {k: None for k in RESULT_KEYS}, show(s)
    assert marked >= 3, "the demo pupil has marks in %d subjects" % marked
    q1 = get_ok(ctx, path(kid["id"], "?quarter=1"), "parent")
    assert q1["quarter"] == 1 and q1 != js


def test_marks_match_the_gradebook(ctx):
    """The teacher's gradebook and the pupil's page give one result."""
    w = world(ctx)
    kid = w.children[0]
    js = get_ok(ctx, path(kid["id"], "?quarter=2"), "pupil")
    by_course = {s["course_id"]: s for s in js["subjects"]}
    st, cs = ctx.get("/api/v1/classes/%d/courses" % kid["class_id"], "teacher")
    assert st == 200, show(cs)
    checked = 0
    for c in items(cs, "courses"):
        st, gb = ctx.get("/api/v1/courses/%d/gradebook?quarter=2" % c["id"],
                         "teacher")
        if st != 200:
            continue            # another teacher's course
        pupil = [p for p in gb["pupils"] if p["id"] == kid["id"]]
        if not pupil or c["id"] not in by_course:
            continue
        mine = by_course[c["id"]]
        assert pupil[0]["result"] == mine["result"], \
            "course %d: gradebook %s, marks page %s" % (
                c["id"], pupil[0]["result"], mine["result"])
        gb_marks = sorted((m["lesson_id"], m["kind"], m["value"], m["max"])
                          for m in pupil[0]["marks"])
        page = sorted((m["lesson_id"], m["kind"], m["value"], m["max"])
                      for m in mine["marks"])
        if mine["periods"] == "quarters":
            assert gb_marks == page, "course %d marks differ" % c["id"]
        checked += 1
    assert checked >= 1, "no course of the teacher in the pupil's class"


def test_marks_readers_and_hidden(ctx):
    w = world(ctx)
    kid = w.children[0]
    ref = get_ok(ctx, path(kid["id"]), "parent")
    for who in ("pupil", "teacher", "director", "admin"):
        assert get_ok(ctx, path(kid["id"]), who) == ref, who
    sibling = w.children[1]["id"]
    mate = [p["id"] for p in w.pupils(kid["class_id"]) if p["id"] != kid["id"]][0]
    for who, sid in (("pupil", sibling), ("pupil", mate), ("parent", mate)):
        a = assert_error(ctx.req("GET", path(sid), token=ctx.user(who)), 404,
                         what="%s reads %d" % (who, sid))
        b = assert_error(ctx.req("GET", path(MISSING), token=ctx.user(who)),
                         404)
        assert a["message"] == b["message"]
    st, _, _ = ctx.req("GET", path(kid["id"]))
    assert st == 401


def test_marks_parameters(ctx):
    sid = world(ctx).children[0]["id"]
    for q, field in (("?quarter=0", "quarter"), ("?quarter=5", "quarter"),
                     ("?quarter=x", "quarter"), ("?year=1999", "year"),
                     ("?year=20x6", "year")):
        assert_error(ctx.req("GET", path(sid, q), token=ctx.user("parent")),
                     400, "bad_request", field=field, what=q)
    assert_error(ctx.req("GET", "/api/v1/students/abc/marks",
                         token=ctx.user("parent")), 400, field="id")
