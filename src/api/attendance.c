/* attendance.c: PUT /lessons/{id}/attendance */
#include "core/common.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/audit.h"
#include "journal/lesson.h"
#include "core/jw.h"
#include "db/db.h"

#define ENTRIES_MAX 500

static const char *const statuses[] = { "present", "late", "absent_excused",
	"absent_sick", "absent_unexcused", NULL };

struct att_in {
	int64_t student_id;
	const char *status;             /* NULL: remove the entry */
};

static int
att_parse(struct req *r, const struct lesson *l, json_t *arr,
	struct att_in *in, size_t n)
{
	int64_t *pupils;
	int npupils;

	if (lesson_pupils(r, l, &pupils, &npupils))
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array_get(arr, i);
		const char *path = arena_printf(r->a, "entries[%zu]", i);
		json_t *v;
		int s = 0;

		if (!json_is_object(m))
			return reply_err_field(r, ERR_INVAL, path, "each entry "
				"must be an object"), -1;
		if (jv_only(r, m, path, "student_id", "status", NULL) ||
		    jv_i64(r, m, path, "student_id", JV_REQ, 1, INT64_MAX,
		    &in[i].student_id))
			return -1;
		v = json_object_get(m, "status");
		if (v == NULL)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "status"), "'status' is "
				"required (null removes the entry)"), -1;
		in[i].status = NULL;
		if (!json_is_null(v)) {
			if (jv_enum(r, m, path, "status", JV_REQ, statuses, &s))
				return -1;
			in[i].status = statuses[s];
		}
		if (!lesson_has_pupil(pupils, npupils, in[i].student_id))
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "student_id"), "pupil %lld "
				"is not in this lesson's class or group",
				(long long)in[i].student_id), -1;
		for (size_t k = 0; k < i; k++)
			if (in[k].student_id == in[i].student_id)
				return reply_err_field(r, ERR_INVAL, path,
					"a second entry for pupil %lld in one "
					"request", (long long)in[i].student_id),
					-1;
	}
	return 0;
}

static struct query q_att_get = QUERY(
	"SELECT status FROM attendance WHERE lesson_id = ?1 AND "
	"student_id = ?2");
static struct query q_att_put = QUERY(
	"INSERT INTO attendance (lesson_id, student_id, status, set_by, set_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (lesson_id, student_id) "
	"DO UPDATE SET status = excluded.status, set_by = excluded.set_by, "
	"set_at = excluded.set_at");
static struct query q_att_del = QUERY(
	"DELETE FROM attendance WHERE lesson_id = ?1 AND student_id = ?2");

static int
att_store(struct req *r, const struct lesson *l, const struct att_in *in,
	size_t n)
{
	struct audit_batch b;
	struct err *e = &r->err;

	if (db_begin(r->db, e) != 0 || audit_begin(r->db, &b, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prep(r->db, &q_att_get, e);
		const char *old = NULL;
		int rc;

		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, l->id);
		db_bind_i64(st, 2, in[i].student_id);
		if ((rc = db_step(st, e)) < 0)
			return -1;
		if (rc == DB_ROW)
			old = arena_strdup(r->a, db_col_text(st, 0));
		if ((old == NULL && in[i].status == NULL) ||
		    (old && in[i].status && strcmp(old, in[i].status) == 0))
			continue;
		st = db_prep(r->db, in[i].status ? &q_att_put : &q_att_del, e);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, l->id);
		db_bind_i64(st, 2, in[i].student_id);
		if (in[i].status) {
			db_bind_text(st, 3, in[i].status);
			db_bind_i64(st, 4, r->auth->person_id);
			db_bind_i64(st, 5, r->now);
		}
		if (db_exec(st, e) != DB_DONE)
			return -1;
		if (audit_add(r->db, &b, &(struct audit_entry){ r->now,
		    r->auth->person_id, r->id, l->id, in[i].student_id,
		    "attendance", old, in[i].status }, e) != 0)
			return -1;
	}
	if (audit_end(r->db, &b, e) != 0 || db_commit(r->db, e) != 0)
		return -1;
	return 0;
}

static struct query q_lesson_att = QUERY(
	"SELECT student_id, status FROM attendance WHERE lesson_id = ?1 "
	"ORDER BY student_id");

int
api_lesson_attendance_put(struct req *r)
{
	struct lesson l;
	struct att_in *in;
	struct db_stmt *st;
	json_t *body, *arr;
	int64_t id;
	size_t n;
	int rc;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_WRITE, &l))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "entries", NULL) ||
	    jv_arr(r, body, NULL, "entries", JV_REQ, ENTRIES_MAX, &arr))
		return 0;
	if (journal_check_open(r, &l))
		return 0;
	n = json_array_size(arr);
	in = arena_alloc(r->a, (n + 1) * sizeof(*in));
	if (att_parse(r, &l, arr, in, n))
		return 0;
	if (att_store(r, &l, in, n) != 0) {
		db_rollback(r->db);
		return reply_error(r, NULL);
	}
	if ((st = db_prep(r->db, &q_lesson_att, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, l.id);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "lesson_id", l.id);
	jw_key(&r->out, "entries");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "student_id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "status", db_col_text(st, 1));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
