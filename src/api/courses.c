/* courses.c: subjects, and courses (a subject taught to a class) */
#include "core/common.h"
#include "api/api.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

static struct query q_subjects = QUERY(
	"SELECT id, code, name_kk, name_ru, name_en FROM subjects "
	"WHERE id > ?1 ORDER BY id LIMIT ?2");

int
api_subjects_list(struct req *r)
{
	struct api_page pg;
	struct db_stmt *st;
	int rc;

	if (api_page_args(r, &pg))
		return 0;
	if ((st = db_prep(r->db, &q_subjects, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, pg.after);
	db_bind_i64(st, 2, pg.limit + 1);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (!api_page_take(&pg, db_col_i64(st, 0)))
			break;
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "code", db_col_text(st, 1));
		jw_kv_str(&r->out, "name_kk", db_col_text(st, 2));
		jw_kv_str(&r->out, "name_ru", db_col_text(st, 3));
		jw_kv_str(&r->out, "name_en", db_col_text(st, 4));
		jw_obj_end(&r->out);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

#define COURSE_COLS "co.id, co.class_id, c.grade, c.letter, c.school_id, " \
	"s.id, s.code, s.name_kk, s.name_ru, s.name_en, co.teacher_id, " \
	"t.full_name, co.subgroup_id, sg.name, co.hours_per_week "
#define COURSE_FROM "FROM courses co JOIN classes c ON c.id = co.class_id " \
	"JOIN subjects s ON s.id = co.subject_id " \
	"LEFT JOIN people t ON t.id = co.teacher_id " \
	"LEFT JOIN subgroups sg ON sg.id = co.subgroup_id "

static struct query q_courses = QUERY(
	"SELECT " COURSE_COLS COURSE_FROM
	"WHERE co.class_id = ?1 AND co.id > ?2 ORDER BY co.id LIMIT ?3");
static struct query q_course = QUERY(
	"SELECT " COURSE_COLS COURSE_FROM "WHERE co.id = ?1");
static struct query q_course_add = QUERY(
	"INSERT INTO courses (class_id, subject_id, teacher_id, subgroup_id, "
	"hours_per_week) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
static struct query q_course_set = QUERY(
	"UPDATE courses SET subject_id = ?2, teacher_id = ?3, "
	"subgroup_id = ?4, hours_per_week = ?5 WHERE id = ?1");
static struct query q_course_twin = QUERY(
	"SELECT id FROM courses WHERE class_id = ?1 AND subject_id = ?2 "
	"AND COALESCE(subgroup_id, 0) = ?3 AND id <> ?4");
static struct query q_subject_exists = QUERY(
	"SELECT id FROM subjects WHERE id = ?1");
static struct query q_subgroup_class = QUERY(
	"SELECT class_id FROM subgroups WHERE id = ?1");

struct course {
	int64_t id, class_id, school_id, subject_id, teacher_id, subgroup_id;
	int64_t hours;
};

static void
write_course(struct req *r, struct db_stmt *st)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_i64(&r->out, "class_id", db_col_i64(st, 1));
	jw_kv_str(&r->out, "class_name", api_class_name(r, db_col_i64(st, 2),
		db_col_text(st, 3)));
	jw_kv_i64(&r->out, "school_id", db_col_i64(st, 4));
	jw_key(&r->out, "subject");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 5));
	jw_kv_str(&r->out, "code", db_col_text(st, 6));
	jw_kv_str(&r->out, "name_kk", db_col_text(st, 7));
	jw_kv_str(&r->out, "name_ru", db_col_text(st, 8));
	jw_kv_str(&r->out, "name_en", db_col_text(st, 9));
	jw_obj_end(&r->out);
	api_write_ref(r, "teacher", st, 10, "full_name");
	api_write_ref(r, "subgroup", st, 12, "name");
	jw_kv_i64(&r->out, "hours_per_week", db_col_i64(st, 14));
	jw_obj_end(&r->out);
}

static int
reply_course(struct req *r, int64_t id, int status)
{
	struct db_stmt *st = db_prep(r->db, &q_course, &r->err);

	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	write_course(r, st);
	return reply_json(r, status);
}

int
api_courses_list(struct req *r)
{
	struct api_page pg;
	struct db_stmt *st;
	int64_t class_id;
	int rc;

	if (req_path_id(r, 0, &class_id) || api_page_args(r, &pg) ||
	    authz(r, ACC_READ, OBJ_CLASS, class_id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_courses, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, class_id);
	db_bind_i64(st, 2, pg.after);
	db_bind_i64(st, 3, pg.limit + 1);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (!api_page_take(&pg, db_col_i64(st, 0)))
			break;
		write_course(r, st);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

int
api_course_get(struct req *r)
{
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_COURSE, id, NULL))
		return 0;
	return reply_course(r, id, 200);
}

