/* school_cal.c: loading a school's calendar from the store */
#include "core/common.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "db/db.h"

static struct query q_year = QUERY(
	"SELECT id, starts, ends FROM school_years WHERE year = ?1 AND "
	"(school_id = ?2 OR school_id IS NULL) "
	"ORDER BY CASE WHEN school_id IS NULL THEN 1 ELSE 0 END LIMIT 1");
static struct query q_quarters = QUERY(
	"SELECT n, starts, ends FROM quarters WHERE year_id = ?1 ORDER BY n");
static struct query q_holidays = QUERY(
	"SELECT kind, starts, ends FROM holidays WHERE year_id = ?1 "
	"ORDER BY starts, id");

static int32_t fixed_today = INT32_MIN;

void
school_today_fix(int32_t day)
{
	fixed_today = day;
}

int32_t
school_today(int64_t now)
{
	if (fixed_today != INT32_MIN)
		return fixed_today;
	return date_today(now, 5 * 3600);
}

static int32_t
col_day(struct db_stmt *st, int col)
{
	int32_t d = 0;

	(void)date_parse(db_col_text(st, col), &d);
	return d;
}

int
school_calendar_load(struct db *db, int64_t school_id, int year,
	struct school_calendar *out, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_year, e);
	int64_t year_id;
	int rc;

	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, year);
	db_bind_i64(st, 2, school_id);
	rc = db_step(st, e);
	if (rc < 0)
		return rc;
	if (rc != DB_ROW) {
		calendar_default(year, out);
		return 0;
	}
	memset(out, 0, sizeof(*out));
	out->year = year;
	year_id = db_col_i64(st, 0);
	out->starts = col_day(st, 1);
	out->ends = col_day(st, 2);
	if ((st = db_prep(db, &q_quarters, e)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, year_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t n = db_col_i64(st, 0);

		if (n < 1 || n > 4)
			continue;
		out->quarters[n - 1].starts = col_day(st, 1);
		out->quarters[n - 1].ends = col_day(st, 2);
	}
	if (rc < 0)
		return rc;
	if ((st = db_prep(db, &q_holidays, e)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, year_id);
	while ((rc = db_step(st, e)) == DB_ROW &&
	    out->nholidays < CALENDAR_HOLIDAYS_MAX) {
		struct calendar_holiday *h = &out->holidays[out->nholidays++];
		const char *kind = db_col_text(st, 0);

		h->kind = strcmp(kind, "grade1") == 0 ? CALENDAR_GRADE1 :
			strcmp(kind, "public") == 0 ? CALENDAR_PUBLIC :
			CALENDAR_VACATION;
		h->starts = col_day(st, 1);
		h->ends = col_day(st, 2);
		h->code = "";
	}
	return rc < 0 ? rc : 0;
}

bool
school_calendar_is_school_day(const struct school_calendar *cal, int grade,
	int32_t day)
{
	if (!calendar_is_school_day(cal, day))
		return false;
	for (int i = 0; grade == 1 && i < cal->nholidays; i++)
		if (cal->holidays[i].kind == CALENDAR_GRADE1 &&
		    day >= cal->holidays[i].starts &&
		    day <= cal->holidays[i].ends)
			return false;
	return true;
}
