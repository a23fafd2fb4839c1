/* db_pg.c: the PostgreSQL store behind db.h (through db.c), via libpq */
#include "core/common.h"
#include "db/pg_impl.h"
#include "core/log.h"

#include <inttypes.h>
#include <time.h>

/*
** One struct db is one libpq connection. Each query slot is prepared once
** per connection (PQprepare, named "s<slot>") and run with
** PQexecPrepared; parameters go as text and PostgreSQL infers their types
** from the statement, as SQLite's dynamic typing did (binary parameters
** would need the types spelt out per query). A result is read whole, so
** statements interleave as freely as SQLite's.
**
** Writers: db_begin() takes one cluster-wide transaction advisory lock,
** so write transactions run one at a time across every mektep server, as
** they did on SQLite (the write mutex plus BEGIN IMMEDIATE): the audit
** chain head, read-then-write checks and counters keep their meaning.
**
** A connection lost while idle (the server restarted since, the network
** dropped) is found by the next statement. Outside a transaction, a
** PREPARE, a SELECT or a BEGIN that meets it connects again at once and
** runs once more: none of them can have changed anything, so a restart
** that is over costs no answer.
** Anything else that meets a lost connection gets ERR_UNAVAIL (503), and
** the next db_prep() connects again, at most once a second per
** connection. A new connection prepares its statements afresh.
*/

/* pg_advisory_xact_lock key of the write lock */
#define WRITE_LOCK_KEY "1836872816"
#define RECONNECT_EVERY_S 1

/* What a failed result (or a lost connection: res may be NULL) means. */
int
pg_fail(struct db *db, PGresult *res, struct err *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) :
		NULL;
	int code = ERR_DB;

	if (!conn_ok(db))
		code = ERR_UNAVAIL;
	else if (state && strncmp(state, "23", 2) == 0)
		code = ERR_CONFLICT;     /* integrity: unique, foreign key */
	else if (state && (strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "53", 2) == 0 || strncmp(state, "57", 2) == 0 ||
	    strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0 || strcmp(state, "25006") == 0))
		/* away, overloaded, lock wait, retry; a write on a standby */
		code = ERR_UNAVAIL;
	if (code != ERR_CONFLICT)
		log_msg(LOG_ERROR, "postgresql %s: %s%s%s", what,
			state ? state : "", state ? " " : "",
			db->conn ? PQerrorMessage(db->conn) : "no connection");
	if (code == ERR_CONFLICT)
		return err_set(e, code, "conflicts with existing data");
	if (code == ERR_UNAVAIL)
		return err_set(e, code, "the database is unavailable, "
			"try again");
	return err_set(e, code, "database error");
}


/* NOTICEs ("relation already exists, skipping") are not worth a log line */
static void
quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/*
** Connect with safe defaults the URL may override: the tables live in
** public and nothing else is searched; a lock waits 10 s at most, as
** SQLite's busy timeout did; connecting gives up after 5 s.
*/
static int
pg_connect(struct db *db, struct err *e)
{
	static const char *const keys[] = { "connect_timeout",
		"application_name", "client_encoding", "options", "dbname",
		NULL };
	const char *vals[] = { "5", "mektep", "UTF8",
		"-c search_path=public -c lock_timeout=10s", db->url, NULL };

	if (db->conn)
		PQfinish(db->conn);
	db->last_try = time(NULL);
	db->conn = PQconnectdbParams(keys, vals, 1);
	db->gen++;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		if (!db->lost_logged)
			log_msg(LOG_ERROR, "postgresql connect: %s",
				PQerrorMessage(db->conn));
		db->lost_logged = true;
		return err_set(e, ERR_UNAVAIL, "the database is unavailable, "
			"try again");
	}
	PQsetNoticeProcessor(db->conn, quiet_notice, NULL);
	if (db->lost_logged)
		log_msg(LOG_INFO, "postgresql: connected again");
	db->lost_logged = false;
	return 0;
}

