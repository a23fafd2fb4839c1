/* test_marks.c: mark kinds, entry checks, quarter, half-year, year marks */
#include "harness.h"
#include "core/err.h"
#include "rules/marks.h"

#include <math.h>

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

/* n copies of hi then m copies of lo into buf; returns the count */
static size_t
fill(int *buf, int hi, size_t n, int lo, size_t m)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = hi;
	for (size_t i = 0; i < m; i++)
		buf[n + i] = lo;
	return n + m;
}

/* marks_quarter_compute() that must succeed */
static struct marks_result
compute(const int *fo, size_t n_fo, const struct marks_points *sor,
	size_t n_sor, const struct marks_points *soch, size_t n_soch)
{
	struct marks_result r;

	CHECK_EQ_INT(marks_quarter_compute(fo, n_fo, sor, n_sor, soch, n_soch,
		&r), 0);
	return r;
}

TEST(kind_names)
{
	CHECK_EQ_INT(marks_kind_parse("formative"), MARKS_FORMATIVE);
	CHECK_EQ_INT(marks_kind_parse("sor"), MARKS_SOR);
	CHECK_EQ_INT(marks_kind_parse("soch"), MARKS_SOCH);
	CHECK_EQ_INT(marks_kind_parse("quarter"), MARKS_QUARTER);
	CHECK_EQ_INT(marks_kind_parse("year"), MARKS_YEAR);
	CHECK_EQ_INT(marks_kind_parse("SOR"), ERR_INVAL);
	CHECK_EQ_INT(marks_kind_parse("so"), ERR_INVAL);
	CHECK_EQ_INT(marks_kind_parse(""), ERR_INVAL);
	CHECK_EQ_INT(marks_kind_parse(NULL), ERR_INVAL);
	for (int k = 0; k < MARKS_KIND_COUNT; k++)
		CHECK_EQ_INT(marks_kind_parse(marks_kind_name(k)), k);
	CHECK_EQ_STR(marks_kind_name(MARKS_SOCH), "soch");
	CHECK(marks_kind_name(-1) == NULL);
	CHECK(marks_kind_name(MARKS_KIND_COUNT) == NULL);
}

TEST(validate_formative)
{
	char msg[ERR_MSG_MAX];

	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, 1, false, 0, msg,
		sizeof(msg)), 0);
	CHECK_EQ_STR(msg, "");
	CHECK_EQ_INT(marks_validate(11, MARKS_FORMATIVE, 10, false, 0, msg,
		sizeof(msg)), 0);
	/* a max is ignored, whatever it is */
	CHECK_EQ_INT(marks_validate(2, MARKS_FORMATIVE, 7, true, 55, msg,
		sizeof(msg)), 0);
	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, 0, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "formative mark must be a whole number from 1 to 10");
	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, 11, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, 7.5, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, NAN, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, 1e300, false, 0, NULL,
		0), ERR_INVAL);
	/* a short buffer is truncated, still a string */
	CHECK_EQ_INT(marks_validate(5, MARKS_FORMATIVE, -1, false, 0, msg, 10),
		ERR_INVAL);
	CHECK_EQ_STR(msg, "formative");
}

TEST(validate_summative)
{
	char msg[ERR_MSG_MAX];

	CHECK_EQ_INT(marks_validate(7, MARKS_SOR, 0, true, 20, msg,
		sizeof(msg)), 0);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOR, 20, true, 20, msg,
		sizeof(msg)), 0);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, 100, true, 100, msg,
		sizeof(msg)), 0);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, 1, true, 1, msg,
		sizeof(msg)), 0);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOR, 21, true, 20, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "sor mark must be a whole number from 0 to its max "
		"20");
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, -1, true, 20, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "soch mark must be a whole number from 0 to its "
		"max 20");
	CHECK_EQ_INT(marks_validate(7, MARKS_SOR, 5.5, true, 20, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOR, 5, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "a sor mark needs a max");
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, 0, true, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "max of a soch mark must be a whole number from 1 "
		"to 100");
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, 5, true, 101, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, 5, true, 12.5, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(7, MARKS_SOCH, 5, true, NAN, msg,
		sizeof(msg)), ERR_INVAL);
}

