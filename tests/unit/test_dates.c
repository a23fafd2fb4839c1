/* test_dates.c: day numbers, parsing, ISO weeks */
#include "harness.h"
#include "rules/dates.h"

TEST(round_trips)
{
	char buf[11];
	int32_t d;

	CHECK_EQ_INT(date_from_ymd(1970, 1, 1), 0);
	CHECK(date_parse("2026-11-24", &d) == 0);
	date_format(d, buf);
	CHECK_EQ_STR(buf, "2026-11-24");
	CHECK_EQ_INT(date_weekday(d), 2);               /* a Tuesday */
	for (d = date_from_ymd(1999, 12, 20); d < date_from_ymd(2031, 1, 1);
	    d += 13) {
		struct date_ymd t = date_to_ymd(d);

		CHECK_EQ_INT(date_from_ymd(t.y, t.m, t.d), d);
	}
}

TEST(rejects_bad_dates)
{
	CHECK(date_parse("2025-02-29", NULL) != 0);
	CHECK(date_parse("2024-02-29", NULL) == 0);
	CHECK(date_parse("2025-13-01", NULL) != 0);
	CHECK(date_parse("2025-1-01", NULL) != 0);
	CHECK(date_parse("2025-01-01x", NULL) != 0);
	CHECK(date_parse("", NULL) != 0);
	CHECK(date_parse(NULL, NULL) != 0);
}

TEST(iso_weeks)
{
	int32_t mon;
	char buf[9];

	CHECK(date_parse_week("2025-W03", &mon) == 0);
	date_format(mon, (char[11]){ 0 });
	CHECK_EQ_INT(mon, date_from_ymd(2025, 1, 13));
	CHECK(date_parse_week("2026-W53", &mon) == 0);  /* 2026 has 53 */
	CHECK(date_parse_week("2025-W53", &mon) != 0);  /* 2025 has 52 */
	CHECK(date_parse_week("2025-W00", &mon) != 0);
	date_format_week(date_from_ymd(2027, 1, 1), buf);
	CHECK_EQ_STR(buf, "2026-W53");
	date_format_week(date_from_ymd(2024, 12, 30), buf);
	CHECK_EQ_STR(buf, "2025-W01");
}

TEST(today_in_kazakhstan)
{
	/* 2026-11-24 19:30 UTC is 2026-11-25 00:30 at UTC+5 */
	int64_t t = (int64_t)date_from_ymd(2026, 11, 24) * 86400 + 19 * 3600 +
		1800;

	CHECK_EQ_INT(date_today(t, 5 * 3600), date_from_ymd(2026, 11, 25));
	CHECK_EQ_INT(date_today(t, 0), date_from_ymd(2026, 11, 24));
}

HARNESS_MAIN(round_trips, rejects_bad_dates, iso_weeks, today_in_kazakhstan)
