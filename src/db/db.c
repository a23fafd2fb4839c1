/* db.c: the public db.h functions, dispatched to the store of the URL */
#include "core/common.h"
#include "db/db_impl.h"

#include <stdatomic.h>
#include <time.h>

#define OPS(x) (((const struct db_head *)(const void *)(x))->ops)

static atomic_int query_slots;
static _Thread_local uint64_t thread_db_us;
static _Thread_local uint64_t thread_db_queries;
/* db_on_commit(): this thread's hook, and whether its transaction writes */
static _Thread_local int (*commit_hook)(struct db *, void *, struct err *);
static _Thread_local void *commit_hook_arg;
static _Thread_local bool tx_writes;
/* db_pair(): this thread's primary, its replica and where reads go */
static _Thread_local struct {
	struct db *db, *rep;
	enum db_reads reads;
} pair;
static atomic_uint_fast64_t read_fallbacks;
/* a statement that may write was prepared outside a transaction */
static _Thread_local bool wrote_outside_tx;
/* a statement writing what grants are made of (grants_rev.c) was
** prepared since the last commit, rollback or release */
static _Thread_local bool grants_written;

void
db_on_commit(int (*fn)(struct db *db, void *arg, struct err *e), void *arg)
{
	commit_hook = fn;
	commit_hook_arg = arg;
}

uint64_t
db_thread_time_us(void)
{
	return thread_db_us;
}

