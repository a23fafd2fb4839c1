/* quizzes.c: tests of a course: create, list, read (docs/DISTANCE.md) */
#include "core/common.h"
#include "api/quiz.h"
#include "assign/assign.h"
#include "auth/auth.h"
#include "core/jw.h"
#include "core/log.h"
#include "db/db.h"
#include "http/jv.h"
#include "http/reply.h"
#include "quiz/quiz_json.h"

static struct query q_quiz = QUERY(
	"SELECT q.course_id, q.title, q.time_limit_s, q.attempts, q.opens_at, "
	"q.closes_at, q.max_points, q.questions, COALESCE(co.subgroup_id, 0) "
	"FROM quizzes q JOIN courses co ON co.id = q.course_id "
	"WHERE q.id = ?1");

int
quiz_load(struct req *r, int64_t id, struct quiz *q)
{
	struct db_stmt *st = db_prep(r->db, &q_quiz, &r->err);
	int rc;

	memset(q, 0, sizeof(*q));
	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return (rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "no such test")), -1;
	q->id = id;
	q->course_id = db_col_i64(st, 0);
	q->title = arena_strdup(r->a, db_col_text(st, 1));
	q->time_limit_s = db_col_i64(st, 2);
	q->attempts = db_col_i64(st, 3);
	q->opens_at = db_col_i64(st, 4);
	q->closes_at = db_col_i64(st, 5);
	q->max_points = db_col_i64(st, 6);
	q->questions_text = arena_strdup(r->a, db_col_text(st, 7));
	q->subgroup_id = db_col_i64(st, 8);
	if (authz(r, ACC_READ, OBJ_COURSE, q->course_id, &q->place))
		return -1;
	q->teacher = authz_allows(r->auth, ACC_WRITE, OBJ_COURSE, &q->place);
	if (quiz_questions_load(r->a, q->questions_text, &q->questions,
	    &q->qs, &q->nq) != 0) {
		log_msg(LOG_ERROR, "test %lld: stored questions unreadable",
			(long long)id);
		return reply_err(r, ERR_INTERNAL, "the test cannot be read"),
			-1;
	}
	return 0;
}

bool
quiz_caller_is_pupil(struct req *r, const struct quiz *q)
{
	for (int i = 0; i < r->auth->ngrants; i++)
		if (r->auth->grants[i].role == ROLE_PUPIL &&
		    r->auth->grants[i].class_id == q->place.class_id)
			/* a group's course: its members only (a db error
			** counts as no) */
			return q->subgroup_id == 0 || assign_course_has_pupil(r,
				q->place.class_id, q->subgroup_id,
				r->auth->person_id) == 1;
	return false;
}

void
quiz_kv_time(struct req *r, const char *key, int64_t t)
{
	char ts[32];

	time_rfc3339(t, ts, sizeof(ts));
	if (key != NULL)
		jw_key(&r->out, key);
	jw_str(&r->out, ts);
}

void
quiz_write_head(struct req *r, const struct quiz *q)
{
	jw_kv_i64(&r->out, "id", q->id);
	jw_kv_i64(&r->out, "course_id", q->course_id);
	jw_kv_str(&r->out, "title", q->title);
	jw_kv_i64(&r->out, "time_limit_s", q->time_limit_s);
	jw_kv_i64(&r->out, "attempts", q->attempts);
	quiz_kv_time(r, "opens_at", q->opens_at);
	quiz_kv_time(r, "closes_at", q->closes_at);
	jw_kv_i64(&r->out, "max_points", q->max_points);
	jw_kv_i64(&r->out, "question_count", q->nq);
}

void
quiz_head_read(struct db_stmt *st, int col, struct quiz *q)
{
	json_t *qs = json_loads(db_col_text(st, col + 6), 0, NULL);

	q->title = db_col_text(st, col);
	q->time_limit_s = db_col_i64(st, col + 1);
	q->attempts = db_col_i64(st, col + 2);
	q->opens_at = db_col_i64(st, col + 3);
	q->closes_at = db_col_i64(st, col + 4);
	q->max_points = db_col_i64(st, col + 5);
	q->nq = (int)json_array_size(qs);
	json_decref(qs);
}

void
quiz_attempt_row_read(struct db_stmt *st, int col, struct quiz_attempt_row *a)
{
	a->id = db_col_i64(st, col);
	a->n = db_col_i64(st, col + 1);
	a->started_at = db_col_i64(st, col + 2);
	a->deadline = db_col_i64(st, col + 3);
	a->finished = !db_col_null(st, col + 4);
	a->scored = !db_col_null(st, col + 5);
	a->score = db_col_i64(st, col + 5);
}

void
quiz_attempt_brief(struct req *r, const struct quiz_attempt_row *a)
{
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", a->id);
	jw_kv_i64(&r->out, "n", a->n);
	quiz_kv_time(r, "started_at", a->started_at);
	quiz_kv_time(r, "deadline", a->deadline);
	jw_kv_bool(&r->out, "finished", a->finished);
	jw_key(&r->out, "score");
	if (a->scored)
		jw_i64(&r->out, a->score);
	else
		jw_null(&r->out);
	jw_obj_end(&r->out);
}

static struct query q_my_attempts = QUERY(
	"SELECT id, n, started_at, deadline, finished_at, score "
	"FROM quiz_attempts WHERE quiz_id = ?1 AND pupil_id = ?2 ORDER BY n");

