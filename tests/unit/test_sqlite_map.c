/* test_sqlite_map.c: pages read from the process's shared map of the file
** (db/sqlite_map.h) are the file's pages, whoever wrote them: this
** process, or another one growing the file or shrinking it (VACUUM). The
** other process is played by a connection through SQLite's own "unix"
** VFS, which knows nothing of the map. */
#include "harness.h"
#include "tmpdb.h"
#include "db/sqlite_map.h"

#include <sqlite3.h>
#include <sys/stat.h>

static struct query q_rows = QUERY(
	"SELECT count(*) * 1000000 + COALESCE(sum(v), 0) FROM t_map");
static struct query q_ok = QUERY(
	"SELECT count(*) FROM pragma_integrity_check "
	"WHERE integrity_check = 'ok'");
static struct query q_add = QUERY(
	"WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 "
	"FROM s WHERE value < 1000) "
	"INSERT INTO t_map (v, pad) SELECT value, randomblob(600) FROM s");

/* The other process: its own connection, not through the map. */
static sqlite3 *
outsider(const char *path)
{
	sqlite3 *h = NULL;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, "unix") !=
	    SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(h, 5000);
	return h;
}

static int
run(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fprintf(stderr, "  %s: %s\n", sql, msg ? msg : "?");
	sqlite3_free(msg);
	return rc;
}

/* 1,000 more rows of v = 1..1000 through this process's connection */
static bool
add_rows(struct db *db)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(db, &q_add, &e);
	bool ok = st != NULL && db_exec(st, &e) == DB_DONE;

	db_release(db);
	return ok;
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

/* 3,000 rows of v = 1..3000 and 600 bytes each, made by the outsider and
** checkpointed into the file: pages past what this process knows of it */
static int
outsider_fills(sqlite3 *h)
{
	if (run(h, "CREATE TABLE IF NOT EXISTS t_map (id INTEGER PRIMARY "
	    "KEY, v INTEGER, pad BLOB)") != SQLITE_OK)
		return -1;
	for (int i = 0; i < 3; i++)
		if (run(h, "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL "
		    "SELECT value + 1 FROM s WHERE value < 1000) "
		    "INSERT INTO t_map (v, pad) SELECT value + 1000 * "
		    "(SELECT count(*) / 1000 FROM t_map), randomblob(600) "
		    "FROM s") != SQLITE_OK)
			return -1;
	return run(h, "PRAGMA wal_checkpoint(TRUNCATE)") == SQLITE_OK ? 0 : -1;
}

TEST(pages_come_from_the_map_and_follow_another_process)
{
	struct tmpdb t;
	sqlite3 *h;
	uint64_t m0, p0, m1, p1;
	off_t before;

	sq_map_counts(&m0, &p0);
	if (tmpdb_open(&t) != 0 || (h = outsider(t.path)) == NULL) {
		CHECK(!"opened");
		return;
	}
	CHECK(sq_map_on());
	/* this process reads the file: its map is made, and sized */
	CHECK_EQ_INT(num(t.db, &q_ok, NULL, NULL), 1);
	before = file_size(t.path);
	CHECK(outsider_fills(h) == 0);
	CHECK(file_size(t.path) > before + 1000000);
	/* 3,000 rows, sum 1..3000 = 4,501,500: what the outsider wrote */
	CHECK_EQ_INT(num(t.db, &q_rows, NULL, NULL),
		3000 * 1000000LL + 4501500);
	CHECK_EQ_INT(num(t.db, &q_ok, NULL, NULL), 1);
	/* and this process's own writes, seen by the outsider */
	CHECK(add_rows(t.db));
	CHECK(run(h, "SELECT 1 FROM t_map") == SQLITE_OK);
	sqlite3_close(h);
	tmpdb_close(&t);
	sq_map_counts(&m1, &p1);
	/* pages came from the map, and the outsider's, past the end this
	** process knew, went to pread first */
	CHECK(m1 - m0 > 1000);
	CHECK(p1 - p0 > 0);
}

TEST(a_file_shrunk_by_another_process_is_read_without_a_fault)
{
	struct tmpdb t;
	sqlite3 *h;
	off_t full;

	if (tmpdb_open(&t) != 0 || (h = outsider(t.path)) == NULL) {
		CHECK(!"opened");
		return;
	}
	CHECK(outsider_fills(h) == 0);
	/* the map knows the whole, full file */
	CHECK_EQ_INT(num(t.db, &q_rows, NULL, NULL),
		3000 * 1000000LL + 4501500);
	full = file_size(t.path);
	CHECK(run(h, "DELETE FROM t_map WHERE v > 100") == SQLITE_OK);
	CHECK(run(h, "VACUUM") == SQLITE_OK);
	CHECK(run(h, "PRAGMA wal_checkpoint(TRUNCATE)") == SQLITE_OK);
	CHECK(file_size(t.path) < full / 2);
	/* every page read again through the map: nothing past the new end
	** is touched (that would be SIGBUS), and what is read is right */
	CHECK_EQ_INT(num(t.db, &q_rows, NULL, NULL), 100 * 1000000LL + 5050);
	CHECK_EQ_INT(num(t.db, &q_ok, NULL, NULL), 1);
	/* grown again by this process, then read by both */
	CHECK(add_rows(t.db));
	CHECK_EQ_INT(num(t.db, &q_rows, NULL, NULL),
		1100 * 1000000LL + 5050 + 500500);
	CHECK(run(h, "SELECT 1 FROM t_map") == SQLITE_OK);
	sqlite3_close(h);
	tmpdb_close(&t);
}

HARNESS_MAIN(pages_come_from_the_map_and_follow_another_process,
	a_file_shrunk_by_another_process_is_read_without_a_fault)
