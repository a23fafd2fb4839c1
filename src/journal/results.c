/* results.c: pupils' quarter and half-year results from the stored marks */
#include "core/common.h"
#include "journal/results.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "core/arena.h"
#include "core/jw.h"
#include "rules/dates.h"
#include "db/db.h"

#include <math.h>

/* Grow an arena array of elem-byte items to hold one more (keeps cap). */
static void *
grow(struct arena *a, void *v, size_t n, size_t *cap, size_t elem)
{
	void *more;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	more = arena_alloc(a, *cap * elem);
	if (n)
		memcpy(more, v, n * elem);
	return more;
}

int
results_marks_load(struct db_stmt *st, struct arena *a,
	struct results_mark **out, size_t *n, struct err *e)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct results_mark *m;
		int kind = marks_kind_parse(db_col_text(st, 4));

		if (kind < MARKS_FORMATIVE || kind > MARKS_SOCH)
			continue;
		*out = grow(a, *out, *n, &cap, sizeof(**out));
		m = &(*out)[(*n)++];
		m->student_id = db_col_i64(st, 0);
		m->course_id = db_col_i64(st, 1);
		m->lesson_id = db_col_i64(st, 2);
		m->date = 0;
		(void)date_parse(db_col_text(st, 3), &m->date);
		m->kind = kind;
		m->value = (int32_t)db_col_i64(st, 5);
		m->max = db_col_null(st, 6) ? 0 : (int32_t)db_col_i64(st, 6);
	}
	return rc < 0 ? rc : 0;
}

static int64_t
span_key(const struct results_mark *m, bool by_course)
{
	return by_course ? m->course_id : m->student_id;
}

size_t
results_span(const struct results_mark *v, size_t n, bool by_course,
	int64_t id, size_t *count)
{
	size_t lo = 0, hi = n, end;

	while (lo < hi) {                       /* first key >= id */
		size_t mid = lo + (hi - lo) / 2;

		if (span_key(&v[mid], by_course) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n && span_key(&v[end], by_course) == id; end++)
		;
	*count = end - lo;
	return lo;
}

/* ----- one period of one pupil in one course ----- */

void
results_acc_init(struct results_acc *acc, struct arena *a)
{
	memset(acc, 0, sizeof(*acc));
	acc->a = a;
}

void
results_acc_clear(struct results_acc *acc)
{
	acc->n_fo = acc->n_sor = acc->n_soch = 0;
}

void
results_acc_add(struct results_acc *acc, int kind, int32_t value,
	int32_t max)
{
	switch (kind) {
	case MARKS_FORMATIVE:
		if (value < MARKS_FORMATIVE_MIN || value > MARKS_FORMATIVE_MAX)
			return;
		acc->fo = grow(acc->a, acc->fo, acc->n_fo, &acc->cap_fo,
			sizeof(*acc->fo));
		acc->fo[acc->n_fo++] = value;
		return;
	case MARKS_SOR:
		if (max < 1 || value < 0 || value > max)
			return;
		acc->sor = grow(acc->a, acc->sor, acc->n_sor, &acc->cap_sor,
			sizeof(*acc->sor));
		acc->sor[acc->n_sor++] = (struct marks_points){ value, max };
		return;
	case MARKS_SOCH:
		if (max < 1 || value < 0 || value > max)
			return;
		acc->soch = grow(acc->a, acc->soch, acc->n_soch, &acc->cap_soch,
			sizeof(*acc->soch));
		acc->soch[acc->n_soch++] = (struct marks_points){ value, max };
		return;
	default:
		return;
	}
}

void
results_acc_compute(const struct results_acc *acc, struct marks_result *out)
{
	/* cannot fail: results_acc_add() kept only marks in their domain */
	if (marks_quarter_compute(acc->fo, acc->n_fo, acc->sor, acc->n_sor,
	    acc->soch, acc->n_soch, out) != 0)
		memset(out, 0, sizeof(*out));
}

void
results_compute(struct results_acc *acc, const struct results_mark *v,
	size_t n, int32_t from, int32_t to, struct marks_result *out)
{
	results_acc_clear(acc);
	for (size_t i = 0; i < n; i++)
		if (v[i].date >= from && v[i].date <= to)
			results_acc_add(acc, v[i].kind, v[i].value, v[i].max);
	results_acc_compute(acc, out);
}

void
results_write_total(struct sb *s, const struct marks_result *res)
{
	jw_key(s, "total_pct");
	if (res->has_total)
		jw_f64(s, res->total_tenths / 10.0, 1);
	else
		jw_null(s);
	jw_key(s, "mark");
	if (res->has_total)
		jw_i64(s, res->mark);
	else
		jw_null(s);
}

/* ----- small open-addressing tables keyed by student id ----- */

static size_t
slot_hash(int64_t id, size_t cap)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 32) & (cap - 1);
}

