/* import_csv.c: POST /schools/{id}/import: classes and people from CSV */
#include "core/common.h"
#include "api/import.h"
#include "journal/school_cal.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"

/* How the import goes is in import.h. */

static struct query q_school_language = QUERY(
	"SELECT language FROM schools WHERE id = ?1");

void
import_fail(struct import *im, int line, const char *column, const char *fmt,
	...)
{
	struct problem *p;
	va_list ap;

	/* kept to be sorted by line; a file wrong everywhere is counted */
	if (im->nerrors == PROBLEMS_KEPT) {
		im->nproblems_extra++;
		return;
	}
	if (im->nerrors == im->capproblems) {
		int n = im->capproblems ? im->capproblems * 2 : 64;
		struct problem *v = arena_alloc(im->r->a, (size_t)n *
			sizeof(*v));

		if (im->nerrors)
			memcpy(v, im->problems, (size_t)im->nerrors *
				sizeof(*v));
		im->problems = v;
		im->capproblems = n;
	}
	p = &im->problems[im->nerrors];
	p->line = line;
	p->seq = im->nerrors++;
	p->column = column ? arena_strdup(im->r->a, column) : NULL;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
}

static int
problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* 422 with every problem, by line, the first CSV_MAX_ISSUES of them. */
static int
reply_failed(struct import *im)
{
	struct req *r = im->r;
	int n = im->nproblems_extra + im->nerrors;

	qsort(im->problems, (size_t)im->nerrors, sizeof(*im->problems),
		problem_cmp);
	r->err.code = ERR_INVAL;
	r->err.field[0] = '\0';
	snprintf(r->err.msg, sizeof(r->err.msg), "%d error%s in the file",
		n, n == 1 ? "" : "s");
	sb_reset(&r->out);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "error");
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "code", err_code_name(ERR_INVAL));
	jw_kv_str(&r->out, "message", r->err.msg);
	jw_key(&r->out, "details");
	jw_arr_begin(&r->out);
	for (int i = 0; i < im->nerrors && i < CSV_MAX_ISSUES; i++) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "line", im->problems[i].line);
		jw_kv_str(&r->out, "column", im->problems[i].column);
		jw_kv_str(&r->out, "message", im->problems[i].msg);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 422);
}


/* Is the body sent as CSV (or without a type)? */
static bool
csv_type_ok(struct req *r)
{
	const char *t = req_header(r, "Content-Type");

	return t == NULL || strncasecmp(t, "text/csv", 8) == 0 ||
		strncasecmp(t, "text/plain", 10) == 0 ||
		strncasecmp(t, "application/csv", 15) == 0 ||
		strncasecmp(t, "application/vnd.ms-excel", 24) == 0;
}

int
api_school_import(struct req *r)
{
	struct import *im = arena_calloc(r->a, sizeof(*im));
	struct csv doc;
	struct db_stmt *st;
	int64_t year;

	im->r = r;
	if (req_path_id(r, 0, &im->school_id) ||
	    req_query_i64(r, "year", 2000, 2100, api_year_now(r), &year) ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, im->school_id, NULL))
		return 0;
	im->year = (int)year;
	if (!csv_type_ok(r))
		return reply_err(r, ERR_BADREQ, "send the file as text/csv");

	/* every error is listed: those of the parser, then of the rows */
	csv_parse(r->a, r->body.buf, r->body.len, 0, &doc);
	for (int i = 0; i < doc.nissues; i++) {
		const struct csv_issue *is = &doc.issues[i];
		const char *col = NULL;

		if (is->col >= 0 && doc.nrows > 0 && is->col < doc.rows[0].n)
			col = doc.rows[0].f[is->col];
		import_fail(im, is->line, col, "%s", is->msg);
	}
	im->nproblems_extra = doc.nissues_total - doc.nissues;
	if (doc.nrows == 0) {
		import_fail(im, 1, NULL, "the file is empty: a header row and "
			"one row per class or person are needed");
		return reply_failed(im);
	}
	import_read_header(im, &doc.rows[0]);
	if (im->cols[C_KIND] < 0)
		return reply_failed(im);

	/* the store is read and written inside one write transaction */
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_school_language, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, im->school_id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	im->school_language = arena_strdup(r->a, db_col_text(st, 0));

	im->items = arena_alloc(r->a, (size_t)doc.nrows * sizeof(*im->items));
	for (int i = 1; i < doc.nrows; i++) {
		bool empty = true, broken = false;

		/* a row the parser could not read is not checked further;
		** when the parser's issues ran over, none is */
		for (int k = 0; k < doc.nissues; k++)
			broken |= doc.issues[k].line == doc.rows[i].line;
		if (broken || doc.nissues_total > doc.nissues)
			continue;

		for (int k = 0; k < doc.rows[i].n; k++)
			empty &= *import_trim(doc.rows[i].f[k]) == '\0';
		if (empty)
			continue;       /* ",,,," lines of a spreadsheet */
		if (import_check_row(im, &doc.rows[i],
		    &im->items[im->nitems]) == 0)
			im->nitems++;
	}
	if (import_resolve(im))
		return reply_error(r, NULL);
	if (im->nerrors || im->nproblems_extra)
		return reply_failed(im);        /* rolled back on release */
	if (im->nitems == 0) {
		import_fail(im, 1, NULL, "the file has no rows after the header"
			);
		return reply_failed(im);
	}
	if (import_write(im) || db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);

	jw_obj_begin(&r->out);
	jw_key(&r->out, "created");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "classes", im->created[K_CLASS]);
	jw_kv_i64(&r->out, "pupils", im->created[K_PUPIL]);
	jw_kv_i64(&r->out, "parents", im->created[K_PARENT]);
	jw_kv_i64(&r->out, "teachers", im->created[K_TEACHER]);
	jw_obj_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
