# test_timetable.py: bells, the weekly timetable and its changes from a
# date on, and the school's lesson changes (cancel, restore, move,
# substitute). Every write goes to a server of this module's own (a copy
# of the demo database), on the last class of the director's school.
import re
from datetime import date, timedelta

from apilib import assert_error, assert_keys, get_ok, items, show, world

HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
BELLS_KEYS = ("school_id", "source", "shifts")
TT_KEYS = ("class_id", "class_name", "date", "slots")
TT_PUT_KEYS = TT_KEYS + ("lessons_created", "lessons_removed",
                         "lessons_kept")
SLOT_KEYS = ("id", "weekday", "period", "course_id", "subject", "teacher",
             "subgroup", "room", "valid_from", "valid_to")
CHANGE_KEYS = ("lesson_id", "date", "period", "starts", "ends", "status",
               "teacher", "substitute")
CHANGE_OPT = ("course_id", "class_id", "room", "subject", "subject_names",
              "class_name", "topic", "homework", "mode", "link")
# the default bells of shift 1 (rules/bells.c)
DEFAULT_SHIFT1 = ["08:00", "08:50", "09:45", "10:50", "11:45", "12:35",
                  "13:25", "14:15"]


class Env:
    """What the tests of this module share: the server, the class, the
    school's today (UTC+5), logins found through the API."""


def env(ctx):
    s = ctx.shared_server("timetable")
    e = getattr(s, "_tt_env", None)
    if e is not None:
        return e
    w = world(ctx)
    e = Env()
    e.s = s
    e.school = w.director_school
    # this server's copy holds the demo's classes only; still, skip any
    # class without pupils (and so without a timetable)
    classes = sorted((c for c in items(get_ok(
        s, "/api/v1/schools/%d/classes?limit=1000" % e.school, "admin"))
        if c["pupil_count"] > 0), key=lambda c: c["id"])
    assert len(classes) >= 2, "school %d has %d classes" % (e.school,
                                                          len(classes))
    e.cls = classes[-1]["id"]
    e.classes = [c["id"] for c in classes]
    e.pupils = [p["id"] for p in items(get_ok(
        s, "/api/v1/classes/%d/pupils?limit=1000" % e.cls, "admin"))]
    assert e.pupils, "class %d has no pupils" % e.cls
    tt = get_ok(s, "/api/v1/classes/%d/timetable" % e.cls, "director")
    e.today = date.fromisoformat(tt["date"])
    e.other_school = w.other_school(e.school)
    e.other_teacher = items(get_ok(
        s, "/api/v1/schools/%d/people?role=teacher&limit=1"
        % e.other_school, "admin"))[0]["login"]
    s._tt_env = e
    return e


def send(e, method, path, body=None, who="director"):
    tok = e.s.user(who) if isinstance(who, str) else who
    return e.s.req(method, "/api/v1" + path, body=body, token=tok)


def ok(resp, what):
    st, _, js = resp
    assert st == 200, "%s: %d %s" % (what, st, show(js))
    return js


def login_of(e, person_id):
    return get_ok(e.s, "/api/v1/people/%d" % person_id, "director")["login"]


def week_of(day):
    y, w, _ = day.isocalendar()
    return "%d-W%02d" % (y, w)


def class_days(e, day):
    """{date: [lesson]} of the class in day's week, from a pupil's diary
    (the class has no subgroups, so one pupil sees all of its lessons)."""
    js = get_ok(e.s, "/api/v1/students/%d/diary?week=%s" % (
        e.pupils[0], week_of(day)), "director")
    return {d["date"]: d["lessons"] for d in js["days"]}


def me_lessons(e, who, d0, d1):
    js = get_ok(e.s, "/api/v1/me/lessons?from=%s&to=%s" % (d0, d1), who)
    return js["lessons"]


def lesson(e, lesson_id, who="director"):
    return get_ok(e.s, "/api/v1/lessons/%d" % lesson_id, who)


def next_monday(day):
    return day + timedelta(days=7 - day.weekday())


def school_week(e, start):
    """The first Monday from start whose week has lessons Monday to
    Friday (skips holidays)."""
    d = start
    for _ in range(10):
        days = class_days(e, d)
        if all(days.get(str(d + timedelta(days=k))) for k in range(5)):
            return d
        d += timedelta(days=7)
    raise AssertionError("no full school week from %s" % start)


def check_bells(js, school):
    assert_keys(js, BELLS_KEYS, ("lessons_updated",), what="bells")
    assert js["school_id"] == school
    assert js["source"] in ("default", "school"), js["source"]
    shifts = [x["shift"] for x in js["shifts"]]
    assert shifts[:2] == [1, 2] and shifts == sorted(set(shifts)), shifts
    for sh in js["shifts"]:
        assert_keys(sh, ("shift", "source", "periods"), what="shift")
        last = None
        for p in sh["periods"]:
            assert_keys(p, ("period", "starts", "ends"), what="bell")
            assert HHMM.match(p["starts"]) and HHMM.match(p["ends"]), p
            assert p["ends"] > p["starts"], p
            if last is not None:
                assert p["period"] > last["period"], sh
                assert p["starts"] >= last["ends"], sh
            last = p
    return {sh["shift"]: sh for sh in js["shifts"]}


