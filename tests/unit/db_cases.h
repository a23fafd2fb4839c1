/* db_cases.h: the store tests that hold for every store; included by
** test_db.c (SQLite) and test_pg.c (PostgreSQL), each of which defines
** fresh_db() (a new, migrated database) and drop_db() first. */
#ifndef MK_DB_CASES_H
#define MK_DB_CASES_H

#include "auth/revocations.h"
#include "auth/session_cache.h"
#include "core/arena.h"

static struct query q_add = QUERY(
	"INSERT INTO regions (name) VALUES (?1) RETURNING id");
static struct query q_count = QUERY("SELECT count(*) FROM regions");
static struct query q_name = QUERY("SELECT name FROM regions WHERE id = ?1");

TEST(migrations_run_once)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	int applied = -1;

	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK_EQ_INT(db_migrate(db, &applied, &e), 0);
	CHECK_EQ_INT(applied, 0);
	drop_db(db);
}

TEST(insert_returning_then_commit)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	struct db_stmt *st;
	int64_t n = 0;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	CHECK_EQ_INT(db_begin(db, &e), 0);
	st = db_prep(db, &q_add, &e);
	db_bind_text(st, 1, "Абай облысы");
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	CHECK(db_col_i64(st, 0) > 0);
	/* RETURNING read once, statement unfinished: COMMIT must still work */
	CHECK_EQ_INT(db_commit(db, &e), 0);
	db_release(db);
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 1);
	st = db_prep(db, &q_name, &e);
	db_bind_i64(st, 1, 1);
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	CHECK_EQ_STR(db_col_text(st, 0), "Абай облысы");
	db_release(db);
	drop_db(db);
}

TEST(unique_violation_is_conflict_and_rollback_undoes)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	struct db_stmt *st;
	int64_t n = 0;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	CHECK_EQ_INT(db_begin(db, &e), 0);
	for (int i = 0; i < 2; i++) {
		st = db_prep(db, &q_add, &e);
		db_bind_text(st, 1, "same");
		if (i == 0)
			CHECK_EQ_INT(db_step(st, &e), DB_ROW);
		else
			CHECK_EQ_INT(db_step(st, &e), ERR_CONFLICT);
	}
	db_rollback(db);
	db_release(db);
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 0);
	CHECK(!db_in_tx(db));
	drop_db(db);
}

TEST(release_rolls_back_a_forgotten_transaction)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	struct db_stmt *st;
	int64_t n = -1;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	CHECK_EQ_INT(db_begin(db, &e), 0);
	st = db_prep(db, &q_add, &e);
	db_bind_text(st, 1, "forgotten");
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	db_release(db);                 /* the request ended without commit */
	CHECK(!db_in_tx(db));
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 0);
	drop_db(db);
}

TEST(bad_sql_is_an_error_not_a_crash)
{
	static struct query q_bad = QUERY("SELECT nope FROM nowhere");
	struct db *db = fresh_db();
	struct err e = { 0 };

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	CHECK(db_prep(db, &q_bad, &e) == NULL);
	CHECK_EQ_INT(e.code, ERR_DB);
	CHECK_EQ_STR(e.msg, "database error");  /* no SQL text to clients */
	drop_db(db);
}

static struct query q_bool = QUERY("SELECT 1 = 1, 1 = 2, NULL, 2.5");

TEST(columns_read_alike)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	struct db_stmt *st;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	st = db_prep(db, &q_bool, &e);
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	CHECK_EQ_INT(db_col_i64(st, 0), 1);     /* a boolean is 1 or 0 */
	CHECK_EQ_INT(db_col_i64(st, 1), 0);
	CHECK(db_col_null(st, 2));
	CHECK(db_col_text(st, 2) == NULL);
	CHECK(!db_col_null(st, 3));
	CHECK(db_col_f64(st, 3) == 2.5);
	CHECK_EQ_INT(db_step(st, &e), DB_DONE);
	db_release(db);
	drop_db(db);
}

static struct query q_auth_rev = QUERY(
	"SELECT n FROM auth_revision WHERE id = 1");
static struct query q_meta = QUERY(
	"INSERT INTO meta (key, value) VALUES ('t', 'x') "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value");

static int64_t
auth_rev(struct db *db)
{
	struct err e = { 0 };
	int64_t n = -1;

	(void)db_get_i64(db, &q_auth_rev, &n, &e, 0);
	return n;
}

/* A region added in a transaction raises the auth revision with it; a
** rolled-back one and a write elsewhere do not; one written outside a
** transaction raises it once released (grants_cache.h). */
TEST(auth_revision_follows_grant_writes)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	struct db_stmt *st;
	int64_t n0;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	n0 = auth_rev(db);
	CHECK(n0 >= 0);
	CHECK_EQ_INT(db_begin(db, &e), 0);
	st = db_prep(db, &q_add, &e);
	db_bind_text(st, 1, "Abai");
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	CHECK_EQ_INT(db_commit(db, &e), 0);
	db_release(db);
	CHECK_EQ_INT(auth_rev(db), n0 + 1);

	CHECK_EQ_INT(db_begin(db, &e), 0);
	st = db_prep(db, &q_add, &e);
	db_bind_text(st, 1, "Ulytau");
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	db_rollback(db);
	db_release(db);
	CHECK_EQ_INT(auth_rev(db), n0 + 1);

	CHECK_EQ_INT(db_begin(db, &e), 0);
	CHECK_EQ_INT(db_exec(db_prep(db, &q_meta, &e), &e), 0);
	CHECK_EQ_INT(db_commit(db, &e), 0);
	db_release(db);
	CHECK_EQ_INT(auth_rev(db), n0 + 1);

	st = db_prep(db, &q_add, &e);
	db_bind_text(st, 1, "Zhetisu");
	CHECK_EQ_INT(db_step(st, &e), DB_ROW);
	db_release(db);
	CHECK_EQ_INT(auth_rev(db), n0 + 2);
	db_release(db);
	drop_db(db);
}

