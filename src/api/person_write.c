/* person_write.c: POST /schools/{id}/people, PATCH /people/{id} */
#include "core/common.h"
#include "api/people.h"
#include "journal/school_cal.h"
#include "auth/authz.h"
#include "auth/password.h"
#include "auth/revocations.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"
#include "rules/csv.h"
#include "rules/dates.h"

static struct query q_login_taken = QUERY(
	"SELECT id FROM people WHERE login = ?1");
static struct query q_iin_taken = QUERY(
	"SELECT id FROM people WHERE iin = ?1");
static struct query q_person_add = QUERY(
	"INSERT INTO people (full_name, iin, login, pw_hash, lang, birth_date, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
static struct query q_role_add = QUERY(
	"INSERT INTO roles (person_id, role, school_id) VALUES (?1, ?2, ?3)");
static struct query q_pupil_add = QUERY(
	"INSERT INTO pupils (person_id, class_id) VALUES (?1, ?2)");
static struct query q_parent_link = QUERY(
	"INSERT INTO parent_links (parent_id, pupil_id) VALUES (?1, ?2) "
	"ON CONFLICT (parent_id, pupil_id) DO NOTHING");
static struct query q_person_current = QUERY(
	"SELECT id, full_name, lang, birth_date, login, iin FROM people "
	"WHERE id = ?1");
static struct query q_person_set = QUERY(
	"UPDATE people SET full_name = ?2, iin = ?3, login = ?4, lang = ?5, "
	"birth_date = ?6 WHERE id = ?1");
static struct query q_person_pw = QUERY(
	"UPDATE people SET pw_hash = ?2 WHERE id = ?1");
static struct query q_pupil_class = QUERY(
	"SELECT class_id FROM pupils WHERE person_id = ?1");
static struct query q_pupil_move = QUERY(
	"UPDATE pupils SET class_id = ?2 WHERE person_id = ?1");
static struct query q_pupil_groups_leave = QUERY(
	"DELETE FROM subgroup_members WHERE pupil_id = ?1 AND subgroup_id IN "
	"(SELECT id FROM subgroups WHERE class_id = ?2)");

static const char *const langs[] = { "kk", "ru", "en", NULL };

static struct query q_subject_exists = QUERY(
	"SELECT id FROM subjects WHERE id = ?1");
static struct query q_subjects_clear = QUERY(
	"DELETE FROM teacher_subjects WHERE person_id = ?1");
static struct query q_subject_add = QUERY(
	"INSERT INTO teacher_subjects (person_id, subject_id) VALUES (?1, ?2) "
	"ON CONFLICT (person_id, subject_id) DO NOTHING");
static struct query q_is_teacher = QUERY(
	"SELECT 1 FROM roles WHERE person_id = ?1 AND role = 'teacher'");

#define SUBJECTS_MAX 30

/* Every member of subject_ids an existing subject? Answers 422. */
static int
check_subjects(struct req *r, json_t *ids)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v) {
		const char *f = arena_printf(r->a, "subject_ids[%zu]", i);
		int64_t x;
		int rc;

		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return reply_err_field(r, ERR_INVAL, f, "'%s' must be "
				"a subject id", f), -1;
		rc = db_get_i64(r->db, &q_subject_exists, &x, &r->err, 1,
			(int64_t)json_integer_value(v));
		if (rc == ERR_NOTFOUND)
			return reply_err_field(r, ERR_INVAL, f, "'%s' is not a "
				"known subject", f), -1;
		if (rc != 0)
			return reply_error(r, NULL), -1;
	}
	return 0;
}

/* Replace the teacher's subjects by ids. */
static int
set_subjects(struct req *r, int64_t person_id, json_t *ids)
{
	struct db_stmt *st = db_prep(r->db, &q_subjects_clear, &r->err);
	size_t i;
	json_t *v;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, person_id);
	if (db_exec(st, &r->err) != DB_DONE)
		return -1;
	json_array_foreach(ids, i, v) {
		if ((st = db_prep(r->db, &q_subject_add, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, person_id);
		db_bind_i64(st, 2, json_integer_value(v));
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
	}
	return 0;
}

struct person {
	int64_t id;
	const char *full_name, *iin, *login, *password, *lang, *birth_date;
};

bool
api_login_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-' || *s == '@'))
			return false;
	return true;
}

