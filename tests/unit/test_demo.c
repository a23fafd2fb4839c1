/* test_demo.c: `mektep demo` into a temporary SQLite file, checked by SQL */
#include "harness.h"
#include "core/log.h"
#include "db/db.h"
#include "demo/demo.h"
#include "journal/audit.h"
#include "rules/calendar.h"
#include "rules/dates.h"
#include "rules/marks.h"
#include "tmpdb.h"

/* The demo's "today" in these tests: mid second quarter of 2026-2027. */
#define TODAY "2026-11-24"

static int
generate_on(struct tmpdb *t, int schools, uint64_t seed, const char *today,
	bool full_attendance)
{
	struct demo_opts o = { .schools = schools, .seed = seed,
		.full_attendance = full_attendance };
	struct err e = { 0 };
	int rc;

	if (date_parse(today, &o.today) != 0 || tmpdb_open(t) != 0)
		return -1;
	rc = demo_generate(t->db, &o, &e);
	if (rc != 0)
		fprintf(stderr, "  demo_generate: %s\n", e.msg);
	return rc;
}

static int
generate(struct tmpdb *t, int schools, uint64_t seed)
{
	return generate_on(t, schools, seed, TODAY, false);
}

/*
** The demo most tests read: 2 schools, seed 42, made once (it takes a
** few seconds) and removed at exit. NULL if it could not be made.
*/
static struct tmpdb fix = { .path = "" };
static int fix_state;                   /* 0 not yet, 1 made, -1 failed */

static void
fixture_close(void)
{
	tmpdb_close(&fix);
}

static struct db *
fixture(void)
{
	if (fix_state == 0) {
		fix_state = generate(&fix, 2, 42) == 0 ? 1 : -1;
		atexit(fixture_close);
	}
	return fix_state == 1 ? fix.db : NULL;
}

/* FNV-1a over every column of every row of q. */
static uint64_t
digest(struct db *db, struct query *q, int ncols)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(db, q, &e);
	uint64_t h = 0xcbf29ce484222325u;

	while (st && db_step(st, &e) == DB_ROW) {
		for (int i = 0; i < ncols; i++) {
			const char *s = db_col_text(st, i);

			for (; s && *s; s++)
				h = (h ^ (unsigned char)*s) *
					0x100000001b3u;
			h = (h ^ 0xff) * 0x100000001b3u;
		}
	}
	db_release(db);
	return h;
}

static struct query q_login_role = QUERY(
	"SELECT count(*) FROM people p JOIN roles r ON r.person_id = p.id "
	"WHERE p.login = ?1 AND r.role = ?2");
static struct query q_district_of_first = QUERY(
	"SELECT count(*) FROM people p JOIN roles r ON r.person_id = p.id "
	"WHERE p.login = 'district' AND r.district_id = (SELECT district_id "
	"FROM schools WHERE id = (SELECT min(id) FROM schools))");
static struct query q_director_of_first = QUERY(
	"SELECT count(*) FROM people p JOIN roles r ON r.person_id = p.id "
	"WHERE p.login = 'director' AND r.role = 'school_admin' AND "
	"r.school_id = (SELECT min(id) FROM schools)");
static struct query q_children = QUERY(
	"SELECT count(*) FROM parent_links l WHERE l.parent_id = "
	"(SELECT id FROM people WHERE login = 'parent')");
static struct query q_children_classes = QUERY(
	"SELECT count(DISTINCT pu.class_id) FROM parent_links l "
	"JOIN pupils pu ON pu.person_id = l.pupil_id "
	"WHERE l.parent_id = (SELECT id FROM people WHERE login = 'parent')");
static struct query q_children_in_first = QUERY(
	"SELECT count(*) FROM parent_links l "
	"JOIN pupils pu ON pu.person_id = l.pupil_id "
	"JOIN classes c ON c.id = pu.class_id "
	"WHERE l.parent_id = (SELECT id FROM people WHERE login = 'parent') "
	"AND c.school_id = (SELECT min(id) FROM schools)");
static struct query q_first_child = QUERY(
	"SELECT min(l.pupil_id) = (SELECT id FROM people WHERE "
	"login = 'pupil') FROM parent_links l WHERE l.parent_id = "
	"(SELECT id FROM people WHERE login = 'parent')");
static struct query q_teacher_teaches = QUERY(
	"SELECT count(*) FROM courses co WHERE co.teacher_id = "
	"(SELECT id FROM people WHERE login = 'teacher') AND co.class_id = "
	"(SELECT class_id FROM pupils WHERE person_id = "
	"(SELECT id FROM people WHERE login = 'pupil'))");
