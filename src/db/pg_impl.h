/* pg_impl.h: the PostgreSQL store's connection and statement (db_pg.c,
** pg_bulk.c) */
#ifndef MK_PG_IMPL_H
#define MK_PG_IMPL_H

#include "db/db_impl.h"

#include <libpq-fe.h>
#include <time.h>

struct db_stmt {
	const struct db_ops *ops;     /* first: see db_impl.h */
	struct db *db;
	const char *sql;
	int slot;
	unsigned gen;                   /* connection it was prepared on */
	int nparams;
	char **vals;                    /* NULL: SQL null */
	char **bufs;
	size_t *caps;
	int *lens;
	PGresult *res;
	int row, nrows;
	bool executed, used;
	int nfields;                    /* result columns; -1: not asked */
	int64_t changes;
};

struct db {
	const struct db_ops *ops;     /* first: see db_impl.h */
	PGconn *conn;
	char *url;
	unsigned gen;                   /* bumped on each (re)connection */
	time_t last_try;
	bool lost_logged;
	struct db_stmt **cache;         /* by query slot */
	int ncache;
	struct db_stmt **used;
	int nused, capused;
	bool in_tx;
	bool bulk;                      /* db_bulk(): writes pipelined */
	bool pipe_tx;                   /* db_pipeline(): so, till tx end */
	int pending;                    /* writes sent, answers not read */
};

static inline bool
conn_ok(const struct db *db)
{
	return db->conn && PQstatus(db->conn) == CONNECTION_OK;
}

/* The enum err a failed result (or, res NULL, a lost connection) means;
** fills e and logs. */
int pg_fail(struct db *db, PGresult *res, struct err *e, const char *what);

static inline void
pg_stmt_name(const struct db_stmt *st, char name[24])
{
	snprintf(name, 24, "s%d", st->slot);
}

/* pg_bulk.c */
/* Whether st, stepped now, is sent without waiting for its answer. */
bool pg_bulk_takes(struct db_stmt *st, struct err *e);
int pg_bulk_send(struct db_stmt *st, struct err *e);
/* Read the answers of the writes sent; the first error, else 0. */
int pg_bulk_drain(struct db *db, struct err *e);

#endif