# ----- bells -----

def test_bells_read(ctx):
    e = env(ctx)
    path = "/api/v1/schools/%d/bells" % e.school
    js = get_ok(e.s, path, "director")
    sh = check_bells(js, e.school)
    assert js["source"] == "default", "the demo stores no bells: %s" % show(
        js)
    assert [p["starts"] for p in sh[1]["periods"]] == DEFAULT_SHIFT1, \
        show(sh[1])
    assert sh[2]["periods"][0]["starts"] == "14:00", show(sh[2])
    for who in ("teacher", "pupil", "parent", "district"):
        assert get_ok(e.s, path, who) == js, who
    assert_error(send(e, "GET", "/schools/%d/bells" % e.school,
                      who=e.other_teacher), 404, what="other school")
    assert_error(e.s.req("GET", path), 401)


def bell_list(first, n, length=45, brk=10):
    out, t = [], first
    for p in range(1, n + 1):
        out.append({"period": p, "starts": "%02d:%02d" % divmod(t, 60),
                    "ends": "%02d:%02d" % divmod(t + length, 60)})
        t += length + brk
    return out


def test_bells_put(ctx):
    e = env(ctx)
    path = "/schools/%d/bells" % e.school
    # shift 3: no class of the school has it, nothing to retime
    js = ok(send(e, "PUT", path, {"shift": 3,
                                  "periods": bell_list(18 * 60, 4)}),
            "PUT shift 3")
    sh = check_bells(js, e.school)
    assert js["source"] == "school" and sh[3]["source"] == "school"
    assert sh[3]["periods"] == bell_list(18 * 60, 4), show(sh[3])
    assert js["lessons_updated"] == 0, show(js)
    assert sh[1]["source"] == "default"
    again = get_ok(e.s, "/api/v1" + path, "teacher")
    assert again["shifts"] == js["shifts"], show(again)

    # shift 1 from 08:30: the lessons to come take the new times
    mon = school_week(e, next_monday(e.today))
    days = class_days(e, mon)
    first = min(days[str(mon)], key=lambda x: x["period"])
    js = ok(send(e, "PUT", path, {"shift": 1,
                                  "periods": bell_list(8 * 60 + 30, 8)}),
            "PUT shift 1")
    assert js["lessons_updated"] > 0, show(js)
    got = lesson(e, first["lesson_id"])
    want = bell_list(8 * 60 + 30, 8)[first["period"] - 1]
    assert (got["starts"], got["ends"]) == (want["starts"], want["ends"]), \
        "lesson %d at %s-%s, bells say %s" % (
            first["lesson_id"], got["starts"], got["ends"], show(want))

    # validation: nothing changes
    bad = [
        ({"shift": 4, "periods": []}, "shift"),
        ({"shift": 1}, "periods"),
        ({"shift": 1, "periods": [{"period": 1, "starts": "8:00",
                                   "ends": "08:45"}]}, "periods[0].starts"),
        ({"shift": 1, "periods": [{"period": 1, "starts": "08:00",
                                   "ends": "24:10"}]}, "periods[0].ends"),
        ({"shift": 1, "periods": [{"period": 1, "starts": "08:45",
                                   "ends": "08:00"}]}, "periods[0].ends"),
        ({"shift": 1, "periods": [{"period": 13, "starts": "08:00",
                                   "ends": "08:45"}]}, "periods[0].period"),
        ({"shift": 1, "periods": [{"period": 0, "starts": "08:00",
                                   "ends": "08:45"}]}, "periods[0].period"),
        ({"shift": 1, "periods": [
            {"period": 2, "starts": "08:00", "ends": "08:45"},
            {"period": 1, "starts": "09:00", "ends": "09:45"}]},
         "periods[1].period"),
        ({"shift": 1, "periods": [
            {"period": 1, "starts": "08:00", "ends": "08:45"},
            {"period": 1, "starts": "09:00", "ends": "09:45"}]},
         "periods[1].period"),
        ({"shift": 1, "periods": [
            {"period": 1, "starts": "08:00", "ends": "08:45"},
            {"period": 2, "starts": "08:40", "ends": "09:25"}]},
         "periods[1].starts"),
        ({"shift": 1, "periods": [{"period": 1, "starts": "08:00",
                                   "ends": "08:45", "room": "1"}]},
         "periods[0].room"),
        ({"shift": 1, "periods": ["08:00"]}, "periods[0]"),
    ]
    for body, field in bad:
        assert_error(send(e, "PUT", path, body), 422, field=field,
                     what="PUT bells %s" % show(body))
    assert_error(e.s.req("PUT", "/api/v1" + path, raw=b"{not json",
                         token=e.s.user("director")), 400)
    for who in ("teacher", "pupil"):
        assert_error(send(e, "PUT", path, {"shift": 1, "periods": []}, who),
                     403, what=who)
    assert_error(send(e, "PUT", path, {"shift": 1, "periods": []},
                      e.other_teacher), 404)
    cur = check_bells(get_ok(e.s, "/api/v1" + path, "director"), e.school)
    assert cur[1]["periods"] == bell_list(8 * 60 + 30, 8), show(cur[1])

    # an empty list goes back to the default bells, lessons too
    for shift in (1, 3):
        js = ok(send(e, "PUT", path, {"shift": shift, "periods": []}),
                "clear shift %d" % shift)
    sh = check_bells(js, e.school)
    assert js["source"] == "default" and 3 not in sh, show(js)
    got = lesson(e, first["lesson_id"])
    assert got["starts"] == DEFAULT_SHIFT1[first["period"] - 1], show(got)


