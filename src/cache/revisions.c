/* revisions.c: a revision number per area, raised by every write */
#include "core/common.h"
#include "cache/revisions.h"
#include "cache/answers.h"
#include "core/log.h"
#include "db/db.h"

static struct query q_raise = QUERY(
	"INSERT INTO revisions (scope, id, rev) VALUES (?1, ?2, 1) "
	"ON CONFLICT (scope, id) DO UPDATE SET rev = revisions.rev + 1");
static struct query q_sum = QUERY(
	"SELECT COALESCE(SUM(rev), 0) FROM revisions WHERE "
	"(scope = 0 AND id = 0) OR (scope = 1 AND id = ?1) OR "
	"(scope = 2 AND id = ?2) OR (scope = 3 AND id = ?3) OR "
	"(scope = 4 AND id = ?4)");

void
rev_note(struct req *r, const struct place *p)
{
	struct req_area a = { REV_ALL, 0 };

	if (p->class_id)
		a = (struct req_area){ REV_CLASS, p->class_id };
	else if (p->school_id)
		a = (struct req_area){ REV_SCHOOL, p->school_id };
	else if (p->district_id)
		a = (struct req_area){ REV_DISTRICT, p->district_id };
	else if (p->region_id)
		a = (struct req_area){ REV_REGION, p->region_id };
	for (int i = 0; i < r->nwrote; i++)
		if (r->wrote[i].scope == a.scope && r->wrote[i].id == a.id)
			return;
	if (r->nwrote == REQ_MAX_WROTE) {
		/* more areas than we keep: raise everything's instead */
		a = (struct req_area){ REV_ALL, 0 };
		r->nwrote = 0;
	}
	r->wrote[r->nwrote++] = a;
}

int
rev_commit_hook(struct db *db, void *req, struct err *e)
{
	struct req *r = req;

	for (int i = 0; i < r->nwrote; i++) {
		struct db_stmt *st = db_prep(db, &q_raise, e);
		int rc;

		if (st == NULL)
			return e->code;
		db_bind_i64(st, 1, r->wrote[i].scope);
		db_bind_i64(st, 2, r->wrote[i].id);
		if ((rc = db_exec(st, e)) < 0)
			return rc;
	}
	r->nwrote = 0;
	return 0;
}

void
rev_request_end(struct req *r)
{
	struct err e = { 0 };

	if (r->nwrote == 0)
		return;
	if (r->status >= 400 && r->status < 500) {
		r->nwrote = 0;          /* refused: nothing was written */
		return;
	}
	if (r->db == NULL || db_in_tx(r->db) || db_begin(r->db, &e) < 0 ||
	    rev_commit_hook(r->db, r, &e) < 0 || db_commit(r->db, &e) < 0) {
		if (r->db != NULL && db_in_tx(r->db))
			db_rollback(r->db);
		log_msg(LOG_ERROR, "request %s: revisions not raised (%s); "
			"answers kept in memory are dropped", r->id,
			e.msg[0] ? e.msg : "no connection");
		answers_clear();
	}
	r->nwrote = 0;
}

int
rev_read(struct req *r, const struct place *p, int64_t *rev)
{
	struct db_stmt *st = db_prep(r->db, &q_sum, &r->err);

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, p->region_id);
	db_bind_i64(st, 2, p->district_id);
	db_bind_i64(st, 3, p->school_id);
	db_bind_i64(st, 4, p->class_id);
	if (db_step(st, &r->err) != DB_ROW)
		return -1;
	*rev = db_col_i64(st, 0);
	return 0;
}