static struct query q_rev_ns = QUERY(
	"SELECT n, s FROM auth_revision WHERE id = 1");

static void
read_rev(struct db *db, int64_t rev[2])
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(db, &q_rev_ns, &e);

	rev[0] = rev[1] = -1;
	if (st != NULL && db_step(st, &e) == DB_ROW) {
		rev[0] = db_col_i64(st, 0);
		rev[1] = db_col_i64(st, 1);
	}
	db_release(db);
}

static const struct auth *
session_of(struct auth *a, int64_t person, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->person_id = person;
	a->full_name = name;
	a->csrf = "csrf-of-the-session";
	return a;
}

#define H1 "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
#define H2 "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"

/* Whether the session of hash h is given at revision rev (now 0). */
static bool
kept(struct db *db, struct arena *ar, const char *h, const int64_t rev[2],
	struct auth *got)
{
	int64_t exp = 0;
	bool hit;

	memset(got, 0, sizeof(*got));
	hit = session_cache_get(db, ar, h, rev[0], rev[1], 0, got, &exp);
	db_release(db);
	return hit;
}

TEST(kept_sessions_follow_revocations)
{
	struct db *db = fresh_db();
	struct arena *ar = arena_new();
	struct err e = { 0 };
	struct auth a, got;
	int64_t rev[2], old[2], newer[2], exp = 0;
	const int64_t until = INT64_C(4000000000);

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	session_cache_clear();
	read_rev(db, rev);
	CHECK(rev[0] >= 0 && rev[1] >= 0);
	CHECK(!kept(db, ar, H1, rev, &got));
	session_cache_put(H1, rev[0], rev[1], session_of(&a, 7, "Айгүл"),
		until);
	session_cache_put(H2, rev[0], rev[1], session_of(&a, 8, "Бауыржан"),
		until);
	CHECK(kept(db, ar, H1, rev, &got));
	CHECK_EQ_INT(got.person_id, 7);
	CHECK_EQ_STR(got.full_name, "Айгүл");
	CHECK_EQ_STR(got.csrf, "csrf-of-the-session");
	/* past its expiry a kept session is not given */
	CHECK(!session_cache_get(db, ar, H1, rev[0], rev[1], until, &got,
		&exp));
	db_release(db);

	/* person 7's sessions revoked: forgotten; person 8's still kept */
	old[0] = rev[0];
	old[1] = rev[1];
	CHECK_EQ_INT(db_begin(db, &e), 0);
	CHECK_EQ_INT(revocation_add(db, 7, &e), 0);
	CHECK_EQ_INT(db_commit(db, &e), 0);
	db_release(db);
	read_rev(db, rev);
	CHECK_EQ_INT(rev[0], old[0]);
	CHECK_EQ_INT(rev[1], old[1] + 1);
	CHECK(!kept(db, ar, H1, rev, &got));
	CHECK(kept(db, ar, H2, rev, &got));
	CHECK_EQ_INT(got.person_id, 8);

	/* a read older than the cache neither takes nor keeps anything */
	CHECK(!kept(db, ar, H2, old, &got));
	session_cache_put(H1, old[0], old[1], session_of(&a, 7, "Айгүл"),
		until);
	CHECK(!kept(db, ar, H1, rev, &got));
	/* read again at the cache's revision, it is kept again */
	session_cache_put(H1, rev[0], rev[1], session_of(&a, 7, "Айгүл"),
		until);
	CHECK(kept(db, ar, H1, rev, &got));

	/* a new auth revision (grants or people changed) forgets all */
	newer[0] = rev[0] + 1;
	newer[1] = rev[1];
	CHECK(!kept(db, ar, H2, newer, &got));
	CHECK(!kept(db, ar, H1, newer, &got));
	session_cache_clear();
	arena_free(ar);
	drop_db(db);
}

#define DB_CASES migrations_run_once, insert_returning_then_commit, \
	unique_violation_is_conflict_and_rollback_undoes, \
	release_rolls_back_a_forgotten_transaction, \
	bad_sql_is_an_error_not_a_crash, columns_read_alike, \
	auth_revision_follows_grant_writes, kept_sessions_follow_revocations

#endif
