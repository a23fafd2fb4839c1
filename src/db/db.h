/* db.h: the store interface; SQLite (db_sqlite.c) or PostgreSQL (db_pg.c) */
#ifndef MK_DB_H
#define MK_DB_H

#include "core/err.h"

/*
** One struct db is one connection, used by one thread at a time (the
** server keeps one per worker thread). SQL is written once, with SQLite's
** ?1..?N placeholders, in the subset PostgreSQL also runs, next to the
** code that uses it:
**
**	static struct query q_person = QUERY("SELECT full_name FROM people "
**		"WHERE id = ?1");
**
** db_prep() returns that query's prepared statement from the connection's
** cache, reset and with bindings cleared. Every statement handed out is
** reset again by db_release(), which the server calls at the end of each
** request (and tools after each unit of work), so a forgotten reset never
** holds a read snapshot open. A query must not be stepped while another
** db_prep() of the same query is still in use.
**
** Errors: db_* functions that fail return a negative enum err and fill e:
** ERR_CONFLICT for a uniqueness or foreign-key violation, ERR_UNAVAIL when
** the database is busy or away, ERR_DB otherwise. The SQL error text goes
** to the log, never into e->msg.
*/
struct db;
struct db_stmt;

struct query {
	const char *sql;
	int slot;               /* assigned on first use, process-wide */
};
#define QUERY(s) { (s), 0 }

enum db_kind { DB_SQLITE = 1, DB_PG = 2 };
enum { DB_DONE = 0, DB_ROW = 1 };

/* url: a file path (SQLite) or a postgresql:// (postgres://) URL, see
** docs/DEPLOY.md. *out is NULL on failure. */
int db_open(struct db **out, const char *url, struct err *e);
bool db_url_is_pg(const char *url);
void db_close(struct db *db);
/* url as it may be shown (logs, messages): a password in it, as
** user:PASSWORD@ or password=..., becomes "***". buf holds cap bytes. */
const char *db_url_shown(const char *url, char *buf, size_t cap);
enum db_kind db_kind(const struct db *db);

struct db_stmt *db_prep(struct db *db, struct query *q, struct err *e);
int db_bind_i64(struct db_stmt *st, int idx, int64_t v);       /* 1-based */
int db_bind_f64(struct db_stmt *st, int idx, double v);
int db_bind_text(struct db_stmt *st, int idx, const char *s);  /* NULL: null */
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
int db_bind_null(struct db_stmt *st, int idx);

/* DB_ROW, DB_DONE or a negative enum err. */
int db_step(struct db_stmt *st, struct err *e);
int64_t db_col_i64(struct db_stmt *st, int col);               /* 0-based */
double db_col_f64(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);          /* NULL: null */
bool db_col_null(struct db_stmt *st, int col);
/* Rows changed by the last completed INSERT/UPDATE/DELETE of st. */
int64_t db_changes(struct db_stmt *st);

/* Run st to completion (for writes); DB_DONE or an error. */
int db_exec(struct db_stmt *st, struct err *e);

/*
** Transactions: db_begin() takes the write lock at once; within the
** process, writers queue on a mutex rather than SQLite's sleeping busy
** handler. db_begin_read() pins one snapshot for several reads (ended by
** db_commit or db_rollback).
*/
int db_begin(struct db *db, struct err *e);
int db_begin_read(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);

/*
** fn(db, arg, e) runs inside every write transaction (db_begin) of the
** calling thread just before COMMIT; when it fails the transaction is
** rolled back and db_commit returns its error. The server sets it for
** each request (cache/revisions.c raises the revisions of what the
** request wrote); db_release() clears it.
*/
void db_on_commit(int (*fn)(struct db *db, void *arg, struct err *e),
	void *arg);
bool db_in_tx(const struct db *db);

/*
** Bulk loading (the demo generator): on PostgreSQL, writes inside a
** transaction that return no rows are sent without waiting for their
** answers, read at the next statement returning rows, db_commit or
** db_rollback, where an error of one surfaces; their db_changes() is 0.
** SQLite, for loading into a new file only: no journal, no fsync, no
** CHECK or foreign-key checks (a crash leaves a file to throw away);
** call it outside a transaction, and db_bulk(db, false) afterwards puts
** the normal settings back.
*/
void db_bulk(struct db *db, bool on);

