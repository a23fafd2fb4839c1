/* people_list.c: GET /schools/{id}/people: the people of a school */
#include "core/common.h"
#include "api/people.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"
#include "rules/csv.h"

static struct query q_people = QUERY(
	"SELECT x.id, p.full_name, p.login, p.iin, x.role, x.class_id, "
	"c.grade, c.letter FROM ("
	"SELECT person_id AS id, role, CAST(NULL AS BIGINT) AS class_id "
	"FROM roles WHERE school_id = ?1 "
	"UNION ALL "
	"SELECT pu.person_id, 'pupil', pu.class_id FROM pupils pu "
	"JOIN classes c ON c.id = pu.class_id WHERE c.school_id = ?1 "
	"UNION "
	"SELECT pl.parent_id, 'parent', CAST(NULL AS BIGINT) "
	"FROM parent_links pl JOIN pupils pu ON pu.person_id = pl.pupil_id "
	"JOIN classes c ON c.id = pu.class_id WHERE c.school_id = ?1"
	") x JOIN people p ON p.id = x.id "
	"LEFT JOIN classes c ON c.id = x.class_id "
	"WHERE x.id > ?2 AND (?3 = '' OR x.role = ?3) "
	"ORDER BY x.id, x.role");

const char *const people_school_roles[] = { "teacher", "pupil", "parent",
	"school_admin", NULL };

/* Does lower-cased needle occur in name, ignoring case? */
static bool
name_matches(struct req *r, const char *name, const char *needle)
{
	char *lc;

	if (needle == NULL)
		return true;
	lc = arena_strdup(r->a, name);
	csv_lower(lc);
	return strstr(lc, needle) != NULL;
}

int
api_people_list(struct req *r)
{
	struct api_page pg;
	struct place p;
	struct db_stmt *st;
	const char *role = req_query(r, "role"), *q = req_query(r, "q");
	char *needle = NULL;
	int64_t school_id, cur = 0;
	bool admin, manager, skip = false, open = false;
	int rc;

	if (req_path_id(r, 0, &school_id) || api_page_args(r, &pg) ||
	    authz(r, ACC_READ, OBJ_SCHOOL, school_id, &p))
		return 0;
	if (!api_is_staff(r, &p))
		return reply_err(r, ERR_FORBIDDEN, "only the school's staff "
			"may list its people");
	if (role != NULL) {
		int i;

		for (i = 0; people_school_roles[i]; i++)
			if (strcmp(people_school_roles[i], role) == 0)
				break;
		if (people_school_roles[i] == NULL)
			return reply_err_field(r, ERR_BADREQ, "role", "'role' "
				"must be teacher, pupil, parent or "
				"school_admin");
	}
	if (q != NULL && *q != '\0') {
		if (strlen(q) > 200 || !utf8_valid(q, strlen(q)))
			return reply_err_field(r, ERR_BADREQ, "q",
				"'q' must be UTF-8 text of at most 200 bytes");
		needle = arena_strdup(r->a, q);
		csv_lower(needle);
	}
	admin = api_is_school_admin(r, school_id);
	manager = authz_allows(r->auth, ACC_WRITE, OBJ_SCHOOL, &p);
	if ((st = db_prep(r->db, &q_people, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, pg.after);
	db_bind_text(st, 3, role ? role : "");
	api_page_begin(r);
	/* one item per person, the rows of one person are consecutive */
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);

		if (id != cur) {
			cur = id;
			if (open) {
				jw_arr_end(&r->out);
				jw_obj_end(&r->out);
				open = false;
			}
			skip = !name_matches(r, db_col_text(st, 1), needle);
			if (skip)
				continue;
			if (!api_page_take(&pg, id))
				break;
			open = true;
			jw_obj_begin(&r->out);
			jw_kv_i64(&r->out, "id", id);
			jw_kv_str(&r->out, "full_name", db_col_text(st, 1));
			if (manager)
				jw_kv_str(&r->out, "login", db_col_text(st, 2));
			if (admin)
				jw_kv_str(&r->out, "iin", db_col_text(st, 3));
			jw_key(&r->out, "roles");
			jw_arr_begin(&r->out);
		}
		if (skip)
			continue;
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "role", db_col_text(st, 4));
		if (!db_col_null(st, 5)) {
			jw_kv_i64(&r->out, "class_id", db_col_i64(st, 5));
			jw_kv_str(&r->out, "class_name", api_class_name(r,
				db_col_i64(st, 6), db_col_text(st, 7)));
		}
		jw_obj_end(&r->out);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	if (open) {
		jw_arr_end(&r->out);
		jw_obj_end(&r->out);
	}
	return api_page_end(r, &pg);
}
