/* health.c: GET /healthz and GET /metrics */
#include "core/common.h"
#include "api/api.h"
#include "http/reply.h"
#include "http/metrics.h"
#include "http/server.h"
#include "core/jw.h"
#include "db/db.h"

static struct query q_ping = QUERY("SELECT 1");

int
api_healthz(struct req *r)
{
	struct db *db = server_db(&r->err);
	int64_t one = 0;

	if (db == NULL)
		return reply_error(r, NULL);
	r->db = db;
	if (db_get_i64(db, &q_ping, &one, &r->err, 0) != 0)
		return reply_err(r, ERR_UNAVAIL, "the database does not answer");
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "status", "ok");
	jw_kv_str(&r->out, "version", MK_VERSION);
	jw_kv_str(&r->out, "store", db_kind(db) == DB_PG ? "postgresql" :
		"sqlite");
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

int
api_metrics(struct req *r)
{
	metrics_render(&r->out);
	r->status = 200;
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
	return 0;
}
