/* online.c: GET/PUT /lessons/{id}/online, POST /lessons/{id}/views and
** POST /admin/views/flush (docs/DISTANCE.md "Lessons online", "Views") */
#include "core/common.h"
#include "api/online.h"
#include "api/journal.h"
#include "assign/assign.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lesson.h"
#include "journal/school_cal.h"
#include "views/views.h"

#include <sodium.h>

static const char *bbb_url, *bbb_secret;

void
online_bbb_config(const char *url, const char *secret)
{
	bbb_url = url && *url ? url : NULL;
	bbb_secret = secret && *secret ? secret : NULL;
}

/* Percent-encoding of a query value (RFC 3986 unreserved kept). */
static const char *
url_arg(struct req *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(r->a, strlen(s) * 3 + 1), *p = out;

	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
		    *c == '.' || *c == '~') {
			*p++ = (char)*c;
		} else {
			*p++ = '%';
			*p++ = hex[*c >> 4];
			*p++ = hex[*c & 15];
		}
	}
	*p = '\0';
	return out;
}

const char *
online_bbb_url(struct req *r, const char *call, const char *query)
{
	unsigned char sum[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256_state st;
	size_t len = strlen(bbb_url);

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)call,
		strlen(call));
	crypto_hash_sha256_update(&st, (const unsigned char *)query,
		strlen(query));
	crypto_hash_sha256_update(&st, (const unsigned char *)bbb_secret,
		strlen(bbb_secret));
	crypto_hash_sha256_final(&st, sum);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	return arena_printf(r->a, "%.*s/%s?%s&checksum=%s",
		(int)(len && bbb_url[len - 1] == '/' ? len - 1 : len), bbb_url,
		call, query, hex);
}

static struct query q_online = QUERY(
	"SELECT mode, link, status FROM lessons WHERE id = ?1");
static struct query q_materials = QUERY(
	"SELECT kind, title, body, url, file_id FROM lesson_materials "
	"WHERE lesson_id = ?1 ORDER BY position");
static struct query q_tv = QUERY(
	"SELECT s.id, c.code, c.name, s.date, s.starts, s.ends, s.title, "
	"s.recording_url FROM lesson_tv lt JOIN tv_slots s ON s.id = "
	"lt.slot_id JOIN tv_channels c ON c.id = s.channel_id "
	"WHERE lt.lesson_id = ?1");

/* The meeting of an online_sync lesson: its own link, else BBB's. */
static void
write_meeting(struct req *r, const struct lesson *l, const char *link,
	bool teacher)
{
	const char *id = arena_printf(r->a, "mektep-lesson-%lld",
		(long long)l->id);

	jw_key(&r->out, "meeting");
	if (link != NULL) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "provider", "link");
		jw_kv_str(&r->out, "join_url", link);
		jw_obj_end(&r->out);
		return;
	}
	if (bbb_url == NULL || bbb_secret == NULL) {
		jw_null(&r->out);
		return;
	}
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "provider", "bigbluebutton");
	jw_kv_str(&r->out, "meeting_id", id);
	jw_kv_str(&r->out, "join_url", online_bbb_url(r, "join",
		arena_printf(r->a, "fullName=%s&meetingID=%s&role=%s"
		"&redirect=true", url_arg(r, r->auth->full_name), id,
		teacher ? "MODERATOR" : "VIEWER")));
	if (teacher)
		jw_kv_str(&r->out, "create_url", online_bbb_url(r, "create",
			arena_printf(r->a, "meetingID=%s&name=%s&record=true",
			id, url_arg(r, arena_printf(r->a, "mektep %lld",
			(long long)l->id)))));
	jw_obj_end(&r->out);
}

