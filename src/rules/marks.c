/* marks.c: mark kinds, entry checks, quarter and year marks (DOMAIN.md) */
#include "core/common.h"
#include "core/err.h"
#include "rules/marks.h"

#include <math.h>

static const char *const kind_names[MARKS_KIND_COUNT] = {
	[MARKS_FORMATIVE] = "formative",
	[MARKS_SOR] = "sor",
	[MARKS_SOCH] = "soch",
	[MARKS_QUARTER] = "quarter",
	[MARKS_YEAR] = "year",
};

int
marks_kind_parse(const char *s)
{
	if (s == NULL)
		return ERR_INVAL;
	for (int k = 0; k < MARKS_KIND_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return ERR_INVAL;
}

const char *
marks_kind_name(int kind)
{
	if (kind < 0 || kind >= MARKS_KIND_COUNT)
		return NULL;
	return kind_names[kind];
}

/* ------------------------------------------------------------------ */

static int fail(char *msg, size_t msg_len, const char *fmt, ...)
	MK_PRINTF(3, 4);

static int
fail(char *msg, size_t msg_len, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && msg_len > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msg_len, fmt, ap);
		va_end(ap);
	}
	return ERR_INVAL;
}

/*
** A whole number in lo..hi. The range test comes first: it fails for a
** NaN, and keeps the cast to long long defined.
*/
static bool
is_whole_in(double v, int lo, int hi)
{
	return v >= lo && v <= hi && (double)(long long)v == v;
}

int
marks_validate(int grade, int kind, double value, bool has_max,
	double max, char *msg, size_t msg_len)
{
	const char *name;

	if (msg != NULL && msg_len > 0)
		msg[0] = '\0';
	if (grade < 0 || grade > 11)
		return fail(msg, msg_len, "grade %d does not exist", grade);
	if (grade < 2)
		return fail(msg, msg_len, "pupils of grade %d get no marks",
			grade);
	switch (kind) {
	case MARKS_FORMATIVE:
		/* a max sent with a formative mark is ignored */
		if (!is_whole_in(value, MARKS_FORMATIVE_MIN,
		    MARKS_FORMATIVE_MAX))
			return fail(msg, msg_len, "formative mark must be a "
				"whole number from %d to %d",
				MARKS_FORMATIVE_MIN, MARKS_FORMATIVE_MAX);
		return 0;
	case MARKS_SOR:
	case MARKS_SOCH:
		name = kind_names[kind];
		if (!has_max)
			return fail(msg, msg_len, "a %s mark needs a max",
				name);
		if (!is_whole_in(max, 1, MARKS_POINTS_MAX))
			return fail(msg, msg_len, "max of a %s mark must be a "
				"whole number from 1 to %d", name,
				MARKS_POINTS_MAX);
		if (!is_whole_in(value, 0, (int)max))
			return fail(msg, msg_len, "%s mark must be a whole "
				"number from 0 to its max %d", name, (int)max);
		return 0;
	case MARKS_QUARTER:
	case MARKS_YEAR:
		return fail(msg, msg_len, "%s marks are computed, not entered",
			kind_names[kind]);
	default:
		return fail(msg, msg_len, "unknown mark kind");
	}
}

/* ------------------------------------------------------------------ */

/*
** Exact arithmetic for the total. Formative percents are multiples of
** 10 / n and summative ones sums of score / max, so every total is a
** rational number; doubles would put 39.95 at 39.949999999999996 after
** a few operations and give 2 instead of 3. A struct frac is a
** non-negative num / den, den >= 1, kept reduced; an operation returns
** false when a 64-bit product or sum would overflow.
*/
struct frac {
	uint64_t num;
	uint64_t den;
};

static uint64_t
gcd_u64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static void
frac_reduce(struct frac *f)
{
	uint64_t g = gcd_u64(f->num, f->den);

	if (g > 1) {
		f->num /= g;
		f->den /= g;
	}
}

