/* me.c: GET /me: who the caller is, their roles and children, and the
** school's today (the page marks "today" by it, not by the phone's clock) */
#include "core/common.h"
#include "api/api.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

static struct query q_children = QUERY(
	"SELECT p.id, p.full_name, c.id, c.grade, c.letter "
	"FROM parent_links pl JOIN people p ON p.id = pl.pupil_id "
	"JOIN pupils pu ON pu.person_id = p.id "
	"JOIN classes c ON c.id = pu.class_id "
	"WHERE pl.parent_id = ?1 ORDER BY p.id");

int
api_me(struct req *r)
{
	struct auth *a = r->auth;
	struct db_stmt *st;
	bool parent = false;
	char today[16];
	int rc;

	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", a->person_id);
	jw_kv_str(&r->out, "full_name", a->full_name);
	date_format(school_today(r->now), today);
	jw_kv_str(&r->out, "today", today);
	jw_key(&r->out, "roles");
	auth_write_roles(r, a);
	jw_key(&r->out, "children");
	jw_arr_begin(&r->out);
	for (int i = 0; i < a->ngrants; i++)
		parent |= a->grants[i].role == ROLE_PARENT;
	if (parent) {
		if ((st = db_prep(r->db, &q_children, &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, a->person_id);
		while ((rc = db_step(st, &r->err)) == DB_ROW) {
			jw_obj_begin(&r->out);
			jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
			jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
			jw_kv_i64(&r->out, "class_id", db_col_i64(st, 2));
			jw_key(&r->out, "class_name");
			jw_str(&r->out, api_class_name(r,
				db_col_i64(st, 3), db_col_text(st, 4)));
			jw_obj_end(&r->out);
		}
		if (rc < 0)
			return reply_error(r, NULL);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
