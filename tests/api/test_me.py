# test_me.py: GET /api/v1/me for every demo login, exactly API.md's shape.
import re

from apilib import assert_error, assert_keys, find_role, show, DEMO_LOGINS, \
    DEMO_TODAY

ME = "/api/v1/me"
ROLE_NAMES = {"ministry", "region", "district", "school_admin", "teacher",
              "class_teacher", "parent", "pupil"}
ROLE_KEYS = ("school_id", "class_id", "district_id", "region_id")
CLASS_NAME = re.compile(r"^(0|[1-9]|1[01]) \S{1,8}$")


def me(ctx, name):
    st, js = ctx.get(ME, name)
    assert st == 200, "%s GET /me: %d %s" % (name, st, show(js))
    check_shape(js, name)
    return js


def check_shape(js, who):
    assert_keys(js, ("id", "full_name", "today", "roles", "children"),
                what="%s /me" % who)
    # the server's today, not the machine's: run.py serves --today
    assert js["today"] == DEMO_TODAY, "%s today %r" % (who, js["today"])
    assert isinstance(js["id"], int) and js["id"] > 0, "%s id" % who
    assert isinstance(js["full_name"], str) and js["full_name"].strip(), \
        "%s full_name %r" % (who, js["full_name"])
    assert isinstance(js["roles"], list) and js["roles"], \
        "%s has no roles" % who
    for r in js["roles"]:
        assert_keys(r, ("role",), ROLE_KEYS, what="%s role" % who)
        assert r["role"] in ROLE_NAMES, "%s: unknown role %r" % (who,
                                                                  r["role"])
        for k in ROLE_KEYS:
            if k in r:
                assert isinstance(r[k], int) and r[k] > 0, \
                    "%s role %s: %s = %r" % (who, r["role"], k, r[k])
    assert isinstance(js["children"], list), "%s children" % who
    for c in js["children"]:
        assert_keys(c, ("id", "full_name", "class_id", "class_name"),
                    what="%s child" % who)
        assert isinstance(c["id"], int) and c["id"] > 0
        assert isinstance(c["class_id"], int) and c["class_id"] > 0
        assert isinstance(c["full_name"], str) and c["full_name"].strip()
        assert isinstance(c["class_name"], str) and \
            CLASS_NAME.match(c["class_name"]), \
            "class_name %r is not like '5 А'" % c["class_name"]


def roles_of(js):
    return sorted(r["role"] for r in js["roles"])


def test_me_needs_login(ctx):
    assert_error(ctx.req("GET", ME), 401, "unauthorized")


def test_me_admin_is_ministry(ctx):
    js = me(ctx, "admin")
    assert roles_of(js) == ["ministry"], "admin roles %s" % show(js["roles"])
    assert js["children"] == [], "admin children %s" % show(js["children"])
    # the ministry sees the whole country: no scope
    r = js["roles"][0]
    assert not any(k in r for k in ("school_id", "class_id", "district_id")),\
        "ministry role carries a narrower scope: %s" % show(r)


def test_me_region(ctx):
    js = me(ctx, "region")
    assert roles_of(js) == ["region"], "region roles %s" % show(js["roles"])
    r = js["roles"][0]
    assert "region_id" in r, "region role without region_id: %s" % show(r)
    assert "district_id" not in r and "school_id" not in r and \
        "class_id" not in r, "region role too narrow: %s" % show(r)
    assert js["children"] == []


def test_me_district(ctx):
    js = me(ctx, "district")
    assert roles_of(js) == ["district"], "district roles %s" % show(
        js["roles"])
    r = js["roles"][0]
    assert "district_id" in r, "district role without district_id: %s" % \
        show(r)
    assert "school_id" not in r and "class_id" not in r, \
        "district role too narrow: %s" % show(r)
    reg = me(ctx, "region")["roles"][0]
    if "region_id" in r:
        assert r["region_id"] == reg["region_id"], \
            "the demo district is not in the demo region: %s vs %s" % (
                show(r), show(reg))
    assert js["children"] == []