# ----- the weekly timetable -----

def test_timetable_read(ctx):
    e = env(ctx)
    path = "/api/v1/classes/%d/timetable" % e.cls
    js = get_ok(e.s, path, "director")
    assert_keys(js, TT_KEYS, what="timetable")
    assert js["class_id"] == e.cls and js["class_name"].strip()
    assert js["slots"], "class %d has no timetable" % e.cls
    seen = set()
    for sl in js["slots"]:
        assert_keys(sl, SLOT_KEYS, what="slot")
        assert 1 <= sl["weekday"] <= 6 and 1 <= sl["period"] <= 12, sl
        assert sl["valid_from"] <= js["date"], sl
        assert sl["valid_to"] is None or sl["valid_to"] >= js["date"], sl
        if sl["teacher"] is not None:
            assert_keys(sl["teacher"], ("id", "full_name"), what="teacher")
        assert (sl["weekday"], sl["period"]) not in seen, \
            "two slots at %s in a class without subgroups" % show(sl)
        seen.add((sl["weekday"], sl["period"]))
    keys = [(s["weekday"], s["period"]) for s in js["slots"]]
    assert keys == sorted(keys), "slots not in weekday, period order"
    assert get_ok(e.s, path, "teacher") == js
    dated = get_ok(e.s, path + "?date=%s" % e.today, "director")
    assert dated == js
    old = get_ok(e.s, path + "?date=2001-01-01", "director")
    assert old["date"] == "2001-01-01" and old["slots"] == [], show(old)
    assert_error(e.s.req("GET", path + "?date=tomorrow",
                         token=e.s.user("director")), 400, field="date")
    # the pupil reads their own class's timetable, not this one
    mine = world(ctx).pupil_class
    if mine != e.cls:
        get_ok(e.s, "/api/v1/classes/%d/timetable" % mine, "pupil")
        assert_error(send(e, "GET", "/classes/%d/timetable" % e.cls,
                          who="pupil"), 404)
    assert_error(send(e, "GET", "/classes/%d/timetable" % e.cls,
                      who=e.other_teacher), 404)


def slots_body(tt):
    out = []
    for s in tt["slots"]:
        x = {"weekday": s["weekday"], "period": s["period"],
             "course_id": s["course_id"]}
        if s["room"] is not None:
            x["room"] = s["room"]
        out.append(x)
    return out


