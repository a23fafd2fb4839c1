# test_scope.py: nobody sees or changes what lies outside their scope.
# Outside scope answers exactly like "does not exist" (404); visible but
# not allowed answers 403. Each test also checks the positive case, so a
# server that answers 404 to everything does not pass.
from apilib import assert_error, get_ok, items, show, strip_digits, world

MISSING = 987654321


def expect_404(ctx, method, path, who, body=None, what=""):
    tok = ctx.user(who) if isinstance(who, str) else who
    r = ctx.req(method, path, body=body, token=tok)
    return assert_error(r, 404, "not_found", what="%s %s as %s %s" % (
        method, path, getattr(tok, "login", who), what))


def same_as_missing(ctx, path_tmpl, hidden_id, who):
    """The 404 for a hidden object is the one for a missing object."""
    a = expect_404(ctx, "GET", path_tmpl % hidden_id, who)
    b = expect_404(ctx, "GET", path_tmpl % MISSING, who)
    assert a["code"] == b["code"] and \
        strip_digits(a["message"]) == strip_digits(b["message"]) and \
        a.get("field") == b.get("field"), \
        "%s: hidden and missing answer differently: %s vs %s" % (
            path_tmpl, show(a), show(b))


def test_parent_sees_own_children(ctx):
    for c in world(ctx).children:
        js = get_ok(ctx, "/api/v1/students/%d" % c["id"], "parent")
        assert js.get("id", c["id"]) == c["id"], show(js)


def test_parent_cannot_see_other_pupils(ctx):
    w = world(ctx)
    mine = {c["id"] for c in w.children}
    others = [p["id"] for p in w.pupils(w.pupil_class)
              if p["id"] not in mine]
    assert others, "the pupil's class has no other pupils"
    for sid in others[:3]:
        expect_404(ctx, "GET", "/api/v1/students/%d" % sid, "parent")
        expect_404(ctx, "GET", "/api/v1/students/%d/diary?week=2026-W48"
                   % sid, "parent")
        expect_404(ctx, "GET", "/api/v1/students/%d/report-card?year=2026"
                   % sid, "parent")
    same_as_missing(ctx, "/api/v1/students/%d", others[0], "parent")


def test_pupil_cannot_see_classmates_or_sibling(ctx):
    w = world(ctx)
    me = w.me("pupil")["id"]
    get_ok(ctx, "/api/v1/students/%d" % me, "pupil")
    sibling = w.children[1]["id"]
    expect_404(ctx, "GET", "/api/v1/students/%d" % sibling, "pupil",
               what="(the sibling)")
    for p in w.pupils(w.pupil_class)[:3]:
        if p["id"] != me:
            expect_404(ctx, "GET", "/api/v1/students/%d" % p["id"],
                       "pupil", what="(a classmate)")


def test_teacher_cannot_see_another_school(ctx):
    w = world(ctx)
    own = w.teacher_school
    get_ok(ctx, "/api/v1/schools/%d" % own, "teacher")
    get_ok(ctx, "/api/v1/classes/%d" % w.pupil_class, "teacher")
    other_class = w.class_of_other_school(own)
    expect_404(ctx, "GET", "/api/v1/classes/%d" % other_class, "teacher")
    expect_404(ctx, "GET", "/api/v1/classes/%d/pupils" % other_class,
               "teacher")
    other = w.other_school(own)
    expect_404(ctx, "GET", "/api/v1/schools/%d" % other, "teacher")
    expect_404(ctx, "GET", "/api/v1/schools/%d/classes" % other, "teacher")
    same_as_missing(ctx, "/api/v1/classes/%d", other_class, "teacher")
    same_as_missing(ctx, "/api/v1/schools/%d", other, "teacher")


def test_director_cannot_see_or_change_another_school(ctx):
    w = world(ctx)
    own = w.director_school
    get_ok(ctx, "/api/v1/schools/%d" % own, "director")
    other = w.other_school(own)
    expect_404(ctx, "GET", "/api/v1/schools/%d" % other, "director")
    expect_404(ctx, "PATCH", "/api/v1/schools/%d" % other, "director",
               body={"name": "Taken over"})
    expect_404(ctx, "POST", "/api/v1/schools/%d/classes" % other,
               "director", body={"grade": 5, "letter": "Ж",
                                 "language": "kk", "shift": 1})
    other_class = w.class_of_other_school(own)
    expect_404(ctx, "PATCH", "/api/v1/classes/%d" % other_class,
               "director", body={"shift": 2})
    # nothing changed
    js = get_ok(ctx, "/api/v1/schools/%d" % other, "admin")
    assert js.get("name") != "Taken over", "school renamed: %s" % show(js)


