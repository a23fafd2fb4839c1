/* authz.c: scope checks: who may read or change what */
#include "core/common.h"
#include "auth/authz.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "db/db.h"
#include "cache/revisions.h"

bool
authz_is_ministry(const struct auth *a)
{
	for (int i = 0; i < a->ngrants; i++)
		if (a->grants[i].role == ROLE_MINISTRY)
			return true;
	return false;
}

bool
authz_grant_covers(const struct grant *g, const struct place *p)
{
	switch (g->role) {
	case ROLE_MINISTRY:
		return true;
	case ROLE_REGION:
		return p->region_id && g->region_id == p->region_id;
	case ROLE_DISTRICT:
		return p->district_id && g->district_id == p->district_id;
	case ROLE_SCHOOL_ADMIN:
	case ROLE_TEACHER:
		return p->school_id && g->school_id == p->school_id;
	case ROLE_CLASS_TEACHER:
		return p->class_id && g->class_id == p->class_id;
	default:
		return false;
	}
}

/* An official whose area covers the place: ministry, region, district. */
static bool
official_covers(const struct grant *g, const struct place *p)
{
	return (g->role == ROLE_MINISTRY || g->role == ROLE_REGION ||
	    g->role == ROLE_DISTRICT) && authz_grant_covers(g, p);
}

int
authz_allows(const struct auth *a, enum access acc, enum obj_kind kind,
	const struct place *p)
{
	for (int i = 0; i < a->ngrants; i++) {
		const struct grant *g = &a->grants[i];
		bool school = p->school_id && g->school_id == p->school_id;
		bool klass = p->class_id && g->class_id == p->class_id;

		/* a district official reads its own region's name */
		if (g->role == ROLE_DISTRICT && kind == OBJ_REGION &&
		    acc == ACC_READ && g->region_id == p->region_id)
			return 1;
		if (official_covers(g, p)) {
			/* a district official reads but does not edit its region */
			if (kind == OBJ_REGION && g->role == ROLE_DISTRICT &&
			    acc == ACC_WRITE)
				continue;
			return 1;
		}
		switch (g->role) {
		case ROLE_SCHOOL_ADMIN:
			if (school)
				return 1;
			/* may read the district and region it belongs to */
			if (acc == ACC_READ && (kind == OBJ_REGION ||
			    kind == OBJ_DISTRICT) &&
			    g->district_id == p->district_id &&
			    (kind == OBJ_REGION || p->district_id))
				return 1;
			if (acc == ACC_READ && kind == OBJ_REGION &&
			    g->region_id == p->region_id)
				return 1;
			break;
		case ROLE_TEACHER:
			if (!school || acc == ACC_WRITE) {
				if (acc == ACC_WRITE && kind == OBJ_COURSE &&
				    p->teacher_id == a->person_id)
					return 1;
				break;
			}
			/* a teacher sees their school, its classes and
			** courses, and the pupils they teach */
			if (kind == OBJ_STUDENT)
				return p->teaches ? 1 : 0;
			if (kind != OBJ_PERSON)
				return 1;
			break;
		case ROLE_CLASS_TEACHER:
			if (klass && acc == ACC_READ)
				return 1;
			break;
		case ROLE_PUPIL:
			if (acc != ACC_READ)
				break;
			if (kind == OBJ_STUDENT || kind == OBJ_PERSON) {
				if (p->pupil_id == a->person_id)
					return 1;
			} else if (kind == OBJ_CLASS || kind == OBJ_COURSE) {
				if (klass)
					return 1;
			} else if (kind == OBJ_SCHOOL && school) {
				return 1;
			}
			break;
		case ROLE_PARENT:
			if (acc != ACC_READ)
				break;
			if (kind == OBJ_STUDENT || kind == OBJ_PERSON) {
				if (p->pupil_id && p->pupil_id == g->pupil_id)
					return 1;
			} else if (kind == OBJ_CLASS || kind == OBJ_COURSE) {
				if (klass)
					return 1;
			} else if (kind == OBJ_SCHOOL && school) {
				return 1;
			}
			break;
		default:
			break;
		}
	}
	return 0;
}

/*
** Resolving an object to its place: one query per kind. Column 5 says
** whether the caller (?2) teaches the object's class, for pupils.
*/
static struct query q_place_region = QUERY(
	"SELECT id, 0, 0, 0, 0, 0 FROM regions WHERE id = ?1 AND ?2 = ?2");
static struct query q_place_district = QUERY(
	"SELECT region_id, id, 0, 0, 0, 0 FROM districts "
	"WHERE id = ?1 AND ?2 = ?2");
static struct query q_place_school = QUERY(
	"SELECT d.region_id, s.district_id, s.id, 0, 0, 0 FROM schools s "
	"JOIN districts d ON d.id = s.district_id WHERE s.id = ?1 AND ?2 = ?2");