def test_me_director_is_school_admin(ctx):
    js = me(ctx, "director")
    assert roles_of(js) == ["school_admin"], "director roles %s" % show(
        js["roles"])
    r = js["roles"][0]
    assert "school_id" in r, "school_admin without school_id: %s" % show(r)
    assert "class_id" not in r, "school_admin with class_id: %s" % show(r)
    assert js["children"] == []


def test_me_teacher_is_teacher_and_class_teacher(ctx):
    js = me(ctx, "teacher")
    assert roles_of(js) == ["class_teacher", "teacher"], \
        "teacher roles %s" % show(js["roles"])
    t = find_role(js, "teacher")[0]
    ct = find_role(js, "class_teacher")[0]
    assert "school_id" in t, "teacher role without school_id: %s" % show(t)
    assert "class_id" in ct, "class_teacher without class_id: %s" % show(ct)
    if "school_id" in ct:
        assert ct["school_id"] == t["school_id"], \
            "class_teacher's class in another school: %s" % show(js["roles"])
    assert js["children"] == []


def test_me_parent_has_two_children_in_two_classes(ctx):
    js = me(ctx, "parent")
    assert roles_of(js) == ["parent"], "parent roles %s" % show(js["roles"])
    ch = js["children"]
    assert len(ch) == 2, "parent has %d children: %s" % (len(ch), show(ch))
    assert ch[0]["id"] != ch[1]["id"], "the same child twice"
    assert ch[0]["class_id"] != ch[1]["class_id"], \
        "both children in class %d" % ch[0]["class_id"]
    assert ch[0]["class_name"] != ch[1]["class_name"], \
        "two classes with one name %r" % ch[0]["class_name"]
    assert js["id"] not in (ch[0]["id"], ch[1]["id"]), "parent is own child"


def test_me_pupil_is_parents_first_child(ctx):
    pupil = me(ctx, "pupil")
    parent = me(ctx, "parent")
    assert roles_of(pupil) == ["pupil"], "pupil roles %s" % show(
        pupil["roles"])
    first = parent["children"][0] if parent["children"] else None
    assert first is not None, "parent has no children"
    assert pupil["id"] == first["id"], \
        "pupil id %d is not parent's children[0] id %d" % (pupil["id"],
                                                           first["id"])
    assert pupil["full_name"] == first["full_name"], \
        "names differ: %r vs %r" % (pupil["full_name"], first["full_name"])
    r = pupil["roles"][0]
    assert r.get("class_id") == first["class_id"], \
        "pupil role class_id %r, child class_id %r" % (r.get("class_id"),
                                                       first["class_id"])
    assert pupil["children"] == []


def test_me_demo_people_are_distinct(ctx):
    ids = {}
    for name in DEMO_LOGINS:
        ids[name] = me(ctx, name)["id"]
    assert len(set(ids.values())) == len(ids), "shared ids: %s" % ids


def test_me_same_school_for_teacher_director_pupil(ctx):
    # API.md: teacher teaches in the pupil's class; parent's second child
    # is in another class of the same school.
    t = find_role(me(ctx, "teacher"), "teacher")[0]
    p = find_role(me(ctx, "pupil"), "pupil")[0]
    if "school_id" in p:
        assert p["school_id"] == t["school_id"], \
            "teacher (school %s) and pupil (school %s) in different schools" \
            % (t.get("school_id"), p["school_id"])


def test_me_cookie_and_bearer_agree(ctx):
    s = ctx.login("parent")
    st1, _, a = ctx.req("GET", ME, token=s)
    st2, _, b = ctx.req("GET", ME, cookie=s)
    assert st1 == 200 and st2 == 200, "bearer %d, cookie %d" % (st1, st2)
    assert a == b, "bearer and cookie /me differ: %s vs %s" % (show(a),
                                                               show(b))


def test_me_write_methods_are_405(ctx):
    s = ctx.user("pupil")
    for m in ("POST", "PUT", "PATCH", "DELETE"):
        r = ctx.req(m, ME, body={}, token=s)
        assert_error(r, 405, "method_not_allowed", what=m + " /me")
        allow = r[1].get("Allow") or ""
        assert "GET" in allow, "%s /me Allow %r" % (m, allow)