/* A pupil's own attempts, closed ones scored. */
static int
write_my_attempts(struct req *r, const struct quiz *q)
{
	struct db_stmt *st = db_prep(r->db, &q_my_attempts, &r->err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, q->id);
	db_bind_i64(st, 2, r->auth->person_id);
	jw_key(&r->out, "my_attempts");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct quiz_attempt_row a;

		quiz_attempt_row_read(st, 0, &a);
		quiz_attempt_brief(r, &a);
	}
	jw_arr_end(&r->out);
	return rc < 0 ? -1 : 0;
}

/*
** GET /quizzes/{id}: the test; its questions with the key for those who
** may change it, the pupil's own attempts for a pupil (questions reach a
** pupil only inside an attempt).
*/
int
api_quiz_get(struct req *r)
{
	struct quiz q;
	int64_t id;

	if (req_path_id(r, 0, &id) || quiz_load(r, id, &q))
		return 0;
	if (quiz_caller_is_pupil(r, &q) &&
	    quiz_close_overdue(r, &q, r->auth->person_id) != 0)
		return reply_error(r, NULL);
	jw_obj_begin(&r->out);
	quiz_write_head(r, &q);
	if (q.teacher) {
		jw_key(&r->out, "questions");
		quiz_questions_write(&r->out, q.questions, true);
	}
	if (quiz_caller_is_pupil(r, &q) && write_my_attempts(r, &q) != 0)
		return reply_error(r, NULL);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

static struct query q_insert = QUERY(
	"INSERT INTO quizzes (course_id, title, time_limit_s, attempts, "
	"opens_at, closes_at, questions, max_points, created_by, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");

static int
time_field(struct req *r, json_t *body, const char *name, int64_t *out)
{
	const char *s;

	if (jv_str(r, body, NULL, name, JV_REQ, 1, 40, &s))
		return -1;
	if (quiz_time_parse(s, out) != 0)
		return reply_err_field(r, ERR_INVAL, name, "'%s' must be a UTC "
			"time like 2025-01-20T09:00:00Z", name), -1;
	return 0;
}

/* POST /courses/{id}/quizzes: the course's teacher builds a test. */
int
api_course_quizzes_create(struct req *r)
{
	const char *title;
	int64_t course_id, limit, attempts, opens, closes, id;
	struct db_stmt *st;
	json_t *body, *qs;
	char *text;
	int max_points, rc;

	if (req_path_id(r, 0, &course_id) ||
	    authz(r, ACC_WRITE, OBJ_COURSE, course_id, NULL))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "title", "time_limit_s", "attempts",
	    "opens_at", "closes_at", "questions", NULL) ||
	    jv_str(r, body, NULL, "title", JV_REQ, 1, 200, &title) ||
	    jv_i64(r, body, NULL, "time_limit_s", JV_REQ, 1, 86400, &limit) ||
	    jv_i64(r, body, NULL, "attempts", JV_REQ, 1, 20, &attempts) ||
	    time_field(r, body, "opens_at", &opens) ||
	    time_field(r, body, "closes_at", &closes) ||
	    jv_arr(r, body, NULL, "questions", JV_REQ, QUIZ_QUESTIONS_MAX,
	    &qs) || quiz_questions_check(r, qs, &max_points))
		return 0;
	if (closes <= opens)
		return reply_err_field(r, ERR_INVAL, "closes_at", "the test "
			"must close after it opens");
	text = json_dumps(qs, JSON_COMPACT);
	if (text == NULL)
		return reply_err(r, ERR_NOMEM, "out of memory");
	if ((st = db_prep(r->db, &q_insert, &r->err)) == NULL) {
		free(text);
		return reply_error(r, NULL);
	}
	db_bind_i64(st, 1, course_id);
	db_bind_text(st, 2, title);
	db_bind_i64(st, 3, limit);
	db_bind_i64(st, 4, attempts);
	db_bind_i64(st, 5, opens);
	db_bind_i64(st, 6, closes);
	db_bind_text(st, 7, text);
	db_bind_i64(st, 8, max_points);
	db_bind_i64(st, 9, r->auth->person_id);
	db_bind_i64(st, 10, r->now);
	rc = db_step(st, &r->err);
	free(text);
	if (rc != DB_ROW)
		return reply_error(r, NULL);
	id = db_col_i64(st, 0);
	db_release(r->db);
	{
		struct quiz q;

		if (quiz_load(r, id, &q))
			return 0;
		jw_obj_begin(&r->out);
		quiz_write_head(r, &q);
		jw_key(&r->out, "questions");
		quiz_questions_write(&r->out, q.questions, true);
		jw_obj_end(&r->out);
	}
	return reply_json(r, 201);
}

static struct query q_list = QUERY(
	"SELECT id, title, time_limit_s, attempts, opens_at, closes_at, "
	"max_points, questions FROM quizzes WHERE course_id = ?1 "
	"ORDER BY opens_at, id");

/* GET /courses/{id}/quizzes: whoever sees the course; one query for
** the tests, however many. */
int
api_course_quizzes_list(struct req *r)
{
	struct db_stmt *st;
	int64_t course_id;
	int rc;

	if (req_path_id(r, 0, &course_id) ||
	    authz(r, ACC_READ, OBJ_COURSE, course_id, NULL))
		return 0;
	if ((st = db_prep(r->db, &q_list, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, course_id);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "quizzes");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct quiz q = { .id = db_col_i64(st, 0), .course_id = course_id };

		quiz_head_read(st, 1, &q);
		jw_obj_begin(&r->out);
		quiz_write_head(r, &q);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
