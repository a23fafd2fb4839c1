/* school_cal.h: a school's calendar for a year, as stored (or default) */
#ifndef MK_SCHOOL_CAL_H
#define MK_SCHOOL_CAL_H

#include "core/err.h"
#include "rules/calendar.h"

struct db;

/*
** The school's own calendar for the school year starting in year if it
** has one, else the national one stored for that year, else the
** ministry's default (calendar_default). Holidays read from the store
** carry their kind; their names are not loaded (code "", names NULL).
*/
int school_calendar_load(struct db *db, int64_t school_id, int year,
	struct school_calendar *out, struct err *e);

/*
** Is day a school day of the calendar for a class of grade: a school day
** of grades 2-11 (calendar_is_school_day) that, for grade 1, is not in
** grade 1's own February week off.
*/
bool school_calendar_is_school_day(const struct school_calendar *cal,
	int grade, int32_t day);

/*
** The school's local "today" (the whole country is UTC+5 since 2024),
** or the day fixed with school_today_fix() (`serve --today`, for demos
** and tests that must not depend on the real date).
*/
int32_t school_today(int64_t now);
void school_today_fix(int32_t day);

#endif
