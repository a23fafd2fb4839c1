/* auth.c: POST /auth/login and POST /auth/logout */
#include "core/common.h"
#include "api/api.h"
#include "auth/auth.h"
#include "auth/revocations.h"
#include "auth/password.h"
#include "http/jv.h"
#include "http/reply.h"
#include "http/server.h"
#include "core/jw.h"
#include "core/log.h"
#include "db/db.h"

/*
** Failed logins are counted per login and per client address in a fixed
** window, in the database so that every server sees the same counts.
*/
#define RATE_WINDOW_S (15 * 60)
#define RATE_MAX_LOGIN 10
#define RATE_MAX_ADDR 100

static struct query q_fail_get = QUERY(
	"SELECT count, window_start FROM login_failures WHERE key = ?1");
static struct query q_fail_add = QUERY(
	"INSERT INTO login_failures (key, window_start, count) "
	"VALUES (?1, ?2, 1) ON CONFLICT (key) DO UPDATE SET "
	"count = CASE WHEN login_failures.window_start <= ?3 THEN 1 "
	"ELSE login_failures.count + 1 END, "
	"window_start = CASE WHEN login_failures.window_start <= ?3 THEN ?2 "
	"ELSE login_failures.window_start END");
static struct query q_fail_clear = QUERY(
	"DELETE FROM login_failures WHERE key = ?1");
static struct query q_person_by_login = QUERY(
	"SELECT id, full_name, pw_hash FROM people WHERE login = ?1");
/* only over the hash that verified: a password changed meanwhile stays */
static struct query q_person_rehash = QUERY(
	"UPDATE people SET pw_hash = ?2 WHERE id = ?1 AND pw_hash = ?3");
