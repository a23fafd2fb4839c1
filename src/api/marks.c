/* marks.c: PUT /lessons/{id}/marks and GET /lessons/{id}/marks/history */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/audit.h"
#include "journal/lesson.h"
#include "journal/school_cal.h"
#include "rules/marks.h"
#include "rules/schedule_limits.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "core/log.h"
#include "db/db.h"

#define MARKS_PER_REQUEST_MAX 500

struct mark_in {
	int64_t student_id;
	int kind;                       /* enum marks_kind */
	bool remove;                    /* "value": null */
	int64_t value, max;
	const char *comment;
};

static const char *const entered_kinds[] = { "formative", "sor", "soch",
	"quarter", "year", NULL };

/* Parse and check every entry against the lesson; answers on failure. */
static int
marks_parse(struct req *r, const struct lesson *l, json_t *arr,
	struct mark_in *in, size_t n)
{
	int64_t *pupils;
	int npupils;

	if (lesson_pupils(r, l, &pupils, &npupils))
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array_get(arr, i);
		const char *path = arena_printf(r->a, "marks[%zu]", i);
		struct mark_in *x = &in[i];
		json_t *v;
		char msg[160];
		int kind = 0;

		memset(x, 0, sizeof(*x));
		if (!json_is_object(m))
			return reply_err_field(r, ERR_INVAL, path, "each mark "
				"must be an object"), -1;
		if (jv_only(r, m, path, "student_id", "kind", "value", "max",
		    "comment", NULL) ||
		    jv_i64(r, m, path, "student_id", JV_REQ, 1, INT64_MAX,
		    &x->student_id) ||
		    jv_enum(r, m, path, "kind", JV_REQ, entered_kinds, &kind) ||
		    jv_str(r, m, path, "comment", JV_OPT, 0, 500, &x->comment))
			return -1;
		x->kind = marks_kind_parse(entered_kinds[kind]);
		v = json_object_get(m, "value");
		if (v == NULL)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "value"), "'value' is "
				"required (null removes the mark)"), -1;
		x->remove = json_is_null(v);
		if (!x->remove && jv_i64(r, m, path, "value", JV_REQ,
		    INT32_MIN, INT32_MAX, &x->value))
			return -1;
		if (jv_i64(r, m, path, "max", JV_OPT, INT32_MIN, INT32_MAX,
		    &x->max))
			return -1;
		if (!lesson_has_pupil(pupils, npupils, x->student_id))
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "student_id"), "pupil %lld "
				"is not in this lesson's class or group",
				(long long)x->student_id), -1;
		if (marks_validate(l->grade, x->kind, (double)x->value,
		    json_object_get(m, "max") != NULL &&
		    !json_is_null(json_object_get(m, "max")),
		    (double)x->max, msg, sizeof(msg)) != 0 &&
		    !(x->remove && x->kind < MARKS_QUARTER && l->grade >= 2))
			return reply_err_field(r, ERR_INVAL, path, "%s", msg),
				-1;
		for (size_t k = 0; k < i; k++)
			if (in[k].student_id == x->student_id &&
			    in[k].kind == x->kind)
				return reply_err_field(r, ERR_INVAL, path,
					"a second %s mark for pupil %lld in "
					"one request", entered_kinds[kind],
					(long long)x->student_id), -1;
	}
	return 0;
}

/* Summative marks of the class that day, other than those being set. */
static struct query q_day_summative = QUERY(
	"SELECT m.lesson_id, m.student_id, m.kind, co.subject_id "
	"FROM lessons l JOIN marks m ON m.lesson_id = l.id "
	"JOIN courses co ON co.id = l.course_id "
	"WHERE l.class_id = ?1 AND l.date = ?2 AND m.kind IN ('sor', 'soch')");

