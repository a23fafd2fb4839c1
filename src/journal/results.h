/* results.h: pupils' quarter and half-year results from the stored marks */
#ifndef MK_RESULTS_H
#define MK_RESULTS_H

#include "core/err.h"
#include "rules/marks.h"
#include "rules/calendar.h"

/*
** What the gradebook, the report card and the quarter report share: the
** marks as the store returns them, the result of one period of one pupil
** in one course (rules/marks.h does the arithmetic, exactly), and the
** figures of a report over many pupils. The rules and the choices marked
** "ours" are in docs/JOURNAL.md.
*/
struct arena;
struct auth;
struct place;
struct db_stmt;

/*
** Every query feeding these functions returns one mark a row, with these
** columns first and in this order (aliases: m marks, l lessons); it may
** add its own columns after them.
*/
#define RESULTS_MARK_COLS "m.student_id, l.course_id, m.lesson_id, " \
	"l.date, m.kind, m.value, m.max"
#define RESULTS_MARK_NCOLS 7

struct results_mark {
	int64_t student_id, course_id, lesson_id;
	int32_t date;           /* day number (rules/dates.h) */
	int kind;               /* MARKS_FORMATIVE, MARKS_SOR, MARKS_SOCH */
	int32_t value, max;     /* max 0 for a formative mark */
};

/*
** Read every row of st (bound, not stepped yet) into an array in arena a,
** in the order the query gives. Rows of an unknown kind are skipped.
** Returns 0, or the db error (filled into e).
*/
int results_marks_load(struct db_stmt *st, struct arena *a,
	struct results_mark **out, size_t *n, struct err *e);

/*
** The run of marks of one pupil (by_course false) or one course (true) in
** v[0..n), which must be sorted by that id: the index of its first mark,
** and the count in *count (0 when there is none).
*/
size_t results_span(const struct results_mark *v, size_t n, bool by_course,
	int64_t id, size_t *count);

/*
** The marks of one period of one pupil in one course, gathered for
** marks_quarter_compute(). Memory comes from the arena and is kept by
** results_acc_clear() for the next period. A mark outside its domain (a
** formative value outside 1..10, a max below 1, a score outside 0..max),
** which the journal never stores, is left out rather than failing the
** whole period.
*/
struct results_acc {
	struct arena *a;
	int *fo;
	struct marks_points *sor, *soch;
	size_t n_fo, n_sor, n_soch;
	size_t cap_fo, cap_sor, cap_soch;
};

void results_acc_init(struct results_acc *acc, struct arena *a);
void results_acc_clear(struct results_acc *acc);
void results_acc_add(struct results_acc *acc, int kind, int32_t value,
	int32_t max);
/* The result of the marks gathered (has_total false without any). */
void results_acc_compute(const struct results_acc *acc,
	struct marks_result *out);

/*
** The result of the marks v[0..n) dated from..to (inclusive), through acc
** (cleared first).
*/
void results_compute(struct results_acc *acc, const struct results_mark *v,
	size_t n, int32_t from, int32_t to, struct marks_result *out);

/*
** Write the "total_pct" (one decimal, as rounded by the rules) and "mark"
** members of a result into s: both null without a total.
*/
struct sb;
void results_write_total(struct sb *s, const struct marks_result *res);

/*
** Streaming many pupils' results: st (bound, not stepped yet) returns
** RESULTS_MARK_COLS with all the rows of one course together, in any
** order inside the course (a class's journal in index order needs no
** sort). Once a course's rows end, fn is called for each pupil with marks
** in it, by student id, with the result over all the pupil's rows of that
** course; tag is column tag_col of the course's first row (0 if tag_col
** is negative). Returns 0 or the db error.
*/
struct results_pair {
	int64_t course_id, student_id, tag;
	struct marks_result res;
};

int results_stream(struct db_stmt *st, struct arena *a, int tag_col,
	void (*fn)(void *arg, const struct results_pair *p), void *arg,
	struct err *e);

/*
** Report figures (DOMAIN.md "Reports"). A pupil counts when they have at
** least one period mark; quality counts pupils whose every mark is 4 or
** 5, performance those without a 2. Attendance is counted in lessons.
*/
struct results_tally {
	int64_t pupils, quality, performance;
	int64_t marks, mark_sum;                /* period marks and their sum */
	int64_t attended, held, unexcused;      /* lessons */
};

/*
** The period marks of the pupils of one group (a class), by student id:
** add each mark as it comes, then flush them all into a tally.
*/
struct results_pupils {
	struct arena *a;
	int64_t *ids;           /* 0: empty slot */
	int32_t (*count)[4];    /* marks of 2, 3, 4, 5 per slot */
	size_t cap, n;
};

void results_pupils_init(struct results_pupils *p, struct arena *a);
/* Count mark (2..5) for the pupil; other values are ignored. */
void results_pupils_add(struct results_pupils *p, int64_t student_id,
	int mark);
/* Add every pupil held to t and empty p. */
void results_pupils_flush(struct results_pupils *p, struct results_tally *t);

void results_tally_add(struct results_tally *to,
	const struct results_tally *from);

/* num / den x 100, or NaN (written as null) when den is 0. */
double results_pct(int64_t num, int64_t den);
/* The mean of the period marks, or NaN without any. */
double results_average(const struct results_tally *t);

/*
** Does the caller oversee the place: the ministry, the region's or the
** district's department over it, or an admin of its school (when the
** place is a school or inside one)? Teachers, pupils and parents do not.
*/
bool results_may_report(const struct auth *a, const struct place *p);

/*
** The quarter to show by default on day today: the one containing it,
** else the last one ended before it, else 1.
*/
int results_quarter_default(const struct school_calendar *c, int32_t today);

/*
** The school year (by its starting calendar year) to report by default:
** the one containing today, and in the summer the one just ended.
*/
int results_year_default(int32_t today);

#endif
