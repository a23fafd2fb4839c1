/* revocations.c: whose sessions changed (revocations.h) */
#include "core/common.h"
#include "auth/revocations.h"

#define KEPT 65536              /* rows kept: twice REVOCATIONS_FAR */

static struct query q_raise = QUERY(
	"UPDATE auth_revision SET s = s + 1 WHERE id = 1 RETURNING s");
static struct query q_add = QUERY(
	"INSERT INTO session_revocations (seq, person_id) VALUES (?1, ?2)");
static struct query q_prune = QUERY(
	"DELETE FROM session_revocations WHERE seq <= ?1");
static struct query q_end = QUERY(
	"DELETE FROM sessions WHERE person_id = ?1");
static struct query q_since = QUERY(
	"SELECT person_id FROM session_revocations "
	"WHERE seq > ?1 AND seq <= ?2");

int
revocation_add(struct db *db, int64_t person, struct err *e)
{
	int64_t s;
	int rc;

	if ((rc = db_get_i64(db, &q_raise, &s, e, 0)) != 0)
		return rc;
	if ((rc = db_exec_i64(db, &q_add, e, 2, s, person)) != 0)
		return rc;
	return db_exec_i64(db, &q_prune, e, 1, s - KEPT);
}

int
revocation_end_sessions(struct db *db, int64_t person, struct err *e)
{
	int rc = db_exec_i64(db, &q_end, e, 1, person);

	return rc ? rc : revocation_add(db, person, e);
}

int
revocations_read(struct db *db, int64_t from, int64_t to,
	void (*fn)(int64_t person, void *arg), void *arg, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_since, e);
	int rc;

	if (st == NULL)
		return e && e->code ? e->code : ERR_DB;
	db_bind_i64(st, 1, from);
	db_bind_i64(st, 2, to);
	while ((rc = db_step(st, e)) == DB_ROW)
		fn(db_col_i64(st, 0), arg);
	return rc == DB_DONE ? 0 : rc;
}