static bool
replaced(const struct lesson *l, const struct mark_in *in, size_t n,
	int64_t lesson_id, int64_t student_id, int kind)
{
	if (lesson_id != l->id)
		return false;
	for (size_t i = 0; i < n; i++)
		if (in[i].student_id == student_id && in[i].kind == kind)
			return true;
	return false;
}

static int
marks_check_limits(struct req *r, const struct lesson *l,
	const struct mark_in *in, size_t n)
{
	struct schedule_limits_mark *prop, *have = NULL;
	size_t np = 0, nh = 0, caph = 0, bad = 0;
	struct school_calendar cal;
	int32_t ends[4];
	struct db_stmt *st;
	char date[11], msg[200];
	int rc;

	prop = arena_alloc(r->a, (n + 1) * sizeof(*prop));
	for (size_t i = 0; i < n; i++) {
		if (in[i].remove || in[i].kind == MARKS_FORMATIVE)
			continue;
		prop[np++] = (struct schedule_limits_mark){ l->class_id,
			l->subject_id, l->date, in[i].kind };
	}
	if (np == 0)
		return 0;
	date_format(l->date, date);
	if ((st = db_prep(r->db, &q_day_summative, &r->err)) == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, l->class_id);
	db_bind_text(st, 2, date);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int kind = marks_kind_parse(db_col_text(st, 2));

		if (replaced(l, in, n, db_col_i64(st, 0), db_col_i64(st, 1),
		    kind))
			continue;
		if (nh == caph) {
			struct schedule_limits_mark *more;

			caph = caph ? caph * 2 : 64;
			more = arena_alloc(r->a, caph * sizeof(*more));
			if (nh)
				memcpy(more, have, nh * sizeof(*more));
			have = more;
		}
		have[nh++] = (struct schedule_limits_mark){ l->class_id,
			db_col_i64(st, 3), l->date, kind };
	}
	if (rc < 0)
		return reply_error(r, NULL), -1;
	if (school_calendar_load(r->db, l->school_id,
	    calendar_year_of(l->date), &cal, &r->err) != 0)
		return reply_error(r, NULL), -1;
	for (int q = 0; q < 4; q++)
		ends[q] = cal.quarters[q].ends;
	if (schedule_limits_check(prop, np, have, nh, ends, 4, &bad, msg,
	    sizeof(msg)) != 0) {
		/* bad indexes the summative entries: find it in the request */
		size_t k = 0, i;

		for (i = 0; i < n; i++) {
			if (in[i].remove || in[i].kind == MARKS_FORMATIVE)
				continue;
			if (k++ == bad)
				break;
		}
		return reply_err_field(r, ERR_INVAL,
			arena_printf(r->a, "marks[%zu]", i), "%s", msg), -1;
	}
	return 0;
}

static struct query q_marks_had = QUERY(
	"SELECT student_id, kind, value, max FROM marks WHERE lesson_id = ?1");
static struct query q_mark_put = QUERY(
	"INSERT INTO marks (lesson_id, student_id, kind, value, max, comment, "
	"set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	"ON CONFLICT (lesson_id, student_id, kind) DO UPDATE SET "
	"value = excluded.value, max = excluded.max, "
	"comment = excluded.comment, set_by = excluded.set_by, "
	"set_at = excluded.set_at");
static struct query q_mark_del = QUERY(
	"DELETE FROM marks WHERE lesson_id = ?1 AND student_id = ?2 AND "
	"kind = ?3");

/* The audit text of a mark: "7" or "15/20". */
static const char *
mark_text(struct req *r, int kind, int64_t value, int64_t max)
{
	if (kind == MARKS_FORMATIVE)
		return arena_printf(r->a, "%lld", (long long)value);
	return arena_printf(r->a, "%lld/%lld", (long long)value,
		(long long)max);
}

/* The lesson's marks as they stand, the audit text of each: read once,
** kept current as the request writes (an entry may come twice). */
struct mark_had {
	int64_t student_id;
	const char *kind;
	const char *text;               /* NULL: none */
};

