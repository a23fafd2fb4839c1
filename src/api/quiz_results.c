/* quiz_results.c: a test's results per pupil and per question, and the
** results into the journal as marks */
#include "core/common.h"
#include "api/quiz.h"
#include "api/journal.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lesson.h"

#include <math.h>

/* The course's pupils (the class's, or its group's) with their finished
** attempts, best score first. */
static struct query q_results = QUERY(
	"SELECT p.id, p.full_name, a.n, a.score, a.points, a.finished_at, "
	"a.id "
	"FROM pupils pu JOIN people p ON p.id = pu.person_id "
	"LEFT JOIN quiz_attempts a ON a.pupil_id = p.id AND a.quiz_id = ?2 "
	"AND a.finished_at IS NOT NULL "
	"WHERE pu.class_id = ?1 AND (?3 = 0 OR EXISTS (SELECT 1 FROM "
	"subgroup_members m WHERE m.subgroup_id = ?3 AND m.pupil_id = p.id)) "
	"ORDER BY p.full_name, p.id, a.score DESC, a.n");

struct pupil_result {
	int64_t id;
	const char *name;
	int attempts;
	int64_t best;                   /* -1: no finished attempt */
	int64_t best_id;                /* that attempt */
};

static void
release(void *p)
{
	json_decref(p);
}

/*
** Every pupil's finished attempts into *out (one entry per pupil, best
** score) and, per question, how many of the best attempts answered it
** right and the points they scored (qright, qpoints).
*/
static int
results_load(struct req *r, const struct quiz *q, struct pupil_result **out,
	size_t *n, int64_t *qright, int64_t *qpoints)
{
	struct db_stmt *st = db_prep(r->db, &q_results, &r->err);
	struct pupil_result *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, q->place.class_id);
	db_bind_i64(st, 2, q->id);
	db_bind_i64(st, 3, q->subgroup_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		struct pupil_result *p;
		json_t *pts;

		if (*n == 0 || v[*n - 1].id != id) {
			if (*n == cap) {
				void *more;

				cap = cap ? cap * 2 : 32;
				more = arena_alloc(r->a, cap * sizeof(*v));
				if (*n)
					memcpy(more, v, *n * sizeof(*v));
				v = more;
			}
			p = &v[(*n)++];
			p->id = id;
			p->name = arena_strdup(r->a, db_col_text(st, 1));
			p->attempts = 0;
			p->best = -1;
		}
		p = &v[*n - 1];
		if (db_col_null(st, 2))
			continue;
		if (p->attempts++ > 0)
			continue;       /* the best one came first */
		p->best = db_col_i64(st, 3);
		p->best_id = db_col_i64(st, 6);
		pts = json_loads(db_col_text(st, 4) ? db_col_text(st, 4) :
			"[]", 0, NULL);
		if (pts == NULL)
			continue;
		arena_defer(r->a, release, pts);
		for (int k = 0; k < q->nq; k++) {
			int64_t got = json_integer_value(json_array_get(pts,
				(size_t)k));

			qpoints[k] += got;
			qright[k] += got == q->qs[k].points;
		}
	}
	*out = v;
	return rc < 0 ? -1 : 0;
}

