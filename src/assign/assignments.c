/* assignments.c: work set for a course or a lesson: create, list, get */
#include "core/common.h"
#include "assign/assign.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "files/store.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lesson.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

#define ASSIGN_FILES_MAX 20
#define ASSIGN_LINKS_MAX 20
#define UTC5 (5 * 3600)

#define ASSIGN_COLS \
	"SELECT a.id, a.course_id, a.lesson_id, a.day, a.title, " \
	"a.instructions, a.links, a.due_at, a.max_points, a.day_task, " \
	"a.created_by, p.full_name, a.created_at, " \
	"s.name_kk, s.name_ru, s.name_en, co.class_id " \
	"FROM assignments a JOIN courses co ON co.id = a.course_id " \
	"JOIN subjects s ON s.id = co.subject_id " \
	"JOIN people p ON p.id = a.created_by "

static struct query q_get = QUERY(ASSIGN_COLS "WHERE a.id = ?1");

/* The assignment of the row st (ASSIGN_COLS) as every answer shows it,
** without "files" and the closing brace. */
static void
write_row(struct req *r, struct db_stmt *st, int lang)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
	jw_kv_i64(&r->out, "course_id", db_col_i64(st, 1));
	jw_kv_i64(&r->out, "class_id", db_col_i64(st, 16));
	jw_kv_str(&r->out, "subject", db_col_text(st, 13 + lang));
	jw_key(&r->out, "lesson_id");
	if (db_col_null(st, 2))
		jw_null(&r->out);
	else
		jw_i64(&r->out, db_col_i64(st, 2));
	jw_kv_str(&r->out, "day", db_col_text(st, 3));
	jw_kv_str(&r->out, "title", db_col_text(st, 4));
	jw_kv_str(&r->out, "instructions", db_col_text(st, 5));
	jw_key(&r->out, "links");
	jw_raw(&r->out, db_col_text(st, 6));    /* written by us, checked */
	assign_kv_time(r, "due_at", db_col_i64(st, 7), true);
	jw_kv_i64(&r->out, "max_points", db_col_i64(st, 8));
	jw_kv_bool(&r->out, "day_task", db_col_i64(st, 9) != 0);
	jw_key(&r->out, "created_by");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 10));
	jw_kv_str(&r->out, "full_name", db_col_text(st, 11));
	jw_obj_end(&r->out);
	assign_kv_time(r, "created_at", db_col_i64(st, 12), true);
}

