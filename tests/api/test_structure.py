# test_structure.py: regions, districts, schools, classes, people,
# subjects, courses, school years: shapes, writes, validation, paging and
# Kazakh text that must come back byte for byte.
import re
import unicodedata
import urllib.parse

from apilib import assert_error, assert_keys, find_role, get_ok, items, \
    show, world

KAZ_CAPS = "\u04d8\u0492\u049a\u04a2\u04e8\u04b0\u04ae\u04ba\u0406"
KAZ_SMALL = "\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u0456"
TEST_YEAR = 2031
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

SCHOOL_KEYS = ("id", "region_id", "district_id", "name", "kind", "urban",
               "language", "broadband", "timezone", "capacity")
CLASS_KEYS = ("id", "school_id", "year", "grade", "letter", "class_name",
              "language", "shift", "class_teacher", "pupil_count")


def post(ctx, path, body, who):
    tok = ctx.user(who) if isinstance(who, str) else who
    return ctx.req("POST", path, body=body, token=tok)


def patch(ctx, path, body, who):
    tok = ctx.user(who) if isinstance(who, str) else who
    return ctx.req("PATCH", path, body=body, token=tok)


def created(resp, what):
    st, _, js = resp
    assert st == 201, "%s: %d %s" % (what, st, show(js))
    assert isinstance(js, dict) and isinstance(js.get("id"), int), \
        "%s: no id in %s" % (what, show(js))
    return js


def check_page(js, key):
    assert_keys(js, ("items", "next"), what=key + " list")
    assert isinstance(js["items"], list)
    assert js["next"] is None or isinstance(js["next"], str), \
        "next is %r" % js["next"]
    return js["items"]


# ----- regions, districts, schools: reading -----

def test_regions(ctx):
    w = world(ctx)
    js = get_ok(ctx, "/api/v1/regions", "admin")
    regs = check_page(js, "regions")
    assert any(r["id"] == w.region_id for r in regs), \
        "the demo region %d is not listed: %s" % (w.region_id, show(regs))
    for r in regs:
        assert_keys(r, ("id", "name"), what="region")
    one = get_ok(ctx, "/api/v1/regions/%d" % w.region_id, "admin")
    assert_keys(one, ("id", "name"), what="region")
    assert one["id"] == w.region_id and one["name"].strip()


def test_districts(ctx):
    w = world(ctx)
    js = get_ok(ctx, "/api/v1/districts?region_id=%d" % w.region_id,
                "admin")
    ds = check_page(js, "districts")
    assert 3 <= len(ds) <= 10, "the demo region has %d districts" % len(ds)
    for d in ds:
        assert_keys(d, ("id", "region_id", "name", "kind"), what="district")
        assert d["region_id"] == w.region_id
        assert d["kind"] in ("district", "city"), d["kind"]
    assert w.district_id in [d["id"] for d in ds], \
        "the district official's district is not in the region"
    one = get_ok(ctx, "/api/v1/districts/%d" % w.district_id, "district")
    assert one == [d for d in ds if d["id"] == w.district_id][0], \
        "district alone %s differs from the list's %s" % (show(one), show(
            [d for d in ds if d["id"] == w.district_id]))


def test_schools(ctx):
    w = world(ctx)
    js = get_ok(ctx, "/api/v1/schools?district_id=%d" % w.district_id,
                "admin")
    ss = check_page(js, "schools")
    assert ss, "the district has no schools"
    for s in ss:
        assert_keys(s, SCHOOL_KEYS, what="school")
        assert s["district_id"] == w.district_id
        assert s["region_id"] == w.region_id
        assert s["language"] in ("kk", "ru", "mixed")
        assert isinstance(s["urban"], bool) and isinstance(
            s["broadband"], bool)
    one = get_ok(ctx, "/api/v1/schools/%d" % ss[0]["id"], "admin")
    assert one == ss[0], "school %s != list item %s" % (show(one),
                                                       show(ss[0]))
    # the demo: several schools over several districts
    assert len(w.all_schools()) >= 3, "the demo has %d schools" % len(
        w.all_schools())


