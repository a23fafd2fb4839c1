/* quiz_attempts.c: a pupil takes a test: start, answer, submit; an
** attempt past its deadline is closed at the next touch */
#include "core/common.h"
#include "api/quiz.h"
#include "auth/auth.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/jv.h"
#include "http/reply.h"
#include "quiz/quiz_json.h"

static void
release(void *p)
{
	json_decref(p);
}

/* Stored answers (a JSON array) as a jansson array of nq entries. */
static json_t *
answers_parse(struct req *r, const struct quiz *q, const char *text)
{
	json_t *a = json_loads(text ? text : "[]", 0, NULL);

	if (a == NULL || !json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	arena_defer(r->a, release, a);
	while (json_array_size(a) < (size_t)q->nq)
		json_array_append_new(a, json_null());
	return a;
}

int
quiz_score_answers(struct req *r, const struct quiz *q, const char *answers,
	int *points)
{
	json_t *a = answers_parse(r, q, answers);
	int total = 0;

	for (int i = 0; i < q->nq; i++) {
		struct quiz_answer x;

		quiz_answer_load(&q->qs[i], json_array_get(a, (size_t)i), &x);
		points[i] = quiz_score(&q->qs[i], &x);
		total += points[i];
	}
	return total;
}

static const char *
points_text(struct req *r, const int *points, int n)
{
	/* an arena sb releases itself with the arena: not on the stack */
	struct sb *s = arena_alloc(r->a, sizeof(*s));

	sb_init(s, r->a, 64 + (size_t)n * 8);
	sb_addc(s, '[');
	for (int i = 0; i < n; i++)
		sb_addf(s, "%s%d", i ? "," : "", points[i]);
	sb_addc(s, ']');
	return s->buf;
}

static struct query q_overdue = QUERY(
	"SELECT id, answers, deadline FROM quiz_attempts WHERE quiz_id = ?1 "
	"AND finished_at IS NULL AND deadline <= ?2 AND "
	"(?3 = 0 OR pupil_id = ?3)");
static struct query q_finish = QUERY(
	"UPDATE quiz_attempts SET finished_at = ?2, score = ?3, points = ?4 "
	"WHERE id = ?1 AND finished_at IS NULL");

/* Score attempt id and mark it finished at t (inside a transaction). */
static int
finish(struct req *r, const struct quiz *q, int64_t id, const char *answers,
	int64_t t)
{
	int *points = arena_alloc(r->a, (size_t)(q->nq + 1) * sizeof(int));
	int score = quiz_score_answers(r, q, answers, points);
	struct db_stmt *st = db_prep(r->db, &q_finish, &r->err);

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, t);
	db_bind_i64(st, 3, score);
	db_bind_text(st, 4, points_text(r, points, q->nq));
	return db_exec(st, &r->err) == DB_DONE ? 0 : -1;
}

