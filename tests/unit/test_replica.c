/* test_replica.c: read replicas: where reads go, a replica's lag, the URL
** list, and db_pair() sending statements to one side or the other */
#include "harness.h"
#include "db/db.h"
#include "db/replica.h"
#include "core/log.h"

#include <unistd.h>

#define MAX_LAG 5000
#define NOW 1700000000000           /* ms since the epoch */

TEST(writes_read_from_the_primary)
{
	/* PUT, POST, ...: never the replica, however old the last write */
	CHECK_EQ_INT(replica_route(false, NOW, 0, 0, MAX_LAG),
		DB_READS_PRIMARY);
	CHECK_EQ_INT(replica_route(true, NOW, 0, 0, MAX_LAG),
		DB_READS_REPLICA);
}

TEST(lag_unknown_or_too_large_means_primary)
{
	CHECK_EQ_INT(replica_route(true, NOW, 0, -1, MAX_LAG),
		DB_READS_PRIMARY);
	CHECK_EQ_INT(replica_route(true, NOW, 0, MAX_LAG + 1, MAX_LAG),
		DB_READS_PRIMARY);
	CHECK_EQ_INT(replica_route(true, NOW, 0, MAX_LAG, MAX_LAG),
		DB_READS_REPLICA);
}

TEST(a_session_that_wrote_reads_its_writes)
{
	int64_t lag = 300;

	/* wrote just now, or within the lag and margin: the primary */
	CHECK_EQ_INT(replica_route(true, NOW, NOW, lag, MAX_LAG),
		DB_READS_PRIMARY);
	CHECK_EQ_INT(replica_route(true, NOW, NOW - lag, lag, MAX_LAG),
		DB_READS_PRIMARY);
	CHECK_EQ_INT(replica_route(true, NOW,
		NOW - lag - REPLICA_MARGIN_MS, lag, MAX_LAG),
		DB_READS_PRIMARY);
	/* longer ago than that: the replica holds the write */
	CHECK_EQ_INT(replica_route(true, NOW,
		NOW - lag - REPLICA_MARGIN_MS - 1, lag, MAX_LAG),
		DB_READS_REPLICA);
	/* a clock ahead on the server that wrote: the primary */
	CHECK_EQ_INT(replica_route(true, NOW, NOW + 60000, lag, MAX_LAG),
		DB_READS_PRIMARY);
	/* even a session that never wrote waits out a lag over the bound */
	CHECK_EQ_INT(replica_route(true, NOW, 0, MAX_LAG * 2, MAX_LAG),
		DB_READS_PRIMARY);
}

TEST(lag_from_a_sample)
{
	/* caught up: nothing missing, however old its last commit */
	CHECK_EQ_INT(replica_lag_ms(true, 3600000, -1), 0);
	/* behind: the smaller upper bound; a long-idle primary's old last
	** commit is outdone by "caught up half a second ago" */
	CHECK_EQ_INT(replica_lag_ms(false, 3600000, 500), 500);
	CHECK_EQ_INT(replica_lag_ms(false, 40, 500), 40);
	CHECK_EQ_INT(replica_lag_ms(false, 40, -1), 40);
	CHECK_EQ_INT(replica_lag_ms(false, -1, 700), 700);
	/* never caught up, no commit replayed: not known */
	CHECK_EQ_INT(replica_lag_ms(false, -1, -1), -1);
}

TEST(url_list_split_at_each_url)
{
	const char *u[4];
	char a[] = "postgresql://r1/mk,postgres://r2/mk";
	char b[] = "postgresql://h1:5432,h2:5432/mk?target_session_attrs=any,"
		"postgresql://r3/mk";
	char c[] = "postgresql://r1/mk,";
	char d[] = "postgresql://a/x,postgresql://b/x,postgresql://c/x";

	CHECK_EQ_INT(replica_split_urls(a, u, 4), 2);
	CHECK_EQ_STR(u[0], "postgresql://r1/mk");
	CHECK_EQ_STR(u[1], "postgres://r2/mk");
	/* the hosts of a multi-host URL stay together */
	CHECK_EQ_INT(replica_split_urls(b, u, 4), 2);
	CHECK_EQ_STR(u[0], "postgresql://h1:5432,h2:5432/mk?"
		"target_session_attrs=any");
	CHECK_EQ_STR(u[1], "postgresql://r3/mk");
	CHECK_EQ_INT(replica_split_urls(c, u, 4), 1);
	CHECK_EQ_STR(u[0], "postgresql://r1/mk,");
	CHECK_EQ_INT(replica_split_urls(d, u, 2), -1);
}

/* two SQLite files stand for a primary and its replica: each one's t
** holds its own name, so a read shows which side answered */
static char paths[2][80];