def test_paging_walks_every_item_once(ctx):
    w = world(ctx)
    full = [s["id"] for d, s in
            [(d, s) for d in w.districts() for s in w.schools(d["id"])]]
    seen = []
    path = "/api/v1/schools?limit=2"
    for _ in range(1000):
        js = get_ok(ctx, path, "admin")
        page = check_page(js, "schools")
        assert len(page) <= 2, "limit=2 gave %d" % len(page)
        seen += [s["id"] for s in page]
        if js["next"] is None:
            break
        assert page, "an empty page with a next cursor"
        path = "/api/v1/schools?limit=2&next=" + js["next"]
    assert len(seen) == len(set(seen)), "an item twice: %s" % seen
    assert set(full) <= set(seen), "paging missed schools: %s not in %s" % (
        sorted(set(full) - set(seen)), seen)


def test_paging_bad_arguments(ctx):
    for q in ("limit=0", "limit=1001", "limit=-5", "limit=abc",
              "limit=1.5", "next=abc", "next=-1", "next=0x10"):
        r = ctx.req("GET", "/api/v1/schools?" + q, token=ctx.user("admin"))
        assert_error(r, 400, "bad_request", what=q)
    js = get_ok(ctx, "/api/v1/schools?limit=1000", "admin")
    check_page(js, "schools")


def test_district_id_filter_must_be_an_id(ctx):
    for q in ("district_id=abc", "district_id=-1", "district_id=0",
              "district_id=99999999999999999999"):
        r = ctx.req("GET", "/api/v1/schools?" + q, token=ctx.user("admin"))
        assert_error(r, 400, "bad_request", field="district_id", what=q)


# ----- schools: writing -----

def test_school_create_and_patch(ctx):
    w = world(ctx)
    name = "\u2116 7 \u00ab\u049a\u043e\u04a3\u044b\u0440\u0430\u0443\u00bb" \
        " \u043c\u0435\u043a\u0442\u0435\u0431\u0456 " + KAZ_SMALL + KAZ_CAPS
    js = created(post(ctx, "/api/v1/schools",
                      {"name": name, "district_id": w.district_id,
                       "kind": "lyceum", "language": "mixed",
                       "urban": False, "capacity": 640}, "district"),
                 "district creates a school")
    assert_keys(js, SCHOOL_KEYS, what="created school")
    assert js["name"] == name, "name came back as %r" % js["name"]
    assert (js["kind"], js["language"], js["urban"], js["capacity"]) == \
        ("lyceum", "mixed", False, 640), show(js)
    assert js["district_id"] == w.district_id
    got = get_ok(ctx, "/api/v1/schools/%d" % js["id"], "district")
    assert got == js, "stored %s, answered %s" % (show(got), show(js))
    # PATCH changes only what it names
    new = "\u0416\u0430\u04a3\u0430 \u0430\u0442\u044b"
    st, _, p = patch(ctx, "/api/v1/schools/%d" % js["id"],
                     {"name": new, "capacity": None}, "district")
    assert st == 200, "patch: %d %s" % (st, show(p))
    assert p["name"] == new and p["capacity"] is None
    assert p["kind"] == "lyceum" and p["language"] == "mixed", show(p)
    assert get_ok(ctx, "/api/v1/schools/%d" % js["id"], "admin") == p
    # the new school is visible to the district and the ministry
    ids = [s["id"] for s in items(get_ok(
        ctx, "/api/v1/schools?district_id=%d&limit=1000" % w.district_id,
        "district"))]
    assert js["id"] in ids, "new school not in the district's list"
    # and not to the other schools' director
    r = ctx.req("GET", "/api/v1/schools/%d" % js["id"],
                token=ctx.user("director"))
    assert_error(r, 404, "not_found", what="director reads a new school")


