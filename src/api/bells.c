/* bells.c: GET and PUT /schools/{id}/bells, a school's bell schedule */
#include "core/common.h"
#include "api/journal.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/school_cal.h"
#include "rules/bells.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

#define SHIFTS 3
/* Periods listed for a shift that has no bells of its own. */
#define DEFAULT_LISTED 8

/* One school's bells: stored per shift, period 0..BELLS_PERIODS_MAX. */
struct school_bells {
	bool stored[SHIFTS + 1];
	bool used[SHIFTS + 1];          /* a class of the school has it */
	bool have[SHIFTS + 1][BELLS_PERIODS_MAX + 1];
	struct bell b[SHIFTS + 1][BELLS_PERIODS_MAX + 1];
};

/*
** The times of a lesson: the stored bell when there is one, else the
** default bell's start; its end as lessons_generate() has it (a grade-1
** September or duty lesson is cut short: bells_lesson_end()).
*/
static void
times_of(const struct bell *stored, int shift, int grade, bool duty,
	int period, int32_t day, char *t0, char *t1)
{
	struct bell b = stored != NULL ? *stored :
		bells_default(shift, period);

	b.ends = bells_lesson_end(b.starts, stored != NULL ? stored->ends : -1,
		grade, date_to_ymd(day).m, duty);
	bells_format(b.starts, t0);
	bells_format(b.ends, t1);
}

static struct query q_bell = QUERY(
	"SELECT starts, ends FROM bells WHERE school_id = ?1 AND shift = ?2 "
	"AND period = ?3");

int
api_bells_times(struct db *db, int64_t school_id, int shift, int grade,
	bool duty, int period, int32_t day, char *starts, char *ends,
	struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_bell, e);
	struct bell b;
	int rc;

	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, shift);
	db_bind_i64(st, 3, period);
	if ((rc = db_step(st, e)) < 0)
		return rc;
	if (rc == DB_ROW) {
		b.starts = bells_parse(db_col_text(st, 0));
		b.ends = bells_parse(db_col_text(st, 1));
		if (b.starts >= 0 && b.ends > b.starts) {
			times_of(&b, shift, grade, duty, period, day, starts,
				ends);
			return 0;
		}
	}
	times_of(NULL, shift, grade, duty, period, day, starts, ends);
	return 0;
}

static struct query q_bells = QUERY(
	"SELECT shift, period, starts, ends FROM bells WHERE school_id = ?1 "
	"ORDER BY shift, period");
static struct query q_shifts = QUERY(
	"SELECT DISTINCT shift FROM classes WHERE school_id = ?1");

static int
bells_load(struct req *r, int64_t school_id, struct school_bells *sb)
{
	struct db_stmt *st = db_prep(r->db, &q_bells, &r->err);
	int rc;

	memset(sb, 0, sizeof(*sb));
	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, school_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int64_t shift = db_col_i64(st, 0), period = db_col_i64(st, 1);
		struct bell b = { bells_parse(db_col_text(st, 2)),
			bells_parse(db_col_text(st, 3)) };

		if (shift < 1 || shift > SHIFTS || period < 0 ||
		    period > BELLS_PERIODS_MAX || b.starts < 0 || b.ends < 0)
			continue;
		sb->stored[shift] = true;
		sb->have[shift][period] = true;
		sb->b[shift][period] = b;
	}
	if (rc < 0)
		return rc;
	if ((st = db_prep(r->db, &q_shifts, &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, school_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int64_t shift = db_col_i64(st, 0);

		if (shift >= 1 && shift <= SHIFTS)
			sb->used[shift] = true;
	}
	return rc < 0 ? rc : 0;
}

static void
write_bell(struct req *r, int period, struct bell b)
{
	char t[6];

	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "period", period);
	bells_format(b.starts, t);
	jw_kv_str(&r->out, "starts", t);
	bells_format(b.ends, t);
	jw_kv_str(&r->out, "ends", t);
	jw_obj_end(&r->out);
}

