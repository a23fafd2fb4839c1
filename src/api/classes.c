/* classes.c: classes of a school, their pupils and subgroups */
#include "core/common.h"
#include "api/api.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"
#include "rules/csv.h"

#define CLASS_COLS "c.id, c.school_id, c.year, c.grade, c.letter, " \
	"c.language, c.shift, c.class_teacher_id, t.full_name, " \
	"(SELECT COUNT(*) FROM pupils pu WHERE pu.class_id = c.id) "

static struct query q_classes = QUERY(
	"SELECT " CLASS_COLS "FROM classes c "
	"LEFT JOIN people t ON t.id = c.class_teacher_id "
	"WHERE c.school_id = ?1 AND c.id > ?2 AND (?3 = 0 OR c.year = ?3) "
	"ORDER BY c.id LIMIT ?4");
static struct query q_class = QUERY(
	"SELECT " CLASS_COLS "FROM classes c "
	"LEFT JOIN people t ON t.id = c.class_teacher_id WHERE c.id = ?1");
static struct query q_class_add = QUERY(
	"INSERT INTO classes (school_id, year, grade, letter, language, shift, "
	"class_teacher_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
static struct query q_class_set = QUERY(
	"UPDATE classes SET grade = ?2, letter = ?3, language = ?4, "
	"shift = ?5, class_teacher_id = ?6 WHERE id = ?1");
static struct query q_school_language = QUERY(
	"SELECT language FROM schools WHERE id = ?1");

static const char *const languages[] = { "kk", "ru", "mixed", NULL };

struct klass {
	int64_t id, school_id, year, grade, shift, teacher_id;
	const char *letter, *language;
};

static void
write_class(struct req *r, struct db_stmt *st)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_i64(&r->out, "school_id", db_col_i64(st, 1));
	jw_kv_i64(&r->out, "year", db_col_i64(st, 2));
	jw_kv_i64(&r->out, "grade", db_col_i64(st, 3));
	jw_kv_str(&r->out, "letter", db_col_text(st, 4));
	jw_kv_str(&r->out, "class_name", api_class_name(r, db_col_i64(st, 3),
		db_col_text(st, 4)));
	jw_kv_str(&r->out, "language", db_col_text(st, 5));
	jw_kv_i64(&r->out, "shift", db_col_i64(st, 6));
	api_write_ref(r, "class_teacher", st, 7, "full_name");
	jw_kv_i64(&r->out, "pupil_count", db_col_i64(st, 9));
	jw_obj_end(&r->out);
}

static int
reply_class(struct req *r, int64_t id, int status)
{
	struct db_stmt *st = db_prep(r->db, &q_class, &r->err);

	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	write_class(r, st);
	return reply_json(r, status);
}