def test_school_validation(ctx):
    w = world(ctx)
    base = {"name": "Test", "district_id": w.district_id}
    cases = [
        ({"district_id": w.district_id}, "name"),
        ({"name": "X"}, "district_id"),
        (dict(base, name=""), "name"),
        (dict(base, name="   "), "name"),
        (dict(base, name="line\nbreak"), "name"),
        (dict(base, name="x" * 201), "name"),
        (dict(base, name=5), "name"),
        (dict(base, district_id="1"), "district_id"),
        (dict(base, district_id=0), "district_id"),
        (dict(base, kind="castle"), "kind"),
        (dict(base, language="en"), "language"),
        (dict(base, urban="yes"), "urban"),
        (dict(base, capacity=0), "capacity"),
        (dict(base, capacity=10 ** 9), "capacity"),
        (dict(base, capacity=1.5), "capacity"),
        (dict(base, timezone="../../etc/passwd"), "timezone"),
        (dict(base, timezone=""), "timezone"),
        (dict(base, motto="x"), "motto"),
    ]
    for body, field in cases:
        r = post(ctx, "/api/v1/schools", body, "district")
        assert_error(r, 422, "invalid", field=field, what=show(body, 80))
    # a NUL inside a string: refused by the JSON reader (400) or the field
    # check (422), never stored
    r = post(ctx, "/api/v1/schools", dict(base, name="a\u0000b"),
             "district")
    assert_error(r, (400, 422), what="NUL in name")


def test_school_create_outside_scope(ctx):
    w = world(ctx)
    other = [d["id"] for d in w.districts() if d["id"] != w.district_id][0]
    r = post(ctx, "/api/v1/schools", {"name": "Elsewhere",
                                      "district_id": other}, "district")
    assert_error(r, (403, 404), what="district creates in another district")
    r = post(ctx, "/api/v1/schools", {"name": "Nowhere",
                                      "district_id": 987654321}, "admin")
    assert_error(r, (404, 422), what="unknown district")
    for who in ("director", "teacher", "pupil", "parent"):
        r = post(ctx, "/api/v1/schools", {"name": "Mine",
                                          "district_id": w.district_id}, who)
        assert_error(r, (403, 404), what=who + " creates a school")


def test_failed_patch_leaves_no_transaction_open(ctx):
    # a 422 after BEGIN must roll back, or the next write would fail
    s = world(ctx).director_school
    before = get_ok(ctx, "/api/v1/schools/%d" % s, "director")
    for _ in range(3):
        r = patch(ctx, "/api/v1/schools/%d" % s, {"kind": "castle"},
                  "director")
        assert_error(r, 422, "invalid", field="kind")
    st, _, js = patch(ctx, "/api/v1/schools/%d" % s,
                      {"capacity": 1234}, "director")
    assert st == 200, "a valid PATCH after failed ones: %d %s" % (st,
                                                                  show(js))
    st, _, js = patch(ctx, "/api/v1/schools/%d" % s,
                      {"capacity": before["capacity"]}, "director")
    assert st == 200, "restoring capacity: %d %s" % (st, show(js))


# ----- classes -----

def new_class(ctx, school, who="director", **kw):
    # a year of its own: no clash with the demo's classes
    body = {"grade": 10, "letter": "\u04d8", "language": "kk", "shift": 1,
            "year": TEST_YEAR}
    body.update(kw)
    return post(ctx, "/api/v1/schools/%d/classes" % school, body, who)


def test_class_kazakh_letters_round_trip(ctx):
    school = world(ctx).director_school
    for ch in KAZ_CAPS:
        js = created(new_class(ctx, school, grade=9, letter=ch,
                               language="kk", shift=2),
                     "class 9 %s" % ch)
        assert_keys(js, CLASS_KEYS, what="class")
        assert js["letter"] == ch, "letter %r came back as %r" % (
            ch, js["letter"])
        assert js["class_name"] == "9 " + ch, js["class_name"]
        got = get_ok(ctx, "/api/v1/classes/%d" % js["id"], "director")
        assert got["letter"].encode("utf-8") == ch.encode("utf-8"), \
            "stored letter %r for %r" % (got["letter"], ch)
        assert got == js
    # small letters are written in capitals
    js = created(new_class(ctx, school, grade=8, letter=KAZ_SMALL[3]),
                 "class 8 with a small letter")
    assert js["letter"] == KAZ_CAPS[3], "small %r stored as %r" % (
        KAZ_SMALL[3], js["letter"])