/* *a += b */
static bool
frac_add(struct frac *a, struct frac b)
{
	uint64_t g = gcd_u64(a->den, b.den);
	uint64_t x, y, num, den;

	if (__builtin_mul_overflow(a->den / g, b.den, &den) ||
	    __builtin_mul_overflow(a->num, b.den / g, &x) ||
	    __builtin_mul_overflow(b.num, a->den / g, &y) ||
	    __builtin_add_overflow(x, y, &num))
		return false;
	a->num = num;
	a->den = den;
	frac_reduce(a);
	return true;
}

/* *a *= k */
static bool
frac_mul(struct frac *a, uint64_t k)
{
	uint64_t g = gcd_u64(a->den, k);        /* >= 1: den >= 1 */

	if (__builtin_mul_overflow(a->num, k / g, &a->num))
		return false;
	a->den /= g;
	frac_reduce(a);
	return true;
}

/* *a /= k, k >= 1 */
static bool
frac_div(struct frac *a, uint64_t k)
{
	uint64_t g = gcd_u64(a->num, k);

	a->num /= g;
	if (__builtin_mul_overflow(a->den, k / g, &a->den))
		return false;
	return true;
}

/* round(num / den) half up, for den >= 1, without overflow */
static uint64_t
frac_round(struct frac f)
{
	uint64_t q = f.num / f.den, r = f.num % f.den;

	return q + (r >= f.den - r);
}

/* One part of the result: exact when ok, approx always. */
struct part {
	bool has;
	bool ok;
	struct frac pct;
	long double approx;
};

enum { PART_FO, PART_SOR, PART_SOCH, PART_COUNT };

/* 0.25 / 0.25 / 0.50 as whole numbers; only the ratios matter */
static const unsigned part_weight[PART_COUNT] = { 25, 25, 50 };

static void
part_formative(struct part *p, const int *fo, size_t n)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (uint64_t)fo[i];         /* <= 10 each: no overflow */
	p->has = true;
	p->approx = 10.0L * (long double)sum / (long double)n;
	p->pct.num = sum;
	p->pct.den = 1;
	p->ok = frac_mul(&p->pct, 10) && frac_div(&p->pct, n);
}

static void
part_points(struct part *p, const struct marks_points *w, size_t n)
{
	long double sum = 0;

	p->has = true;
	p->ok = true;
	p->pct.num = 0;
	p->pct.den = 1;
	for (size_t i = 0; i < n; i++) {
		struct frac r = { (uint64_t)w[i].score, (uint64_t)w[i].max };

		sum += (long double)w[i].score / (long double)w[i].max;
		frac_reduce(&r);
		if (p->ok)
			p->ok = frac_add(&p->pct, r);
	}
	p->approx = 100.0L * sum / (long double)n;
	if (p->ok)
		p->ok = frac_mul(&p->pct, 100) && frac_div(&p->pct, n);
}

static double
part_value(const struct part *p)
{
	if (!p->has)
		return 0;
	if (p->ok)
		return (double)((long double)p->pct.num /
			(long double)p->pct.den);
	return (double)p->approx;
}

static bool
points_ok(const struct marks_points *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].max < 1 || w[i].score < 0 || w[i].score > w[i].max)
			return false;
	return true;
}

int
marks_from_tenths(int total_tenths)
{
	if (total_tenths < 400)
		return 2;
	if (total_tenths < 650)
		return 3;
	if (total_tenths < 850)
		return 4;
	return 5;
}

int
marks_quarter_compute(const int *fo, size_t n_fo,
	const struct marks_points *sor, size_t n_sor,
	const struct marks_points *soch, size_t n_soch,
	struct marks_result *out)
{
	struct part p[PART_COUNT];
	struct frac total = { 0, 1 };
	long double approx = 0;
	unsigned weights = 0;
	bool exact = true;
	uint64_t tenths;

	memset(out, 0, sizeof(*out));
	memset(p, 0, sizeof(p));
	for (size_t i = 0; i < n_fo; i++)
		if (fo[i] < MARKS_FORMATIVE_MIN || fo[i] > MARKS_FORMATIVE_MAX)
			return ERR_INVAL;
	if (!points_ok(sor, n_sor) || !points_ok(soch, n_soch))
		return ERR_INVAL;