/* The slot of id in ids[cap] (cap a power of two, never full). */
static size_t
slot_find(const int64_t *ids, size_t cap, int64_t id)
{
	size_t i = slot_hash(id, cap);

	while (ids[i] != 0 && ids[i] != id)
		i = (i + 1) & (cap - 1);
	return i;
}

/* ----- streaming: every pupil's result in every course ----- */

struct slot_ref {
	int64_t id;
	size_t slot;
};

struct course_tab {
	struct arena *a;
	int64_t *ids;                   /* 0: empty */
	struct results_acc *accs;       /* kept with their memory */
	size_t cap, n;
	struct slot_ref *order;         /* used slots, for sorting */
	size_t cap_order;
};

static void
tab_alloc(struct course_tab *t, size_t cap)
{
	t->cap = cap;
	t->n = 0;
	t->ids = arena_calloc(t->a, cap * sizeof(*t->ids));
	t->accs = arena_alloc(t->a, cap * sizeof(*t->accs));
	for (size_t i = 0; i < cap; i++)
		results_acc_init(&t->accs[i], t->a);
}

static struct results_acc *
tab_get(struct course_tab *t, int64_t id)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct course_tab old = *t;

		tab_alloc(t, old.cap * 2);
		for (size_t k = 0; k < old.cap; k++) {
			if (old.ids[k] == 0)
				continue;
			i = slot_find(t->ids, t->cap, old.ids[k]);
			t->ids[i] = old.ids[k];
			t->accs[i] = old.accs[k];
			t->n++;
		}
	}
	i = slot_find(t->ids, t->cap, id);
	if (t->ids[i] == 0) {
		t->ids[i] = id;
		t->n++;
		results_acc_clear(&t->accs[i]);
	}
	return &t->accs[i];
}

static int
cmp_slot(const void *a, const void *b)
{
	int64_t x = ((const struct slot_ref *)a)->id;
	int64_t y = ((const struct slot_ref *)b)->id;

	return (x > y) - (x < y);
}

/* Hand out the results of the course held in t by student id; empty t. */
static void
tab_flush(struct course_tab *t, int64_t course_id, int64_t tag,
	void (*fn)(void *arg, const struct results_pair *p), void *arg)
{
	struct results_pair p;
	size_t n = 0;

	if (t->cap_order < t->n) {
		t->cap_order = t->cap;
		t->order = arena_alloc(t->a, t->cap_order * sizeof(*t->order));
	}
	for (size_t i = 0; i < t->cap; i++)
		if (t->ids[i] != 0)
			t->order[n++] = (struct slot_ref){ t->ids[i], i };
	if (n > 1)
		qsort(t->order, n, sizeof(*t->order), cmp_slot);
	for (size_t k = 0; k < n; k++) {
		size_t i = t->order[k].slot;

		memset(&p, 0, sizeof(p));
		p.course_id = course_id;
		p.student_id = t->ids[i];
		p.tag = tag;
		results_acc_compute(&t->accs[i], &p.res);
		if (p.res.has_total)
			fn(arg, &p);
	}
	memset(t->ids, 0, t->cap * sizeof(*t->ids));
	t->n = 0;
}

