/* dates.c: civil-date arithmetic (Howard Hinnant's days_from_civil) */
#include "core/common.h"
#include "rules/dates.h"

bool
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

int32_t
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date_ymd
date_to_ymd(int32_t day)
{
	struct date_ymd r;
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	r.d = doy - (153 * mp + 2) / 5 + 1;
	r.m = mp < 10 ? mp + 3 : mp - 9;
	r.y = yoe + era * 400 + (r.m <= 2);
	return r;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
date_parse(const char *s, int32_t *out)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return -1;
	if (out)
		*out = date_from_ymd(y, m, d);
	return 0;
}

void
date_format(int32_t day, char *buf)
{
	struct date_ymd t = date_to_ymd(day);

	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)t.y % 10000u,
		(unsigned)t.m % 100u, (unsigned)t.d % 100u);
}

int
date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (4) */
	int w = (int)((day % 7 + 7 + 3) % 7);

	return w + 1;
}

/* The Monday of ISO week 1 of ISO year y. */
static int32_t
iso_week1_monday(int y)
{
	int32_t jan4 = date_from_ymd(y, 1, 4);

	return jan4 - (date_weekday(jan4) - 1);
}

int
date_parse_week(const char *s, int32_t *monday)
{
	int y, w, maxw;

	if (s == NULL || strlen(s) != 8 || s[4] != '-' || s[5] != 'W' ||
	    digits(s, 4, &y) || digits(s + 6, 2, &w))
		return -1;
	if (y < 1900 || y > 2999)
		return -1;
	maxw = (iso_week1_monday(y + 1) - iso_week1_monday(y)) / 7;
	if (w < 1 || w > maxw)
		return -1;
	*monday = iso_week1_monday(y) + (w - 1) * 7;
	return 0;
}

void
date_format_week(int32_t day, char *buf)
{
	int32_t thursday = day - (date_weekday(day) - 1) + 3;
	int y = date_to_ymd(thursday).y;
	int w = (thursday - iso_week1_monday(y)) / 7 + 1;

	snprintf(buf, 9, "%04u-W%02u", (unsigned)y % 10000u,
		(unsigned)w % 100u);
}

int32_t
date_today(int64_t t, int utc_offset_s)
{
	int64_t local = t + utc_offset_s;

	return (int32_t)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}
