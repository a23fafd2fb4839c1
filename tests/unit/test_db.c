/* test_db.c: the SQLite store: migrations, statements, transactions */
#include "harness.h"
#include "db/db.h"
#include "core/log.h"
#include "db/sqlite_sync.h"

#include <pthread.h>

#include <unistd.h>

static char path[64];

static struct db *
fresh_db(void)
{
	struct db *db;
	struct err e = { 0 };
	int applied = 0;

	log_threshold = -1;             /* the expected errors stay quiet */
	snprintf(path, sizeof(path), "/tmp/mektep-test-db-%d.db", getpid());
	unlink(path);
	if (db_open(&db, path, &e) != 0)
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
	char side[80];

	db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

#include "db_cases.h"

/* a database URL as logs show it: no password */
TEST(url_shown_without_password)
{
	char b[128];

	CHECK_EQ_STR(db_url_shown("mektep.db", b, sizeof(b)), "mektep.db");
	CHECK_EQ_STR(db_url_shown("postgresql://app:s3cret@db:5432/mk", b,
		sizeof(b)), "postgresql://app:***@db:5432/mk");
	CHECK_EQ_STR(db_url_shown("postgresql://app@db/mk?password=x1&"
		"sslmode=require", b, sizeof(b)),
		"postgresql://app@db/mk?password=***&sslmode=require");
	CHECK_EQ_STR(db_url_shown("host=db password=x user=app", b,
		sizeof(b)), "host=db password=*** user=app");
	CHECK_EQ_STR(db_url_shown("/srv/old_password=db/m.db", b,
		sizeof(b)), "/srv/old_password=db/m.db");
	CHECK_EQ_STR(db_url_shown("postgresql://u:p@h/d", b, 12),
		"postgresql:");
}

/* writers on their own connections share syncs and lose nothing */
#define GC_THREADS 4
#define GC_TX 50

static struct query q_gc_put = QUERY(
	"INSERT INTO meta (key, value) VALUES (?1, 'gc')");
static struct query q_gc_count = QUERY(
	"SELECT count(*) FROM meta WHERE value = 'gc'");

static void *
gc_writer(void *arg)
{
	struct db *db;
	struct err e = { 0 };
	intptr_t t = (intptr_t)arg, ok = 0;

	if (db_open(&db, path, &e) != 0)
		return (void *)0;
	for (int i = 0; i < GC_TX; i++) {
		struct db_stmt *st;
		char key[32];

		snprintf(key, sizeof(key), "gc-%d-%d", (int)t, i);
		if (db_begin(db, &e) != 0)
			break;
		st = db_prep(db, &q_gc_put, &e);
		db_bind_text(st, 1, key);
		if (db_exec(st, &e) != DB_DONE || db_commit(db, &e) != 0) {
			db_rollback(db);
			break;
		}
		ok++;
	}
	db_close(db);
	return (void *)ok;
}

TEST(group_commit_keeps_every_writer)
{
	struct db *db = fresh_db();
	pthread_t th[GC_THREADS];
	struct db_stmt *st;
	struct err e = { 0 };
	intptr_t done = 0;

	CHECK(db != NULL);
	for (intptr_t t = 0; t < GC_THREADS; t++)
		CHECK(pthread_create(&th[t], NULL, gc_writer, (void *)t) == 0);
	for (int t = 0; t < GC_THREADS; t++) {
		void *ok;

		pthread_join(th[t], &ok);
		done += (intptr_t)ok;
	}
	CHECK_EQ_INT(done, GC_THREADS * GC_TX);
	st = db_prep(db, &q_gc_count, &e);
	CHECK(st != NULL && db_step(st, &e) == DB_ROW);
	CHECK_EQ_INT(db_col_i64(st, 0), GC_THREADS * GC_TX);
	db_release(db);
	/* a file without a WAL has nothing to sync */
	CHECK_EQ_INT(walsync_wait(walsync_of("/nonexistent/x.db"),
		walsync_ticket(walsync_of("/nonexistent/x.db"))), 0);
	drop_db(db);
}

HARNESS_MAIN(DB_CASES, url_shown_without_password,
	group_commit_keeps_every_writer)
