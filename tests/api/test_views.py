# test_views.py: lessons online (meeting links, BigBlueButton join links,
# materials) and views: one per pupil, lesson and day, counted in memory
# and written by a flush (POST /admin/views/flush, and at SIGTERM); the
# figures read back through GET /reports/usage.
import hashlib
import urllib.parse

from apilib import assert_error, get_ok, show, world

TODAY = "2026-11-24"
BBB_URL = "https://bbb.example.kz/bigbluebutton/api"
BBB_SECRET = "s3cret-for-tests"


def class_lessons(c, date=TODAY):
    """Lessons of date in the pupil's class, from the pupil's diary."""
    js = get_ok(c, "/api/v1/students/%d/diary?week=2026-W48"
                % world(c).children[0]["id"], "parent")
    ls = [l for d in js["days"] if d["date"] == date for l in d["lessons"]]
    assert len(ls) >= 2, "fewer than 2 lessons on %s: %s" % (date, ls)
    return ls


def teacher_lessons(c):
    """Two of the teacher's lessons of the week in the pupil's class."""
    cls = world(c).pupil_class
    ls = get_ok(c, "/api/v1/me/lessons?from=2026-11-23&to=2026-11-27",
                "teacher")["lessons"]
    ls = [l["lesson_id"] for l in ls if l["class_id"] == cls]
    assert len(ls) >= 2, "the teacher has < 2 lessons in the class: %s" % ls
    return ls[:2]


def usage_views(c, date, cls):
    js = get_ok(c, "/api/v1/reports/usage?scope=class:%d&from=%s&to=%s"
                % (cls, date, date), "director")
    return js["days"][0]["views"]


def flush(c):
    st, _, js = c.req("POST", "/api/v1/admin/views/flush",
                      token=c.user("admin"))
    assert st == 200, show(js)
    return js["written"]


def test_view_counted_once_per_pupil_lesson_and_day(ctx):
    with ctx.fresh_server("views") as c:
        cls = world(c).pupil_class
        a, b = [l["lesson_id"] for l in class_lessons(c)[:2]]
        p = c.user("pupil")
        for _ in range(3):
            st, _, js = c.req("GET", "/api/v1/lessons/%d/online" % a,
                              token=p)
            assert st == 200, show(js)
            st, _, _ = c.req("POST", "/api/v1/lessons/%d/views" % a,
                             token=p)
            assert st == 204
        st, _, _ = c.req("POST", "/api/v1/lessons/%d/views" % b, token=p)
        assert st == 204
        # the teacher's and the parent's opening is no pupil's view
        get_ok(c, "/api/v1/lessons/%d/online" % a, "teacher")
        get_ok(c, "/api/v1/lessons/%d/online" % a, "parent")
        assert_error(c.req("POST", "/api/v1/lessons/%d/views" % a,
                           token=c.user("parent")), 403)
        # nothing is written per view: not in the store before a flush
        assert usage_views(c, TODAY, cls) == 0
        assert flush(c) >= 2
        assert usage_views(c, TODAY, cls) == 2
        # again the same day: still one each
        c.req("POST", "/api/v1/lessons/%d/views" % a, token=p)
        flush(c)
        assert usage_views(c, TODAY, cls) == 2
        # only the ministry flushes
        assert_error(c.req("POST", "/api/v1/admin/views/flush",
                           token=c.user("director")), 403)
        # the next day (a second server on the same database, its
        # "today" a day on): a view again; the first day's stay
        nxt = c.runner.start_server(c.db, extra=["--today", "2026-11-25"])
        try:
            d = type(c)(c.runner, nxt)
            st, _, _ = d.req("POST", "/api/v1/lessons/%d/views" % a,
                             token=d.login("pupil"))
            assert st == 204
            st, _, js = d.req("POST", "/api/v1/admin/views/flush",
                              token=d.login("admin"))
            assert st == 200 and js["written"] >= 1, show(js)
        finally:
            c.runner.stop_server(nxt)
        assert usage_views(c, "2026-11-25", cls) == 1
        assert usage_views(c, TODAY, cls) == 2


