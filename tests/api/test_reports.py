# test_reports.py: GET /reports/quarter on a small school of our own,
# every figure worked out by hand below from the marks and attendance
# written straight into the store: the quarter, the quarter before, the
# same quarter a year before, the split by format, and who may ask.
#
# The school (ids from 990000 on, in the demo's first district):
#   year 2026 (the demo's): class A (grade 5): p1, p2, p3 (p3 in A's duty
#   group); class B (grade 6): p4, p5 (p5 in B's remote group);
#   year 2025: class C (grade 4): p6.
# Every course is taught 2 hours a week, so each quarter stands alone.
import datetime
import sqlite3

from apilib import assert_error, assert_keys, get_ok, show, world

BASE = 990000
SCHOOL = BASE
CLS_A, CLS_B, CLS_C = BASE + 1, BASE + 2, BASE + 3
P1, P2, P3, P4, P5, P6 = (BASE + 10 + k for k in range(6))
TEACHER, ADMIN = BASE + 20, BASE + 21
GROUP_DUTY, GROUP_REMOTE = BASE + 30, BASE + 31
A1, A2, B1, B2, C1 = (BASE + 40 + k for k in range(5))
FIG_KEYS = ("pupils", "quality_pct", "performance_pct", "attendance_pct",
            "unexcused_absences", "average_mark")
DAY = datetime.timedelta(days=1)


def pct(num, den):
    return None if den == 0 else round(100.0 * num / den, 2)


def figures(pupils, quality, performance, attended, held, unexcused,
            marks):
    """The six figures from counts: marks is the list of period marks."""
    return {"pupils": pupils, "quality_pct": pct(quality, pupils),
            "performance_pct": pct(performance, pupils),
            "attendance_pct": pct(attended, held),
            "unexcused_absences": unexcused,
            "average_mark": round(sum(marks) / len(marks), 2)
            if marks else None}


def school_days(cal, n):
    """(year's calendar, quarter n): its first three weekdays."""
    q = [x for x in cal["quarters"] if x["n"] == n][0]
    d, out = datetime.date.fromisoformat(q["starts"]), []
    while len(out) < 3:
        if d.isoweekday() <= 5:
            out.append(str(d))
        d += DAY
    return out