static struct query q_teacher_class = QUERY(
	"SELECT count(*) FROM classes c WHERE c.class_teacher_id = "
	"(SELECT id FROM people WHERE login = 'teacher') AND "
	"c.school_id = (SELECT min(id) FROM schools)");
static struct query q_bad_sizes = QUERY(
	"SELECT count(*) FROM (SELECT c.id, count(p.person_id) AS n "
	"FROM classes c JOIN schools s ON s.id = c.school_id "
	"LEFT JOIN pupils p ON p.class_id = c.id WHERE s.kind <> 'small' "
	"GROUP BY c.id) x WHERE n < 20 OR n > 30");
static struct query q_classes = QUERY("SELECT count(*) FROM classes");
static struct query q_hashes = QUERY(
	"SELECT count(DISTINCT pw_hash) + 10 * (SELECT count(*) FROM people "
	"WHERE login IS NULL OR pw_hash IS NULL) FROM people");
static struct query q_meta_demo = QUERY(
	"SELECT count(*) FROM meta WHERE key = 'demo' AND value = '1'");
static struct query q_year = QUERY(
	"SELECT count(*) FROM school_years y WHERE y.school_id IS NULL AND "
	"y.year = 2026 AND y.starts = '2026-09-01' AND (SELECT count(*) "
	"FROM quarters q WHERE q.year_id = y.id) = 4 AND (SELECT count(*) "
	"FROM holidays h WHERE h.year_id = y.id AND h.kind = 'vacation') = 3");
/* split classes: two subgroups sharing out the class exactly */
static struct query q_bad_splits = QUERY(
	"SELECT count(*) FROM classes c WHERE (SELECT count(*) FROM pupils p "
	"WHERE p.class_id = c.id) >= 24 AND ((SELECT count(*) FROM subgroups "
	"g WHERE g.class_id = c.id) <> 2 OR (SELECT count(*) FROM "
	"subgroup_members m JOIN subgroups g ON g.id = m.subgroup_id WHERE "
	"g.class_id = c.id) <> (SELECT count(*) FROM pupils p WHERE "
	"p.class_id = c.id))");
/* a split subject has a different teacher in each subgroup */
static struct query q_same_teacher_splits = QUERY(
	"SELECT count(*) FROM courses a JOIN courses b ON "
	"b.class_id = a.class_id AND b.subject_id = a.subject_id AND "
	"b.subgroup_id > a.subgroup_id WHERE a.teacher_id = b.teacher_id");
static struct query q_courses_no_teacher = QUERY(
	"SELECT count(*) FROM courses WHERE teacher_id IS NULL");
static struct query q_orphans = QUERY(
	"SELECT count(*) FROM pupils p WHERE NOT EXISTS (SELECT 1 FROM "
	"parent_links l WHERE l.pupil_id = p.person_id)");
static struct query q_names = QUERY(
	"SELECT full_name, iin, birth_date, login, lang FROM people "
	"ORDER BY id");
