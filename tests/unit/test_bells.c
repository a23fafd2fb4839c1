/* test_bells.c: default bells and lesson lengths */
#include "harness.h"
#include "rules/bells.h"

TEST(default_first_shift)
{
	char a[6], b[6];
	struct bell x = bells_default(1, 1), y = bells_default(1, 4);

	bells_format(x.starts, a);
	bells_format(x.ends, b);
	CHECK_EQ_STR(a, "08:00");
	CHECK_EQ_STR(b, "08:45");
	/* 08:00 +45+5 = 08:50, +45+10 = 09:45, +45+20 = 10:50 */
	bells_format(y.starts, a);
	CHECK_EQ_STR(a, "10:50");
	bells_format(bells_default(2, 1).starts, a);
	CHECK_EQ_STR(a, "14:00");
}

TEST(lesson_lengths)
{
	CHECK_EQ_INT(bells_lesson_minutes(1, 9, false), 35);
	CHECK_EQ_INT(bells_lesson_minutes(1, 10, false), 45);
	CHECK_EQ_INT(bells_lesson_minutes(3, 9, true), 40);
	CHECK_EQ_INT(bells_lesson_minutes(1, 9, true), 35);
	CHECK_EQ_INT(bells_lesson_minutes(7, 11, false), 45);
}

TEST(parse_times)
{
	CHECK_EQ_INT(bells_parse("08:05"), 485);
	CHECK_EQ_INT(bells_parse("23:59"), 1439);
	CHECK_EQ_INT(bells_parse("24:00"), -1);
	CHECK_EQ_INT(bells_parse("8:05"), -1);
	CHECK_EQ_INT(bells_parse("08:60"), -1);
	CHECK_EQ_INT(bells_parse(NULL), -1);
}

/* a stored bell is kept unless the rules want a shorter lesson */
TEST(lesson_end_with_stored_bells)
{
	/* no stored bell: the length of the grade that month */
	CHECK_EQ_INT(bells_lesson_end(480, -1, 1, 9, false), 515);
	CHECK_EQ_INT(bells_lesson_end(480, -1, 5, 9, false), 525);
	CHECK_EQ_INT(bells_lesson_end(480, -1, 5, 9, true), 520);
	/* stored 08:00-08:45: grade 1 in September 35, duty 40 */
	CHECK_EQ_INT(bells_lesson_end(480, 525, 1, 9, false), 515);
	CHECK_EQ_INT(bells_lesson_end(480, 525, 1, 10, false), 525);
	CHECK_EQ_INT(bells_lesson_end(480, 525, 6, 3, true), 520);
	CHECK_EQ_INT(bells_lesson_end(480, 525, 6, 3, false), 525);
	/* a stored bell already shorter stays as stored */
	CHECK_EQ_INT(bells_lesson_end(480, 510, 1, 9, false), 510);
	CHECK_EQ_INT(bells_lesson_end(480, 500, 6, 3, true), 500);
}

HARNESS_MAIN(default_first_shift, lesson_lengths, parse_times,
	lesson_end_with_stored_bells)