def test_timetable_validation(ctx):
    e = env(ctx)
    path = "/classes/%d/timetable" % e.cls
    tt = get_ok(e.s, "/api/v1" + path, "director")
    base = slots_body(tt)
    frm = str(next_monday(e.today))
    other_cls = e.classes[-2]
    foreign = items(get_ok(e.s, "/api/v1/classes/%d/courses" % other_cls,
                           "director"))[0]["id"]

    def with_slot(i, **kw):
        b = [dict(x) for x in base]
        b[i].update(kw)
        return b

    clash = [dict(x) for x in base] + [dict(base[0])]
    clash[-1]["course_id"] = base[1]["course_id"]
    bad = [
        ({"from": str(e.today - timedelta(days=1)), "slots": base}, "from"),
        ({"from": "2026-02-30", "slots": base}, "from"),
        ({"slots": base}, "from"),
        ({"from": frm}, "slots"),
        ({"from": frm, "slots": with_slot(0, course_id=foreign)},
         "slots[0].course_id"),
        ({"from": frm, "slots": with_slot(1, weekday=7)}, "slots[1].weekday"),
        ({"from": frm, "slots": with_slot(1, weekday=0)}, "slots[1].weekday"),
        ({"from": frm, "slots": with_slot(2, period=13)}, "slots[2].period"),
        ({"from": frm, "slots": with_slot(2, period=0)}, "slots[2].period"),
        ({"from": frm, "slots": with_slot(0, room="x" * 17)},
         "slots[0].room"),
        ({"from": frm, "slots": with_slot(0, teacher_id=1)},
         "slots[0].teacher_id"),
        ({"from": frm, "slots": clash}, "slots[%d]" % (len(clash) - 1)),
        ({"from": frm, "slots": base, "to": frm}, "to"),
        ({"from": frm, "slots": [1]}, "slots[0]"),
    ]
    for body, field in bad:
        assert_error(send(e, "PUT", path, body), 422, field=field,
                     what="PUT timetable %s" % show(body, 120))
    assert get_ok(e.s, "/api/v1" + path, "director") == tt, \
        "a refused PUT changed the timetable"

    # courses of different subgroups may share a slot, others may not
    for c in reversed(e.classes):
        cs = items(get_ok(e.s, "/api/v1/classes/%d/courses" % c,
                          "director"))
        groups = {}
        for x in cs:
            if x.get("subgroup"):
                groups.setdefault(x["subgroup"]["id"], x["id"])
        plain = [x["id"] for x in cs if not x.get("subgroup")]
        if len(groups) >= 2 and plain:
            break
    else:
        raise AssertionError("no class of school %d has two subgroups"
                             % e.school)
    g1, g2 = list(groups.values())[:2]
    body = {"from": frm, "slots": [
        {"weekday": 1, "period": 1, "course_id": g1},
        {"weekday": 1, "period": 1, "course_id": g2},
        {"weekday": 1, "period": 1, "course_id": plain[0]}]}
    assert_error(send(e, "PUT", "/classes/%d/timetable" % c, body), 422,
                 field="slots[2]", what="subgroups and the whole class")

    # who may not
    body = {"from": frm, "slots": base}
    assert_error(send(e, "PUT", path, body, "teacher"), 403)
    assert_error(send(e, "PUT", path, body, e.other_teacher), 404)
    assert_error(send(e, "PUT", path, body, "pupil"), (403, 404))
    mine = world(ctx).pupil_class
    assert_error(send(e, "PUT", "/classes/%d/timetable" % mine, body,
                      "pupil"), 403)


def test_timetable_change(ctx):
    e = env(ctx)
    path = "/classes/%d/timetable" % e.cls
    tt = get_ok(e.s, "/api/v1" + path, "director")
    used = {(s["weekday"], s["period"]) for s in tt["slots"]}
    mon = school_week(e, next_monday(e.today))
    frm = str(mon)
    # a slot to move to a free weekday and period
    pick = None
    for s in tt["slots"]:
        if s["teacher"] is None or s["subgroup"] is not None or \
                s["weekday"] > 5:
            continue
        for w in range(1, 6):
            for p in range(1, 8):
                if w != s["weekday"] and (w, p) not in used:
                    pick = (s, w, p)
                    break
            if pick:
                break
        if pick:
            break
    assert pick, "no slot of class %d can move: %s" % (e.cls, show(used))
    old, w2, p2 = pick
    course = old["course_id"]
    t_login = login_of(e, old["teacher"]["id"])
    end = str(mon + timedelta(days=11))

    def course_lessons():
        return [x for x in me_lessons(e, t_login, frm, end)
                if x["course_id"] == course]

    def wd(x):
        return date.fromisoformat(x["date"]).isoweekday()

    before = course_lessons()
    assert any(wd(x) == old["weekday"] and x["period"] == old["period"]
               for x in before), "no lesson at the old slot: %s" % show(
                   before)
    body = slots_body(tt)
    for x in body:
        if x["course_id"] == course and x["weekday"] == old["weekday"] \
                and x["period"] == old["period"]:
            x["weekday"], x["period"], x["room"] = w2, p2, "Зал ә"
    js = ok(send(e, "PUT", path, {"from": frm, "slots": body}),
            "PUT timetable")
    assert_keys(js, TT_PUT_KEYS, what="PUT timetable answer")
    assert js["date"] == frm and js["class_id"] == e.cls
    assert js["lessons_created"] >= 1 and js["lessons_removed"] >= 1, \
        show({k: v for k, v in js.items() if k != "slots"})
    assert js["lessons_kept"] == 0, js["lessons_kept"]
    new = [s for s in js["slots"] if s["course_id"] == course and
           (s["weekday"], s["period"]) == (w2, p2)]
    assert len(new) == 1 and new[0]["valid_from"] == frm and \
        new[0]["valid_to"] is None and new[0]["room"] == "Зал ә", show(new)
    assert len(js["slots"]) == len(tt["slots"])
    assert get_ok(e.s, "/api/v1" + path + "?date=" + frm, "director") == {
        k: v for k, v in js.items() if k in TT_KEYS}

    # the day before, the old timetable still holds, closed
    prev = get_ok(e.s, "/api/v1" + path + "?date=%s" % (mon - timedelta(
        days=1)), "director")
    was = [s for s in prev["slots"] if s["id"] == old["id"]]
    assert len(was) == 1 and was[0]["valid_to"] == str(
        mon - timedelta(days=1)), show(was)

    # the teacher's lessons follow: the new weekday, none at the old slot
    after = course_lessons()
    assert not [x for x in after if wd(x) == old["weekday"] and
                x["period"] == old["period"]], \
        "lessons left at the old slot: %s" % show(after)
    moved = [x for x in after if wd(x) == w2 and x["period"] == p2]
    assert moved and moved[0]["date"] == str(mon + timedelta(days=w2 - 1)), \
        "no lesson on weekday %d period %d: %s" % (w2, p2, show(after))
    assert lesson(e, moved[0]["lesson_id"])["room"] == "Зал ә"
    # the same timetable again changes nothing
    js2 = ok(send(e, "PUT", path, {"from": frm, "slots": body}), "again")
    assert (js2["lessons_created"], js2["lessons_removed"],
            js2["lessons_kept"]) == (0, 0, 0), show(js2)

    # a lesson holding journal data stays when it no longer fits
    keep = moved[0]["lesson_id"]
    ok(send(e, "PATCH", "/lessons/%d" % keep, {"topic": "Жоспар"}, t_login),
       "PATCH topic")
    js3 = ok(send(e, "PUT", path, {"from": frm, "slots": slots_body(tt)}),
             "PUT back")
    assert js3["lessons_kept"] == 1 and js3["lessons_removed"] >= 1 and \
        js3["lessons_created"] >= 1, show(
            {k: v for k, v in js3.items() if k != "slots"})
    assert lesson(e, keep)["topic"] == "Жоспар"
    back = course_lessons()
    assert any(wd(x) == old["weekday"] and x["period"] == old["period"]
               for x in back), show(back)
    assert [x["lesson_id"] for x in back if wd(x) == w2 and
            x["period"] == p2] == [keep], show(back)


