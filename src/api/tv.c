/* tv.c: the TV schedule: GET /tv/channels, GET/POST /tv/slots,
** DELETE /tv/slots/{id} (docs/DISTANCE.md "TV") */
#include "core/common.h"
#include "api/tv.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "cache/revisions.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/jv.h"
#include "http/reply.h"
#include "rules/bells.h"
#include "rules/dates.h"

static struct query q_channels = QUERY(
	"SELECT id, code, name, lang FROM tv_channels ORDER BY id");

/* GET /tv/channels: everyone logged in. */
int
api_tv_channels(struct req *r)
{
	struct db_stmt *st = db_prep(r->db, &q_channels, &r->err);
	int rc;

	if (st == NULL)
		return reply_error(r, NULL);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "channels");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "code", db_col_text(st, 1));
		jw_kv_str(&r->out, "name", db_col_text(st, 2));
		jw_kv_str(&r->out, "lang", db_col_text(st, 3));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return rc < 0 ? reply_error(r, NULL) : reply_json(r, 200);
}

#define SLOT_COLS "s.id, c.code, s.region_id, s.date, s.starts, s.ends, " \
	"s.grade, s.subject_id, s.lang, s.title, s.recording_url "

static struct query q_slots = QUERY(
	"SELECT " SLOT_COLS "FROM tv_slots s "
	"JOIN tv_channels c ON c.id = s.channel_id "
	"WHERE s.date BETWEEN ?1 AND ?2 AND (?3 < 0 OR s.grade = ?3) "
	"AND (?4 = '' OR c.code = ?4) ORDER BY s.date, s.starts, s.id "
	"LIMIT 1000");
static struct query q_slot_one = QUERY(
	"SELECT " SLOT_COLS "FROM tv_slots s "
	"JOIN tv_channels c ON c.id = s.channel_id WHERE s.id = ?1");

static void
write_slot(struct req *r, struct db_stmt *st)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_str(&r->out, "channel", db_col_text(st, 1));
	jw_key(&r->out, "region_id");
	if (db_col_null(st, 2))
		jw_null(&r->out);
	else
		jw_i64(&r->out, db_col_i64(st, 2));
	jw_kv_str(&r->out, "date", db_col_text(st, 3));
	jw_kv_str(&r->out, "starts", db_col_text(st, 4));
	jw_kv_str(&r->out, "ends", db_col_text(st, 5));
	jw_kv_i64(&r->out, "grade", db_col_i64(st, 6));
	jw_key(&r->out, "subject_id");
	if (db_col_null(st, 7))
		jw_null(&r->out);
	else
		jw_i64(&r->out, db_col_i64(st, 7));
	jw_kv_str(&r->out, "lang", db_col_text(st, 8));
	jw_kv_str(&r->out, "title", db_col_text(st, 9));
	jw_kv_str(&r->out, "recording_url", db_col_text(st, 10));
	jw_obj_end(&r->out);
}

static int
query_date(struct req *r, const char *name, const char *dflt,
	const char **out)
{
	const char *s = req_query(r, name);

	if (s == NULL) {
		*out = dflt;
		return 0;
	}
	if (date_parse(s, NULL) != 0)
		return reply_err_field(r, ERR_BADREQ, name, "'%s' must be a "
			"date YYYY-MM-DD", name), -1;
	*out = s;
	return 0;
}

