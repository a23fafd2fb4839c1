/* test_pg.c: the PostgreSQL store: the cases of every store, then a lost
** connection and writers queueing across connections.
** Needs MEKTEP_TEST_PG: the libpq URL query of a throwaway server
** ("host=DIR&port=N&user=U", as scripts/pg.sh prints; make check sets it). */
#include "harness.h"
#include "db/db.h"
#include "core/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static char url[512];
static char admin_url[512];
static int ndb;

static int
admin(const char *sql)
{
	struct db *db;
	struct err e = { 0 };
	int rc;

	if (db_open(&db, admin_url, &e) != 0)
		return -1;
	rc = db_script(db, sql, &e);
	db_close(db);
	return rc;
}

static struct db *
fresh_db(void)
{
	const char *where = getenv("MEKTEP_TEST_PG");
	struct db *db;
	struct err e = { 0 };
	char sql[128];
	int applied = 0;

	log_threshold = -1;             /* the expected errors stay quiet */
	if (where == NULL || *where == '\0') {
		fprintf(stderr, "  MEKTEP_TEST_PG is not set: run under make "
			"check (scripts/with-pg.sh)\n");
		return NULL;
	}
	snprintf(admin_url, sizeof(admin_url), "postgresql:///postgres?%s",
		where);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS unit_%d_%d",
		(int)getpid(), ++ndb);
	if (admin(sql) != 0)
		return NULL;
	snprintf(sql, sizeof(sql), "CREATE DATABASE unit_%d_%d",
		(int)getpid(), ndb);
	if (admin(sql) != 0)
		return NULL;
	snprintf(url, sizeof(url), "postgresql:///unit_%d_%d?%s",
		(int)getpid(), ndb, where);
	if (db_open(&db, url, &e) != 0)
		return NULL;
	if (db_migrate(db, &applied, &e) != 0 || applied < 3) {
		db_close(db);
		return NULL;
	}
	return db;
}

static void
drop_db(struct db *db)
{
	char sql[128];

	db_close(db);
	snprintf(sql, sizeof(sql), "DROP DATABASE unit_%d_%d",
		(int)getpid(), ndb);
	admin(sql);
}

#include "db_cases.h"

static struct query q_pid = QUERY("SELECT pg_backend_pid()");
static struct query q_kill = QUERY("SELECT pg_terminate_backend(?1)");

/* Ends the backend pid from another connection. */
static void
kill_backend(int64_t pid)
{
	struct db *other;
	struct err e = { 0 };
	int64_t n = 0;

	CHECK_EQ_INT(db_open(&other, url, &e), 0);
	CHECK_EQ_INT(db_get_i64(other, &q_kill, &n, &e, 1, pid), 0);
	CHECK_EQ_INT(n, 1);
	db_close(other);
}

TEST(lost_connection_is_reconnected_or_unavailable)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	int64_t pid = 0, n = 0;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	CHECK_EQ_INT(db_get_i64(db, &q_pid, &pid, &e, 0), 0);
	db_release(db);
	kill_backend(pid);
	/* a read outside a transaction meets the dead connection: it
	** connects again and runs once more, on a new backend with its
	** statements prepared again */
	CHECK_EQ_INT(db_get_i64(db, &q_pid, &n, &e, 0), 0);
	CHECK(n != pid && n != 0);
	db_release(db);
	/* within a transaction nothing runs again: 503, not a crash */
	pid = n;
	CHECK_EQ_INT(db_begin(db, &e), 0);
	kill_backend(pid);
	e.code = 0;
	CHECK(db_get_i64(db, &q_pid, &n, &e, 0) == ERR_UNAVAIL);
	CHECK_EQ_INT(e.code, ERR_UNAVAIL);
	db_rollback(db);
	db_release(db);
	sleep(1);                       /* reconnects at most once a second */
	CHECK_EQ_INT(db_get_i64(db, &q_pid, &n, &e, 0), 0);
	CHECK(n != pid);
	db_release(db);
	drop_db(db);
}

static atomic_int first_committed, second_saw_commit;

static void *
second_writer(void *arg)
{
	struct db *db = NULL;
	struct err e = { 0 };

	(void)arg;
	if (db_open(&db, url, &e) != 0)
		return NULL;
	if (db_begin(db, &e) == 0) {
		atomic_store(&second_saw_commit, atomic_load(&first_committed));
		db_rollback(db);
	}
	db_close(db);
	return NULL;
}

TEST(writers_take_turns_across_connections)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	pthread_t t;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	atomic_store(&second_saw_commit, -1);
	CHECK_EQ_INT(db_begin(db, &e), 0);
	CHECK_EQ_INT(pthread_create(&t, NULL, second_writer, NULL), 0);
	usleep(300000);                 /* let the second writer queue */
	atomic_store(&first_committed, 1);
	CHECK_EQ_INT(db_commit(db, &e), 0);
	pthread_join(t, NULL);
	/* the second db_begin() returned only after the first committed */
	CHECK_EQ_INT(atomic_load(&second_saw_commit), 1);
	drop_db(db);
}

static struct query q_nmig = QUERY("SELECT count(*) FROM schema_migrations");

