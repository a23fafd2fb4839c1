/* db_util.c: small helpers over db.h shared by every store */
#include "core/common.h"
#include "db/db.h"

/* q prepared with nparams int64_t parameters from ap, or NULL. */
static struct db_stmt *
prep_i64(struct db *db, struct query *q, struct err *e, int nparams,
	va_list ap)
{
	struct db_stmt *st = db_prep(db, q, e);

	for (int i = 1; st != NULL && i <= nparams; i++)
		db_bind_i64(st, i, va_arg(ap, int64_t));
	return st;
}

int
db_get_i64(struct db *db, struct query *q, int64_t *out, struct err *e,
	int nparams, ...)
{
	struct db_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, nparams);
	st = prep_i64(db, q, e, nparams, ap);
	va_end(ap);
	if (st == NULL)
		return e ? e->code : ERR_DB;
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*out = db_col_i64(st, 0);
		return 0;
	}
	if (rc == DB_DONE)
		return err_set(e, ERR_NOTFOUND, "not found");
	return rc;
}

int
db_exec_i64(struct db *db, struct query *q, struct err *e, int nparams, ...)
{
	struct db_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, nparams);
	st = prep_i64(db, q, e, nparams, ap);
	va_end(ap);
	if (st == NULL)
		return e ? e->code : ERR_DB;
	rc = db_exec(st, e);
	return rc == DB_DONE ? 0 : rc;
}
