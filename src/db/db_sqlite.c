/* db_sqlite.c: the SQLite store behind db.h (through db.c) */
#include "core/common.h"
#include "db/sqlite_impl.h"
#include "core/log.h"
#include "db/sqlite_batch.h"
#include "db/sqlite_map.h"
#include "db/sqlite_sync.h"

pthread_mutex_t sq_write_mutex = PTHREAD_MUTEX_INITIALIZER;

static void sq_close(struct db *db);
static void sq_rollback(struct db *db);
static int sq_bind_null(struct db_stmt *st, int idx);

int
sq_fail(struct db *db, int rc, struct err *e, const char *what)
{
	int code;

	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		code = ERR_CONFLICT;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_IOERR:
		code = ERR_UNAVAIL;
		break;
	default:
		code = ERR_DB;
		break;
	}
	if (code != ERR_CONFLICT)
		log_msg(LOG_ERROR, "sqlite %s: %s (%d)", what,
			db ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc), rc);
	if (code == ERR_CONFLICT)
		return err_set(e, code, "conflicts with existing data");
	if (code == ERR_UNAVAIL)
		return err_set(e, code, "the database is busy, try again");
	return err_set(e, code, "database error");
}

static int
collate_c(void *arg, int n1, const void *s1, int n2, const void *s2)
{
	int n = n1 < n2 ? n1 : n2;
	int c = n > 0 ? memcmp(s1, s2, (size_t)n) : 0;

	(void)arg;
	return c ? c : n1 - n2;
}

/* Every connection's settings (sq_settings); db_bulk(db, false) puts them
** back. */
static const char pragmas[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"    /* + walsync_wait(): FULL's durability */
	"PRAGMA foreign_keys=ON;"
	"PRAGMA ignore_check_constraints=OFF;"
	"PRAGMA cache_size=-32768;"
	"PRAGMA temp_store=MEMORY;";

/*
** The settings, and the memory map: SQLite's own is left off (every
** commit makes each other connection drop its mapping at its next read:
** pager_reset, munmap, mmap, page faults again; under the day's mix that
** cost 18 % of the throughput, docs/BENCHMARKS.md). With the process's
** shared maps (sqlite_map.h) a nonzero mmap_size only makes SQLite fetch
** the pages of read transactions from them, by pointer.
*/
static int
sq_settings(struct db *db, struct err *e)
{
	int rc = sq_script(db, pragmas, e);

	if (rc == 0)
		rc = sq_script(db, sq_map_on() ? "PRAGMA mmap_size=2147418112;" :
			"PRAGMA mmap_size=0;", e);
	return rc;
}

/* Before SQLite's first use: the shared maps (sqlite_map.h), and no
** memory statistics. Kept, they put one
** global mutex around every sqlite3_malloc() and sqlite3_free(), which
** the worker threads then queue on (docs/BENCHMARKS.md). */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void
sq_config(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sq_map_register();
}

int
sq_open_path(struct db **out, const char *url, struct err *e)
{
	struct db *db;
	int rc;

	*out = NULL;
	pthread_once(&config_once, sq_config);
	db = xcalloc(1, sizeof(*db));
	db->ops = &db_sqlite_ops;
	db->path = xstrdup(url);
	rc = sqlite3_open_v2(url, &db->h, SQLITE_OPEN_READWRITE |
		SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_UNAVAIL, "cannot open database '%s': %s", url,
			sqlite3_errstr(rc));
		sqlite3_close(db->h);
		free(db->path);
		free(db);
		return e ? e->code : ERR_UNAVAIL;
	}
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_extended_result_codes(db->h, 1);
	/* COLLATE "C" orders by bytes on both stores (PostgreSQL's "C") */
	sqlite3_create_collation(db->h, "C", SQLITE_UTF8, NULL, collate_c);
	rc = sq_settings(db, e);
	if (rc) {
		sq_close(db);
		return rc;
	}
	db->ws = walsync_of(url);
	*out = db;
	return 0;
}