def fill(db, cal26, cal25):
    """The data set; returns nothing, every figure is derived below."""
    con = sqlite3.connect(db, timeout=15)
    try:
        with con:
            x = con.execute
            district, = x("SELECT district_id FROM schools ORDER BY id "
                          "LIMIT 1").fetchone()
            subj = [r[0] for r in x("SELECT id FROM subjects ORDER BY id "
                                    "LIMIT 2").fetchall()]
            pw, = x("SELECT pw_hash FROM people WHERE login = 'director'"
                    ).fetchone()
            x("INSERT INTO schools (id, district_id, name) VALUES "
              "(?, ?, 'Есеп мектебі')", (SCHOOL, district))
            for cid, year, grade, letter in (
                    (CLS_A, 2026, 5, "А"), (CLS_B, 2026, 6, "Б"),
                    (CLS_C, 2025, 4, "В")):
                x("INSERT INTO classes (id, school_id, year, grade, letter) "
                  "VALUES (?, ?, ?, ?, ?)", (cid, SCHOOL, year, grade,
                                             letter))
            for pid, login in ((P1, None), (P2, None), (P3, None),
                               (P4, None), (P5, None), (P6, None),
                               (TEACHER, "rep_teacher"),
                               (ADMIN, "rep_admin")):
                x("INSERT INTO people (id, full_name, login, pw_hash, "
                  "created_at) VALUES (?, ?, ?, ?, 0)",
                  (pid, "Оқушы %d" % pid, login, pw if login else None))
            for pid, cid in ((P1, CLS_A), (P2, CLS_A), (P3, CLS_A),
                             (P4, CLS_B), (P5, CLS_B), (P6, CLS_C)):
                x("INSERT INTO pupils (person_id, class_id) VALUES (?, ?)",
                  (pid, cid))
            x("INSERT INTO roles (person_id, role, school_id) VALUES "
              "(?, 'teacher', ?)", (TEACHER, SCHOOL))
            x("INSERT INTO roles (person_id, role, school_id) VALUES "
              "(?, 'school_admin', ?)", (ADMIN, SCHOOL))
            for gid, cid, kind, pid in ((GROUP_DUTY, CLS_A, "duty", P3),
                                        (GROUP_REMOTE, CLS_B, "remote",
                                         P5)):
                x("INSERT INTO subgroups (id, class_id, name, kind) VALUES "
                  "(?, ?, ?, ?)", (gid, cid, kind, kind))
                x("INSERT INTO subgroup_members (subgroup_id, pupil_id) "
                  "VALUES (?, ?)", (gid, pid))
            for co, cid, s in ((A1, CLS_A, subj[0]), (A2, CLS_A, subj[1]),
                               (B1, CLS_B, subj[0]), (B2, CLS_B, subj[1]),
                               (C1, CLS_C, subj[0])):
                x("INSERT INTO courses (id, class_id, subject_id, "
                  "teacher_id, hours_per_week) VALUES (?, ?, ?, ?, 2)",
                  (co, cid, s, TEACHER))

            now, q1 = school_days(cal26, 2), school_days(cal26, 1)
            last_year = school_days(cal25, 2)
            lessons = [  # id, course, class, date, period, mode
                (1, A1, CLS_A, now[0], 1, "in_person"),
                (2, A2, CLS_A, now[0], 2, "in_person"),
                (3, B1, CLS_B, now[0], 1, "online_sync"),
                (4, B2, CLS_B, now[0], 2, "in_person"),
                (5, A1, CLS_A, now[1], 1, "in_person"),
                (6, B1, CLS_B, now[1], 1, "tv"),
                (7, A1, CLS_A, q1[0], 1, "in_person"),
                (8, C1, CLS_C, last_year[0], 1, "in_person"),
            ]
            for n, co, cid, d, period, mode in lessons:
                x("INSERT INTO lessons (id, course_id, class_id, date, "
                  "period, starts, ends, teacher_id, mode) VALUES "
                  "(?, ?, ?, ?, ?, '08:00', '08:45', ?, ?)",
                  (BASE + n, co, cid, d, period, TEACHER, mode))
            marks = [  # lesson, pupil, kind, value, max
                (1, P1, "formative", 9, None), (1, P2, "formative", 5,
                                                None),
                (1, P3, "formative", 3, None),
                (2, P1, "formative", 8, None), (2, P2, "formative", 7,
                                                None),
                (2, P3, "formative", 6, None),
                (3, P4, "formative", 10, None), (3, P5, "formative", 4,
                                                 None),
                (4, P4, "sor", 18, 20), (4, P5, "sor", 13, 20),
                (7, P1, "formative", 6, None), (7, P2, "formative", 10,
                                                None),
                (8, P6, "formative", 2, None),
            ]
            for n, pid, kind, value, mx in marks:
                x("INSERT INTO marks (lesson_id, student_id, kind, value, "
                  "max, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, 0)",
                  (BASE + n, pid, kind, value, mx, TEACHER))
            for n, pid, status in ((5, P1, "absent_sick"), (5, P2, "late"),
                                   (5, P3, "absent_unexcused"),
                                   (6, P4, "absent_excused")):
                x("INSERT INTO attendance (lesson_id, student_id, status, "
                  "set_by, set_at) VALUES (?, ?, ?, ?, 0)",
                  (BASE + n, pid, status, TEACHER))
    finally:
        con.close()


