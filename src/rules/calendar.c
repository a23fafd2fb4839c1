/* calendar.c: the ministry's default school year, quarters and days off */
#include "core/common.h"
#include "rules/calendar.h"
#include "rules/dates.h"

struct public_day {
	int month, day, ndays;  /* month of the school year's second half */
	int from, to;           /* calendar years it was a holiday in */
	bool moves;             /* a weekend day moves to the next weekday */
	const char *code, *name_kk, *name_ru, *name_en;
};

/*
** Public holidays of Kazakhstan that can fall between 1 September and
** 25 May (Law "On holidays"; Kurban Ait follows the lunar calendar and
** is not a fixed day off, so it is left out). Christmas is a religious
** holiday: a day off that is not moved.
*/
static const struct public_day public_days[] = {
	{ 10, 25, 1, 2022, 9999, true, "republic_day", "Республика күні",
	  "День Республики", "Republic Day" },
	{ 12, 1, 1, 2012, 2021, true, "first_president_day",
	  "Тұңғыш Президент күні", "День Первого Президента",
	  "First President's Day" },
	{ 12, 16, 2, 0, 2021, true, "independence_day", "Тәуелсіздік күні",
	  "День Независимости", "Independence Day" },
	{ 12, 16, 1, 2022, 9999, true, "independence_day",
	  "Тәуелсіздік күні", "День Независимости", "Independence Day" },
	{ 1, 1, 2, 0, 9999, true, "new_year", "Жаңа жыл", "Новый год",
	  "New Year" },
	{ 1, 7, 1, 0, 9999, false, "christmas", "Православиелік Рождество",
	  "Православное Рождество", "Orthodox Christmas" },
	{ 3, 8, 1, 0, 9999, true, "womens_day", "Халықаралық әйелдер күні",
	  "Международный женский день", "International Women's Day" },
	{ 3, 21, 3, 0, 9999, true, "nauryz", "Наурыз мейрамы",
	  "Праздник Наурыз", "Nauryz" },
	{ 5, 1, 1, 0, 9999, true, "unity_day",
	  "Қазақстан халқының бірлігі мерекесі",
	  "Праздник единства народа Казахстана",
	  "Day of Unity of the People of Kazakhstan" },
	{ 5, 7, 1, 2013, 9999, true, "defender_day", "Отан қорғаушы күні",
	  "День защитника Отечества", "Defender of the Fatherland Day" },
	{ 5, 9, 1, 0, 9999, true, "victory_day", "Жеңіс күні",
	  "День Победы", "Victory Day" },
};

/* Days from 1 September that the day-off map covers (to mid-June). */
#define SPAN 300

static bool
is_weekend(int32_t d)
{
	return date_weekday(d) > 5;
}

static int32_t
weekday_on_or_after(int32_t d)
{
	while (is_weekend(d))
		d++;
	return d;
}

static int32_t
weekday_on_or_before(int32_t d)
{
	while (is_weekend(d))
		d--;
	return d;
}

/* The first day on or after d that is ISO weekday wd. */
static int32_t
next_weekday_named(int32_t d, int wd)
{
	while (date_weekday(d) != wd)
		d++;
	return d;
}

int
calendar_year_of(int32_t today)
{
	struct date_ymd t = date_to_ymd(today);

	if (t.m >= 9)
		return t.y;
	if (t.m < 5 || (t.m == 5 && t.d <= 25))
		return t.y - 1;
	return t.y;                     /* summer: the coming year */
}

static void
add_holiday(struct school_calendar *c, int32_t starts, int32_t ends,
	enum calendar_kind kind, const char *code, const char *kk,
	const char *ru, const char *en)
{
	struct calendar_holiday *h;
	int i;

	if (c->nholidays == CALENDAR_HOLIDAYS_MAX)
		BUG("too many holidays in %d", c->year);
	/* keep the list sorted by start (insertion, the list is short) */
	for (i = c->nholidays; i > 0 && c->holidays[i - 1].starts > starts;
	    i--)
		c->holidays[i] = c->holidays[i - 1];
	h = &c->holidays[i];
	h->starts = starts;
	h->ends = ends;
	h->kind = kind;
	h->code = code;
	h->name_kk = kk;
	h->name_ru = ru;
	h->name_en = en;
	c->nholidays++;
}

static bool
in_quarters(const struct school_calendar *c, int32_t d)
{
	for (int q = 0; q < 4; q++)
		if (d >= c->quarters[q].starts && d <= c->quarters[q].ends)
			return true;
	return false;
}