# ----- the school's lesson changes -----

def future_lesson(e, avoid=()):
    """A scheduled lesson of the class in a school week after this one:
    (lesson from the diary, its date)."""
    mon = school_week(e, next_monday(e.today) + timedelta(days=7))
    days = class_days(e, mon)
    for d in sorted(days):
        for x in days[d]:
            if x["status"] == "scheduled" and x["lesson_id"] not in avoid:
                return x, date.fromisoformat(d)
    raise AssertionError("no lesson in the week of %s" % mon)


def past_lesson(e):
    d = e.today - timedelta(days=7)
    for _ in range(8):
        days = class_days(e, d)
        for day in sorted(days, reverse=True):
            if date.fromisoformat(day) >= e.today:
                continue
            for x in days[day]:
                if x["status"] == "scheduled":
                    return x, date.fromisoformat(day)
        d -= timedelta(days=7)
    raise AssertionError("no past lesson of class %d" % e.cls)


def test_lesson_cancel_restore(ctx):
    e = env(ctx)
    x, _ = future_lesson(e)
    lid = x["lesson_id"]
    full = lesson(e, lid)
    t_login = login_of(e, full["teacher"]["id"])
    p = "/lessons/%d/" % lid

    assert_error(send(e, "POST", p + "cancel", {}, t_login), 403,
                 what="the lesson's teacher cancels")
    assert_error(send(e, "POST", p + "cancel", {}, "teacher"), 403)
    assert_error(send(e, "POST", p + "cancel", {}, e.other_teacher), 404)
    assert_error(send(e, "POST", p + "cancel", {}, "pupil"), (403, 404))
    assert_error(send(e, "POST", p + "cancel", {"reason": 5}), 422,
                 field="reason")
    assert_error(send(e, "POST", p + "cancel", {"why": "x"}), 422,
                 field="why")
    assert_error(send(e, "POST", "/lessons/999999999/cancel", {}), 404)

    js = ok(send(e, "POST", p + "cancel", {"reason": "Мектепте жарық жоқ"}),
            "cancel")
    assert_keys(js, CHANGE_KEYS, CHANGE_OPT, what="cancel answer")
    assert js["lesson_id"] == lid and js["status"] == "cancelled"
    assert lesson(e, lid)["status"] == "cancelled"
    assert lesson(e, lid, t_login)["status"] == "cancelled"
    mark = {"marks": [{"student_id": e.pupils[0], "kind": "formative",
                       "value": 8}]}
    assert_error(send(e, "PUT", p + "marks", mark, t_login), 409,
                 what="marks on a cancelled lesson")
    # cancelling again changes nothing; no body at all is fine too
    assert ok(send(e, "POST", p + "cancel"), "cancel again")["status"] == \
        "cancelled"
    diary = class_days(e, date.fromisoformat(full["date"]))
    assert [y["status"] for y in diary[full["date"]]
            if y["lesson_id"] == lid] == ["cancelled"]

    assert_error(send(e, "POST", p + "restore", None, t_login), 403)
    js = ok(send(e, "POST", p + "restore"), "restore")
    assert js["status"] == "scheduled"
    assert lesson(e, lid)["status"] == "scheduled"
    assert ok(send(e, "POST", p + "restore"), "restore again")[
        "status"] == "scheduled"


