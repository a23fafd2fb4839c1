# test_tv.py: the TV schedule: channels, slots written by the ministry
# (the country's) and a region's department (its own), read by everyone;
# a new slot shows in a pupil's diary already kept in memory (the write
# raises the country's or the region's revision); a `tv` lesson refers to
# a slot. On a server of its own: the main database's diaries stay
# without broadcasts.
from apilib import assert_error, assert_keys, get_ok, show, world

TODAY = "2026-11-24"          # run.py's --today; a Tuesday of 2026-W48
SLOT_KEYS = ("id", "channel", "region_id", "date", "starts", "ends",
             "grade", "subject_id", "lang", "title", "recording_url")


def srv(ctx):
    return ctx.shared_server("tv")


def pupil_grade(c):
    cls = world(c).pupil_class
    return get_ok(c, "/api/v1/classes/%d" % cls, "teacher")["grade"]


def slot_body(c, **kw):
    b = {"channel": "balapan", "date": TODAY, "starts": "10:00",
         "ends": "10:30", "grade": pupil_grade(c),
         "title": "Математика: бөлшектер",
         "recording_url": "https://example.kz/rec/1"}
    b.update(kw)
    return b


def post_slot(c, who, **kw):
    return c.req("POST", "/api/v1/tv/slots", body=slot_body(c, **kw),
                 token=c.user(who))


def diary(c, who="parent"):
    pupil = world(c).children[0]["id"]
    st, hd, js = c.req("GET", "/api/v1/students/%d/diary?week=2026-W48"
                       % pupil, token=c.user(who))
    assert st == 200, show(js)
    return hd.get("ETag"), js


def day_of(js, date):
    return [d for d in js["days"] if d["date"] == date][0]


def test_channels(ctx):
    c = srv(ctx)
    js = get_ok(c, "/api/v1/tv/channels", "pupil")
    codes = {ch["code"]: ch["lang"] for ch in js["channels"]}
    assert codes == {"balapan": "kk", "el_arna": "ru"}, show(js)
    assert_error(c.req("GET", "/api/v1/tv/channels"), 401)


def test_new_slot_appears_in_a_kept_diary(ctx):
    c = srv(ctx)
    etag0, js0 = diary(c)
    # kept: asked again, the same answer (a 304 with its ETag)
    st, _, _ = c.req("GET", "/api/v1/students/%d/diary?week=2026-W48"
                     % world(c).children[0]["id"], token=c.user("parent"),
                     headers={"If-None-Match": etag0})
    assert st == 304, st
    assert "tv" not in day_of(js0, TODAY), show(day_of(js0, TODAY))
    st, _, slot = post_slot(c, "admin")
    assert st == 201, show(slot)
    assert_keys(slot, SLOT_KEYS, what="slot")
    assert slot["region_id"] is None and slot["lang"] == "kk"
    etag1, js1 = diary(c)
    assert etag1 != etag0, (etag0, etag1)
    tv = day_of(js1, TODAY).get("tv")
    assert tv and tv[0]["slot_id"] == slot["id"], show(day_of(js1, TODAY))
    assert tv[0]["title"] == "Математика: бөлшектер"
    assert tv[0]["channel"] == "balapan" and tv[0]["starts"] == "10:00"
    # the pupil sees it too; another grade's slot does not show
    st, _, other = post_slot(c, "admin", grade=(pupil_grade(c) % 11) + 1,
                             date="2026-11-25", title="Басқа сынып")
    assert st == 201, show(other)
    _, js2 = diary(c, "pupil")
    assert "tv" not in day_of(js2, "2026-11-25"), show(js2)
    # a subject is named in the diary's language
    subj = get_ok(c, "/api/v1/subjects?limit=1", "admin")["items"][0]
    st, _, named = post_slot(c, "admin", date="2026-11-27",
                             subject_id=subj["id"], title="Пән")
    assert st == 201 and named["subject_id"] == subj["id"], show(named)
    js = get_ok(c, "/api/v1/students/%d/diary?week=2026-W48&lang=ru"
                % world(c).children[0]["id"], "parent")
    tv = [t for t in day_of(js, "2026-11-27")["tv"]
          if t["slot_id"] == named["id"]]
    assert tv and tv[0]["subject"] == subj["name_ru"], show(tv)
    # deleted: gone from the kept diary
    st, _, _ = c.req("DELETE", "/api/v1/tv/slots/%d" % slot["id"],
                     token=c.user("admin"))
    assert st == 204
    _, js3 = diary(c)
    assert "tv" not in day_of(js3, TODAY), show(day_of(js3, TODAY))


