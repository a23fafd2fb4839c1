/* sqlite_impl.h: the SQLite store's connection, shared by db_sqlite.c and
** sqlite_batch.c (private to src/db) */
#ifndef MK_SQLITE_IMPL_H
#define MK_SQLITE_IMPL_H

#include "db/db_impl.h"

#include <pthread.h>
#include <sqlite3.h>

struct walsync;
struct batch;

struct db_stmt {
	const struct db_ops *ops;     /* first: see db_impl.h */
	struct db *db;
	sqlite3_stmt *st;
	bool used;
	int64_t changes;
};

struct db {
	const struct db_ops *ops;     /* first: see db_impl.h */
	sqlite3 *h;
	char *path;
	struct db_stmt **cache;         /* by query slot */
	int ncache;
	struct db_stmt **used;
	int nused, capused;
	bool in_tx;                     /* a transaction, or on the writer
					** (via) a savepoint of this request */
	bool writing;                   /* holds sq_write_mutex */
	struct walsync *ws;             /* group commit (sqlite_sync.c) */
	struct db *via;                 /* in a shared transaction: the
					** writer connection everything goes
					** to until db_release (sqlite_batch.h) */
	struct batch *batch;            /* its file's shared transactions,
					** once it has joined one */
};

/*
** Writers of this process take turns here: a waiter is woken the moment
** the lock is free, where SQLite's busy handler would sleep and poll
** (p99 of 700 ms measured at 16 concurrent writers without it). Other
** processes on the same file still meet the busy timeout.
*/
extern pthread_mutex_t sq_write_mutex;

int sq_open_path(struct db **out, const char *path, struct err *e);
int sq_script(struct db *db, const char *sql, struct err *e);
int sq_fail(struct db *db, int rc, struct err *e, const char *what);
/* Reset every statement handed out on db; forget them when forget. */
void sq_reset_used(struct db *db, bool forget);

#endif