static void
sq_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i]) {
			sqlite3_finalize(db->cache[i]->st);
			free(db->cache[i]);
		}
	}
	free(db->cache);
	free(db->used);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

static struct db_stmt *
sq_prep(struct db *db, struct query *q, int slot, struct err *e)
{
	struct db_stmt *st;

	/* a worker's write outside a transaction joins the shared one */
	if (db->via == NULL && !db->in_tx && batch_on() &&
	    !db_sql_reads(q->sql) && batch_enter(db, e) != 0)
		return NULL;
	if (db->via != NULL)
		db = db->via;
	if (slot >= db->ncache) {
		int n = slot + 64;

		db->cache = xrealloc(db->cache, (size_t)n * sizeof(*db->cache));
		memset(db->cache + db->ncache, 0,
			(size_t)(n - db->ncache) * sizeof(*db->cache));
		db->ncache = n;
	}
	st = db->cache[slot];
	if (st == NULL) {
		int rc;

		st = xcalloc(1, sizeof(*st));
		st->ops = &db_sqlite_ops;
		st->db = db;
		rc = sqlite3_prepare_v3(db->h, q->sql, -1,
			SQLITE_PREPARE_PERSISTENT, &st->st, NULL);
		if (rc != SQLITE_OK) {
			log_msg(LOG_ERROR, "prepare failed: %s: %s",
				sqlite3_errmsg(db->h), q->sql);
			free(st);
			err_set(e, ERR_DB, "database error");
			return NULL;
		}
		db->cache[slot] = st;
	} else {
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
	}
	st->changes = 0;
	if (!st->used) {
		if (db->nused == db->capused) {
			db->capused = db->capused ? db->capused * 2 : 16;
			db->used = xrealloc(db->used,
				(size_t)db->capused * sizeof(*db->used));
		}
		db->used[db->nused++] = st;
		st->used = true;
	}
	return st;
}

void
sq_reset_used(struct db *db, bool forget)
{
	for (int i = 0; i < db->nused; i++) {
		sqlite3_reset(db->used[i]->st);
		if (forget)
			db->used[i]->used = false;
	}
	if (forget)
		db->nused = 0;
}

/* Mid-request too: a request in a shared transaction stays in it (its
** writes in sight) until sq_end_request. */
static void
sq_release(struct db *db)
{
	sq_reset_used(db, true);
	if (db->via != NULL)
		sq_reset_used(db->via, true);
	if (db->in_tx)
		sq_rollback(db);
}

static void
sq_end_request(struct db *db)
{
	if (db->via != NULL)
		batch_leave(db);
}

static int
sq_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st->st, idx, v) == SQLITE_OK ? 0 : ERR_DB;
}

static int
sq_bind_f64(struct db_stmt *st, int idx, double v)
{
	return sqlite3_bind_double(st->st, idx, v) == SQLITE_OK ? 0 : ERR_DB;
}

static int
sq_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	if (s == NULL)
		return sq_bind_null(st, idx);
	return sqlite3_bind_text64(st->st, idx, s, len, SQLITE_TRANSIENT,
		SQLITE_UTF8) == SQLITE_OK ? 0 : ERR_DB;
}

static int
sq_bind_null(struct db_stmt *st, int idx)
{
	return sqlite3_bind_null(st->st, idx) == SQLITE_OK ? 0 : ERR_DB;
}

static int
sq_step(struct db_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes64(st->db->h);
		/* a write outside a transaction has just committed */
		if (!st->db->in_tx && !sqlite3_stmt_readonly(st->st) &&
		    sqlite3_get_autocommit(st->db->h) &&
		    walsync_commit(st->db->ws, walsync_ticket(st->db->ws)) != 0)
			return err_set(e, ERR_UNAVAIL, "the change could not "
				"be made durable, try again");
		return DB_DONE;
	}
	rc = sq_fail(st->db, rc, e, "step");
	sqlite3_reset(st->st);
	return rc;
}

static int64_t
sq_col_i64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

static double
sq_col_f64(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->st, col);
}

static const char *
sq_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

static bool
sq_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t
sq_changes(struct db_stmt *st)
{
	return st->changes;
}

