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
	"UNION ALL SELECT 'h', handin_id FROM handin_files WHERE file_id = ?1");

/*
** A file is seen by whoever uploaded it, and by whoever may see an
** assignment or a hand-in it is attached to. 1, 0, or -1 (r->err).
*/
static int
file_visible(struct req *r, int64_t id, int64_t uploaded_by)
{
	struct db_stmt *st;
	int64_t *uses;
	char *kinds;
	int rc, n = 0, cap = 16;

	if (uploaded_by == r->auth->person_id)
		return 1;
	if ((st = db_prep(r->db, &q_uses, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	uses = arena_alloc(r->a, (size_t)cap * sizeof(*uses));
	kinds = arena_alloc(r->a, (size_t)cap);
	while ((rc = db_step(st, &r->err)) == DB_ROW && n < cap) {
		kinds[n] = db_col_text(st, 0)[0];
		uses[n++] = db_col_i64(st, 1);
	}
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct assignment a;
		int64_t student;

		rc = kinds[i] == 'a' ? assign_access(r, uses[i], &a) :
			assign_handin_access(r, uses[i], &a, &student);
		if (rc == 0)
			return 1;
		if (rc != ERR_NOTFOUND)
			return -1;
	}
	return 0;
}

int
api_file_get(struct req *r)
{
	struct db_stmt *st;
	const char *sha, *ctype, *name;
	uint64_t size;
	struct sb *cd = arena_alloc(r->a, sizeof(*cd));  /* released with r */
	int64_t id, uploader;
	int rc, fd;

	if (req_path_id(r, 0, &id))
		return 0;
	if ((st = db_prep(r->db, &q_file, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) < 0)
		return reply_error(r, NULL);
	if (rc != DB_ROW)
		return reply_err(r, ERR_NOTFOUND, "not found");
	sha = arena_strdup(r->a, db_col_text(st, 0));
	ctype = arena_strdup(r->a, db_col_text(st, 2));
	name = arena_strdup(r->a, db_col_text(st, 3));
	uploader = db_col_i64(st, 4);
	if ((rc = file_visible(r, id, uploader)) < 0)
		return reply_error(r, NULL);
	if (rc == 0)
		return reply_err(r, ERR_NOTFOUND, "not found");
	if ((fd = files_blob_open(sha, &size, &r->err)) < 0)
		return reply_error(r, NULL);
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