/* GET /quizzes/{id}/results: who may change the test. */
int
api_quiz_results(struct req *r)
{
	struct pupil_result *v;
	struct quiz q;
	int64_t id, *qright, *qpoints, done = 0;
	size_t n;

	if (req_path_id(r, 0, &id) || quiz_load(r, id, &q))
		return 0;
	if (!q.teacher)
		return reply_err(r, ERR_FORBIDDEN, "results are for the "
			"course's teacher and the school's administrators");
	qright = arena_alloc(r->a, (size_t)(q.nq + 1) * sizeof(int64_t));
	qpoints = arena_alloc(r->a, (size_t)(q.nq + 1) * sizeof(int64_t));
	memset(qright, 0, (size_t)(q.nq + 1) * sizeof(int64_t));
	memset(qpoints, 0, (size_t)(q.nq + 1) * sizeof(int64_t));
	if (quiz_close_overdue(r, &q, 0) != 0 ||
	    results_load(r, &q, &v, &n, qright, qpoints) != 0)
		return reply_error(r, NULL);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "quiz_id", q.id);
	jw_kv_i64(&r->out, "max_points", q.max_points);
	jw_key(&r->out, "pupils");
	jw_arr_begin(&r->out);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", v[i].id);
		jw_kv_str(&r->out, "full_name", v[i].name);
		jw_kv_i64(&r->out, "attempts", v[i].attempts);
		jw_key(&r->out, "best_score");
		if (v[i].best < 0)
			jw_null(&r->out);
		else
			jw_i64(&r->out, v[i].best);
		jw_key(&r->out, "best_attempt_id");
		if (v[i].best < 0)
			jw_null(&r->out);
		else
			jw_i64(&r->out, v[i].best_id);
		jw_obj_end(&r->out);
		done += v[i].best >= 0;
	}
	jw_arr_end(&r->out);
	jw_key(&r->out, "questions");
	jw_arr_begin(&r->out);
	for (int k = 0; k < q.nq; k++) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "index", k);
		jw_kv_str(&r->out, "kind", quiz_kind_name(q.qs[k].kind));
		jw_kv_i64(&r->out, "points", q.qs[k].points);
		jw_kv_i64(&r->out, "pupils", done);
		jw_kv_i64(&r->out, "right", qright[k]);
		jw_key(&r->out, "avg_points");
		jw_f64(&r->out, done ? (double)qpoints[k] / (double)done :
			NAN, 2);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

static const char *const mark_kinds[] = { "formative", "sor", "soch", NULL };

/*
** POST /quizzes/{id}/marks {"lesson_id","kind"}: each pupil's best
** finished attempt becomes a mark in a lesson of the test's course,
** through PUT /lessons/{id}/marks's own path (journal_marks_put): same
** rules, same audit. formative: the share of the points on the 1-10
** scale (rounded, at least 1); sor and soch: the points out of the
** test's maximum.
*/
int
api_quiz_marks(struct req *r)
{
	struct pupil_result *v;
	struct lesson l;
	struct quiz q;
	json_t *body, *arr;
	int64_t id, lesson_id, *qr, *qp;
	size_t n;
	int kind;

	if (req_path_id(r, 0, &id) || quiz_load(r, id, &q))
		return 0;
	if (!q.teacher)
		return reply_err(r, ERR_FORBIDDEN, "marks are set by the "
			"course's teacher");
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "lesson_id", "kind", NULL) ||
	    jv_i64(r, body, NULL, "lesson_id", JV_REQ, 1, INT64_MAX,
	    &lesson_id) ||
	    jv_enum(r, body, NULL, "kind", JV_REQ, mark_kinds, &kind))
		return 0;
	if (lesson_load(r, lesson_id, ACC_WRITE, &l))
		return 0;
	if (l.course_id != q.course_id)
		return reply_err_field(r, ERR_INVAL, "lesson_id", "the lesson "
			"is not of the test's course");
	qr = arena_alloc(r->a, (size_t)(q.nq + 1) * sizeof(int64_t));
	qp = arena_alloc(r->a, (size_t)(q.nq + 1) * sizeof(int64_t));
	memset(qr, 0, (size_t)(q.nq + 1) * sizeof(int64_t));
	memset(qp, 0, (size_t)(q.nq + 1) * sizeof(int64_t));
	if (quiz_close_overdue(r, &q, 0) != 0 ||
	    results_load(r, &q, &v, &n, qr, qp) != 0)
		return reply_error(r, NULL);
	arr = json_array();
	arena_defer(r->a, release, arr);
	for (size_t i = 0; i < n; i++) {
		json_t *m;

		if (v[i].best < 0)
			continue;
		m = json_object();
		json_object_set_new(m, "student_id", json_integer(v[i].id));
		json_object_set_new(m, "kind", json_string(mark_kinds[kind]));
		if (kind == 0) {
			long f = lround(10.0 * (double)v[i].best /
				(double)q.max_points);

			json_object_set_new(m, "value", json_integer(f < 1 ?
				1 : f));
		} else {
			json_object_set_new(m, "value",
				json_integer(v[i].best));
			json_object_set_new(m, "max",
				json_integer(q.max_points));
		}
		json_array_append_new(arr, m);
	}
	return journal_marks_put(r, &l, arr);
}
