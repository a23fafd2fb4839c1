/* schools.c: regions, districts and schools; paging and scope helpers */
#include "core/common.h"
#include "journal/school_cal.h"
#include "api/api.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"
#include "rules/calendar.h"
#include "rules/csv.h"
#include "rules/dates.h"

/* ----- helpers shared by the structure handlers ----- */

int
api_page_args(struct req *r, struct api_page *pg)
{
	const char *next = req_query(r, "next");
	char *end;

	memset(pg, 0, sizeof(*pg));
	if (req_query_i64(r, "limit", 1, 1000, 100, &pg->limit))
		return -1;
	if (next == NULL || *next == '\0')
		return 0;
	/* the cursor is the last id of the page before (clients must
	** treat it as opaque) */
	errno = 0;
	pg->after = strtoll(next, &end, 10);
	if (*next < '0' || *next > '9' || *end != '\0' || errno ||
	    pg->after < 1)
		return reply_err_field(r, ERR_BADREQ, "next", "'next' is not a "
			"cursor of this list"), -1;
	return 0;
}

void
api_page_begin(struct req *r)
{
	jw_obj_begin(&r->out);
	jw_key(&r->out, "items");
	jw_arr_begin(&r->out);
}

bool
api_page_take(struct api_page *pg, int64_t id)
{
	if (pg->n == pg->limit) {
		pg->more = true;
		return false;
	}
	pg->n++;
	pg->last = id;
	return true;
}

int
api_page_end(struct req *r, struct api_page *pg)
{
	jw_arr_end(&r->out);
	jw_key(&r->out, "next");
	if (pg->more)
		jw_str(&r->out, arena_printf(r->a, "%lld",
			(long long)pg->last));
	else
		jw_null(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

void
api_write_ref(struct req *r, const char *key, struct db_stmt *st, int col,
	const char *name_key)
{
	jw_key(&r->out, key);
	if (db_col_null(st, col)) {
		jw_null(&r->out);
		return;
	}
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, col));
	jw_kv_str(&r->out, name_key, db_col_text(st, col + 1));
	jw_obj_end(&r->out);
}

bool
api_is_staff(struct req *r, const struct place *p)
{
	for (int i = 0; i < r->auth->ngrants; i++)
		if (authz_grant_covers(&r->auth->grants[i], p))
			return true;
	return false;
}

bool
api_is_school_admin(struct req *r, int64_t school_id)
{
	for (int i = 0; i < r->auth->ngrants; i++)
		if (r->auth->grants[i].role == ROLE_SCHOOL_ADMIN &&
		    school_id && r->auth->grants[i].school_id == school_id)
			return true;
	return false;
}

int
api_insert_id(struct req *r, struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st, &r->err);

	if (rc == DB_ROW) {
		*id = db_col_i64(st, 0);
		rc = db_step(st, &r->err);
	} else if (rc == DB_DONE) {
		rc = err_set(&r->err, ERR_INTERNAL, "no id returned");
	}
	return rc == DB_DONE ? 0 : rc;
}

const char *
api_class_name(struct req *r, int64_t grade, const char *letter)
{
	return arena_printf(r->a, "%lld %s", (long long)grade,
		letter ? letter : "");
}

int
api_year_now(struct req *r)
{
	return calendar_year_of(school_today(r->now));
}

/* ----- regions ----- */

static struct query q_regions = QUERY(
	"SELECT id, name FROM regions WHERE id > ?1 ORDER BY id");
static struct query q_region = QUERY(
	"SELECT id, name FROM regions WHERE id = ?1");

static void
write_region(struct req *r, struct db_stmt *st)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_str(&r->out, "name", db_col_text(st, 1));
	jw_obj_end(&r->out);
}

