/* person_read.c: GET /people/{id}: one person */
#include "core/common.h"
#include "api/people.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

static struct query q_person = QUERY(
	"SELECT id, full_name, lang, birth_date, login, iin FROM people "
	"WHERE id = ?1");
static struct query q_person_roles = QUERY(
	"SELECT role, region_id, district_id, school_id FROM roles "
	"WHERE person_id = ?1 ORDER BY id");
static struct query q_person_class_teacher = QUERY(
	"SELECT id, school_id FROM classes WHERE class_teacher_id = ?1 "
	"ORDER BY id");
static struct query q_person_pupil = QUERY(
	"SELECT c.id, c.grade, c.letter, c.school_id FROM pupils pu "
	"JOIN classes c ON c.id = pu.class_id WHERE pu.person_id = ?1");
static struct query q_person_children = QUERY(
	"SELECT p.id, p.full_name FROM parent_links pl "
	"JOIN people p ON p.id = pl.pupil_id WHERE pl.parent_id = ?1 "
	"ORDER BY p.id");
static struct query q_person_parents = QUERY(
	"SELECT p.id, p.full_name FROM parent_links pl "
	"JOIN people p ON p.id = pl.parent_id WHERE pl.pupil_id = ?1 "
	"ORDER BY p.id");
static struct query q_person_subjects = QUERY(
	"SELECT s.id, s.code FROM teacher_subjects ts "
	"JOIN subjects s ON s.id = ts.subject_id WHERE ts.person_id = ?1 "
	"ORDER BY s.id");

static void
kv_id_or_skip(struct req *r, const char *key, struct db_stmt *st, int col)
{
	if (!db_col_null(st, col))
		jw_kv_i64(&r->out, key, db_col_i64(st, col));
}

/* [{"id","full_name"}] from query q with person id. */
int
person_write_names(struct req *r, struct query *q, int64_t id)
{
	struct db_stmt *st = db_prep(r->db, q, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	return rc < 0 ? -1 : 0;
}

int
person_write_parents(struct req *r, int64_t id)
{
	return person_write_names(r, &q_person_parents, id);
}

static int
write_person(struct req *r, int64_t id)
{
	struct standing sd;
	struct db_stmt *st;
	int rc;

	if (person_standing(r, id, &sd))
		return -1;
	if ((st = db_prep(r->db, &q_person, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc == DB_DONE ? err_set(&r->err, ERR_NOTFOUND,
			"not found") : -1;
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
	jw_kv_str(&r->out, "lang", db_col_text(st, 2));
	jw_kv_str(&r->out, "birth_date", db_col_text(st, 3));
	if (sd.self || sd.manages_any)
		jw_kv_str(&r->out, "login", db_col_text(st, 4));
	if (sd.self || sd.admin_of_any)
		jw_kv_str(&r->out, "iin", db_col_text(st, 5));

	jw_key(&r->out, "roles");
	jw_arr_begin(&r->out);
	if ((st = db_prep(r->db, &q_person_roles, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "role", db_col_text(st, 0));
		kv_id_or_skip(r, "region_id", st, 1);
		kv_id_or_skip(r, "district_id", st, 2);
		kv_id_or_skip(r, "school_id", st, 3);
		jw_obj_end(&r->out);
	}
	if (rc < 0 ||
	    (st = db_prep(r->db, &q_person_class_teacher, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "role", "class_teacher");
		jw_kv_i64(&r->out, "school_id", db_col_i64(st, 1));
		jw_kv_i64(&r->out, "class_id", db_col_i64(st, 0));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0 || (st = db_prep(r->db, &q_person_pupil, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	jw_key(&r->out, "pupil");
	if ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "class_id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "class_name", api_class_name(r,
			db_col_i64(st, 1), db_col_text(st, 2)));
		jw_kv_i64(&r->out, "school_id", db_col_i64(st, 3));
		jw_obj_end(&r->out);
	} else {
		jw_null(&r->out);
	}
	if (rc < 0)
		return -1;
	jw_key(&r->out, "children");
	if (person_write_names(r, &q_person_children, id))
		return -1;
	jw_key(&r->out, "parents");
	if (person_write_names(r, &q_person_parents, id))
		return -1;
	jw_key(&r->out, "subjects");
	jw_arr_begin(&r->out);
	if ((st = db_prep(r->db, &q_person_subjects, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "code", db_col_text(st, 1));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0)
		return -1;
	jw_obj_end(&r->out);
	return 0;
}

int
person_reply(struct req *r, int64_t id, int status)
{
	if (write_person(r, id))
		return reply_error(r, NULL);
	return reply_json(r, status);
}

int
api_person_get(struct req *r)
{
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_PERSON, id, NULL))
		return 0;
	return person_reply(r, id, 200);
}
