# apilib.py: assertions shared by the API tests (not a test file itself).

ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden",
    404: "not_found", 405: "method_not_allowed", 409: "conflict",
    413: "too_large", 422: "invalid", 429: "too_many_requests",
    503: "unavailable",
}

# the day the runner's demo database and servers take as today (--today)
DEMO_TODAY = "2026-11-24"

DEMO_LOGINS = ("admin", "region", "district", "director", "teacher",
               "parent", "pupil")


def show(v, n=300):
    s = repr(v)
    return s if len(s) <= n else s[:n] + "..."


def assert_keys(obj, required, optional=(), what="object"):
    """obj is a dict holding every key of required, others only from
    optional."""
    assert isinstance(obj, dict), "%s is not an object: %s" % (what,
                                                              show(obj))
    keys = set(obj)
    missing = set(required) - keys
    extra = keys - set(required) - set(optional)
    assert not missing, "%s lacks %s: %s" % (what, sorted(missing),
                                            show(obj))
    assert not extra, "%s has unexpected keys %s: %s" % (what, sorted(extra),
                                                        show(obj))


def assert_error(resp, status, code=None, field=None, what=""):
    """resp = (status, headers, value) is the error answer status, with
    the contract's body {"error":{"code","message","field"?}}; code
    defaults to the one that goes with status. status may be a tuple of
    allowed statuses."""
    st, hd, js = resp
    allowed = status if isinstance(status, tuple) else (status,)
    pre = (what + ": ") if what else ""
    assert st in allowed, "%sexpected status %s, got %d %s" % (
        pre, "/".join(map(str, allowed)), st, show(js))
    assert isinstance(js, dict), "%serror body is not JSON: %s" % (
        pre, show(js))
    assert_keys(js, ("error",), what=pre + "error body")
    e = js["error"]
    assert_keys(e, ("code", "message"), ("field", "details"),
                what=pre + "error")
    want = code or ERROR_CODES.get(st)
    assert e["code"] == want, "%serror code %r, expected %r (%s)" % (
        pre, e["code"], want, show(js))
    assert isinstance(e["message"], str) and e["message"], \
        "%sempty error message: %s" % (pre, show(js))
    if "field" in e:
        assert isinstance(e["field"], str), "%sfield not a string" % pre
    if field is not None:
        assert e.get("field") == field, "%sfield %r, expected %r (%s)" % (
            pre, e.get("field"), field, show(js))
    ctype = (hd.get("Content-Type") or "").lower()
    assert ctype.startswith("application/json"), \
        "%serror Content-Type %r" % (pre, ctype)
    return e


def assert_not_5xx(resp, what=""):
    st, _, js = resp
    assert st < 500, "%s: server error %d %s" % (what, st, show(js))


def assert_security_headers(hd, what=""):
    pre = (what + ": ") if what else ""
    csp = hd.get("Content-Security-Policy")
    assert csp, "%sno Content-Security-Policy" % pre
    assert "frame-ancestors 'none'" in csp, \
        "%sCSP lacks frame-ancestors 'none': %r" % (pre, csp)
    assert "unsafe-inline" not in csp, "%sCSP allows unsafe-inline" % pre
    xcto = hd.get("X-Content-Type-Options")
    assert xcto and xcto.strip().lower() == "nosniff", \
        "%sX-Content-Type-Options %r" % (pre, xcto)
    assert hd.get("Referrer-Policy"), "%sno Referrer-Policy" % pre
    assert hd.get("X-Request-Id"), "%sno X-Request-Id" % pre


def find_role(me, role):
    return [r for r in me.get("roles", []) if r.get("role") == role]


def items(js, *keys):
    """The list in a list answer: js itself, or js[key] for the first of
    keys (then "items") that holds a list."""
    if isinstance(js, list):
        return js
    if isinstance(js, dict):
        for k in keys + ("items", "data", "results"):
            if isinstance(js.get(k), list):
                return js[k]
    raise AssertionError("no list %s in %s" % ("/".join(keys) or "items",
                                               show(js)))


def get_ok(ctx, path, who):
    """GET path as who (a demo login or a Session); the value, or the
    test fails saying what came back."""
    st, js = ctx.get(path, who)
    assert st == 200, "GET %s as %s: %d %s" % (path, getattr(
        who, "login", who), st, show(js))
    return js