int
quiz_close_overdue(struct req *r, const struct quiz *q, int64_t pupil_id)
{
	struct db_stmt *st;
	struct { int64_t id, deadline; const char *answers; } *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	/* the answers scored here are the primary's: a read replica's may
	** lack the last ones saved (db_pair); so is the rest of the request */
	db_reads(r->db, DB_READS_PRIMARY);
	st = db_prep(r->db, &q_overdue, &r->err);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, q->id);
	db_bind_i64(st, 2, r->now);
	db_bind_i64(st, 3, pupil_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (n == cap) {
			void *more;

			cap = cap ? cap * 2 : 8;
			more = arena_alloc(r->a, cap * sizeof(*v));
			if (n)
				memcpy(more, v, n * sizeof(*v));
			v = more;
		}
		v[n].id = db_col_i64(st, 0);
		v[n].answers = arena_strdup(r->a, db_col_text(st, 1));
		v[n].deadline = db_col_i64(st, 2);
		n++;
	}
	if (rc < 0)
		return -1;
	if (n == 0)
		return 0;
	if (db_begin(r->db, &r->err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (finish(r, q, v[i].id, v[i].answers, v[i].deadline) != 0) {
			db_rollback(r->db);
			return -1;
		}
	return db_commit(r->db, &r->err);
}

struct attempt {
	int64_t id, quiz_id, pupil_id, n, started_at, deadline;
	bool finished;
	int64_t finished_at, score;
	const char *answers, *points;
};

static struct query q_attempt = QUERY(
	"SELECT quiz_id, pupil_id, n, started_at, deadline, finished_at, "
	"score, answers, points FROM quiz_attempts WHERE id = ?1");

static int
attempt_read(struct req *r, int64_t id, struct attempt *a)
{
	struct db_stmt *st = db_prep(r->db, &q_attempt, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? -1 : ERR_NOTFOUND;
	a->id = id;
	a->quiz_id = db_col_i64(st, 0);
	a->pupil_id = db_col_i64(st, 1);
	a->n = db_col_i64(st, 2);
	a->started_at = db_col_i64(st, 3);
	a->deadline = db_col_i64(st, 4);
	a->finished = !db_col_null(st, 5);
	a->finished_at = db_col_i64(st, 5);
	a->score = db_col_i64(st, 6);
	a->answers = arena_strdup(r->a, db_col_text(st, 7));
	a->points = db_col_null(st, 8) ? NULL :
		arena_strdup(r->a, db_col_text(st, 8));
	return 0;
}

/*
** Load attempt id and its test for the caller: the pupil who made it, a
** parent of theirs, or who may change the test; anyone else 404. An
** attempt past its deadline is closed first. With own, only its pupil
** (403 for the teacher and the parents).
*/
static int
attempt_load(struct req *r, int64_t id, bool own, struct attempt *a,
	struct quiz *q)
{
	int rc = attempt_read(r, id, a);

	if (rc == ERR_NOTFOUND)
		return reply_err(r, ERR_NOTFOUND, "no such attempt"), -1;
	if (rc < 0)
		return reply_error(r, NULL), -1;
	if (quiz_load(r, a->quiz_id, q))
		return -1;
	if (a->pupil_id != r->auth->person_id && !q->teacher &&
	    !quiz_caller_is_parent_of(r, a->pupil_id))
		return reply_err(r, ERR_NOTFOUND, "no such attempt"), -1;
	if (own && a->pupil_id != r->auth->person_id)
		return reply_err(r, ERR_FORBIDDEN, "only the pupil answers "
			"their attempt"), -1;
	if (!a->finished && a->deadline <= r->now) {
		if (quiz_close_overdue(r, q, a->pupil_id) != 0 ||
		    attempt_read(r, id, a) != 0)
			return reply_error(r, NULL), -1;
	}
	return 0;
}

/*
** The attempt as its pupil and the teacher see it: the questions always,
** the key (correct answers) and the points only once it has ended. A
** parent sees the answers too only once it has ended (answers null).
*/
static int
reply_attempt(struct req *r, const struct quiz *q, const struct attempt *a,
	int status)
{
	json_t *answers = answers_parse(r, q, a->answers);
	json_t *points = a->finished ? json_loads(a->points ? a->points :
		"[]", 0, NULL) : NULL;

	if (points)
		arena_defer(r->a, release, points);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", a->id);
	jw_kv_i64(&r->out, "quiz_id", q->id);
	jw_kv_str(&r->out, "title", q->title);
	jw_kv_i64(&r->out, "pupil_id", a->pupil_id);
	jw_kv_i64(&r->out, "n", a->n);
	quiz_kv_time(r, "started_at", a->started_at);
	quiz_kv_time(r, "deadline", a->deadline);
	jw_kv_i64(&r->out, "seconds_left", a->finished ? 0 :
		a->deadline - r->now);
	jw_kv_bool(&r->out, "finished", a->finished);
	jw_key(&r->out, "finished_at");
	if (a->finished)
		quiz_kv_time(r, NULL, a->finished_at);
	else
		jw_null(&r->out);
	jw_key(&r->out, "score");
	if (a->finished)
		jw_i64(&r->out, a->score);
	else
		jw_null(&r->out);
	jw_kv_i64(&r->out, "max_points", q->max_points);
	jw_key(&r->out, "questions");
	quiz_questions_write(&r->out, q->questions, a->finished);
	jw_key(&r->out, "answers");
	if (a->finished || a->pupil_id == r->auth->person_id || q->teacher)
		quiz_json_write(&r->out, answers);
	else
		jw_null(&r->out);
	if (points) {
		jw_key(&r->out, "points");
		quiz_json_write(&r->out, points);
	}
	jw_obj_end(&r->out);
	return reply_json(r, status);
}

static struct query q_count = QUERY(
	"SELECT COUNT(*), COALESCE(SUM(CASE WHEN finished_at IS NULL THEN 1 "
	"ELSE 0 END), 0) FROM quiz_attempts WHERE quiz_id = ?1 AND "
	"pupil_id = ?2");
static struct query q_start = QUERY(
	"INSERT INTO quiz_attempts (quiz_id, pupil_id, n, started_at, "
	"deadline, answers) VALUES (?1, ?2, ?3, ?4, ?5, '[]') RETURNING id");

/* POST /quizzes/{id}/attempts: a pupil of the class starts one. */
int
api_quiz_attempt_start(struct req *r)
{
	struct attempt a;
	struct quiz q;
	struct db_stmt *st;
	int64_t id, made, open, deadline;

	if (req_path_id(r, 0, &id) || quiz_load(r, id, &q))
		return 0;
	if (!quiz_caller_is_pupil(r, &q))
		return reply_err(r, ERR_FORBIDDEN, "tests are taken by the "
			"class's pupils");
	if (r->now < q.opens_at)
		return reply_err(r, ERR_CONFLICT, "the test is not open yet");
	if (r->now >= q.closes_at)
		return reply_err(r, ERR_CONFLICT, "the test has closed");
	if (quiz_close_overdue(r, &q, r->auth->person_id) != 0 ||
	    db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_count, &r->err)) == NULL)
		goto fail;
	db_bind_i64(st, 1, q.id);
	db_bind_i64(st, 2, r->auth->person_id);
	if (db_step(st, &r->err) != DB_ROW)
		goto fail;
	made = db_col_i64(st, 0);
	open = db_col_i64(st, 1);
	if (open > 0 || made >= q.attempts) {
		db_rollback(r->db);
		return reply_err(r, ERR_CONFLICT, open > 0 ? "an attempt is "
			"under way: finish it first" : "no attempts left "
			"(%lld allowed)", (long long)q.attempts);
	}
	deadline = r->now + q.time_limit_s;
	if (deadline > q.closes_at)
		deadline = q.closes_at;
	if ((st = db_prep(r->db, &q_start, &r->err)) == NULL)
		goto fail;
	db_bind_i64(st, 1, q.id);
	db_bind_i64(st, 2, r->auth->person_id);
	db_bind_i64(st, 3, made + 1);
	db_bind_i64(st, 4, r->now);
	db_bind_i64(st, 5, deadline);
	if (db_step(st, &r->err) != DB_ROW)
		goto fail;
	id = db_col_i64(st, 0);
	if (db_commit(r->db, &r->err) != 0)
		goto fail;
	if (attempt_read(r, id, &a) != 0)
		return reply_error(r, NULL);
	return reply_attempt(r, &q, &a, 201);
fail:
	if (db_in_tx(r->db))
		db_rollback(r->db);
	return reply_error(r, NULL);
}

