/* access.c: who may see an assignment, a hand-in, a file */
#include "core/common.h"
#include "assign/assign.h"
#include "auth/auth.h"
#include "journal/lesson.h"
#include "http/reply.h"
#include "db/db.h"

static struct query q_assignment = QUERY(
	"SELECT a.course_id, COALESCE(a.lesson_id, 0), co.class_id, "
	"c.school_id, s.district_id, d.region_id, COALESCE(co.subgroup_id, 0), "
	"COALESCE(co.teacher_id, 0), COALESCE(l.teacher_id, 0), a.created_by, "
	"a.due_at, a.max_points FROM assignments a "
	"JOIN courses co ON co.id = a.course_id "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id "
	"LEFT JOIN lessons l ON l.id = a.lesson_id WHERE a.id = ?1");

static struct query q_course_pupil = QUERY(
	"SELECT 1 FROM pupils p WHERE p.person_id = ?1 AND p.class_id = ?2 "
	"AND (?3 = 0 OR EXISTS (SELECT 1 FROM subgroup_members m "
	"WHERE m.subgroup_id = ?3 AND m.pupil_id = ?1))");
static struct query q_member = QUERY(
	"SELECT 1 FROM subgroup_members WHERE subgroup_id = ?1 AND "
	"pupil_id = ?2");

