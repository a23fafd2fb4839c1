/* calendar.c: school years, quarters and holidays: national and per school */
#include "core/common.h"
#include "api/api.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"
#include "rules/calendar.h"
#include "rules/csv.h"
#include "rules/dates.h"

/*
** The ministry sets the national calendar of a school year (school_id
** NULL); a school may override it for itself. Reading a school's year
** gives its override, else the national one, else the ministry's usual
** pattern computed by rules/calendar.c (source "default"), so that a
** fresh installation has a calendar before anyone sets one.
*/

#define HOLIDAYS_MAX 40

static struct query q_year = QUERY(
	"SELECT id, school_id, starts, ends FROM school_years "
	"WHERE year = ?1 AND COALESCE(school_id, 0) = ?2");
static struct query q_quarters = QUERY(
	"SELECT n, starts, ends FROM quarters WHERE year_id = ?1 ORDER BY n");
static struct query q_holidays = QUERY(
	"SELECT name, kind, starts, ends FROM holidays WHERE year_id = ?1 "
	"ORDER BY starts, id");
static struct query q_year_add = QUERY(
	"INSERT INTO school_years (school_id, year, starts, ends) "
	"VALUES (?1, ?2, ?3, ?4) RETURNING id");
static struct query q_year_set = QUERY(
	"UPDATE school_years SET starts = ?2, ends = ?3 WHERE id = ?1");
static struct query q_quarters_clear = QUERY(
	"DELETE FROM quarters WHERE year_id = ?1");
static struct query q_holidays_clear = QUERY(
	"DELETE FROM holidays WHERE year_id = ?1");
static struct query q_quarter_add = QUERY(
	"INSERT INTO quarters (year_id, n, starts, ends) "
	"VALUES (?1, ?2, ?3, ?4)");
static struct query q_holiday_add = QUERY(
	"INSERT INTO holidays (year_id, name, kind, starts, ends) "
	"VALUES (?1, ?2, ?3, ?4, ?5)");

static const char *const holiday_kinds[] = { "vacation", "grade1",
	"public", NULL };

static void
kv_day(struct req *r, const char *key, int32_t day)
{
	char buf[11];

	date_format(day, buf);
	jw_kv_str(&r->out, key, buf);
}

static void
write_default(struct req *r, int year)
{
	struct school_calendar c;

	calendar_default(year, &c);
	jw_kv_null(&r->out, "school_id");
	jw_kv_str(&r->out, "source", "default");
	kv_day(r, "starts", c.starts);
	kv_day(r, "ends", c.ends);
	jw_key(&r->out, "quarters");
	jw_arr_begin(&r->out);
	for (int q = 0; q < 4; q++) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "n", q + 1);
		kv_day(r, "starts", c.quarters[q].starts);
		kv_day(r, "ends", c.quarters[q].ends);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_key(&r->out, "holidays");
	jw_arr_begin(&r->out);
	for (int i = 0; i < c.nholidays; i++) {
		const struct calendar_holiday *h = &c.holidays[i];

		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "name", h->name_kk);
		jw_kv_str(&r->out, "kind", holiday_kinds[h->kind - 1]);
		kv_day(r, "starts", h->starts);
		kv_day(r, "ends", h->ends);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
}