/* GET /quiz-attempts/{id} */
int
api_quiz_attempt_get(struct req *r)
{
	struct attempt a;
	struct quiz q;
	int64_t id;

	if (req_path_id(r, 0, &id) || attempt_load(r, id, false, &a, &q))
		return 0;
	return reply_attempt(r, &q, &a, 200);
}

static struct query q_answers = QUERY(
	"UPDATE quiz_attempts SET answers = ?2 WHERE id = ?1 AND "
	"finished_at IS NULL AND deadline > ?3");

/*
** PUT /quiz-attempts/{id}/answers {"answers":[{"question","value"}]}:
** answers merged into those given so far (a null value clears one), all
** or nothing, refused once the attempt has ended (409).
*/
int
api_quiz_attempt_answers_put(struct req *r)
{
	struct attempt a;
	struct quiz q;
	struct db_stmt *st;
	json_t *body, *arr, *x, *stored;
	int64_t id;
	size_t i;
	char *text;
	int rc;

	if (req_path_id(r, 0, &id) || attempt_load(r, id, true, &a, &q))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "answers", NULL) ||
	    jv_arr(r, body, NULL, "answers", JV_REQ, QUIZ_QUESTIONS_MAX,
	    &arr))
		return 0;
	if (a.finished)
		return reply_err(r, ERR_CONFLICT, "the attempt has ended");
	stored = answers_parse(r, &q, a.answers);
	json_array_foreach(arr, i, x) {
		const char *path = arena_printf(r->a, "answers[%zu]", i);
		json_t *v;
		int64_t k;
		char msg[120];

		if (!json_is_object(x))
			return reply_err_field(r, ERR_INVAL, path, "each answer "
				"must be an object");
		if (jv_only(r, x, path, "question", "value", NULL) ||
		    jv_i64(r, x, path, "question", JV_REQ, 0, q.nq - 1, &k))
			return 0;
		if ((v = json_object_get(x, "value")) == NULL)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "value"), "'value' is "
				"required (null clears the answer)");
		if (!json_is_null(v) &&
		    quiz_answer_check(&q.qs[k], v, msg, sizeof(msg)) != 0)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "value"), "%s", msg);
		json_array_set(stored, (size_t)k, v);
	}
	if ((text = json_dumps(stored, JSON_COMPACT)) == NULL)
		return reply_err(r, ERR_NOMEM, "out of memory");
	if ((st = db_prep(r->db, &q_answers, &r->err)) == NULL) {
		free(text);
		return reply_error(r, NULL);
	}
	db_bind_i64(st, 1, a.id);
	db_bind_text(st, 2, text);
	db_bind_i64(st, 3, r->now);
	rc = db_exec(st, &r->err);
	free(text);
	if (rc != DB_DONE)
		return reply_error(r, NULL);
	if (db_changes(st) == 0)
		return reply_err(r, ERR_CONFLICT, "the attempt has ended");
	if (attempt_read(r, id, &a) != 0)
		return reply_error(r, NULL);
	return reply_attempt(r, &q, &a, 200);
}

/* POST /quiz-attempts/{id}/submit: the pupil ends it; scored at once. */
int
api_quiz_attempt_submit(struct req *r)
{
	struct attempt a;
	struct quiz q;
	int64_t id;

	if (req_path_id(r, 0, &id) || attempt_load(r, id, true, &a, &q))
		return 0;
	if (a.finished)
		return reply_err(r, ERR_CONFLICT, "the attempt has ended");
	if (db_begin(r->db, &r->err) != 0 ||
	    finish(r, &q, a.id, a.answers, r->now) != 0 ||
	    db_commit(r->db, &r->err) != 0) {
		if (db_in_tx(r->db))
			db_rollback(r->db);
		return reply_error(r, NULL);
	}
	if (attempt_read(r, id, &a) != 0)
		return reply_error(r, NULL);
	return reply_attempt(r, &q, &a, 200);
}