def test_views_written_at_shutdown(ctx):
    with ctx.fresh_server("views-stop") as c:
        cls = world(c).pupil_class
        a = class_lessons(c)[0]["lesson_id"]
        st, _, _ = c.req("POST", "/api/v1/lessons/%d/views" % a,
                         token=c.user("pupil"))
        assert st == 204
        db = c.db
        runner = c.runner
        runner.stop_server(c.server)       # SIGTERM: the last flush
        s2 = runner.start_server(db)
        try:
            d = type(c)(runner, s2)
            js = get_ok(d, "/api/v1/reports/usage?scope=class:%d&from=%s"
                        "&to=%s" % (cls, TODAY, TODAY), "director")
            assert js["days"][0]["views"] == 1, show(js)
        finally:
            runner.stop_server(s2)


def test_other_class_pupil_may_not_open(ctx):
    """The parent's second child is in another class: the pupil login may
    not open that class's lessons (404, as for one that does not exist)."""
    c = ctx
    w = world(c)
    other = w.children[1]
    ls = get_ok(c, "/api/v1/students/%d/diary?week=2026-W48" % other["id"],
                "parent")
    ids = [l["lesson_id"] for d in ls["days"] for l in d["lessons"]]
    assert ids
    assert_error(c.req("GET", "/api/v1/lessons/%d/online" % ids[0],
                       token=c.user("pupil")), 404)
    assert_error(c.req("POST", "/api/v1/lessons/%d/views" % ids[0],
                       token=c.user("pupil")), 404)


def check_sum(url, call):
    base, query = url.split("?", 1)
    assert base == BBB_URL + "/" + call, base
    q, sum_ = query.rsplit("&checksum=", 1)
    want = hashlib.sha256((call + q + BBB_SECRET).encode()).hexdigest()
    assert sum_ == want, (url, want)
    return urllib.parse.parse_qs(q)


def test_meeting_links(ctx):
    with ctx.fresh_server("bbb", extra=["--bbb-url", BBB_URL,
                                        "--bbb-secret", BBB_SECRET]) as c:
        l1, l2 = teacher_lessons(c)
        t = c.user("teacher")
        for lid in (l1, l2):
            st, _, js = c.req("PATCH", "/api/v1/lessons/%d" % lid,
                              body={"mode": "online_sync"}, token=t)
            assert st == 200, show(js)
        # a link of the teacher's own wins
        st, _, js = c.req("PATCH", "/api/v1/lessons/%d" % l2,
                          body={"link": "https://meet.example.kz/x"}, token=t)
        assert st == 200, show(js)
        js = get_ok(c, "/api/v1/lessons/%d/online" % l2, "pupil")
        assert js["meeting"] == {"provider": "link",
                                 "join_url": "https://meet.example.kz/x"}
        # BigBlueButton: signed join links, a moderator's for the teacher
        js = get_ok(c, "/api/v1/lessons/%d/online" % l1, "pupil")
        m = js["meeting"]
        assert m["provider"] == "bigbluebutton" and "create_url" not in m
        q = check_sum(m["join_url"], "join")
        me = get_ok(c, "/api/v1/me", "pupil")
        assert q["role"] == ["VIEWER"] and q["fullName"] == [me["full_name"]]
        assert q["meetingID"] == [m["meeting_id"]]
        js = get_ok(c, "/api/v1/lessons/%d/online" % l1, "teacher")
        q = check_sum(js["meeting"]["join_url"], "join")
        assert q["role"] == ["MODERATOR"]
        q = check_sum(js["meeting"]["create_url"], "create")
        assert q["meetingID"] == [m["meeting_id"]]


