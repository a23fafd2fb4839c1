/* util.c: what the assignment handlers share: file lists and times */
#include "core/common.h"
#include "assign/assign.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "core/jw.h"
#include "core/log.h"
#include "rules/dates.h"
#include "db/db.h"

static struct query q_own_file = QUERY(
	"SELECT size FROM files WHERE id = ?1 AND uploaded_by = ?2");

int
assign_own_files(struct req *r, json_t *body, size_t max, int64_t **ids,
	size_t *n, uint64_t *bytes)
{
	json_t *arr = json_object_get(body, "file_ids");

	*ids = NULL;
	*n = 0;
	*bytes = 0;
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return reply_err_field(r, ERR_INVAL, "file_ids", "'file_ids' "
			"must be an array of file ids"), -1;
	if (json_array_size(arr) > max)
		return reply_err_field(r, ERR_INVAL, "file_ids", "at most %zu "
			"files", max), -1;
	*ids = arena_alloc(r->a, (json_array_size(arr) + 1) * sizeof(**ids));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *v = json_array_get(arr, i);
		const char *f = arena_printf(r->a, "file_ids[%zu]", i);
		struct db_stmt *st;
		int64_t id;
		int rc;

		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return reply_err_field(r, ERR_INVAL, f, "a file id is "
				"a positive integer"), -1;
		id = (int64_t)json_integer_value(v);
		for (size_t k = 0; k < *n; k++)
			if ((*ids)[k] == id)
				return reply_err_field(r, ERR_INVAL, f, "file "
					"%lld is listed twice", (long long)id),
					-1;
		if ((st = db_prep(r->db, &q_own_file, &r->err)) == NULL)
			return reply_error(r, NULL), -1;
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, r->auth->person_id);
		if ((rc = db_step(st, &r->err)) < 0)
			return reply_error(r, NULL), -1;
		if (rc != DB_ROW)
			return reply_err_field(r, ERR_INVAL, f, "no file %lld "
				"uploaded by you", (long long)id), -1;
		*bytes += (uint64_t)db_col_i64(st, 0);
		(*ids)[(*n)++] = id;
	}
	return 0;
}

static struct query q_material_file = QUERY(
	"SELECT 1 FROM files f WHERE f.id = ?1 AND (f.uploaded_by = ?2 OR "
	"EXISTS (SELECT 1 FROM lesson_materials m WHERE m.lesson_id = ?3 AND "
	"m.file_id = ?1))");

int
assign_material_file_ok(struct req *r, int64_t lesson_id, int64_t file_id)
{
	struct db_stmt *st = db_prep(r->db, &q_material_file, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, file_id);
	db_bind_i64(st, 2, r->auth->person_id);
	db_bind_i64(st, 3, lesson_id);
	rc = db_step(st, &r->err);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static struct query q_assignment_files = QUERY(
	"SELECT f.id, f.name, f.size, f.ctype FROM assignment_files x "
	"JOIN files f ON f.id = x.file_id WHERE x.assignment_id = ?1 "
	"ORDER BY f.id");
static struct query q_handin_files = QUERY(
	"SELECT f.id, f.name, f.size, f.ctype FROM handin_files x "
	"JOIN files f ON f.id = x.file_id WHERE x.handin_id = ?1 "
	"ORDER BY f.id");

void
assign_write_file(struct req *r, int64_t id, const char *name, int64_t size,
	const char *ctype)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "name", name);
	jw_kv_i64(&r->out, "size", size);
	jw_kv_str(&r->out, "content_type", ctype);
	jw_obj_end(&r->out);
}

int
assign_write_files(struct req *r, char kind, int64_t id)
{
	struct db_stmt *st = db_prep(r->db, kind == 'a' ?
		&q_assignment_files : &q_handin_files, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	jw_key(&r->out, "files");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW)
		assign_write_file(r, db_col_i64(st, 0), db_col_text(st, 1),
			db_col_i64(st, 2), db_col_text(st, 3));
	jw_arr_end(&r->out);
	return rc < 0 ? -1 : 0;
}

void
assign_kv_time(struct req *r, const char *key, int64_t t, bool present)
{
	char ts[32];

	if (!present) {
		jw_kv_null(&r->out, key);
		return;
	}
	time_rfc3339(t, ts, sizeof(ts));
	jw_kv_str(&r->out, key, ts);
}

static int
digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int
assign_parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	const char *p = s + 16;
	int32_t day;

	if (strlen(s) < 17 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi))
		return -1;
	if (*p == ':') {
		if (digits(p + 1, 2, &sec))
			return -1;
		p += 3;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 &&
	    !digits(p + 1, 2, &oh) && p[3] == ':' && !digits(p + 4, 2, &om)) {
		sign = *p == '+' ? 1 : -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0' || y < 2000 || y > 2100 || mo < 1 || mo > 12 ||
	    d < 1 || d > date_days_in_month(y, mo) || h > 23 || mi > 59 ||
	    sec > 59 || oh > 14 || om > 59)
		return -1;
	day = date_from_ymd(y, mo, d);
	*out = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec -
		sign * (oh * 3600 + om * 60);
	return 0;
}
