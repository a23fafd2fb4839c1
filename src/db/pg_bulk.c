/* pg_bulk.c: db_bulk(), db_pipeline(): writes sent down a pipeline,
** answers read later */
#include "core/common.h"
#include "db/pg_impl.h"

/*
** The demo generator writes about a million rows in one transaction; a
** round trip each was most of its time on PostgreSQL. In bulk mode a
** write inside a transaction that returns no rows is sent at once
** (libpq's pipeline mode) and its answer read later: when BULK_MAX wait,
** or before anything that needs an answer (a statement returning rows,
** preparing, commit, rollback). An error of such a write surfaces there;
** its db_changes() is 0. Within the pipeline statements still run in
** order, so a read after writes sees them. db_pipeline() turns the same
** on for one transaction (a request's marks: their upserts and audit
** rows).
*/
#define BULK_MAX 256

static int
describe(struct db_stmt *st, struct err *e)
{
	char name[24];
	PGresult *res;
	int rc = 0;

	pg_stmt_name(st, name);
	res = PQdescribePrepared(st->db->conn, name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(st->db, res, e, "describe");
	else
		st->nfields = PQnfields(res);
	PQclear(res);
	return rc;
}

bool
pg_bulk_takes(struct db_stmt *st, struct err *e)
{
	struct db *db = st->db;

	if (!(db->bulk || db->pipe_tx) || !db->in_tx)
		return false;
	if (st->nfields < 0 && (pg_bulk_drain(db, e) != 0 ||
	    describe(st, e) != 0))
		return false;
	return st->nfields == 0;
}

int
pg_bulk_send(struct db_stmt *st, struct err *e)
{
	struct db *db = st->db;
	char name[24];

	if (PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF &&
	    PQenterPipelineMode(db->conn) != 1)
		return pg_fail(db, NULL, e, "pipeline");
	pg_stmt_name(st, name);
	if (PQsendQueryPrepared(db->conn, name, st->nparams,
	    (const char *const *)st->vals, st->lens, NULL, 0) != 1)
		return pg_fail(db, NULL, e, "bulk send");
	if (++db->pending >= BULK_MAX)
		return pg_bulk_drain(db, e);
	return 0;
}

int
pg_bulk_drain(struct db *db, struct err *e)
{
	int rc = 0;

	if (db->conn == NULL ||
	    PQpipelineStatus(db->conn) == PQ_PIPELINE_OFF)
		return 0;
	if (PQpipelineSync(db->conn) != 1)
		rc = pg_fail(db, NULL, e, "bulk sync");
	while (rc == 0 || conn_ok(db)) {
		PGresult *res = PQgetResult(db->conn);
		ExecStatusType s;

		if (res == NULL) {
			if (!conn_ok(db)) {
				if (rc == 0)
					rc = pg_fail(db, NULL, e, "bulk");
				break;
			}
			continue;       /* between the answers of two writes */
		}
		s = PQresultStatus(res);
		if (s == PGRES_FATAL_ERROR && rc == 0)
			rc = pg_fail(db, res, e, "bulk write");
		PQclear(res);
		if (s == PGRES_PIPELINE_SYNC)
			break;
	}
	db->pending = 0;
	if (conn_ok(db))
		PQexitPipelineMode(db->conn);
	return rc;
}