/* Assignment id as every answer shows it. */
static int
assign_write(struct req *r, int64_t id)
{
	struct db_stmt *st = db_prep(r->db, &q_get, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? -1 : err_set(&r->err, ERR_NOTFOUND,
			"not found");
	write_row(r, st, api_lang(r));
	if (assign_write_files(r, 'a', id) != 0)
		return -1;
	jw_obj_end(&r->out);
	return 0;
}

/* "links": http(s) URLs, re-written as a JSON array we made ourselves. */
static int
parse_links(struct req *r, json_t *body, const char **out)
{
	json_t *arr;
	struct sb *s = arena_alloc(r->a, sizeof(*s));    /* released with r */

	if (jv_arr(r, body, NULL, "links", JV_OPT, ASSIGN_LINKS_MAX, &arr))
		return -1;
	sb_init(s, r->a, 64 * 1024);
	jw_arr_begin(s);
	for (size_t i = 0; arr && i < json_array_size(arr); i++) {
		const char *u = json_string_value(json_array_get(arr, i));

		if (u == NULL || strlen(u) > 2000 || (strncmp(u, "https://",
		    8) != 0 && strncmp(u, "http://", 7) != 0) ||
		    strpbrk(u, " \t\r\n\"<>") != NULL)
			return reply_err_field(r, ERR_INVAL,
				arena_printf(r->a, "links[%zu]", i), "a link "
				"is an http:// or https:// URL of at most "
				"2000 characters"), -1;
		jw_str(s, u);
	}
	jw_arr_end(s);
	*out = s->buf;
	return 0;
}

static struct query q_day_busy = QUERY(
	"SELECT COUNT(*) FROM assignments WHERE course_id = ?1 AND day = ?2 "
	"AND (day_task = 1 OR ?3 = 1)");
static struct query q_insert = QUERY(
	"INSERT INTO assignments (course_id, lesson_id, day, title, "
	"instructions, links, due_at, max_points, day_task, created_by, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	"RETURNING id");
static struct query q_attach = QUERY(
	"INSERT INTO assignment_files (assignment_id, file_id) "
	"VALUES (?1, ?2)");

struct assign_in {
	int64_t course_id, lesson_id, due_at, max_points;
	const char *title, *instructions, *links, *day;
	bool day_task;
	int64_t *files;
	size_t nfiles;
};

/* The day's single task is alone: 409 when it would not be. */
static int
store(struct req *r, const struct assign_in *in, int64_t *id)
{
	struct db_stmt *st;

	if (db_begin(r->db, &r->err) != 0)
		return -1;
	if ((st = db_prep(r->db, &q_day_busy, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, in->course_id);
	db_bind_text(st, 2, in->day);
	db_bind_i64(st, 3, in->day_task);
	if (db_step(st, &r->err) != DB_ROW)
		return -1;
	if (db_col_i64(st, 0) > 0)
		return err_field(&r->err, ERR_CONFLICT, "day_task", "the "
			"course's work of %s is set as the day's single task; "
			"it must be the only work of that day", in->day);
	if ((st = db_prep(r->db, &q_insert, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, in->course_id);
	if (in->lesson_id)
		db_bind_i64(st, 2, in->lesson_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, in->day);
	db_bind_text(st, 4, in->title);
	db_bind_text(st, 5, in->instructions);
	db_bind_text(st, 6, in->links);
	db_bind_i64(st, 7, in->due_at);
	db_bind_i64(st, 8, in->max_points);
	db_bind_i64(st, 9, in->day_task);
	db_bind_i64(st, 10, r->auth->person_id);
	db_bind_i64(st, 11, r->now);
	if (api_insert_id(r, st, id) != 0)
		return -1;
	for (size_t i = 0; i < in->nfiles; i++) {
		if ((st = db_prep(r->db, &q_attach, &r->err)) == NULL)
			return -1;
		db_bind_i64(st, 1, *id);
		db_bind_i64(st, 2, in->files[i]);
		if (db_exec(st, &r->err) != DB_DONE)
			return -1;
	}
	return db_commit(r->db, &r->err);
}

int
api_course_assignments_create(struct req *r)
{
	struct assign_in in = { 0 };
	struct place p;
	const char *due;
	json_t *body;
	uint64_t bytes;
	int64_t id;
	char day[11];

	if (req_path_id(r, 0, &in.course_id) ||
	    authz(r, ACC_READ, OBJ_COURSE, in.course_id, &p))
		return 0;
	in.instructions = "";
	in.max_points = 10;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "title", "instructions", "links",
	    "file_ids", "due_at", "max_points", "day_task", "lesson_id",
	    NULL) ||
	    jv_str(r, body, NULL, "title", JV_REQ, 1, 200, &in.title) ||
	    jv_str(r, body, NULL, "instructions", JV_OPT, 0, 20000,
	    &in.instructions) ||
	    jv_str(r, body, NULL, "due_at", JV_REQ, 1, 40, &due) ||
	    jv_i64(r, body, NULL, "max_points", JV_OPT, 1, 1000,
	    &in.max_points) ||
	    jv_bool(r, body, NULL, "day_task", JV_OPT, &in.day_task) ||
	    jv_i64(r, body, NULL, "lesson_id", JV_OPT, 1, INT64_MAX,
	    &in.lesson_id))
		return 0;
	if (assign_parse_time(due, &in.due_at) != 0)
		return reply_err_field(r, ERR_INVAL, "due_at", "'due_at' is a "
			"time like 2026-11-24T18:00:00Z");
	if (in.lesson_id) {
		struct lesson l;

		/* the lesson's teacher (a substitute too) or the course's */
		if (lesson_load(r, in.lesson_id, ACC_WRITE, &l))
			return 0;
		if (l.course_id != in.course_id)
			return reply_err_field(r, ERR_INVAL, "lesson_id",
				"lesson %lld is not a lesson of this course",
				(long long)in.lesson_id);
		date_format(l.date, day);
	} else {
		if (p.teacher_id != r->auth->person_id)
			return reply_err(r, ERR_FORBIDDEN, "only the course's "
				"teacher sets its work");
		date_format(date_today(in.due_at, UTC5), day);
	}
	in.day = day;
	if (parse_links(r, body, &in.links) ||
	    assign_own_files(r, body, ASSIGN_FILES_MAX, &in.files,
	    &in.nfiles, &bytes))
		return 0;
	if (store(r, &in, &id) != 0) {
		db_rollback(r->db);
		return reply_error(r, NULL);
	}
	if (assign_write(r, id) != 0)
		return reply_error(r, NULL);
	return reply_json(r, 201);
}

int
api_assignment_get(struct req *r)
{
	struct assignment a;
	int64_t id;

	if (req_path_id(r, 0, &id) || assign_load(r, id, &a))
		return 0;
	if (assign_write(r, id) != 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}

/* A page of a course's work: its rows and, in a second query, the files
** of the same page, whatever its length (no query per item). */
static struct query q_list = QUERY(ASSIGN_COLS
	"WHERE a.course_id = ?1 AND a.id > ?2 ORDER BY a.id LIMIT ?3");
static struct query q_list_files = QUERY(
	"SELECT x.assignment_id, f.id, f.name, f.size, f.ctype "
	"FROM assignment_files x JOIN files f ON f.id = x.file_id "
	"WHERE x.assignment_id IN (SELECT id FROM assignments "
	"WHERE course_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3) "
	"ORDER BY x.assignment_id, f.id");

struct page_file {
	int64_t assignment_id, id, size;
	const char *name, *ctype;
};

/* The files of the page, ordered by assignment: *out in the arena. */
static int
page_files(struct req *r, int64_t course_id, const struct api_page *pg,
	struct page_file **out, size_t *n)
{
	struct db_stmt *st = db_prep(r->db, &q_list_files, &r->err);
	size_t cap = 16;
	int rc;

	*n = 0;
	*out = arena_alloc(r->a, cap * sizeof(**out));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, course_id);
	db_bind_i64(st, 2, pg->after);
	db_bind_i64(st, 3, pg->limit + 1);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct page_file *f;

		if (*n == cap) {
			f = arena_alloc(r->a, cap * 2 * sizeof(*f));
			memcpy(f, *out, cap * sizeof(*f));
			*out = f;
			cap *= 2;
		}
		f = &(*out)[(*n)++];
		f->assignment_id = db_col_i64(st, 0);
		f->id = db_col_i64(st, 1);
		f->name = arena_strdup(r->a, db_col_text(st, 2));
		f->size = db_col_i64(st, 3);
		f->ctype = arena_strdup(r->a, db_col_text(st, 4));
	}
	return rc < 0 ? -1 : 0;
}

int
api_course_assignments_list(struct req *r)
{
	struct assignment a;
	struct api_page pg;
	struct page_file *files;
	struct assign_counts counts;
	struct db_stmt *st;
	int64_t course_id, id;
	size_t nfiles, k = 0;
	int rc, lang = api_lang(r);

	if (req_path_id(r, 0, &course_id) ||
	    assign_course_load(r, course_id, &a) || api_page_args(r, &pg))
		return 0;
	if (page_files(r, course_id, &pg, &files, &nfiles) != 0 ||
	    (a.oversee && assign_counts_page(r, &a, &pg, &counts) != 0) ||
	    (st = db_prep(r->db, &q_list, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, course_id);
	db_bind_i64(st, 2, pg.after);
	db_bind_i64(st, 3, pg.limit + 1);
	api_page_begin(r);
	while ((rc = db_step(st, &r->err)) == DB_ROW &&
	    api_page_take(&pg, (id = db_col_i64(st, 0)))) {
		write_row(r, st, lang);
		jw_key(&r->out, "files");
		jw_arr_begin(&r->out);
		for (; k < nfiles && files[k].assignment_id <= id; k++)
			if (files[k].assignment_id == id)
				assign_write_file(r, files[k].id,
					files[k].name, files[k].size,
					files[k].ctype);
		jw_arr_end(&r->out);
		if (a.oversee)          /* who sees the rolls: their counts */
			assign_write_counts(r, &counts, id);
		jw_obj_end(&r->out);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	return api_page_end(r, &pg);
}
