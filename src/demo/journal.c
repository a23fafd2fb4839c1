/* journal.c: the demo's journal: timetable, lessons, attendance, marks */
#include "core/common.h"
#include "demo/journal.h"
#include "core/arena.h"
#include "core/log.h"
#include "journal/audit.h"
#include "journal/lessons_gen.h"
#include "journal/school_cal.h"
#include "rules/bells.h"
#include "rules/dates.h"
#include "rules/marks.h"
#include "rules/schedule_limits.h"

#include <time.h>

/*
** Attendance: only the pupils who were late or absent get a row, as a
** teacher marks a register; a pupil of a lesson held (date <= today) with
** no row was present. Writing the present rows too (full_attendance) is
** about 15 times the rows, and with their audit entries most of the
** demo's time. Each row and each mark is also an entry of the audit
** chain, as if the lesson's teacher had set it at the end of the lesson
** (local time UTC+5).
*/

enum jday { DAY_NORMAL, DAY_SICK, DAY_AWAY };
enum jstatus { ST_PRESENT, ST_LATE, ST_EXCUSED, ST_SICK, ST_UNEXCUSED };
enum jmode { MODE_IN_PERSON, MODE_SYNC, MODE_ASYNC, MODE_TV };

static const char *const status_names[] = {
	"present", "late", "absent_excused", "absent_sick",
	"absent_unexcused",
};
static const char *const mode_names[] = {
	"in_person", "online_sync", "online_async", "tv",
};

/* What a lesson already held needs, loaded before anything is written. */
struct jlesson {
	int64_t id, teacher_id;
	int course;
	int32_t date;
	int ends;               /* minutes after midnight, local */
};

/* ids to indices: sorted pairs, found by binary search */
struct idmap {
	struct idpair {
		int64_t id;
		int i;
	} *a;
	int n;
};

static struct query q_count = QUERY(
	"SELECT (SELECT count(*) FROM schools), "
	"(SELECT count(*) FROM classes WHERE year = ?1), "
	"(SELECT count(*) FROM pupils p JOIN classes c ON c.id = p.class_id "
	"WHERE c.year = ?1), "
	"(SELECT count(*) FROM courses co JOIN classes c ON "
	"c.id = co.class_id WHERE c.year = ?1), "
	"(SELECT count(*) FROM subgroup_members m JOIN subgroups g ON "
	"g.id = m.subgroup_id JOIN classes c ON c.id = g.class_id "
	"WHERE c.year = ?1)");
static struct query q_schools = QUERY(
	"SELECT id, broadband FROM schools ORDER BY id");
static struct query q_classes = QUERY(
	"SELECT id, school_id, grade, language, shift FROM classes "
	"WHERE year = ?1 ORDER BY school_id, id");
static struct query q_pupils = QUERY(
	"SELECT p.person_id, p.class_id FROM pupils p JOIN classes c ON "
	"c.id = p.class_id WHERE c.year = ?1 "
	"ORDER BY c.school_id, c.id, p.person_id");
static struct query q_members = QUERY(
	"SELECT m.subgroup_id, m.pupil_id FROM subgroup_members m "
	"JOIN subgroups g ON g.id = m.subgroup_id JOIN classes c ON "
	"c.id = g.class_id WHERE c.year = ?1 "
	"ORDER BY m.subgroup_id, m.pupil_id");
static struct query q_courses = QUERY(
	"SELECT co.id, co.class_id, co.subject_id, co.teacher_id, "
	"co.subgroup_id, co.hours_per_week FROM courses co "
	"JOIN classes c ON c.id = co.class_id WHERE c.year = ?1 "
	"ORDER BY c.school_id, c.id, co.subject_id, co.id");
static struct query q_demo_teacher = QUERY(
	"SELECT id FROM people WHERE login = 'teacher'");
static struct query q_grade1_off = QUERY(
	"DELETE FROM lessons WHERE date BETWEEN ?2 AND ?3 AND class_id IN "
	"(SELECT id FROM classes WHERE school_id = ?1 AND grade = 1)");
static struct query q_past_count = QUERY(
	"SELECT count(*) FROM lessons WHERE date <= ?1");
static struct query q_past = QUERY(
	"SELECT id, course_id, date, ends, teacher_id FROM lessons "
	"WHERE date <= ?1 AND status = 'scheduled' ORDER BY date, ends, id");