def test_class_shape_and_listing(ctx):
    w = world(ctx)
    cls = get_ok(ctx, "/api/v1/classes/%d" % w.pupil_class, "teacher")
    assert_keys(cls, CLASS_KEYS, what="class")
    assert cls["class_name"] == w.children[0]["class_name"], \
        "class_name %r, /me says %r" % (cls["class_name"],
                                        w.children[0]["class_name"])
    assert cls["pupil_count"] >= 1
    if cls["class_teacher"] is not None:
        assert_keys(cls["class_teacher"], ("id", "full_name"),
                    what="class_teacher")
    listed = items(get_ok(ctx, "/api/v1/schools/%d/classes?limit=1000"
                          % cls["school_id"], "director"))
    assert cls["id"] in [c["id"] for c in listed], "class not listed"
    both = {c["class_id"] for c in w.children}
    assert both <= {c["id"] for c in listed}, \
        "parent's children's classes are not both in the school"


def test_class_teacher_role_matches_class(ctx):
    w = world(ctx)
    ct = w.role("teacher", "class_teacher", "class_id")
    cls = get_ok(ctx, "/api/v1/classes/%d" % ct, "teacher")
    assert cls["class_teacher"] and cls["class_teacher"]["id"] == \
        w.me("teacher")["id"], "class %d's class_teacher %s" % (
            ct, show(cls["class_teacher"]))


def test_class_validation(ctx):
    w = world(ctx)
    school = w.director_school
    pupil_id = w.me("pupil")["id"]
    ok = {"grade": 10, "letter": "\u0416", "language": "ru", "shift": 1,
          "year": TEST_YEAR}
    cases = [
        (dict(ok, grade=12), "grade"), (dict(ok, grade=-1), "grade"),
        (dict(ok, grade="5"), "grade"), (dict(ok, grade=5.5), "grade"),
        (dict(ok, grade=None), "grade"),
        (dict(ok, letter=""), "letter"), (dict(ok, letter="ABC"), "letter"),
        (dict(ok, letter="1"), "letter"), (dict(ok, letter="-"), "letter"),
        (dict(ok, letter=" "), "letter"), (dict(ok, letter="<b>"), "letter"),
        (dict(ok, letter=7), "letter"),
        (dict(ok, language="en"), "language"),
        (dict(ok, language=""), "language"),
        (dict(ok, shift=0), "shift"), (dict(ok, shift=4), "shift"),
        (dict(ok, class_teacher_id=pupil_id), "class_teacher_id"),
        (dict(ok, class_teacher_id=987654321), "class_teacher_id"),
        (dict(ok, class_teacher_id="x"), "class_teacher_id"),
        (dict(ok, colour="red"), "colour"),
        (dict(ok, year=1999), "year"), (dict(ok, year="2031"), "year"),
    ]
    for body, field in cases:
        r = post(ctx, "/api/v1/schools/%d/classes" % school, body,
                 "director")
        assert_error(r, 422, "invalid", field=field, what=show(body, 100))
    r = post(ctx, "/api/v1/schools/%d/classes" % school,
             {"letter": "\u0416", "year": TEST_YEAR}, "director")
    assert_error(r, 422, "invalid", field="grade", what="no grade")


def test_class_duplicate_is_409(ctx):
    school = world(ctx).director_school
    body = {"grade": 11, "letter": "\u04ae\u04a2", "language": "kk",
            "shift": 1, "year": TEST_YEAR}
    created(post(ctx, "/api/v1/schools/%d/classes" % school, body,
                 "director"), "11 ҮҢ")
    r = post(ctx, "/api/v1/schools/%d/classes" % school, body, "director")
    assert_error(r, 409, "conflict", what="the same class twice")
    # small letters are the same class
    r = post(ctx, "/api/v1/schools/%d/classes" % school,
             dict(body, letter="\u04af\u04a3"), "director")
    assert_error(r, 409, "conflict", what="the same class in small letters")