/* Shifts 1 and 2 always, 3 when the school has bells or classes for it. */
static int
reply_bells(struct req *r, int64_t school_id, int64_t updated)
{
	struct school_bells sb;
	bool any = false;

	if (bells_load(r, school_id, &sb) != 0)
		return reply_error(r, NULL);
	for (int s = 1; s <= SHIFTS; s++)
		any = any || sb.stored[s];
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "school_id", school_id);
	jw_kv_str(&r->out, "source", any ? "school" : "default");
	jw_key(&r->out, "shifts");
	jw_arr_begin(&r->out);
	for (int s = 1; s <= SHIFTS; s++) {
		if (s == SHIFTS && !sb.stored[s] && !sb.used[s])
			continue;
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "shift", s);
		jw_kv_str(&r->out, "source", sb.stored[s] ? "school" :
			"default");
		jw_key(&r->out, "periods");
		jw_arr_begin(&r->out);
		for (int p = 0; p <= BELLS_PERIODS_MAX; p++) {
			if (sb.stored[s] && sb.have[s][p])
				write_bell(r, p, sb.b[s][p]);
			else if (!sb.stored[s] && p >= 1 &&
			    p <= DEFAULT_LISTED)
				write_bell(r, p, bells_default(s, p));
		}
		jw_arr_end(&r->out);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (updated >= 0)
		jw_kv_i64(&r->out, "lessons_updated", updated);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

int
api_school_bells_get(struct req *r)
{
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_SCHOOL, id, NULL))
		return 0;
	return reply_bells(r, id, -1);
}

/* A time field "HH:MM" of period object p; -1 after answering 422. */
static int
time_field(struct req *r, json_t *p, const char *path, const char *name)
{
	const char *s = NULL;
	int t;

	if (jv_str(r, p, path, name, JV_REQ, 1, 5, &s))
		return -1;
	if ((t = bells_parse(s)) < 0)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be a time HH:MM", name), -1;
	return t;
}

/* The new bells of one shift from the body; answers 422 on failure. */
static int
bells_parse_body(struct req *r, json_t *arr, bool *have, struct bell *b)
{
	int prev = 0;

	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *p = json_array_get(arr, i);
		const char *path = arena_printf(r->a, "periods[%zu]", i);
		int64_t period = 0;
		struct bell x;

		if (!json_is_object(p))
			return reply_err_field(r, ERR_INVAL, path, "each "
				"period must be an object"), -1;
		if (jv_only(r, p, path, "period", "starts", "ends", NULL) ||
		    jv_i64(r, p, path, "period", JV_REQ, 1, BELLS_PERIODS_MAX,
		    &period) ||
		    (x.starts = time_field(r, p, path, "starts")) < 0 ||
		    (x.ends = time_field(r, p, path, "ends")) < 0)
			return -1;
		if (x.ends <= x.starts)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "ends"), "'ends' must be "
				"after 'starts'"), -1;
		if (period <= prev)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "period"), "periods must be "
				"listed once each, in increasing order"), -1;
		if (prev > 0 && x.starts < b[prev].ends)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "starts"), "period %d must "
				"not start before period %d ends", (int)period,
				prev), -1;
		prev = (int)period;
		have[prev] = true;
		b[prev] = x;
	}
	return 0;
}

static struct query q_bells_clear = QUERY(
	"DELETE FROM bells WHERE school_id = ?1 AND shift = ?2");
static struct query q_bell_add = QUERY(
	"INSERT INTO bells (school_id, shift, period, starts, ends) "
	"VALUES (?1, ?2, ?3, ?4, ?5)");
/* The lessons still to come of the school's classes of a shift. */
static struct query q_shift_lessons = QUERY(
	"SELECT l.id, l.date, l.period, l.starts, l.ends, c.grade, "
	"CASE WHEN sg.kind = 'duty' THEN 1 ELSE 0 END FROM lessons l "
	"JOIN classes c ON c.id = l.class_id "
	"JOIN courses co ON co.id = l.course_id "
	"LEFT JOIN subgroups sg ON sg.id = co.subgroup_id "
	"WHERE c.school_id = ?1 AND c.shift = ?2 AND l.date > ?3");
static struct query q_lesson_times = QUERY(
	"UPDATE lessons SET starts = ?2, ends = ?3 WHERE id = ?1");

struct retime {
	int64_t id;
	char starts[6], ends[6];
};