static struct query q_place_class = QUERY(
	"SELECT d.region_id, s.district_id, s.id, c.id, 0, 0 FROM classes c "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE c.id = ?1 AND ?2 = ?2");
static struct query q_place_course = QUERY(
	"SELECT d.region_id, s.district_id, s.id, c.id, "
	"COALESCE(co.teacher_id, 0), 0 FROM courses co "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id "
	"WHERE co.id = ?1 AND ?2 = ?2");
static struct query q_place_student = QUERY(
	"SELECT d.region_id, s.district_id, s.id, c.id, "
	"CASE WHEN c.class_teacher_id = ?2 OR EXISTS (SELECT 1 FROM courses co "
	"WHERE co.class_id = c.id AND co.teacher_id = ?2) THEN 1 ELSE 0 END, "
	"p.person_id FROM pupils p JOIN classes c ON c.id = p.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE p.person_id = ?1");

static struct query *const place_queries[] = {
	[OBJ_REGION] = &q_place_region,
	[OBJ_DISTRICT] = &q_place_district,
	[OBJ_SCHOOL] = &q_place_school,
	[OBJ_CLASS] = &q_place_class,
	[OBJ_STUDENT] = &q_place_student,
	[OBJ_COURSE] = &q_place_course,
};

/* A person who is not a pupil: staff of a school, or a parent. */
static struct query q_place_person = QUERY(
	"SELECT COALESCE(d.region_id, r.region_id, 0), "
	"COALESCE(s.district_id, r.district_id, 0), COALESCE(r.school_id, 0), "
	"0, 0, 0 FROM roles r LEFT JOIN schools s ON s.id = r.school_id "
	"LEFT JOIN districts d ON d.id = COALESCE(r.district_id, s.district_id) "
	"WHERE r.person_id = ?1 AND ?2 = ?2 "
	"UNION ALL "
	"SELECT d.region_id, s.district_id, s.id, c.id, 0, pl.pupil_id "
	"FROM parent_links pl JOIN pupils p ON p.person_id = pl.pupil_id "
	"JOIN classes c ON c.id = p.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE pl.parent_id = ?1");

static int
place_rows(struct req *r, struct query *q, enum access acc,
	enum obj_kind kind, int64_t id, struct place *out, int *allowed)
{
	struct db_stmt *st = db_prep(r->db, q, &r->err);
	int rc, rows = 0;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, r->auth->person_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct place p;

		memset(&p, 0, sizeof(p));
		p.region_id = db_col_i64(st, 0);
		p.district_id = db_col_i64(st, 1);
		p.school_id = db_col_i64(st, 2);
		p.class_id = db_col_i64(st, 3);
		p.pupil_id = db_col_i64(st, 5);
		p.teaches = kind == OBJ_STUDENT && db_col_i64(st, 4) != 0;
		if (kind == OBJ_COURSE)
			p.teacher_id = db_col_i64(st, 4);
		if (kind == OBJ_PERSON && p.pupil_id)
			p.pupil_id = 0;         /* a parent row: not the pupil */
		rows++;
		if (acc == ACC_WRITE)
			rev_note(r, &p);        /* kept only if allowed */
		if (!*allowed && authz_allows(r->auth, acc, kind, &p)) {
			*allowed = 1;
			*out = p;
		}
		if (rows == 1 && !*allowed)
			*out = p;
	}
	return rc < 0 ? -1 : rows;
}

/*
** A pupil's own place, or a child's for a parent, is in the caller's
** grants: the rows q_place_student reads, read with the session and kept
** under the auth revision (grants_cache.h). No query for the requests
** pupils and parents make most, their diaries and marks.
*/
static bool
granted_student(const struct auth *a, int64_t id, struct place *p)
{
	for (int i = 0; i < a->ngrants; i++) {
		const struct grant *g = &a->grants[i];

		if ((g->role != ROLE_PUPIL && g->role != ROLE_PARENT) ||
		    g->pupil_id != id)
			continue;
		memset(p, 0, sizeof(*p));
		p->region_id = g->region_id;
		p->district_id = g->district_id;
		p->school_id = g->school_id;
		p->class_id = g->class_id;
		p->pupil_id = id;
		return true;
	}
	return false;
}

int
authz(struct req *r, enum access acc, enum obj_kind kind, int64_t id,
	struct place *where)
{
	struct place p;
	int allowed = 0, rows, nwrote = r->nwrote;

	memset(&p, 0, sizeof(p));
	if (r->auth == NULL)
		return reply_err(r, ERR_AUTH, "log in first"), -1;
	if (kind == OBJ_STUDENT && acc == ACC_READ &&
	    granted_student(r->auth, id, &p) &&
	    authz_allows(r->auth, acc, kind, &p)) {
		rows = 1;
		allowed = 1;
	} else if (kind == OBJ_PERSON) {
		/* a person is visible through any of their places */
		rows = place_rows(r, &q_place_student, acc, OBJ_STUDENT, id,
			&p, &allowed);
		if (rows >= 0 && !allowed)
			rows += place_rows(r, &q_place_person, acc, kind, id,
				&p, &allowed);
		if (id == r->auth->person_id)
			allowed = 1;
	} else {
		rows = place_rows(r, place_queries[kind], acc, kind, id, &p,
			&allowed);
	}
	if (!allowed || rows <= 0)
		r->nwrote = nwrote;     /* nothing will be written there */
	if (rows < 0)
		return reply_error(r, NULL), -1;
	if (rows == 0)
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	if (!allowed) {
		/* may they at least see it? then 403, else the same 404 */
		if (acc == ACC_WRITE && authz_allows(r->auth, ACC_READ,
		    kind, &p))
			return reply_err(r, ERR_FORBIDDEN,
				"you may not change this"), -1;
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	}
	if (where)
		*where = p;
	return 0;
}