def test_class_patch(ctx):
    w = world(ctx)
    school = w.director_school
    teacher_id = w.me("teacher")["id"]
    js = created(new_class(ctx, school, grade=7, letter="\u04e8",
                           language="ru", shift=1), "class 7 Ө")
    st, _, p = patch(ctx, "/api/v1/classes/%d" % js["id"],
                     {"shift": 2, "class_teacher_id": teacher_id},
                     "director")
    assert st == 200, "patch class: %d %s" % (st, show(p))
    assert p["shift"] == 2 and p["class_teacher"]["id"] == teacher_id
    assert p["grade"] == 7 and p["letter"] == "\u04e8" and \
        p["language"] == "ru", "PATCH changed other fields: %s" % show(p)
    st, _, p = patch(ctx, "/api/v1/classes/%d" % js["id"],
                     {"class_teacher_id": None}, "director")
    assert st == 200 and p["class_teacher"] is None, show(p)
    r = patch(ctx, "/api/v1/classes/%d" % js["id"], {"shift": 9},
              "director")
    assert_error(r, 422, "invalid", field="shift")
    # renaming onto an existing class is a conflict
    js2 = created(new_class(ctx, school, grade=7, letter="\u04ba"),
                  "class 7 Һ")
    r = patch(ctx, "/api/v1/classes/%d" % js2["id"], {"letter": "\u04e8"},
              "director")
    assert_error(r, 409, "conflict", what="rename onto 7 Ө")
    assert get_ok(ctx, "/api/v1/classes/%d" % js2["id"],
                  "director")["letter"] == "\u04ba"


def test_class_teacher_grant_follows_at_once(ctx):
    """Callers' grants are kept in memory between requests while the auth
    revision holds (src/auth/grants_cache.c): a class given to a teacher
    and taken away again shows in the very next request."""
    w = world(ctx)
    teacher_id = w.me("teacher")["id"]
    js = created(new_class(ctx, w.director_school, grade=8,
                           letter="\u04ae"), "class 8 \u04ae")

    def led():
        me = get_ok(ctx, "/api/v1/me", "teacher")
        return {r.get("class_id") for r in find_role(me, "class_teacher")}

    for _ in range(3):              # read once, then kept
        assert js["id"] not in led()
    st, _, p = patch(ctx, "/api/v1/classes/%d" % js["id"],
                     {"class_teacher_id": teacher_id}, "director")
    assert st == 200, "patch class: %d %s" % (st, show(p))
    assert js["id"] in led(), "the class given is not in the next /me"
    assert js["id"] in led()
    st, _, p = patch(ctx, "/api/v1/classes/%d" % js["id"],
                     {"class_teacher_id": None}, "director")
    assert st == 200, "patch class: %d %s" % (st, show(p))
    assert js["id"] not in led(), "the class taken away is still in /me"


def test_class_pupils(ctx):
    w = world(ctx)
    js = get_ok(ctx, "/api/v1/classes/%d/pupils" % w.pupil_class, "teacher")
    ps = check_page(js, "pupils")
    for p in ps:
        assert_keys(p, ("id", "full_name"), ("birth_date",), what="pupil")
    assert w.children[0]["id"] in [p["id"] for p in ps], \
        "the pupil is not in their class's list"
    # pupils and parents see the class but not its list of pupils
    for who in ("pupil", "parent"):
        r = ctx.req("GET", "/api/v1/classes/%d/pupils" % w.pupil_class,
                    token=ctx.user(who))
        assert_error(r, 403, "forbidden", what=who + " lists the class")
    get_ok(ctx, "/api/v1/classes/%d" % w.pupil_class, "pupil")


def test_students(ctx):
    w = world(ctx)
    child = w.children[0]
    for who in ("pupil", "parent", "teacher", "director", "district",
                "region", "admin"):
        js = get_ok(ctx, "/api/v1/students/%d" % child["id"], who)
        assert js["id"] == child["id"]
        assert js["class_id"] == child["class_id"]
        assert js.get("class_name") == child["class_name"]
        assert js["full_name"] == child["full_name"]
    # a teacher is not a student
    r = ctx.req("GET", "/api/v1/students/%d" % w.me("teacher")["id"],
                token=ctx.user("admin"))
    assert_error(r, 404, "not_found", what="a teacher as a student")


# ----- people -----

