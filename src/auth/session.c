/* session.c: session tokens, loading the caller, CSRF, grants */
#include "core/common.h"
#include "auth/auth.h"
#include "auth/grants_cache.h"
#include "auth/session_cache.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

#include <sodium.h>
#include <time.h>

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_MINISTRY] = "ministry",
	[ROLE_REGION] = "region",
	[ROLE_DISTRICT] = "district",
	[ROLE_SCHOOL_ADMIN] = "school_admin",
	[ROLE_TEACHER] = "teacher",
	[ROLE_CLASS_TEACHER] = "class_teacher",
	[ROLE_PARENT] = "parent",
	[ROLE_PUPIL] = "pupil",
};

const char *
role_name(enum role role)
{
	return role < ROLE_COUNT ? role_names[role] : "?";
}

static int
role_parse(const char *s)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(role_names[i], s) == 0)
			return i;
	return -1;
}

void
auth_token_new(char *token, size_t cap)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, cap, raw, sizeof(raw),
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
auth_token_hash(const char *token, char *hex)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/*
** Every grant of a person in one query: staff roles, class teacher,
** pupil, and one parent row per child.
*/
static struct query q_grants = QUERY(
	"SELECT r.role, COALESCE(r.region_id, d.region_id, 0), "
	"COALESCE(r.district_id, s.district_id, 0), COALESCE(r.school_id, 0), "
	"0, 0 FROM roles r "
	"LEFT JOIN schools s ON s.id = r.school_id "
	"LEFT JOIN districts d ON d.id = COALESCE(r.district_id, s.district_id) "
	"WHERE r.person_id = ?1 "
	"UNION ALL "
	"SELECT 'class_teacher', d.region_id, s.district_id, c.school_id, "
	"c.id, 0 FROM classes c JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id "
	"WHERE c.class_teacher_id = ?1 "
	"UNION ALL "
	"SELECT 'pupil', d.region_id, s.district_id, c.school_id, c.id, "
	"p.person_id FROM pupils p JOIN classes c ON c.id = p.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE p.person_id = ?1 "
	"UNION ALL "
	"SELECT 'parent', d.region_id, s.district_id, c.school_id, c.id, "
	"pl.pupil_id FROM parent_links pl "
	"JOIN pupils p ON p.person_id = pl.pupil_id "
	"JOIN classes c ON c.id = p.class_id "
	"JOIN schools s ON s.id = c.school_id "
	"JOIN districts d ON d.id = s.district_id WHERE pl.parent_id = ?1");

int
auth_load_grants(struct req *r, struct auth *a)
{
	struct db_stmt *st = db_prep(r->db, &q_grants, &r->err);
	int rc;

	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, a->person_id);
	a->ngrants = 0;
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct grant *g;
		int role = role_parse(db_col_text(st, 0));

		if (role < 0 || a->ngrants == AUTH_MAX_GRANTS)
			continue;
		g = &a->grants[a->ngrants++];
		g->role = (enum role)role;
		g->region_id = db_col_i64(st, 1);
		g->district_id = db_col_i64(st, 2);
		g->school_id = db_col_i64(st, 3);
		g->class_id = db_col_i64(st, 4);
		g->pupil_id = db_col_i64(st, 5);
	}
	if (rc < 0)
		return reply_error(r, NULL), -1;
	return 0;
}

void
auth_write_roles(struct req *r, const struct auth *a)
{
	bool parent_done = false;

	jw_arr_begin(&r->out);
	for (int i = 0; i < a->ngrants; i++) {
		const struct grant *g = &a->grants[i];

		if (g->role == ROLE_PARENT) {
			/* one entry for all children: they are in "children" */
			if (parent_done)
				continue;
			parent_done = true;
			jw_obj_begin(&r->out);
			jw_kv_str(&r->out, "role", "parent");
			jw_obj_end(&r->out);
			continue;
		}
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "role", role_name(g->role));
		if (g->school_id)
			jw_kv_i64(&r->out, "school_id", g->school_id);
		if (g->class_id)
			jw_kv_i64(&r->out, "class_id", g->class_id);
		if (g->district_id)
			jw_kv_i64(&r->out, "district_id", g->district_id);
		if (g->region_id)
			jw_kv_i64(&r->out, "region_id", g->region_id);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
}

static struct query q_session = QUERY(
	"SELECT se.person_id, se.csrf, se.expires_at, p.full_name, "
	"se.wrote_at, r.n, r.s FROM sessions se "
	"JOIN people p ON p.id = se.person_id JOIN auth_revision r ON r.id = 1 "
	"WHERE se.token_hash = ?1 AND se.expires_at > ?2");
static struct query q_revision = QUERY(
	"SELECT n, s FROM auth_revision WHERE id = 1");
static struct query q_session_renew = QUERY(
	"UPDATE sessions SET expires_at = ?2 WHERE token_hash = ?1");
static struct query q_session_wrote = QUERY(
	"UPDATE sessions SET wrote_at = ?2 WHERE token_hash = ?1");

