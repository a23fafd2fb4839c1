/* test_results.c: period results from marks, report figures, defaults */
#include "harness.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "core/arena.h"
#include "db/db.h"
#include "journal/results.h"
#include "rules/dates.h"

#include <math.h>

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

/* Add marks (0-terminated) of one pupil to p. */
static void
pupil(struct results_pupils *p, int64_t id, const int *marks)
{
	for (; *marks; marks++)
		results_pupils_add(p, id, *marks);
}

TEST(quality_and_performance)
{
	struct arena *a = arena_new();
	struct results_pupils p;
	struct results_tally class1, class2, school;

	memset(&class1, 0, sizeof(class1));
	memset(&class2, 0, sizeof(class2));
	memset(&school, 0, sizeof(school));
	results_pupils_init(&p, a);
	pupil(&p, 11, (const int[]){ 5, 4, 4, 0 });    /* quality */
	pupil(&p, 12, (const int[]){ 5, 3, 0 });       /* performance only */
	pupil(&p, 13, (const int[]){ 2, 5, 0 });       /* neither */
	pupil(&p, 14, (const int[]){ 4, 0 });          /* quality */
	results_pupils_add(&p, 15, 0);         /* no mark: not a pupil */
	results_pupils_add(&p, 15, 6);
	results_pupils_flush(&p, &class1);
	CHECK_EQ_INT(class1.pupils, 4);
	CHECK_EQ_INT(class1.quality, 2);
	CHECK_EQ_INT(class1.performance, 3);
	CHECK_EQ_INT(class1.marks, 8);
	CHECK_EQ_INT(class1.mark_sum, 32);
	CHECK(NEAR(results_pct(class1.quality, class1.pupils), 50.0));
	CHECK(NEAR(results_pct(class1.performance, class1.pupils), 75.0));
	CHECK(NEAR(results_average(&class1), 4.0));

	/* flushing empties the set: the next class starts afresh */
	pupil(&p, 21, (const int[]){ 3, 3, 0 });
	results_pupils_flush(&p, &class2);
	CHECK_EQ_INT(class2.pupils, 1);
	CHECK_EQ_INT(class2.quality, 0);
	CHECK_EQ_INT(class2.performance, 1);

	class1.attended = 90;
	class1.held = 100;
	class1.unexcused = 3;
	class2.attended = 45;
	class2.held = 50;
	class2.unexcused = 1;
	results_tally_add(&school, &class1);
	results_tally_add(&school, &class2);
	CHECK_EQ_INT(school.pupils, 5);
	CHECK(NEAR(results_pct(school.quality, school.pupils), 40.0));
	CHECK(NEAR(results_pct(school.performance, school.pupils), 80.0));
	CHECK(NEAR(results_average(&school), 3.8));
	CHECK(NEAR(results_pct(school.attended, school.held), 90.0));
	CHECK_EQ_INT(school.unexcused, 4);
	arena_free(a);
}

TEST(many_pupils_and_empty_figures)
{
	struct arena *a = arena_new();
	struct results_pupils p;
	struct results_tally t;

	memset(&t, 0, sizeof(t));
	results_pupils_init(&p, a);
	/* beyond the first table size: every pupil kept apart */
	for (int64_t id = 1; id <= 300; id++) {
		results_pupils_add(&p, id * 7919, id % 10 == 0 ? 2 : 5);
		results_pupils_add(&p, id * 7919, 4);
	}
	results_pupils_flush(&p, &t);
	CHECK_EQ_INT(t.pupils, 300);
	CHECK_EQ_INT(t.marks, 600);
	CHECK_EQ_INT(t.quality, 270);
	CHECK_EQ_INT(t.performance, 270);

	memset(&t, 0, sizeof(t));
	results_pupils_flush(&p, &t);
	CHECK_EQ_INT(t.pupils, 0);
	CHECK(isnan(results_pct(t.quality, t.pupils)));
	CHECK(isnan(results_pct(t.attended, t.held)));
	CHECK(isnan(results_average(&t)));
	CHECK(NEAR(results_pct(1, 3), 100.0 / 3));
	arena_free(a);
}