int
results_stream(struct db_stmt *st, struct arena *a, int tag_col,
	void (*fn)(void *arg, const struct results_pair *p), void *arg,
	struct err *e)
{
	struct course_tab t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.a = a;
	tab_alloc(&t, 64);
	rc = db_step(st, e);
	while (rc == DB_ROW) {
		int64_t course_id = db_col_i64(st, 1);
		int64_t tag = tag_col >= 0 ? db_col_i64(st, tag_col) : 0;

		do {
			int kind = marks_kind_parse(db_col_text(st, 4));
			int64_t student_id = db_col_i64(st, 0);

			if (student_id > 0)
				results_acc_add(tab_get(&t, student_id), kind,
					(int32_t)db_col_i64(st, 5),
					db_col_null(st, 6) ? 0 :
					(int32_t)db_col_i64(st, 6));
			rc = db_step(st, e);
		} while (rc == DB_ROW && db_col_i64(st, 1) == course_id);
		tab_flush(&t, course_id, tag, fn, arg);
	}
	return rc < 0 ? rc : 0;
}

/* ----- report figures ----- */

static void
pupils_alloc(struct results_pupils *p, size_t cap)
{
	p->cap = cap;
	p->n = 0;
	p->ids = arena_calloc(p->a, cap * sizeof(*p->ids));
	p->count = arena_calloc(p->a, cap * sizeof(*p->count));
}

void
results_pupils_init(struct results_pupils *p, struct arena *a)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	pupils_alloc(p, 64);
}

void
results_pupils_add(struct results_pupils *p, int64_t student_id, int mark)
{
	size_t i;

	if (mark < 2 || mark > 5 || student_id <= 0)
		return;
	if (2 * (p->n + 1) > p->cap) {
		struct results_pupils old = *p;

		pupils_alloc(p, old.cap * 2);
		for (size_t k = 0; k < old.cap; k++) {
			if (old.ids[k] == 0)
				continue;
			i = slot_find(p->ids, p->cap, old.ids[k]);
			p->ids[i] = old.ids[k];
			memcpy(p->count[i], old.count[k], sizeof(p->count[i]));
			p->n++;
		}
	}
	i = slot_find(p->ids, p->cap, student_id);
	if (p->ids[i] == 0) {
		p->ids[i] = student_id;
		memset(p->count[i], 0, sizeof(p->count[i]));
		p->n++;
	}
	p->count[i][mark - 2]++;
}

void
results_pupils_flush(struct results_pupils *p, struct results_tally *t)
{
	for (size_t i = 0; i < p->cap; i++) {
		const int32_t *c = p->count[i];

		if (p->ids[i] == 0)
			continue;
		t->pupils++;
		t->quality += c[0] == 0 && c[1] == 0;
		t->performance += c[0] == 0;
		for (int k = 0; k < 4; k++) {
			t->marks += c[k];
			t->mark_sum += (int64_t)c[k] * (k + 2);
		}
		p->ids[i] = 0;
	}
	p->n = 0;
}

void
results_tally_add(struct results_tally *to, const struct results_tally *from)
{
	to->pupils += from->pupils;
	to->quality += from->quality;
	to->performance += from->performance;
	to->marks += from->marks;
	to->mark_sum += from->mark_sum;
	to->attended += from->attended;
	to->held += from->held;
	to->unexcused += from->unexcused;
}

double
results_pct(int64_t num, int64_t den)
{
	if (den <= 0)
		return NAN;
	return (double)num * 100.0 / (double)den;
}

double
results_average(const struct results_tally *t)
{
	if (t->marks <= 0)
		return NAN;
	return (double)t->mark_sum / (double)t->marks;
}

/* ----- who sees reports, which period by default ----- */

bool
results_may_report(const struct auth *a, const struct place *p)
{
	/* officials of the area and the school's administrators */
	for (int i = 0; i < a->ngrants; i++) {
		const struct grant *g = &a->grants[i];

		if (g->role != ROLE_TEACHER && g->role != ROLE_CLASS_TEACHER &&
		    authz_grant_covers(g, p))
			return true;
	}
	return false;
}

int
results_quarter_default(const struct school_calendar *c, int32_t today)
{
	int q = calendar_quarter_of(c, today);

	if (q != 0)
		return q;
	for (q = 4; q >= 1; q--)
		if (c->quarters[q - 1].ends != 0 &&
		    c->quarters[q - 1].ends < today)
			return q;
	return 1;
}

int
results_year_default(int32_t today)
{
	int year = calendar_year_of(today);

	/* calendar_year_of() looks ahead to September in the summer */
	if (today < date_from_ymd(year, 9, 1))
		year--;
	return year;
}