/* A string member that may be null (to clear it): *set says present. */
static int
str_or_null(struct req *r, json_t *body, const char *name, size_t minlen,
	size_t maxlen, const char **out, bool *set)
{
	json_t *v = json_object_get(body, name);

	*set = v != NULL;
	if (v != NULL && json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	return jv_str(r, body, NULL, name, JV_OPT, minlen, maxlen, out);
}

/*
** Check the person fields of a body into p (over the values there) and
** that login and IIN are not someone else's. Answers on failure.
*/
static int
person_fields(struct req *r, json_t *body, bool create, struct person *p)
{
	const char *birth = NULL;
	int lang = -1;
	bool set_iin, set_login, set_birth;
	int32_t day;
	int rc;

	if (jv_str(r, body, NULL, "full_name", create ? JV_REQ : JV_OPT, 1,
	    200, &p->full_name) ||
	    str_or_null(r, body, "login", 1, 64, &p->login, &set_login) ||
	    jv_str(r, body, NULL, "password", JV_OPT, 8, 256, &p->password) ||
	    str_or_null(r, body, "iin", 1, 12, &p->iin, &set_iin) ||
	    str_or_null(r, body, "birth_date", 1, 10, &birth, &set_birth) ||
	    jv_enum(r, body, NULL, "lang", JV_OPT, langs, &lang))
		return -1;
	if (!csv_text_ok(p->full_name))
		return reply_err_field(r, ERR_INVAL, "full_name", "'full_name' "
			"must not be blank or hold control characters"), -1;
	if (p->login != NULL && !api_login_ok(p->login))
		return reply_err_field(r, ERR_INVAL, "login", "'login' must be "
			"3 to 64 Latin letters, digits or . _ - @"), -1;
	if (p->iin != NULL && !csv_iin_valid(p->iin))
		return reply_err_field(r, ERR_INVAL, "iin", "'iin' must be 12 "
			"digits with a valid check digit"), -1;
	if (set_birth) {
		if (birth != NULL && (date_parse(birth, &day) != 0 ||
		    day > school_today(r->now)))
			return reply_err_field(r, ERR_INVAL, "birth_date",
				"'birth_date' must be a past date "
				"YYYY-MM-DD"), -1;
		p->birth_date = birth;
	}
	if (lang >= 0)
		p->lang = langs[lang];
	if (set_login && p->login != NULL) {
		struct db_stmt *st = db_prep(r->db, &q_login_taken, &r->err);

		if (st == NULL)
			return reply_error(r, NULL), -1;
		db_bind_text(st, 1, p->login);
		rc = db_step(st, &r->err);
		if (rc < 0)
			return reply_error(r, NULL), -1;
		if (rc == DB_ROW && db_col_i64(st, 0) != p->id)
			goto login_taken;
	}
	if (set_iin && p->iin != NULL) {
		struct db_stmt *st = db_prep(r->db, &q_iin_taken, &r->err);

		if (st == NULL)
			return reply_error(r, NULL), -1;
		db_bind_text(st, 1, p->iin);
		rc = db_step(st, &r->err);
		if (rc < 0)
			return reply_error(r, NULL), -1;
		if (rc == DB_ROW && db_col_i64(st, 0) != p->id)
			return reply_err_field(r, ERR_CONFLICT, "iin",
				"another person has the IIN '%s'", p->iin), -1;
	}
	return 0;
login_taken:
	return reply_err_field(r, ERR_CONFLICT, "login", "the login '%s' is "
		"taken", p->login), -1;
}

static int
set_password(struct req *r, int64_t id, const char *pw)
{
	char hash[PASSWORD_HASH_MAX];
	struct db_stmt *st;

	if (password_hash(pw, hash) != 0)
		return err_set(&r->err, ERR_NOMEM, "cannot hash"), -1;
	if ((st = db_prep(r->db, &q_person_pw, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, hash);
	if (db_exec(st, &r->err) != DB_DONE)
		return -1;
	/* a new password ends the sessions opened with the old one */
	return revocation_end_sessions(r->db, id, &r->err) ? -1 : 0;
}

static int
exec_ids(struct req *r, struct query *q, int64_t a, int64_t b)
{
	return db_exec_i64(r->db, q, &r->err, 2, a, b) ? -1 : 0;
}

int
person_parent_link(struct req *r, int64_t parent_id, int64_t pupil_id)
{
	return exec_ids(r, &q_parent_link, parent_id, pupil_id);
}

/* A pupil of school_id the caller may change, for a parent's children. */
static int
check_child(struct req *r, int64_t school_id, int64_t pupil_id,
	const char *field)
{
	struct place p;

	if (authz(r, ACC_WRITE, OBJ_STUDENT, pupil_id, &p))
		return -1;
	if (p.school_id != school_id)
		return reply_err_field(r, ERR_INVAL, field, "'%s' must be a "
			"pupil of this school", field), -1;
	return 0;
}

int
api_person_create(struct req *r)
{
	struct person p = { .lang = "kk" };
	struct place cp;
	struct db_stmt *st;
	json_t *body, *children = NULL, *subjects = NULL, *v;
	int64_t school_id, class_id = 0;
	int role = -1;
	size_t i;

	if (req_path_id(r, 0, &school_id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, school_id, NULL))
		return 0;
	if (jv_only(r, body, NULL, "full_name", "role", "class_id", "login",
	    "password", "iin", "birth_date", "lang", "children", "subject_ids",
	    NULL) ||
	    jv_enum(r, body, NULL, "role", JV_REQ, people_school_roles,
	    &role) ||
	    jv_i64(r, body, NULL, "class_id", JV_OPT, 1, INT64_MAX,
	    &class_id) ||
	    jv_arr(r, body, NULL, "children", JV_OPT, 20, &children) ||
	    jv_arr(r, body, NULL, "subject_ids", JV_OPT, SUBJECTS_MAX,
	    &subjects) ||
	    person_fields(r, body, true, &p))
		return 0;
	if (subjects != NULL &&
	    strcmp(people_school_roles[role], "teacher") != 0)
		return reply_err_field(r, ERR_INVAL, "subject_ids",
			"'subject_ids' is only for teachers");
	if (subjects != NULL && check_subjects(r, subjects))
		return 0;
	if (strcmp(people_school_roles[role], "pupil") == 0) {
		if (class_id == 0)
			return reply_err_field(r, ERR_INVAL, "class_id",
				"'class_id' is required for a pupil");
		if (authz(r, ACC_WRITE, OBJ_CLASS, class_id, &cp))
			return 0;
		if (cp.school_id != school_id)
			return reply_err_field(r, ERR_INVAL, "class_id",
				"'class_id' must be a class of this school");
	} else if (class_id != 0) {
		return reply_err_field(r, ERR_INVAL, "class_id", "'class_id' "
			"is only for pupils");
	}
	if (strcmp(people_school_roles[role], "parent") == 0) {
		/* a parent belongs to a school through a child there */
		if (children == NULL || json_array_size(children) == 0)
			return reply_err_field(r, ERR_INVAL, "children",
				"a parent needs at least one child of this "
				"school");
		json_array_foreach(children, i, v) {
			const char *f = arena_printf(r->a, "children[%zu]", i);

			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return reply_err_field(r, ERR_INVAL, f, "'%s' "
					"must be a pupil id", f);
			if (check_child(r, school_id, json_integer_value(v),
			    f))
				return 0;
		}
	} else if (children != NULL) {
		return reply_err_field(r, ERR_INVAL, "children", "'children' "
			"is only for parents");
	}

	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_person_add, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, p.full_name);
	db_bind_text(st, 2, p.iin);
	db_bind_text(st, 3, p.login);
	db_bind_null(st, 4);
	db_bind_text(st, 5, p.lang);
	db_bind_text(st, 6, p.birth_date);
	db_bind_i64(st, 7, r->now);
	if (api_insert_id(r, st, &p.id))
		return reply_error(r, NULL);
	if (strcmp(people_school_roles[role], "pupil") == 0) {
		if (exec_ids(r, &q_pupil_add, p.id, class_id))
			return reply_error(r, NULL);
	} else if (strcmp(people_school_roles[role], "parent") == 0) {
		json_array_foreach(children, i, v)
			if (exec_ids(r, &q_parent_link, p.id,
			    json_integer_value(v)))
				return reply_error(r, NULL);
	} else {
		if ((st = db_prep(r->db, &q_role_add, &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, p.id);
		db_bind_text(st, 2, people_school_roles[role]);
		db_bind_i64(st, 3, school_id);
		if (db_exec(st, &r->err) != DB_DONE)
			return reply_error(r, NULL);
	}
	if (subjects != NULL && set_subjects(r, p.id, subjects))
		return reply_error(r, NULL);
	if (p.password != NULL && set_password(r, p.id, p.password))
		return reply_error(r, NULL);
	if (db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return person_reply(r, p.id, 201);
}

int
api_person_patch(struct req *r)
{
	struct person p;
	struct standing sd;
	struct db_stmt *st;
	json_t *body, *subjects = NULL;
	const char *key;
	json_t *val;
	int64_t class_id = 0, old_class = 0, x;
	int rc;

	memset(&p, 0, sizeof(p));
	if (req_path_id(r, 0, &p.id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_PERSON, p.id, NULL))
		return 0;
	if (jv_only(r, body, NULL, "full_name", "login", "password", "iin",
	    "birth_date", "lang", "class_id", "subject_ids", NULL) ||
	    jv_i64(r, body, NULL, "class_id", JV_OPT, 1, INT64_MAX,
	    &class_id) ||
	    jv_arr(r, body, NULL, "subject_ids", JV_OPT, SUBJECTS_MAX,
	    &subjects))
		return 0;
	if (person_standing(r, p.id, &sd))
		return reply_error(r, NULL);
	if (!sd.manages_all) {
		json_object_foreach(body, key, val)
			if (strcmp(key, "lang") != 0)
				return reply_err_field(r, ERR_FORBIDDEN, key,
					"you may not change '%s' of this "
					"person", key);
	}
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_person_current, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, p.id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	p.full_name = arena_strdup(r->a, db_col_text(st, 1));
	p.lang = arena_strdup(r->a, db_col_text(st, 2));
	if (!db_col_null(st, 3))
		p.birth_date = arena_strdup(r->a, db_col_text(st, 3));
	if (!db_col_null(st, 4))
		p.login = arena_strdup(r->a, db_col_text(st, 4));
	if (!db_col_null(st, 5))
		p.iin = arena_strdup(r->a, db_col_text(st, 5));
	if (person_fields(r, body, false, &p))
		return 0;
	if (class_id != 0) {
		st = db_prep(r->db, &q_pupil_class, &r->err);
		if (st == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, p.id);
		if ((rc = db_step(st, &r->err)) < 0)
			return reply_error(r, NULL);
		if (rc != DB_ROW)
			return reply_err_field(r, ERR_INVAL, "class_id",
				"'class_id' is only for pupils");
		old_class = db_col_i64(st, 0);
		if (authz(r, ACC_WRITE, OBJ_CLASS, class_id, NULL))
			return 0;
	}
	if (subjects != NULL) {
		rc = db_get_i64(r->db, &q_is_teacher, &x, &r->err, 1, p.id);
		if (rc == ERR_NOTFOUND)
			return reply_err_field(r, ERR_INVAL, "subject_ids",
				"'subject_ids' is only for teachers");
		if (rc != 0)
			return reply_error(r, NULL);
		if (check_subjects(r, subjects))
			return 0;
	}
	if ((st = db_prep(r->db, &q_person_set, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, p.id);
	db_bind_text(st, 2, p.full_name);
	db_bind_text(st, 3, p.iin);
	db_bind_text(st, 4, p.login);
	db_bind_text(st, 5, p.lang);
	db_bind_text(st, 6, p.birth_date);
	/* the name and login a session shows: kept sessions read again */
	if (db_exec(st, &r->err) != DB_DONE ||
	    revocation_add(r->db, p.id, &r->err) != 0)
		return reply_error(r, NULL);
	if (class_id != 0 && class_id != old_class &&
	    (exec_ids(r, &q_pupil_groups_leave, p.id, old_class) ||
	    exec_ids(r, &q_pupil_move, p.id, class_id)))
		return reply_error(r, NULL);
	if (subjects != NULL && set_subjects(r, p.id, subjects))
		return reply_error(r, NULL);
	if (p.password != NULL && set_password(r, p.id, p.password))
		return reply_error(r, NULL);
	if (db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return person_reply(r, p.id, 200);
}
