/* db_util.c: small helpers over db.h shared by every store */
#include "core/common.h"
#include "db/db.h"

int
db_get_i64(struct db *db, struct query *q, int64_t *out, struct err *e,
	int nparams, ...)
{
	struct db_stmt *st = db_prep(db, q, e);
	va_list ap;
	int rc;

	if (st == NULL)
		return e ? e->code : ERR_DB;
	va_start(ap, nparams);
	for (int i = 1; i <= nparams; i++)
		db_bind_i64(st, i, va_arg(ap, int64_t));
	va_end(ap);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*out = db_col_i64(st, 0);
		return 0;
	}
	if (rc == DB_DONE)
		return err_set(e, ERR_NOTFOUND, "not found");
	return rc;
}
