/* handin_return.c: the teacher returns a hand-in: points, a comment and
** optionally a mark into the journal, through the journal's own rules */
#include "core/common.h"
#include "assign/assign.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lesson.h"
#include "db/db.h"

static const char *const mark_kinds[] = { "formative", "sor", NULL };

struct return_in {
	int64_t points;
	const char *comment;
	json_t *mark;
	int kind;
	int64_t value, max, lesson_id;
	bool has_max;
};

static int
parse(struct req *r, const struct assignment *a, struct return_in *in)
{
	json_t *body;

	memset(in, 0, sizeof(*in));
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "points", "comment", "mark", NULL) ||
	    jv_i64(r, body, NULL, "points", JV_REQ, 0, a->max_points,
	    &in->points) ||
	    jv_str(r, body, NULL, "comment", JV_OPT, 0, 2000, &in->comment))
		return -1;
	in->mark = json_object_get(body, "mark");
	if (in->mark == NULL || json_is_null(in->mark)) {
		in->mark = NULL;
		return 0;
	}
	if (!json_is_object(in->mark))
		return reply_err_field(r, ERR_INVAL, "mark", "'mark' is an "
			"object {kind, value, max?, lesson_id?}"), -1;
	in->lesson_id = a->lesson_id;
	if (jv_only(r, in->mark, "mark", "kind", "value", "max", "lesson_id",
	    NULL) ||
	    jv_enum(r, in->mark, "mark", "kind", JV_REQ, mark_kinds,
	    &in->kind) ||
	    jv_i64(r, in->mark, "mark", "value", JV_REQ, INT32_MIN,
	    INT32_MAX, &in->value) ||
	    jv_i64(r, in->mark, "mark", "max", JV_OPT, INT32_MIN, INT32_MAX,
	    &in->max) ||
	    jv_i64(r, in->mark, "mark", "lesson_id", JV_OPT, 1, INT64_MAX,
	    &in->lesson_id))
		return -1;
	in->has_max = json_object_get(in->mark, "max") != NULL;
	if (in->lesson_id == 0)
		return reply_err_field(r, ERR_INVAL, "mark.lesson_id", "the "
			"lesson the mark goes into is required for work set "
			"for a course"), -1;
	return 0;
}

/*
** The mark, as PUT /lessons/{id}/marks would set it: the same checks,
** scheduling limits, audit and revisions (journal_marks_put). A refusal
** is answered naming "mark" instead of "marks[0]".
*/
static int
put_mark(struct req *r, const struct assignment *a, int64_t student,
	const struct return_in *in)
{
	struct lesson l;
	json_t *arr, *m;

	if (lesson_load(r, in->lesson_id, ACC_WRITE, &l))
		return -1;
	if (l.course_id != a->course_id)
		return reply_err_field(r, ERR_INVAL, "mark.lesson_id",
			"lesson %lld is not a lesson of this course",
			(long long)in->lesson_id), -1;
	m = json_pack("{s:I, s:s, s:I}", "student_id", (json_int_t)student,
		"kind", mark_kinds[in->kind], "value", (json_int_t)in->value);
	arr = json_array();
	if (m == NULL || arr == NULL)
		return reply_err(r, ERR_NOMEM, "out of memory"), -1;
	arena_defer(r->a, (void (*)(void *))json_decref, arr);
	if (in->has_max)
		json_object_set_new(m, "max", json_integer(in->max));
	json_array_append_new(arr, m);
	journal_marks_put(r, &l, arr);
	if (r->status == 200) {
		sb_reset(&r->out);      /* the lesson's marks: not our answer */
		r->status = 0;
		r->ctype = NULL;
		return 0;
	}
	if (strncmp(r->err.field, "marks[0]", 8) == 0) {
		struct err e = r->err;

		sb_reset(&r->out);
		reply_err_field(r, e.code, arena_printf(r->a, "mark%s",
			e.field + 8), "%s", e.msg);
	}
	return -1;
}

static struct query q_state = QUERY(
	"SELECT returned_at FROM handins WHERE id = ?1");
static struct query q_return = QUERY(
	"UPDATE handins SET returned_at = ?2, returned_by = ?3, points = ?4, "
	"comment = ?5, mark_lesson_id = ?6, mark_kind = ?7 "
	"WHERE id = ?1 AND returned_at IS NULL");

int
api_handin_return(struct req *r)
{
	struct assignment a;
	struct return_in in;
	struct db_stmt *st;
	int64_t id, student;
	int rc;

	if (req_path_id(r, 0, &id))
		return 0;
	if ((rc = assign_handin_access(r, id, &a, &student)) != 0)
		return rc == ERR_NOTFOUND ? reply_err(r, ERR_NOTFOUND,
			"not found") : reply_error(r, NULL);
	if (!a.manage)
		return reply_err(r, ERR_FORBIDDEN, "only the teacher who set "
			"the work returns it");
	if (parse(r, &a, &in))
		return 0;
	if ((st = db_prep(r->db, &q_state, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) < 0)
		return reply_error(r, NULL);
	if (rc == DB_ROW && !db_col_null(st, 0))
		return reply_err(r, ERR_CONFLICT, "this hand-in was returned "
			"already");
	if (in.mark != NULL && put_mark(r, &a, student, &in))
		return 0;
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_return, &r->err)) == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, r->now);
	db_bind_i64(st, 3, r->auth->person_id);
	db_bind_i64(st, 4, in.points);
	db_bind_text(st, 5, in.comment);
	if (in.mark) {
		db_bind_i64(st, 6, in.lesson_id);
		db_bind_text(st, 7, mark_kinds[in.kind]);
	} else {
		db_bind_null(st, 6);
		db_bind_null(st, 7);
	}
	if (db_exec(st, &r->err) != DB_DONE)
		goto fail;
	if (db_changes(st) == 0) {
		db_rollback(r->db);
		return reply_err(r, ERR_CONFLICT, "this hand-in was returned "
			"already");
	}
	if (db_commit(r->db, &r->err) != 0)
		goto fail;
	if (assign_write_handin(r, id) != 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
fail:
	db_rollback(r->db);
	return reply_error(r, NULL);
}
