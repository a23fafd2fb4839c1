/* quiz.h: online tests: what quizzes.c, quiz_attempts.c and
** quiz_results.c share */
#ifndef MK_API_QUIZ_H
#define MK_API_QUIZ_H

#include "http/req.h"
#include "auth/authz.h"
#include "quiz/score.h"

struct quiz {
	int64_t id, course_id;
	int64_t subgroup_id;            /* the course's group; 0: the class */
	const char *title;
	int64_t time_limit_s, attempts, opens_at, closes_at, max_points;
	const char *questions_text;
	json_t *questions;              /* loaded with qs */
	struct quiz_question *qs;
	int nq;
	struct place place;             /* the course's */
	bool teacher;                   /* the caller may change it */
};

/*
** Load test id with its questions for the caller: whoever may read its
** course (404 otherwise). q->teacher tells whether the caller may also
** change the course (its teacher, the school's administrators, officials
** above). Answers and returns non-zero on failure.
*/
int quiz_load(struct req *r, int64_t id, struct quiz *q);

/* Is the caller a pupil of the course's class (and its group, for a
** group's course)? */
bool quiz_caller_is_pupil(struct req *r, const struct quiz *q);

/*
** Score and close every attempt at q that is past its deadline and not
** finished (pupil_id 0: every pupil's), as submitted at its deadline, in
** one write transaction. 0, or a db error in r->err.
*/
int quiz_close_overdue(struct req *r, const struct quiz *q, int64_t pupil_id);

/* Score the stored answers text: the total; points[i] per question. */
int quiz_score_answers(struct req *r, const struct quiz *q,
	const char *answers, int *points);

/* Write "2026-11-24T10:00:00Z" for t, under key unless NULL. */
void quiz_kv_time(struct req *r, const char *key, int64_t t);

/* The test's own fields (not its questions), inside an open object. */
void quiz_write_head(struct req *r, const struct quiz *q);

struct db_stmt;
/* A list row's columns col.. col+6 (title, time_limit_s, attempts,
** opens_at, closes_at, max_points, questions) into q's head fields; id and
** course_id are the caller's. The title lives until the next step. */
void quiz_head_read(struct db_stmt *st, int col, struct quiz *q);

/* One attempt as a list shows it: {id, n, started_at, deadline,
** finished, score}. */
struct quiz_attempt_row {
	int64_t id, n, started_at, deadline, score;
	bool finished, scored;
};
/* From a row's columns col.. col+5: id, n, started_at, deadline,
** finished_at, score. */
void quiz_attempt_row_read(struct db_stmt *st, int col,
	struct quiz_attempt_row *a);
void quiz_attempt_brief(struct req *r, const struct quiz_attempt_row *a);

/* Is the caller a parent of pupil? (their grants: no query) */
bool quiz_caller_is_parent_of(const struct req *r, int64_t pupil);

int api_student_quizzes(struct req *r);
int api_course_quizzes_create(struct req *r);
int api_course_quizzes_list(struct req *r);
int api_quiz_get(struct req *r);
int api_quiz_attempt_start(struct req *r);
int api_quiz_attempt_get(struct req *r);
int api_quiz_attempt_answers_put(struct req *r);
int api_quiz_attempt_submit(struct req *r);
int api_quiz_results(struct req *r);
int api_quiz_marks(struct req *r);

#endif