def group_course(ctx, w, cls, pupil_ids, name):
    """A split subgroup of class cls holding pupil_ids, and a course of the
    demo teacher for that group alone (made by the director): (subgroup,
    course) as the API gives them."""
    director = ctx.user("director")
    st, _, sg = ctx.req("POST", "/api/v1/classes/%d/subgroups" % cls,
                        body={"name": name, "kind": "split"}, token=director)
    assert st == 201, show(sg)
    st, _, js = ctx.req("PUT", "/api/v1/subgroups/%d/members" % sg["id"],
                        body={"pupil_ids": pupil_ids}, token=director)
    assert st == 200, show(js)
    subject = get_ok(ctx, "/api/v1/subjects?limit=1", "teacher")["items"][0]
    st, _, co = ctx.req("POST", "/api/v1/classes/%d/courses" % cls, body={
        "subject_id": subject["id"], "subgroup_id": sg["id"],
        "teacher_id": w.me("teacher")["id"]}, token=director)
    assert st == 201, show(co)
    return sg, co


def strip_digits(s):
    return "".join("#" if ch.isdigit() else ch for ch in s or "")


class World:
    """Ids of the demo's places, found through the API and cached."""

    def __init__(self, ctx):
        self.ctx = ctx
        self._c = {}

    def _memo(self, key, fn):
        if key not in self._c:
            self._c[key] = fn()
        return self._c[key]

    def me(self, who):
        return self._memo(("me", who),
                          lambda: get_ok(self.ctx, "/api/v1/me", who))

    def role(self, who, role, key):
        for r in self.me(who)["roles"]:
            if r["role"] == role and key in r:
                return r[key]
        raise AssertionError("%s has no %s role with %s: %s" % (
            who, role, key, show(self.me(who)["roles"])))

    @property
    def region_id(self):
        return self.role("region", "region", "region_id")

    @property
    def district_id(self):
        return self.role("district", "district", "district_id")

    @property
    def teacher_school(self):
        return self.role("teacher", "teacher", "school_id")

    @property
    def director_school(self):
        return self.role("director", "school_admin", "school_id")

    @property
    def children(self):
        return self.me("parent")["children"]

    @property
    def pupil_class(self):
        return self.children[0]["class_id"]

    def districts(self):
        return self._memo("districts", lambda: items(get_ok(
            self.ctx, "/api/v1/districts?region_id=%d" % self.region_id,
            "admin"), "districts"))

    def schools(self, district_id):
        return self._memo(("schools", district_id), lambda: items(get_ok(
            self.ctx, "/api/v1/schools?district_id=%d" % district_id,
            "admin"), "schools"))

    def all_schools(self):
        out = []
        for d in self.districts():
            for s in self.schools(d["id"]):
                out.append((d["id"], s["id"]))
        return out

    def school_outside_district(self, district_id):
        for d, s in self.all_schools():
            if d != district_id:
                return s
        raise AssertionError("the demo has no school outside district %d"
                             % district_id)

    def school_in_district(self, district_id):
        for d, s in self.all_schools():
            if d == district_id:
                return s
        raise AssertionError("the demo has no school in district %d"
                             % district_id)

    def other_school(self, school_id):
        for _, s in self.all_schools():
            if s != school_id:
                return s
        raise AssertionError("the demo has only one school")

    def classes(self, school_id):
        return self._memo(("classes", school_id), lambda: items(get_ok(
            self.ctx, "/api/v1/schools/%d/classes" % school_id, "admin"),
            "classes"))

    def class_of_other_school(self, school_id):
        for _, s in self.all_schools():
            if s != school_id and self.classes(s):
                return self.classes(s)[0]["id"]
        raise AssertionError("no class in any school but %d" % school_id)

    def pupils(self, class_id):
        return self._memo(("pupils", class_id), lambda: items(get_ok(
            self.ctx, "/api/v1/classes/%d/pupils" % class_id, "admin"),
            "pupils"))


def world(ctx):
    w = getattr(ctx, "_world", None)
    if w is None:
        w = ctx._world = World(ctx)
    return w