/* Before a statement: connected, or connect again (not within a
** transaction: that one is gone with its connection). */
static int
pg_ready(struct db *db, struct err *e)
{
	if (conn_ok(db))
		return 0;
	if (db->in_tx)
		return err_set(e, ERR_UNAVAIL, "the database connection was "
			"lost, try again");
	if (time(NULL) - db->last_try < RECONNECT_EVERY_S)
		return err_set(e, ERR_UNAVAIL, "the database is unavailable, "
			"try again");
	return pg_connect(db, e);
}

/* A statement outside a transaction failed and the connection is gone:
** connect again now and say whether the statement may run once more. */
static bool
pg_lost_reconnect(struct db *db, PGresult *res)
{
	if (db->in_tx || conn_ok(db))
		return false;
	log_msg(LOG_INFO, "postgresql: connection lost (%s), connecting again",
		res ? PQresultErrorMessage(res) : "no result");
	return pg_connect(db, NULL) == 0;
}

/* One statement without parameters; 0 or a negative enum err. With
** retry, one that met a lost connection runs once more on a new one. */
static int
pg_run_retry(struct db *db, const char *sql, bool retry, struct err *e)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && retry &&
	    pg_lost_reconnect(db, res)) {
		PQclear(res);
		res = PQexec(db->conn, sql);
		s = PQresultStatus(res);
	}
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_fail(db, res, e, "exec");
	PQclear(res);
	return rc;
}

static int
pg_run(struct db *db, const char *sql, struct err *e)
{
	return pg_run_retry(db, sql, false, e);
}

static void pg_close(struct db *db);

static int
pg_open(struct db **out, const char *url, struct err *e)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc;

	db->ops = &db_pg_ops;
	db->url = xstrdup(url);
	rc = pg_connect(db, e);
	if (rc) {
		pg_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

static void
stmt_free(struct db_stmt *st)
{
	PQclear(st->res);
	for (int i = 0; i < st->nparams; i++)
		free(st->bufs[i]);
	free(st->vals);
	free(st->bufs);
	free(st->caps);
	free(st->lens);
	free(st);
}

static void
pg_close(struct db *db)
{
	pg_bulk_drain(db, NULL);
	for (int i = 0; i < db->ncache; i++)
		if (db->cache[i])
			stmt_free(db->cache[i]);
	free(db->cache);
	free(db->used);
	if (db->conn)
		PQfinish(db->conn);
	free(db->url);
	free(db);
}

/* Prepare st on the current connection; 0 or a negative enum err. */
static int
stmt_prepare(struct db_stmt *st, struct err *e)
{
	struct db *db = st->db;
	char *sql = xmalloc(strlen(st->sql) + 1);
	char name[24];
	int n = pg_rewrite_params(st->sql, sql);
	PGresult *res;
	int rc = 0;

	if (n < 0)
		BUG("placeholder other than ?N in: %s", st->sql);
	if (n > st->nparams) {
		st->vals = xrealloc(st->vals, (size_t)n * sizeof(*st->vals));
		st->bufs = xrealloc(st->bufs, (size_t)n * sizeof(*st->bufs));
		st->caps = xrealloc(st->caps, (size_t)n * sizeof(*st->caps));
		st->lens = xrealloc(st->lens, (size_t)n * sizeof(*st->lens));
		for (int i = st->nparams; i < n; i++) {
			st->bufs[i] = NULL;
			st->caps[i] = 0;
		}
		st->nparams = n;
	}
	pg_stmt_name(st, name);
	res = PQprepare(db->conn, name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    pg_lost_reconnect(db, res)) {    /* a PREPARE changes nothing */
		PQclear(res);
		res = PQprepare(db->conn, name, sql, 0, NULL);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_fail(db, res, e, "prepare");
		log_msg(LOG_ERROR, "prepare failed: %s", sql);
	} else {
		st->gen = db->gen;
		st->nfields = -1;
	}
	PQclear(res);
	free(sql);
	return rc;
}

static void
stmt_reset(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->executed = false;
	st->row = -1;
	st->nrows = 0;
	st->changes = 0;
	for (int i = 0; i < st->nparams; i++) {
		st->vals[i] = NULL;
		st->lens[i] = 0;
	}
}

static struct db_stmt *
pg_prep(struct db *db, struct query *q, int slot, struct err *e)
{
	struct db_stmt *st;

	if (pg_ready(db, e) != 0)
		return NULL;
	if (slot >= db->ncache) {
		int n = slot + 64;

		db->cache = xrealloc(db->cache, (size_t)n * sizeof(*db->cache));
		memset(db->cache + db->ncache, 0,
			(size_t)(n - db->ncache) * sizeof(*db->cache));
		db->ncache = n;
	}
	st = db->cache[slot];
	if (st == NULL) {
		st = xcalloc(1, sizeof(*st));
		st->ops = &db_pg_ops;
		st->db = db;
		st->sql = q->sql;
		st->slot = slot;
		db->cache[slot] = st;
	}
	if (st->gen != db->gen && (pg_bulk_drain(db, e) != 0 ||
	    stmt_prepare(st, e) != 0))
		return NULL;
	stmt_reset(st);
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

static void pg_rollback(struct db *db);

static void
pg_release(struct db *db)
{
	for (int i = 0; i < db->nused; i++) {
		stmt_reset(db->used[i]);
		db->used[i]->used = false;
	}
	db->nused = 0;
	if (db->in_tx)
		pg_rollback(db);
}

static int
pg_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	int i = idx - 1;

	if (i < 0 || i >= st->nparams || len > INT32_MAX)
		return ERR_DB;
	if (st->caps[i] < len + 1) {
		st->caps[i] = len + 1 < 32 ? 32 : len + 1;
		st->bufs[i] = xrealloc(st->bufs[i], st->caps[i]);
	}
	memcpy(st->bufs[i], s, len);
	st->bufs[i][len] = '\0';
	st->vals[i] = st->bufs[i];
	st->lens[i] = (int)len;
	return 0;
}

static int
pg_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%" PRId64, v);

	return pg_bind_textn(st, idx, b, (size_t)n);
}

