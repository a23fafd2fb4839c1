/* journal.c: the demo's journal: the year's lessons, then the past filled */
#include "core/common.h"
#include "demo/journal.h"
#include "core/arena.h"
#include "core/log.h"
#include "journal/lessons_gen.h"
#include "journal/school_cal.h"
#include "rules/dates.h"

#include <time.h>

static struct query q_demo_teacher = QUERY(
	"SELECT id FROM people WHERE login = 'teacher'");
static struct query q_lessons = QUERY("SELECT count(*) FROM lessons");

/* ----- helpers ----- */

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
idpair_cmp(const void *a, const void *b)
{
	const struct idpair *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

void
idmap_init(struct idmap *m, struct arena *a, int n)
{
	m->a = arena_alloc(a, (size_t)(n + 1) * sizeof(*m->a));
	m->n = 0;
}

void
idmap_sort(struct idmap *m)
{
	qsort(m->a, (size_t)m->n, sizeof(*m->a), idpair_cmp);
}

int
idmap_find(const struct idmap *m, int64_t id)
{
	int lo = 0, hi = m->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (m->a[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->a[lo].id == id ? m->a[lo].i : -1;
}

void
journal_fail(struct journal *j, int rc)
{
	if (j->g->rc == 0)
		j->g->rc = rc < 0 ? rc : ERR_DB;
}

struct db_stmt *
journal_prep_year(struct journal *j, struct query *q)
{
	struct db_stmt *st = gen_prep(j->g, q);

	if (st)
		db_bind_i64(st, 1, j->g->year);
	return st;
}

/* ----- the school year's lessons ----- */

static void
school_lessons(struct journal *j, int s)
{
	struct jschool *sc = &j->schools[s];
	struct gen *g = j->g;
	int64_t made = 0;
	int32_t from, to;
	int rc;

	if (g->rc)
		return;
	if ((rc = school_calendar_load(g->db, sc->id, g->year, &sc->cal,
	    g->e)) != 0) {
		journal_fail(j, rc);
		return;
	}
	from = sc->cal.starts;
	to = sc->cal.ends;
	if (j->o->from > from)
		from = j->o->from;
	if (j->o->to && j->o->to < to)
		to = j->o->to;
	timetable_build(j, s);
	timetable_store(j, s, sc->cal.starts);
	if (g->rc)
		return;
	if ((rc = lessons_generate(g->db, sc->id, 0, &sc->cal, from, to,
	    &made, g->e)) != 0) {
		journal_fail(j, rc);
		return;
	}
	journal_plan_summative(j, s);
}

void
journal_generate(struct gen *g, const struct journal_opts *o)
{
	struct journal j;
	struct idmap courses = { 0 };
	double t0 = seconds(), t1;

	if (g->rc)
		return;
	memset(&j, 0, sizeof(j));
	j.g = g;
	j.today = o->today;
	j.o = o;
	j.full_attendance = o->full_attendance;
	rng_fork(&g->rng, 0x6a6f75726e616cu, &j.rng);
	if (db_get_i64(g->db, &q_demo_teacher, &j.demo_teacher, g->e, 0) !=
	    0) {
		j.demo_teacher = 0;     /* no such login: nobody to favour */
		err_clear(g->e);
	}
	journal_load(&j, &courses);
	for (int s = 0; s < j.nschools && g->rc == 0; s++)
		school_lessons(&j, s);
	if (g->rc == 0) {
		struct db_stmt *st = gen_prep(g, &q_lessons);

		if (st && db_step(st, g->e) == DB_ROW)
			j.lessons = db_col_i64(st, 0);
		gen_exec(g, st);
	}
	t1 = seconds();
	log_msg(LOG_INFO, "demo timetable: %lld lessons dated, %d "
		"teacher double-bookings left, %.2f s", (long long)j.lessons,
		j.clashes, t1 - t0);
	journal_fill_past(&j, &courses);
	log_msg(LOG_INFO, "demo journal: %lld lessons held, %lld attendance "
		"rows, %lld marks, %lld audit entries, %.2f s",
		(long long)j.filled, (long long)j.attendance,
		(long long)j.marks, (long long)j.audit, seconds() - t1);
}