def test_region_slot_and_who_may_write(ctx):
    c = srv(ctx)
    w = world(c)
    region = w.region_id
    st, _, s = post_slot(c, "region", region_id=region, starts="11:00",
                         ends="11:40", channel="el_arna", date="2026-11-26")
    assert st == 201 and s["region_id"] == region and s["lang"] == "ru", \
        show(s)
    _, js = diary(c)
    assert [t["slot_id"] for t in day_of(js, "2026-11-26")["tv"]] == \
        [s["id"]]
    # the country's schedule is the ministry's
    for who in ("region", "district", "director", "teacher", "pupil"):
        assert_error(post_slot(c, who), 403, what=who)
    # a region's own: its department; the district's sees, may not write
    assert_error(post_slot(c, "district", region_id=region), 403)
    assert_error(post_slot(c, "pupil", region_id=region), (403, 404))
    assert_error(post_slot(c, "region", region_id=999999), 404)
    # read by everyone logged in
    js = get_ok(c, "/api/v1/tv/slots?from=2026-11-23&to=2026-11-29&grade=%d"
                % pupil_grade(c), "pupil")
    assert s["id"] in [x["id"] for x in js["slots"]], show(js)
    js = get_ok(c, "/api/v1/tv/slots?from=2026-11-23&to=2026-11-29"
                "&channel=balapan", "parent")
    assert s["id"] not in [x["id"] for x in js["slots"]], show(js)
    assert_error(c.req("GET", "/api/v1/tv/slots?from=2026-11-23",
                       token=c.user("pupil")), 400)
    assert_error(c.req("DELETE", "/api/v1/tv/slots/%d" % s["id"],
                       token=c.user("teacher")), 403)


def test_bad_slots_refused(ctx):
    c = srv(ctx)
    assert_error(post_slot(c, "admin", channel="khabar"), 422,
                 field="channel")
    assert_error(post_slot(c, "admin", ends="09:00"), 422, field="ends")
    assert_error(post_slot(c, "admin", starts="25:00"), 422, field="starts")
    assert_error(post_slot(c, "admin", date="2026-02-30"), 422,
                 field="date")
    assert_error(post_slot(c, "admin", grade=12), 422, field="grade")
    assert_error(post_slot(c, "admin", recording_url="javascript:x"), 422,
                 field="recording_url")
    assert_error(post_slot(c, "admin", subject_id=999999), 422,
                 field="subject_id")


def test_tv_lesson_refers_to_a_slot(ctx):
    c = srv(ctx)
    st, _, s = post_slot(c, "admin", date="2026-11-27")
    assert st == 201
    lessons = get_ok(c, "/api/v1/me/lessons?from=2026-11-27&to=2026-11-27",
                     "teacher")["lessons"]
    lid = lessons[0]["lesson_id"]
    t = c.user("teacher")
    st, _, js = c.req("PATCH", "/api/v1/lessons/%d" % lid,
                      body={"mode": "tv"}, token=t)
    assert st == 200, show(js)
    st, _, js = c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                      body={"tv_slot_id": s["id"]}, token=t)
    assert st == 200, show(js)
    assert js["mode"] == "tv" and js["tv"]["slot_id"] == s["id"], show(js)
    assert js["tv"]["recording_url"] == "https://example.kz/rec/1"
    assert_error(c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                       body={"tv_slot_id": 999999}, token=t), 422,
                 field="tv_slot_id")
    st, _, js = c.req("PUT", "/api/v1/lessons/%d/online" % lid,
                      body={"tv_slot_id": None}, token=t)
    assert st == 200 and js["tv"] is None, show(js)