static int
pg_bind_f64(struct db_stmt *st, int idx, double v)
{
	char b[40];
	int n = snprintf(b, sizeof(b), "%.17g", v);

	return pg_bind_textn(st, idx, b, (size_t)n);
}

static int
pg_bind_null(struct db_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams)
		return ERR_DB;
	st->vals[idx - 1] = NULL;
	return 0;
}

static PGresult *
stmt_exec(struct db_stmt *st)
{
	char name[24];

	pg_stmt_name(st, name);
	return PQexecPrepared(st->db->conn, name, st->nparams,
		(const char *const *)st->vals, st->lens, NULL, 0);
}

/* A SELECT changes nothing: run again after a lost connection, it cannot
** act twice. */
static bool
stmt_is_read(const struct db_stmt *st)
{
	const char *p = st->sql;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return strncasecmp(p, "SELECT", 6) == 0;
}

static int
pg_step(struct db_stmt *st, struct err *e)
{
	struct db *db = st->db;

	if (!st->executed) {
		ExecStatusType s;
		int rc;

		st->executed = true;
		if (!conn_ok(db))
			return pg_fail(db, NULL, e, "step");
		/* prepared before this request's connection was made again */
		if (st->gen != db->gen && (rc = stmt_prepare(st, e)) != 0)
			return rc;
		if (pg_bulk_takes(st, e))
			return pg_bulk_send(st, e);
		if ((rc = pg_bulk_drain(db, e)) != 0)
			return rc;
		st->res = stmt_exec(st);
		s = PQresultStatus(st->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK &&
		    stmt_is_read(st) && pg_lost_reconnect(db, st->res)) {
			PQclear(st->res);
			st->res = NULL;
			if ((rc = stmt_prepare(st, e)) != 0)
				return rc;
			st->res = stmt_exec(st);
			s = PQresultStatus(st->res);
		}
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			rc = pg_fail(db, st->res, e, "step");
			log_msg(LOG_ERROR, "in: %s", st->sql);
			PQclear(st->res);
			st->res = NULL;
			return rc;
		}
		st->nrows = PQntuples(st->res);
		st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
	}
	if (st->res && st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int64_t
pg_col_i64(struct db_stmt *st, int col)
{
	const char *v = PQgetvalue(st->res, st->row, col);

	if (v[0] == 't' && v[1] == '\0')        /* a boolean */
		return 1;
	return strtoll(v, NULL, 10);            /* "f" and null give 0 */
}

static double
pg_col_f64(struct db_stmt *st, int col)
{
	const char *v = PQgetvalue(st->res, st->row, col);

	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtod(v, NULL);
}

static bool
pg_col_null(struct db_stmt *st, int col)
{
	return PQgetisnull(st->res, st->row, col) != 0;
}

static const char *
pg_col_text(struct db_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t
pg_changes(struct db_stmt *st)
{
	return st->changes;
}

static int
pg_script(struct db *db, const char *sql, struct err *e)
{
	int rc = pg_ready(db, e);

	if (rc == 0)
		rc = pg_bulk_drain(db, e);
	return rc ? rc : pg_run(db, sql, e);
}

static int
pg_begin_with(struct db *db, const char *sql, struct err *e)
{
	int rc = pg_ready(db, e);

	if (rc == 0)    /* a BEGIN that failed did nothing: may run again */
		rc = pg_run_retry(db, sql, true, e);
	if (rc == 0)
		db->in_tx = true;
	else if (conn_ok(db))
		pg_run(db, "ROLLBACK", NULL);
	return rc;
}

static int
pg_begin(struct db *db, struct err *e)
{
	return pg_begin_with(db, "BEGIN; SELECT pg_advisory_xact_lock("
		WRITE_LOCK_KEY ")", e);
}

static int
pg_begin_read(struct db *db, struct err *e)
{
	return pg_begin_with(db, "BEGIN ISOLATION LEVEL REPEATABLE READ "
		"READ ONLY", e);
}

static int
pg_commit(struct db *db, struct err *e)
{
	PGresult *res;
	int rc = 0;

	if (!conn_ok(db)) {
		db->in_tx = false;
		db->pipe_tx = false;
		return pg_fail(db, NULL, e, "commit");
	}
	if ((rc = pg_bulk_drain(db, e)) != 0) {
		pg_rollback(db);
		return rc;
	}
	db->pipe_tx = false;
	res = PQexec(db->conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(db, res, e, "commit");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		/* the transaction had failed: PostgreSQL rolled it back */
		rc = err_set(e, ERR_DB, "database error");
	PQclear(res);
	db->in_tx = false;
	return rc;
}

static void
pg_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->in_tx = false;
	db->pipe_tx = false;
	pg_bulk_drain(db, NULL);
	if (conn_ok(db))
		pg_run(db, "ROLLBACK", NULL);
}

static bool
pg_in_tx(const struct db *db)
{
	return db->in_tx;
}

static void
pg_pipeline(struct db *db)
{
	db->pipe_tx = true;
}

static void
pg_bulk(struct db *db, bool on)
{
	if (!on)
		pg_bulk_drain(db, NULL);
	db->bulk = on;
}

const struct db_ops db_pg_ops = {
	.kind = DB_PG,
	.open = pg_open,
	.close = pg_close,
	.prep = pg_prep,
	.bind_i64 = pg_bind_i64,
	.bind_f64 = pg_bind_f64,
	.bind_textn = pg_bind_textn,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_i64 = pg_col_i64,
	.col_f64 = pg_col_f64,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.changes = pg_changes,
	.script = pg_script,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_tx = pg_in_tx,
	.release = pg_release,
	.bulk = pg_bulk,
	.pipeline = pg_pipeline,
};