def test_lesson_move(ctx):
    e = env(ctx)
    x, day = future_lesson(e)
    lid = x["lesson_id"]
    full = lesson(e, lid)
    t_login = login_of(e, full["teacher"]["id"])
    p = "/lessons/%d/move" % lid
    week = class_days(e, day)

    assert_error(send(e, "POST", p, {"date": str(day), "period": 8},
                      t_login), 403, what="the lesson's teacher moves")
    assert_error(send(e, "POST", p, {"date": str(day), "period": 8},
                      e.other_teacher), 404)
    sat = day + timedelta(days=6 - day.isoweekday())
    for body, st, field in [
            ({"date": str(sat), "period": 1}, 422, "date"),
            ({"date": str(e.today - timedelta(days=1)), "period": 1}, 422,
             "date"),
            ({"date": "2026-13-01", "period": 1}, 422, "date"),
            ({"date": str(day), "period": 13}, 422, "period"),
            ({"date": str(day)}, 422, "period"),
            ({"period": 2}, 422, "date")]:
        assert_error(send(e, "POST", p, body), st, field=field,
                     what="move %s" % show(body))
    # onto another lesson of the class
    other = [y for d, ls in week.items() for y in ls
             if y["lesson_id"] != lid and y["status"] == "scheduled"][0]
    other_day = [d for d, ls in week.items() if other in ls][0]
    assert_error(send(e, "POST", p, {"date": other_day,
                                     "period": other["period"]}), 409)
    assert lesson(e, lid) == full, "a refused move changed the lesson"

    # to a free period of another day of the week (the teacher free too)
    done = None
    for d in sorted(week):
        if d == str(day):
            continue
        taken = {y["period"] for y in week[d] if y["status"] == "scheduled"}
        for period in range(1, 9):
            if period in taken:
                continue
            st, _, js = send(e, "POST", p, {"date": d, "period": period})
            if st == 409:
                continue
            assert st == 200, "move to %s/%d: %d %s" % (d, period, st,
                                                        show(js))
            done = (d, period, js)
            break
        if done:
            break
    assert done, "no free period for lesson %d in the week" % lid
    d, period, js = done
    assert_keys(js, CHANGE_KEYS, CHANGE_OPT, what="move answer")
    assert (js["date"], js["period"]) == (d, period), show(js)
    bells = check_bells(get_ok(e.s, "/api/v1/schools/%d/bells" % e.school,
                               "director"), e.school)
    shift = [b for b in bells.values()
             if any(q["period"] == period and q["starts"] == js["starts"]
                    for q in b["periods"])]
    assert shift, "moved lesson starts at %s, not a bell of period %d" % (
        js["starts"], period)
    got = lesson(e, lid)
    assert (got["date"], got["period"], got["starts"]) == (
        d, period, js["starts"]), show(got)
    mine = me_lessons(e, t_login, d, d)
    assert [y for y in mine if y["lesson_id"] == lid and
            y["period"] == period], show(mine)
    assert not [y for y in me_lessons(e, t_login, str(day), str(day))
                if y["lesson_id"] == lid]
    # moving to where it is changes nothing; a lesson held stays put
    assert ok(send(e, "POST", p, {"date": d, "period": period}),
              "same place")["date"] == d
    held, _ = past_lesson(e)
    assert_error(send(e, "POST", "/lessons/%d/move" % held["lesson_id"],
                      {"date": d, "period": 8}), 409)
    # and back
    ok(send(e, "POST", p, {"date": str(day), "period": full["period"]}),
       "move back")
    assert lesson(e, lid)["starts"] == full["starts"]


def test_lesson_substitute(ctx):
    e = env(ctx)
    x, day = past_lesson(e)
    lid = x["lesson_id"]
    full = lesson(e, lid)
    own = full["teacher"]["id"]
    t_login = login_of(e, own)
    p = "/lessons/%d/substitute" % lid

    assert_error(send(e, "POST", p, {"teacher_id": own}, t_login), 403,
                 what="the lesson's teacher picks a substitute")
    assert_error(send(e, "POST", p, {"teacher_id": None}, e.other_teacher),
                 404)
    other_t = items(get_ok(e.s, "/api/v1/schools/%d/people?role=teacher"
                           "&limit=1" % e.other_school, "admin"))[0]["id"]
    for body, field in [({}, "teacher_id"),
                        ({"teacher_id": "5"}, "teacher_id"),
                        ({"teacher_id": e.pupils[0]}, "teacher_id"),
                        ({"teacher_id": other_t}, "teacher_id"),
                        ({"teacher_id": None, "x": 1}, "x")]:
        assert_error(send(e, "POST", p, body), 422, field=field,
                     what="substitute %s" % show(body))

    # the first teacher of the school who is free then
    teachers = items(get_ok(e.s, "/api/v1/schools/%d/people?role=teacher"
                            "&limit=200" % e.school, "director"))
    done = busy = None
    for t in teachers:
        if t["id"] == own:
            continue
        st, _, js = send(e, "POST", p, {"teacher_id": t["id"]})
        if st == 409:
            busy = t
            continue
        assert st == 200, "substitute %d: %d %s" % (t["id"], st, show(js))
        done = (t, js)
        break
    assert done, "no teacher of school %d is free for lesson %d" % (
        e.school, lid)
    t, js = done
    assert_keys(js, CHANGE_KEYS, CHANGE_OPT, what="substitute answer")
    assert js["teacher"]["id"] == t["id"] and js["substitute"] is True
    got = lesson(e, lid)
    assert got["teacher"]["id"] == t["id"] and got["substitute"] is True
    sub = t.get("login") or login_of(e, t["id"])
    mine = me_lessons(e, sub, str(day), str(day))
    assert [y for y in mine if y["lesson_id"] == lid], show(mine)
    assert not [y for y in me_lessons(e, t_login, str(day), str(day))
                if y["lesson_id"] == lid]
    att = {"entries": [{"student_id": e.pupils[0], "status": "late"}]}
    ok(send(e, "PUT", "/lessons/%d/attendance" % lid, att, sub),
       "the substitute takes attendance")
    lesson(e, lid, sub)
    # the substitute may not hand the lesson on
    assert_error(send(e, "POST", p, {"teacher_id": None}, sub), 403)
    if busy is not None:
        assert_error(send(e, "POST", p, {"teacher_id": busy["id"]}), 409)

    # back to the course's teacher
    js = ok(send(e, "POST", p, {"teacher_id": None}), "substitute null")
    assert js["teacher"]["id"] == own and js["substitute"] is False
    assert not [y for y in me_lessons(e, sub, str(day), str(day))
                if y["lesson_id"] == lid]
    js = ok(send(e, "POST", p, {"teacher_id": own}), "the own teacher")
    assert js["substitute"] is False