int
sq_script(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "sqlite script: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return sq_fail(db, rc, e, "script");
	}
	return 0;
}

static int
sq_begin(struct db *db, struct err *e)
{
	int rc;

	if (db->in_tx)
		BUG("nested transaction");
	/* a worker's transaction: a savepoint of the shared one */
	if (db->via != NULL || batch_on()) {
		if (db->via == NULL && (rc = batch_enter(db, e)) != 0)
			return rc;
		return batch_savepoint(db, e);
	}
	/*
	** A statement read but not reset keeps its read snapshot; taking the
	** write lock from a stale snapshot fails at once with SQLITE_BUSY
	** instead of waiting for the other writer. Start from no snapshot.
	*/
	sq_reset_used(db, false);
	pthread_mutex_lock(&sq_write_mutex);
	batch_close_for(db);
	rc = sq_script(db, "BEGIN IMMEDIATE", e);
	if (rc != 0) {
		pthread_mutex_unlock(&sq_write_mutex);
		return rc;
	}
	db->in_tx = true;
	db->writing = true;
	return 0;
}

static int
sq_begin_read(struct db *db, struct err *e)
{
	int rc;

	if (db->in_tx)
		BUG("nested transaction");
	if (db->via != NULL)            /* its own writes stay in sight */
		return batch_savepoint(db, e);
	sq_reset_used(db, false);
	rc = sq_script(db, "BEGIN", e);
	if (rc == 0)
		db->in_tx = true;
	return rc;
}

static void
sq_tx_done(struct db *db)
{
	db->in_tx = false;
	if (db->writing) {
		db->writing = false;
		pthread_mutex_unlock(&sq_write_mutex);
	}
}

static int
sq_commit(struct db *db, struct err *e)
{
	uint64_t ticket;
	int rc;

	if (db->via != NULL)            /* durable with its batch */
		return batch_release(db, e);
	/* a statement stepped but not finished (INSERT ... RETURNING read
	** once) would make COMMIT fail: they are all done with by now */
	sq_reset_used(db, false);
	rc = sq_script(db, "COMMIT", e);
	if (rc) {
		sq_rollback(db);
		return rc;
	}
	/* durable before acknowledged: waited for here, or by the server
	** before it answers (db_sync_defer); the next writer need not wait */
	ticket = walsync_ticket(db->ws);
	sq_tx_done(db);
	if (walsync_commit(db->ws, ticket) != 0)
		return err_set(e, ERR_UNAVAIL, "the change could not be made "
			"durable, try again");
	return 0;
}

static void
sq_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (db->via != NULL) {
		batch_undo(db);
		return;
	}
	sq_reset_used(db, false);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	sq_tx_done(db);
}

static bool
sq_in_tx(const struct db *db)
{
	return db->in_tx;
}

/*
** A bulk load into a new file (the demo): no journal, no fsync, no CHECK
** or foreign-key checks; a crash leaves a file to throw away. Outside a
** transaction only (SQLite ignores these pragmas inside one).
*/
static void
sq_bulk(struct db *db, bool on)
{
	if (db->in_tx)
		return;
	if (on)
		(void)sqlite3_exec(db->h, "PRAGMA journal_mode=OFF;"
			"PRAGMA synchronous=OFF;" "PRAGMA foreign_keys=OFF;"
			"PRAGMA ignore_check_constraints=ON;", NULL, NULL, NULL);
	else
		(void)sq_settings(db, NULL);
}

const struct db_ops db_sqlite_ops = {
	.kind = DB_SQLITE,
	.open = sq_open_path,
	.close = sq_close,
	.prep = sq_prep,
	.bind_i64 = sq_bind_i64,
	.bind_f64 = sq_bind_f64,
	.bind_textn = sq_bind_textn,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_i64 = sq_col_i64,
	.col_f64 = sq_col_f64,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.changes = sq_changes,
	.script = sq_script,
	.begin = sq_begin,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_tx = sq_in_tx,
	.release = sq_release,
	.end_request = sq_end_request,
	.bulk = sq_bulk,
};