static struct query q_structure = QUERY(
	"SELECT c.grade, c.letter, c.language, c.shift, s.code, "
	"co.hours_per_week, co.teacher_id FROM courses co "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN subjects s ON s.id = co.subject_id ORDER BY co.id");

/* ----- the journal ----- */

#define TEACHER "(SELECT id FROM people WHERE login = 'teacher')"
#define PUPIL "(SELECT id FROM people WHERE login = 'pupil')"
#define FIRST_SCHOOL "(SELECT min(id) FROM schools)"
/* marks with the lesson, course and class they belong to */
#define MARKS_JOINED "marks m JOIN lessons l ON l.id = m.lesson_id " \
	"JOIN courses co ON co.id = l.course_id " \
	"JOIN classes c ON c.id = l.class_id "

static struct query q_marks = QUERY("SELECT count(*) FROM marks");
static struct query q_first_marks = QUERY(
	"SELECT lesson_id, student_id, kind, value, max, set_at FROM marks "
	"ORDER BY lesson_id, student_id, kind LIMIT 10");
static struct query q_head = QUERY("SELECT seq, hash FROM audit_head");
static struct query q_timetable = QUERY(
	"SELECT course_id, weekday, period, valid_from FROM timetable "
	"ORDER BY id");

/* the demo teacher: every day the first school has lessons, to the end */
static struct query q_teacher_days = QUERY(
	"SELECT count(DISTINCT date) FROM lessons WHERE teacher_id = "
	TEACHER);
static struct query q_teacher_gaps = QUERY(
	"SELECT count(*) FROM (SELECT DISTINCT l.date FROM lessons l "
	"JOIN classes c ON c.id = l.class_id WHERE c.school_id = "
	FIRST_SCHOOL ") d WHERE NOT EXISTS (SELECT 1 FROM lessons t "
	"WHERE t.date = d.date AND t.teacher_id = " TEACHER ")");
static struct query q_teacher_last = QUERY(
	"SELECT max(date) = ?1 FROM lessons WHERE teacher_id = " TEACHER);

static struct query q_untopical = QUERY(
	"SELECT count(*) FROM lessons WHERE date <= ?1 AND "
	"(topic IS NULL OR topic = '')");
static struct query q_future_filled = QUERY(
	"SELECT count(*) FROM lessons WHERE date > ?1 AND (topic IS NOT NULL "
	"OR homework IS NOT NULL)");
static struct query q_future = QUERY(
	"SELECT count(*) FROM lessons WHERE date > ?1");
static struct query q_homework_pct = QUERY(
	"SELECT 100 * count(homework) / count(*) FROM lessons "
	"WHERE date <= ?1");
static struct query q_in_person_pct = QUERY(
	"SELECT 100 * sum(mode = 'in_person') / count(*) FROM lessons "
	"WHERE date <= ?1");
static struct query q_bad_links = QUERY(
	"SELECT count(*) FROM lessons WHERE (mode = 'online_sync' AND (link "
	"IS NULL OR link <> 'https://meet.example.org/' || CAST(id AS TEXT))) "
	"OR (mode = 'in_person' AND link IS NOT NULL)");

/* two subjects, or one whole-class course twice, in one slot */
static struct query q_tt_class_clash = QUERY(
	"SELECT count(*) FROM (SELECT co.class_id, t.weekday, t.period "
	"FROM timetable t JOIN courses co ON co.id = t.course_id "
	"GROUP BY co.class_id, t.weekday, t.period HAVING "
	"count(DISTINCT co.subject_id) > 1 OR "
	"count(*) <> count(DISTINCT COALESCE(co.subgroup_id, 0))) x");
static struct query q_tt_teacher_clash = QUERY(
	"SELECT count(*) FROM timetable a JOIN courses ca ON "
	"ca.id = a.course_id JOIN classes ka ON ka.id = ca.class_id "
	"JOIN timetable b ON b.weekday = a.weekday AND b.period = a.period "
	"AND b.id > a.id JOIN courses cb ON cb.id = b.course_id AND "
	"cb.teacher_id = ca.teacher_id JOIN classes kb ON "
	"kb.id = cb.class_id AND kb.shift = ka.shift");
static struct query q_tt_hours = QUERY(
	"SELECT count(*) FROM courses co WHERE co.hours_per_week <> "
	"(SELECT count(*) FROM timetable t WHERE t.course_id = co.id)");
/* lessons a day: grade 1 four, 2-4 five, 5-6 six, else seven; no gaps */
static struct query q_tt_days = QUERY(
	"SELECT count(*) FROM (SELECT c.grade, count(DISTINCT t.period) AS n, "
	"max(t.period) AS last FROM timetable t JOIN courses co ON "
	"co.id = t.course_id JOIN classes c ON c.id = co.class_id "
	"GROUP BY c.id, t.weekday) x WHERE last <> n OR n > CASE WHEN "
	"grade = 1 THEN 4 WHEN grade <= 4 THEN 5 WHEN grade <= 6 THEN 6 "
	"ELSE 7 END");
static struct query q_tt_saturday = QUERY(
	"SELECT count(*) FROM timetable WHERE weekday = 6 OR valid_from <> ?1 "
	"OR valid_to IS NOT NULL");

static struct query q_grade1_marks = QUERY(
	"SELECT count(*) FROM " MARKS_JOINED "WHERE c.grade = 1");
static struct query q_grade1_held = QUERY(
	"SELECT count(*) FROM lessons l JOIN classes c ON c.id = l.class_id "
	"WHERE c.grade = 1 AND l.date <= ?1 AND l.topic IS NOT NULL");
static struct query q_grade1_attendance = QUERY(
	"SELECT count(*) FROM attendance a JOIN lessons l ON "
	"l.id = a.lesson_id JOIN classes c ON c.id = l.class_id "
	"WHERE c.grade = 1");
static struct query q_grade1_week = QUERY(
	"SELECT count(*) FROM lessons l JOIN classes c ON c.id = l.class_id "
	"WHERE c.grade = 1 AND l.date BETWEEN ?1 AND ?2");

/* the scheduling limits of DOMAIN.md, over what was stored */
static struct query q_soch_per_day = QUERY(
	"SELECT count(*) FROM (SELECT l.class_id, l.date FROM " MARKS_JOINED
	"WHERE m.kind = 'soch' GROUP BY l.class_id, l.date "
	"HAVING count(DISTINCT co.subject_id) > 3) x");
static struct query q_soch_last_day = QUERY(
	"SELECT count(*) FROM " MARKS_JOINED "WHERE m.kind = 'soch' AND "
	"l.date IN (SELECT ends FROM quarters)");
static struct query q_sor_soch_day = QUERY(
	"SELECT count(*) FROM (SELECT DISTINCT l.class_id, co.subject_id, "
	"l.date FROM " MARKS_JOINED "WHERE m.kind = 'soch') s JOIN "
	"(SELECT DISTINCT l.class_id, co.subject_id, l.date FROM "
	MARKS_JOINED "WHERE m.kind = 'sor') r ON r.class_id = s.class_id "
	"AND r.subject_id = s.subject_id AND r.date = s.date");
/* СОЧ: one date per course in quarter 1 (?1..?2), in its last 2 weeks */
static struct query q_soch_missing = QUERY(
	"SELECT count(*) FROM courses co JOIN classes c ON c.id = co.class_id "
	"WHERE c.grade >= 2 AND co.hours_per_week >= 2 AND (SELECT "
	"count(DISTINCT l.date) FROM marks m JOIN lessons l ON "
	"l.id = m.lesson_id WHERE l.course_id = co.id AND m.kind = 'soch' "
	"AND l.date BETWEEN ?1 AND ?2) <> 1");
static struct query q_soch_early = QUERY(
	"SELECT count(*) FROM " MARKS_JOINED "WHERE m.kind = 'soch' AND "
	"l.date BETWEEN ?1 AND ?2");
/* half-year subjects (1 hour a week) have none in quarter 1 */
static struct query q_soch_half = QUERY(
	"SELECT count(*) FROM " MARKS_JOINED "WHERE m.kind = 'soch' AND "
	"co.hours_per_week = 1");
static struct query q_soch_after = QUERY(
	"SELECT count(*) FROM " MARKS_JOINED "WHERE m.kind = 'soch' AND "
	"l.date > ?1");
/* СОР: 2 or 3 dates per course in quarter 1, each pupil's out of max */
static struct query q_sor_count = QUERY(
	"SELECT count(*) FROM courses co JOIN classes c ON c.id = co.class_id "
	"WHERE c.grade >= 2 AND (SELECT count(DISTINCT l.date) FROM marks m "
	"JOIN lessons l ON l.id = m.lesson_id WHERE l.course_id = co.id AND "
	"m.kind = 'sor' AND l.date BETWEEN ?1 AND ?2) NOT BETWEEN 2 AND 3");
static struct query q_bad_values = QUERY(
	"SELECT count(*) FROM marks WHERE (kind = 'formative' AND (value NOT "
	"BETWEEN 1 AND 10 OR max IS NOT NULL)) OR (kind = 'sor' AND (max NOT "
	"BETWEEN 10 AND 25 OR value NOT BETWEEN 0 AND max)) OR "
	"(kind = 'soch' AND (max NOT BETWEEN 20 AND 30 OR value NOT BETWEEN "
	"0 AND max))");

/* rows about pupils not of the lesson, or set by another than its own */
static struct query q_strangers = QUERY(
	"SELECT count(*) FROM (SELECT lesson_id, student_id, set_by FROM marks "
	"UNION ALL SELECT lesson_id, student_id, set_by FROM attendance) x "
	"JOIN lessons l ON l.id = x.lesson_id JOIN courses co ON "
	"co.id = l.course_id JOIN pupils p ON p.person_id = x.student_id "
	"WHERE p.class_id <> l.class_id OR x.set_by <> l.teacher_id OR "
	"l.date > ?1 OR (co.subgroup_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
	"FROM subgroup_members sm WHERE sm.subgroup_id = co.subgroup_id AND "
	"sm.pupil_id = x.student_id))");
static struct query q_rows = QUERY(
	"SELECT (SELECT count(*) FROM marks) + (SELECT count(*) FROM "
	"attendance)");

static struct query q_pupil_marks = QUERY(
	"SELECT count(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id "
	"WHERE m.student_id = " PUPIL " AND l.date BETWEEN ?1 AND ?2");
static struct query q_pupil_kinds = QUERY(
	"SELECT count(DISTINCT m.kind) FROM marks m JOIN lessons l ON "
	"l.id = m.lesson_id WHERE m.student_id = " PUPIL " AND "
	"l.date BETWEEN ?1 AND ?2");
static struct query q_quarter_marks = QUERY(
	"SELECT m.student_id, l.course_id, m.kind, m.value, m.max FROM "
	MARKS_JOINED "WHERE l.date BETWEEN ?1 AND ?2 AND "
	"co.hours_per_week >= 2 ORDER BY m.student_id, l.course_id");

static struct query q_present_rows = QUERY(
	"SELECT count(*) FROM attendance WHERE status = 'present'");
static struct query q_statuses = QUERY(
	"SELECT count(DISTINCT status) FROM attendance");
/* pupil-lessons held up to ?1 */
static struct query q_seats = QUERY(
	"SELECT sum(CASE WHEN co.subgroup_id IS NULL THEN (SELECT count(*) "
	"FROM pupils p WHERE p.class_id = l.class_id) ELSE (SELECT count(*) "
	"FROM subgroup_members sm WHERE sm.subgroup_id = co.subgroup_id) END) "
	"FROM lessons l JOIN courses co ON co.id = l.course_id "
	"WHERE l.date <= ?1");
static struct query q_attendance = QUERY("SELECT count(*) FROM attendance");

TEST(fixed_logins)
{
	struct tmpdb t;

	if ((t.db = fixture()) == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(num(t.db, &q_login_role, "admin", "ministry"), 1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "region", "region"), 1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "district", "district"), 1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "director", "school_admin"),
		1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "teacher", "teacher"), 1);
	CHECK_EQ_INT(num(t.db, &q_district_of_first, NULL, NULL), 1);
	CHECK_EQ_INT(num(t.db, &q_director_of_first, NULL, NULL), 1);

	/* parent: two children in different classes of school 1 */
	CHECK_EQ_INT(num(t.db, &q_children, NULL, NULL), 2);
	CHECK_EQ_INT(num(t.db, &q_children_classes, NULL, NULL), 2);
	CHECK_EQ_INT(num(t.db, &q_children_in_first, NULL, NULL), 2);
	CHECK_EQ_INT(num(t.db, &q_first_child, NULL, NULL), 1);
	/* teacher: teaches in the pupil's class, class teacher there */
	CHECK(num(t.db, &q_teacher_teaches, NULL, NULL) >= 1);
	CHECK_EQ_INT(num(t.db, &q_teacher_class, NULL, NULL), 1);
	/* everyone logs in with the one hash of "demo" */
	CHECK_EQ_INT(num(t.db, &q_hashes, NULL, NULL), 1);
}