static struct query q_lessons = QUERY("SELECT count(*) FROM lessons");
static struct query q_lesson_set = QUERY(
	"UPDATE lessons SET topic = ?2, homework = ?3, mode = ?4, link = ?5 "
	"WHERE id = ?1");
static struct query q_att = QUERY(
	"INSERT INTO attendance (lesson_id, student_id, status, set_by, "
	"set_at) VALUES (?1, ?2, ?3, ?4, ?5)");
static struct query q_mark = QUERY(
	"INSERT INTO marks (lesson_id, student_id, kind, value, max, set_by, "
	"set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

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

static void
idmap_init(struct idmap *m, struct arena *a, int n)
{
	m->a = arena_alloc(a, (size_t)(n + 1) * sizeof(*m->a));
	m->n = 0;
}

static int
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

static void
fail(struct journal *j, int rc)
{
	if (j->g->rc == 0)
		j->g->rc = rc < 0 ? rc : ERR_DB;
}

static struct db_stmt *
prep_year(struct journal *j, struct query *q)
{
	struct db_stmt *st = gen_prep(j->g, q);

	if (st)
		db_bind_i64(st, 1, j->g->year);
	return st;
}

/* ----- loading what school.c made ----- */

static void
load_counts(struct journal *j, int64_t n[5])
{
	struct db_stmt *st = prep_year(j, &q_count);
	int rc;

	memset(n, 0, 5 * sizeof(*n));
	if (st == NULL)
		return;
	if ((rc = db_step(st, j->g->e)) != DB_ROW) {
		fail(j, rc);
		return;
	}
	for (int i = 0; i < 5; i++)
		n[i] = db_col_i64(st, i);
	gen_exec(j->g, st);
}

static void
load_schools(struct journal *j, int cap)
{
	struct db_stmt *st = gen_prep(j->g, &q_schools);
	int rc;

	j->schools = arena_calloc(j->g->arena, (size_t)(cap + 1) *
		sizeof(*j->schools));
	if (st == NULL)
		return;
	while ((rc = db_step(st, j->g->e)) == DB_ROW && j->nschools < cap) {
		struct jschool *s = &j->schools[j->nschools++];

		s->id = db_col_i64(st, 0);
		s->broadband = db_col_i64(st, 1) != 0;
	}
	if (rc < 0)
		fail(j, rc);
}

/*
** Classes sorted by school, their pupils in the same order (each class's
** a run of j->pupils), every pupil an ability drawn once: 2% weak, 20%
** fair, 46% good, 32% excellent; with the subject's offset and the
** day's luck their quarter marks come out about 2% 2s, 20% 3s, 45% 4s
** and 33% 5s.
*/
static void
load_classes(struct journal *j, int cap, int cap_pupils, struct idmap *cm,
	struct idmap *pm)
{
	struct db_stmt *st = prep_year(j, &q_classes);
	int rc, *all, s = 0;

	j->classes = arena_calloc(j->g->arena, (size_t)(cap + 1) *
		sizeof(*j->classes));
	idmap_init(cm, j->g->arena, cap);
	if (st == NULL)
		return;
	while ((rc = db_step(st, j->g->e)) == DB_ROW && j->nclasses < cap) {
		struct jclass *c = &j->classes[j->nclasses];
		int64_t school = db_col_i64(st, 1);
		const char *lang = db_col_text(st, 3);

		while (s < j->nschools && j->schools[s].id != school)
			s++;
		if (s == j->nschools) {
			j->g->rc = err_set(j->g->e, ERR_INTERNAL, "class "
				"%lld of an unknown school",
				(long long)db_col_i64(st, 0));
			return;
		}
		if (j->schools[s].nclasses++ == 0)
			j->schools[s].first_class = j->nclasses;
		c->id = db_col_i64(st, 0);
		c->school = s;
		c->grade = (int)db_col_i64(st, 2);
		c->ru = lang && strcmp(lang, "ru") == 0;
		c->shift = (int)db_col_i64(st, 4);
		c->day = -1;
		cm->a[cm->n++] = (struct idpair){ c->id, j->nclasses };
		j->nclasses++;
	}
	if (rc < 0) {
		fail(j, rc);
		return;
	}
	qsort(cm->a, (size_t)cm->n, sizeof(*cm->a), idpair_cmp);

	j->pupils = arena_calloc(j->g->arena, (size_t)(cap_pupils + 1) *
		sizeof(*j->pupils));
	all = arena_alloc(j->g->arena, (size_t)(cap_pupils + 1) *
		sizeof(*all));
	idmap_init(pm, j->g->arena, cap_pupils);
	if ((st = prep_year(j, &q_pupils)) == NULL)
		return;
	while ((rc = db_step(st, j->g->e)) == DB_ROW &&
	    j->npupils < cap_pupils) {
		struct jpupil *p = &j->pupils[j->npupils];
		int ci = idmap_find(cm, db_col_i64(st, 1));
		int u = (int)rng_below(&j->rng, 100);

		if (ci < 0)
			continue;
		p->id = db_col_i64(st, 0);
		p->ability = u < 2 ? rng_range(&j->rng, 30, 44) :
			u < 22 ? rng_range(&j->rng, 45, 64) :
			u < 68 ? rng_range(&j->rng, 65, 84) :
			rng_range(&j->rng, 85, 97);
		p->sick_until = INT32_MIN;
		all[j->npupils] = j->npupils;
		if (j->classes[ci].npupils++ == 0)
			j->classes[ci].pupils = &all[j->npupils];
		pm->a[pm->n++] = (struct idpair){ p->id, j->npupils };
		j->npupils++;
	}
	if (rc < 0) {
		fail(j, rc);
		return;
	}
	qsort(pm->a, (size_t)pm->n, sizeof(*pm->a), idpair_cmp);
}

/* Subgroups and their members, as pupil indices; sorted by id. */
struct jgroups {
	struct idmap map;               /* subgroup id -> index */
	int *first, *n;
	int *members;
};

static void
load_groups(struct journal *j, int cap, const struct idmap *pm,
	struct jgroups *gr)
{
	struct db_stmt *st = prep_year(j, &q_members);
	int rc, nm = 0;

	idmap_init(&gr->map, j->g->arena, cap);
	gr->first = arena_alloc(j->g->arena, (size_t)(cap + 1) *
		sizeof(int));
	gr->n = arena_calloc(j->g->arena, (size_t)(cap + 1) * sizeof(int));
	gr->members = arena_alloc(j->g->arena, (size_t)(cap + 1) *
		sizeof(int));
	if (st == NULL)
		return;
	while ((rc = db_step(st, j->g->e)) == DB_ROW && nm < cap) {
		int64_t id = db_col_i64(st, 0);
		int p = idmap_find(pm, db_col_i64(st, 1)), g;

		if (p < 0)
			continue;
		if (gr->map.n == 0 || gr->map.a[gr->map.n - 1].id != id) {
			gr->map.a[gr->map.n] = (struct idpair){ id,
				gr->map.n };
			gr->first[gr->map.n++] = nm;
		}
		g = gr->map.n - 1;
		gr->members[nm++] = p;
		gr->n[g]++;
	}
	if (rc < 0)
		fail(j, rc);
}

static int
subject_of(const struct gen *g, int64_t subject_id)
{
	for (int i = 0; i < SUBJ_N; i++)
		if (g->subject_ids[i] == subject_id)
			return i;
	return -1;
}

/*
** Courses, sorted by class and subject; the two courses of a subject
** split into subgroups make one unit.
*/
static void
load_courses(struct journal *j, int cap, const struct idmap *cm,
	const struct jgroups *gr, struct idmap *com)
{
	struct db_stmt *st = prep_year(j, &q_courses);
	int rc;

	j->courses = arena_calloc(j->g->arena, (size_t)(cap + 1) *
		sizeof(*j->courses));
	j->units = arena_calloc(j->g->arena, (size_t)(cap + 1) *
		sizeof(*j->units));
	idmap_init(com, j->g->arena, cap);
	if (st == NULL)
		return;
	while ((rc = db_step(st, j->g->e)) == DB_ROW && j->ncourses < cap) {
		struct jcourse *co = &j->courses[j->ncourses];
		int ci = idmap_find(cm, db_col_i64(st, 1));
		int64_t subject_id = db_col_i64(st, 2);
		struct junit *u = j->nunits ? &j->units[j->nunits - 1] : NULL;
		struct jclass *c;

		if (ci < 0)
			continue;
		c = &j->classes[ci];
		co->id = db_col_i64(st, 0);
		co->teacher_id = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
		co->subgroup_id = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
		co->last_summative = -1;
		if (co->subgroup_id) {
			int g = idmap_find(&gr->map, co->subgroup_id);

			if (g >= 0) {
				co->pupils = &gr->members[gr->first[g]];
				co->npupils = gr->n[g];
			}
		} else {
			co->pupils = c->pupils;
			co->npupils = c->npupils;
		}
		/* the other half of a split: different subgroup, same slot */
		if (u == NULL || u->cls != ci || u->subject_id != subject_id ||
		    u->ncourses == 2 || co->subgroup_id == 0 ||
		    j->courses[u->course[0]].subgroup_id == 0) {
			u = &j->units[j->nunits];
			if (c->nunits++ == 0)
				c->first_unit = j->nunits;
			j->nunits++;
			u->cls = ci;
			u->subject_id = subject_id;
			u->subject = subject_of(j->g, subject_id);
		}
		if ((int)db_col_i64(st, 5) > u->hours)
			u->hours = (int)db_col_i64(st, 5);
		if (u->hours > JOURNAL_HOURS_MAX)
			u->hours = JOURNAL_HOURS_MAX;
		co->unit = (int)(u - j->units);
		u->course[u->ncourses++] = j->ncourses;
		com->a[com->n++] = (struct idpair){ co->id, j->ncourses };
		j->ncourses++;
	}
	if (rc < 0) {
		fail(j, rc);
		return;
	}
	qsort(com->a, (size_t)com->n, sizeof(*com->a), idpair_cmp);
}

/* ----- summative works ----- */

#define QDAYS_MAX 128

static const int sor_maxes[] = { 10, 12, 15, 16, 18, 20, 24, 25 };
static const int soch_maxes[] = { 20, 24, 25, 30 };

/* A random index of cand[0..n) whose day has fewer than 3 СОЧ, or -1. */
static int
pick_soch(struct journal *j, const int *cand, int n, const int *nsoch)
{
	int ok[QDAYS_MAX], nok = 0;

	for (int i = 0; i < n; i++)
		if (nsoch[cand[i]] < SCHEDULE_LIMITS_SOCH_PER_DAY)
			ok[nok++] = cand[i];
	return nok ? ok[rng_below(&j->rng, (uint32_t)nok)] : -1;
}

/*
** Plan unit u's works in quarter q over the quarter's school days
** days[0..ndays): a СОЧ in the last two weeks (three, or any day if
** those are full) but not the quarter's last day, at most 3 a class a
** day (nsoch per day); subjects of 1 hour a week are marked per half
** year and have theirs in quarters 2 and 4 only. Two or three СОР
** (two for 1 hour a week) spread over the lessons before the СОЧ, each
** late in its stretch, as a section ends, on a day with few other works
** of the class (nsum per day) where there is a choice.
*/
static void
plan_unit(struct journal *j, struct junit *u, int q, const int32_t *days,
	int ndays, int *nsoch, int *nsum)
{
	int32_t qend = j->schools[j->classes[u->cls].school].cal
		.quarters[q].ends;
	int les[QDAYS_MAX], nles = 0, cand[QDAYS_MAX], ncand, soch = -1;
	unsigned mask = 0;
	int nsor, npre;

	for (int h = 0; h < u->nslots; h++)
		mask |= 1u << u->wd[h];
	for (int i = 0; i < ndays; i++)
		if (mask & 1u << date_weekday(days[i]))
			les[nles++] = i;
	if (nles == 0)
		return;
	if (u->hours > 1 || q == 1 || q == 3) {
		for (int window = 14; window <= 21 && soch < 0; window += 7) {
			ncand = 0;
			for (int i = 0; i < nles; i++)
				if (days[les[i]] > qend - window &&
				    days[les[i]] < qend)
					cand[ncand++] = les[i];
			soch = pick_soch(j, cand, ncand, nsoch);
		}
		if (soch < 0) {
			ncand = 0;
			for (int i = 0; i < nles; i++)
				if (days[les[i]] < qend)
					cand[ncand++] = les[i];
			soch = pick_soch(j, cand, ncand, nsoch);
		}
		if (soch >= 0) {
			nsoch[soch]++;
			nsum[soch]++;
			u->soch[q] = days[soch];
			u->soch_max[q] = soch_maxes[rng_below(&j->rng,
				ARRAY_SIZE(soch_maxes))];
		}
	}
	npre = 0;
	while (npre < nles && (soch < 0 || les[npre] < soch))
		npre++;
	nsor = u->hours == 1 ? 2 : rng_range(&j->rng, 2, JOURNAL_SOR_MAX);
	if (nsor > npre)
		nsor = npre;
	for (int i = 0; i < nsor; i++) {
		int lo = i * npre / nsor, hi = (i + 1) * npre / nsor;
		int best = hi - 1, best_score = INT_MAX;

		for (int k = lo; k < hi; k++) {
			int score = 4 * nsum[les[k]] + (hi - 1 - k) +
				(int)rng_below(&j->rng, 3);

			if (score < best_score) {
				best = k;
				best_score = score;
			}
		}
		nsum[les[best]]++;
		u->sor[q][i] = days[les[best]];
		u->sor_max[q][i] = sor_maxes[rng_below(&j->rng,
			ARRAY_SIZE(sor_maxes))];
	}
	u->nsor[q] = nsor;
}

/* The plan of class c in quarter q, checked by the journal's rules. */
static void
check_plan(struct journal *j, const struct jclass *c, int q)
{
	struct schedule_limits_mark m[32 * (JOURNAL_SOR_MAX + 1)];
	const struct school_calendar *cal = &j->schools[c->school].cal;
	int32_t ends[4];
	size_t n = 0, bad = 0;
	char msg[ERR_MSG_MAX];

	for (int i = 0; i < 4; i++)
		ends[i] = cal->quarters[i].ends;
	for (int i = c->first_unit; i < c->first_unit + c->nunits; i++) {
		const struct junit *u = &j->units[i];

		if (n + JOURNAL_SOR_MAX + 1 > ARRAY_SIZE(m))
			break;
		for (int k = 0; k < u->nsor[q]; k++)
			m[n++] = (struct schedule_limits_mark){ c->id,
				u->subject_id, u->sor[q][k], MARKS_SOR };
		if (u->soch[q])
			m[n++] = (struct schedule_limits_mark){ c->id,
				u->subject_id, u->soch[q], MARKS_SOCH };
	}
	if (schedule_limits_check(m, n, NULL, 0, ends, 4, &bad, msg,
	    sizeof(msg)) != 0)
		j->g->rc = err_set(j->g->e, ERR_INTERNAL, "demo summative "
			"plan of class %lld: %s", (long long)c->id, msg);
}

static void
plan_summative(struct journal *j, int s)
{
	struct jschool *sc = &j->schools[s];

	for (int q = 0; q < 4 && j->g->rc == 0; q++) {
		int32_t days[QDAYS_MAX];
		int ndays = 0;

		for (int32_t d = sc->cal.quarters[q].starts; d <=
		    sc->cal.quarters[q].ends && ndays < QDAYS_MAX; d++)
			if (calendar_is_school_day(&sc->cal, d))
				days[ndays++] = d;
		for (int k = 0; k < sc->nclasses; k++) {
			struct jclass *c = &j->classes[sc->first_class + k];
			int nsoch[QDAYS_MAX] = { 0 }, nsum[QDAYS_MAX] = { 0 };
			int order[64], n = 0;

			if (c->grade < 2)
				continue;
			for (int i = 0; i < c->nunits && n < 64; i++)
				order[n++] = c->first_unit + i;
			for (int i = n - 1; i > 0; i--) {
				int x = (int)rng_below(&j->rng,
					(uint32_t)i + 1), t = order[i];

				order[i] = order[x];
				order[x] = t;
			}
			for (int i = 0; i < n; i++)
				plan_unit(j, &j->units[order[i]], q, days,
					ndays, nsoch, nsum);
			check_plan(j, c, q);
		}
	}
}

/* ----- the school year's lessons ----- */

static void
school_lessons(struct journal *j, int s)
{
	struct jschool *sc = &j->schools[s];
	struct gen *g = j->g;
	int64_t made = 0;
	int rc;

	if (g->rc)
		return;
	if ((rc = school_calendar_load(g->db, sc->id, g->year, &sc->cal,
	    g->e)) != 0) {
		fail(j, rc);
		return;
	}
	timetable_build(j, s);
	timetable_store(j, s, sc->cal.starts);
	if (g->rc)
		return;
	if ((rc = lessons_generate(g->db, sc->id, 0, &sc->cal, sc->cal.starts,
	    sc->cal.ends, &made, g->e)) != 0) {
		fail(j, rc);
		return;
	}
	/* lessons_generate() counts the grade-1 week as school days */
	for (int i = 0; i < sc->cal.nholidays; i++) {
		const struct calendar_holiday *h = &sc->cal.holidays[i];
		struct db_stmt *st;
		char a[11], b[11];

		if (h->kind != CALENDAR_GRADE1 ||
		    (st = gen_prep(g, &q_grade1_off)) == NULL)
			continue;
		date_format(h->starts, a);
		date_format(h->ends, b);
		db_bind_i64(st, 1, sc->id);
		db_bind_text(st, 2, a);
		db_bind_text(st, 3, b);
		gen_exec(g, st);
	}
	plan_summative(j, s);
}

/* ----- filling the lessons held ----- */

/* A pupil is better at some subjects than others: -7 .. +7 points. */
static int
subject_offset(int64_t pupil, int64_t subject, uint64_t salt)
{
	uint64_t x = (uint64_t)pupil * 0x9e3779b97f4a7c15u ^
		(uint64_t)subject * 0xbf58476d1ce4e5b9u ^ salt;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 29;
	return (int)(x % 15) - 7;
}

/*
** A new day for class c: whether it learns in school or remotely
** (remote days are rare; a school without broadband has TV lessons
** instead), and which pupils are away all day: a sick spell of 3-8
** days starts for 1 in 200 pupils a day, 1 in 70 is away for a family
** reason.
*/
static void
class_day(struct journal *j, struct jclass *c, int32_t day)
{
	struct rng *r = &j->rng;
	int x = (int)rng_below(r, 1000);

	c->day = day;
	c->mode = x < 15 ? MODE_SYNC : x < 25 ? MODE_ASYNC : x < 30 ?
		MODE_TV : MODE_IN_PERSON;
	if (!j->schools[c->school].broadband && c->mode != MODE_IN_PERSON)
		c->mode = MODE_TV;
	for (int i = 0; i < c->npupils; i++) {
		struct jpupil *p = &j->pupils[c->pupils[i]];
		int y;

		if (p->sick_until >= day) {
			p->day_status = DAY_SICK;
			continue;
		}
		y = (int)rng_below(r, 1000);
		if (y < 5) {
			p->sick_until = day + rng_range(r, 2, 7);
			p->day_status = DAY_SICK;
		} else {
			p->day_status = y < 19 ? DAY_AWAY : DAY_NORMAL;
		}
	}
}

/*
** Late 2%, skipped 1%, excused 0.5% of lessons. Nobody in school skips a
** СОР or СОЧ; those away that day get no mark for it (they would write
** it later, which the demo leaves out).
*/
static int
lesson_status(struct journal *j, const struct jpupil *p, bool summative)
{
	int x;

	if (p->day_status == DAY_SICK)
		return ST_SICK;
	if (p->day_status == DAY_AWAY)
		return ST_EXCUSED;
	x = (int)rng_below(&j->rng, 1000);
	if (x < 20)
		return ST_LATE;
	if (summative)
		return ST_PRESENT;
	return x < 30 ? ST_UNEXCUSED : x < 35 ? ST_EXCUSED : ST_PRESENT;
}

struct fill {
	struct audit_batch b;
	uint64_t salt;
};

static void
write_att(struct journal *j, struct fill *f, const struct jlesson *l,
	int64_t pupil, int status, int64_t at)
{
	struct gen *g = j->g;
	struct db_stmt *st = gen_prep(g, &q_att);
	int rc;

	if (st == NULL)
		return;
	db_bind_i64(st, 1, l->id);
	db_bind_i64(st, 2, pupil);
	db_bind_text(st, 3, status_names[status]);
	db_bind_i64(st, 4, l->teacher_id);
	db_bind_i64(st, 5, at);
	gen_exec(g, st);
	if (g->rc == 0 && (rc = audit_add(g->db, &f->b, &(struct audit_entry){
	    at, l->teacher_id, "demo", l->id, pupil, "attendance", NULL,
	    status_names[status] }, g->e)) != 0)
		fail(j, rc);
	j->attendance++;
}

static void
write_mark(struct journal *j, struct fill *f, const struct jlesson *l,
	int64_t pupil, int kind, int value, int max, int64_t at)
{
	static const char *const what[] = { "mark:formative", "mark:sor",
		"mark:soch" };
	struct gen *g = j->g;
	struct db_stmt *st = gen_prep(g, &q_mark);
	char text[24];
	int rc;

	if (st == NULL)
		return;
	db_bind_i64(st, 1, l->id);
	db_bind_i64(st, 2, pupil);
	db_bind_text(st, 3, marks_kind_name(kind));
	db_bind_i64(st, 4, value);
	if (kind == MARKS_FORMATIVE) {
		db_bind_null(st, 5);
		snprintf(text, sizeof(text), "%d", value);
	} else {
		db_bind_i64(st, 5, max);
		snprintf(text, sizeof(text), "%d/%d", value, max);
	}
	db_bind_i64(st, 6, l->teacher_id);
	db_bind_i64(st, 7, at);
	gen_exec(g, st);
	if (g->rc == 0 && (rc = audit_add(g->db, &f->b, &(struct audit_entry){
	    at, l->teacher_id, "demo", l->id, pupil, what[kind], NULL, text },
	    g->e)) != 0)
		fail(j, rc);
	j->marks++;
}

/* Which summative work, if any, lesson l of unit u is: kind and number. */
static int
summative_of(const struct journal *j, const struct junit *u,
	struct jcourse *co, int32_t date, int *k, int *max)
{
	const struct jclass *c = &j->classes[u->cls];
	int q = calendar_quarter_of(&j->schools[c->school].cal, date);

	if (q == 0 || c->grade < 2 || co->last_summative == date)
		return -1;
	q--;
	if (u->soch[q] == date) {
		*k = 0;
		*max = u->soch_max[q];
		co->last_summative = date;
		return MARKS_SOCH;
	}
	for (int i = 0; i < u->nsor[q]; i++) {
		if (u->sor[q][i] == date) {
			*k = i + 1;
			*max = u->sor_max[q][i];
			co->last_summative = date;
			return MARKS_SOR;
		}
	}
	return -1;
}

static void
fill_lesson(struct journal *j, struct fill *f, const struct jlesson *l)
{
	struct gen *g = j->g;
	struct jcourse *co = &j->courses[l->course];
	struct junit *u = &j->units[co->unit];
	struct jclass *c = &j->classes[u->cls];
	int k = 0, max = 0, kind, n = co->given++;
	char topic[256], hw[160], link[80];
	bool has_hw = false;
	int64_t at = (int64_t)l->date * 86400 + l->ends * 60 - 5 * 3600;
	struct db_stmt *st;

	if (c->day != l->date)
		class_day(j, c, l->date);
	kind = summative_of(j, u, co, l->date, &k, &max);
	if (kind >= 0) {
		topics_summative(c->ru, calendar_quarter_of(
			&j->schools[c->school].cal, l->date), k, topic,
			sizeof(topic));
	} else {
		topics_topic(u->subject, c->grade, c->ru, u->hours, n, topic,
			sizeof(topic));
		has_hw = topics_homework(u->subject, c->grade, c->ru,
			u->hours, n, &j->rng, hw, sizeof(hw));
	}
	link[0] = '\0';
	if (c->mode == MODE_SYNC)
		snprintf(link, sizeof(link), "https://meet.example.org/%lld",
			(long long)l->id);
	else if (c->mode == MODE_ASYNC)
		snprintf(link, sizeof(link), "https://video.example.org/"
			"lessons/%lld", (long long)l->id);
	else if (c->mode == MODE_TV)
		snprintf(link, sizeof(link), "https://tv.example.org/%s",
			c->ru ? "el-arna" : "balapan");
	if ((st = gen_prep(g, &q_lesson_set)) == NULL)
		return;
	db_bind_i64(st, 1, l->id);
	db_bind_text(st, 2, topic);
	db_bind_text(st, 3, has_hw ? hw : NULL);
	db_bind_text(st, 4, mode_names[c->mode]);
	db_bind_text(st, 5, link[0] ? link : NULL);
	gen_exec(g, st);
	j->filled++;
	if (l->teacher_id == 0)
		return;         /* nobody to have taken the register */

	for (int i = 0; i < co->npupils && g->rc == 0; i++) {
		struct jpupil *p = &j->pupils[co->pupils[i]];
		int status = lesson_status(j, p, kind >= 0), a;

		if (status != ST_PRESENT || j->full_attendance)
			write_att(j, f, l, p->id, status, at);
		if (c->grade < 2 || (status != ST_PRESENT && status != ST_LATE))
			continue;
		a = p->ability + subject_offset(p->id, u->subject_id, f->salt);
		if (kind >= 0) {
			int pct = a + rng_range(&j->rng, -12, 12);

			pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
			write_mark(j, f, l, p->id, kind, (max * pct + 50) /
				100, max, at);
		} else if (rng_pct(&j->rng, 25)) {
			int v = (a + rng_range(&j->rng, -15, 15) + 5) / 10;

			v = v < 1 ? 1 : v > 10 ? 10 : v;
			write_mark(j, f, l, p->id, MARKS_FORMATIVE, v, 0, at);
		}
	}
}

static int64_t
count_past(struct journal *j, const char *today)
{
	struct db_stmt *st = gen_prep(j->g, &q_past_count);
	int64_t n = 0;
	int rc;

	if (st == NULL)
		return 0;
	db_bind_text(st, 1, today);
	if ((rc = db_step(st, j->g->e)) != DB_ROW)
		fail(j, rc);
	else
		n = db_col_i64(st, 0);
	gen_exec(j->g, st);
	return n;
}

static void
fill_past(struct journal *j, const struct idmap *com)
{
	struct gen *g = j->g;
	struct jlesson *ls;
	struct fill f;
	struct db_stmt *st;
	char today[11];
	int64_t cap, n = 0;
	int rc;

	date_format(j->today, today);
	cap = count_past(j, today);
	if (g->rc || cap == 0)
		return;
	ls = arena_alloc(g->arena, (size_t)cap * sizeof(*ls));
	if ((st = gen_prep(g, &q_past)) == NULL)
		return;
	db_bind_text(st, 1, today);
	while ((rc = db_step(st, g->e)) == DB_ROW && n < cap) {
		struct jlesson *l = &ls[n];

		l->id = db_col_i64(st, 0);
		l->course = idmap_find(com, db_col_i64(st, 1));
		if (l->course < 0 || date_parse(db_col_text(st, 2),
		    &l->date) != 0)
			continue;
		l->ends = bells_parse(db_col_text(st, 3));
		l->teacher_id = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
		n++;
	}
	if (rc < 0) {
		fail(j, rc);
		return;
	}

	memset(&f, 0, sizeof(f));
	f.salt = rng_next(&j->rng);
	if ((rc = audit_begin(g->db, &f.b, g->e)) != 0) {
		fail(j, rc);
		return;
	}
	for (int64_t i = 0; i < n && g->rc == 0; i++)
		fill_lesson(j, &f, &ls[i]);
	if (g->rc == 0 && (rc = audit_end(g->db, &f.b, g->e)) != 0)
		fail(j, rc);
	j->audit = f.b.added;
}

void
journal_generate(struct gen *g, int32_t today, bool full_attendance)
{
	struct journal j;
	struct idmap classes = { 0 }, pupils = { 0 }, courses = { 0 };
	struct jgroups groups = { 0 };
	int64_t n[5];
	double t0 = seconds(), t1;

	if (g->rc)
		return;
	memset(&j, 0, sizeof(j));
	j.g = g;
	j.today = today;
	j.full_attendance = full_attendance;
	rng_fork(&g->rng, 0x6a6f75726e616cu, &j.rng);
	if (db_get_i64(g->db, &q_demo_teacher, &j.demo_teacher, g->e, 0) !=
	    0) {
		j.demo_teacher = 0;     /* no such login: nobody to favour */
		err_clear(g->e);
	}
	load_counts(&j, n);
	load_schools(&j, (int)n[0]);
	load_classes(&j, (int)n[1], (int)n[2], &classes, &pupils);
	load_groups(&j, (int)n[4], &pupils, &groups);
	load_courses(&j, (int)n[3], &classes, &groups, &courses);
	for (int s = 0; s < j.nschools && g->rc == 0; s++)
		school_lessons(&j, s);
	if (g->rc == 0) {
		struct db_stmt *st = gen_prep(g, &q_lessons);

		if (st && db_step(st, g->e) == DB_ROW)
			j.lessons = db_col_i64(st, 0);
		gen_exec(g, st);
	}
	t1 = seconds();
	log_msg(LOG_INFO, "demo timetable: %lld lessons in the year, %d "
		"teacher double-bookings left, %.2f s", (long long)j.lessons,
		j.clashes, t1 - t0);
	fill_past(&j, &courses);
	log_msg(LOG_INFO, "demo journal: %lld lessons held, %lld attendance "
		"rows, %lld marks, %lld audit entries, %.2f s",
		(long long)j.filled, (long long)j.attendance,
		(long long)j.marks, (long long)j.audit, seconds() - t1);
}
