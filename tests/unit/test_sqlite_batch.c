/* test_sqlite_batch.c: the server's writes sharing one SQLite transaction
** (db/sqlite_batch.h): nothing is seen by others before its batch is
** committed, nothing acknowledged is missing after, and one request's
** rollback or a failed commit is kept to what it should take down. */
#include "harness.h"
#include "tmpdb.h"

static struct query q_put = QUERY(
	"INSERT INTO meta (key, value) VALUES (?1, 'batch')");
static struct query q_has = QUERY(
	"SELECT count(*) FROM meta WHERE key = ?1");
static struct query q_child = QUERY(
	"INSERT INTO t_child (parent) VALUES (999)");

static int lost_calls;

static void
on_lost(void)
{
	lost_calls++;
}

/* one request of a worker on db: key written in a transaction (or, when
** in_tx is false, by a single statement), committed or not; the wait it
** leaves, false when it leaves none */
static bool
request(struct db *db, const char *key, bool in_tx, bool commit,
	struct db_sync *s)
{
	struct err e = { 0 };
	struct db_stmt *st;
	bool ok;

	db_sync_defer(true);
	if (in_tx && db_begin(db, &e) != 0)
		return false;
	st = db_prep(db, &q_put, &e);
	ok = st != NULL && db_bind_text(st, 1, key) == 0 &&
		db_exec(st, &e) == DB_DONE;
	if (in_tx) {
		if (ok && commit)
			ok = db_commit(db, &e) == 0;
		else
			db_rollback(db);
	}
	/* its own writes stay in sight until the request ends */
	if (ok && commit && num(db, &q_has, key, NULL) != 1)
		ok = false;
	db_request_end(db);
	ok = db_sync_take(s) && ok;
	db_sync_defer(false);
	return ok;
}

/* A migrated file, a worker's connection on it, the window set. */
static int
case_open(struct tmpdb *t, struct db **a, int window_ms)
{
	struct err e = { 0 };

	if (tmpdb_open(t) != 0 || db_open(a, t->path, &e) != 0)
		return -1;
	db_commit_window(window_ms);
	return 0;
}

static void
case_close(struct tmpdb *t, struct db *a)
{
	db_batches_end();
	db_commit_window(-1);
	db_close(a);
	tmpdb_close(t);
}

TEST(shared_transaction_shows_nothing_before_its_commit)
{
	struct tmpdb t;
	struct db *a, *b;
	struct db_sync s1, s2, s3;
	struct err e = { 0 };

	CHECK(case_open(&t, &a, 60000) == 0);   /* until set to 0 below */
	CHECK(db_open(&b, t.path, &e) == 0);
	CHECK(request(a, "k1", true, true, &s1));
	CHECK(request(b, "k2", false, true, &s2));
	CHECK(s1.batch != NULL && s1.batch_id == s2.batch_id);
	/* rolled back: its savepoint only, the batch goes on */
	CHECK(request(b, "k3", true, false, &s3));
	CHECK(s3.batch_id == s1.batch_id);
	CHECK_EQ_INT(num(t.db, &q_has, "k1", NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_has, "k2", NULL), 0);
	CHECK(!db_sync_done(&s1));
	db_commit_window(0);            /* the window is over */
	CHECK_EQ_INT(db_sync_wait(&s1), 0);
	CHECK(db_sync_done(&s2));
	CHECK_EQ_INT(num(t.db, &q_has, "k1", NULL), 1);
	CHECK_EQ_INT(num(t.db, &q_has, "k2", NULL), 1);
	CHECK_EQ_INT(num(t.db, &q_has, "k3", NULL), 0);
	/* the next request opens the next batch */
	CHECK(request(a, "k4", true, true, &s1));
	CHECK(s1.batch_id == s2.batch_id + 1);
	CHECK_EQ_INT(db_sync_wait(&s1), 0);
	CHECK_EQ_INT(num(t.db, &q_has, "k4", NULL), 1);
	db_close(b);
	case_close(&t, a);
}

TEST(another_writer_commits_the_open_batch_first)
{
	struct tmpdb t;
	struct db *a;
	struct db_sync s;
	struct err e = { 0 };

	CHECK(case_open(&t, &a, 60000) == 0);
	CHECK(request(a, "w1", true, true, &s));
	CHECK_EQ_INT(num(t.db, &q_has, "w1", NULL), 0);
	/* a writer that does not defer (a tool, the views' flusher) */
	CHECK_EQ_INT(db_begin(t.db, &e), 0);
	CHECK_EQ_INT(num(t.db, &q_has, "w1", NULL), 1);
	db_rollback(t.db);
	CHECK_EQ_INT(db_sync_wait(&s), 0);
	CHECK_EQ_INT(num(t.db, &q_has, "w1", NULL), 1);
	case_close(&t, a);
}

TEST(a_window_over_commits_without_anyone_else)
{
	struct tmpdb t;
	struct db *a;
	struct db_sync s;

	CHECK(case_open(&t, &a, 1) == 0);
	CHECK(request(a, "t1", true, true, &s));
	CHECK_EQ_INT(db_sync_wait(&s), 0);
	CHECK(db_sync_done(&s));
	CHECK_EQ_INT(num(t.db, &q_has, "t1", NULL), 1);
	case_close(&t, a);
}

/* A COMMIT that fails (here a deferred foreign key, checked only then)
** fails every request of the batch, and nothing of it stays. */
TEST(a_failed_commit_fails_the_whole_batch)
{
	struct tmpdb t;
	struct db *a;
	struct db_sync s1, s2;
	struct db_stmt *st;
	struct err e = { 0 };

	CHECK(case_open(&t, &a, 60000) == 0);
	log_threshold = -1;             /* the expected errors stay quiet */
	CHECK_EQ_INT(db_script(t.db, "CREATE TABLE t_parent (id INTEGER "
		"PRIMARY KEY); CREATE TABLE t_child (parent INTEGER "
		"REFERENCES t_parent (id) DEFERRABLE INITIALLY DEFERRED);",
		&e), 0);
	db_on_batch_lost(on_lost);
	CHECK(request(a, "f1", true, true, &s1));
	db_sync_defer(true);
	CHECK_EQ_INT(db_begin(a, &e), 0);
	st = db_prep(a, &q_child, &e);
	CHECK(st != NULL && db_exec(st, &e) == DB_DONE);
	CHECK_EQ_INT(db_commit(a, &e), 0);      /* a savepoint: not checked */
	db_request_end(a);
	CHECK(db_sync_take(&s2) && s2.batch_id == s1.batch_id);
	db_sync_defer(false);
	db_commit_window(0);
	CHECK_EQ_INT(db_sync_wait(&s1), -1);
	CHECK_EQ_INT(db_sync_wait(&s2), -1);
	CHECK(!db_sync_done(&s1));
	CHECK_EQ_INT(lost_calls, 1);
	CHECK_EQ_INT(num(t.db, &q_has, "f1", NULL), 0);
	/* the next batch is a fresh one */
	CHECK(request(a, "f2", true, true, &s1));
	CHECK_EQ_INT(db_sync_wait(&s1), 0);
	CHECK_EQ_INT(num(t.db, &q_has, "f2", NULL), 1);
	db_on_batch_lost(NULL);
	case_close(&t, a);
}

HARNESS_MAIN(shared_transaction_shows_nothing_before_its_commit,
	another_writer_commits_the_open_batch_first,
	a_window_over_commits_without_anyone_else,
	a_failed_commit_fails_the_whole_batch)