TEST(acc_leaves_out_impossible_marks)
{
	struct arena *a = arena_new();
	struct results_acc acc;
	struct marks_result res;

	results_acc_init(&acc, a);
	results_acc_add(&acc, MARKS_FORMATIVE, 8, 0);
	results_acc_add(&acc, MARKS_FORMATIVE, 0, 0);   /* out of 1..10 */
	results_acc_add(&acc, MARKS_FORMATIVE, 11, 0);
	results_acc_add(&acc, MARKS_SOR, 15, 20);
	results_acc_add(&acc, MARKS_SOR, 5, 0);         /* no max */
	results_acc_add(&acc, MARKS_SOR, 21, 20);       /* above max */
	results_acc_add(&acc, MARKS_SOCH, 20, 25);
	results_acc_add(&acc, MARKS_SOCH, -1, 25);
	results_acc_add(&acc, MARKS_QUARTER, 5, 0);     /* not entered */
	results_acc_compute(&acc, &res);
	/* 0.25 x 80 + 0.25 x 75 + 0.5 x 80 = 78.75 -> 78.8 -> 4 */
	CHECK(res.has_total && res.has_fo && res.has_sor && res.has_soch);
	CHECK_EQ_INT(res.total_tenths, 788);
	CHECK_EQ_INT(res.mark, 4);

	results_acc_clear(&acc);
	results_acc_compute(&acc, &res);
	CHECK(!res.has_total);
	CHECK_EQ_INT(res.mark, 0);

	/* many marks: the arrays grow */
	for (int i = 0; i < 100; i++)
		results_acc_add(&acc, MARKS_FORMATIVE, 4, 0);
	results_acc_compute(&acc, &res);
	CHECK_EQ_INT(res.total_tenths, 400);
	CHECK_EQ_INT(res.mark, 3);
	arena_free(a);
}

/* Two pupils' marks sorted by pupil, over two quarters of a half-year. */
TEST(span_and_period_by_dates)
{
	struct arena *a = arena_new();
	int32_t q1 = date_from_ymd(2026, 9, 15), q2 = date_from_ymd(2026, 11,
		10);
	const struct results_mark v[] = {
		{ 5, 1, 100, q1, MARKS_FORMATIVE, 10, 0 },
		{ 5, 1, 101, q2, MARKS_FORMATIVE, 6, 0 },
		{ 9, 1, 100, q1, MARKS_SOCH, 10, 20 },
		{ 9, 1, 102, q2, MARKS_SOR, 19, 20 },
		{ 9, 1, 103, q2, MARKS_FORMATIVE, 9, 0 },
	};
	struct results_acc acc;
	struct marks_result res;
	size_t n, first;

	results_acc_init(&acc, a);
	first = results_span(v, ARRAY_SIZE(v), false, 9, &n);
	CHECK_EQ_INT(first, 2);
	CHECK_EQ_INT(n, 3);
	first = results_span(v, ARRAY_SIZE(v), false, 7, &n);
	CHECK_EQ_INT(n, 0);
	first = results_span(v, ARRAY_SIZE(v), false, 5, &n);
	CHECK_EQ_INT(first, 0);
	CHECK_EQ_INT(n, 2);

	/* pupil 5: quarter 2 alone 60.0; the half-year (both) 80.0 */
	results_compute(&acc, v, 2, date_from_ymd(2026, 11, 2),
		date_from_ymd(2026, 12, 29), &res);
	CHECK_EQ_INT(res.total_tenths, 600);
	CHECK_EQ_INT(res.mark, 3);
	results_compute(&acc, v, 2, date_from_ymd(2026, 9, 1),
		date_from_ymd(2026, 12, 29), &res);
	CHECK_EQ_INT(res.total_tenths, 800);
	CHECK_EQ_INT(res.mark, 4);

	/* pupil 9 over the half-year: fo 90, sor 95, soch 50:
	** 0.25 x 90 + 0.25 x 95 + 0.5 x 50 = 71.25 -> 71.3 */
	results_compute(&acc, &v[2], 3, date_from_ymd(2026, 9, 1),
		date_from_ymd(2026, 12, 29), &res);
	CHECK_EQ_INT(res.total_tenths, 713);
	/* quarter 1 alone: only the СОЧ, 50.0 -> 3 */
	results_compute(&acc, &v[2], 3, date_from_ymd(2026, 9, 1),
		date_from_ymd(2026, 10, 23), &res);
	CHECK(res.has_soch && !res.has_fo && !res.has_sor);
	CHECK_EQ_INT(res.total_tenths, 500);
	/* nothing in the range: no total */
	results_compute(&acc, &v[2], 3, date_from_ymd(2027, 1, 11),
		date_from_ymd(2027, 3, 17), &res);
	CHECK(!res.has_total);
	arena_free(a);
}

