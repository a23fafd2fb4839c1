/* files_api.c: POST /files (a streamed upload) and GET /files/{id} */
#include "core/common.h"
#include "assign/assign.h"
#include "assign/upload.h"
#include "api/api.h"
#include "auth/auth.h"
#include "files/disposition.h"
#include "files/store.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

#define FILE_NAME_MAX 255

/* A file name as sent: UTF-8, no control characters, a base name. */
static const char *
file_name(struct req *r)
{
	const char *name = req_query(r, "name"), *base;

	if (name == NULL)
		return reply_err_field(r, ERR_INVAL, "name", "'name' (the "
			"file's name) is required in the query"), NULL;
	base = files_base_name(name);
	if (*base == '\0' || strlen(base) > FILE_NAME_MAX ||
	    !utf8_valid(base, strlen(base)))
		return reply_err_field(r, ERR_INVAL, "name", "'name' is a "
			"file name of 1 to %d bytes of UTF-8", FILE_NAME_MAX),
			NULL;
	for (const unsigned char *p = (const unsigned char *)base; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return reply_err_field(r, ERR_INVAL, "name", "'name' "
				"has a control character"), NULL;
	return base;
}

static struct query q_insert = QUERY(
	"INSERT INTO files (sha256, size, ctype, name, uploaded_by, "
	"uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");

static void
write_file(struct req *r, int64_t id, const char *name, int64_t size,
	const char *ctype, const char *sha)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "name", name);
	jw_kv_i64(&r->out, "size", size);
	jw_kv_str(&r->out, "content_type", ctype);
	jw_kv_str(&r->out, "sha256", sha);
	jw_obj_end(&r->out);
}

