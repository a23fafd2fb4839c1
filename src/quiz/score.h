/* score.h: scoring a test's answers; pure functions, no I/O */
#ifndef MK_QUIZ_SCORE_H
#define MK_QUIZ_SCORE_H

#include <stddef.h>
#include <stdint.h>

enum quiz_kind { QUIZ_SINGLE, QUIZ_MULTIPLE, QUIZ_NUMBER, QUIZ_TEXT,
	QUIZ_KINDS };

#define QUIZ_OPTIONS_MAX 20     /* options of a choice question */
#define QUIZ_ACCEPTED_MAX 20    /* accepted answers of a text question */
#define QUIZ_TEXT_MAX 200       /* bytes of a text answer or option */

/*
** One question as scoring needs it. single: correct holds one bit (the
** right option's index); multiple: the set of right options. number:
** right when |answer - number| <= tolerance. text: right when the
** answer, normalised by quiz_text_norm(), equals one of accepted (also
** normalised, by the caller or here).
*/
struct quiz_question {
	enum quiz_kind kind;
	int points;
	int noptions;
	uint32_t correct;
	double number, tolerance;
	const char *const *accepted;
	int naccepted;
};

/* A pupil's answer to one question; given false: left unanswered. */
struct quiz_answer {
	int given;
	uint32_t chosen;        /* single: one bit; multiple: the set */
	double number;
	const char *text;
};

/*
** Points for answer a to question q: q->points or 0. There is no partial
** credit: a multiple-choice answer scores when it picks exactly the right
** set (a pupil ticking every box gets nothing). An answer of the wrong
** shape for the kind scores 0.
*/
int quiz_score(const struct quiz_question *q, const struct quiz_answer *a);

/*
** Text for comparison into out (cap bytes, NUL-terminated, cut at a
** character boundary): leading and trailing white space dropped, inner
** runs of it made one space, Latin, Cyrillic and Kazakh letters
** lower-cased (csv_lower), Cyrillic ё read as е.
*/
void quiz_text_norm(const char *in, char *out, size_t cap);

/* "single", "multiple", "number", "text" to enum quiz_kind; -1 if none. */
int quiz_kind_parse(const char *s);
const char *quiz_kind_name(enum quiz_kind k);

/* "YYYY-MM-DDTHH:MM:SSZ" (or HH:MM, or +00:00 for Z) to Unix seconds;
** non-zero when malformed. */
int quiz_time_parse(const char *s, int64_t *out);

#endif