static struct mark_had *
marks_had_load(struct req *r, const struct lesson *l, size_t *n)
{
	struct db_stmt *st = db_prep(r->db, &q_marks_had, &r->err);
	struct mark_had *h = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (st == NULL)
		return NULL;
	db_bind_i64(st, 1, l->id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		const char *kind = db_col_text(st, 1);
		int k = marks_kind_parse(kind);

		if (*n == cap) {
			struct mark_had *more;

			cap = cap ? cap * 2 : 64;
			more = arena_alloc(r->a, cap * sizeof(*more));
			if (*n)
				memcpy(more, h, *n * sizeof(*more));
			h = more;
		}
		h[*n].student_id = db_col_i64(st, 0);
		h[*n].kind = arena_strdup(r->a, kind);
		h[*n].text = mark_text(r, k, db_col_i64(st, 2),
			db_col_i64(st, 3));
		(*n)++;
	}
	if (rc < 0)
		return NULL;
	return h ? h : arena_alloc(r->a, sizeof(*h));
}

static struct mark_had *
marks_had_find(struct mark_had *h, size_t n, int64_t student_id,
	const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (h[i].student_id == student_id &&
		    strcmp(h[i].kind, kind) == 0)
			return &h[i];
	return NULL;
}

/*
** One transaction: the lesson's marks read at once, then each entry's
** upsert or delete and its audit row sent down a pipeline on PostgreSQL
** (db_pipeline: their answers are read at COMMIT), so a request costs a
** few round trips however many marks it carries.
*/
static int
marks_store(struct req *r, const struct lesson *l, const struct mark_in *in,
	size_t n)
{
	struct audit_batch b;
	struct err *e = &r->err;
	struct mark_had *had, *fresh;
	size_t nhad;

	if (db_begin(r->db, e) != 0 || audit_begin(r->db, &b, e) != 0 ||
	    (had = marks_had_load(r, l, &nhad)) == NULL)
		return -1;
	/* room for the entries new to the lesson */
	fresh = arena_alloc(r->a, (nhad + n) * sizeof(*fresh));
	memcpy(fresh, had, nhad * sizeof(*fresh));
	had = fresh;
	db_pipeline(r->db);
	for (size_t i = 0; i < n; i++) {
		const struct mark_in *x = &in[i];
		const char *kind = marks_kind_name(x->kind), *old = NULL;
		const char *now = x->remove ? NULL : mark_text(r, x->kind,
			x->value, x->max);
		struct mark_had *h = marks_had_find(had, nhad, x->student_id,
			kind);
		struct db_stmt *st;

		if (h == NULL) {
			h = &had[nhad++];
			*h = (struct mark_had){ x->student_id, kind, NULL };
		}
		old = h->text;
		h->text = now;
		if (x->remove) {
			if (old == NULL)
				continue;
			st = db_prep(r->db, &q_mark_del, e);
		} else {
			st = db_prep(r->db, &q_mark_put, e);
		}
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, l->id);
		db_bind_i64(st, 2, x->student_id);
		db_bind_text(st, 3, kind);
		if (!x->remove) {
			db_bind_i64(st, 4, x->value);
			if (x->kind == MARKS_FORMATIVE)
				db_bind_null(st, 5);
			else
				db_bind_i64(st, 5, x->max);
			db_bind_text(st, 6, x->comment);
			db_bind_i64(st, 7, r->auth->person_id);
			db_bind_i64(st, 8, r->now);
		}
		if (db_exec(st, e) != DB_DONE)
			return -1;
		if (old != NULL && now != NULL && strcmp(old, now) == 0)
			continue;       /* same value again: nothing changed */
		if (audit_add(r->db, &b, &(struct audit_entry){ r->now,
		    r->auth->person_id, r->id, l->id, x->student_id,
		    arena_printf(r->a, "mark:%s", kind), old, now }, e) != 0)
			return -1;
	}
	if (audit_end(r->db, &b, e) != 0 || db_commit(r->db, e) != 0)
		return -1;
	return 0;
}