# ----- lessons_generate(): grade 1, stored bells, moved lessons -----

def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def free_slot(tt):
    """A slot of a whole-class course with a teacher, on Monday to Friday,
    and a weekday and period (1-7) free in the class's timetable: (slot,
    weekday, period)."""
    used = {(s["weekday"], s["period"]) for s in tt["slots"]}
    for s in tt["slots"]:
        if s["teacher"] is None or s["subgroup"] is not None or \
                s["weekday"] > 5:
            continue
        for w in range(1, 6):
            for p in range(1, 8):
                if w != s["weekday"] and (w, p) not in used:
                    return s, w, p
    raise AssertionError("no slot can move: %s" % show(sorted(used)))


def move_slot(tt, course, old, w2, p2):
    body = slots_body(tt)
    for x in body:
        if x["course_id"] == course and (x["weekday"], x["period"]) == old:
            x["weekday"], x["period"] = w2, p2
    return body


def test_grade1_lessons_generated(ctx):
    """A grade-1 class's lessons made by a timetable change: none in grade
    1's February week off, and in September 35 minutes long even under
    the school's own (45-minute) bells; from October the bells' length."""
    first = date(2026, 9, 7)          # a Monday of the demo's school year
    w = world(ctx)
    school = w.director_school
    with ctx.fresh_server(extra=("--today", str(first))) as c:
        d = "director"
        g1 = [x for x in items(get_ok(
            c, "/api/v1/schools/%d/classes?limit=1000" % school, d))
            if x["grade"] == 1 and x["pupil_count"] > 0]
        assert g1, "school %d has no grade-1 class" % school
        g1 = g1[0]
        cal = get_ok(c, "/api/v1/school-years?year=2026&school_id=%d"
                     % school, d)
        off = [h for h in cal["holidays"] if h["kind"] == "grade1"]
        assert len(off) == 1, show(cal["holidays"])
        off0 = date.fromisoformat(off[0]["starts"])
        off1 = date.fromisoformat(off[0]["ends"])

        bells = bell_list(8 * 60 + 30, 8)
        st, _, js = c.req("PUT", "/api/v1/schools/%d/bells" % school,
                          body={"shift": g1["shift"], "periods": bells},
                          token=c.user(d))
        assert st == 200, "PUT bells: %d %s" % (st, show(js))
        tt = get_ok(c, "/api/v1/classes/%d/timetable?date=%s" % (
            g1["id"], first), d)
        old, w2, p2 = free_slot(tt)
        course = old["course_id"]
        body = move_slot(tt, course, (old["weekday"], old["period"]), w2, p2)
        st, _, js = c.req("PUT", "/api/v1/classes/%d/timetable" % g1["id"],
                          body={"from": str(first), "slots": body},
                          token=c.user(d))
        assert st == 200, "PUT timetable: %d %s" % (st, show(js))
        assert js["lessons_created"] > 0, show(js)
        teacher = get_ok(c, "/api/v1/people/%d" % old["teacher"]["id"],
                         d)["login"]

        def new_slot(d0, d1):
            return [x for x in get_ok(
                c, "/api/v1/me/lessons?from=%s&to=%s" % (d0, d1),
                teacher)["lessons"]
                if x["course_id"] == course and x["period"] == p2 and
                date.fromisoformat(x["date"]).isoweekday() == w2]

        bell = bells[p2 - 1]
        sept = new_slot(first, date(2026, 9, 30))
        assert len(sept) >= 3, show(sept)
        for x in sept:
            assert x["starts"] == bell["starts"], show(x)
            assert minutes(x["ends"]) - minutes(x["starts"]) == 35, show(x)
        octo = new_slot(date(2026, 10, 1), date(2026, 10, 31))
        assert octo, "no lesson in October"
        for x in octo:
            assert (x["starts"], x["ends"]) == (bell["starts"],
                                                bell["ends"]), show(x)

        around = new_slot(off0 - timedelta(days=14), off1 + timedelta(
            days=14))
        inside = [x for x in around if off0 <= date.fromisoformat(
            x["date"]) <= off1]
        assert not inside, "grade-1 lessons in the week off %s..%s: %s" % (
            off0, off1, show(inside))
        assert len(around) >= 3, "no lessons around the week off: %s" % (
            show(around))
        # nor any other lesson of the class (the demo's own)
        pupil = items(get_ok(c, "/api/v1/classes/%d/pupils" % g1["id"],
                             d))[0]["id"]
        diary = get_ok(c, "/api/v1/students/%d/diary?week=%s" % (
            pupil, week_of(off0)), d)
        held = [(x["date"], y["lesson_id"]) for x in diary["days"]
                for y in x["lessons"]
                if off0 <= date.fromisoformat(x["date"]) <= off1]
        assert not held, show(held)


