/* marks.h: mark kinds, entry checks, quarter and year marks; pure */
#ifndef MK_MARKS_H
#define MK_MARKS_H

/*
** The assessment rules of DOMAIN.md ("Marks"), as pure functions: no I/O,
** no allocation; messages go into the caller's buffer. Errors are the
** negative codes of core/err.h (ERR_INVAL); messages are lowercase,
** without a final full stop, and fit in ERR_MSG_MAX.
*/

/*
** Mark kinds. The values are stable and may be stored.
*/
enum marks_kind {
	MARKS_FORMATIVE = 0,    /* ФО: daily, 1 to 10 */
	MARKS_SOR = 1,          /* СОР: section summative, score out of max */
	MARKS_SOCH = 2,         /* СОЧ: quarter summative, score out of max */
	MARKS_QUARTER = 3,      /* computed quarter (or half-year) mark 2-5 */
	MARKS_YEAR = 4,         /* computed year mark 2-5 */
};
#define MARKS_KIND_COUNT 5

/*
** "formative", "sor", "soch", "quarter", "year" to the kind; ERR_INVAL
** for anything else (NULL included). Exact, case-sensitive match.
*/
int marks_kind_parse(const char *s);

/* The API name of a kind; NULL when kind is not an enum marks_kind. */
const char *marks_kind_name(int kind);

/* Value ranges of entered marks. */
#define MARKS_FORMATIVE_MIN 1
#define MARKS_FORMATIVE_MAX 10
/*
** The largest max of a СОР or СОЧ a teacher may enter (ours: the rules
** set no limit; 100 points is beyond any real work). Only
** marks_validate() applies it: the computations take any max >= 1.
*/
#define MARKS_POINTS_MAX 100

/*
** Checks one entered mark for a pupil of the given grade (0-11):
**   - grades 0 and 1 get no marks at all;
**   - formative: value a whole number 1..10; max is ignored (store none);
**   - sor, soch: max present, a whole number 1..MARKS_POINTS_MAX; value a
**     whole number 0..max;
**   - quarter, year: computed, never entered, always refused.
** value and max are doubles so that 7.5 or a NaN are refused here, not
** truncated by the caller. Returns 0, or ERR_INVAL with the reason in
** msg (if msg is not NULL and msg_len > 0; truncated to fit, always
** NUL-terminated), e.g. "formative mark must be a whole number from 1
** to 10".
*/
int marks_validate(int grade, int kind, double value, bool has_max,
	double max, char *msg, size_t msg_len);

/* A СОР or СОЧ as the computations take it: score points out of max. */
struct marks_points {
	int32_t score;          /* 0..max */
	int32_t max;            /* >= 1 */
};

/*
** The result of a quarter (or half-year). The parts, in percent:
**   fo_pct   = mean of the formative values x 10
**   sor_pct  = mean over the СОР of score / max x 100
**   soch_pct = mean over the СОЧ of score / max x 100 (ours: the rules
**              have one СОЧ a quarter; should there be several, each
**              counts like one СОР does, by its own score / max)
**   total    = 0.25 fo + 0.25 sor + 0.50 soch; a missing part's weight is
**              shared over the present ones in proportion to their
**              weights (ours): fo+sor 1/2 + 1/2, fo+soch 1/3 + 2/3,
**              sor+soch 1/3 + 2/3, a single part alone counts 100%.
** The total is rounded half up (away from zero; nothing is negative) to
** one decimal, in exact rational arithmetic: 39.95 exactly gives 40.0,
** 39.94999 gives 39.9, whatever binary doubles would say. (Only
** denominators beyond 64 bits, which real marks never produce, fall back
** to long double.) The mark is read off the rounded total: below 40.0
** -> 2, below 65.0 -> 3, below 85.0 -> 4, else 5.
*/
struct marks_result {
	bool has_fo, has_sor, has_soch;
	bool has_total;         /* false: no part at all, no mark */
	double fo_pct;          /* unrounded; 0 when the part is absent */
	double sor_pct;
	double soch_pct;
	int total_tenths;       /* the rounded total in tenths: 400 = 40.0 */
	double total_pct;       /* total_tenths / 10.0; 0 without a total */
	int mark;               /* 2..5; 0 without a total */
};

/*
** Computes the result of a period from its marks: n_fo formative values
** (1..10 each), n_sor СОР and n_soch СОЧ. Any array may be NULL when its
** count is 0. Fills *out and returns 0, or returns ERR_INVAL (and leaves
** *out zeroed) for a value outside its domain: a formative value outside
** 1..10, a max below 1, a score below 0 or above its max. No marks at
** all is not an error: out->has_total is false.
*/
int marks_quarter_compute(const int *fo, size_t n_fo,
	const struct marks_points *sor, size_t n_sor,
	const struct marks_points *soch, size_t n_soch,
	struct marks_result *out);

/* The mark for a total in tenths of a percent (0..1000): 2, 3, 4 or 5. */
int marks_from_tenths(int total_tenths);

/*
** Periods. A subject taught 1 hour a week is marked per half-year:
** quarters 1 and 2 are half-year 1, quarters 3 and 4 half-year 2; any
** other subject is marked per quarter. The result of a half-year is
** marks_quarter_compute() over the marks of both its quarters taken
** together (ours: not a mean of two quarter results); before the
** half-year ends, over its marks so far. The period mark is final once
** its last quarter ends.
*/
struct marks_period {
	int first_quarter;      /* 1..4 */
	int last_quarter;       /* == first_quarter for a quarter */
	int half;               /* 1 or 2 for a half-year, 0 for a quarter */
};

/*
** The period that quarter (1..4) belongs to, for a subject marked per
** half-year or not. Returns 0, or ERR_INVAL for a quarter outside 1..4.
*/
int marks_period_of_quarter(int quarter, bool half_year,
	struct marks_period *out);

/*
** The year mark: the mean of the n period marks (each 2..5; 1 to 4 of
** them: quarters, or 2 half-years), rounded half up: 3,4 -> 3.5 -> 4;
** 3,4,4,4 -> 3.75 -> 4; 2,3,3,2 -> 2.5 -> 3. Returns the mark 2..5, 0
** when n is 0 (no year mark), ERR_INVAL for n above 4 or a mark outside
** 2..5.
*/
int marks_year_compute(const int *period_marks, size_t n);

/* What a pupil's year marks lead to. Stable values. */
enum marks_outcome {
	MARKS_OUTCOME_NONE = 0,         /* no year mark of 2 */
	MARKS_OUTCOME_EXTRA_TEST = 1,   /* 2 in 1 or 2 subjects */
	MARKS_OUTCOME_REPEAT_YEAR = 2,  /* 2 in 3 or more subjects */
};

/*
** The outcome of a pupil's year: year_marks holds one year mark per
** subject, 2..5, or 0 for a subject without a year mark (not counted).
** Stores the number of 2s in *n_twos (if not NULL). Returns the enum
** marks_outcome, or ERR_INVAL for a value other than 0, 2, 3, 4, 5.
*/
int marks_year_outcome(const int *year_marks, size_t n, int *n_twos);

/* "none", "extra_test", "repeat_year"; NULL for any other value. */
const char *marks_outcome_name(int outcome);

#endif
