/* test_schedule_limits.c: СОЧ a day, last day of a quarter, СОР + СОЧ */
#include "harness.h"
#include "core/err.h"
#include "rules/dates.h"
#include "rules/marks.h"
#include "rules/schedule_limits.h"

#define FO MARKS_FORMATIVE
#define SOR MARKS_SOR
#define SOCH MARKS_SOCH

static const char msg_day[] = "a class may have at most 3 quarter "
	"summative works (СОЧ) a day";
static const char msg_last[] = "a quarter summative work (СОЧ) may not "
	"fall on the last day of a quarter";
static const char msg_clash[] = "a section summative work (СОР) and a "
	"quarter summative work (СОЧ) in the same subject may not fall on "
	"the same day";

/* a Tuesday in the 2nd quarter; the quarter ends on 2025-12-26 */
static int32_t
day(void)
{
	return date_from_ymd(2025, 12, 16);
}

static int32_t
q2_end(void)
{
	return date_from_ymd(2025, 12, 26);
}

/*
** Runs the check with the quarter ends of 2025-2026 and returns its
** answer; *bad is (size_t)-1 when nothing is refused.
*/
static int
check(const struct schedule_limits_mark *p, size_t n_p,
	const struct schedule_limits_mark *e, size_t n_e, size_t *bad,
	char *msg, size_t msg_len)
{
	int32_t ends[] = { date_from_ymd(2025, 10, 24), q2_end(),
		date_from_ymd(2026, 3, 18), date_from_ymd(2026, 5, 25) };

	*bad = (size_t)-1;
	return schedule_limits_check(p, n_p, e, n_e, ends, ARRAY_SIZE(ends),
		bad, msg, msg_len);
}

TEST(three_soch_a_day_then_no_more)
{
	/*
	** Class 1 already has СОЧ in subjects 10, 11, 12 on the day (12
	** twice: two pupils): 3 subjects, the limit. In the request:
	**   [0] formative in 13: not summative, ignored
	**   [1] СОЧ in 12 for another pupil: still 3 subjects, fine
	**   [2] СОЧ in 13: would make 4 subjects -> refused, index 2
	*/
	struct schedule_limits_mark e[] = {
		{ 1, 10, day(), SOCH }, { 1, 11, day(), SOCH },
		{ 1, 12, day(), SOCH }, { 1, 12, day(), SOCH },
	};
	struct schedule_limits_mark p[] = {
		{ 1, 13, day(), FO }, { 1, 12, day(), SOCH },
		{ 1, 13, day(), SOCH },
	};
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, 2, e, ARRAY_SIZE(e), &bad, msg, sizeof(msg)),
		0);
	CHECK_EQ_STR(msg, "");
	CHECK_EQ_INT(bad, (size_t)-1);
	CHECK_EQ_INT(check(p, 3, e, ARRAY_SIZE(e), &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 2);
	CHECK_EQ_STR(msg, msg_day);
}

TEST(fourth_subject_in_one_request)
{
	/*
	** Nothing stored; the request brings СОЧ in A (2 pupils), B, C:
	** 3 subjects, fine up to index 3. [4] is the first mark in D, the
	** 4th subject -> refused at 4, not at 5.
	*/
	struct schedule_limits_mark p[] = {
		{ 7, 1, day(), SOCH }, { 7, 1, day(), SOCH },
		{ 7, 2, day(), SOCH }, { 7, 3, day(), SOCH },
		{ 7, 4, day(), SOCH }, { 7, 4, day(), SOCH },
	};
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, 4, NULL, 0, &bad, msg, sizeof(msg)), 0);
	CHECK_EQ_INT(check(p, ARRAY_SIZE(p), NULL, 0, &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 4);
	CHECK_EQ_STR(msg, msg_day);
}

TEST(other_classes_days_and_kinds_do_not_count)
{
	/*
	** Class 1 is full on the day (3 СОЧ subjects). Not affected: a СОЧ
	** in class 2 the same day, in class 1 the next day, a СОР in class 1
	** in a 4th subject (СОР do not count towards the 3).
	*/
	struct schedule_limits_mark e[] = {
		{ 1, 10, day(), SOCH }, { 1, 11, day(), SOCH },
		{ 1, 12, day(), SOCH }, { 1, 13, day() - 1, SOCH },
		{ 2, 14, day(), SOR },
	};
	struct schedule_limits_mark p[] = {
		{ 2, 13, day(), SOCH }, { 1, 13, day() + 1, SOCH },
		{ 1, 14, day(), SOR }, { 1, 15, day(), FO },
	};
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, ARRAY_SIZE(p), e, ARRAY_SIZE(e), &bad, msg,
		sizeof(msg)), 0);
	CHECK_EQ_INT(bad, (size_t)-1);
}