TEST(structure)
{
	struct tmpdb t;
	struct demo_opts o = { .schools = 2, .seed = 42 };
	struct err e = { 0 };

	if ((t.db = fixture()) == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK(num(t.db, &q_classes, NULL, NULL) >= 40);
	CHECK_EQ_INT(num(t.db, &q_bad_sizes, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_bad_splits, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_same_teacher_splits, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_courses_no_teacher, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_orphans, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_meta_demo, NULL, NULL), 1);
	CHECK_EQ_INT(num(t.db, &q_year, NULL, NULL), 1);

	/* a second run finds the data and refuses */
	o.today = date_from_ymd(2026, 11, 24);
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_CONFLICT);
}

TEST(bad_options)
{
	struct tmpdb t;
	struct demo_opts o = { .schools = 0, .seed = 1 };
	struct err e = { 0 };

	if (tmpdb_open(&t) != 0) {
		CHECK(!"opened");
		return;
	}
	o.today = date_from_ymd(2026, 11, 24);
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_INVAL);
	o.schools = DEMO_SCHOOLS_MAX + 1;
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_INVAL);
	o.schools = 1;
	o.today = date_from_ymd(1970, 1, 1);
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_INVAL);
	tmpdb_close(&t);
}

/*
** Same seed, same demo: names, structure, and the journal down to the
** audit chain's head; another seed, other names. The third demo is made
** on 2 September, with almost nothing to fill in: names do not depend
** on the day.
*/
TEST(deterministic)
{
	struct tmpdb b = { .path = "" }, c = { .path = "" };
	struct db *a = fixture();
	int ok = a != NULL && generate(&b, 2, 42) == 0 &&
		generate_on(&c, 2, 8, "2026-09-02", false) == 0;

	CHECK(ok);
	if (ok) {
		CHECK(digest(a, &q_names, 5) == digest(b.db, &q_names, 5));
		CHECK(digest(a, &q_structure, 7) ==
			digest(b.db, &q_structure, 7));
		CHECK(digest(a, &q_names, 5) != digest(c.db, &q_names, 5));
		CHECK(num(a, &q_marks, NULL, NULL) > 0);
		CHECK_EQ_INT(num(a, &q_marks, NULL, NULL),
			num(b.db, &q_marks, NULL, NULL));
		CHECK(digest(a, &q_first_marks, 6) ==
			digest(b.db, &q_first_marks, 6));
		CHECK(digest(a, &q_head, 2) == digest(b.db, &q_head, 2));
		CHECK(digest(a, &q_timetable, 4) ==
			digest(b.db, &q_timetable, 4));
	}
	tmpdb_close(&b);
	tmpdb_close(&c);
}