/* 0 if query q with id finds a row, else 422 naming field. */
static int
check_exists(struct req *r, struct query *q, int64_t id, int64_t *col0,
	const char *field, const char *what)
{
	int rc = db_get_i64(r->db, q, col0, &r->err, 1, id);

	if (rc == ERR_NOTFOUND)
		return reply_err_field(r, ERR_INVAL, field, "'%s' is not %s",
			field, what), -1;
	if (rc != 0)
		return reply_error(r, NULL), -1;
	return 0;
}

/*
** The fields of a course body over c; the teacher must teach at the
** class's school and a subgroup must be the class's own. A second course
** of the same subject for the same class and subgroup is a conflict.
*/
static int
course_fields(struct req *r, json_t *body, bool create, struct course *c)
{
	json_t *v;
	int64_t x, twin;
	int rc;

	if (jv_only(r, body, NULL, "subject_id", "teacher_id", "subgroup_id",
	    "hours_per_week", NULL) ||
	    jv_i64(r, body, NULL, "subject_id", create ? JV_REQ : JV_OPT, 1,
	    INT64_MAX, &c->subject_id) ||
	    jv_i64(r, body, NULL, "hours_per_week", JV_OPT, 1, 10, &c->hours))
		return -1;
	if (check_exists(r, &q_subject_exists, c->subject_id, &x,
	    "subject_id", "a known subject"))
		return -1;
	v = json_object_get(body, "teacher_id");
	if (v != NULL && json_is_null(v) && !create) {
		c->teacher_id = 0;
	} else if (v != NULL || create) {
		if (jv_i64(r, body, NULL, "teacher_id", JV_REQ, 1, INT64_MAX,
		    &c->teacher_id) ||
		    api_check_teacher(r, c->school_id, c->teacher_id,
		    "teacher_id"))
			return -1;
	}
	v = json_object_get(body, "subgroup_id");
	if (v != NULL && json_is_null(v)) {
		c->subgroup_id = 0;
	} else if (v != NULL) {
		if (jv_i64(r, body, NULL, "subgroup_id", JV_OPT, 1, INT64_MAX,
		    &c->subgroup_id) ||
		    check_exists(r, &q_subgroup_class, c->subgroup_id, &x,
		    "subgroup_id", "a subgroup of this class"))
			return -1;
		if (x != c->class_id)
			return reply_err_field(r, ERR_INVAL, "subgroup_id",
				"'subgroup_id' is not a subgroup of this "
				"class"), -1;
	}
	rc = db_get_i64(r->db, &q_course_twin, &twin, &r->err, 4, c->class_id,
		c->subject_id, c->subgroup_id, c->id);
	if (rc == 0)
		return reply_err(r, ERR_CONFLICT, "the class already has "
			"course %lld of this subject for this group",
			(long long)twin), -1;
	if (rc != ERR_NOTFOUND)
		return reply_error(r, NULL), -1;
	return 0;
}

static void
bind_course(struct db_stmt *st, int first, const struct course *c)
{
	db_bind_i64(st, first, c->subject_id);
	if (c->teacher_id)
		db_bind_i64(st, first + 1, c->teacher_id);
	else
		db_bind_null(st, first + 1);
	if (c->subgroup_id)
		db_bind_i64(st, first + 2, c->subgroup_id);
	else
		db_bind_null(st, first + 2);
	db_bind_i64(st, first + 3, c->hours);
}

int
api_course_create(struct req *r)
{
	struct course c = { .hours = 1 };
	struct place p;
	struct db_stmt *st;
	json_t *body;

	if (req_path_id(r, 0, &c.class_id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_CLASS, c.class_id, &p))
		return 0;
	c.school_id = p.school_id;
	if (db_begin(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	if (course_fields(r, body, true, &c))
		return 0;
	if ((st = db_prep(r->db, &q_course_add, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, c.class_id);
	bind_course(st, 2, &c);
	if (api_insert_id(r, st, &c.id))
		return reply_error(r, NULL);
	if (db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return reply_course(r, c.id, 201);
}

/*
** Changing a course (its teacher, subject, group, hours) is the school's
** business: the course's own teacher may read it but not reassign it, so
** the check is a write on the course's class.
*/
int
api_course_patch(struct req *r)
{
	struct course c;
	struct place p;
	struct db_stmt *st;
	json_t *body;

	memset(&c, 0, sizeof(c));
	if (req_path_id(r, 0, &c.id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_READ, OBJ_COURSE, c.id, &p) ||
	    authz(r, ACC_WRITE, OBJ_CLASS, p.class_id, NULL))
		return 0;
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_course, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, c.id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	c.class_id = db_col_i64(st, 1);
	c.school_id = db_col_i64(st, 4);
	c.subject_id = db_col_i64(st, 5);
	c.teacher_id = db_col_null(st, 10) ? 0 : db_col_i64(st, 10);
	c.subgroup_id = db_col_null(st, 12) ? 0 : db_col_i64(st, 12);
	c.hours = db_col_i64(st, 14);
	if (course_fields(r, body, false, &c))
		return 0;
	if ((st = db_prep(r->db, &q_course_set, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, c.id);
	bind_course(st, 2, &c);
	if (db_exec(st, &r->err) != DB_DONE ||
	    db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return reply_course(r, c.id, 200);
}