TEST(no_soch_on_the_last_day_of_a_quarter)
{
	/*
	** 2025-12-26 ends the 2nd quarter: a СОР that day is fine, a СОЧ
	** the day before is fine, a СОЧ that day is refused (index 2).
	*/
	struct schedule_limits_mark p[] = {
		{ 1, 10, q2_end(), SOR }, { 1, 11, q2_end() - 1, SOCH },
		{ 1, 11, q2_end(), SOCH },
	};
	struct schedule_limits_mark q4 = { 3, 10, date_from_ymd(2026, 5, 25),
		SOCH };
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, 2, NULL, 0, &bad, msg, sizeof(msg)), 0);
	CHECK_EQ_INT(check(p, 3, NULL, 0, &bad, msg, sizeof(msg)), ERR_INVAL);
	CHECK_EQ_INT(bad, 2);
	CHECK_EQ_STR(msg, msg_last);
	/* any quarter's last day, the end of the year included */
	CHECK_EQ_INT(check(&q4, 1, NULL, 0, &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 0);
	/* with no quarter ends given, there is no last day to refuse */
	CHECK_EQ_INT(schedule_limits_check(&q4, 1, NULL, 0, NULL, 0, &bad,
		msg, sizeof(msg)), 0);
}

TEST(sor_and_soch_same_subject_same_day)
{
	/*
	** Stored: a СОР in subject 10 of class 1 on the day.
	**   СОЧ in 10, class 1, that day       -> refused
	**   СОЧ in 11, class 1, that day       -> fine (other subject)
	**   СОЧ in 10, class 1, the next day   -> fine
	**   СОЧ in 10, class 2, that day       -> fine (other class)
	*/
	struct schedule_limits_mark e[] = { { 1, 10, day(), SOR } };
	struct schedule_limits_mark ok[] = {
		{ 1, 11, day(), SOCH }, { 1, 10, day() + 1, SOCH },
		{ 2, 10, day(), SOCH }, { 1, 10, day(), SOR },
	};
	struct schedule_limits_mark clash = { 1, 10, day(), SOCH };
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(ok, ARRAY_SIZE(ok), e, 1, &bad, msg, sizeof(msg)),
		0);
	CHECK_EQ_INT(check(&clash, 1, e, 1, &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_STR(msg, msg_clash);
}

TEST(sor_after_soch_in_one_request)
{
	/*
	** [0] СОЧ in 5, [1] СОЧ in 6, [2] СОР in 5, all class 4 that day:
	** the СОР is the mark that makes the clash -> index 2.
	*/
	struct schedule_limits_mark p[] = {
		{ 4, 5, day(), SOCH }, { 4, 6, day(), SOCH },
		{ 4, 5, day(), SOR },
	};
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, ARRAY_SIZE(p), NULL, 0, &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 2);
	CHECK_EQ_STR(msg, msg_clash);
}

TEST(stored_overfull_day_is_not_held_against_its_works)
{
	/*
	** Older data with 4 СОЧ subjects on one day: more marks of those
	** works may still be entered (index 0), a 5th subject may not
	** (index 1).
	*/
	struct schedule_limits_mark e[] = {
		{ 1, 10, day(), SOCH }, { 1, 11, day(), SOCH },
		{ 1, 12, day(), SOCH }, { 1, 13, day(), SOCH },
	};
	struct schedule_limits_mark p[] = {
		{ 1, 13, day(), SOCH }, { 1, 14, day(), SOCH },
	};
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, 1, e, ARRAY_SIZE(e), &bad, msg, sizeof(msg)),
		0);
	CHECK_EQ_INT(check(p, 2, e, ARRAY_SIZE(e), &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 1);
}

TEST(first_rule_broken_is_named)
{
	/*
	** A СОЧ on the last day of the quarter that also clashes with a
	** stored СОР: the last-day rule is reported. Optional outputs may
	** be NULL.
	*/
	struct schedule_limits_mark e[] = { { 1, 10, q2_end(), SOR } };
	struct schedule_limits_mark p[] = {
		{ 1, 9, day(), FO }, { 1, 10, q2_end(), SOCH },
	};
	int32_t end = q2_end();
	char msg[ERR_MSG_MAX];
	size_t bad;

	CHECK_EQ_INT(check(p, ARRAY_SIZE(p), e, 1, &bad, msg, sizeof(msg)),
		ERR_INVAL);
	CHECK_EQ_INT(bad, 1);
	CHECK_EQ_STR(msg, msg_last);
	CHECK_EQ_INT(schedule_limits_check(p, ARRAY_SIZE(p), e, 1, &end, 1,
		NULL, NULL, 0), ERR_INVAL);
	CHECK_EQ_INT(check(NULL, 0, e, 1, &bad, msg, sizeof(msg)), 0);
	CHECK_EQ_INT(bad, (size_t)-1);
}

HARNESS_MAIN(three_soch_a_day_then_no_more, fourth_subject_in_one_request,
	other_classes_days_and_kinds_do_not_count,
	no_soch_on_the_last_day_of_a_quarter,
	sor_and_soch_same_subject_same_day, sor_after_soch_in_one_request,
	stored_overfull_day_is_not_held_against_its_works,
	first_rule_broken_is_named)