static void
day_text(int32_t day, char *buf)
{
	date_format(day, buf);
}

/* API.md: the teacher has lessons on every school day of the year. */
TEST(teacher_every_day)
{
	struct school_calendar cal;
	struct db *db = fixture();
	char last[11];

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	calendar_default(2026, &cal);
	day_text(cal.quarters[3].ends, last);
	CHECK_EQ_INT(num(db, &q_teacher_days, NULL, NULL),
		calendar_school_days(&cal, 0));
	CHECK_EQ_INT(num(db, &q_teacher_gaps, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_teacher_last, last, NULL), 1);
}

/* Past lessons carry topics and mostly homework; future ones nothing. */
TEST(lessons_past_and_future)
{
	struct db *db = fixture();
	int64_t hw, in_person;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(num(db, &q_untopical, TODAY, NULL), 0);
	CHECK_EQ_INT(num(db, &q_future_filled, TODAY, NULL), 0);
	CHECK(num(db, &q_future, TODAY, NULL) > 10000);
	hw = num(db, &q_homework_pct, TODAY, NULL);
	CHECK(hw >= 55 && hw <= 85);
	in_person = num(db, &q_in_person_pct, TODAY, NULL);
	CHECK(in_person >= 90 && in_person < 100);
	CHECK_EQ_INT(num(db, &q_bad_links, NULL, NULL), 0);
}