	if (n_fo > 0)
		part_formative(&p[PART_FO], fo, n_fo);
	if (n_sor > 0)
		part_points(&p[PART_SOR], sor, n_sor);
	if (n_soch > 0)
		part_points(&p[PART_SOCH], soch, n_soch);

	/*
	** total x 10 = 10 x sum(weight x pct) / sum(weight of the parts
	** present): re-weighting a missing part away is just leaving its
	** weight out of the divisor.
	*/
	for (int i = 0; i < PART_COUNT; i++) {
		struct frac t;

		if (!p[i].has)
			continue;
		weights += part_weight[i];
		approx += part_weight[i] * p[i].approx;
		t = p[i].pct;
		if (exact)
			exact = p[i].ok && frac_mul(&t, part_weight[i]) &&
				frac_add(&total, t);
	}
	if (weights == 0)
		return 0;                       /* no marks, no result */
	if (exact)
		exact = frac_mul(&total, 10) && frac_div(&total, weights);
	if (exact) {
		tenths = frac_round(total);
	} else {
		/*
		** Only for denominators past 64 bits, which real marks do
		** not produce. The error of long double is far below the
		** epsilon; only a total less than 1e-9 under a boundary
		** could be misread here as on it.
		*/
		tenths = (uint64_t)floorl(10.0L * approx / weights + 0.5L +
			1e-9L);
	}
	if (tenths > 1000)              /* cannot happen: parts <= 100 */
		tenths = 1000;

	out->has_fo = p[PART_FO].has;
	out->has_sor = p[PART_SOR].has;
	out->has_soch = p[PART_SOCH].has;
	out->fo_pct = part_value(&p[PART_FO]);
	out->sor_pct = part_value(&p[PART_SOR]);
	out->soch_pct = part_value(&p[PART_SOCH]);
	out->has_total = true;
	out->total_tenths = (int)tenths;
	out->total_pct = (double)tenths / 10.0;
	out->mark = marks_from_tenths((int)tenths);
	return 0;
}

/* ------------------------------------------------------------------ */

int
marks_period_of_quarter(int quarter, bool half_year,
	struct marks_period *out)
{
	if (quarter < 1 || quarter > 4)
		return ERR_INVAL;
	if (half_year) {
		out->half = quarter <= 2 ? 1 : 2;
		out->first_quarter = out->half * 2 - 1;
		out->last_quarter = out->half * 2;
	} else {
		out->half = 0;
		out->first_quarter = quarter;
		out->last_quarter = quarter;
	}
	return 0;
}

int
marks_year_compute(const int *period_marks, size_t n)
{
	int sum = 0;

	if (n > 4)
		return ERR_INVAL;
	for (size_t i = 0; i < n; i++) {
		if (period_marks[i] < 2 || period_marks[i] > 5)
			return ERR_INVAL;
		sum += period_marks[i];
	}
	if (n == 0)
		return 0;
	/* floor(sum / n + 1/2) in integers: 7 / 2 -> (14 + 2) / 4 = 4 */
	return (2 * sum + (int)n) / (2 * (int)n);
}

int
marks_year_outcome(const int *year_marks, size_t n, int *n_twos)
{
	int twos = 0;

	for (size_t i = 0; i < n; i++) {
		if (year_marks[i] != 0 &&
		    (year_marks[i] < 2 || year_marks[i] > 5))
			return ERR_INVAL;
		twos += year_marks[i] == 2;
	}
	if (n_twos != NULL)
		*n_twos = twos;
	if (twos == 0)
		return MARKS_OUTCOME_NONE;
	if (twos <= 2)
		return MARKS_OUTCOME_EXTRA_TEST;
	return MARKS_OUTCOME_REPEAT_YEAR;
}

const char *
marks_outcome_name(int outcome)
{
	switch (outcome) {
	case MARKS_OUTCOME_NONE:
		return "none";
	case MARKS_OUTCOME_EXTRA_TEST:
		return "extra_test";
	case MARKS_OUTCOME_REPEAT_YEAR:
		return "repeat_year";
	default:
		return NULL;
	}
}
