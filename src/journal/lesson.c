/* lesson.c: loading a lesson and checking who may write its journal */
#include "core/common.h"
#include "journal/lesson.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "rules/dates.h"
#include "db/db.h"
#include "cache/revisions.h"

/* with the course's place (authz.c's q_place_course): access is decided
** without a second query */
static struct query q_lesson = QUERY(
	"SELECT l.course_id, l.class_id, c.school_id, co.subject_id, "
	"COALESCE(co.subgroup_id, 0), COALESCE(l.teacher_id, 0), "
	"COALESCE(co.teacher_id, 0), c.grade, l.date, l.period, l.status, "
	"d.region_id, s.district_id, s.id, cc.id "
	"FROM lessons l JOIN courses co ON co.id = l.course_id "
	"JOIN classes c ON c.id = l.class_id "
	"JOIN classes cc ON cc.id = co.class_id "
	"JOIN schools s ON s.id = cc.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE l.id = ?1");

int
lesson_load(struct req *r, int64_t id, enum access acc, struct lesson *out)
{
	struct db_stmt *st = db_prep(r->db, &q_lesson, &r->err);
	struct place course;
	int rc;

	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, id);
	rc = db_step(st, &r->err);
	if (rc < 0)
		return reply_error(r, NULL), -1;
	if (rc != DB_ROW)
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->course_id = db_col_i64(st, 0);
	out->class_id = db_col_i64(st, 1);
	out->school_id = db_col_i64(st, 2);
	out->subject_id = db_col_i64(st, 3);
	out->subgroup_id = db_col_i64(st, 4);
	out->teacher_id = db_col_i64(st, 5);
	out->course_teacher_id = db_col_i64(st, 6);
	out->grade = (int)db_col_i64(st, 7);
	(void)date_parse(db_col_text(st, 8), &out->date);
	out->period = (int)db_col_i64(st, 9);
	out->cancelled = strcmp(db_col_text(st, 10), "cancelled") == 0;
	memset(&course, 0, sizeof(course));
	course.region_id = db_col_i64(st, 11);
	course.district_id = db_col_i64(st, 12);
	course.school_id = db_col_i64(st, 13);
	course.class_id = db_col_i64(st, 14);
	course.teacher_id = out->course_teacher_id;
	if (acc == ACC_WRITE && (r->auth->person_id == out->teacher_id ||
	    r->auth->person_id == out->course_teacher_id)) {
		struct place p = { .school_id = out->school_id,
			.class_id = out->class_id };

		rev_note(r, &p);        /* the class's answers change */
		return 0;
	}
	/* the giving teacher may be a substitute from outside the course */
	if (acc == ACC_READ && r->auth->person_id == out->teacher_id)
		return 0;
	if (!authz_allows(r->auth, ACC_READ, OBJ_COURSE, &course))
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	if (acc == ACC_WRITE)
		return reply_err(r, ERR_FORBIDDEN, "only the lesson's teacher "
			"may write its journal"), -1;
	return 0;
}

static struct query q_pupils = QUERY(
	"SELECT p.person_id FROM pupils p WHERE p.class_id = ?1 AND "
	"(?2 = 0 OR p.person_id IN (SELECT pupil_id FROM subgroup_members "
	"WHERE subgroup_id = ?2)) ORDER BY p.person_id");

int
lesson_pupils(struct req *r, const struct lesson *l, int64_t **ids, int *n)
{
	struct db_stmt *st = db_prep(r->db, &q_pupils, &r->err);
	int rc, cap = 64;

	*n = 0;
	*ids = arena_alloc(r->a, (size_t)cap * sizeof(**ids));
	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, l->class_id);
	db_bind_i64(st, 2, l->subgroup_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (*n == cap) {
			int64_t *more = arena_alloc(r->a, (size_t)cap * 2 *
				sizeof(*more));

			memcpy(more, *ids, (size_t)cap * sizeof(*more));
			*ids = more;
			cap *= 2;
		}
		(*ids)[(*n)++] = db_col_i64(st, 0);
	}
	if (rc < 0)
		return reply_error(r, NULL), -1;
	return 0;
}

bool
lesson_has_pupil(const int64_t *ids, int n, int64_t id)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (ids[mid] == id)
			return true;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}