/*
** GET /lessons/{id}/online: whoever sees the lesson. What the lesson
** carries online; a pupil of the class opening it is a view.
*/
int
api_lesson_online_get(struct req *r)
{
	struct db_stmt *st, *mt, *tt;
	struct lesson l;
	const char *mode;
	int64_t id;
	bool teacher;
	int rc, who;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_READ, &l))
		return 0;
	/* a pupil or parent of the class outside the lesson's group */
	if ((who = assign_lesson_who(r, &l)) <= 0)
		return who < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	teacher = r->auth->person_id == l.teacher_id ||
		r->auth->person_id == l.course_teacher_id;
	if ((st = db_prep(r->db, &q_online, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, l.id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "no such lesson");
	mode = arena_strdup(r->a, db_col_text(st, 0));
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "lesson_id", l.id);
	jw_kv_str(&r->out, "mode", mode);
	jw_kv_str(&r->out, "link", db_col_text(st, 1));
	if (strcmp(mode, "online_sync") == 0)
		write_meeting(r, &l, db_col_null(st, 1) ? NULL :
			arena_strdup(r->a, db_col_text(st, 1)), teacher);
	else
		jw_kv_null(&r->out, "meeting");
	if ((mt = db_prep(r->db, &q_materials, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(mt, 1, l.id);
	jw_key(&r->out, "materials");
	jw_arr_begin(&r->out);
	while ((rc = db_step(mt, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "kind", db_col_text(mt, 0));
		jw_kv_str(&r->out, "title", db_col_text(mt, 1));
		jw_kv_str(&r->out, "text", db_col_text(mt, 2));
		jw_kv_str(&r->out, "url", db_col_text(mt, 3));
		jw_key(&r->out, "file_id");
		if (db_col_null(mt, 4))
			jw_null(&r->out);
		else
			jw_i64(&r->out, db_col_i64(mt, 4));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0 || (tt = db_prep(r->db, &q_tv, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(tt, 1, l.id);
	jw_key(&r->out, "tv");
	if ((rc = db_step(tt, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "slot_id", db_col_i64(tt, 0));
		jw_kv_str(&r->out, "channel", db_col_text(tt, 1));
		jw_kv_str(&r->out, "channel_name", db_col_text(tt, 2));
		jw_kv_str(&r->out, "date", db_col_text(tt, 3));
		jw_kv_str(&r->out, "starts", db_col_text(tt, 4));
		jw_kv_str(&r->out, "ends", db_col_text(tt, 5));
		jw_kv_str(&r->out, "title", db_col_text(tt, 6));
		jw_kv_str(&r->out, "recording_url", db_col_text(tt, 7));
		jw_obj_end(&r->out);
	} else {
		jw_null(&r->out);
	}
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	if (who == GROUP_PUPIL)
		views_note_view(school_today(r->now), l.id, r->auth->person_id);
	return reply_json(r, 200);
}

/*
** POST /lessons/{id}/views: a pupil of the lesson's group opened its
** recording or material elsewhere (the web page calls it); 204. One view
** per pupil, lesson and day however often it is called; no transaction.
*/
int
api_lesson_view(struct req *r)
{
	struct lesson l;
	int64_t id;
	int who;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_READ, &l))
		return 0;
	if ((who = assign_lesson_who(r, &l)) <= 0)
		return who < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	if (who != GROUP_PUPIL)
		return reply_err(r, ERR_FORBIDDEN, "views are counted for the "
			"class's pupils");
	views_note_view(school_today(r->now), l.id, r->auth->person_id);
	return reply_empty(r);
}

static const char *const material_kinds[] = { "text", "link", "recording",
	"file", NULL };

static struct query q_mat_del = QUERY(
	"DELETE FROM lesson_materials WHERE lesson_id = ?1");
static struct query q_mat_add = QUERY(
	"INSERT INTO lesson_materials (lesson_id, position, kind, title, "
	"body, url, file_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
static struct query q_tv_del = QUERY(
	"DELETE FROM lesson_tv WHERE lesson_id = ?1");
static struct query q_tv_add = QUERY(
	"INSERT INTO lesson_tv (lesson_id, slot_id) VALUES (?1, ?2)");
static struct query q_slot = QUERY(
	"SELECT 1 FROM tv_slots WHERE id = ?1");

struct material {
	int kind;
	const char *title, *text, *url;
	int64_t file_id;
};

static int
materials_parse(struct req *r, json_t *arr, struct material *m)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) {
		const char *path = arena_printf(r->a, "materials[%zu]", i);

		memset(&m[i], 0, sizeof(m[i]));
		if (!json_is_object(x))
			return reply_err_field(r, ERR_INVAL, path, "each "
				"material must be an object"), -1;
		if (jv_only(r, x, path, "kind", "title", "text", "url",
		    "file_id", NULL) ||
		    jv_enum(r, x, path, "kind", JV_REQ, material_kinds,
		    &m[i].kind) ||
		    jv_str(r, x, path, "title", JV_REQ, 1, 200, &m[i].title) ||
		    jv_str(r, x, path, "text", m[i].kind == 0 ? JV_REQ : JV_OPT,
		    1, 20000, &m[i].text) ||
		    jv_str(r, x, path, "url", m[i].kind == 1 ? JV_REQ : JV_OPT,
		    1, 1000, &m[i].url) ||
		    jv_i64(r, x, path, "file_id", m[i].kind == 3 ? JV_REQ :
		    JV_OPT, 1, INT64_MAX, &m[i].file_id))
			return -1;
		/* a recording is a link or a stored file, one of them */
		if (m[i].kind == 2 && (m[i].url == NULL) == (m[i].file_id == 0))
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "url"), "a recording has "
				"either a 'url' or a 'file_id'"), -1;
		if (m[i].url != NULL && !lesson_link_ok(m[i].url))
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "url"), "'url' must be an "
				"http(s) link"), -1;
	}
	return 0;
}

/*
** PUT /lessons/{id}/online {"materials":[...]?, "tv_slot_id"?}: the
** lesson's teacher replaces its materials (all or nothing) and the TV
** slot it refers to (null: none). A file material names a file the
** teacher uploaded (or one the lesson has already), served by
** GET /lessons/{id}/files/{file_id} (api/lesson_files.c).
*/
int
api_lesson_online_put(struct req *r)
{
	struct material *m = NULL;
	struct lesson l;
	json_t *body, *arr = NULL, *tv;
	int64_t id, slot = 0;
	size_t n = 0;
	struct err *e = &r->err;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_WRITE, &l))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "materials", "tv_slot_id", NULL) ||
	    jv_arr(r, body, NULL, "materials", JV_OPT, 50, &arr))
		return 0;
	tv = json_object_get(body, "tv_slot_id");
	if (tv != NULL && !json_is_null(tv) && jv_i64(r, body, NULL,
	    "tv_slot_id", JV_REQ, 1, INT64_MAX, &slot))
		return 0;
	if (arr != NULL) {
		n = json_array_size(arr);
		m = arena_alloc(r->a, (n + 1) * sizeof(*m));
		if (materials_parse(r, arr, m))
			return 0;
		for (size_t i = 0; i < n; i++) {
			int ok = m[i].file_id == 0 ? 1 :
				assign_material_file_ok(r, l.id, m[i].file_id);

			if (ok < 0)
				return reply_error(r, NULL);
			if (!ok)
				return reply_err_field(r, ERR_INVAL, arena_printf(
					r->a, "materials[%zu].file_id", i), "no "
					"file %lld uploaded by you",
					(long long)m[i].file_id);
		}
	}
	if (slot && db_get_i64(r->db, &q_slot, &(int64_t){ 0 }, e, 1,
	    slot) != 0)
		return e->code == ERR_NOTFOUND ? reply_err_field(r, ERR_INVAL,
			"tv_slot_id", "no such TV slot") : reply_error(r, NULL);
	if (db_begin(r->db, e) != 0)
		return reply_error(r, NULL);
	if (arr != NULL) {
		struct db_stmt *st = db_prep(r->db, &q_mat_del, e);

		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, l.id);
		if (db_exec(st, e) != DB_DONE)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			if ((st = db_prep(r->db, &q_mat_add, e)) == NULL)
				goto fail;
			db_bind_i64(st, 1, l.id);
			db_bind_i64(st, 2, (int64_t)i);
			db_bind_text(st, 3, material_kinds[m[i].kind]);
			db_bind_text(st, 4, m[i].title);
			db_bind_text(st, 5, m[i].text);
			db_bind_text(st, 6, m[i].url);
			if (m[i].file_id)
				db_bind_i64(st, 7, m[i].file_id);
			else
				db_bind_null(st, 7);
			if (db_exec(st, e) != DB_DONE)
				goto fail;
		}
	}
	if (tv != NULL) {
		struct db_stmt *st = db_prep(r->db, &q_tv_del, e);

		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, l.id);
		if (db_exec(st, e) != DB_DONE)
			goto fail;
		if (slot) {
			if ((st = db_prep(r->db, &q_tv_add, e)) == NULL)
				goto fail;
			db_bind_i64(st, 1, l.id);
			db_bind_i64(st, 2, slot);
			if (db_exec(st, e) != DB_DONE)
				goto fail;
		}
	}
	if (db_commit(r->db, e) != 0)
		goto fail;
	return api_lesson_online_get(r);
fail:
	if (db_in_tx(r->db))
		db_rollback(r->db);
	return reply_error(r, NULL);
}

/*
** POST /admin/views/flush: the ministry writes this server's views and
** users now (tests, and an operator before a planned stop); otherwise
** the flushing thread does it every VIEWS_FLUSH_S seconds.
*/
int
api_views_flush(struct req *r)
{
	int n;

	if (!authz_is_ministry(r->auth))
		return reply_err(r, ERR_FORBIDDEN, "only the ministry flushes "
			"the views");
	if ((n = views_flush(r->db, &r->err)) < 0)
		return reply_error(r, NULL);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "written", n);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