struct seen {
	int n;
	struct results_pair p[8];
};

static void
collect(void *arg, const struct results_pair *p)
{
	struct seen *s = arg;

	if (s->n < (int)ARRAY_SIZE(s->p))
		s->p[s->n] = *p;
	s->n++;
}

static struct query q_rows = QUERY(
	"SELECT student_id, course_id, lesson_id, date, kind, value, max, "
	"class_id FROM t ORDER BY seq");

/* Rows grouped by course, pupils interleaved lesson by lesson. */
TEST(stream_by_course)
{
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db *db = NULL;
	struct db_stmt *st;
	struct seen s;

	memset(&s, 0, sizeof(s));
	CHECK_EQ_INT(db_open(&db, ":memory:", &e), 0);
	if (db == NULL) {
		arena_free(a);
		return;
	}
	CHECK_EQ_INT(db_script(db, "CREATE TABLE t (seq INTEGER, "
		"student_id INTEGER, course_id INTEGER, lesson_id INTEGER, "
		"date TEXT, kind TEXT, value INTEGER, max INTEGER, "
		"class_id INTEGER);"
		"INSERT INTO t VALUES "
		"(1, 30, 7, 1, '2026-09-02', 'formative', 10, NULL, 4),"
		"(2, 20, 7, 1, '2026-09-02', 'formative', 4, NULL, 4),"
		"(3, 30, 7, 2, '2026-09-03', 'sor', 10, 20, 4),"
		"(4, 20, 7, 2, '2026-09-03', 'formative', 6, NULL, 4),"
		"(5, 40, 7, 2, '2026-09-03', 'formative', 0, NULL, 4),"
		"(6, 20, 8, 3, '2026-09-04', 'soch', 17, 20, 5),"
		"(7, 20, 9, 4, '2026-09-04', 'quarter', 5, NULL, 5);", &e), 0);
	st = db_prep(db, &q_rows, &e);
	CHECK(st != NULL);
	if (st != NULL)
		CHECK_EQ_INT(results_stream(st, a, RESULTS_MARK_NCOLS, collect,
			&s, &e), 0);
	/* course 7: pupils 20 and 30 by id (40 had only an impossible
	** mark); course 8: pupil 20; course 9 had no entered mark */
	CHECK_EQ_INT(s.n, 3);
	CHECK_EQ_INT(s.p[0].course_id, 7);
	CHECK_EQ_INT(s.p[0].student_id, 20);
	CHECK_EQ_INT(s.p[0].tag, 4);
	CHECK_EQ_INT(s.p[0].res.total_tenths, 500);
	CHECK_EQ_INT(s.p[0].res.mark, 3);
	CHECK_EQ_INT(s.p[1].student_id, 30);
	CHECK_EQ_INT(s.p[1].res.total_tenths, 750);   /* (100 + 50) / 2 */
	CHECK_EQ_INT(s.p[2].course_id, 8);
	CHECK_EQ_INT(s.p[2].tag, 5);
	CHECK_EQ_INT(s.p[2].res.total_tenths, 850);
	CHECK_EQ_INT(s.p[2].res.mark, 5);
	db_release(db);
	db_close(db);
	arena_free(a);
}

