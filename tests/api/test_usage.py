# test_usage.py: GET /reports/usage on a small school of its own whose
# every figure is set here and worked out by hand: lessons held by mode
# (cancelled and future ones are not held), views, marks, assignments,
# hand-ins (by their local day, UTC+5), users per day and per week; the
# scope refusals. Views and users are written as views.c flushes them
# (their counting is test_views.py's).
import sqlite3

from apilib import assert_error, assert_keys, get_ok, show, world

BASE = 980000
SCHOOL, CLS, CO = BASE, BASE + 1, BASE + 2
P1, P2, PA, T = BASE + 10, BASE + 11, BASE + 12, BASE + 13
L = {k: BASE + 20 + k for k in range(1, 8)}
A1, A2 = BASE + 40, BASE + 41
D1, D2, D3 = "2026-11-23", "2026-11-24", "2026-11-25"   # today is D2
LOCAL = 5 * 3600


def unix(day, hh, mm=0):
    """Unix time of a local (UTC+5) time of day."""
    import datetime
    d = datetime.datetime.strptime(day, "%Y-%m-%d").replace(
        tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) + hh * 3600 + mm * 60 - LOCAL


def fill(db, other_lesson, other_pupil):
    con = sqlite3.connect(db, timeout=15)
    try:
        with con:
            x = con.execute
            district, = x("SELECT district_id FROM schools ORDER BY id "
                          "LIMIT 1").fetchone()
            subj, = x("SELECT id FROM subjects ORDER BY id LIMIT 1"
                      ).fetchone()
            admin, = x("SELECT id FROM people WHERE login = 'admin'"
                       ).fetchone()
            x("INSERT INTO schools (id, district_id, name) VALUES "
              "(?, ?, 'Қолданыс мектебі')", (SCHOOL, district))
            x("INSERT INTO classes (id, school_id, year, grade, letter) "
              "VALUES (?, ?, 2026, 5, 'Ә')", (CLS, SCHOOL))
            for pid in (P1, P2, PA, T):
                x("INSERT INTO people (id, full_name, created_at) VALUES "
                  "(?, ?, 0)", (pid, "Адам %d" % pid))
            x("INSERT INTO pupils (person_id, class_id) VALUES (?, ?)",
              (P1, CLS))
            x("INSERT INTO pupils (person_id, class_id) VALUES (?, ?)",
              (P2, CLS))
            x("INSERT INTO parent_links (parent_id, pupil_id) VALUES "
              "(?, ?)", (PA, P1))
            x("INSERT INTO roles (person_id, role, school_id) VALUES "
              "(?, 'teacher', ?)", (T, SCHOOL))
            x("INSERT INTO courses (id, class_id, subject_id, teacher_id) "
              "VALUES (?, ?, ?, ?)", (CO, CLS, subj, T))
            for k, day, mode, status in (
                    (1, D1, "in_person", "scheduled"),
                    (2, D1, "online_sync", "scheduled"),
                    (3, D1, "online_async", "cancelled"),
                    (4, D1, "tv", "scheduled"),
                    (5, D2, "online_async", "scheduled"),
                    (6, D2, "in_person", "scheduled"),
                    (7, D3, "in_person", "scheduled")):
                x("INSERT INTO lessons (id, course_id, class_id, date, "
                  "period, starts, ends, teacher_id, status, mode) VALUES "
                  "(?, ?, ?, ?, ?, '08:00', '08:45', ?, ?, ?)",
                  (L[k], CO, CLS, day, k, T, status, mode))
            for lesson, pupil, kind, value, mx in (
                    (L[1], P1, "formative", 8, None),
                    (L[1], P2, "formative", 6, None),
                    (L[5], P1, "sor", 7, 10)):
                x("INSERT INTO marks (lesson_id, student_id, kind, value, "
                  "max, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, 0)",
                  (lesson, pupil, kind, value, mx, T))
            for aid, day in ((A1, D1), (A2, D2)):
                x("INSERT INTO assignments (id, course_id, day, title, "
                  "due_at, max_points, created_by, created_at) VALUES "
                  "(?, ?, ?, 'Жұмыс', ?, 10, ?, 0)",
                  (aid, CO, day, unix(day, 20), T))
            # local D2 00:30 and 23:50: both D2 (UTC they straddle D1/D2)
            for pupil, at in ((P1, unix(D2, 0, 30)), (P2, unix(D2, 23, 50))):
                x("INSERT INTO handins (assignment_id, student_id, text, "
                  "handed_in_at, late) VALUES (?, ?, 'дайын', ?, 0)",
                  (A1, pupil, at))
            for day, lesson, pupil in ((D1, L[1], P1), (D1, L[2], P1),
                                       (D1, L[2], P2), (D2, L[5], P1),
                                       (D1, other_lesson, other_pupil)):
                x("INSERT INTO lesson_views (day, lesson_id, pupil_id) "
                  "VALUES (?, ?, ?)", (day, lesson, pupil))
            for day, person in ((D1, P1), (D1, PA), (D2, P1), (D2, P2),
                                (D1, admin), (D1, other_pupil)):
                x("INSERT INTO usage_users (day, person_id, week) VALUES "
                  "(?, ?, '2026-W48')", (day, person))
    finally:
        con.close()