TEST(timetable)
{
	struct db *db = fixture();

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(num(db, &q_tt_class_clash, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_tt_teacher_clash, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_tt_hours, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_tt_days, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_tt_saturday, "2026-09-01", NULL), 0);
}

/*
** The demo loads with foreign-key and CHECK constraints off (db_bulk()):
** every reference it wrote must resolve and every value keep the
** schema's domain, and the normal settings must be back afterwards.
*/
static struct query q_dangling = QUERY(
	"SELECT (SELECT count(*) FROM marks m LEFT JOIN lessons l ON "
	"l.id = m.lesson_id LEFT JOIN people p ON p.id = m.student_id "
	"WHERE l.id IS NULL OR p.id IS NULL) + "
	"(SELECT count(*) FROM attendance a LEFT JOIN lessons l ON "
	"l.id = a.lesson_id LEFT JOIN people p ON p.id = a.student_id "
	"WHERE l.id IS NULL OR p.id IS NULL) + "
	"(SELECT count(*) FROM lessons l LEFT JOIN courses co ON "
	"co.id = l.course_id LEFT JOIN classes c ON c.id = l.class_id "
	"LEFT JOIN people t ON t.id = l.teacher_id WHERE co.id IS NULL "
	"OR c.id IS NULL OR (l.teacher_id IS NOT NULL AND t.id IS NULL)) + "
	"(SELECT count(*) FROM courses co LEFT JOIN classes c ON "
	"c.id = co.class_id LEFT JOIN subjects s ON s.id = co.subject_id "
	"LEFT JOIN subgroups g ON g.id = co.subgroup_id WHERE c.id IS NULL "
	"OR s.id IS NULL OR (co.subgroup_id IS NOT NULL AND g.id IS NULL)) + "
	"(SELECT count(*) FROM timetable t LEFT JOIN courses co ON "
	"co.id = t.course_id WHERE co.id IS NULL) + "
	"(SELECT count(*) FROM pupils pu LEFT JOIN classes c ON "
	"c.id = pu.class_id LEFT JOIN people p ON p.id = pu.person_id "
	"WHERE c.id IS NULL OR p.id IS NULL) + "
	"(SELECT count(*) FROM parent_links pl LEFT JOIN people a ON "
	"a.id = pl.parent_id LEFT JOIN people b ON b.id = pl.pupil_id "
	"WHERE a.id IS NULL OR b.id IS NULL) + "
	"(SELECT count(*) FROM subgroup_members m LEFT JOIN subgroups g ON "
	"g.id = m.subgroup_id LEFT JOIN people p ON p.id = m.pupil_id "
	"WHERE g.id IS NULL OR p.id IS NULL) + "
	"(SELECT count(*) FROM roles r LEFT JOIN people p ON "
	"p.id = r.person_id WHERE p.id IS NULL) + "
	"(SELECT count(*) FROM classes c LEFT JOIN schools s ON "
	"s.id = c.school_id WHERE s.id IS NULL)");