TEST(validate_computed_kinds_and_grades)
{
	char msg[ERR_MSG_MAX];

	CHECK_EQ_INT(marks_validate(5, MARKS_QUARTER, 4, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "quarter marks are computed, not entered");
	CHECK_EQ_INT(marks_validate(5, MARKS_YEAR, 4, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "year marks are computed, not entered");
	CHECK_EQ_INT(marks_validate(5, 99, 4, false, 0, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_STR(msg, "unknown mark kind");
	/* grade 1 (and the pre-school grade 0): no marks of any kind */
	for (int k = 0; k < MARKS_KIND_COUNT; k++) {
		CHECK_EQ_INT(marks_validate(1, k, 5, true, 10, msg,
			sizeof(msg)), ERR_INVAL);
		CHECK_EQ_STR(msg, "pupils of grade 1 get no marks");
	}
	CHECK_EQ_INT(marks_validate(0, MARKS_FORMATIVE, 5, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(marks_validate(12, MARKS_FORMATIVE, 5, false, 0, msg,
		sizeof(msg)), ERR_INVAL);
	CHECK_EQ_STR(msg, "grade 12 does not exist");
	CHECK_EQ_INT(marks_validate(2, MARKS_FORMATIVE, 5, false, 0, msg,
		sizeof(msg)), 0);
}

TEST(boundaries_with_one_soch)
{
	/*
	** The computation takes any max >= 1 (only entry is capped at 100),
	** so one СОЧ puts the total anywhere: total = soch% alone.
	**   3994/10000 x 100 = 39.94 -> 39.9 -> 2
	**   3995/10000 x 100 = 39.95 -> 40.0 -> 3 (half up)
	**   6494/10000 -> 64.94 -> 64.9 -> 3;  6495/10000 -> 65.0 -> 4
	**   8494/10000 -> 84.94 -> 84.9 -> 4;  8495/10000 -> 85.0 -> 5
	*/
	static const struct { int score, tenths, mark; } t[] = {
		{ 3994, 399, 2 }, { 3995, 400, 3 }, { 6494, 649, 3 },
		{ 6495, 650, 4 }, { 8494, 849, 4 }, { 8495, 850, 5 },
		{ 0, 0, 2 }, { 10000, 1000, 5 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct marks_points w = { t[i].score, 10000 };
		struct marks_result r = compute(NULL, 0, NULL, 0, &w, 1);

		CHECK(r.has_total && r.has_soch && !r.has_fo && !r.has_sor);
		CHECK_EQ_INT(r.total_tenths, t[i].tenths);
		CHECK_EQ_INT(r.mark, t[i].mark);
		CHECK(NEAR(r.soch_pct, t[i].score / 100.0));
		CHECK(r.total_pct == t[i].tenths / 10.0);
	}
}

TEST(boundary_39_95_from_real_marks)
{
	/*
	** 25 formative marks: 17 x 5 + 8 x 4 = 85 + 32 = 117;
	**   fo   = 117 / 25 x 10 = 46.8
	**   sor  = 29/50 x 100   = 58
	**   soch = 11/40 x 100   = 27.5
	**   total = 0.25 x 46.8 + 0.25 x 58 + 0.5 x 27.5
	**         = 11.7 + 14.5 + 13.75 = 39.95 -> 40.0 -> 3
	** The same sums in doubles (117 / 25.0 x 10 etc., weights 0.25 and
	** 0.5) give 39.949999999999996, which a plain floor(x x 10 + 0.5) / 10
	** turns into 39.9 and a 2.
	*/
	int fo[25];
	size_t n = fill(fo, 5, 17, 4, 8);
	struct marks_points sor = { 29, 50 }, soch = { 11, 40 };
	struct marks_result r = compute(fo, n, &sor, 1, &soch, 1);

	CHECK(r.has_fo && r.has_sor && r.has_soch && r.has_total);
	CHECK(NEAR(r.fo_pct, 46.8));
	CHECK(NEAR(r.sor_pct, 58.0));
	CHECK(NEAR(r.soch_pct, 27.5));
	CHECK_EQ_INT(r.total_tenths, 400);
	CHECK(r.total_pct == 40.0);
	CHECK_EQ_INT(r.mark, 3);
}

TEST(boundary_64_95_from_real_marks)
{
	/*
	** 25 formative: 17 x 7 + 8 x 6 = 119 + 48 = 167; fo = 66.8
	** sor 29/50 = 58; soch 27/40 = 67.5
	** total = 16.7 + 14.5 + 33.75 = 64.95 -> 65.0 -> 4
	** (doubles: 64.94999999999999 -> 64.9 -> 3)
	*/
	int fo[25];
	size_t n = fill(fo, 7, 17, 6, 8);
	struct marks_points sor = { 29, 50 }, soch = { 27, 40 };
	struct marks_result r = compute(fo, n, &sor, 1, &soch, 1);

	CHECK(NEAR(r.fo_pct, 66.8));
	CHECK(NEAR(r.soch_pct, 67.5));
	CHECK_EQ_INT(r.total_tenths, 650);
	CHECK_EQ_INT(r.mark, 4);
}

TEST(boundary_84_95_from_real_marks)
{
	/*
	** 25 formative: 17 x 9 + 8 x 8 = 153 + 64 = 217; fo = 86.8
	** sor 29/50 = 58; soch 39/40 = 97.5
	** total = 21.7 + 14.5 + 48.75 = 84.95 -> 85.0 -> 5
	** (doubles: 84.94999999999999 -> 84.9 -> 4)
	** One point less in the СОЧ, 38/40 = 95: total = 21.7 + 14.5 + 47.5
	** = 83.7 -> 4.
	*/
	int fo[25];
	size_t n = fill(fo, 9, 17, 8, 8);
	struct marks_points sor = { 29, 50 }, soch = { 39, 40 };
	struct marks_result r = compute(fo, n, &sor, 1, &soch, 1);

	CHECK_EQ_INT(r.total_tenths, 850);
	CHECK_EQ_INT(r.mark, 5);
	soch.score = 38;
	r = compute(fo, n, &sor, 1, &soch, 1);
	CHECK_EQ_INT(r.total_tenths, 837);
	CHECK_EQ_INT(r.mark, 4);
}

TEST(just_under_a_boundary_stays_under)
{
	/*
	** 25 formative: 5 x 9 + 20 x 8 = 45 + 160 = 205; fo = 82
	** sor 23/91 x 100 = 2300/91; soch 26/99 x 100 = 2600/99
	** total = (82 + 2300/91 + 2 x 2600/99) / 4; over 9009 = 91 x 99:
	**   82 = 738738/9009, 2300/91 = 227700/9009, 5200/99 = 473200/9009
	**   sum = 1439638/9009; / 4 = 719819/18018 = 39.949994...
	** 39.95 x 18018 = 719819.1 > 719819: just under, so 39.9 -> 2. An
	** epsilon of 1e-4 added to total x 10 before rounding would have
	** made it a 3.
	*/
	int fo[25];
	size_t n = fill(fo, 9, 5, 8, 20);
	struct marks_points sor = { 23, 91 }, soch = { 26, 99 };
	struct marks_result r = compute(fo, n, &sor, 1, &soch, 1);

	CHECK(NEAR(r.fo_pct, 82.0));
	CHECK(NEAR(r.sor_pct, 2300.0 / 91));
	CHECK(NEAR(r.soch_pct, 2600.0 / 99));
	CHECK_EQ_INT(r.total_tenths, 399);
	CHECK_EQ_INT(r.mark, 2);
}

TEST(no_soch_reweighted)
{
	/*
	** fo and sor only: 0.25 / (0.25 + 0.25) = 1/2 each.
	** 25 formative: 6 x 3 + 19 x 2 = 18 + 38 = 56; fo = 22.4
	** sor 23/40 = 57.5; total = (22.4 + 57.5) / 2 = 79.9 / 2 = 39.95
	** -> 40.0 -> 3 (doubles: 0.5 x fo + 0.5 x sor = 39.949999999999996).
	** fo 8, 9 -> 85; sor 15/20 = 75 and 7/10 = 70 -> mean 72.5;
	** total = (85 + 72.5) / 2 = 78.75 -> 78.8 -> 4.
	*/
	int fo[25];
	size_t n = fill(fo, 3, 6, 2, 19);
	struct marks_points sor = { 23, 40 };
	struct marks_points sor2[] = { { 15, 20 }, { 7, 10 } };
	struct marks_result r = compute(fo, n, &sor, 1, NULL, 0);

	CHECK(r.has_fo && r.has_sor && !r.has_soch);
	CHECK(r.soch_pct == 0);
	CHECK_EQ_INT(r.total_tenths, 400);
	CHECK_EQ_INT(r.mark, 3);
	r = compute((const int[]){ 8, 9 }, 2, sor2, 2, NULL, 0);
	CHECK(NEAR(r.fo_pct, 85.0));
	CHECK(NEAR(r.sor_pct, 72.5));
	CHECK_EQ_INT(r.total_tenths, 788);
	CHECK_EQ_INT(r.mark, 4);
}

TEST(other_parts_missing_reweighted)
{
	/*
	** fo and soch: 0.25 : 0.50 -> 1/3 and 2/3.
	** 25 formative: 9 x 7 + 16 x 6 = 63 + 96 = 159; fo = 63.6
	** soch 9/32 = 28.125; total = (63.6 + 2 x 28.125) / 3
	** = 119.85 / 3 = 39.95 -> 40.0 -> 3 (doubles: (0.25 x fo + 0.5 x
	** soch) / 0.75 = 39.949999999999996).
	** sor and soch: sor 10/20 = 50, soch 20/20 = 100;
	** total = (50 + 2 x 100) / 3 = 83.333... -> 83.3 -> 4.
	** sor alone: 17/20 = 85 -> 85.0 -> 5.
	*/
	int fo[25];
	size_t n = fill(fo, 7, 9, 6, 16);
	struct marks_points soch = { 9, 32 }, sor = { 10, 20 };
	struct marks_points full = { 20, 20 }, s85 = { 17, 20 };
	struct marks_result r = compute(fo, n, NULL, 0, &soch, 1);

	CHECK(r.has_fo && !r.has_sor && r.has_soch);
	CHECK(NEAR(r.soch_pct, 28.125));
	CHECK_EQ_INT(r.total_tenths, 400);
	CHECK_EQ_INT(r.mark, 3);
	r = compute(NULL, 0, &sor, 1, &full, 1);
	CHECK_EQ_INT(r.total_tenths, 833);
	CHECK_EQ_INT(r.mark, 4);
	r = compute(NULL, 0, &s85, 1, NULL, 0);
	CHECK_EQ_INT(r.total_tenths, 850);
	CHECK_EQ_INT(r.mark, 5);
}

TEST(only_formative_and_all_tens)
{
	/*
	** fo alone counts 100%: 7, 8, 9 -> 8 x 10 = 80.0 -> 4;
	** 3, 4, 4 -> 11/3 x 10 = 36.666... -> 36.7 -> 2.
	** 10 everywhere, full points: 0.25 x 100 + 0.25 x 100 + 0.5 x 100
	** = 100.0 -> 5.
	*/
	int tens[30];
	size_t n = fill(tens, 10, 30, 0, 0);
	struct marks_points full[] = { { 20, 20 }, { 15, 15 } };
	struct marks_points soch = { 30, 30 };
	struct marks_result r = compute((const int[]){ 7, 8, 9 }, 3, NULL, 0,
		NULL, 0);

	CHECK(r.has_fo && !r.has_sor && !r.has_soch && r.has_total);
	CHECK(NEAR(r.fo_pct, 80.0));
	CHECK(r.sor_pct == 0);
	CHECK_EQ_INT(r.total_tenths, 800);
	CHECK_EQ_INT(r.mark, 4);
	r = compute((const int[]){ 3, 4, 4 }, 3, NULL, 0, NULL, 0);
	CHECK_EQ_INT(r.total_tenths, 367);
	CHECK_EQ_INT(r.mark, 2);
	r = compute(tens, n, NULL, 0, NULL, 0);
	CHECK_EQ_INT(r.total_tenths, 1000);
	CHECK_EQ_INT(r.mark, 5);
	r = compute(tens, n, full, 2, &soch, 1);
	CHECK(NEAR(r.fo_pct, 100.0) && NEAR(r.sor_pct, 100.0) &&
		NEAR(r.soch_pct, 100.0));
	CHECK_EQ_INT(r.total_tenths, 1000);
	CHECK(r.total_pct == 100.0);
	CHECK_EQ_INT(r.mark, 5);
}

TEST(no_marks_no_result)
{
	struct marks_result r;

	memset(&r, 0x5a, sizeof(r));
	CHECK_EQ_INT(marks_quarter_compute(NULL, 0, NULL, 0, NULL, 0, &r), 0);
	CHECK(!r.has_total && !r.has_fo && !r.has_sor && !r.has_soch);
	CHECK_EQ_INT(r.mark, 0);
	CHECK_EQ_INT(r.total_tenths, 0);
	CHECK(r.total_pct == 0);
}

TEST(several_soch_mean_of_ratios)
{
	/*
	** Two СОЧ, 10/20 = 50% and 30/40 = 75%: each counts by its own
	** ratio, soch = (50 + 75) / 2 = 62.5 -> 3 (summing the points,
	** 40/60 = 66.7, would have given a 4).
	*/
	struct marks_points soch[] = { { 10, 20 }, { 30, 40 } };
	struct marks_result r = compute(NULL, 0, NULL, 0, soch, 2);

	CHECK(NEAR(r.soch_pct, 62.5));
	CHECK_EQ_INT(r.total_tenths, 625);
	CHECK_EQ_INT(r.mark, 3);
}

TEST(compute_refuses_impossible_marks)
{
	struct marks_points bad[] = { { 21, 20 }, { -1, 20 }, { 0, 0 },
		{ 5, -3 } };
	struct marks_points ok = { 10, 20 };
	struct marks_result r;

	CHECK_EQ_INT(marks_quarter_compute((const int[]){ 5, 0 }, 2, NULL, 0,
		NULL, 0, &r), ERR_INVAL);
	CHECK(!r.has_total && r.mark == 0);
	CHECK_EQ_INT(marks_quarter_compute((const int[]){ 11 }, 1, NULL, 0,
		NULL, 0, &r), ERR_INVAL);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ_INT(marks_quarter_compute(NULL, 0, &bad[i], 1, &ok, 1,
			&r), ERR_INVAL);
		CHECK_EQ_INT(marks_quarter_compute(NULL, 0, &ok, 1, &bad[i], 1,
			&r), ERR_INVAL);
	}
	/* a max above 100 is fine here: only entry caps it */
	CHECK_EQ_INT(marks_quarter_compute(NULL, 0, NULL, 0,
		&(struct marks_points){ 150, 200 }, 1, &r), 0);
	CHECK_EQ_INT(r.total_tenths, 750);
}

TEST(huge_denominators_fall_back)
{
	/*
	** Four СОР out of the primes 1000003, 1000033, 1000037, 1000039,
	** each scored (p - 1) / 2: the exact sum needs the product of the
	** four, about 1.0e24 > 2^64, so the total comes from long double.
	** Each ratio is 1/2 - 1/(2p), so sor = 50 - about 0.00005
	** = 49.99995 -> 50.0 -> 3.
	*/
	struct marks_points sor[] = { { 500001, 1000003 },
		{ 500016, 1000033 }, { 500018, 1000037 }, { 500019, 1000039 } };
	struct marks_result r = compute(NULL, 0, sor, 4, NULL, 0);

	CHECK(fabs(r.sor_pct - 49.99995) < 1e-6);
	CHECK_EQ_INT(r.total_tenths, 500);
	CHECK_EQ_INT(r.mark, 3);
	/* with a formative 4 (40%): (40 + 49.99995) / 2 = 44.999975 -> 45.0 */
	r = compute((const int[]){ 4 }, 1, sor, 4, NULL, 0);
	CHECK_EQ_INT(r.total_tenths, 450);
}

TEST(half_year_periods)
{
	/*
	** A 1-hour subject: quarters 1 + 2 are half-year 1. Quarter 1: fo 6,
	** sor 10/20; quarter 2: fo 10, soch 18/20. Over both together:
	**   fo = (6 + 10) / 2 x 10 = 80, sor = 50, soch = 90
	**   total = 20 + 12.5 + 45 = 77.5 -> 4
	** (quarter 1 alone: (60 + 50) / 2 = 55 -> 3; quarter 2 alone:
	** (100 + 2 x 90) / 3 = 93.3 -> 5.)
	*/
	struct marks_period p;
	struct marks_points sor = { 10, 20 }, soch = { 18, 20 };
	struct marks_result r;

	CHECK_EQ_INT(marks_period_of_quarter(1, true, &p), 0);
	CHECK(p.first_quarter == 1 && p.last_quarter == 2 && p.half == 1);
	CHECK_EQ_INT(marks_period_of_quarter(2, true, &p), 0);
	CHECK(p.first_quarter == 1 && p.last_quarter == 2 && p.half == 1);
	CHECK_EQ_INT(marks_period_of_quarter(3, true, &p), 0);
	CHECK(p.first_quarter == 3 && p.last_quarter == 4 && p.half == 2);
	CHECK_EQ_INT(marks_period_of_quarter(4, true, &p), 0);
	CHECK(p.first_quarter == 3 && p.last_quarter == 4 && p.half == 2);
	CHECK_EQ_INT(marks_period_of_quarter(3, false, &p), 0);
	CHECK(p.first_quarter == 3 && p.last_quarter == 3 && p.half == 0);
	CHECK_EQ_INT(marks_period_of_quarter(0, true, &p), ERR_INVAL);
	CHECK_EQ_INT(marks_period_of_quarter(5, false, &p), ERR_INVAL);

	r = compute((const int[]){ 6, 10 }, 2, &sor, 1, &soch, 1);
	CHECK_EQ_INT(r.total_tenths, 775);
	CHECK_EQ_INT(r.mark, 4);
	CHECK_EQ_INT(compute((const int[]){ 6 }, 1, &sor, 1, NULL, 0).mark, 3);
	CHECK_EQ_INT(compute((const int[]){ 10 }, 1, NULL, 0, &soch, 1).mark,
		5);
}

TEST(year_marks)
{
	/*
	** 3,4,4,4: 15/4 = 3.75 -> 4.   3,4: 7/2 = 3.5 -> 4 (half up).
	** 2,3,3,2: 10/4 = 2.5 -> 3.    2,2,2,3: 9/4 = 2.25 -> 2.
	** 4,5 (half-years): 4.5 -> 5.  5: 5.  3,3,4: 10/3 = 3.33 -> 3.
	*/
	CHECK_EQ_INT(marks_year_compute((const int[]){ 3, 4, 4, 4 }, 4), 4);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 3, 4 }, 2), 4);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 2, 3, 3, 2 }, 4), 3);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 2, 2, 2, 3 }, 4), 2);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 4, 5 }, 2), 5);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 5 }, 1), 5);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 3, 3, 4 }, 3), 3);
	CHECK_EQ_INT(marks_year_compute(NULL, 0), 0);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 3, 4, 4, 4, 5 }, 5),
		ERR_INVAL);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 3, 1 }, 2), ERR_INVAL);
	CHECK_EQ_INT(marks_year_compute((const int[]){ 6 }, 1), ERR_INVAL);
}

