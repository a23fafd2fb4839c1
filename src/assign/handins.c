/* handins.c: a pupil hands in; the teacher sees who has and has not */
#include "core/common.h"
#include "assign/assign.h"
#include "api/api.h"
#include "auth/auth.h"
#include "files/store.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

#define HANDIN_FILES_MAX 10
#define RETURNED "the teacher has returned this work; it cannot be " \
	"handed in again"

static struct query q_handin = QUERY(
	"SELECT h.id, h.assignment_id, h.student_id, p.full_name, h.text, "
	"h.handed_in_at, h.late, h.times, h.returned_at, h.points, h.comment, "
	"h.mark_lesson_id, h.mark_kind, m.value, m.max "
	"FROM handins h JOIN people p ON p.id = h.student_id "
	"LEFT JOIN marks m ON m.lesson_id = h.mark_lesson_id AND "
	"m.student_id = h.student_id AND m.kind = h.mark_kind "
	"WHERE h.id = ?1");

int
assign_write_handin(struct req *r, int64_t id)
{
	struct db_stmt *st = db_prep(r->db, &q_handin, &r->err);
	bool returned;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? -1 : err_set(&r->err, ERR_NOTFOUND,
			"not found");
	returned = !db_col_null(st, 8);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_i64(&r->out, "assignment_id", db_col_i64(st, 1));
	jw_key(&r->out, "student");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 2));
	jw_kv_str(&r->out, "full_name", db_col_text(st, 3));
	jw_obj_end(&r->out);
	jw_kv_str(&r->out, "status", returned ? "returned" : "handed_in");
	jw_kv_str(&r->out, "text", db_col_text(st, 4));
	assign_kv_time(r, "handed_in_at", db_col_i64(st, 5), true);
	jw_kv_bool(&r->out, "late", db_col_i64(st, 6) != 0);
	jw_kv_i64(&r->out, "times", db_col_i64(st, 7));
	assign_kv_time(r, "returned_at", db_col_i64(st, 8), returned);
	jw_key(&r->out, "points");
	if (db_col_null(st, 9))
		jw_null(&r->out);
	else
		jw_i64(&r->out, db_col_i64(st, 9));
	jw_kv_str(&r->out, "comment", db_col_text(st, 10));
	jw_key(&r->out, "mark");
	if (db_col_null(st, 13)) {
		jw_null(&r->out);       /* none given, or removed since */
	} else {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "lesson_id", db_col_i64(st, 11));
		jw_kv_str(&r->out, "kind", db_col_text(st, 12));
		jw_kv_i64(&r->out, "value", db_col_i64(st, 13));
		jw_key(&r->out, "max");
		if (db_col_null(st, 14))
			jw_null(&r->out);
		else
			jw_i64(&r->out, db_col_i64(st, 14));
		jw_obj_end(&r->out);
	}
	if (assign_write_files(r, 'h', id) != 0)
		return -1;
	jw_obj_end(&r->out);
	return 0;
}

static struct query q_mine = QUERY(
	"SELECT id, returned_at FROM handins WHERE assignment_id = ?1 AND "
	"student_id = ?2");