static struct auth
who(enum role role, int64_t region, int64_t district, int64_t school)
{
	struct auth a;

	memset(&a, 0, sizeof(a));
	a.person_id = 100;
	a.ngrants = 1;
	a.grants[0] = (struct grant){ role, region, district, school, 0, 0 };
	return a;
}

TEST(who_may_report)
{
	/* class 5 of school 3, district 2, region 1; district 2 itself */
	const struct place klass = { 1, 2, 3, 5, 0, 0, false };
	const struct place district = { 1, 2, 0, 0, 0, 0, false };
	const struct place region = { 1, 0, 0, 0, 0, 0, false };
	struct auth a;

	a = who(ROLE_MINISTRY, 0, 0, 0);
	CHECK(results_may_report(&a, &region));
	a = who(ROLE_REGION, 1, 0, 0);
	CHECK(results_may_report(&a, &klass));
	CHECK(results_may_report(&a, &region));
	a = who(ROLE_REGION, 9, 0, 0);
	CHECK(!results_may_report(&a, &klass));
	a = who(ROLE_DISTRICT, 1, 2, 0);
	CHECK(results_may_report(&a, &klass));
	CHECK(results_may_report(&a, &district));
	CHECK(!results_may_report(&a, &region));
	a = who(ROLE_SCHOOL_ADMIN, 1, 2, 3);
	CHECK(results_may_report(&a, &klass));
	CHECK(!results_may_report(&a, &district));
	a = who(ROLE_SCHOOL_ADMIN, 1, 2, 4);
	CHECK(!results_may_report(&a, &klass));
	a = who(ROLE_TEACHER, 1, 2, 3);
	CHECK(!results_may_report(&a, &klass));
	a = who(ROLE_PARENT, 1, 2, 3);
	CHECK(!results_may_report(&a, &klass));
	a = who(ROLE_PUPIL, 1, 2, 3);
	CHECK(!results_may_report(&a, &klass));
}

TEST(default_quarter_and_year)
{
	struct school_calendar c;

	calendar_default(2026, &c);
	/* in a quarter; in the autumn break: the quarter just ended */
	CHECK_EQ_INT(results_quarter_default(&c, c.quarters[0].starts), 1);
	CHECK_EQ_INT(results_quarter_default(&c, c.quarters[1].ends), 2);
	CHECK_EQ_INT(results_quarter_default(&c, c.quarters[0].ends + 3), 1);
	CHECK_EQ_INT(results_quarter_default(&c, c.quarters[2].ends + 2), 3);
	/* before the year: 1; after it: 4 */
	CHECK_EQ_INT(results_quarter_default(&c, date_from_ymd(2026, 8, 20)),
		1);
	CHECK_EQ_INT(results_quarter_default(&c, date_from_ymd(2027, 7, 1)),
		4);

	CHECK_EQ_INT(results_year_default(date_from_ymd(2026, 11, 24)), 2026);
	CHECK_EQ_INT(results_year_default(date_from_ymd(2027, 3, 1)), 2026);
	CHECK_EQ_INT(results_year_default(date_from_ymd(2027, 6, 15)), 2026);
	CHECK_EQ_INT(results_year_default(date_from_ymd(2027, 8, 31)), 2026);
	CHECK_EQ_INT(results_year_default(date_from_ymd(2027, 9, 1)), 2027);
}

HARNESS_MAIN(quality_and_performance, many_pupils_and_empty_figures,
	acc_leaves_out_impossible_marks, span_and_period_by_dates,
	stream_by_course, who_may_report, default_quarter_and_year)