/*
** Mark every public day off of the year in a map indexed from 1
** September (first the holidays themselves, then the days they move
** to, so a move skips a later holiday too), and list each holiday that
** takes a weekday out of a quarter.
*/
static void
add_public_days(struct school_calendar *c)
{
	signed char off[SPAN];
	int32_t first[ARRAY_SIZE(public_days)], last[ARRAY_SIZE(public_days)];
	bool used[ARRAY_SIZE(public_days)];

	memset(off, -1, sizeof(off));
	for (size_t i = 0; i < ARRAY_SIZE(public_days); i++) {
		const struct public_day *p = &public_days[i];
		int y = p->month >= 9 ? c->year : c->year + 1;

		used[i] = y >= p->from && y <= p->to;
		if (!used[i])
			continue;
		first[i] = date_from_ymd(y, p->month, p->day);
		last[i] = first[i] + p->ndays - 1;
		for (int32_t d = first[i]; d <= last[i]; d++)
			off[d - c->starts] = (signed char)i;
	}
	for (size_t i = 0; i < ARRAY_SIZE(public_days); i++) {
		int32_t d, end;

		if (!used[i] || !public_days[i].moves)
			continue;
		end = last[i];
		for (d = first[i]; d <= end; d++) {
			int32_t to = last[i] + 1;

			if (!is_weekend(d))
				continue;
			while (is_weekend(to) || off[to - c->starts] >= 0)
				to++;
			off[to - c->starts] = (signed char)i;
			last[i] = to;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(public_days); i++) {
		const struct public_day *p = &public_days[i];
		bool matters = false;

		if (!used[i])
			continue;
		for (int32_t d = first[i]; d <= last[i]; d++)
			if (off[d - c->starts] == (signed char)i &&
			    !is_weekend(d) && in_quarters(c, d))
				matters = true;
		if (matters)
			add_holiday(c, first[i], last[i], CALENDAR_PUBLIC,
				p->code, p->name_kk, p->name_ru, p->name_en);
	}
}

void
calendar_default(int year, struct school_calendar *out)
{
	struct school_calendar *c = out;
	int32_t autumn, winter, spring_end, grade1;
	int wd;

	memset(c, 0, sizeof(*c));
	c->year = year;
	c->starts = date_from_ymd(year, 9, 1);
	c->ends = date_from_ymd(year + 1, 5, 25);

	autumn = next_weekday_named(date_from_ymd(year, 10, 26), 1);
	winter = date_from_ymd(year, 12, 29);
	wd = date_weekday(winter);
	if (wd == 6)
		winter += 2;            /* Saturday: from Monday the 31st */
	else if (wd != 1 && wd != 5)
		winter += 1;
	spring_end = next_weekday_named(date_from_ymd(year + 1, 3, 25), 7);
	grade1 = next_weekday_named(date_from_ymd(year + 1, 2, 3), 1);

	c->quarters[0].starts = weekday_on_or_after(c->starts);
	c->quarters[0].ends = weekday_on_or_before(autumn - 1);
	c->quarters[1].starts = weekday_on_or_after(autumn + 7);
	c->quarters[1].ends = weekday_on_or_before(winter - 1);
	c->quarters[2].starts = weekday_on_or_after(winter + 10);
	c->quarters[2].ends = weekday_on_or_before(spring_end - 11);
	c->quarters[3].starts = weekday_on_or_after(spring_end + 1);
	c->quarters[3].ends = weekday_on_or_before(c->ends);

	add_holiday(c, autumn, autumn + 6, CALENDAR_VACATION, "autumn",
		"Күзгі демалыс", "Осенние каникулы", "Autumn holidays");
	add_holiday(c, winter, winter + 9, CALENDAR_VACATION, "winter",
		"Қысқы демалыс", "Зимние каникулы", "Winter holidays");
	add_holiday(c, grade1, grade1 + 6, CALENDAR_GRADE1, "grade1",
		"1-сыныптарға қосымша демалыс",
		"Дополнительные каникулы для 1 классов",
		"Extra holidays for grade 1");
	add_holiday(c, spring_end - 10, spring_end, CALENDAR_VACATION,
		"spring", "Көктемгі демалыс", "Весенние каникулы",
		"Spring holidays");
	add_public_days(c);
}

int
calendar_quarter_of(const struct school_calendar *c, int32_t day)
{
	for (int q = 0; q < 4; q++)
		if (day >= c->quarters[q].starts && day <= c->quarters[q].ends)
			return q + 1;
	return 0;
}

bool
calendar_is_school_day(const struct school_calendar *c, int32_t day)
{
	if (is_weekend(day) || calendar_quarter_of(c, day) == 0)
		return false;
	for (int i = 0; i < c->nholidays; i++) {
		const struct calendar_holiday *h = &c->holidays[i];

		if (h->kind != CALENDAR_GRADE1 && day >= h->starts &&
		    day <= h->ends)
			return false;
	}
	return true;
}

int
calendar_school_days(const struct school_calendar *c, int q)
{
	int32_t from = q ? c->quarters[q - 1].starts : c->starts;
	int32_t to = q ? c->quarters[q - 1].ends : c->ends;
	int n = 0;

	for (int32_t d = from; d <= to; d++)
		n += calendar_is_school_day(c, d);
	return n;
}