# Quarter 2 of 2026, by hand. Period marks (ФО% = mean x 10, СОР% =
# score / max x 100; one part present carries the whole weight):
#   p1: A1 9 -> 90% -> 5, A2 8 -> 80% -> 4     p2: 5 -> 3, 7 -> 4
#   p3: 3 -> 30% -> 2, 6 -> 60% -> 3            (p3: the duty group)
#   p4: B1 10 -> 5, B2 18/20 = 90% -> 5       p5: 4 -> 40% -> 3,
#       13/20 = 65% -> 4                         (p5: the remote group)
# Attendance: a lesson held counts its class's pupils; A's three lessons
# 3 x 3 = 9 held, lesson 5 has one sick and one unexcused (late is
# attended): 7; B's three 3 x 2 = 6, one excused on lesson 6: 5.
CLASS_A = figures(3, 1, 2, 7, 9, 1, [5, 4, 3, 4, 2, 3])
CLASS_B = figures(2, 1, 2, 5, 6, 0, [5, 5, 3, 4])
SCHOOL_NOW = figures(5, 2, 4, 12, 15, 1, [5, 4, 3, 4, 2, 3, 5, 5, 3, 4])
# Quarter 1 of 2026: lesson 7 of class A, p1 6 -> 3, p2 10 -> 5, all 3
# present; class B had no lesson.
CLASS_A_Q1 = figures(2, 1, 2, 3, 3, 0, [3, 5])
CLASS_B_Q1 = figures(0, 0, 0, 0, 0, 0, [])
# Quarter 2 of 2025: class C, p6 2 -> 20% -> 2, present.
SCHOOL_2025 = figures(1, 0, 0, 1, 1, 0, [2])
# By format. Pupils: p3 duty, p5 remote (their groups); p4 remote (two
# of class B's three lessons were online or TV); p1, p2 in school.
# Attendance by the lesson's format: in school lessons 1, 2, 5 (9 held,
# 7 attended) and 4 (2, 2); remote lessons 3 (2, 2) and 6 (2, 1).
BY_FORMAT = {
    "in_school": figures(2, 1, 2, 9, 11, 1, [5, 4, 3, 4]),
    "remote": figures(2, 1, 2, 3, 4, 0, [5, 5, 3, 4]),
    "duty": figures(1, 0, 0, 0, 0, 0, [2, 3]),
}


def check_fig(got, want, what):
    assert_keys(got, FIG_KEYS, ("scope", "id", "name", "children", "year",
                                "quarter", "previous_quarter",
                                "previous_year", "by_format"), what=what)
    have = {k: got[k] for k in FIG_KEYS}
    assert have == want, "%s: got %s, by hand %s" % (what, have, want)


class Env:
    pass


def env(ctx):
    e = getattr(ctx, "_reports_env", None)
    if e is not None and e.c.server.alive():
        return e
    e = Env()
    w = world(ctx)
    db = ctx.fresh_db("reports")
    e.c = type(ctx)(ctx.runner, ctx.runner.start_server(db))
    cal26 = get_ok(e.c, "/api/v1/school-years?year=2026&school_id=%d" %
                   w.director_school, "admin")
    cal25 = get_ok(e.c, "/api/v1/school-years?year=2025&school_id=%d" %
                   w.director_school, "admin")
    fill(e.c.db, cal26, cal25)
    e.director_school = w.director_school
    e.district = get_ok(e.c, "/api/v1/schools/%d" % SCHOOL,
                        "admin")["district_id"]
    ctx._reports_env = e
    return e


def report(e, scope, who="admin", quarter=2, year=2026):
    return get_ok(e.c, "/api/v1/reports/quarter?scope=%s&year=%d&quarter=%d"
                  % (scope, year, quarter), who)