TEST(year_outcomes)
{
	int twos = -1;

	CHECK_EQ_INT(marks_year_outcome((const int[]){ 3, 4, 5, 0 }, 4,
		&twos), MARKS_OUTCOME_NONE);
	CHECK_EQ_INT(twos, 0);
	CHECK_EQ_INT(marks_year_outcome((const int[]){ 2, 4 }, 2, &twos),
		MARKS_OUTCOME_EXTRA_TEST);
	CHECK_EQ_INT(twos, 1);
	CHECK_EQ_INT(marks_year_outcome((const int[]){ 2, 5, 0, 2 }, 4,
		&twos), MARKS_OUTCOME_EXTRA_TEST);
	CHECK_EQ_INT(twos, 2);
	CHECK_EQ_INT(marks_year_outcome((const int[]){ 2, 2, 3, 2 }, 4,
		&twos), MARKS_OUTCOME_REPEAT_YEAR);
	CHECK_EQ_INT(twos, 3);
	CHECK_EQ_INT(marks_year_outcome(NULL, 0, NULL), MARKS_OUTCOME_NONE);
	CHECK_EQ_INT(marks_year_outcome((const int[]){ 2, 1 }, 2, NULL),
		ERR_INVAL);
	CHECK_EQ_STR(marks_outcome_name(MARKS_OUTCOME_NONE), "none");
	CHECK_EQ_STR(marks_outcome_name(MARKS_OUTCOME_EXTRA_TEST),
		"extra_test");
	CHECK_EQ_STR(marks_outcome_name(MARKS_OUTCOME_REPEAT_YEAR),
		"repeat_year");
	CHECK(marks_outcome_name(3) == NULL);
	CHECK_EQ_INT(marks_from_tenths(399), 2);
	CHECK_EQ_INT(marks_from_tenths(649), 3);
	CHECK_EQ_INT(marks_from_tenths(849), 4);
	CHECK_EQ_INT(marks_from_tenths(850), 5);
}

HARNESS_MAIN(kind_names, validate_formative, validate_summative,
	validate_computed_kinds_and_grades, boundaries_with_one_soch,
	boundary_39_95_from_real_marks, boundary_64_95_from_real_marks,
	boundary_84_95_from_real_marks, just_under_a_boundary_stays_under,
	no_soch_reweighted, other_parts_missing_reweighted,
	only_formative_and_all_tens, no_marks_no_result,
	several_soch_mean_of_ratios, compute_refuses_impossible_marks,
	huge_denominators_fall_back, half_year_periods, year_marks,
	year_outcomes)