static struct query q_out_of_domain = QUERY(
	"SELECT (SELECT count(*) FROM marks WHERE kind NOT IN "
	"('formative', 'sor', 'soch')) + "
	"(SELECT count(*) FROM attendance WHERE status NOT IN ('present', "
	"'late', 'absent_excused', 'absent_sick', 'absent_unexcused')) + "
	"(SELECT count(*) FROM lessons WHERE status NOT IN ('scheduled', "
	"'cancelled') OR mode NOT IN ('in_person', 'online_sync', "
	"'online_async', 'tv'))");
static struct query q_journal_mode = QUERY("PRAGMA journal_mode");
static struct query q_foreign_keys = QUERY("PRAGMA foreign_keys");

TEST(bulk_load_consistent)
{
	struct db *db = fixture();
	struct err e = { 0 };
	struct db_stmt *st;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(num(db, &q_dangling, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_out_of_domain, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_foreign_keys, NULL, NULL), 1);
	st = db_prep(db, &q_journal_mode, &e);
	CHECK(st != NULL && db_step(st, &e) == DB_ROW &&
		strcmp(db_col_text(st, 0), "wal") == 0);
	db_release(db);
}

/* Grade 1: no marks, but lessons, topics and attendance; its own week. */
TEST(grade1)
{
	struct school_calendar cal;
	struct db *db = fixture();
	char a[11] = "", b[11] = "";

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	calendar_default(2026, &cal);
	for (int i = 0; i < cal.nholidays; i++) {
		if (cal.holidays[i].kind == CALENDAR_GRADE1) {
			day_text(cal.holidays[i].starts, a);
			day_text(cal.holidays[i].ends, b);
		}
	}
	CHECK(a[0] != '\0');
	CHECK_EQ_INT(num(db, &q_grade1_marks, NULL, NULL), 0);
	CHECK(num(db, &q_grade1_held, TODAY, NULL) > 100);
	CHECK(num(db, &q_grade1_attendance, NULL, NULL) > 0);
	CHECK_EQ_INT(num(db, &q_grade1_week, a, b), 0);
}

/* The limits of DOMAIN.md hold over every summative mark stored. */
TEST(summative_limits)
{
	struct db *db = fixture();

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK(num(db, &q_marks, NULL, NULL) > 0);
	CHECK_EQ_INT(num(db, &q_soch_per_day, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_soch_last_day, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_sor_soch_day, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_bad_values, NULL, NULL), 0);
}

/*
** Quarter 1 is over: every course of grades 2-11 had 2-3 СОР and, but
** for the half-year subjects, one СОЧ in its last two weeks. Quarter 2's
** СОЧ are still to come.
*/
TEST(summative_plan)
{
	struct school_calendar cal;
	struct db *db = fixture();
	char q1[11], q1_end[11], q1_early[11];

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	calendar_default(2026, &cal);
	day_text(cal.quarters[0].starts, q1);
	day_text(cal.quarters[0].ends, q1_end);
	day_text(cal.quarters[0].ends - 14, q1_early);
	CHECK_EQ_INT(num(db, &q_soch_missing, q1, q1_end), 0);
	CHECK_EQ_INT(num(db, &q_soch_early, q1, q1_early), 0);
	CHECK_EQ_INT(num(db, &q_soch_half, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_soch_after, q1_end, NULL), 0);
	CHECK_EQ_INT(num(db, &q_sor_count, q1, q1_end), 0);
}

/* Every mark and attendance row came through the audit chain. */
TEST(audit_chain)
{
	struct db *db = fixture();
	struct err e = { 0 };
	int64_t checked = 0;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(audit_verify(db, &checked, &e), 0);
	db_release(db);
	if (e.code)
		fprintf(stderr, "  audit_verify: %s\n", e.msg);
	CHECK(checked > 0);
	CHECK_EQ_INT(checked, num(db, &q_rows, NULL, NULL));
	CHECK_EQ_INT(num(db, &q_strangers, TODAY, NULL), 0);
}

/* The demo pupil has marks this quarter, and all three kinds in the last. */
TEST(pupil_marks)
{
	struct school_calendar cal;
	struct db *db = fixture();
	char q1[11], q1_end[11], q2[11];

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	calendar_default(2026, &cal);
	day_text(cal.quarters[0].starts, q1);
	day_text(cal.quarters[0].ends, q1_end);
	day_text(cal.quarters[1].starts, q2);
	CHECK(num(db, &q_pupil_marks, q2, TODAY) > 0);
	CHECK_EQ_INT(num(db, &q_pupil_kinds, q1, q1_end), 3);
}