int
assign_course_has_pupil(struct req *r, int64_t class_id, int64_t subgroup_id,
	int64_t pupil)
{
	struct db_stmt *st = db_prep(r->db, &q_course_pupil, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, pupil);
	db_bind_i64(st, 2, class_id);
	db_bind_i64(st, 3, subgroup_id);
	rc = db_step(st, &r->err);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Is pupil (whose grant puts them in the class) in subgroup_id? A class's
** own work (no subgroup) needs no query. 1, 0, -1. */
static int
in_group(struct req *r, int64_t subgroup_id, int64_t pupil)
{
	struct db_stmt *st;
	int rc;

	if (subgroup_id == 0)
		return 1;
	if ((st = db_prep(r->db, &q_member, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, subgroup_id);
	db_bind_i64(st, 2, pupil);
	rc = db_step(st, &r->err);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int
assign_group_member(struct req *r, int64_t class_id, int64_t subgroup_id)
{
	const struct auth *au = r->auth;
	int rc;

	/* the grants come from the pupils and parent_links rows */
	for (int i = 0; i < au->ngrants; i++) {
		const struct grant *g = &au->grants[i];

		if (g->class_id != class_id ||
		    (g->role != ROLE_PUPIL && g->role != ROLE_PARENT))
			continue;
		rc = in_group(r, subgroup_id, g->role == ROLE_PUPIL ?
			au->person_id : g->pupil_id);
		if (rc != 0)
			return rc < 0 ? -1 : g->role == ROLE_PUPIL ?
				GROUP_PUPIL : GROUP_PARENT;
	}
	return 0;
}

/* Staff who see every pupil's work in the place: officials, the
** school's administrators, the class teacher. */
static bool
overseer(const struct auth *au, const struct place *p)
{
	for (int i = 0; i < au->ngrants; i++) {
		const struct grant *g = &au->grants[i];

		if ((g->role == ROLE_MINISTRY || g->role == ROLE_REGION ||
		    g->role == ROLE_DISTRICT || g->role == ROLE_SCHOOL_ADMIN ||
		    g->role == ROLE_CLASS_TEACHER) &&
		    authz_grant_covers(g, p))
			return true;
	}
	return false;
}

/* Staff of the place (teachers of the school included)? */
static bool
staff(const struct auth *au, const struct place *p)
{
	for (int i = 0; i < au->ngrants; i++)
		if (authz_grant_covers(&au->grants[i], p))
			return true;
	return false;
}

/* Columns 0-11 of q_assignment, q_course or q_lesson into a. */
static void
fill(struct assignment *a, struct db_stmt *st)
{
	a->course_id = db_col_i64(st, 0);
	a->lesson_id = db_col_i64(st, 1);
	a->place.class_id = db_col_i64(st, 2);
	a->place.school_id = db_col_i64(st, 3);
	a->place.district_id = db_col_i64(st, 4);
	a->place.region_id = db_col_i64(st, 5);
	a->subgroup_id = db_col_i64(st, 6);
	a->course_teacher_id = db_col_i64(st, 7);
	a->place.teacher_id = a->course_teacher_id;
	a->lesson_teacher_id = db_col_i64(st, 8);
	a->created_by = db_col_i64(st, 9);
	a->due_at = db_col_i64(st, 10);
	a->max_points = (int)db_col_i64(st, 11);
}

static int decide(struct req *r, struct assignment *a);

static struct query q_course = QUERY(
	"SELECT co.id, 0, co.class_id, c.school_id, s.district_id, "
	"d.region_id, COALESCE(co.subgroup_id, 0), "
	"COALESCE(co.teacher_id, 0), 0, 0, 0, 0 FROM courses co "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE co.id = ?1");

/* Load row id of q into a and decide what the caller may do. */
static int
load(struct req *r, struct query *q, int64_t id, struct assignment *a)
{
	struct db_stmt *st = db_prep(r->db, q, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) < 0)
		return -1;
	if (rc != DB_ROW)
		return ERR_NOTFOUND;
	memset(a, 0, sizeof(*a));
	fill(a, st);
	return decide(r, a);
}

int
assign_access(struct req *r, int64_t id, struct assignment *a)
{
	int rc = load(r, &q_assignment, id, a);

	a->id = id;
	return rc;
}

static struct query q_lesson = QUERY(
	"SELECT l.course_id, l.id, co.class_id, c.school_id, s.district_id, "
	"d.region_id, COALESCE(co.subgroup_id, 0), "
	"COALESCE(co.teacher_id, 0), COALESCE(l.teacher_id, 0), 0, 0, 0 "
	"FROM lessons l JOIN courses co ON co.id = l.course_id "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE l.id = ?1");

int
assign_lesson_access(struct req *r, int64_t lesson_id, struct assignment *a)
{
	return load(r, &q_lesson, lesson_id, a);
}

int
assign_course_load(struct req *r, int64_t course_id, struct assignment *a)
{
	int rc = load(r, &q_course, course_id, a);

	if (rc == ERR_NOTFOUND)
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	if (rc != 0)
		return reply_error(r, NULL), -1;
	return 0;
}

/*
** Who the caller is to the work: its setter (manage), staff who oversee
** every pupil's work, a pupil of the course's group, or a parent of one.
*/
static int
decide(struct req *r, struct assignment *a)
{
	const struct auth *au = r->auth;
	int64_t me = au->person_id;
	int rc;

	a->manage = me == a->course_teacher_id || me == a->created_by ||
		(a->lesson_teacher_id && me == a->lesson_teacher_id);
	a->oversee = a->manage || overseer(au, &a->place);
	if (a->manage)
		return 0;
	if (!authz_allows(au, ACC_READ, OBJ_COURSE, &a->place))
		return ERR_NOTFOUND;
	if (staff(au, &a->place))
		return 0;
	/* a pupil or a parent: the pupil must be in the course's group */
	if ((rc = assign_group_member(r, a->place.class_id,
	    a->subgroup_id)) < 0)
		return -1;
	if (rc == GROUP_PUPIL)
		a->pupil = me;
	return rc ? 0 : ERR_NOTFOUND;
}

int
assign_lesson_who(struct req *r, const struct lesson *l)
{
	const struct auth *au = r->auth;
	struct place p = { .school_id = l->school_id, .class_id = l->class_id };
	int rc;

	if (au->person_id == l->teacher_id ||
	    au->person_id == l->course_teacher_id)
		return GROUP_STAFF;
	if ((rc = assign_group_member(r, l->class_id, l->subgroup_id)) != 0)
		return rc;
	for (int i = 0; i < au->ngrants; i++)
		if ((au->grants[i].role == ROLE_PUPIL ||
		    au->grants[i].role == ROLE_PARENT) &&
		    au->grants[i].class_id == l->class_id)
			/* of the class, not of the group: staff only by a
			** grant of the school */
			return staff(au, &p) ? GROUP_STAFF : 0;
	return GROUP_STAFF;     /* lesson_load() let them in as staff */
}

int
assign_load(struct req *r, int64_t id, struct assignment *a)
{
	int rc = assign_access(r, id, a);

	if (rc == ERR_NOTFOUND)
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	if (rc != 0)
		return reply_error(r, NULL), -1;
	return 0;
}

static struct query q_handin_owner = QUERY(
	"SELECT assignment_id, student_id FROM handins WHERE id = ?1");

int
assign_handin_access(struct req *r, int64_t id, struct assignment *a,
	int64_t *student)
{
	struct db_stmt *st = db_prep(r->db, &q_handin_owner, &r->err);
	const struct auth *au = r->auth;
	int64_t aid;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) < 0)
		return -1;
	if (rc != DB_ROW)
		return ERR_NOTFOUND;
	aid = db_col_i64(st, 0);
	*student = db_col_i64(st, 1);
	if ((rc = assign_access(r, aid, a)) != 0)
		return rc;
	if (a->oversee || *student == au->person_id)
		return 0;
	for (int i = 0; i < au->ngrants; i++)
		if (au->grants[i].role == ROLE_PARENT &&
		    au->grants[i].pupil_id == *student)
			return 0;
	return ERR_NOTFOUND;
}