static int
file_upload(struct req *r)
{
	struct files_stream *s = &r->upload->s;
	const char *name, *ctype;
	struct db_stmt *st;
	char hex[65];
	int64_t id;

	if (s->too_big)
		return reply_err(r, ERR_TOOBIG, "a file may be at most %llu "
			"bytes", (unsigned long long)files_config()->max_file);
	if ((name = file_name(r)) == NULL)
		return 0;
	if (s->len == 0)
		return reply_err_field(r, ERR_INVAL, "file", "the file is "
			"empty");
	ctype = sniff_type(s->head, s->head_len, sniff_text_ok(&s->text));
	if (ctype == NULL)
		return reply_err_field(r, ERR_INVAL, "file", "this kind of "
			"file is not accepted: PDF, PNG, JPEG, plain UTF-8 "
			"text, DOCX, XLSX, PPTX, ODT, ODS or ODP, judged by "
			"its content");
	/* the bytes are durable under their hash before the row exists */
	if (files_stream_commit(s, hex, &r->err) != 0)
		return reply_error(r, NULL);
	if ((st = db_prep(r->db, &q_insert, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_text(st, 1, hex);
	db_bind_i64(st, 2, (int64_t)s->len);
	db_bind_text(st, 3, ctype);
	db_bind_text(st, 4, name);
	db_bind_i64(st, 5, r->auth->person_id);
	db_bind_i64(st, 6, r->now);
	if (api_insert_id(r, st, &id) != 0)
		return reply_error(r, NULL);
	write_file(r, id, name, (int64_t)s->len, ctype, hex);
	return reply_json(r, 201);
}

int
api_file_upload(struct req *r)
{
	int rc = file_upload(r);

	/* refused: the bytes go before the answer does (a no-op once the
	** blob has its name) */
	files_stream_abort(&r->upload->s);
	return rc;
}

static struct query q_file = QUERY(
	"SELECT sha256, size, ctype, name, uploaded_by FROM files "
	"WHERE id = ?1");
static struct query q_uses = QUERY(
	"SELECT 'a', assignment_id FROM assignment_files WHERE file_id = ?1 "
	"UNION ALL SELECT 'h', handin_id FROM handin_files WHERE file_id = ?1 "
	"UNION ALL SELECT 'm', lesson_id FROM lesson_materials "
	"WHERE file_id = ?1");
static struct query q_material = QUERY(
	"SELECT 1 FROM lesson_materials WHERE lesson_id = ?1 AND file_id = ?2");

/* May the caller see what a file is attached to: an assignment ('a'), a
** hand-in ('h'), a lesson's material ('m')? 0, ERR_NOTFOUND or -1. */
static int
use_visible(struct req *r, char kind, int64_t id, struct assignment *a)
{
	int64_t student;

	switch (kind) {
	case 'a':
		return assign_access(r, id, a);
	case 'h':
		return assign_handin_access(r, id, a, &student);
	default:
		return assign_lesson_access(r, id, a);
	}
}

/*
** The one rule for every stored file: it is seen by whoever uploaded it,
** and by whoever may see an assignment, a hand-in or a lesson it is
** attached to (only_lesson: that lesson's material, nothing else).
** 1, 0, or -1 (r->err); *a is what granted it (zeroed for the uploader).
*/
static int
file_visible(struct req *r, int64_t id, int64_t uploaded_by,
	int64_t only_lesson, struct assignment *a)
{
	struct db_stmt *st;
	int64_t *uses;
	char *kinds;
	int rc, n = 0, cap = 16;

	memset(a, 0, sizeof(*a));
	if (only_lesson) {
		if ((st = db_prep(r->db, &q_material, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, only_lesson);
		db_bind_i64(st, 2, id);
		if ((rc = db_step(st, &r->err)) != DB_ROW)
			return rc < 0 ? -1 : 0;
		rc = use_visible(r, 'm', only_lesson, a);
		return rc == 0 ? 1 : rc == ERR_NOTFOUND ? 0 : -1;
	}
	if (uploaded_by == r->auth->person_id)
		return 1;
	if ((st = db_prep(r->db, &q_uses, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	uses = arena_alloc(r->a, (size_t)cap * sizeof(*uses));
	kinds = arena_alloc(r->a, (size_t)cap);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (n == cap) {         /* a file attached to many lessons */
			int64_t *u = arena_alloc(r->a, (size_t)cap * 2 *
				sizeof(*u));
			char *k = arena_alloc(r->a, (size_t)cap * 2);

			memcpy(u, uses, (size_t)cap * sizeof(*u));
			memcpy(k, kinds, (size_t)cap);
			uses = u;
			kinds = k;
			cap *= 2;
		}
		kinds[n] = db_col_text(st, 0)[0];
		uses[n++] = db_col_i64(st, 1);
	}
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		rc = use_visible(r, kinds[i], uses[i], a);
		if (rc == 0)
			return 1;
		if (rc != ERR_NOTFOUND)
			return -1;
	}
	return 0;
}

int
assign_file_send(struct req *r, int64_t id, int64_t lesson_id,
	struct assignment *a)
{
	struct db_stmt *st;
	const char *sha, *ctype, *name;
	uint64_t size;
	struct sb *cd = arena_alloc(r->a, sizeof(*cd));  /* released with r */
	int64_t uploader;
	int rc, fd;

	if ((st = db_prep(r->db, &q_file, &r->err)) == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) < 0)
		return reply_error(r, NULL), -1;
	if (rc != DB_ROW)
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	sha = arena_strdup(r->a, db_col_text(st, 0));
	ctype = arena_strdup(r->a, db_col_text(st, 2));
	name = arena_strdup(r->a, db_col_text(st, 3));
	uploader = db_col_i64(st, 4);
	if ((rc = file_visible(r, id, uploader, lesson_id, a)) < 0)
		return reply_error(r, NULL), -1;
	if (rc == 0)
		return reply_err(r, ERR_NOTFOUND, "not found"), -1;
	if ((fd = files_blob_open(sha, &size, &r->err)) < 0)
		return reply_error(r, NULL), -1;
	sb_init(cd, r->a, 4096);
	files_disposition(cd, name);
	req_add_header(r, "Content-Disposition", cd->buf);
	req_add_header(r, "Cache-Control", "private, no-cache");
	r->send_file = true;
	r->send_fd = fd;
	r->send_len = size;
	r->status = 200;
	r->ctype = ctype;
	return 0;
}

int
api_file_get(struct req *r)
{
	struct assignment a;
	int64_t id;

	if (req_path_id(r, 0, &id))
		return 0;
	(void)assign_file_send(r, id, 0, &a);
	return 0;
}
