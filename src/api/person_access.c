/* person_access.c: who sees and changes what of a person */
#include "core/common.h"
#include "api/people.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "db/db.h"

/*
** Who sees and changes what of a person (ours, on top of authz()):
** - the IIN: the person and the admins of a school the person belongs to
**   (as staff, pupil, or parent of a pupil there);
** - the login: the person and whoever may change a school the person
**   belongs to (its admins, the officials above it);
** - every field: whoever may change every school the person belongs to,
**   so that an admin of one school cannot take over the account of
**   someone who also works elsewhere (a parent who is an official);
** - the person alone may change only their language.
*/

static struct query q_teacher_of = QUERY(
	"SELECT 1 FROM roles WHERE person_id = ?1 AND school_id = ?2 "
	"AND role = 'teacher'");

int
api_check_teacher(struct req *r, int64_t school_id, int64_t person_id,
	const char *field)
{
	struct db_stmt *st = db_prep(r->db, &q_teacher_of, &r->err);
	int rc;

	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, person_id);
	db_bind_i64(st, 2, school_id);
	rc = db_step(st, &r->err);
	if (rc < 0)
		return reply_error(r, NULL), -1;
	if (rc != DB_ROW)
		return reply_err_field(r, ERR_INVAL, field, "'%s' must be a "
			"teacher of this school", field), -1;
	return 0;
}

/* Every school-level place a person belongs to. */
static struct query q_person_places = QUERY(
	"SELECT d.region_id, s.district_id, s.id FROM pupils pu "
	"JOIN classes c ON c.id = pu.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE pu.person_id = ?1 "
	"UNION ALL "
	"SELECT COALESCE(d.region_id, r.region_id, 0), "
	"COALESCE(s.district_id, r.district_id, 0), COALESCE(r.school_id, 0) "
	"FROM roles r LEFT JOIN schools s ON s.id = r.school_id "
	"LEFT JOIN districts d ON "
	"d.id = COALESCE(r.district_id, s.district_id) "
	"WHERE r.person_id = ?1 "
	"UNION ALL "
	"SELECT d.region_id, s.district_id, s.id FROM parent_links pl "
	"JOIN pupils pu ON pu.person_id = pl.pupil_id "
	"JOIN classes c ON c.id = pu.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE pl.parent_id = ?1");


int
person_standing(struct req *r, int64_t id, struct standing *s)
{
	struct db_stmt *st = db_prep(r->db, &q_person_places, &r->err);
	int rc, n = 0;

	memset(s, 0, sizeof(*s));
	s->self = id == r->auth->person_id;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	s->manages_all = true;
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct place p = {
			.region_id = db_col_i64(st, 0),
			.district_id = db_col_i64(st, 1),
			.school_id = db_col_i64(st, 2),
		};
		bool w = authz_allows(r->auth, ACC_WRITE, OBJ_SCHOOL, &p);

		n++;
		s->manages_any |= w;
		s->manages_all &= w;
		s->admin_of_any |= api_is_school_admin(r, p.school_id);
	}
	if (n == 0)
		s->manages_all = false;
	return rc < 0 ? -1 : 0;
}