/*
** Quarter 1's results, as the rules compute them, spread like a school's:
** most 4 and 5, some 3, few 2.
*/
TEST(quarter_marks)
{
	struct school_calendar cal;
	struct db *db = fixture();
	struct err e = { 0 };
	struct db_stmt *st;
	char q1[11], q1_end[11];
	int fo[200], nfo = 0, nsor = 0, nsoch = 0, count[6] = { 0 }, total;
	struct marks_points sor[8], soch[4];
	int64_t pupil = -1, course = -1;
	int rc;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	calendar_default(2026, &cal);
	day_text(cal.quarters[0].starts, q1);
	day_text(cal.quarters[0].ends, q1_end);
	st = db_prep(db, &q_quarter_marks, &e);
	CHECK(st != NULL);
	if (st == NULL)
		return;
	db_bind_text(st, 1, q1);
	db_bind_text(st, 2, q1_end);
	do {
		struct marks_result r;
		const char *kind = NULL;

		rc = db_step(st, &e);
		if (rc == DB_ROW && db_col_i64(st, 0) == pupil &&
		    db_col_i64(st, 1) == course) {
			kind = db_col_text(st, 2);
		} else {
			if (pupil >= 0 && marks_quarter_compute(fo,
			    (size_t)nfo, sor, (size_t)nsor, soch,
			    (size_t)nsoch, &r) == 0 && r.has_total)
				count[r.mark]++;
			nfo = nsor = nsoch = 0;
			if (rc == DB_ROW) {
				pupil = db_col_i64(st, 0);
				course = db_col_i64(st, 1);
				kind = db_col_text(st, 2);
			}
		}
		if (kind == NULL)
			continue;
		if (strcmp(kind, "formative") == 0 &&
		    nfo < (int)ARRAY_SIZE(fo))
			fo[nfo++] = (int)db_col_i64(st, 3);
		else if (strcmp(kind, "sor") == 0 &&
		    nsor < (int)ARRAY_SIZE(sor))
			sor[nsor++] = (struct marks_points){
				(int32_t)db_col_i64(st, 3),
				(int32_t)db_col_i64(st, 4) };
		else if (strcmp(kind, "soch") == 0 &&
		    nsoch < (int)ARRAY_SIZE(soch))
			soch[nsoch++] = (struct marks_points){
				(int32_t)db_col_i64(st, 3),
				(int32_t)db_col_i64(st, 4) };
	} while (rc == DB_ROW);
	db_release(db);
	total = count[2] + count[3] + count[4] + count[5];
	CHECK(total > 1000);
	if (total == 0)
		return;
	CHECK(count[2] > 0 && 100 * count[2] / total <= 5);
	CHECK(100 * count[3] / total >= 10 && 100 * count[3] / total <= 35);
	CHECK(100 * (count[4] + count[5]) / total >= 60);
	CHECK(100 * count[5] / total >= 15);
}

/*
** Only the late and the absent have rows (a pupil of a lesson held
** without one was present): some 7% of the pupils' lessons.
*/
TEST(attendance_sparse)
{
	struct db *db = fixture();
	int64_t rows, seats;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	rows = num(db, &q_attendance, NULL, NULL);
	seats = num(db, &q_seats, TODAY, NULL);
	CHECK_EQ_INT(num(db, &q_present_rows, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_statuses, NULL, NULL), 4);
	CHECK(seats > 0 && 1000 * rows / seats >= 40 &&
		1000 * rows / seats <= 100);
}

/* With full_attendance every pupil of every lesson held has a row. */
TEST(full_attendance)
{
	struct tmpdb t = { .path = "" };
	struct err e = { 0 };
	int64_t checked = 0;
	const char *today = "2026-09-04";

	if (generate_on(&t, 1, 5, today, true) != 0) {
		CHECK(!"generated");
		tmpdb_close(&t);
		return;
	}
	CHECK(num(t.db, &q_attendance, NULL, NULL) > 1000);
	CHECK_EQ_INT(num(t.db, &q_attendance, NULL, NULL),
		num(t.db, &q_seats, today, NULL));
	CHECK(num(t.db, &q_present_rows, NULL, NULL) > 0);
	CHECK_EQ_INT(audit_verify(t.db, &checked, &e), 0);
	db_release(t.db);
	CHECK_EQ_INT(checked, num(t.db, &q_rows, NULL, NULL));
	tmpdb_close(&t);
}

HARNESS_MAIN(fixed_logins, structure, bad_options, deterministic,
	teacher_every_day, lessons_past_and_future, timetable,
	bulk_load_consistent, grade1,
	summative_limits, summative_plan, audit_chain, pupil_marks,
	quarter_marks, attendance_sparse, full_attendance)