def test_moved_lesson_not_regenerated(ctx):
    """A lesson moved to today from a later day and marked there keeps
    its original slot empty when the timetable changes from tomorrow on:
    one lesson with the mark, none at the original slot."""
    e = env(ctx)
    with ctx.fresh_server() as c:
        def req(method, path, body=None, who="director"):
            return c.req(method, "/api/v1" + path, body=body,
                         token=c.user(who) if isinstance(who, str) else who)

        today = e.today
        tomorrow = today + timedelta(days=1)
        tt = get_ok(c, "/api/v1/classes/%d/timetable?date=%s" % (
            e.cls, tomorrow), "director")
        # a lesson of a whole-class course two weeks on
        mon = school_week(e, next_monday(today) + timedelta(days=7))
        week = get_ok(c, "/api/v1/students/%d/diary?week=%s" % (
            e.pupils[0], week_of(mon)), "director")
        cand = [(x["date"], y) for x in week["days"] for y in x["lessons"]
                if y["status"] == "scheduled"]
        assert cand, show(week)
        taken = {y["period"] for x in get_ok(
            c, "/api/v1/students/%d/diary?week=%s" % (
                e.pupils[0], week_of(today)), "director")["days"]
            if x["date"] == str(today) for y in x["lessons"]}
        moved = None
        for day, y in cand:
            full = get_ok(c, "/api/v1/lessons/%d" % y["lesson_id"],
                          "director")
            if full["teacher"] is None:
                continue
            for p in range(1, 9):
                if p in taken:
                    continue
                st, _, js = req("POST", "/lessons/%d/move" % y["lesson_id"],
                                {"date": str(today), "period": p})
                if st == 409:
                    continue
                assert st == 200, "move: %d %s" % (st, show(js))
                moved = (day, full, p)
                break
            if moved:
                break
        assert moved, "no lesson could move to today"
        orig_day, full, p = moved
        lid = full["lesson_id"]
        teacher = get_ok(c, "/api/v1/people/%d" % full["teacher"]["id"],
                         "director")["login"]
        st, _, js = req("PUT", "/lessons/%d/marks" % lid, {"marks": [
            {"student_id": e.pupils[0], "kind": "formative", "value": 7}]},
            teacher)
        assert st == 200, "marks: %d %s" % (st, show(js))

        # the same timetable from tomorrow on: nothing is missing
        st, _, js = req("PUT", "/classes/%d/timetable" % e.cls,
                        {"from": str(tomorrow), "slots": slots_body(tt)})
        assert st == 200, "PUT timetable: %d %s" % (st, show(js))
        assert js["lessons_created"] == 0, show(
            {k: v for k, v in js.items() if k != "slots"})

        course = full["course_id"]
        mine = get_ok(c, "/api/v1/me/lessons?from=%s&to=%s" % (
            today, orig_day), teacher)["lessons"]
        at_orig = [x for x in mine if x["course_id"] == course and
                   x["date"] == orig_day and x["period"] == full["period"]]
        assert not at_orig, "a lesson again at the moved lesson's slot: " \
            "%s" % show(at_orig)
        here = [x for x in mine if x["lesson_id"] == lid]
        assert [(x["date"], x["period"]) for x in here] == [
            (str(today), p)], show(here)
        diary = get_ok(c, "/api/v1/students/%d/diary?week=%s" % (
            e.pupils[0], week_of(today)), "director")
        got = [y for x in diary["days"] for y in x["lessons"]
               if y["lesson_id"] == lid]
        assert len(got) == 1 and got[0]["marks"] == [
            {"kind": "formative", "value": 7, "max": None}], show(got)
