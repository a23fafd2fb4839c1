# test_me_courses.py: GET /me/courses, the courses the caller teaches
# (the teacher's journal page lists them), and the school's today.
from apilib import assert_error, assert_keys, get_ok, items, show

KEYS = ("course_id", "class_id", "class_name", "year", "school_id",
        "subject", "subgroup", "hours_per_week")


def test_teacher_courses_are_exactly_theirs(ctx):
    """Every course of the answer is the teacher's by GET /courses/{id},
    and every course of the teacher's classes that names them is listed."""
    js = get_ok(ctx, "/api/v1/me/courses", "teacher")
    assert_keys(js, ("today", "courses"))
    cs = js["courses"]
    assert cs, "the demo teacher teaches nothing: %s" % show(js)
    me = get_ok(ctx, "/api/v1/me", "teacher")
    for c in cs:
        assert_keys(c, KEYS, what="course item")
        full = get_ok(ctx, "/api/v1/courses/%d" % c["course_id"], "teacher")
        assert full["teacher"]["id"] == me["id"], show(full)
        assert full["class_id"] == c["class_id"]
        assert full["class_name"] == c["class_name"]
        assert full["subject"]["name_kk"] == c["subject"]
        assert full["hours_per_week"] == c["hours_per_week"]
    listed = {c["course_id"] for c in cs}
    for cls in {c["class_id"] for c in cs}:
        for co in items(get_ok(ctx, "/api/v1/classes/%d/courses?limit=1000"
                               % cls, "teacher")):
            mine = co["teacher"] and co["teacher"]["id"] == me["id"]
            assert mine == (co["id"] in listed), \
                "course %d: teacher's %s, listed %s" % (
                    co["id"], mine, co["id"] in listed)
    years = [c["year"] for c in cs]
    assert years == sorted(years, reverse=True), years


def test_lessons_of_today_belong_to_listed_courses(ctx):
    """"today" is the day /me/lessons is asked about by the page; the
    run's server has --today fixed, and the demo teacher teaches on every
    school day, so its lessons of that day (if a school day) are of the
    listed courses."""
    js = get_ok(ctx, "/api/v1/me/courses", "teacher")
    day = js["today"]
    assert len(day) == 10 and day[4] == "-" and day[7] == "-", day
    ls = get_ok(ctx, "/api/v1/me/lessons?from=%s&to=%s" % (day, day),
                "teacher")["lessons"]
    listed = {c["course_id"] for c in js["courses"]}
    assert all(l["course_id"] in listed for l in ls), show(ls)
    # the same day the timetable calls the school's today
    cls = js["courses"][0]["class_id"]
    tt = get_ok(ctx, "/api/v1/classes/%d/timetable" % cls, "teacher")
    assert tt["date"] == day, (tt["date"], day)


def test_subject_in_the_language_asked(ctx):
    kk = get_ok(ctx, "/api/v1/me/courses", "teacher")["courses"]
    ru = get_ok(ctx, "/api/v1/me/courses?lang=ru", "teacher")["courses"]
    en = get_ok(ctx, "/api/v1/me/courses?lang=en", "teacher")["courses"]
    assert [c["course_id"] for c in kk] == [c["course_id"] for c in ru]
    subj = {s["name_kk"]: s for s in items(get_ok(
        ctx, "/api/v1/subjects?limit=1000", "teacher"))}
    for a, b, c in zip(kk, ru, en):
        assert b["subject"] == subj[a["subject"]]["name_ru"], (a, b)
        assert c["subject"] == subj[a["subject"]]["name_en"], (a, c)


def test_others_teach_nothing(ctx):
    for who in ("pupil", "parent", "director"):
        js = get_ok(ctx, "/api/v1/me/courses", who)
        assert js["courses"] == [], "%s: %s" % (who, show(js))


def test_needs_a_login(ctx):
    assert_error(ctx.req("GET", "/api/v1/me/courses"), 401)
