/* db_impl.h: what a store implements behind db.h (private to src/db) */
#ifndef MK_DB_IMPL_H
#define MK_DB_IMPL_H

#include "db/db.h"

/*
** db.c holds the public db_* functions and calls a store's operations
** through the ops pointer that struct db and struct db_stmt of every
** store carry as their first member. Timing (db_thread_time_us) and the
** query slots are kept in db.c, once for every store.
*/
struct db_ops {
	enum db_kind kind;
	int (*open)(struct db **out, const char *url, struct err *e);
	void (*close)(struct db *db);
	struct db_stmt *(*prep)(struct db *db, struct query *q, int slot,
		struct err *e);
	int (*bind_i64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_f64)(struct db_stmt *st, int idx, double v);
	int (*bind_textn)(struct db_stmt *st, int idx, const char *s,
		size_t len);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st, struct err *e);
	int64_t (*col_i64)(struct db_stmt *st, int col);
	double (*col_f64)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	bool (*col_null)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db_stmt *st);
	int (*script)(struct db *db, const char *sql, struct err *e);
	int (*begin)(struct db *db, struct err *e);
	int (*begin_read)(struct db *db, struct err *e);
	int (*commit)(struct db *db, struct err *e);
	void (*rollback)(struct db *db);
	bool (*in_tx)(const struct db *db);
	void (*release)(struct db *db);
	void (*end_request)(struct db *db);     /* NULL: nothing to do */
	void (*bulk)(struct db *db, bool on);   /* NULL: nothing to do */
	void (*pipeline)(struct db *db);        /* NULL: nothing to do */
};

/* db.c: whether sql only reads (a SELECT; a WITH may hide a write) */
bool db_sql_reads(const char *sql);

/* the first member of every store's struct db and struct db_stmt */
struct db_head {
	const struct db_ops *ops;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* pg_sql.c: SQLite's ?N placeholders as PostgreSQL's $N, leaving string
** literals, quoted identifiers and comments alone. Returns the highest N
** (0 for none), or -1 for a placeholder that is not ?N (out is then
** unspecified). out must hold strlen(sql) + 1 bytes. */
int pg_rewrite_params(const char *sql, char *out);

/*
** grants_rev.c: whether a statement writes a table the callers' grants
** are read from (or deletes rows that cascade into one), and raising the
** auth revision (migrations/0022) inside the transaction that did.
*/
bool grants_rev_written(const char *sql);
int grants_rev_raise(struct db *db, struct err *e);

#endif