/*
** Give the lessons after today of the shift's classes the new times.
** Lessons of today keep theirs: they may be under way.
*/
static int
bells_retime(struct req *r, int64_t school_id, int shift, const bool *have,
	const struct bell *b, int64_t *updated)
{
	struct db_stmt *st = db_prep(r->db, &q_shift_lessons, &r->err);
	struct retime *v;
	size_t n = 0, cap = 256;
	char today[11];
	int rc;

	*updated = 0;
	if (st == NULL)
		return ERR_DB;
	v = arena_alloc(r->a, cap * sizeof(*v));
	date_format(school_today(r->now), today);
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, shift);
	db_bind_text(st, 3, today);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int64_t period = db_col_i64(st, 2);
		int32_t day;
		char t0[6], t1[6];

		if (date_parse(db_col_text(st, 1), &day) != 0 || period < 0 ||
		    period > BELLS_PERIODS_MAX)
			continue;
		times_of(have[period] ? &b[period] : NULL, shift,
			(int)db_col_i64(st, 5), db_col_i64(st, 6) != 0,
			(int)period, day, t0, t1);
		if (strcmp(t0, db_col_text(st, 3)) == 0 &&
		    strcmp(t1, db_col_text(st, 4)) == 0)
			continue;
		if (n == cap) {
			struct retime *more = arena_alloc(r->a, cap * 2 *
				sizeof(*more));

			memcpy(more, v, cap * sizeof(*v));
			v = more;
			cap *= 2;
		}
		v[n].id = db_col_i64(st, 0);
		memcpy(v[n].starts, t0, sizeof(t0));
		memcpy(v[n].ends, t1, sizeof(t1));
		n++;
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((st = db_prep(r->db, &q_lesson_times, &r->err)) == NULL)
			return ERR_DB;
		db_bind_i64(st, 1, v[i].id);
		db_bind_text(st, 2, v[i].starts);
		db_bind_text(st, 3, v[i].ends);
		if ((rc = db_exec(st, &r->err)) != DB_DONE)
			return rc;
	}
	*updated = (int64_t)n;
	return 0;
}

static int
bells_store(struct req *r, int64_t school_id, int shift, const bool *have,
	const struct bell *b, int64_t *updated)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_begin(r->db, &r->err)) != 0)
		return rc;
	if ((st = db_prep(r->db, &q_bells_clear, &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, shift);
	if ((rc = db_exec(st, &r->err)) != DB_DONE)
		return rc;
	for (int p = 0; p <= BELLS_PERIODS_MAX; p++) {
		char t0[6], t1[6];

		if (!have[p])
			continue;
		if ((st = db_prep(r->db, &q_bell_add, &r->err)) == NULL)
			return ERR_DB;
		bells_format(b[p].starts, t0);
		bells_format(b[p].ends, t1);
		db_bind_i64(st, 1, school_id);
		db_bind_i64(st, 2, shift);
		db_bind_i64(st, 3, p);
		db_bind_text(st, 4, t0);
		db_bind_text(st, 5, t1);
		if ((rc = db_exec(st, &r->err)) != DB_DONE)
			return rc;
	}
	if ((rc = bells_retime(r, school_id, shift, have, b, updated)) != 0)
		return rc;
	return db_commit(r->db, &r->err);
}

/*
** PUT {"shift","periods":[{"period","starts","ends"}]} replaces the
** shift's bells; an empty list goes back to the default bells. The
** lessons after today of the school's classes of that shift get the new
** times ("lessons_updated" says how many changed).
*/
int
api_school_bells_put(struct req *r)
{
	bool have[BELLS_PERIODS_MAX + 1] = { false };
	struct bell b[BELLS_PERIODS_MAX + 1];
	int64_t id, shift = 0, updated = 0;
	json_t *body, *periods;

	memset(b, 0, sizeof(b));
	if (req_path_id(r, 0, &id) ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, id, NULL))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "shift", "periods", NULL) ||
	    jv_i64(r, body, NULL, "shift", JV_REQ, 1, SHIFTS, &shift) ||
	    jv_arr(r, body, NULL, "periods", JV_REQ, 64, &periods) ||
	    bells_parse_body(r, periods, have, b))
		return 0;
	if (bells_store(r, id, (int)shift, have, b, &updated) != 0) {
		db_rollback(r->db);
		return reply_error(r, NULL);
	}
	return reply_bells(r, id, updated);
}
