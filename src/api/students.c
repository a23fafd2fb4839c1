/* students.c: GET /students/{id}, POST /students/{id}/parents */
#include "core/common.h"
#include "api/people.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

static struct query q_student = QUERY(
	"SELECT p.id, p.full_name, c.id, c.grade, c.letter, c.school_id "
	"FROM pupils pu JOIN people p ON p.id = pu.person_id "
	"JOIN classes c ON c.id = pu.class_id WHERE pu.person_id = ?1");
static struct query q_is_pupil = QUERY(
	"SELECT 1 FROM pupils WHERE person_id = ?1");

int
api_student_get(struct req *r)
{
	struct db_stmt *st;
	int64_t id;

	if (req_path_id(r, 0, &id) ||
	    authz(r, ACC_READ, OBJ_STUDENT, id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_student, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
	jw_kv_i64(&r->out, "class_id", db_col_i64(st, 2));
	jw_kv_str(&r->out, "class_name", api_class_name(r, db_col_i64(st, 3),
		db_col_text(st, 4)));
	jw_kv_i64(&r->out, "school_id", db_col_i64(st, 5));
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

int
api_student_parent_add(struct req *r)
{
	struct db_stmt *st;
	json_t *body;
	int64_t id, parent_id;
	int rc;

	if (req_path_id(r, 0, &id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_STUDENT, id, NULL) ||
	    jv_only(r, body, NULL, "parent_id", NULL) ||
	    jv_i64(r, body, NULL, "parent_id", JV_REQ, 1, INT64_MAX,
	    &parent_id) ||
	    authz(r, ACC_READ, OBJ_PERSON, parent_id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_is_pupil, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, parent_id);
	if ((rc = db_step(st, &r->err)) < 0)
		return reply_error(r, NULL);
	if (rc == DB_ROW)
		return reply_err_field(r, ERR_INVAL, "parent_id", "a pupil "
			"cannot be a parent");
	if (person_parent_link(r, parent_id, id))
		return reply_error(r, NULL);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "student_id", id);
	jw_key(&r->out, "parents");
	if (person_write_parents(r, id))
		return reply_error(r, NULL);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