/* GET /tv/slots?from=&to=&grade=&channel=: everyone logged in (at most
** 1000 slots, 31 days). */
int
api_tv_slots_list(struct req *r)
{
	const char *from, *to, *channel = req_query(r, "channel");
	struct db_stmt *st;
	int32_t a, b;
	int64_t grade;
	int rc;

	if (query_date(r, "from", "", &from) ||
	    query_date(r, "to", "", &to) ||
	    req_query_i64(r, "grade", 0, 11, -1, &grade))
		return 0;
	if (!*from || !*to)
		return reply_err(r, ERR_BADREQ, "'from' and 'to' are required");
	date_parse(from, &a);
	date_parse(to, &b);
	if (b < a || b - a > 30)
		return reply_err_field(r, ERR_BADREQ, "to", "'to' must be from "
			"'from' to 30 days after it");
	if ((st = db_prep(r->db, &q_slots, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_i64(st, 3, grade);
	db_bind_text(st, 4, channel ? channel : "");
	jw_obj_begin(&r->out);
	jw_key(&r->out, "slots");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW)
		write_slot(r, st);
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return rc < 0 ? reply_error(r, NULL) : reply_json(r, 200);
}

/*
** Who may write a slot of region_id (0: the country's): the ministry for
** the country's, the region's department (or the ministry) for a
** region's. The area written is noted so that the write transaction
** raises its revision: every diary of the country (or the region)
** is built again (docs/CACHING.md). A new slot's region is checked by
** authz() (404 when unknown or not visible); an existing slot is seen by
** everyone, so a caller who may not change it gets 403.
*/
static int
slot_may_write(struct req *r, int64_t region_id, bool existing)
{
	struct place p = { .region_id = region_id };

	if (region_id && !existing)
		return authz(r, ACC_WRITE, OBJ_REGION, region_id, NULL);
	if (region_id ? !authz_allows(r->auth, ACC_WRITE, OBJ_REGION, &p) :
	    !authz_is_ministry(r->auth))
		return reply_err(r, ERR_FORBIDDEN, region_id ? "a region's TV "
			"schedule is written by its education department" :
			"the country's TV schedule is written by the "
			"ministry"), -1;
	rev_note(r, &p);
	return 0;
}

static struct query q_channel = QUERY(
	"SELECT id, lang FROM tv_channels WHERE code = ?1");
static struct query q_insert = QUERY(
	"INSERT INTO tv_slots (channel_id, region_id, date, starts, ends, "
	"grade, subject_id, lang, title, recording_url, created_by, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	"?12) RETURNING id");

static int
time_field(struct req *r, json_t *body, const char *name, const char **out)
{
	if (jv_str(r, body, NULL, name, JV_REQ, 5, 5, out))
		return -1;
	if (bells_parse(*out) < 0)
		return reply_err_field(r, ERR_INVAL, name, "'%s' must be a "
			"time HH:MM", name), -1;
	return 0;
}

/* POST /tv/slots: the ministry, or a region's department for its own. */
int
api_tv_slot_create(struct req *r)
{
	const char *channel, *date, *starts, *ends, *title, *rec = NULL;
	int64_t region = 0, grade, subject = 0, channel_id, id;
	struct db_stmt *st;
	json_t *body;
	char lang[3];
	int rc;

	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "channel", "region_id", "date", "starts",
	    "ends", "grade", "subject_id", "title", "recording_url", NULL) ||
	    jv_str(r, body, NULL, "channel", JV_REQ, 1, 40, &channel) ||
	    jv_i64(r, body, NULL, "region_id", JV_OPT, 1, INT64_MAX,
	    &region) ||
	    jv_date(r, body, NULL, "date", JV_REQ, &date) ||
	    time_field(r, body, "starts", &starts) ||
	    time_field(r, body, "ends", &ends) ||
	    jv_i64(r, body, NULL, "grade", JV_REQ, 0, 11, &grade) ||
	    jv_i64(r, body, NULL, "subject_id", JV_OPT, 1, INT64_MAX,
	    &subject) ||
	    jv_str(r, body, NULL, "title", JV_REQ, 1, 300, &title) ||
	    jv_str(r, body, NULL, "recording_url", JV_OPT, 1, 1000, &rec))
		return 0;
	if (rec != NULL && !lesson_link_ok(rec))
		return reply_err_field(r, ERR_INVAL, "recording_url",
			"'recording_url' must be an http(s) link");
	if (bells_parse(ends) <= bells_parse(starts))
		return reply_err_field(r, ERR_INVAL, "ends", "'ends' must be "
			"after 'starts'");
	if (slot_may_write(r, region, false))
		return 0;
	if ((st = db_prep(r->db, &q_channel, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, channel);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) : reply_err_field(r,
			ERR_INVAL, "channel", "no channel '%s'", channel);
	channel_id = db_col_i64(st, 0);
	snprintf(lang, sizeof(lang), "%s", db_col_text(st, 1));
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_insert, &r->err)) == NULL)
		goto fail;
	db_bind_i64(st, 1, channel_id);
	if (region)
		db_bind_i64(st, 2, region);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, date);
	db_bind_text(st, 4, starts);
	db_bind_text(st, 5, ends);
	db_bind_i64(st, 6, grade);
	if (subject)
		db_bind_i64(st, 7, subject);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, lang);
	db_bind_text(st, 9, title);
	db_bind_text(st, 10, rec);
	db_bind_i64(st, 11, r->auth->person_id);
	db_bind_i64(st, 12, r->now);
	if (db_step(st, &r->err) != DB_ROW)
		goto fail;
	id = db_col_i64(st, 0);
	if (db_commit(r->db, &r->err) != 0)
		goto fail;
	if ((st = db_prep(r->db, &q_slot_one, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	write_slot(r, st);
	return reply_json(r, 201);
fail:
	if (db_in_tx(r->db))
		db_rollback(r->db);
	/* the one foreign key left unchecked: the subject */
	return r->err.code == ERR_CONFLICT ? reply_err_field(r, ERR_INVAL,
		"subject_id", "no such subject") : reply_error(r, NULL);
}

static struct query q_slot_region = QUERY(
	"SELECT COALESCE(region_id, 0) FROM tv_slots WHERE id = ?1");
static struct query q_delete = QUERY(
	"DELETE FROM tv_slots WHERE id = ?1");

/* DELETE /tv/slots/{id}: whoever may write it; 204. */
int
api_tv_slot_delete(struct req *r)
{
	struct db_stmt *st;
	int64_t id, region;

	if (req_path_id(r, 0, &id))
		return 0;
	if (db_get_i64(r->db, &q_slot_region, &region, &r->err, 1, id) != 0)
		return r->err.code == ERR_NOTFOUND ? reply_err(r, ERR_NOTFOUND,
			"no such TV slot") : reply_error(r, NULL);
	if (slot_may_write(r, region, true))
		return 0;
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_delete, &r->err)) == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	if (db_exec(st, &r->err) != DB_DONE || db_commit(r->db, &r->err) != 0)
		goto fail;
	return reply_empty(r);
fail:
	if (db_in_tx(r->db))
		db_rollback(r->db);
	return reply_error(r, NULL);
}