int64_t
auth_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
auth_note_write(struct db *db, struct auth *a, struct err *e)
{
	int64_t now = auth_now_ms();
	struct db_stmt *st;
	int rc;

	if (a == NULL || a->token_hash == NULL || a->wrote_noted ||
	    db_kind(db) != DB_PG)
		return 0;
	if ((st = db_prep(db, &q_session_wrote, e)) == NULL)
		return e ? e->code : ERR_DB;
	db_bind_text(st, 1, a->token_hash);
	db_bind_i64(st, 2, now);
	if ((rc = db_exec(st, e)) < 0)
		return rc;
	a->wrote_at_ms = now;
	a->wrote_noted = true;
	return 0;
}

/* The session of token hash hex into a, with the auth revision (n, s)
** read with it: DB_ROW, DB_DONE (none, or expired) or a negative enum
** err. Kept sessions are taken from memory (session_cache.h). */
static int
session_find(struct req *r, const char *hex, struct auth *a,
	int64_t *expires, int64_t rev[2])
{
	bool cached = session_cache_used(r->db);
	struct db_stmt *st;
	int rc;

	if (cached) {
		if ((st = db_prep(r->db, &q_revision, &r->err)) == NULL)
			return r->err.code;
		if ((rc = db_step(st, &r->err)) != DB_ROW)
			return rc < 0 ? rc : err_set(&r->err, ERR_DB,
				"database error");
		rev[0] = db_col_i64(st, 0);
		rev[1] = db_col_i64(st, 1);
		if (session_cache_get(r->db, r->a, hex, rev[0], rev[1],
		    r->now, a, expires))
			return DB_ROW;
	}
	if ((st = db_prep(r->db, &q_session, &r->err)) == NULL)
		return r->err.code;
	db_bind_text(st, 1, hex);
	db_bind_i64(st, 2, r->now);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc;
	a->person_id = db_col_i64(st, 0);
	a->csrf = arena_strdup(r->a, db_col_text(st, 1));
	*expires = db_col_i64(st, 2);
	a->full_name = arena_strdup(r->a, db_col_text(st, 3));
	a->wrote_at_ms = db_col_i64(st, 4);
	rev[0] = db_col_i64(st, 5);
	rev[1] = db_col_i64(st, 6);
	if (cached)
		session_cache_put(hex, rev[0], rev[1], a, *expires);
	return DB_ROW;
}

/* The session cookie's value from the Cookie header, or NULL. */
static const char *
cookie_token(struct req *r)
{
	const char *c = req_header(r, "Cookie");
	size_t nlen = strlen(SESSION_COOKIE);

	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		if (strncmp(c, SESSION_COOKIE, nlen) == 0 && c[nlen] == '=') {
			const char *v = c + nlen + 1;
			size_t len = strcspn(v, "; ");

			return arena_strndup(r->a, v, len);
		}
		c = strchr(c, ';');
	}
	return NULL;
}

int
auth_session(struct req *r)
{
	const char *h = req_header(r, "Authorization");
	const char *token = NULL;
	struct auth *a;
	struct db_stmt *st;
	int64_t expires, rev[2];
	uint64_t fallbacks;
	char hex[65];
	int rc;

	a = arena_calloc(r->a, sizeof(*a));
	if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0) {
		token = h + 7;
	} else if ((token = cookie_token(r)) != NULL) {
		a->via_cookie = true;
	}
	if (token == NULL || *token == '\0' || strlen(token) > 128)
		return reply_err(r, ERR_AUTH, "log in first"), -1;
	auth_token_hash(token, hex);
	/* a connection found lost is tried once more: the retry connects
	** again, or reads from a replica (db_pair, DB_READS_FALLBACK) */
	fallbacks = db_read_fallbacks();
	rc = session_find(r, hex, a, &expires, rev);
	if (rc == ERR_UNAVAIL) {
		err_clear(&r->err);
		rc = session_find(r, hex, a, &expires, rev);
	}
	if (rc < 0)
		return reply_error(r, NULL), -1;
	if (rc != DB_ROW)
		return reply_err(r, ERR_AUTH, "the session has expired, "
			"log in again"), -1;
	a->token_hash = arena_strdup(r->a, hex);
	if (a->via_cookie && !(r->method & (HTTP_GET | HTTP_HEAD))) {
		const char *csrf = req_header(r, "X-CSRF-Token");

		if (csrf == NULL || strlen(csrf) != strlen(a->csrf) ||
		    sodium_memcmp(csrf, a->csrf, strlen(csrf)) != 0)
			return reply_err(r, ERR_CSRF, "missing or wrong "
				"X-CSRF-Token"), -1;
	}
	/* sliding expiry, written at most once a day per session */
	if (expires - r->now < SESSION_TTL_S - 86400) {
		st = db_prep(r->db, &q_session_renew, &r->err);
		if (st != NULL) {
			db_bind_text(st, 1, hex);
			db_bind_i64(st, 2, r->now + SESSION_TTL_S);
			if (db_exec(st, NULL) == DB_DONE &&
			    session_cache_used(r->db))
				session_cache_put(hex, rev[0], rev[1], a,
					r->now + SESSION_TTL_S);
		}
	}
	if (!grants_cache_get(a->person_id, rev[0], a)) {
		if (auth_load_grants(r, a))
			return -1;
		/* kept only when the revision and the grants were read from
		** the same side: no read fell over from primary to replica */
		if (db_read_fallbacks() == fallbacks)
			grants_cache_put(a->person_id, rev[0], a);
	}
	r->auth = a;
	return 0;
}