def test_report_school_by_hand(ctx):
    e = env(ctx)
    js = report(e, "school:%d" % SCHOOL)
    assert js["scope"] == "school:%d" % SCHOOL, show(js)
    check_fig(js, SCHOOL_NOW, "school, quarter 2")
    assert js["previous_quarter"]["year"] == 2026 and \
        js["previous_quarter"]["quarter"] == 1, show(js["previous_quarter"])
    check_fig(js["previous_quarter"], CLASS_A_Q1, "school, quarter 1")
    assert (js["previous_year"]["year"], js["previous_year"]["quarter"]) \
        == (2025, 2), show(js["previous_year"])
    check_fig(js["previous_year"], SCHOOL_2025, "school, 2025 quarter 2")
    assert sorted(js["by_format"]) == sorted(BY_FORMAT), show(
        js["by_format"])
    for f, want in BY_FORMAT.items():
        check_fig(js["by_format"][f], want, "school, format %s" % f)

    kids = {k["id"]: k for k in js["children"]}
    assert sorted(kids) == [CLS_A, CLS_B], show(js["children"])
    for cid, want, q1 in ((CLS_A, CLASS_A, CLASS_A_Q1),
                          (CLS_B, CLASS_B, CLASS_B_Q1)):
        k = kids[cid]
        assert k["scope"] == "class:%d" % cid and k["children"] == []
        check_fig(k, want, "class %d" % cid)
        check_fig(k["previous_quarter"], q1, "class %d, quarter 1" % cid)
        assert k["previous_year"] is None, "a class is one year's: %s" % (
            show(k["previous_year"]))
    # a class's figures are the same asked for on their own
    one = report(e, "class:%d" % CLS_A)
    check_fig(one, CLASS_A, "class A alone")
    assert one["by_format"]["duty"]["pupils"] == 1 and \
        one["by_format"]["in_school"]["pupils"] == 2, show(one["by_format"])


def test_report_quarter_one_compares_with_last_year(ctx):
    """Quarter 1: the quarter before is quarter 4 of the year before (no
    data: no pupils); a class has none in its own year."""
    e = env(ctx)
    js = report(e, "school:%d" % SCHOOL, quarter=1)
    check_fig(js, CLASS_A_Q1, "school, quarter 1")
    assert (js["previous_quarter"]["year"],
            js["previous_quarter"]["quarter"]) == (2025, 4)
    check_fig(js["previous_quarter"], figures(0, 0, 0, 0, 0, 0, []),
              "2025 quarter 4")
    a = [k for k in js["children"] if k["id"] == CLS_A][0]
    assert a["previous_quarter"] is None and a["previous_year"] is None


def test_report_district_holds_the_school(ctx):
    """The district's figures include the school's, as one child."""
    e = env(ctx)
    js = report(e, "district:%d" % e.district)
    ours = [k for k in js["children"] if k["id"] == SCHOOL]
    assert len(ours) == 1, show([k["id"] for k in js["children"]])
    check_fig(ours[0], SCHOOL_NOW, "the school inside its district")
    check_fig(ours[0]["previous_year"], SCHOOL_2025, "its 2025")
    assert js["pupils"] > SCHOOL_NOW["pupils"], show(js["pupils"])


def test_report_scope_refusals(ctx):
    e = env(ctx)
    path = "/api/v1/reports/quarter?scope=%s&year=2026&quarter=2"
    mine = report(e, "school:%d" % SCHOOL, "rep_admin")
    assert mine == report(e, "school:%d" % SCHOOL), \
        "the school's admin sees another report than the ministry"
    check_fig(report(e, "class:%d" % CLS_B, "rep_admin"), CLASS_B,
              "class B for its admin")
    # a school admin asking for another school, or its class: 404
    for who, scope in (("director", "school:%d" % SCHOOL),
                       ("director", "class:%d" % CLS_A),
                       ("rep_admin", "school:%d" % e.director_school)):
        assert_error(e.c.req("GET", path % scope,
                             token=e.c.user(who)), 404,
                     what="%s asks for %s" % (who, scope))
    # the area above: 403; a teacher of the school: 403
    assert_error(e.c.req("GET", path % ("district:%d" % e.district),
                         token=e.c.user("rep_admin")), 403)
    assert_error(e.c.req("GET", path % ("school:%d" % SCHOOL),
                         token=e.c.user("rep_teacher")), 403)
    assert_error(e.c.req("GET", path % ("school:%d" % SCHOOL)), 401)
    for bad in ("school", "school:", "school:0", "town:1", "school:x"):
        assert_error(e.c.req("GET", path % bad, token=e.c.user("admin")),
                     400, field="scope", what=bad)
    assert_error(e.c.req("GET", path % ("school:%d" % (BASE + 999)),
                         token=e.c.user("admin")), 404)