int
api_classes_list(struct req *r)
{
	struct api_page pg;
	struct db_stmt *st;
	int64_t school_id, year;
	int rc;

	if (req_path_id(r, 0, &school_id) || api_page_args(r, &pg) ||
	    req_query_i64(r, "year", 2000, 2100, 0, &year) ||
	    authz(r, ACC_READ, OBJ_SCHOOL, school_id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_classes, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, pg.after);
	db_bind_i64(st, 3, year);
	db_bind_i64(st, 4, pg.limit + 1);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (!api_page_take(&pg, db_col_i64(st, 0)))
			break;
		write_class(r, st);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

/*
** The fields of a class body over k. Letters are normalised to capitals;
** a class teacher must teach at the class's school.
*/
static int
class_fields(struct req *r, json_t *body, bool create, struct klass *k)
{
	const char *letter = NULL;
	int lang = -1;
	json_t *t;
	char norm[16];

	if (jv_only(r, body, NULL, "grade", "letter", "language", "shift",
	    "class_teacher_id", create ? "year" : NULL, NULL) ||
	    jv_i64(r, body, NULL, "grade", create ? JV_REQ : JV_OPT, 0, 11,
	    &k->grade) ||
	    jv_str(r, body, NULL, "letter", create ? JV_REQ : JV_OPT, 1, 2,
	    &letter) ||
	    jv_enum(r, body, NULL, "language", JV_OPT, languages, &lang) ||
	    jv_i64(r, body, NULL, "shift", JV_OPT, 1, 3, &k->shift) ||
	    (create && jv_i64(r, body, NULL, "year", JV_OPT, 2000, 2100,
	    &k->year)))
		return -1;
	if (letter != NULL) {
		if (csv_class_letter(letter, norm, sizeof(norm)) != 0)
			return reply_err_field(r, ERR_INVAL, "letter",
				"'letter' must be 1 or 2 Kazakh, Russian or "
				"Latin letters"), -1;
		k->letter = arena_strdup(r->a, norm);
	}
	if (lang >= 0)
		k->language = languages[lang];
	t = json_object_get(body, "class_teacher_id");
	if (t != NULL && json_is_null(t)) {
		k->teacher_id = 0;
	} else if (t != NULL) {
		if (jv_i64(r, body, NULL, "class_teacher_id", JV_OPT, 1,
		    INT64_MAX, &k->teacher_id) ||
		    api_check_teacher(r, k->school_id, k->teacher_id,
		    "class_teacher_id"))
			return -1;
	}
	return 0;
}

static void
bind_class_teacher(struct db_stmt *st, int idx, int64_t teacher_id)
{
	if (teacher_id > 0)
		db_bind_i64(st, idx, teacher_id);
	else
		db_bind_null(st, idx);
}

static int
reply_class_conflict(struct req *r, const struct klass *k)
{
	if (r->err.code != ERR_CONFLICT)
		return reply_error(r, NULL);
	return reply_err(r, ERR_CONFLICT, "the class '%lld %s' of %lld "
		"already exists", (long long)k->grade, k->letter,
		(long long)k->year);
}

int
api_class_create(struct req *r)
{
	struct klass k = { .shift = 1 };
	struct db_stmt *st;
	json_t *body;

	if (req_path_id(r, 0, &k.school_id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, k.school_id, NULL))
		return 0;
	k.year = api_year_now(r);
	if (class_fields(r, body, true, &k))
		return 0;
	if (k.language == NULL) {
		/* the school's language of instruction by default */
		if ((st = db_prep(r->db, &q_school_language, &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, k.school_id);
		if (db_step(st, &r->err) != DB_ROW)
			return reply_error(r, NULL);
		k.language = arena_strdup(r->a, db_col_text(st, 0));
	}
	if ((st = db_prep(r->db, &q_class_add, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, k.school_id);
	db_bind_i64(st, 2, k.year);
	db_bind_i64(st, 3, k.grade);
	db_bind_text(st, 4, k.letter);
	db_bind_text(st, 5, k.language);
	db_bind_i64(st, 6, k.shift);
	bind_class_teacher(st, 7, k.teacher_id);
	if (api_insert_id(r, st, &k.id))
		return reply_class_conflict(r, &k);
	return reply_class(r, k.id, 201);
}

int
api_class_get(struct req *r)
{
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_CLASS, id, NULL))
		return 0;
	return reply_class(r, id, 200);
}

int
api_class_patch(struct req *r)
{
	struct klass k;
	struct db_stmt *st;
	json_t *body;

	memset(&k, 0, sizeof(k));
	if (req_path_id(r, 0, &k.id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_CLASS, k.id, NULL))
		return 0;
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_class, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, k.id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	k.school_id = db_col_i64(st, 1);
	k.year = db_col_i64(st, 2);
	k.grade = db_col_i64(st, 3);
	k.letter = arena_strdup(r->a, db_col_text(st, 4));
	k.language = arena_strdup(r->a, db_col_text(st, 5));
	k.shift = db_col_i64(st, 6);
	k.teacher_id = db_col_null(st, 7) ? 0 : db_col_i64(st, 7);
	if (class_fields(r, body, false, &k))
		return 0;
	if ((st = db_prep(r->db, &q_class_set, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, k.id);
	db_bind_i64(st, 2, k.grade);
	db_bind_text(st, 3, k.letter);
	db_bind_text(st, 4, k.language);
	db_bind_i64(st, 5, k.shift);
	bind_class_teacher(st, 6, k.teacher_id);
	if (db_exec(st, &r->err) != DB_DONE)
		return reply_class_conflict(r, &k);
	if (db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return reply_class(r, k.id, 200);
}

/* ----- pupils of a class ----- */

static struct query q_pupils = QUERY(
	"SELECT p.id, p.full_name, p.birth_date FROM pupils pu "
	"JOIN people p ON p.id = pu.person_id "
	"WHERE pu.class_id = ?1 AND p.id > ?2 ORDER BY p.id LIMIT ?3");

/* Read access to the class for its staff only: pupils and parents may
** see the class but not the list of its pupils. */
static int
authz_class_staff(struct req *r, int64_t class_id, struct place *p)
{
	if (authz(r, ACC_READ, OBJ_CLASS, class_id, p))
		return -1;
	if (!api_is_staff(r, p))
		return reply_err(r, ERR_FORBIDDEN, "only the school's staff "
			"may list its pupils"), -1;
	return 0;
}

int
api_class_pupils(struct req *r)
{
	struct api_page pg;
	struct place p;
	struct db_stmt *st;
	int64_t id;
	int rc;

	if (req_path_id(r, 0, &id) || api_page_args(r, &pg) ||
	    authz_class_staff(r, id, &p))
		return 0;
	if ((st = db_prep(r->db, &q_pupils, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, pg.after);
	db_bind_i64(st, 3, pg.limit + 1);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (!api_page_take(&pg, db_col_i64(st, 0)))
			break;
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
		jw_kv_str(&r->out, "birth_date", db_col_text(st, 2));
		jw_obj_end(&r->out);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

/* ----- subgroups ----- */

#define DUTY_GROUP_MAX 15

static struct query q_subgroups = QUERY(
	"SELECT id, class_id, name, kind FROM subgroups "
	"WHERE class_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
static struct query q_subgroup = QUERY(
	"SELECT sg.id, sg.class_id, sg.name, sg.kind, c.grade "
	"FROM subgroups sg JOIN classes c ON c.id = sg.class_id "
	"WHERE sg.id = ?1");
static struct query q_subgroup_members = QUERY(
	"SELECT pupil_id FROM subgroup_members WHERE subgroup_id = ?1 "
	"ORDER BY pupil_id");
static struct query q_subgroup_add = QUERY(
	"INSERT INTO subgroups (class_id, name, kind) VALUES (?1, ?2, ?3) "
	"RETURNING id");
static struct query q_members_clear = QUERY(
	"DELETE FROM subgroup_members WHERE subgroup_id = ?1");
static struct query q_member_add = QUERY(
	"INSERT INTO subgroup_members (subgroup_id, pupil_id) VALUES (?1, ?2) "
	"ON CONFLICT (subgroup_id, pupil_id) DO NOTHING");
static struct query q_pupil_in_class = QUERY(
	"SELECT 1 FROM pupils WHERE person_id = ?1 AND class_id = ?2");
static struct query q_class_grade = QUERY(
	"SELECT grade FROM classes WHERE id = ?1");

static const char *const subgroup_kinds[] = { "split", "duty", "remote",
	NULL };

/* One subgroup from a row of (id, class_id, name, kind), with members. */
static int
write_subgroup(struct req *r, struct db_stmt *row)
{
	struct db_stmt *st;
	int64_t id = db_col_i64(row, 0);
	int rc;

	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_i64(&r->out, "class_id", db_col_i64(row, 1));
	jw_kv_str(&r->out, "name", db_col_text(row, 2));
	jw_kv_str(&r->out, "kind", db_col_text(row, 3));
	jw_key(&r->out, "pupil_ids");
	jw_arr_begin(&r->out);
	if ((st = db_prep(r->db, &q_subgroup_members, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, &r->err)) == DB_ROW)
		jw_i64(&r->out, db_col_i64(st, 0));
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return rc < 0 ? -1 : 0;
}

static int
reply_subgroup(struct req *r, int64_t id, int status)
{
	struct db_stmt *st = db_prep(r->db, &q_subgroup, &r->err);

	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW || write_subgroup(r, st))
		return reply_error(r, NULL);
	return reply_json(r, status);
}

int
api_subgroups_list(struct req *r)
{
	struct api_page pg;
	struct place p;
	struct db_stmt *st;
	int64_t id;
	int rc;

	if (req_path_id(r, 0, &id) || api_page_args(r, &pg) ||
	    authz_class_staff(r, id, &p))
		return 0;
	if ((st = db_prep(r->db, &q_subgroups, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, pg.after);
	db_bind_i64(st, 3, pg.limit + 1);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (!api_page_take(&pg, db_col_i64(st, 0)))
			break;
		if (write_subgroup(r, st))
			return reply_error(r, NULL);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

int
api_subgroup_create(struct req *r)
{
	struct db_stmt *st;
	const char *name = NULL;
	int kind = 0;
	int64_t class_id, grade, id;
	json_t *body;

	if (req_path_id(r, 0, &class_id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_CLASS, class_id, NULL))
		return 0;
	if (jv_only(r, body, NULL, "name", "kind", NULL) ||
	    jv_str(r, body, NULL, "name", JV_REQ, 1, 100, &name) ||
	    jv_enum(r, body, NULL, "kind", JV_OPT, subgroup_kinds, &kind))
		return 0;
	if (!csv_text_ok(name))
		return reply_err_field(r, ERR_INVAL, "name", "'name' must not "
			"be blank or hold control characters");
	if (db_get_i64(r->db, &q_class_grade, &grade, &r->err, 1, class_id))
		return reply_error(r, NULL);
	if (strcmp(subgroup_kinds[kind], "duty") == 0 &&
	    (grade < 1 || grade > 4))
		return reply_err_field(r, ERR_INVAL, "kind", "duty groups are "
			"for grades 1 to 4");
	if ((st = db_prep(r->db, &q_subgroup_add, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, class_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, subgroup_kinds[kind]);
	if (api_insert_id(r, st, &id))
		return reply_error(r, NULL);
	return reply_subgroup(r, id, 201);
}

int
api_subgroup_members_put(struct req *r)
{
	struct db_stmt *st;
	int64_t id, class_id;
	json_t *body, *ids, *v;
	const char *kind;
	size_t i;
	int rc;

	if (req_path_id(r, 0, &id))
		return 0;
	if ((st = db_prep(r->db, &q_subgroup, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	class_id = db_col_i64(st, 1);
	kind = arena_strdup(r->a, db_col_text(st, 3));
	if (authz(r, ACC_WRITE, OBJ_CLASS, class_id, NULL) ||
	    (body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "pupil_ids", NULL) ||
	    jv_arr(r, body, NULL, "pupil_ids", JV_REQ, 100, &ids))
		return 0;
	if (strcmp(kind, "duty") == 0 && json_array_size(ids) > DUTY_GROUP_MAX)
		return reply_err_field(r, ERR_INVAL, "pupil_ids", "a duty "
			"group holds at most %d pupils", DUTY_GROUP_MAX);
	if (db_begin(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	if ((st = db_prep(r->db, &q_members_clear, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_exec(st, &r->err) != DB_DONE)
		return reply_error(r, NULL);
	json_array_foreach(ids, i, v) {
		const char *field = arena_printf(r->a, "pupil_ids[%zu]", i);
		int64_t pid;

		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return reply_err_field(r, ERR_INVAL, field, "'%s' must "
				"be a pupil id", field);
		pid = json_integer_value(v);
		if ((st = db_prep(r->db, &q_pupil_in_class, &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, pid);
		db_bind_i64(st, 2, class_id);
		switch (db_step(st, &r->err)) {
		case DB_ROW:
			break;
		case DB_DONE:
			return reply_err_field(r, ERR_INVAL, field,
				"pupil %lld is not in this class",
				(long long)pid);
		default:
			return reply_error(r, NULL);
		}
		if ((st = db_prep(r->db, &q_member_add, &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, pid);
		if (db_exec(st, &r->err) != DB_DONE)
			return reply_error(r, NULL);
	}
	if (db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return reply_subgroup(r, id, 200);
}