def test_people_of_a_school(ctx):
    w = world(ctx)
    school = w.director_school
    js = get_ok(ctx, "/api/v1/schools/%d/people?role=teacher&limit=1000"
                % school, "director")
    ppl = check_page(js, "people")
    tid = w.me("teacher")["id"]
    assert tid in [p["id"] for p in ppl], "teacher not among teachers"
    for p in ppl:
        assert_keys(p, ("id", "full_name", "roles"), ("login", "iin"),
                    what="person")
        assert any(r["role"] == "teacher" for r in p["roles"]), show(p)
    r = ctx.req("GET", "/api/v1/schools/%d/people?role=janitor" % school,
                token=ctx.user("director"))
    assert_error(r, 400, "bad_request", field="role")
    for who in ("pupil", "parent"):
        r = ctx.req("GET", "/api/v1/schools/%d/people" % school,
                    token=ctx.user(who))
        assert_error(r, 403, "forbidden", what=who + " lists people")


def test_person_kazakh_name_round_trip(ctx):
    w = world(ctx)
    school = w.director_school
    name = "\u04d8\u043b\u0438\u044f \u0492\u0430\u0431\u0438\u0442" \
        "\u049b\u044b\u0437\u044b \u049a\u043e\u04a3\u044b\u0440" \
        "\u0431\u0430\u0439 " + KAZ_SMALL + " " + KAZ_CAPS + \
        " \u0419\u0451\u0436 \u0438\u0306"          # NFD й must stay NFD
    assert unicodedata.normalize("NFC", name) != name
    js = created(post(ctx, "/api/v1/schools/%d/people" % school,
                      {"full_name": name, "role": "teacher"}, "director"),
                 "director adds a teacher")
    assert js["full_name"] == name, "name came back as %r" % js["full_name"]
    pid = js["id"]
    st, hd, raw = ctx.req("GET", "/api/v1/people/%d" % pid,
                          token=ctx.user("director"))
    assert st == 200, "GET person: %d %s" % (st, show(raw))
    assert raw["full_name"].encode("utf-8") == name.encode("utf-8"), \
        "stored %r, sent %r" % (raw["full_name"], name)
    # found by a lower-case part of the name, Kazakh letters included
    q = urllib.parse.quote("\u049b\u043e\u04a3\u044b\u0440")  # қоңыр
    js = get_ok(ctx, "/api/v1/schools/%d/people?q=%s&limit=1000" % (
        school, q), "director")
    assert pid in [p["id"] for p in items(js)], \
        "q=қоңыр does not find %r" % name


def test_person_validation(ctx):
    school = world(ctx).director_school
    ok = {"full_name": "Test Person", "role": "teacher"}
    cases = [
        ({"role": "teacher"}, "full_name"),
        ({"full_name": "X"}, "role"),
        (dict(ok, role="janitor"), "role"),
        (dict(ok, full_name=""), "full_name"),
        (dict(ok, full_name="\t"), "full_name"),
        (dict(ok, full_name="a\u0001b"), "full_name"),
        (dict(ok, full_name="x" * 201), "full_name"),
        (dict(ok, login="a b"), "login"),
        (dict(ok, login="\u04d9\u04d9\u04d9"), "login"),
        (dict(ok, login="ab"), "login"),
        (dict(ok, password="short"), "password"),
        (dict(ok, iin="123"), "iin"),
        (dict(ok, iin="123456789012"), "iin"),
        (dict(ok, birth_date="2010-02-30"), "birth_date"),
        (dict(ok, birth_date="2999-01-01"), "birth_date"),
        (dict(ok, lang="de"), "lang"),
        (dict(ok, role="pupil"), "class_id"),
        (dict(ok, class_id=1), "class_id"),
        (dict(ok, role="parent"), "children"),
        (dict(ok, children=[1]), "children"),
        (dict(ok, shoe_size=44), "shoe_size"),
    ]
    for body, field in cases:
        r = post(ctx, "/api/v1/schools/%d/people" % school, body, "director")
        assert_error(r, 422, "invalid", field=field, what=show(body, 100))
    r = post(ctx, "/api/v1/schools/%d/people" % school,
             dict(ok, login="teacher"), "director")
    assert_error(r, 409, "conflict", field="login", what="a taken login")


# ----- subjects, courses, school years -----

def test_subjects(ctx):
    js = get_ok(ctx, "/api/v1/subjects?limit=1000", "teacher")
    subs = check_page(js, "subjects")
    assert len(subs) >= 10, "only %d subjects" % len(subs)
    for s in subs:
        assert_keys(s, ("id", "code", "name_kk", "name_ru", "name_en"),
                    what="subject")
    codes = [s["code"] for s in subs]
    assert len(codes) == len(set(codes)), "subject codes repeat"