int
api_regions_list(struct req *r)
{
	struct api_page pg;
	struct db_stmt *st;
	int rc;

	if (api_page_args(r, &pg))
		return 0;
	if ((st = db_prep(r->db, &q_regions, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, pg.after);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct place p = { .region_id = db_col_i64(st, 0) };

		if (!authz_allows(r->auth, ACC_READ, OBJ_REGION, &p))
			continue;
		if (!api_page_take(&pg, p.region_id))
			break;
		write_region(r, st);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

int
api_region_get(struct req *r)
{
	struct db_stmt *st;
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_REGION, id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_region, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	write_region(r, st);
	return reply_json(r, 200);
}

/* ----- districts ----- */

static struct query q_districts = QUERY(
	"SELECT id, region_id, name, kind FROM districts "
	"WHERE id > ?1 AND (?2 = 0 OR region_id = ?2) ORDER BY id");
static struct query q_district = QUERY(
	"SELECT id, region_id, name, kind FROM districts WHERE id = ?1");

static void
write_district(struct req *r, struct db_stmt *st)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_i64(&r->out, "region_id", db_col_i64(st, 1));
	jw_kv_str(&r->out, "name", db_col_text(st, 2));
	jw_kv_str(&r->out, "kind", db_col_text(st, 3));
	jw_obj_end(&r->out);
}

int
api_districts_list(struct req *r)
{
	struct api_page pg;
	struct db_stmt *st;
	int64_t region_id;
	int rc;

	if (api_page_args(r, &pg) || req_query_i64(r, "region_id", 1,
	    INT64_MAX, 0, &region_id))
		return 0;
	if ((st = db_prep(r->db, &q_districts, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, pg.after);
	db_bind_i64(st, 2, region_id);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct place p = {
			.district_id = db_col_i64(st, 0),
			.region_id = db_col_i64(st, 1),
		};

		if (!authz_allows(r->auth, ACC_READ, OBJ_DISTRICT, &p))
			continue;
		if (!api_page_take(&pg, p.district_id))
			break;
		write_district(r, st);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

int
api_district_get(struct req *r)
{
	struct db_stmt *st;
	int64_t id;

	if (req_path_id(r, 0, &id) ||
	    authz(r, ACC_READ, OBJ_DISTRICT, id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_district, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	write_district(r, st);
	return reply_json(r, 200);
}

/* ----- schools ----- */

#define SCHOOL_COLS "s.id, d.region_id, s.district_id, s.name, s.kind, " \
	"s.urban, s.language, s.broadband, s.timezone, s.capacity "

static struct query q_schools = QUERY(
	"SELECT " SCHOOL_COLS "FROM schools s "
	"JOIN districts d ON d.id = s.district_id "
	"WHERE s.id > ?1 AND (?2 = 0 OR s.district_id = ?2) ORDER BY s.id");
static struct query q_school = QUERY(
	"SELECT " SCHOOL_COLS "FROM schools s "
	"JOIN districts d ON d.id = s.district_id WHERE s.id = ?1");
static struct query q_school_add = QUERY(
	"INSERT INTO schools (district_id, name, kind, urban, language, "
	"broadband, timezone, capacity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	"?8) RETURNING id");
static struct query q_school_set = QUERY(
	"UPDATE schools SET district_id = ?2, name = ?3, kind = ?4, "
	"urban = ?5, language = ?6, broadband = ?7, timezone = ?8, "
	"capacity = ?9 WHERE id = ?1");

static const char *const school_kinds[] = { "general", "gymnasium",
	"lyceum", "small", "specialized", NULL };
static const char *const languages[] = { "kk", "ru", "mixed", NULL };

struct school {
	int64_t id, district_id;
	const char *name, *kind, *language, *timezone;
	bool urban, broadband;
	int64_t capacity;       /* 0: not known */
};

static void
write_school(struct req *r, struct db_stmt *st)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_i64(&r->out, "region_id", db_col_i64(st, 1));
	jw_kv_i64(&r->out, "district_id", db_col_i64(st, 2));
	jw_kv_str(&r->out, "name", db_col_text(st, 3));
	jw_kv_str(&r->out, "kind", db_col_text(st, 4));
	jw_kv_bool(&r->out, "urban", db_col_i64(st, 5) != 0);
	jw_kv_str(&r->out, "language", db_col_text(st, 6));
	jw_kv_bool(&r->out, "broadband", db_col_i64(st, 7) != 0);
	jw_kv_str(&r->out, "timezone", db_col_text(st, 8));
	if (db_col_null(st, 9))
		jw_kv_null(&r->out, "capacity");
	else
		jw_kv_i64(&r->out, "capacity", db_col_i64(st, 9));
	jw_obj_end(&r->out);
}

/* Answer the school id as it is stored now, with status. */
static int
reply_school(struct req *r, int64_t id, int status)
{
	struct db_stmt *st = db_prep(r->db, &q_school, &r->err);

	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	write_school(r, st);
	return reply_json(r, status);
}

int
api_schools_list(struct req *r)
{
	struct api_page pg;
	struct db_stmt *st;
	int64_t district_id;
	int rc;

	if (api_page_args(r, &pg) || req_query_i64(r, "district_id", 1,
	    INT64_MAX, 0, &district_id))
		return 0;
	if ((st = db_prep(r->db, &q_schools, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, pg.after);
	db_bind_i64(st, 2, district_id);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct place p = {
			.school_id = db_col_i64(st, 0),
			.region_id = db_col_i64(st, 1),
			.district_id = db_col_i64(st, 2),
		};

		if (!authz_allows(r->auth, ACC_READ, OBJ_SCHOOL, &p))
			continue;
		if (!api_page_take(&pg, p.school_id))
			break;
		write_school(r, st);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}

int
api_school_get(struct req *r)
{
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_SCHOOL, id, NULL))
		return 0;
	return reply_school(r, id, 200);
}

/* An IANA zone name such as "Asia/Almaty", or "UTC". */
static bool
timezone_ok(const char *s)
{
	size_t parts = 1;

	if (strcmp(s, "UTC") == 0)
		return true;
	if (!((*s >= 'A' && *s <= 'Z')))
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '/') {
			if (p[1] == '\0' || p[1] == '/')
				return false;
			parts++;
		} else if (!((*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '-' || *p == '+')) {
			return false;
		}
	}
	return parts >= 2;
}

/*
** The fields of a school body into s, over the values already there.
** create: name and district_id are required. Answers 422 on failure.
*/
static int
school_fields(struct req *r, json_t *body, bool create, struct school *s,
	bool *capacity_set)
{
	int kind = -1, lang = -1;
	int64_t capacity = -1;
	json_t *cap;

	if (jv_only(r, body, NULL, "name", "district_id", "kind", "urban",
	    "language", "broadband", "timezone", "capacity", NULL) ||
	    jv_str(r, body, NULL, "name", create ? JV_REQ : JV_OPT, 1, 200,
	    &s->name) ||
	    jv_i64(r, body, NULL, "district_id", create ? JV_REQ : JV_OPT, 1,
	    INT64_MAX, &s->district_id) ||
	    jv_enum(r, body, NULL, "kind", JV_OPT, school_kinds, &kind) ||
	    jv_bool(r, body, NULL, "urban", JV_OPT, &s->urban) ||
	    jv_enum(r, body, NULL, "language", JV_OPT, languages, &lang) ||
	    jv_bool(r, body, NULL, "broadband", JV_OPT, &s->broadband) ||
	    jv_str(r, body, NULL, "timezone", JV_OPT, 1, 64, &s->timezone) ||
	    jv_i64(r, body, NULL, "capacity", JV_OPT, 1, 100000, &capacity))
		return -1;
	if (!csv_text_ok(s->name))
		return reply_err_field(r, ERR_INVAL, "name", "'name' must not "
			"be blank or hold control characters"), -1;
	if (!timezone_ok(s->timezone))
		return reply_err_field(r, ERR_INVAL, "timezone", "'timezone' "
			"must be a zone name such as 'Asia/Almaty'"), -1;
	if (kind >= 0)
		s->kind = school_kinds[kind];
	if (lang >= 0)
		s->language = languages[lang];
	cap = json_object_get(body, "capacity");
	*capacity_set = cap != NULL;
	if (cap != NULL)
		s->capacity = json_is_null(cap) ? 0 : capacity;
	return 0;
}

static void
bind_school(struct db_stmt *st, int first, const struct school *s)
{
	db_bind_i64(st, first, s->district_id);
	db_bind_text(st, first + 1, s->name);
	db_bind_text(st, first + 2, s->kind);
	db_bind_i64(st, first + 3, s->urban);
	db_bind_text(st, first + 4, s->language);
	db_bind_i64(st, first + 5, s->broadband);
	db_bind_text(st, first + 6, s->timezone);
	if (s->capacity > 0)
		db_bind_i64(st, first + 7, s->capacity);
	else
		db_bind_null(st, first + 7);
}

static bool
is_official(struct req *r)
{
	for (int i = 0; i < r->auth->ngrants; i++) {
		enum role role = r->auth->grants[i].role;

		if (role == ROLE_MINISTRY || role == ROLE_REGION ||
		    role == ROLE_DISTRICT)
			return true;
	}
	return false;
}

int
api_school_create(struct req *r)
{
	struct school s = {
		.name = "", .kind = "general", .language = "kk",
		.timezone = "Asia/Almaty", .urban = true, .broadband = true,
	};
	struct db_stmt *st;
	bool capacity_set;
	json_t *body;

	if ((body = req_json(r)) == NULL ||
	    school_fields(r, body, true, &s, &capacity_set))
		return 0;
	/* schools are opened by education departments, nobody below */
	if (!is_official(r))
		return reply_err(r, ERR_FORBIDDEN, "only an education "
			"department may open a school");
	if (authz(r, ACC_WRITE, OBJ_DISTRICT, s.district_id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_school_add, &r->err)) == NULL)
		return reply_error(r, NULL);
	bind_school(st, 1, &s);
	if (api_insert_id(r, st, &s.id))
		return reply_error(r, NULL);
	return reply_school(r, s.id, 201);
}

int
api_school_patch(struct req *r)
{
	struct school s;
	struct db_stmt *st;
	bool capacity_set;
	json_t *body;
	int64_t old_district;

	if (req_path_id(r, 0, &s.id) || (body = req_json(r)) == NULL ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, s.id, NULL))
		return 0;
	if (db_begin(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	if ((st = db_prep(r->db, &q_school, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, s.id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	old_district = s.district_id = db_col_i64(st, 2);
	s.name = arena_strdup(r->a, db_col_text(st, 3));
	s.kind = arena_strdup(r->a, db_col_text(st, 4));
	s.urban = db_col_i64(st, 5) != 0;
	s.language = arena_strdup(r->a, db_col_text(st, 6));
	s.broadband = db_col_i64(st, 7) != 0;
	s.timezone = arena_strdup(r->a, db_col_text(st, 8));
	s.capacity = db_col_null(st, 9) ? 0 : db_col_i64(st, 9);
	if (school_fields(r, body, false, &s, &capacity_set))
		return 0;
	/* moving a school is a change to both districts */
	if (s.district_id != old_district && !is_official(r))
		return reply_err_field(r, ERR_FORBIDDEN, "district_id",
			"only an education department may move a school");
	if (s.district_id != old_district &&
	    authz(r, ACC_WRITE, OBJ_DISTRICT, s.district_id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_school_set, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, s.id);
	bind_school(st, 2, &s);
	if (db_exec(st, &r->err) != DB_DONE ||
	    db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	return reply_school(r, s.id, 200);
}