static struct query q_session_add = QUERY(
	"INSERT INTO sessions (token_hash, person_id, csrf, created_at, "
	"expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
static struct query q_session_del = QUERY(
	"DELETE FROM sessions WHERE token_hash = ?1");

/* Seconds until key may try again, 0 if it may now; <0 on db error. */
static int64_t
rate_wait(struct req *r, const char *key, int max)
{
	struct db_stmt *st = db_prep(r->db, &q_fail_get, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	rc = db_step(st, &r->err);
	if (rc < 0)
		return -1;
	if (rc == DB_ROW && db_col_i64(st, 0) >= max) {
		int64_t until = db_col_i64(st, 1) + RATE_WINDOW_S;

		if (until > r->now)
			return until - r->now;
	}
	return 0;
}

static void
rate_fail(struct req *r, const char *key)
{
	struct db_stmt *st = db_prep(r->db, &q_fail_add, NULL);

	if (st == NULL)
		return;
	db_bind_text(st, 1, key);
	db_bind_i64(st, 2, r->now);
	db_bind_i64(st, 3, r->now - RATE_WINDOW_S);
	(void)db_exec(st, NULL);
}

static void
rate_clear(struct req *r, const char *key)
{
	struct db_stmt *st = db_prep(r->db, &q_fail_clear, NULL);

	if (st == NULL)
		return;
	db_bind_text(st, 1, key);
	(void)db_exec(st, NULL);
}

/*
** A hash at older settings (password.c) is replaced at its owner's next
** login, the only time the password is known. The login goes on whatever
** happens here: the old hash keeps verifying, so a failure is only logged.
** On its own, not in a transaction with the session: the session's INSERT
** runs alone too, and on PostgreSQL an error inside a transaction would
** abort the session's statement with it.
*/
static void
rehash_store(struct req *r, int64_t person_id, const char *old,
	const char *new_hash)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(r->db, &q_person_rehash, &e);

	if (st == NULL || db_bind_i64(st, 1, person_id) ||
	    db_bind_text(st, 2, new_hash) || db_bind_text(st, 3, old) ||
	    db_exec(st, &e) != DB_DONE)
		log_msg(LOG_WARN, "request %s: the password hash of person "
			"%lld not moved to the current settings (%s)", r->id,
			(long long)person_id, e.msg[0] ? e.msg : "cannot bind");
}

static int
reply_rate_limited(struct req *r, int64_t wait)
{
	req_add_header(r, "Retry-After", arena_printf(r->a, "%lld",
		(long long)wait));
	return reply_err(r, ERR_RATE, "too many failed logins, try again "
		"in %lld seconds", (long long)wait);
}

int
api_auth_login(struct req *r)
{
	json_t *body;
	const char *login, *pw, *key_login, *key_addr;
	char token[64], hex[65], csrf[64], hash[PASSWORD_HASH_MAX] = "";
	char rehash[PASSWORD_HASH_MAX] = "";
	struct auth a;
	struct db_stmt *st;
	int64_t wait;
	int rc;

	if ((body = req_json(r)) == NULL)
		return 0;
	if (jv_only(r, body, NULL, "login", "password", NULL) ||
	    jv_str(r, body, NULL, "login", JV_REQ, 1, 64, &login) ||
	    jv_str(r, body, NULL, "password", JV_REQ, 1, 256, &pw))
		return 0;
	if ((r->db = server_db(&r->err)) == NULL)
		return reply_error(r, NULL);
	key_login = arena_printf(r->a, "login:%s", login);
	key_addr = arena_printf(r->a, "addr:%s", r->client_addr);
	if ((wait = rate_wait(r, key_login, RATE_MAX_LOGIN)) != 0 ||
	    (wait = rate_wait(r, key_addr, RATE_MAX_ADDR)) != 0)
		return wait < 0 ? reply_error(r, NULL) :
			reply_rate_limited(r, wait);

	memset(&a, 0, sizeof(a));
	st = db_prep(r->db, &q_person_by_login, &r->err);
	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, login);
	rc = db_step(st, &r->err);
	if (rc < 0)
		return reply_error(r, NULL);
	if (rc == DB_ROW) {
		a.person_id = db_col_i64(st, 0);
		a.full_name = arena_strdup(r->a, db_col_text(st, 1));
		if (!db_col_null(st, 2))
			snprintf(hash, sizeof(hash), "%s", db_col_text(st, 2));
	}
	db_release(r->db);      /* no read snapshot held while hashing */
	if (hash[0] == '\0') {
		password_verify_dummy(pw);      /* same time as a real check */
		rc = -1;
	} else {
		rc = password_verify(hash, pw);
	}
	if (rc != 0) {
		rate_fail(r, key_login);
		rate_fail(r, key_addr);
		return reply_err(r, ERR_AUTH, "wrong login or password");
	}
	/* still holding no snapshot: hashed before the next statement */
	if (password_needs_rehash(hash) && password_hash(pw, rehash) != 0) {
		log_msg(LOG_WARN, "request %s: cannot hash the password of "
			"person %lld anew", r->id, (long long)a.person_id);
		rehash[0] = '\0';
	}
	rate_clear(r, key_login);
	if (rehash[0] != '\0')
		rehash_store(r, a.person_id, hash, rehash);

	auth_token_new(token, sizeof(token));
	auth_token_new(csrf, sizeof(csrf));
	auth_token_hash(token, hex);
	st = db_prep(r->db, &q_session_add, &r->err);
	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, hex);
	db_bind_i64(st, 2, a.person_id);
	db_bind_text(st, 3, csrf);
	db_bind_i64(st, 4, r->now);
	db_bind_i64(st, 5, r->now + SESSION_TTL_S);
	if (db_exec(st, &r->err) != DB_DONE)
		return reply_error(r, NULL);
	if (auth_load_grants(r, &a))
		return 0;

	req_add_header(r, "Set-Cookie", arena_printf(r->a,
		SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
		"Max-Age=%d", token, SESSION_TTL_S));
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "token", token);
	jw_kv_str(&r->out, "csrf_token", csrf);
	jw_key(&r->out, "user");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", a.person_id);
	jw_kv_str(&r->out, "full_name", a.full_name);
	jw_key(&r->out, "roles");
	auth_write_roles(r, &a);
	jw_obj_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

int
api_auth_logout(struct req *r)
{
	struct db_stmt *st;

	if (db_begin(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	if ((st = db_prep(r->db, &q_session_del, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, r->auth->token_hash);
	/* every server that keeps this person's sessions reads them again */
	if (db_exec(st, &r->err) != DB_DONE ||
	    revocation_add(r->db, r->auth->person_id, &r->err) != 0 ||
	    db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);
	req_add_header(r, "Set-Cookie", SESSION_COOKIE "=; Path=/; HttpOnly; "
		"SameSite=Strict; Max-Age=0");
	return reply_empty(r);
}
