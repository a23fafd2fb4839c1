/* dates.h: calendar dates as day numbers, ISO weeks; pure functions */
#ifndef MK_DATES_H
#define MK_DATES_H

/*
** A date is a day number: days since 1970-01-01 (negative before). All
** school dates are local dates of the school; no time zones here.
*/
struct date_ymd {
	int y, m, d;
};

int32_t date_from_ymd(int y, int m, int d);
struct date_ymd date_to_ymd(int32_t day);

/* 'YYYY-MM-DD' that exists (2025-02-29 does not); *out may be NULL. */
int date_parse(const char *s, int32_t *out);
/* Writes 'YYYY-MM-DD' and a NUL into buf (11 bytes). */
void date_format(int32_t day, char *buf);

/* ISO weekday: 1 Monday .. 7 Sunday. */
int date_weekday(int32_t day);

/* 'YYYY-Www' (ISO 8601 week) to the Monday of that week. */
int date_parse_week(const char *s, int32_t *monday);
/* The ISO week of day as 'YYYY-Www' (9 bytes with NUL). */
void date_format_week(int32_t day, char *buf);

/* Today in the given UTC offset (seconds east), from Unix time t. */
int32_t date_today(int64_t t, int utc_offset_s);

bool date_is_leap(int y);
int date_days_in_month(int y, int m);

#endif