static void *
migrate_runner(void *arg)
{
	struct db *db = NULL;
	struct err e = { 0 };

	if (db_open(&db, url, &e) != 0 ||
	    db_migrate(db, (int *)arg, &e) != 0)
		*(int *)arg = -1;
	db_close(db);
	return NULL;
}

TEST(migrate_runners_take_turns)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	pthread_t t[3];
	int applied[3] = { 0 }, total = 0;
	int64_t n = 0;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	/* an empty database, three runners at once */
	CHECK_EQ_INT(db_script(db, "DROP SCHEMA public CASCADE; "
		"CREATE SCHEMA public", &e), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(pthread_create(&t[i], NULL, migrate_runner,
			&applied[i]), 0);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		CHECK(applied[i] >= 0);
		total += applied[i];
	}
	CHECK_EQ_INT(db_get_i64(db, &q_nmig, &n, &e, 0), 0);
	CHECK_EQ_INT(total, n);         /* each applied once, by one of them */
	CHECK(n >= 3);
	db_release(db);
	drop_db(db);
}

static struct query q_put = QUERY("INSERT INTO regions (name) VALUES (?1)");

/* n writes in bulk mode, the one numbered dup repeating the first */
static int
bulk_insert(struct db *db, int n, int dup, int64_t *seen, struct err *e)
{
	char name[32];
	int rc;

	db_bulk(db, true);
	if ((rc = db_begin(db, e)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		struct db_stmt *st = db_prep(db, &q_put, e);

		snprintf(name, sizeof(name), "region %d", i == dup ? 0 : i);
		if (st == NULL)
			return ERR_DB;
		db_bind_text(st, 1, name);
		if ((rc = db_exec(st, e)) != DB_DONE)
			return rc;
		if (i == n / 2 && (rc = db_get_i64(db, &q_count, seen, e,
		    0)) != 0)
			return rc;
	}
	rc = db_commit(db, e);
	db_bulk(db, false);
	db_release(db);
	return rc;
}

TEST(bulk_writes_keep_order_and_their_errors)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	int64_t seen = 0, n = 0;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	/* more than one batch; a read halfway sees every write before it */
	CHECK_EQ_INT(bulk_insert(db, 700, -1, &seen, &e), 0);
	CHECK_EQ_INT(seen, 351);
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 700);
	db_release(db);
	CHECK_EQ_INT(db_script(db, "DELETE FROM regions", &e), 0);
	/* a duplicate late in a batch: the error comes, nothing is kept */
	CHECK(bulk_insert(db, 600, 590, &seen, &e) == ERR_CONFLICT);
	db_rollback(db);
	db_bulk(db, false);
	db_release(db);
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 0);
	db_release(db);
	drop_db(db);
}

/* one region named name; the db_changes() of its INSERT into *changes */
static int
put_region(struct db *db, const char *name, int64_t *changes, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_put, e);
	int rc;

	if (st == NULL)
		return ERR_DB;
	db_bind_text(st, 1, name);
	rc = db_exec(st, e);
	*changes = db_changes(st);
	return rc;
}

TEST(pipeline_lasts_one_transaction)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	int64_t n = 0, changes = -1;

	if (db == NULL) {
		CHECK(db != NULL);
		return;
	}
	/* outside a transaction: nothing to pipeline */
	db_pipeline(db);
	CHECK_EQ_INT(put_region(db, "r0", &changes, &e), DB_DONE);
	CHECK_EQ_INT(changes, 1);
	db_release(db);
	/* inside: writes unanswered (changes 0), a read sees them */
	CHECK_EQ_INT(db_begin(db, &e), 0);
	db_pipeline(db);
	CHECK_EQ_INT(put_region(db, "r1", &changes, &e), DB_DONE);
	CHECK_EQ_INT(changes, 0);
	CHECK_EQ_INT(put_region(db, "r2", &changes, &e), DB_DONE);
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(db_commit(db, &e), 0);
	db_release(db);
	/* the next transaction is answered statement by statement */
	CHECK_EQ_INT(db_begin(db, &e), 0);
	CHECK_EQ_INT(put_region(db, "r3", &changes, &e), DB_DONE);
	CHECK_EQ_INT(changes, 1);
	CHECK_EQ_INT(db_commit(db, &e), 0);
	db_release(db);
	/* a duplicate in a pipeline fails the commit; none of it is kept */
	CHECK_EQ_INT(db_begin(db, &e), 0);
	db_pipeline(db);
	CHECK_EQ_INT(put_region(db, "r4", &changes, &e), DB_DONE);
	CHECK_EQ_INT(put_region(db, "r1", &changes, &e), DB_DONE);
	CHECK(db_commit(db, &e) == ERR_CONFLICT);
	CHECK(!db_in_tx(db));
	db_release(db);
	CHECK_EQ_INT(db_get_i64(db, &q_count, &n, &e, 0), 0);
	CHECK_EQ_INT(n, 4);
	db_release(db);
	drop_db(db);
}

HARNESS_MAIN(DB_CASES, lost_connection_is_reconnected_or_unavailable,
	writers_take_turns_across_connections, migrate_runners_take_turns,
	bulk_writes_keep_order_and_their_errors, pipeline_lasts_one_transaction)