static struct query q_new = QUERY(
	"INSERT INTO handins (assignment_id, student_id, text, handed_in_at, "
	"late) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
static struct query q_again = QUERY(
	"UPDATE handins SET text = ?2, handed_in_at = ?3, late = ?4, "
	"times = times + 1 WHERE id = ?1 AND returned_at IS NULL");
static struct query q_files_del = QUERY(
	"DELETE FROM handin_files WHERE handin_id = ?1");
static struct query q_file_add = QUERY(
	"INSERT INTO handin_files (handin_id, file_id) VALUES (?1, ?2)");

/* Write the hand-in in one transaction; 409 once it was returned. */
static int
handin_store(struct req *r, const struct assignment *a, const char *text,
	const int64_t *files, size_t nfiles, int64_t *id)
{
	bool late = r->now > a->due_at;
	struct db_stmt *st;
	int rc;

	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_mine, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, a->id);
	db_bind_i64(st, 2, a->pupil);
	if ((rc = db_step(st, &r->err)) < 0)
		return -1;
	if (rc == DB_ROW) {
		*id = db_col_i64(st, 0);
		if (!db_col_null(st, 1))
			return err_set(&r->err, ERR_CONFLICT, "%s",
				RETURNED);
		if ((st = db_prep(r->db, &q_again, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, *id);
		db_bind_text(st, 2, text);
		db_bind_i64(st, 3, r->now);
		db_bind_i64(st, 4, late);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
		/* returned since it was read (PostgreSQL reads committed) */
		if (db_changes(st) == 0)
			return err_set(&r->err, ERR_CONFLICT, "%s",
				RETURNED);
		if ((st = db_prep(r->db, &q_files_del, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, *id);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
	} else {
		if ((st = db_prep(r->db, &q_new, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, a->id);
		db_bind_i64(st, 2, a->pupil);
		db_bind_text(st, 3, text);
		db_bind_i64(st, 4, r->now);
		db_bind_i64(st, 5, late);
		if (api_insert_id(r, st, id) != 0)
			return -1;
	}
	for (size_t i = 0; i < nfiles; i++) {
		if ((st = db_prep(r->db, &q_file_add, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, *id);
		db_bind_i64(st, 2, files[i]);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
	}
	return db_commit(r->db, &r->err);
}

int
api_assignment_handin_put(struct req *r)
{
	struct assignment a;
	const char *text = "";
	int64_t id, *files;
	uint64_t bytes;
	size_t nfiles;
	json_t *body;

	if (req_path_id(r, 0, &id) || assign_load(r, id, &a))
		return 0;
	if (a.pupil == 0)
		return reply_err(r, ERR_FORBIDDEN, "only the course's pupils "
			"hand in its work");
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "text", "file_ids", NULL) ||
	    jv_str(r, body, NULL, "text", JV_OPT, 0, 20000, &text) ||
	    assign_own_files(r, body, HANDIN_FILES_MAX, &files, &nfiles,
	    &bytes))
		return 0;
	if (*text == '\0' && nfiles == 0)
		return reply_err_field(r, ERR_INVAL, "text", "a hand-in needs "
			"a text or a file");
	if (bytes > files_config()->max_handin)
		return reply_err_field(r, ERR_TOOBIG, "file_ids", "the files "
			"of a hand-in may hold at most %llu bytes together",
			(unsigned long long)files_config()->max_handin);
	if (handin_store(r, &a, text, files, nfiles, &id) != 0) {
		db_rollback(r->db);
		return reply_error(r, NULL);
	}
	if (assign_write_handin(r, id) != 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}

int
api_handin_get(struct req *r)
{
	struct assignment a;
	int64_t id, student;
	int rc;

	if (req_path_id(r, 0, &id))
		return 0;
	if ((rc = assign_handin_access(r, id, &a, &student)) != 0)
		return rc == ERR_NOTFOUND ? reply_err(r, ERR_NOTFOUND,
			"not found") : reply_error(r, NULL);
	if (assign_write_handin(r, id) != 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}

/* Every pupil of the course's group, with their hand-in if any. */
static struct query q_roll = QUERY(
	"SELECT p.person_id, pe.full_name, h.id, h.handed_in_at, h.late, "
	"h.returned_at, h.points FROM pupils p "
	"JOIN people pe ON pe.id = p.person_id "
	"LEFT JOIN handins h ON h.student_id = p.person_id AND "
	"h.assignment_id = ?3 "
	"WHERE p.class_id = ?1 AND (?2 = 0 OR p.person_id IN "
	"(SELECT pupil_id FROM subgroup_members WHERE subgroup_id = ?2)) "
	"ORDER BY pe.full_name, p.person_id");

int
api_assignment_handins_list(struct req *r)
{
	struct assignment a;
	struct db_stmt *st;
	int64_t id;
	int rc, handed = 0, missing = 0;

	if (req_path_id(r, 0, &id) || assign_load(r, id, &a))
		return 0;
	if (!a.oversee)
		return reply_err(r, ERR_FORBIDDEN, "only the teacher sees "
			"every pupil's hand-in");
	if ((st = db_prep(r->db, &q_roll, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, a.place.class_id);
	db_bind_i64(st, 2, a.subgroup_id);
	db_bind_i64(st, 3, a.id);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "assignment_id", a.id);
	jw_key(&r->out, "pupils");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		bool in = !db_col_null(st, 2), ret = !db_col_null(st, 5);

		jw_obj_begin(&r->out);
		jw_key(&r->out, "student");
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
		jw_obj_end(&r->out);
		jw_kv_str(&r->out, "status", !in ? "not_handed_in" : ret ?
			"returned" : "handed_in");
		jw_key(&r->out, "handin_id");
		if (in)
			jw_i64(&r->out, db_col_i64(st, 2));
		else
			jw_null(&r->out);
		assign_kv_time(r, "handed_in_at", db_col_i64(st, 3), in);
		jw_kv_bool(&r->out, "late", in && db_col_i64(st, 4) != 0);
		jw_key(&r->out, "points");
		if (db_col_null(st, 6))
			jw_null(&r->out);
		else
			jw_i64(&r->out, db_col_i64(st, 6));
		jw_obj_end(&r->out);
		if (in)
			handed++;
		else
			missing++;
	}
	jw_arr_end(&r->out);
	jw_kv_i64(&r->out, "handed_in", handed);
	jw_kv_i64(&r->out, "not_handed_in", missing);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
