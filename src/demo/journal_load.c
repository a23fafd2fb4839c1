/* journal_load.c: the demo journal reads back what school.c stored */
#include "core/common.h"
#include "demo/journal.h"
#include "core/arena.h"

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

static void
load_counts(struct journal *j, int64_t n[5])
{
	struct db_stmt *st = journal_prep_year(j, &q_count);
	int rc;

	memset(n, 0, 5 * sizeof(*n));
	if (st == NULL)
		return;
	if ((rc = db_step(st, j->g->e)) != DB_ROW) {
		journal_fail(j, rc);
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
		journal_fail(j, rc);
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
	struct db_stmt *st = journal_prep_year(j, &q_classes);
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
		journal_fail(j, rc);
		return;
	}
	idmap_sort(cm);

	j->pupils = arena_calloc(j->g->arena, (size_t)(cap_pupils + 1) *
		sizeof(*j->pupils));
	all = arena_alloc(j->g->arena, (size_t)(cap_pupils + 1) *
		sizeof(*all));
	idmap_init(pm, j->g->arena, cap_pupils);
	if ((st = journal_prep_year(j, &q_pupils)) == NULL)
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
		journal_fail(j, rc);
		return;
	}
	idmap_sort(pm);
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
	struct db_stmt *st = journal_prep_year(j, &q_members);
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
		journal_fail(j, rc);
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
	struct db_stmt *st = journal_prep_year(j, &q_courses);
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
		journal_fail(j, rc);
		return;
	}
	idmap_sort(com);
}


void
journal_load(struct journal *j, struct idmap *courses)
{
	struct idmap classes = { 0 }, pupils = { 0 };
	struct jgroups groups = { 0 };
	int64_t n[5];

	load_counts(j, n);
	load_schools(j, (int)n[0]);
	load_classes(j, (int)n[1], (int)n[2], &classes, &pupils);
	load_groups(j, (int)n[4], &pupils, &groups);
	load_courses(j, (int)n[3], &classes, &groups, courses);
}