uint64_t
db_thread_queries(void)
{
	return thread_db_queries;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

bool
db_url_is_pg(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 ||
		strncmp(url, "postgres://", 11) == 0;
}

int
db_open(struct db **out, const char *url, struct err *e)
{
	const struct db_ops *ops = db_url_is_pg(url) ? &db_pg_ops :
		&db_sqlite_ops;

	*out = NULL;
	return ops->open(out, url, e);
}

void
db_close(struct db *db)
{
	if (db)
		OPS(db)->close(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return OPS(db)->kind;
}

/* A process-wide number for q, the index of its statement in each
** connection's cache. */
static int
query_slot(struct query *q)
{
	int s = __atomic_load_n(&q->slot, __ATOMIC_ACQUIRE);

	if (s == 0) {
		int fresh = atomic_fetch_add(&query_slots, 1) + 1;
		int expect = 0;

		if (__atomic_compare_exchange_n(&q->slot, &expect, fresh, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			s = fresh;
		else
			s = expect;
	}
	return s;
}

void
db_pair(struct db *db, struct db *rep, enum db_reads reads)
{
	pair.db = rep ? db : NULL;
	pair.rep = rep;
	pair.reads = reads;
}

void
db_reads(struct db *db, enum db_reads reads)
{
	if (pair.db == db && db != NULL)
		pair.reads = reads;
}

bool
db_wrote_outside_tx(void)
{
	return wrote_outside_tx;
}

uint64_t
db_read_fallbacks(void)
{
	return atomic_load_explicit(&read_fallbacks, memory_order_relaxed);
}

/* A statement that only reads: SELECT ... (WITH may hide a write). */
bool
db_sql_reads(const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0 &&
		strchr(" \t\n(", sql[6]) != NULL && sql[6] != '\0';
}

/* The replica of db holds a read snapshot of this thread's. */
static bool
rep_in_tx(const struct db *db)
{
	return pair.db == db && pair.db != NULL &&
		OPS(pair.rep)->in_tx(pair.rep);
}

/*
** Where a read on db goes (db_pair): *first, then *second when *first is
** unavailable (second may be NULL). False: on db, as unpaired.
*/
static bool
read_sides(struct db *db, struct db **first, struct db **second)
{
	if (pair.db != db || db == NULL)
		return false;
	if (OPS(pair.rep)->in_tx(pair.rep)) {
		*first = pair.rep;      /* its snapshot: db_begin_read() */
		*second = NULL;
		return true;
	}
	if (OPS(db)->in_tx(db))
		return false;
	switch (pair.reads) {
	case DB_READS_FALLBACK:
		*first = db;
		*second = pair.rep;
		return true;
	case DB_READS_REPLICA:
		*first = pair.rep;
		*second = db;
		return true;
	case DB_READS_PRIMARY:
		break;
	}
	return false;
}

/* The first side's error goes to e only when there is no second side. */
static bool
fall_over(struct db *second, int rc, struct err *first_e, struct err *e)
{
	if (second != NULL && rc == ERR_UNAVAIL) {
		atomic_fetch_add_explicit(&read_fallbacks, 1,
			memory_order_relaxed);
		return true;
	}
	if (e != NULL)
		*e = *first_e;
	return false;
}

struct db_stmt *
db_prep(struct db *db, struct query *q, struct err *e)
{
	int slot = query_slot(q);
	struct db *first, *second;
	struct db_stmt *st;
	struct err fe = { 0 };

	thread_db_queries++;
	if (!db_sql_reads(q->sql)) {
		if (!OPS(db)->in_tx(db))
			wrote_outside_tx = true;
		if (grants_rev_written(q->sql))
			grants_written = true;
		return OPS(db)->prep(db, q, slot, e);
	}
	if (!read_sides(db, &first, &second))
		return OPS(db)->prep(db, q, slot, e);
	st = OPS(first)->prep(first, q, slot, &fe);
	if (st == NULL && fall_over(second, fe.code, &fe, e))
		st = OPS(second)->prep(second, q, slot, e);
	return st;
}

int
db_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	return OPS(st)->bind_i64(st, idx, v);
}

int
db_bind_f64(struct db_stmt *st, int idx, double v)
{
	return OPS(st)->bind_f64(st, idx, v);
}

int
db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	if (s == NULL)
		return db_bind_null(st, idx);
	return OPS(st)->bind_textn(st, idx, s, len);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return db_bind_textn(st, idx, s, s ? strlen(s) : 0);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	return OPS(st)->bind_null(st, idx);
}

int
db_step(struct db_stmt *st, struct err *e)
{
	uint64_t t0 = now_us();
	int rc = OPS(st)->step(st, e);

	thread_db_us += now_us() - t0;
	return rc;
}

int
db_exec(struct db_stmt *st, struct err *e)
{
	int rc;

	while ((rc = db_step(st, e)) == DB_ROW)
		;
	return rc;
}

int64_t
db_col_i64(struct db_stmt *st, int col)
{
	return OPS(st)->col_i64(st, col);
}

double
db_col_f64(struct db_stmt *st, int col)
{
	return OPS(st)->col_f64(st, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	return OPS(st)->col_text(st, col);
}

bool
db_col_null(struct db_stmt *st, int col)
{
	return OPS(st)->col_null(st, col);
}

int64_t
db_changes(struct db_stmt *st)
{
	return OPS(st)->changes(st);
}

int
db_script(struct db *db, const char *sql, struct err *e)
{
	uint64_t t0 = now_us();
	int rc = OPS(db)->script(db, sql, e);

	thread_db_us += now_us() - t0;
	return rc;
}

/* Time waiting for the write lock counts as time in the store. */
int
db_begin(struct db *db, struct err *e)
{
	uint64_t t0 = now_us();
	int rc;

	if (OPS(db)->in_tx(db) || rep_in_tx(db))
		BUG("nested transaction");
	rc = OPS(db)->begin(db, e);
	tx_writes = rc >= 0;
	thread_db_us += now_us() - t0;
	return rc;
}

int
db_begin_read(struct db *db, struct err *e)
{
	uint64_t t0 = now_us();
	int rc;

	struct db *first = db, *second = NULL;
	struct err fe = { 0 };

	if (OPS(db)->in_tx(db) || rep_in_tx(db))
		BUG("nested transaction");
	tx_writes = false;
	if (!read_sides(db, &first, &second))
		first = db;
	rc = OPS(first)->begin_read(first, &fe);
	if (rc < 0 && fall_over(second, rc, &fe, e))
		rc = OPS(second)->begin_read(second, e);
	thread_db_us += now_us() - t0;
	return rc;
}

int
db_commit(struct db *db, struct err *e)
{
	uint64_t t0 = now_us();
	int rc = 0;

	if (rep_in_tx(db))
		db = pair.rep;          /* a read snapshot: no hook */
	if (tx_writes && grants_written &&
	    (rc = grants_rev_raise(db, e)) < 0)
		OPS(db)->rollback(db);
	else if (tx_writes && commit_hook != NULL &&
	    (rc = commit_hook(db, commit_hook_arg, e)) < 0)
		OPS(db)->rollback(db);
	else
		rc = OPS(db)->commit(db, e);
	tx_writes = false;
	grants_written = false;
	thread_db_us += now_us() - t0;
	return rc;
}

void
db_rollback(struct db *db)
{
	tx_writes = false;
	grants_written = false;
	if (rep_in_tx(db))
		OPS(pair.rep)->rollback(pair.rep);
	OPS(db)->rollback(db);
}

void
db_bulk(struct db *db, bool on)
{
	if (OPS(db)->bulk)
		OPS(db)->bulk(db, on);
}

void
db_pipeline(struct db *db)
{
	if (OPS(db)->pipeline && OPS(db)->in_tx(db))
		OPS(db)->pipeline(db);
}

bool
db_in_tx(const struct db *db)
{
	return OPS(db)->in_tx(db) || rep_in_tx(db);
}

void
db_release(struct db *db)
{
	/* what grants are made of, written outside a transaction: the
	** revision is raised once the write is done (its statement reset) */
	bool raise = grants_written && !OPS(db)->in_tx(db);

	grants_written = false;
	commit_hook = NULL;
	commit_hook_arg = NULL;
	wrote_outside_tx = false;
	if (pair.db == db && db != NULL) {
		OPS(pair.rep)->release(pair.rep);
		pair.db = pair.rep = NULL;
	}
	OPS(db)->release(db);
	if (raise) {
		(void)grants_rev_raise(db, NULL);
		OPS(db)->release(db);
		wrote_outside_tx = false;
	}
}

void
db_request_end(struct db *db)
{
	db_release(db);
	if (OPS(db)->end_request)
		OPS(db)->end_request(db);
}

/* Append len bytes of s to buf (cap bytes, *n used), cut at the end. */
static void
put(char *buf, size_t cap, size_t *n, const char *s, size_t len)
{
	if (len > cap - 1 - *n)
		len = cap - 1 - *n;
	memcpy(buf + *n, s, len);
	*n += len;
}

const char *
db_url_shown(const char *url, char *buf, size_t cap)
{
	const char *scheme = strstr(url, "://"), *at, *colon, *p = url;
	size_t n = 0;

	if (cap == 0)
		return "";
	/* scheme://user:PASSWORD@host */
	if (scheme != NULL && (at = strchr(scheme + 3, '@')) != NULL &&
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3)))) {
		put(buf, cap, &n, url, (size_t)(colon - url) + 1);
		put(buf, cap, &n, "***", 3);
		p = at;
	}
	/* ...?password=PASSWORD&... or a "password=..." keyword */
	for (const char *pw; (pw = strstr(p, "password=")) != NULL; ) {
		bool key = pw == url || strchr("?& ", pw[-1]) != NULL;

		put(buf, cap, &n, p, (size_t)(pw - p) + 9);
		p = pw + 9;
		if (key) {
			put(buf, cap, &n, "***", 3);
			p += strcspn(p, "& ");
		}
	}
	put(buf, cap, &n, p, strlen(p));
	buf[n] = '\0';
	return buf;
}