static struct query q_lesson_marks = QUERY(
	"SELECT student_id, kind, value, max, comment FROM marks "
	"WHERE lesson_id = ?1 ORDER BY student_id, kind");

static int
reply_lesson_marks(struct req *r, int64_t lesson_id)
{
	struct db_stmt *st = db_prep(r->db, &q_lesson_marks, &r->err);
	int rc;

	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, lesson_id);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "lesson_id", lesson_id);
	jw_key(&r->out, "marks");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "student_id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "kind", db_col_text(st, 1));
		jw_kv_i64(&r->out, "value", db_col_i64(st, 2));
		jw_key(&r->out, "max");
		if (db_col_null(st, 3))
			jw_null(&r->out);
		else
			jw_i64(&r->out, db_col_i64(st, 3));
		jw_kv_str(&r->out, "comment", db_col_text(st, 4));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}

int
api_lesson_marks_put(struct req *r)
{
	struct lesson l;
	json_t *body, *arr;
	int64_t id;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_WRITE, &l))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "marks", NULL) ||
	    jv_arr(r, body, NULL, "marks", JV_REQ, MARKS_PER_REQUEST_MAX,
	    &arr))
		return 0;
	return journal_marks_put(r, &l, arr);
}

/*
** The marks of arr (the "marks" array of PUT /lessons/{id}/marks) into
** lesson l, with every rule and the audit; answers the lesson's marks or
** the refusal. Also the path of a test's results into the journal
** (quiz_results.c).
*/
int
journal_marks_put(struct req *r, const struct lesson *l, json_t *arr)
{
	struct mark_in *in;
	size_t n;

	if (journal_check_open(r, l))
		return 0;
	n = json_array_size(arr);
	in = arena_alloc(r->a, (n + 1) * sizeof(*in));
	if (marks_parse(r, l, arr, in, n) || marks_check_limits(r, l, in, n))
		return 0;
	if (marks_store(r, l, in, n) != 0) {
		db_rollback(r->db);
		return reply_error(r, NULL);
	}
	return reply_lesson_marks(r, l->id);
}

static struct query q_history = QUERY(
	"SELECT a.seq, a.at, a.person_id, p.full_name, a.request_id, "
	"a.student_id, a.what, a.old_value, a.new_value FROM audit_log a "
	"LEFT JOIN people p ON p.id = a.person_id WHERE a.lesson_id = ?1 "
	"ORDER BY a.seq");

int
api_lesson_marks_history(struct req *r)
{
	struct lesson l;
	struct db_stmt *st;
	int64_t id;
	int rc;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_READ, &l))
		return 0;
	/* the lesson's teachers and the school's administrators only */
	if (r->auth->person_id != l.teacher_id &&
	    r->auth->person_id != l.course_teacher_id &&
	    !journal_is_school_admin(r, l.school_id))
		return reply_err(r, ERR_FORBIDDEN, "only the lesson's teacher "
			"and the school's administrators see its history");
	if ((st = db_prep(r->db, &q_history, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, l.id);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "lesson_id", l.id);
	jw_key(&r->out, "history");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		char ts[32];

		time_rfc3339(db_col_i64(st, 1), ts, sizeof(ts));
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "seq", db_col_i64(st, 0));
		jw_kv_str(&r->out, "at", ts);
		jw_key(&r->out, "by");
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 2));
		jw_kv_str(&r->out, "full_name", db_col_text(st, 3));
		jw_obj_end(&r->out);
		jw_kv_str(&r->out, "request_id", db_col_text(st, 4));
		jw_kv_i64(&r->out, "student_id", db_col_i64(st, 5));
		jw_kv_str(&r->out, "what", db_col_text(st, 6));
		jw_kv_str(&r->out, "old_value", db_col_text(st, 7));
		jw_kv_str(&r->out, "new_value", db_col_text(st, 8));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
