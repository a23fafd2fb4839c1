# test_kept_answers.py: answers kept in memory (the diary and the report
# card, docs/CACHING.md): their ETag and 304, and that a write changing what
# they show is seen at once, by the server that wrote it and by another
# server on the same database, whose kept answer predates the write.
#
# Writes go to a server of this module's own (a fresh copy of the demo
# database); the demo's today is 2026-11-24, so Monday 2026-11-23 has
# taken place.

from apilib import get_ok, show

WEEK = "2026-W48"
MONDAY = "2026-11-23"


def diary_path(pupil):
    return "/api/v1/students/%d/diary?week=%s" % (pupil, WEEK)


def lesson_and_pupil(c):
    """A lesson the demo teacher gave on MONDAY and a pupil of it."""
    ls = get_ok(c, "/api/v1/me/lessons?from=%s&to=%s" % (MONDAY, MONDAY),
                "teacher")["lessons"]
    ls = [l for l in ls if l["status"] == "scheduled"]
    assert ls, "the demo teacher gives no lesson on %s" % MONDAY
    l = ls[0]
    gb = get_ok(c, "/api/v1/courses/%d/gradebook?quarter=2" % l["course_id"],
                "teacher")
    return l, gb["pupils"][0]["id"]


def diary_lesson(js, lesson_id):
    for d in js["days"]:
        for l in d["lessons"]:
            if l["lesson_id"] == lesson_id:
                return l
    raise AssertionError("lesson %d not in the diary: %s" % (
        lesson_id, show(js)))


def get(c, path, who, headers=None):
    return c.req("GET", path, token=c.user(who), headers=headers)


def test_the_diary_carries_an_etag_and_answers_304(ctx):
    l, pupil = lesson_and_pupil(ctx)
    st, hd, js = get(ctx, diary_path(pupil), "teacher")
    assert st == 200, (st, show(js))
    tag = hd.get("etag")
    assert tag and tag.startswith('"') and tag.endswith('"'), hd
    assert hd.get("cache-control") == "private, no-cache", hd
    st, hd2, body = get(ctx, diary_path(pupil), "teacher",
                        headers={"If-None-Match": tag})
    assert st == 304 and body is None, (st, body)
    assert hd2.get("etag") == tag, hd2
    # the same answer from memory: byte for byte what was built
    st, _, again = get(ctx, diary_path(pupil), "teacher")
    assert st == 200 and again == js
    # another language is another answer, with another tag
    st, hd3, ru = get(ctx, diary_path(pupil) + "&lang=ru", "teacher")
    assert st == 200 and hd3.get("etag") != tag and ru != js
    # a tag from elsewhere is not a match
    st, _, _ = get(ctx, diary_path(pupil), "teacher",
                   headers={"If-None-Match": '"0123456789abcdef.1"'})
    assert st == 200


def test_access_is_checked_before_a_kept_answer(ctx):
    """A kept diary is never a way round authz: the parent of another
    pupil gets 404, with or without the tag."""
    _, pupil = lesson_and_pupil(ctx)
    st, hd, _ = get(ctx, diary_path(pupil), "teacher")
    assert st == 200
    kids = [k["id"] for k in get_ok(ctx, "/api/v1/me", "parent")["children"]]
    if pupil in kids:
        return
    for h in (None, {"If-None-Match": hd["etag"]}):
        st, hd2, js = get(ctx, diary_path(pupil), "parent", headers=h)
        assert st == 404, (st, show(js))
        assert "etag" not in hd2


def put_mark(c, lesson, pupil, value):
    st, _, js = c.req("PUT", "/api/v1/lessons/%d/marks" % lesson,
                      body={"marks": [{"student_id": pupil,
                                       "kind": "formative",
                                       "value": value}]},
                      token=c.user("teacher"))
    assert st == 200, (st, show(js))


def formative(js, lesson_id):
    return sorted(m["value"] for m in diary_lesson(js, lesson_id)["marks"]
                  if m["kind"] == "formative")


def test_writes_are_seen_at_once_through_two_servers(ctx):
    with ctx.fresh_server("kept") as a:
        b_server = a.runner.start_server(a.db)
        try:
            b = type(a)(a.runner, b_server)
            l, pupil = lesson_and_pupil(a)
            lid = l["lesson_id"]
            # both servers keep the diary as it is now
            _, ha, before = get(a, diary_path(pupil), "teacher")
            _, hb, before_b = get(b, diary_path(pupil), "teacher")
            assert before == before_b and ha["etag"] == hb["etag"]
            old = formative(before, lid)
            value = 10 if old != [10] else 9

            # a mark through A: A and B show it, old tags don't match
            put_mark(a, lid, pupil, value)
            for c in (a, b):
                st, hd, js = get(c, diary_path(pupil), "teacher",
                                 headers={"If-None-Match": ha["etag"]})
                assert st == 200, (st, "a stale 304 after a new mark")
                assert formative(js, lid) == [value], show(js)
                assert hd["etag"] != ha["etag"]

            # a topic through B: A shows it
            topic = "Kept answers %d" % value
            st, _, js = b.req("PATCH", "/api/v1/lessons/%d" % lid,
                              body={"topic": topic},
                              token=b.user("teacher"))
            assert st == 200, (st, show(js))
            js = get(a, diary_path(pupil), "teacher")[2]
            assert diary_lesson(js, lid)["topic"] == topic

            # attendance through A: B shows it
            st, _, js = a.req("PUT", "/api/v1/lessons/%d/attendance" % lid,
                              body={"entries": [{
                                  "student_id": pupil,
                                  "status": "late"}]},
                              token=a.user("teacher"))
            assert st == 200, (st, show(js))
            js = get(b, diary_path(pupil), "teacher")[2]
            assert diary_lesson(js, lid)["attendance"] == "late"

            # the report card, kept too, moves to a new tag on a write
            card = "/api/v1/students/%d/report-card" % pupil
            _, hc0, _ = get(b, card, "teacher")
            st, _, js = a.req("PUT", "/api/v1/lessons/%d/marks" % lid,
                              body={"marks": [{"student_id": pupil,
                                               "kind": "formative",
                                               "value": None}]},
                              token=a.user("teacher"))
            assert st == 200, (st, show(js))
            js = get(b, diary_path(pupil), "teacher")[2]
            assert formative(js, lid) == [], show(js)
            st, _, _ = get(b, card, "teacher",
                           headers={"If-None-Match": hc0["etag"]})
            assert st == 200, "a stale 304 for the report card"

            # what A and B keep is what a server that keeps nothing
            # builds from the database now
            c_server = a.runner.start_server(a.db,
                                             extra=("--cache-mb", "0"))
            try:
                c = type(a)(a.runner, c_server)
                for path in (diary_path(pupil), card):
                    want = get(c, path, "teacher")[2]
                    for s in (a, b):
                        assert get(s, path, "teacher")[2] == want, path
            finally:
                a.runner.stop_server(c_server)
        finally:
            a.runner.stop_server(b_server)


def test_a_refused_write_changes_no_tag(ctx):
    with ctx.fresh_server("kept-refused") as a:
        l, pupil = lesson_and_pupil(a)
        _, hd, _ = get(a, diary_path(pupil), "teacher")
        st, _, js = a.req("PUT", "/api/v1/lessons/%d/marks" % l["lesson_id"],
                          body={"marks": [{"student_id": pupil,
                                           "kind": "formative",
                                           "value": 11}]},
                          token=a.user("teacher"))
        assert st == 422, (st, show(js))
        st, _, _ = get(a, diary_path(pupil), "teacher",
                       headers={"If-None-Match": hd["etag"]})
        assert st == 304