static struct db *
side(int i, const char *name)
{
	struct db *db;
	struct err e = { 0 };
	char sql[128];

	snprintf(paths[i], sizeof(paths[i]), "/tmp/mektep-test-replica-%d-%d"
		".db", getpid(), i);
	unlink(paths[i]);
	if (db_open(&db, paths[i], &e) != 0)
		return NULL;
	snprintf(sql, sizeof(sql), "CREATE TABLE t (v TEXT); "
		"INSERT INTO t VALUES ('%s')", name);
	if (db_script(db, sql, &e) != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

static void
side_drop(struct db *db, int i)
{
	static const char *const ext[] = { "", "-wal", "-shm" };

	db_close(db);
	for (size_t k = 0; k < ARRAY_SIZE(ext); k++) {
		char p[96];

		snprintf(p, sizeof(p), "%s%s", paths[i], ext[k]);
		unlink(p);
	}
}

static struct query q_which = QUERY("SELECT v FROM t ORDER BY rowid "
	"LIMIT 1");
static struct query q_count = QUERY("  select count(*) FROM t");
static struct query q_add = QUERY("INSERT INTO t VALUES (?1)");

/* which side the statement went to, by what it read */
static const char *
which(struct db *db)
{
	static char v[16];
	struct db_stmt *st = db_prep(db, &q_which, NULL);

	if (st == NULL || db_step(st, NULL) != DB_ROW)
		return "(none)";
	snprintf(v, sizeof(v), "%s", db_col_text(st, 0));
	return v;
}

static int64_t
count(struct db *db)
{
	int64_t n = -1;

	db_get_i64(db, &q_count, &n, NULL, 0);
	return n;
}

TEST(pair_sends_reads_where_asked)
{
	struct db *p = side(0, "primary"), *r = side(1, "replica");
	struct db_stmt *st;
	uint64_t fell = db_read_fallbacks();

	log_threshold = -1;
	CHECK(p != NULL && r != NULL);
	if (p == NULL || r == NULL)
		return;
	CHECK_EQ_STR(which(p), "primary");
	db_pair(p, r, DB_READS_REPLICA);
	CHECK_EQ_STR(which(p), "replica");
	/* lower case and leading blanks are a read too */
	CHECK_EQ_INT(count(p), 1);
	/* a write goes to the primary, even outside a transaction */
	st = db_prep(p, &q_add, NULL);
	CHECK(st != NULL && db_bind_text(st, 1, "x") == 0 &&
		db_exec(st, NULL) == DB_DONE);
	CHECK_EQ_INT(count(r), 1);
	/* inside a write transaction every read is the primary's */
	CHECK_EQ_INT(db_begin(p, NULL), 0);
	CHECK_EQ_STR(which(p), "primary");
	CHECK_EQ_INT(count(p), 2);
	CHECK_EQ_INT(db_commit(p, NULL), 0);
	/* a read snapshot is taken on the replica and ended through p */
	CHECK_EQ_INT(db_begin_read(p, NULL), 0);
	CHECK(db_in_tx(p));
	CHECK(db_in_tx(r));
	CHECK_EQ_STR(which(p), "replica");
	CHECK_EQ_INT(db_commit(p, NULL), 0);
	CHECK(!db_in_tx(p));
	/* fallback order: the primary first; primary only */
	db_reads(p, DB_READS_FALLBACK);
	CHECK_EQ_STR(which(p), "primary");
	db_reads(p, DB_READS_REPLICA);
	CHECK_EQ_STR(which(p), "replica");
	db_reads(p, DB_READS_PRIMARY);
	CHECK_EQ_STR(which(p), "primary");
	/* the end of the request unpairs */
	db_reads(p, DB_READS_REPLICA);
	db_release(p);
	CHECK_EQ_STR(which(p), "primary");
	db_reads(p, DB_READS_REPLICA);  /* unpaired: nothing to change */
	CHECK_EQ_STR(which(p), "primary");
	db_release(p);
	/* no replica: everything on the primary */
	db_pair(p, NULL, DB_READS_REPLICA);
	CHECK_EQ_STR(which(p), "primary");
	db_release(p);
	CHECK_EQ_INT(db_read_fallbacks(), fell);
	side_drop(p, 0);
	side_drop(r, 1);
}

TEST(writes_outside_a_transaction_are_noticed)
{
	struct db *p = side(0, "primary");
	struct db_stmt *st;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	db_release(p);
	CHECK_EQ_STR(which(p), "primary");
	CHECK(!db_wrote_outside_tx());          /* a read */
	CHECK_EQ_INT(db_begin(p, NULL), 0);
	st = db_prep(p, &q_add, NULL);
	CHECK(st != NULL && db_bind_text(st, 1, "in") == 0 &&
		db_exec(st, NULL) == DB_DONE);
	CHECK_EQ_INT(db_commit(p, NULL), 0);
	CHECK(!db_wrote_outside_tx());          /* the commit hook's case */
	st = db_prep(p, &q_add, NULL);
	CHECK(st != NULL && db_bind_text(st, 1, "out") == 0 &&
		db_exec(st, NULL) == DB_DONE);
	CHECK(db_wrote_outside_tx());
	db_release(p);
	CHECK(!db_wrote_outside_tx());          /* the next request's own */
	CHECK_EQ_INT(count(p), 3);
	db_release(p);
	side_drop(p, 0);
}

HARNESS_MAIN(writes_read_from_the_primary,
	lag_unknown_or_too_large_means_primary,
	a_session_that_wrote_reads_its_writes, lag_from_a_sample,
	url_list_split_at_each_url, pair_sends_reads_where_asked,
	writes_outside_a_transaction_are_noticed)
