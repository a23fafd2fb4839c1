/* test_calendar.c: the default school year, quarters and days off */
#include "harness.h"
#include "rules/calendar.h"
#include "rules/dates.h"

static int32_t
day(const char *s)
{
	int32_t d = 0;

	if (date_parse(s, &d) != 0)
		BUG("bad date '%s' in a test", s);
	return d;
}

static const struct calendar_holiday *
holiday(const struct school_calendar *c, const char *code)
{
	for (int i = 0; i < c->nholidays; i++)
		if (strcmp(c->holidays[i].code, code) == 0)
			return &c->holidays[i];
	return NULL;
}

/* The holiday's range as "YYYY-MM-DD..YYYY-MM-DD", "" when not listed. */
static const char *
range(const struct school_calendar *c, const char *code, char buf[32])
{
	const struct calendar_holiday *h = holiday(c, code);

	buf[0] = '\0';
	if (h != NULL) {
		date_format(h->starts, buf);
		buf[10] = '.';
		buf[11] = '.';
		date_format(h->ends, buf + 12);
	}
	return buf;
}

TEST(year_of)
{
	CHECK_EQ_INT(calendar_year_of(day("2026-11-24")), 2026);
	CHECK_EQ_INT(calendar_year_of(day("2026-09-01")), 2026);
	CHECK_EQ_INT(calendar_year_of(day("2027-01-10")), 2026);
	CHECK_EQ_INT(calendar_year_of(day("2027-05-25")), 2026);
	/* summer belongs to the coming year */
	CHECK_EQ_INT(calendar_year_of(day("2027-05-26")), 2027);
	CHECK_EQ_INT(calendar_year_of(day("2027-08-31")), 2027);
	CHECK_EQ_INT(calendar_year_of(day("2027-09-01")), 2027);
}

/* The ministry's orders for 2019-2020, 2023-2024 and 2024-2025. */
TEST(matches_published_years)
{
	struct school_calendar c;
	char buf[32];

	calendar_default(2023, &c);
	CHECK_EQ_STR(range(&c, "autumn", buf), "2023-10-30..2023-11-05");
	CHECK_EQ_STR(range(&c, "winter", buf), "2023-12-29..2024-01-07");
	CHECK_EQ_STR(range(&c, "spring", buf), "2024-03-21..2024-03-31");
	CHECK_EQ_STR(range(&c, "grade1", buf), "2024-02-05..2024-02-11");
	CHECK_EQ_INT(c.starts, day("2023-09-01"));
	CHECK_EQ_INT(c.ends, day("2024-05-25"));
	CHECK_EQ_INT(c.quarters[0].starts, day("2023-09-01"));
	CHECK_EQ_INT(c.quarters[0].ends, day("2023-10-27"));
	CHECK_EQ_INT(c.quarters[1].starts, day("2023-11-06"));
	CHECK_EQ_INT(c.quarters[2].starts, day("2024-01-08"));
	CHECK_EQ_INT(c.quarters[3].starts, day("2024-04-01"));
	/* 25 May 2024 is a Saturday */
	CHECK_EQ_INT(c.quarters[3].ends, day("2024-05-24"));

	calendar_default(2024, &c);
	CHECK_EQ_STR(range(&c, "autumn", buf), "2024-10-28..2024-11-03");
	CHECK_EQ_STR(range(&c, "winter", buf), "2024-12-30..2025-01-08");
	CHECK_EQ_STR(range(&c, "grade1", buf), "2025-02-03..2025-02-09");
	/* 1 September 2024 is a Sunday */
	CHECK_EQ_INT(c.quarters[0].starts, day("2024-09-02"));

	calendar_default(2019, &c);
	CHECK_EQ_STR(range(&c, "autumn", buf), "2019-10-28..2019-11-03");
	CHECK_EQ_STR(range(&c, "winter", buf), "2019-12-30..2020-01-08");
	CHECK_EQ_STR(range(&c, "grade1", buf), "2020-02-03..2020-02-09");

	calendar_default(2025, &c);
	CHECK_EQ_STR(range(&c, "spring", buf), "2026-03-19..2026-03-29");
	CHECK_EQ_STR(range(&c, "grade1", buf), "2026-02-09..2026-02-15");

	calendar_default(2018, &c);
	CHECK_EQ_STR(range(&c, "winter", buf), "2018-12-31..2019-01-09");
	/* 1 September 2029 is a Saturday */
	calendar_default(2029, &c);
	CHECK_EQ_INT(c.quarters[0].starts, day("2029-09-03"));
}

TEST(quarter_of)
{
	struct school_calendar c;

	calendar_default(2026, &c);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-08-31")), 0);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-09-01")), 1);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-10-23")), 1);
	/* the weekend before the vacation and the vacation itself */
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-10-24")), 0);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-10-28")), 0);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-11-02")), 2);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2026-11-24")), 2);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2027-01-05")), 0);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2027-02-10")), 3);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2027-04-15")), 4);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2027-05-25")), 4);
	CHECK_EQ_INT(calendar_quarter_of(&c, day("2027-05-26")), 0);
}

