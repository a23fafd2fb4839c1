/* calendar.h: the default school year: quarters, holidays; pure functions */
#ifndef MK_CALENDAR_H
#define MK_CALENDAR_H

/*
** The ministry sets the school year by order each summer; the defaults
** here follow its usual pattern (orders for 2017-2018 to 2025-2026):
**
**	year      1 September (Y) .. 25 May (Y+1)
**	quarter 1 first weekday from 1 September .. the Friday before
**	autumn    7 days from the Monday in 26 October .. 1 November
**	quarter 2 .. the last weekday before
**	winter    10 days from 29 (a Monday or Friday), 30 or 31 December
**	quarter 3 .. the last weekday before
**	spring    11 days up to the Sunday in 25 .. 31 March (covers Nauryz)
**	quarter 4 .. 25 May
**
** Grade 1 has an extra week in February (from the first Monday on or
** after 3 February); it is listed with kind CALENDAR_GRADE1 and does not
** count for calendar_is_school_day(), which is about grades 2-11.
**
** Public days off that fall on a school weekday inside a quarter are
** listed too (CALENDAR_PUBLIC), with the Labour Code's rule that a day off
** falling on a Saturday or Sunday moves to the next working day. Which
** days are public holidays depends on the year: Republic Day (25 October)
** since 2022, First President's Day (1 December) until 2021, Independence
** Day 16-17 December until 2021 and 16 December since.
**
** All days are day numbers (rules/dates.h); ranges are inclusive.
*/
enum calendar_kind {
	CALENDAR_VACATION = 1,  /* between quarters, every grade */
	CALENDAR_GRADE1 = 2,    /* extra vacation of grade 1 only */
	CALENDAR_PUBLIC = 3,    /* public day(s) off inside a quarter */
};

struct calendar_holiday {
	int32_t starts, ends;
	enum calendar_kind kind;
	const char *code;       /* stable key: "autumn", "nauryz", ... */
	const char *name_kk, *name_ru, *name_en;        /* static strings */
};

#define CALENDAR_HOLIDAYS_MAX 24

struct school_calendar {
	int year;                       /* calendar year of 1 September */
	int32_t starts, ends;           /* 1 September .. 25 May */
	struct {
		int32_t starts, ends;   /* first and last school weekday */
	} quarters[4];
	int nholidays;                  /* sorted by starts */
	struct calendar_holiday holidays[CALENDAR_HOLIDAYS_MAX];
};

/*
** The start year of the school year that contains today; in the summer
** (26 May .. 31 August) the year that starts the coming September.
*/
int calendar_year_of(int32_t today);

/* The ministry's default calendar of the school year starting in year. */
void calendar_default(int year, struct school_calendar *out);

/* Quarter 1..4 containing day; 0 between quarters and outside the year. */
int calendar_quarter_of(const struct school_calendar *c, int32_t day);

/*
** Monday to Friday inside a quarter and not a public day off (grades
** 2-11: the grade-1 February week is ignored).
*/
bool calendar_is_school_day(const struct school_calendar *c, int32_t day);

/* School days in quarter q (1..4), or in the whole year when q is 0. */
int calendar_school_days(const struct school_calendar *c, int q);

#endif