def test_materials(ctx):
    with ctx.fresh_server("materials") as c:
        lid = teacher_lessons(c)[0]
        t = c.user("teacher")
        body = {"materials": [
            {"kind": "text", "title": "Тақырып", "text": "Оқу: §12"},
            {"kind": "link", "title": "Видео", "url": "https://v.kz/1"},
            {"kind": "recording", "title": "Жазба",
             "url": "https://v.kz/rec"}]}
        st, _, js = c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                          body=body, token=t)
        assert st == 200, show(js)
        js = get_ok(c, "/api/v1/lessons/%d/online" % lid, "pupil")
        assert [m["kind"] for m in js["materials"]] == \
            ["text", "link", "recording"], show(js)
        assert js["materials"][0]["text"] == "Оқу: §12"
        # all or nothing: a bad entry stores none
        bad = {"materials": [body["materials"][0],
                             {"kind": "link", "title": "x",
                              "url": "javascript:alert(1)"}]}
        assert_error(c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                           body=bad, token=t), 422,
                     field="materials[1].url")
        assert_error(c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                           body={"materials": [{"kind": "text",
                                                "title": "x"}]}, token=t),
                     422, field="materials[0].text")
        js = get_ok(c, "/api/v1/lessons/%d/online" % lid, "pupil")
        assert len(js["materials"]) == 3
        assert_error(c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                           body={"materials": []},
                           token=c.user("pupil")), 403)


def group_lessons(c):
    """A lesson of a split group of the pupil's class the pupil is in,
    and one of the other group (the demo splits languages in two)."""
    w = world(c)
    cls, me = w.pupil_class, w.children[0]["id"]
    groups = get_ok(c, "/api/v1/classes/%d/subgroups" % cls,
                    "director")["items"]
    courses = get_ok(c, "/api/v1/classes/%d/courses" % cls,
                     "director")["items"]
    found = {}
    for g in groups:
        if g["kind"] != "split":
            continue
        co = [x for x in courses if x["subgroup"] and
              x["subgroup"]["id"] == g["id"]]
        if not co:
            continue
        ls = get_ok(c, "/api/v1/courses/%d/gradebook" % co[0]["id"],
                    "director")["lessons"]
        if ls:
            found[me in g["pupil_ids"]] = ls[0]["lesson_id"]
    assert set(found) == {True, False}, "no split group lessons: %s" % found
    return found[True], found[False]


def test_view_counted_only_for_the_lesson_group(ctx):
    """A pupil outside the lesson's group (the other half of a split class,
    or another class) may not open it: 404, and no view counted."""
    with ctx.fresh_server("views-group") as c:
        w = world(c)
        cls = w.pupil_class
        mine, other = group_lessons(c)
        p = c.user("pupil")
        for who in ("pupil", "parent"):
            assert_error(c.req("GET", "/api/v1/lessons/%d/online" % other,
                               token=c.user(who)), 404, what=who)
        assert_error(c.req("POST", "/api/v1/lessons/%d/views" % other,
                           token=p), 404)
        # the parent's second child, in another class, has a login now
        child = w.children[1]
        st, _, js = c.req("PATCH", "/api/v1/people/%d" % child["id"],
                          body={"login": "views_other", "password":
                                "views-other-pw"}, token=c.user("director"))
        assert st == 200, show(js)
        o = c.login("views_other", "views-other-pw")
        assert_error(c.req("POST", "/api/v1/lessons/%d/views" % mine,
                           token=o), 404)
        assert_error(c.req("GET", "/api/v1/lessons/%d/online" % mine,
                           token=o), 404)
        flush(c)
        assert usage_views(c, TODAY, cls) == 0
        # the group's pupil counts; the staff still read the other group's
        st, _, _ = c.req("POST", "/api/v1/lessons/%d/views" % mine, token=p)
        assert st == 204
        get_ok(c, "/api/v1/lessons/%d/online" % mine, "pupil")
        get_ok(c, "/api/v1/lessons/%d/online" % other, "director")
        get_ok(c, "/api/v1/lessons/%d/online" % mine, "parent")
        flush(c)
        assert usage_views(c, TODAY, cls) == 1
        assert usage_views(c, TODAY, child["class_id"]) == 0