/* The stored year row year_id (columns of q_year in st). */
static int
write_stored(struct req *r, struct db_stmt *yr)
{
	int64_t id = db_col_i64(yr, 0);
	struct db_stmt *st;
	int rc;

	if (db_col_null(yr, 1))
		jw_kv_null(&r->out, "school_id");
	else
		jw_kv_i64(&r->out, "school_id", db_col_i64(yr, 1));
	jw_kv_str(&r->out, "source", db_col_null(yr, 1) ? "national" :
		"school");
	jw_kv_str(&r->out, "starts", db_col_text(yr, 2));
	jw_kv_str(&r->out, "ends", db_col_text(yr, 3));
	jw_key(&r->out, "quarters");
	jw_arr_begin(&r->out);
	if ((st = db_prep(r->db, &q_quarters, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "n", db_col_i64(st, 0));
		jw_kv_str(&r->out, "starts", db_col_text(st, 1));
		jw_kv_str(&r->out, "ends", db_col_text(st, 2));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0 || (st = db_prep(r->db, &q_holidays, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	jw_key(&r->out, "holidays");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "name", db_col_text(st, 0));
		jw_kv_str(&r->out, "kind", db_col_text(st, 1));
		jw_kv_str(&r->out, "starts", db_col_text(st, 2));
		jw_kv_str(&r->out, "ends", db_col_text(st, 3));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	return rc < 0 ? -1 : 0;
}

/* Answer the calendar of year for school_id (0: national). */
static int
reply_year(struct req *r, int year, int64_t school_id)
{
	struct db_stmt *st;
	int rc = DB_DONE;

	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "year", year);
	for (int pass = school_id ? 0 : 1; pass < 2; pass++) {
		if ((st = db_prep(r->db, &q_year, &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, year);
		db_bind_i64(st, 2, pass == 0 ? school_id : 0);
		if ((rc = db_step(st, &r->err)) < 0)
			return reply_error(r, NULL);
		if (rc == DB_ROW) {
			if (write_stored(r, st))
				return reply_error(r, NULL);
			break;
		}
	}
	if (rc != DB_ROW)
		write_default(r, year);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

int
api_school_years_get(struct req *r)
{
	int64_t year, school_id;

	if (req_query_i64(r, "year", 2000, 2100, api_year_now(r), &year) ||
	    req_query_i64(r, "school_id", 1, INT64_MAX, 0, &school_id))
		return 0;
	if (school_id && authz(r, ACC_READ, OBJ_SCHOOL, school_id, NULL))
		return 0;
	return reply_year(r, (int)year, school_id);
}

/* ----- setting a calendar ----- */

struct span {
	int32_t starts, ends;
	const char *name, *kind;
};

struct year_body {
	int32_t starts, ends;
	struct span quarters[4];
	struct span holidays[HOLIDAYS_MAX];
	int nholidays;
};

/* starts and ends of obj at path as day numbers, starts <= ends, inside
** the window [lo, hi]. */
static int
span_of(struct req *r, json_t *obj, const char *path, int32_t lo,
	int32_t hi, struct span *s)
{
	const char *a = NULL, *b = NULL;
	char los[11], his[11];

	if (jv_date(r, obj, path, "starts", JV_REQ, &a) ||
	    jv_date(r, obj, path, "ends", JV_REQ, &b))
		return -1;
	date_parse(a, &s->starts);
	date_parse(b, &s->ends);
	if (s->ends < s->starts)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, "ends"),
			"'ends' must not be before 'starts'"), -1;
	if (s->starts < lo || s->ends > hi) {
		date_format(lo, los);
		date_format(hi, his);
		return reply_err_field(r, ERR_INVAL, jv_field(r, path,
			s->starts < lo ? "starts" : "ends"), "the dates must "
			"lie between %s and %s", los, his), -1;
	}
	return 0;
}

/*
** A calendar body: {"starts"?, "ends"?, "quarters":[4 x {"n"?, "starts",
** "ends"}], "holidays"?:[{"name","kind"?,"starts","ends"}]}. Quarters come
** in order without overlap; everything lies between 1 August of year and
** 31 July of the next; the year spans its quarters.
*/
static int
year_fields(struct req *r, json_t *body, int year, struct year_body *y)
{
	int32_t lo = date_from_ymd(year, 8, 1), hi = date_from_ymd(year + 1,
		7, 31);
	json_t *qs, *hs, *v;
	const char *ys = NULL, *ye = NULL;
	size_t i;

	memset(y, 0, sizeof(*y));
	if (jv_only(r, body, NULL, "starts", "ends", "quarters", "holidays",
	    NULL) ||
	    jv_date(r, body, NULL, "starts", JV_OPT, &ys) ||
	    jv_date(r, body, NULL, "ends", JV_OPT, &ye) ||
	    jv_arr(r, body, NULL, "quarters", JV_REQ, 16, &qs) ||
	    jv_arr(r, body, NULL, "holidays", JV_OPT, HOLIDAYS_MAX, &hs))
		return -1;
	if (json_array_size(qs) != 4)
		return reply_err_field(r, ERR_INVAL, "quarters", "'quarters' "
			"must hold the 4 quarters"), -1;
	json_array_foreach(qs, i, v) {
		const char *path = arena_printf(r->a, "quarters[%zu]", i);
		int64_t n = (int64_t)i + 1;

		if (!json_is_object(v))
			return reply_err_field(r, ERR_INVAL, path, "'%s' must "
				"be an object", path), -1;
		if (jv_only(r, v, path, "n", "starts", "ends", NULL) ||
		    jv_i64(r, v, path, "n", JV_OPT, n, n, &n) ||
		    span_of(r, v, path, lo, hi, &y->quarters[i]))
			return -1;
		if (i > 0 && y->quarters[i].starts <= y->quarters[i - 1].ends)
			return reply_err_field(r, ERR_INVAL, jv_field(r, path,
				"starts"), "quarter %zu must start after "
				"quarter %zu ends", i + 1, i), -1;
	}
	y->starts = y->quarters[0].starts;
	y->ends = y->quarters[3].ends;
	if (ys != NULL)
		date_parse(ys, &y->starts);
	if (ye != NULL)
		date_parse(ye, &y->ends);
	if (y->starts < lo || y->starts > y->quarters[0].starts)
		return reply_err_field(r, ERR_INVAL, "starts", "'starts' must "
			"be from 1 August to the start of quarter 1"), -1;
	if (y->ends > hi || y->ends < y->quarters[3].ends)
		return reply_err_field(r, ERR_INVAL, "ends", "'ends' must be "
			"from the end of quarter 4 to 31 July"), -1;
	json_array_foreach(hs, i, v) {
		const char *path = arena_printf(r->a, "holidays[%zu]", i);
		struct span *h = &y->holidays[i];
		int kind = 0;

		if (!json_is_object(v))
			return reply_err_field(r, ERR_INVAL, path, "'%s' must "
				"be an object", path), -1;
		if (jv_only(r, v, path, "name", "kind", "starts", "ends",
		    NULL) ||
		    jv_str(r, v, path, "name", JV_REQ, 1, 100, &h->name) ||
		    jv_enum(r, v, path, "kind", JV_OPT, holiday_kinds, &kind) ||
		    span_of(r, v, path, lo, hi, h))
			return -1;
		if (!csv_text_ok(h->name))
			return reply_err_field(r, ERR_INVAL, jv_field(r, path,
				"name"), "'name' must not be blank or hold "
				"control characters"), -1;
		h->kind = holiday_kinds[kind];
		y->nholidays++;
	}
	return 0;
}

static int
exec_span(struct req *r, struct query *q, int64_t year_id, int64_t n,
	const struct span *s)
{
	struct db_stmt *st = db_prep(r->db, q, &r->err);
	char a[11], b[11];
	int i = 2;

	if (st == NULL)
		return -1;
	date_format(s->starts, a);
	date_format(s->ends, b);
	db_bind_i64(st, 1, year_id);
	if (s->name) {
		db_bind_text(st, i++, s->name);
		db_bind_text(st, i++, s->kind);
	} else {
		db_bind_i64(st, i++, n);
	}
	db_bind_text(st, i++, a);
	db_bind_text(st, i, b);
	return db_exec(st, &r->err) != DB_DONE ? -1 : 0;
}

/* Store y as the calendar of year for school_id (0: national), replacing
** what was there; the year row keeps its id. */
static int
store_year(struct req *r, int year, int64_t school_id,
	const struct year_body *y)
{
	struct db_stmt *st;
	int64_t id;
	char a[11], b[11];
	int rc;

	date_format(y->starts, a);
	date_format(y->ends, b);
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_year, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, year);
	db_bind_i64(st, 2, school_id);
	if ((rc = db_step(st, &r->err)) < 0)
		return -1;
	if (rc == DB_ROW) {
		id = db_col_i64(st, 0);
		if ((st = db_prep(r->db, &q_year_set, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		db_bind_text(st, 2, a);
		db_bind_text(st, 3, b);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
		if ((st = db_prep(r->db, &q_quarters_clear, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
		if ((st = db_prep(r->db, &q_holidays_clear, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
	} else {
		if ((st = db_prep(r->db, &q_year_add, &r->err)) == NULL)
			return -1;
		if (school_id)
			db_bind_i64(st, 1, school_id);
		else
			db_bind_null(st, 1);
		db_bind_i64(st, 2, year);
		db_bind_text(st, 3, a);
		db_bind_text(st, 4, b);
		if (api_insert_id(r, st, &id))
			return -1;
	}
	for (int q = 0; q < 4; q++)
		if (exec_span(r, &q_quarter_add, id, q + 1, &y->quarters[q]))
			return -1;
	for (int i = 0; i < y->nholidays; i++)
		if (exec_span(r, &q_holiday_add, id, 0, &y->holidays[i]))
			return -1;
	return db_commit(r->db, &r->err);
}

int
api_school_calendar_put(struct req *r)
{
	struct year_body *y = arena_alloc(r->a, sizeof(*y));
	int64_t school_id, year;
	json_t *body;

	if (req_path_id(r, 0, &school_id) ||
	    req_query_i64(r, "year", 2000, 2100, api_year_now(r), &year) ||
	    (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, school_id, NULL) ||
	    year_fields(r, body, (int)year, y))
		return 0;
	if (store_year(r, (int)year, school_id, y))
		return reply_error(r, NULL);
	return reply_year(r, (int)year, school_id);
}

int
api_school_year_put(struct req *r)
{
	struct year_body *y = arena_alloc(r->a, sizeof(*y));
	const char *p = r->nparams > 0 ? r->params[0] : "";
	char *end;
	int64_t year;
	json_t *body;

	errno = 0;
	year = strtoll(p, &end, 10);
	if (*p < '0' || *p > '9' || *end != '\0' || errno)
		return reply_err_field(r, ERR_BADREQ, "year",
			"'%.20s' is not a year", p);
	if (year < 2000 || year > 2100)
		return reply_err_field(r, ERR_NOTFOUND, "year", "no school "
			"year %lld", (long long)year);
	if (!authz_is_ministry(r->auth))
		return reply_err(r, ERR_FORBIDDEN, "only the ministry sets the "
			"national calendar");
	if ((body = req_json(r)) == NULL || year_fields(r, body, (int)year, y))
		return 0;
	if (store_year(r, (int)year, 0, y))
		return reply_error(r, NULL);
	return reply_year(r, (int)year, 0);
}