TEST(school_days)
{
	struct school_calendar c;

	calendar_default(2026, &c);
	CHECK(calendar_is_school_day(&c, day("2026-11-24")));   /* Tue */
	CHECK(!calendar_is_school_day(&c, day("2026-11-28")));  /* Sat */
	CHECK(!calendar_is_school_day(&c, day("2026-11-29")));  /* Sun */
	CHECK(!calendar_is_school_day(&c, day("2026-10-27")));  /* autumn */
	/* Independence Day */
	CHECK(!calendar_is_school_day(&c, day("2026-12-16")));
	CHECK(calendar_is_school_day(&c, day("2026-12-17")));
	CHECK(!calendar_is_school_day(&c, day("2027-03-08")));
	/* 1 May 2027 is a Saturday: Monday the 3rd is off instead */
	CHECK(!calendar_is_school_day(&c, day("2027-05-03")));
	CHECK(calendar_is_school_day(&c, day("2027-05-04")));
	CHECK(!calendar_is_school_day(&c, day("2027-05-07")));
	/* 9 May 2027 is a Sunday: Monday the 10th */
	CHECK(!calendar_is_school_day(&c, day("2027-05-10")));
	/* the grade-1 week is a school day for grades 2-11 */
	CHECK(calendar_is_school_day(&c, day("2027-02-09")));
	CHECK(holiday(&c, "grade1") != NULL);
	CHECK_EQ_INT(holiday(&c, "grade1")->kind, CALENDAR_GRADE1);

	/* 8 March 2025 is a Saturday: Monday the 10th is off */
	calendar_default(2024, &c);
	CHECK(!calendar_is_school_day(&c, day("2025-03-10")));
	CHECK(calendar_is_school_day(&c, day("2025-03-11")));
	CHECK(!calendar_is_school_day(&c, day("2024-10-25")));  /* Republic */
}

TEST(holidays_by_year)
{
	struct school_calendar c;

	/* until 2021: First President's Day and a two-day Independence */
	calendar_default(2021, &c);
	CHECK(!calendar_is_school_day(&c, day("2021-12-01")));
	CHECK(!calendar_is_school_day(&c, day("2021-12-17")));
	CHECK(calendar_is_school_day(&c, day("2021-10-25")));
	/* since 2022: Republic Day, one-day Independence */
	calendar_default(2022, &c);
	CHECK(calendar_is_school_day(&c, day("2022-12-01")));
	CHECK(!calendar_is_school_day(&c, day("2022-10-25")));
	CHECK(holiday(&c, "first_president_day") == NULL);
	CHECK(holiday(&c, "republic_day") != NULL);
	CHECK_EQ_INT(holiday(&c, "republic_day")->kind, CALENDAR_PUBLIC);
	/* 7 May 2022 is a Saturday, 9 May a Monday: Tuesday the 10th */
	calendar_default(2021, &c);
	CHECK(!calendar_is_school_day(&c, day("2022-05-09")));
	CHECK(!calendar_is_school_day(&c, day("2022-05-10")));
	CHECK(calendar_is_school_day(&c, day("2022-05-11")));
}

/* Whatever the year, the shape holds. */
TEST(every_year_is_sound)
{
	for (int y = 2000; y <= 2100; y++) {
		struct school_calendar c;
		int total = 0;
		bool ok = true;

		calendar_default(y, &c);
		CHECK_EQ_INT(c.year, y);
		for (int q = 0; q < 4; q++) {
			int n = calendar_school_days(&c, q + 1);

			ok &= date_weekday(c.quarters[q].starts) <= 5;
			ok &= date_weekday(c.quarters[q].ends) <= 5;
			ok &= c.quarters[q].starts < c.quarters[q].ends;
			ok &= q == 0 || c.quarters[q - 1].ends <
				c.quarters[q].starts;
			ok &= n >= 30 && n <= 55;
			total += n;
		}
		ok &= c.quarters[0].starts - c.starts <= 2;
		ok &= c.quarters[3].ends <= c.ends;
		ok &= total >= 155 && total <= 175;
		ok &= total == calendar_school_days(&c, 0);
		for (int i = 0; i < c.nholidays; i++) {
			const struct calendar_holiday *h = &c.holidays[i];

			ok &= h->starts <= h->ends;
			ok &= i == 0 || c.holidays[i - 1].starts <= h->starts;
			/* vacations lie between quarters */
			if (h->kind == CALENDAR_VACATION)
				ok &= calendar_quarter_of(&c, h->starts) == 0 &&
					calendar_quarter_of(&c, h->ends) == 0;
		}
		/* Nauryz is never a school day */
		for (int d = 21; d <= 23; d++)
			ok &= !calendar_is_school_day(&c,
				date_from_ymd(y + 1, 3, d));
		if (!ok)
			fprintf(stderr, "  school year %d is unsound\n", y);
		CHECK(ok);
	}
}

HARNESS_MAIN(year_of, matches_published_years, quarter_of, school_days,
	holidays_by_year, every_year_is_sound)