/*
** Within the current write transaction (after db_begin), writes that
** return no rows are sent without waiting for their answers on
** PostgreSQL, as in db_bulk(), until db_commit or db_rollback: a request
** writing many rows pays a few round trips instead of one a row. Their
** db_changes() is 0, and an error of one surfaces at the next statement
** returning rows or at db_commit. Nothing to do on SQLite, where a
** statement is a function call.
*/
void db_pipeline(struct db *db);

/* Several statements without parameters (migrations, pragmas). */
int db_script(struct db *db, const char *sql, struct err *e);

/* Reset every statement handed out since the last call; roll back a
** transaction left open. */
void db_release(struct db *db);
/* The end of a server request (or of its part before the body): as
** db_release(), and a request whose writes joined a shared transaction
** (db_commit_window) gives up its writer connection; until then its
** reads see its writes, across db_release() calls too. */
void db_request_end(struct db *db);

/*
** Read replicas (db/replica.h picks one, docs/DEPLOY.md). db_pair() pairs
** the calling thread's connection db with a replica connection rep until
** db_release(db), which releases and unpairs both. While paired, a
** statement that only reads (its SQL starts with SELECT) prepared on db
** outside a transaction, and a db_begin_read() on db, go where `reads`
** says:
**	DB_READS_PRIMARY   to db;
**	DB_READS_FALLBACK  to db, or to rep when db is unavailable;
**	DB_READS_REPLICA   to rep, or to db when rep is unavailable.
** Writes and everything inside db_begin() go to db; db_commit(db),
** db_rollback(db) and db_in_tx(db) take in a read snapshot begun on rep.
** rep NULL leaves db alone. Statements moved to the other side because
** the chosen one was unavailable are counted (db_read_fallbacks).
*/
enum db_reads { DB_READS_PRIMARY, DB_READS_FALLBACK, DB_READS_REPLICA };
void db_pair(struct db *db, struct db *rep, enum db_reads reads);
/* Where this thread's paired reads go from now on (nothing unpaired). */
void db_reads(struct db *db, enum db_reads reads);
uint64_t db_read_fallbacks(void);
/* Whether this thread prepared a statement that may write (not SELECT)
** outside a transaction since its last db_release(). */
bool db_wrote_outside_tx(void);

/* Microseconds this thread has spent inside the store so far. */
uint64_t db_thread_time_us(void);
/* Statements this thread has prepared to run so far (db_prep calls):
** the request log's "db_queries", which tests use to catch N+1 lists. */
uint64_t db_thread_queries(void);

/* migrate.c: apply the embedded migrations not applied yet. */
int db_migrate(struct db *db, int *applied, struct err *e);

/* Common helpers built on the above */
/* One integer from a query with nparams int64_t parameters (pass them as
** int64_t); ERR_NOTFOUND when there is no row. */
int db_get_i64(struct db *db, struct query *q, int64_t *out, struct err *e,
	int nparams, ...);
/* Run a write q with nparams int64_t parameters to completion: 0 or a
** negative enum err. */
int db_exec_i64(struct db *db, struct query *q, struct err *e,
	int nparams, ...);

/*
** A durable commit waits until the disk holds it (SQLite: its share of an
** fdatasync of the WAL, sqlite_sync.h). A thread that calls
** db_sync_defer(true) (the server's workers) does not wait there: the
** commit succeeds at once and db_sync_take() then gives what the thread
** committed since the last take (false: nothing waits), for whoever
** answers to wait for with db_sync_wait() (0, or -1: the change may not
** be on disk) before the answer goes out. db_sync_done() says whether
** that wait would return at once. PostgreSQL's COMMIT is durable when it
** returns: nothing is ever handed back.
*/
struct db_sync {
	void *group;
	uint64_t ticket;
	void *batch;            /* a shared transaction to be committed first */
	uint64_t batch_id;
};
void db_sync_defer(bool on);
bool db_sync_take(struct db_sync *s);
bool db_sync_done(const struct db_sync *s);
int db_sync_wait(const struct db_sync *s);
/*
** Shared write transactions (SQLite; sqlite_batch.h): from the call of
** db_commit_window(ms) with ms >= 0, the write transactions of threads
** that defer (db_sync_defer) become savepoints of one transaction per
** file, committed when it is ms old (or full, or another writer of the
** process needs the lock); their db_sync_wait() waits for that commit
** first. ms < 0 (the default) commits each transaction at once.
** db_on_batch_lost(fn): fn runs when such a commit fails (the requests in
** it are answered 503): in-memory copies of what they wrote must go.
** db_batches_end() commits what is open and closes the writers.
*/
void db_commit_window(int ms);
void db_on_batch_lost(void (*fn)(void));
void db_batches_end(void);

#endif