def env(ctx):
    c = getattr(ctx, "_usage_env", None)
    if c is not None and c.server.alive():
        return c
    w = world(ctx)
    db = ctx.fresh_db("usage")
    c = type(ctx)(ctx.runner, ctx.runner.start_server(db))
    other = world(c).children[0]["id"]
    js = get_ok(c, "/api/v1/students/%d/diary?week=2026-W48" % other,
                "parent")
    other_lesson = [l["lesson_id"] for d in js["days"]
                    for l in d["lessons"]][0]
    fill(c.db, other_lesson, other)
    c.director_school = w.director_school
    ctx._usage_env = c
    return c


def usage(c, scope, who="admin", frm=D1, to=D3):
    return get_ok(c, "/api/v1/reports/usage?scope=%s&from=%s&to=%s"
                  % (scope, frm, to), who)


def zero_lessons(**kw):
    d = {"in_person": 0, "online_sync": 0, "online_async": 0, "tv": 0}
    d.update(kw)
    return d


EXPECTED = [
    {"date": D1, "lessons": zero_lessons(in_person=1, online_sync=1, tv=1),
     "views": 3, "marks": 2, "assignments": 1, "handins": 0, "users": 2},
    {"date": D2, "lessons": zero_lessons(in_person=1, online_async=1),
     "views": 1, "marks": 1, "assignments": 1, "handins": 2, "users": 2},
    {"date": D3, "lessons": zero_lessons(), "views": 0, "marks": 0,
     "assignments": 0, "handins": 0, "users": 0},
]


def test_usage_figures_by_hand(ctx):
    c = env(ctx)
    js = usage(c, "school:%d" % SCHOOL)
    assert_keys(js, ("scope", "from", "to", "days", "weeks"))
    assert js["days"] == EXPECTED, show(js["days"], 2000)
    # P1, PA and P2 in week 48; not the ministry, not another school's
    assert js["weeks"] == [{"week": "2026-W48", "users": 3}], show(js)
    # the class is the whole school here
    cls = usage(c, "class:%d" % CLS)
    assert cls["days"] == EXPECTED and cls["weeks"] == js["weeks"]
    # one day
    one = usage(c, "school:%d" % SCHOOL, frm=D2, to=D2)
    assert one["days"] == EXPECTED[1:2] and \
        one["weeks"] == [{"week": "2026-W48", "users": 2}], show(one)


def test_usage_of_a_district_holds_the_school(ctx):
    c = env(ctx)
    sch = get_ok(c, "/api/v1/schools/%d" % SCHOOL, "admin")
    dist = usage(c, "district:%d" % sch["district_id"])
    for mine, all_ in zip(EXPECTED, dist["days"]):
        for k in ("views", "marks", "assignments", "handins", "users"):
            assert all_[k] >= mine[k], (k, mine, all_)
    # the other pupil's view and use count in their own school's district
    assert dist["days"][0]["views"] >= 4 and dist["days"][0]["users"] >= 3


def test_usage_scope_refusals(ctx):
    c = env(ctx)
    w = world(c)
    path = "/api/v1/reports/usage?scope=%s"
    # the demo school's director: another school, its class: 404
    for scope in ("school:%d" % SCHOOL, "class:%d" % CLS):
        assert_error(c.req("GET", path % scope, token=c.user("director")),
                     404, what=scope)
    # a teacher and a pupil of the demo school see it, may not report
    for who in ("teacher", "pupil", "parent"):
        assert_error(c.req("GET", path % ("school:%d" % w.director_school),
                           token=c.user(who)), (403, 404), what=who)
    assert_error(c.req("GET", path % ("school:%d" % w.director_school),
                       token=c.user("teacher")), 403)
    get_ok(c, path % ("school:%d" % w.director_school), "director")
    assert_error(c.req("GET", path % ("school:%d" % SCHOOL)), 401)
    for bad in ("school", "school:", "school:0", "town:1", "school:x"):
        assert_error(c.req("GET", path % bad, token=c.user("admin")), 400,
                     field="scope", what=bad)
    assert_error(c.req("GET", path % "school:99999999",
                       token=c.user("admin")), 404)
    scope = "school:%d" % SCHOOL
    assert_error(c.req("GET", path % scope + "&from=2026-11-30&to=%s" % D1,
                       token=c.user("admin")), 422, field="to")
    assert_error(c.req("GET", path % scope + "&from=2025-01-01&to=%s" % D1,
                       token=c.user("admin")), 422, field="to")
    assert_error(c.req("GET", path % scope + "&from=yesterday",
                       token=c.user("admin")), 400, field="from")
