/* quiz_json.h: a test's questions and answers as JSON: checks, loading,
** writing with or without the key */
#ifndef MK_QUIZ_JSON_H
#define MK_QUIZ_JSON_H

#include "http/req.h"
#include "quiz/score.h"

#define QUIZ_QUESTIONS_MAX 100

/*
** Check the "questions" array of a test a teacher sends: each an object
** {"kind","text","points", and by kind "options" + "correct" (single: an
** index, multiple: an array of indexes), "correct" + "tolerance"?
** (number), "accepted" (text)}. Answers 422 naming the field
** ("questions[2].correct") and returns non-zero when wrong; *max_points
** gets the sum of the points.
*/
int quiz_questions_check(struct req *r, json_t *arr, int *max_points);

/* Parse stored questions (checked when written) into the arena; -1 when
** the text is not what quiz_questions_check() let through. */
int quiz_questions_load(struct arena *a, const char *text, json_t **arr,
	struct quiz_question **qs, int *n);

/*
** Write the questions as an array into s: kind, text, points and
** options always; correct, tolerance and accepted only with with_key
** (the teacher, or the pupil once their attempt has ended).
*/
void quiz_questions_write(struct sb *s, json_t *arr, bool with_key);

/*
** Check a pupil's answer v (not null) to q; 0 when of the right shape,
** else non-zero with msg filled.
*/
int quiz_answer_check(const struct quiz_question *q, json_t *v, char *msg,
	size_t cap);

/* An answer stored (checked, or null) as scoring needs it. */
void quiz_answer_load(const struct quiz_question *q, json_t *v,
	struct quiz_answer *a);

/* Write any JSON value through the escaping writer. */
void quiz_json_write(struct sb *s, json_t *v);

#endif