def test_courses_of_the_pupils_class(ctx):
    w = world(ctx)
    js = get_ok(ctx, "/api/v1/classes/%d/courses?limit=1000" % w.pupil_class,
                "teacher")
    cs = check_page(js, "courses")
    assert cs, "the pupil's class has no courses"
    for c in cs:
        assert_keys(c, ("id", "class_id", "class_name", "school_id",
                        "subject", "teacher", "subgroup", "hours_per_week"),
                    what="course")
        assert c["class_id"] == w.pupil_class
    tid = w.me("teacher")["id"]
    assert any(c["teacher"] and c["teacher"]["id"] == tid for c in cs), \
        "teacher teaches nothing in the pupil's class (API.md demo rule)"
    # the pupil and the parent see their class's courses
    get_ok(ctx, "/api/v1/classes/%d/courses" % w.pupil_class, "pupil")
    get_ok(ctx, "/api/v1/classes/%d/courses" % w.pupil_class, "parent")


def test_course_create(ctx):
    w = world(ctx)
    school = w.director_school
    tid = w.me("teacher")["id"]
    cls = created(new_class(ctx, school, grade=6, letter="\u0406"),
                  "class 6 І")
    subs = items(get_ok(ctx, "/api/v1/subjects?limit=1000", "director"))
    sub = subs[0]["id"]
    path = "/api/v1/classes/%d/courses" % cls["id"]
    c = created(post(ctx, path, {"subject_id": sub, "teacher_id": tid,
                                 "hours_per_week": 3}, "director"),
                "course")
    assert c["subject"]["id"] == sub and c["teacher"]["id"] == tid and \
        c["hours_per_week"] == 3, show(c)
    r = post(ctx, path, {"subject_id": sub, "teacher_id": tid}, "director")
    assert_error(r, 409, "conflict", what="the same course twice")
    cases = [({"teacher_id": tid}, "subject_id"),
             ({"subject_id": 987654321, "teacher_id": tid}, "subject_id"),
             ({"subject_id": subs[1]["id"],
               "teacher_id": w.me("pupil")["id"]}, "teacher_id"),
             ({"subject_id": subs[1]["id"], "teacher_id": tid,
               "hours_per_week": 11}, "hours_per_week"),
             ({"subject_id": subs[1]["id"], "teacher_id": tid,
               "room": 5}, "room")]
    for body, field in cases:
        assert_error(post(ctx, path, body, "director"), 422, "invalid",
                     field=field, what=show(body))
    for who in ("teacher", "pupil", "parent"):
        r = post(ctx, path, {"subject_id": subs[2]["id"],
                             "teacher_id": tid}, who)
        assert_error(r, (403, 404), what=who + " adds a course")


def test_school_years(ctx):
    js = get_ok(ctx, "/api/v1/school-years?year=2026", "teacher")
    assert js.get("year") == 2026, show(js)
    assert DATE.match(js["starts"]) and DATE.match(js["ends"]), show(js)
    assert js["starts"] <= "2026-09-01" and js["starts"] >= "2026-08-01", \
        "year starts %s" % js["starts"]
    assert "2027-05-01" <= js["ends"] <= "2027-07-31", "ends %s" % js["ends"]
    qs = js["quarters"]
    assert [q["n"] for q in qs] == [1, 2, 3, 4], show(qs)
    for a, b in zip(qs, qs[1:]):
        assert a["starts"] <= a["ends"] < b["starts"] <= b["ends"], \
            "quarters overlap or are out of order: %s" % show(qs)
    assert js["starts"] <= qs[0]["starts"] and qs[3]["ends"] <= js["ends"]
    # the demo's today (2026-11-24) is inside the second quarter
    assert qs[1]["starts"] <= "2026-11-24" <= qs[1]["ends"], show(qs)
    for h in js.get("holidays", []):
        assert DATE.match(h["starts"]) and h["starts"] <= h["ends"]
    for q in ("year=1999", "year=abc", "year=2101"):
        r = ctx.req("GET", "/api/v1/school-years?" + q,
                    token=ctx.user("teacher"))
        assert_error(r, 400, "bad_request", field="year", what=q)