def test_district_cannot_see_another_district(ctx):
    w = world(ctx)
    own = w.district_id
    get_ok(ctx, "/api/v1/districts/%d" % own, "district")
    get_ok(ctx, "/api/v1/schools/%d" % w.school_in_district(own),
           "district")
    others = [d["id"] for d in w.districts() if d["id"] != own]
    assert others, "the demo region has one district only"
    expect_404(ctx, "GET", "/api/v1/districts/%d" % others[0], "district")
    school = w.school_outside_district(own)
    expect_404(ctx, "GET", "/api/v1/schools/%d" % school, "district")
    expect_404(ctx, "PATCH", "/api/v1/schools/%d" % school, "district",
               body={"name": "Annexed"})
    same_as_missing(ctx, "/api/v1/schools/%d", school, "district")
    # a list filtered to another district shows nothing of it
    st, js = ctx.get("/api/v1/schools?district_id=%d" % others[0],
                     "district")
    assert st == 404 or (st == 200 and items(js, "schools") == []), \
        "district lists another district's schools: %d %s" % (st, show(js))


def test_district_sees_only_own_schools_in_lists(ctx):
    w = world(ctx)
    st, js = ctx.get("/api/v1/schools?district_id=%d" % w.district_id,
                     "district")
    assert st == 200, "own district's schools: %d %s" % (st, show(js))
    mine = {s["id"] for s in items(js, "schools")}
    want = {s["id"] for s in w.schools(w.district_id)}
    assert mine == want, "district sees %s, the district has %s" % (
        sorted(mine), sorted(want))


def test_region_sees_its_districts(ctx):
    w = world(ctx)
    get_ok(ctx, "/api/v1/regions/%d" % w.region_id, "region")
    js = get_ok(ctx, "/api/v1/districts?region_id=%d" % w.region_id,
                "region")
    assert len(items(js, "districts")) >= 2, "region sees %s" % show(js)
    expect_404(ctx, "GET", "/api/v1/regions/%d" % MISSING, "region")


def test_pupil_cannot_change_anything(ctx):
    w = world(ctx)
    me = w.me("pupil")
    school = w.role("pupil", "pupil", "school_id")
    cls = w.pupil_class
    before = get_ok(ctx, "/api/v1/classes/%d" % cls, "admin")
    writes = [
        ("PATCH", "/api/v1/classes/%d" % cls, {"shift": 3}),
        ("PATCH", "/api/v1/schools/%d" % school, {"name": "Pupil School"}),
        ("POST", "/api/v1/schools/%d/classes" % school,
         {"grade": 9, "letter": "Ю", "language": "kk", "shift": 1}),
        ("POST", "/api/v1/classes/%d/courses" % cls, {"subject_id": 1}),
        ("POST", "/api/v1/schools", {"name": "Mine", "district_id":
                                     w.role("pupil", "pupil",
                                            "district_id")}),
        ("POST", "/api/v1/schools/%d/people" % school,
         {"full_name": "Fake Teacher", "role": "teacher"}),
        ("PATCH", "/api/v1/people/%d" % w.me("teacher")["id"],
         {"full_name": "Renamed"}),
        ("PATCH", "/api/v1/people/%d" % me["id"], {"full_name": "Me"}),
    ]
    for method, path, body in writes:
        r = ctx.req(method, path, body=body, token=ctx.user("pupil"))
        assert_error(r, (403, 404), what="pupil %s %s" % (method, path))
    # the school's import is no place for a pupil either
    r = ctx.req("POST", "/api/v1/schools/%d/import" % school,
                raw=b"kind,full_name\n", token=ctx.user("pupil"),
                headers={"Content-Type": "text/csv"})
    assert_error(r, (403, 404), what="pupil import")
    after = get_ok(ctx, "/api/v1/classes/%d" % cls, "admin")
    assert before == after, "the class changed: %s -> %s" % (show(before),
                                                             show(after))
    assert me == get_ok(ctx, "/api/v1/me", "pupil")
    assert get_ok(ctx, "/api/v1/me", "teacher") == w.me("teacher")


def test_visible_but_not_allowed_is_403(ctx):
    w = world(ctx)
    cls = w.pupil_class
    school = w.teacher_school
    for who in ("pupil", "teacher"):
        r = ctx.req("PATCH", "/api/v1/classes/%d" % cls, body={"shift": 2},
                    token=ctx.user(who))
        assert_error(r, 403, "forbidden", what="%s PATCH own class" % who)
    # whether a parent sees the child's class object is the server's call
    r = ctx.req("PATCH", "/api/v1/classes/%d" % cls, body={"shift": 2},
                token=ctx.user("parent"))
    assert_error(r, (403, 404), what="parent PATCH child's class")
    r = ctx.req("PATCH", "/api/v1/schools/%d" % school,
                body={"name": "Teacher's"}, token=ctx.user("teacher"))
    assert_error(r, 403, "forbidden", what="teacher PATCH own school")


def test_parent_cannot_see_the_other_school(ctx):
    w = world(ctx)
    school = w.role("pupil", "pupil", "school_id")
    other = w.other_school(school)
    expect_404(ctx, "GET", "/api/v1/schools/%d" % other, "parent")
    expect_404(ctx, "GET", "/api/v1/schools/%d/people" % other, "parent")
