/* school.c: one demo school: staff, classes, pupils, families, courses */
#include "core/common.h"
#include "demo/gen.h"
#include "demo/places.h"
#include "core/arena.h"

struct klass {
	int64_t id;
	int grade;
	const char *letter;
	bool ru;                        /* taught in Russian, else Kazakh */
	int shift;
	int size, n;                    /* pupils wanted, pupils so far */
	int64_t *pupils;
	bool split;                     /* 24+ pupils: two subgroups */
	int64_t sub[2];
	int class_teacher;              /* index into school.teachers */
	int nplan;
	struct subject_plan plan[SUBJECTS_PLAN_MAX];
	int teacher[SUBJECTS_PLAN_MAX][2];      /* per subgroup */
};

struct teacher {
	int64_t id;
	int group;                      /* enum subject_group */
	bool ru;                        /* teaches the Russian stream */
	int hours;
	bool class_teacher;
};

struct family {
	int eth;
	int kid_year;                   /* the first child's birth year */
	int age;                        /* the younger parent's age then */
	bool ru;                        /* the children's classes */
	struct names_surname surname;
	int father;
	int64_t parents[2];
	int nparents;
	int nkids;
	int grades[3];
	bool closed;                    /* the demo family keeps two */
};

struct school {
	struct places_school spec;
	int64_t id;
	bool demo;                      /* school 1, with the fixed logins */
	int demo_teacher;               /* the class teacher of the pupil */
	int nclasses;
	struct klass *classes;
	int nteachers;
	struct teacher *teachers;
	int nfamilies;
	struct family *families;
};

static struct query q_school = QUERY(
	"INSERT INTO schools (district_id, name, kind, urban, language, "
	"broadband, capacity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"RETURNING id");
static struct query q_class = QUERY(
	"INSERT INTO classes (school_id, year, grade, letter, language, "
	"shift, class_teacher_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"RETURNING id");
static struct query q_subgroup = QUERY(
	"INSERT INTO subgroups (class_id, name, kind) VALUES (?1, ?2, "
	"'split') RETURNING id");
static struct query q_member = QUERY(
	"INSERT INTO subgroup_members (subgroup_id, pupil_id) "
	"VALUES (?1, ?2)");
static struct query q_pupil = QUERY(
	"INSERT INTO pupils (person_id, class_id) VALUES (?1, ?2)");
static struct query q_link = QUERY(
	"INSERT INTO parent_links (parent_id, pupil_id) VALUES (?1, ?2)");
static struct query q_course = QUERY(
	"INSERT INTO courses (class_id, subject_id, teacher_id, "
	"subgroup_id, hours_per_week) VALUES (?1, ?2, ?3, ?4, ?5)");

/* ----- classes ----- */

/* seven classes a grade at most (SCHOOL_PER_GRADE_MAX) */
static const char *const kk_letters[] = { "А", "Ә", "Б", "В", "Г", "Д",
	"Е" };
static const char *const ru_letters[] = { "А", "Б", "В", "Г", "Д", "Е",
	"Ж", "З" };

/*
** Kazakh classes take the letters of the Kazakh alphabet (А, Ә, Б),
** Russian classes those of the Russian one after the letters taken: the
** k-th Russian class beside nkk Kazakh ones.
*/
static const char *
ru_letter(int nkk, int k)
{
	for (size_t i = 0; i < ARRAY_SIZE(ru_letters); i++) {
		bool taken = false;

		for (int j = 0; j < nkk; j++)
			if (strcmp(kk_letters[j], ru_letters[i]) == 0)
				taken = true;
		if (!taken && k-- == 0)
			return ru_letters[i];
	}
	BUG("too many classes in a grade");
}

static void
plan_classes(struct gen *g, struct school *s)
{
	const struct places_school *p = &s->spec;
	int nkk = p->per_grade;

	if (strcmp(p->language, "ru") == 0)
		nkk = 0;
	else if (strcmp(p->language, "mixed") == 0)
		nkk = (p->per_grade + 1) / 2;
	s->classes = arena_calloc(g->arena, (size_t)(p->grade_hi *
		p->per_grade) * sizeof(*s->classes));
	for (int grade = 1; grade <= p->grade_hi; grade++) {
		for (int k = 0; k < p->per_grade; k++) {
			struct klass *c = &s->classes[s->nclasses++];

			c->grade = grade;
			c->ru = k >= nkk;
			c->letter = c->ru ? ru_letter(nkk, k - nkk) :
				kk_letters[k];
			/* big schools teach grades 2-4 and 6-7 after noon */
			c->shift = p->per_grade >= 2 && (grade == 2 ||
				grade == 3 || grade == 4 || grade == 6 ||
				grade == 7) ? 2 : 1;
			c->size = rng_range(&g->rng, p->size_lo, p->size_hi);
			/* the demo pupil's class shows subgroups */
			if (s->demo && grade == DEMO_PUPIL_GRADE &&
			    strcmp(c->letter, DEMO_PUPIL_LETTER) == 0 &&
			    c->size < 24)
				c->size = rng_range(&g->rng, 24, p->size_hi);
			c->split = c->size >= 24;
			c->pupils = arena_alloc(g->arena, (size_t)c->size *
				sizeof(*c->pupils));
			c->class_teacher = -1;
			c->nplan = subjects_plan(grade, c->ru, c->plan);
		}
	}
}

static struct klass *
find_class(struct school *s, int grade, const char *letter)
{
	for (int i = 0; i < s->nclasses; i++)
		if (s->classes[i].grade == grade &&
		    strcmp(s->classes[i].letter, letter) == 0)
			return &s->classes[i];
	BUG("no class %d %s in the demo school", grade, letter);
}

/* ----- staff ----- */

static int
add_teacher(struct school *s, int group, bool ru)
{
	struct teacher *t = &s->teachers[s->nteachers];

	t->group = group;
	t->ru = ru;
	return s->nteachers++;
}

/* The least loaded teacher of teachers[from, from+n) other than not. */
static int
least_loaded(const struct school *s, int from, int n, int not)
{
	int best = -1;

	for (int t = from; t < from + n; t++)
		if (t != not && (best < 0 ||
		    s->teachers[t].hours < s->teachers[best].hours))
			best = t;
	return best;
}

/*
** Staff the school: one primary teacher per class of grades 1-4 (its
** class teacher, teaching the core), and for each subject group as many
** specialists as its weekly hours need at about 18 hours each (two at
** least when the group has split classes, so that the two subgroups have
** different teachers). A mixed school has a Kazakh and a Russian stream,
** each with its own teachers: a group is counted per stream (key K(c, g)).
** Classes are dealt to the least loaded specialist.
*/
#define K(c, gr) ((c)->ru * GRP_N + (gr))

static void
plan_staff(struct gen *g, struct school *s)
{
	int hours[2 * GRP_N] = { 0 }, eff[2 * GRP_N], first[2 * GRP_N];
	int nt[2 * GRP_N];
	bool split[2 * GRP_N] = { false };
	int maxt = 0;

	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];

		for (int e = 0; e < c->nplan; e++)
			hours[K(c, c->plan[e].group)] += c->plan[e].hours *
				(c->plan[e].split && c->split ? 2 : 1);
	}
	for (int k = 0; k < 2 * GRP_N; k++) {
		int p = subjects_partner((enum subject_group)(k % GRP_N));

		eff[k] = k;
		if (p >= 0 && hours[k] > 0 && hours[k] < SUBJECTS_MIN_HOURS &&
		    hours[k - k % GRP_N + p] > 0)
			eff[k] = k - k % GRP_N + p;
	}
	for (int k = 0; k < 2 * GRP_N; k++) {
		if (eff[k] != k) {
			hours[eff[k]] += hours[k];
			hours[k] = 0;
		}
	}
	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];

		for (int e = 0; e < c->nplan; e++)
			if (c->plan[e].split && c->split)
				split[eff[K(c, c->plan[e].group)]] = true;
	}
	for (int k = 0; k < 2 * GRP_N; k++) {
		nt[k] = 0;
		if (k % GRP_N == GRP_PRIMARY || hours[k] == 0)
			continue;
		nt[k] = (hours[k] + 9) / 18;
		if (nt[k] < 1)
			nt[k] = 1;
		if (split[k] && nt[k] < 2)
			nt[k] = 2;
		maxt += nt[k];
	}
	s->teachers = arena_calloc(g->arena, (size_t)(maxt + s->nclasses) *
		sizeof(*s->teachers));
	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];

		if (c->grade <= 4) {
			c->class_teacher = add_teacher(s, GRP_PRIMARY, c->ru);
			s->teachers[c->class_teacher].class_teacher = true;
		}
	}
	for (int k = 0; k < 2 * GRP_N; k++) {
		first[k] = s->nteachers;
		for (int j = 0; j < nt[k]; j++)
			add_teacher(s, k % GRP_N, k >= GRP_N);
	}

	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];
		int a[2 * GRP_N], b[2 * GRP_N];

		for (int k = 0; k < 2 * GRP_N; k++)
			a[k] = b[k] = -1;
		for (int e = 0; e < c->nplan; e++) {
			struct subject_plan *p = &c->plan[e];
			int ge = eff[K(c, p->group)];
			bool two = p->split && c->split;

			if (p->group == GRP_PRIMARY) {
				a[ge] = b[ge] = c->class_teacher;
			} else {
				if (a[ge] < 0)
					a[ge] = least_loaded(s, first[ge],
						nt[ge], -1);
				if (two && b[ge] < 0)
					b[ge] = least_loaded(s, first[ge],
						nt[ge], a[ge]);
			}
			c->teacher[e][0] = a[ge];
			c->teacher[e][1] = two ? b[ge] : a[ge];
			s->teachers[a[ge]].hours += p->hours;
			if (two)
				s->teachers[b[ge]].hours += p->hours;
		}
	}
}

/*
** Class teachers of grades 5-11: the teacher with the most hours in the
** class who has no class yet (the demo class first, so that its class
** teacher is the one with the most lessons there).
*/
static void
pick_class_teacher(struct gen *g, struct school *s, struct klass *c)
{
	int *tally = arena_calloc(g->arena, (size_t)s->nteachers *
		sizeof(*tally));
	int best = -1, any = -1;

	for (int e = 0; e < c->nplan; e++) {
		tally[c->teacher[e][0]] += c->plan[e].hours;
		if (c->teacher[e][1] != c->teacher[e][0])
			tally[c->teacher[e][1]] += c->plan[e].hours;
	}
	for (int t = 0; t < s->nteachers; t++) {
		if (tally[t] == 0)
			continue;
		if (any < 0 || tally[t] > tally[any])
			any = t;
		if (!s->teachers[t].class_teacher &&
		    (best < 0 || tally[t] > tally[best]))
			best = t;
	}
	c->class_teacher = best >= 0 ? best : any;
	s->teachers[c->class_teacher].class_teacher = true;
}

static void
insert_staff(struct gen *g, struct school *s)
{
	bool ru = strcmp(s->spec.language, "ru") == 0;
	bool mixed = strcmp(s->spec.language, "mixed") == 0;
	struct person p;
	int64_t id;

	/* the director */
	person_adult(g, ru && rng_pct(&g->rng, 40) ? ETH_RU :
		mixed && rng_pct(&g->rng, 15) ? ETH_RU : ETH_KZ,
		rng_pct(&g->rng, 60), 38, 60, &p);
	id = person_insert(g, &p, s->demo ? "director" : NULL);
	gen_role(g, id, "school_admin", 0, 0, s->id);

	for (int i = 0; i < s->nteachers; i++) {
		struct teacher *t = &s->teachers[i];
		int pct_ru, pct_female = 85;

		/*
		** Half the teachers of the Russian stream are Russian, the
		** rest Kazakh; the Kazakh stream's are Kazakh but for some
		** teachers of Russian. Kazakh is taught by Kazakhs.
		*/
		switch (t->group) {
		case GRP_RUSSIAN:
		case GRP_RUSSIAN_L2:
			pct_ru = 65;
			break;
		case GRP_KAZAKH:
		case GRP_KAZAKH_L2:
			pct_ru = 0;
			break;
		default:
			pct_ru = t->ru ? 50 : 2;
			break;
		}
		if (t->group == GRP_PRIMARY)
			pct_female = 95;
		if (subjects_group_male((enum subject_group)t->group))
			pct_female = 25;
		person_adult(g, rng_pct(&g->rng, pct_ru) ? ETH_RU : ETH_KZ,
			rng_pct(&g->rng, pct_female), 23, 62, &p);
		t->id = person_insert(g, &p, s->demo && i == s->demo_teacher ?
			"teacher" : NULL);
		gen_role(g, t->id, "teacher", 0, 0, s->id);
	}
}

static void
insert_classes(struct gen *g, struct school *s)
{
	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];
		struct db_stmt *st = gen_prep(g, &q_class);

		if (st == NULL)
			return;
		db_bind_i64(st, 1, s->id);
		db_bind_i64(st, 2, g->year);
		db_bind_i64(st, 3, c->grade);
		db_bind_text(st, 4, c->letter);
		db_bind_text(st, 5, c->ru ? "ru" : "kk");
		db_bind_i64(st, 6, c->shift);
		db_bind_i64(st, 7, s->teachers[c->class_teacher].id);
		c->id = gen_insert_id(g, st);
		for (int k = 0; c->split && k < 2; k++) {
			static const char *const kk[] = { "1-топ", "2-топ" };
			static const char *const ru[] = { "1 группа",
				"2 группа" };

			st = gen_prep(g, &q_subgroup);
			if (st == NULL)
				return;
			db_bind_i64(st, 1, c->id);
			db_bind_text(st, 2, c->ru ? ru[k] : kk[k]);
			c->sub[k] = gen_insert_id(g, st);
		}
	}
}

/* ----- pupils and their families ----- */

static void
insert_parent(struct gen *g, struct family *f, bool mother, int kid_year,
	const char *login)
{
	struct person p;
	int age = rng_range(&g->rng, 21, 36);

	person_adult(g, f->eth, mother, 0, 0, &p);
	if (!mother)
		age += rng_range(&g->rng, 0, 6);
	p.birth = gen_day_in_year(g, kid_year - age);
	if (f->nparents == 0 || age < f->age) {
		f->kid_year = kid_year;
		f->age = age;           /* the younger parent's */
	}
	p.lang = f->ru ? "ru" : "kk";
	if (!mother) {
		p.first = names_father_name(f->eth, f->father);
		names_surname_form(f->surname, false, p.surname,
			sizeof(p.surname));
	} else if (login || rng_pct(&g->rng, 85)) {
		/* most mothers took the family's name */
		names_surname_form(f->surname, true, p.surname,
			sizeof(p.surname));
	}
	f->parents[f->nparents++] = person_insert(g, &p, login);
}

static struct family *
new_family(struct gen *g, struct school *s, bool ru, int grade,
	const char *login)
{
	struct family *f = &s->families[s->nfamilies++];
	int kid_year = g->year - 5 - grade;
	bool mother, father;

	f->ru = ru;
	if (ru)
		f->eth = rng_pct(&g->rng, 55) ? ETH_RU : ETH_KZ;
	else
		f->eth = rng_pct(&g->rng, 2) ? ETH_RU : ETH_KZ;
	f->surname = names_surname(&g->rng, f->eth);
	f->father = names_father(&g->rng, f->eth);
	mother = login || rng_pct(&g->rng, 93);
	father = !mother || rng_pct(&g->rng, 65);
	if (mother)
		insert_parent(g, f, true, kid_year, login);
	if (father)
		insert_parent(g, f, false, kid_year, NULL);
	return f;
}

/* A family of the school whose children fit in class c, or NULL. */
static struct family *
sibling_family(struct gen *g, struct school *s, const struct klass *c)
{
	if (s->nfamilies == 0 || !rng_pct(&g->rng, 25))
		return NULL;
	for (int tries = 0; tries < 8; tries++) {
		struct family *f = &s->families[rng_below(&g->rng,
			(uint32_t)s->nfamilies)];
		bool ok = f->ru == c->ru && f->nkids < 3 && !f->closed;
		int born = g->year - 5 - c->grade;

		for (int k = 0; ok && k < f->nkids; k++)
			if (f->grades[k] == c->grade)
				ok = false;
		/* the demo's seed-1 region predates this check (gen.h) */
		if (ok && g->parent_age_min > 0 && f->age + born -
		    f->kid_year < g->parent_age_min)
			ok = false;
		if (ok)
			return f;
	}
	return NULL;
}

static int64_t
add_pupil(struct gen *g, struct klass *c, struct family *f,
	const char *login)
{
	struct person p;
	struct db_stmt *st;
	int64_t id;

	p.eth = f->eth;
	p.female = rng_pct(&g->rng, 49);
	p.first = names_first(&g->rng, f->eth, p.female, true);
	names_patronymic(f->eth, f->father, p.female, p.patronymic,
		sizeof(p.patronymic));
	names_surname_form(f->surname, p.female, p.surname,
		sizeof(p.surname));
	p.birth = gen_day_in_year(g, g->year - 5 - c->grade);
	p.lang = f->ru ? "ru" : "kk";
	id = person_insert(g, &p, login);
	st = gen_prep(g, &q_pupil);
	if (st == NULL)
		return 0;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, c->id);
	gen_exec(g, st);
	for (int k = 0; k < f->nparents; k++) {
		st = gen_prep(g, &q_link);
		if (st == NULL)
			return 0;
		db_bind_i64(st, 1, f->parents[k]);
		db_bind_i64(st, 2, id);
		gen_exec(g, st);
	}
	f->grades[f->nkids++] = c->grade;
	c->pupils[c->n++] = id;
	return id;
}

static void
insert_pupils(struct gen *g, struct school *s)
{
	int total = 0;

	for (int i = 0; i < s->nclasses; i++)
		total += s->classes[i].size;
	s->families = arena_calloc(g->arena, (size_t)total *
		sizeof(*s->families));
	if (s->demo) {
		/* the parent's first child is the pupil, older, made first */
		struct klass *a = find_class(s, DEMO_PUPIL_GRADE,
			DEMO_PUPIL_LETTER);
		struct klass *b = find_class(s, DEMO_SIBLING_GRADE,
			DEMO_SIBLING_LETTER);
		struct family *f = new_family(g, s, a->ru, a->grade, "parent");

		f->closed = true;
		add_pupil(g, a, f, "pupil");
		add_pupil(g, b, f, NULL);
	}
	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];

		while (c->n < c->size && g->rc == 0) {
			struct family *f = sibling_family(g, s, c);

			if (f == NULL)
				f = new_family(g, s, c->ru, c->grade, NULL);
			add_pupil(g, c, f, NULL);
		}
		for (int k = 0; c->split && k < c->n; k++) {
			struct db_stmt *st = gen_prep(g, &q_member);

			if (st == NULL)
				return;
			db_bind_i64(st, 1, c->sub[k < c->n / 2 ? 0 : 1]);
			db_bind_i64(st, 2, c->pupils[k]);
			gen_exec(g, st);
		}
	}
}

static void
insert_courses(struct gen *g, struct school *s)
{
	for (int i = 0; i < s->nclasses; i++) {
		struct klass *c = &s->classes[i];

		for (int e = 0; e < c->nplan; e++) {
			bool two = c->plan[e].split && c->split;

			for (int k = 0; k < (two ? 2 : 1); k++) {
				struct db_stmt *st = gen_prep(g, &q_course);

				if (st == NULL)
					return;
				db_bind_i64(st, 1, c->id);
				db_bind_i64(st, 2,
					g->subject_ids[c->plan[e].subject]);
				db_bind_i64(st, 3,
					s->teachers[c->teacher[e][k]].id);
				if (two)
					db_bind_i64(st, 4, c->sub[k]);
				else
					db_bind_null(st, 4);
				db_bind_i64(st, 5, c->plan[e].hours);
				gen_exec(g, st);
			}
		}
	}
}

int
school_generate(struct gen *g, const struct places_school *spec,
	const char *name, int64_t district_id, bool demo)
{
	struct school sc = { .spec = *spec, .demo = demo,
		.demo_teacher = -1 }, *s = &sc;
	struct db_stmt *st;
	int pupils = 0;

	st = gen_prep(g, &q_school);
	if (st == NULL)
		return 0;
	db_bind_i64(st, 1, district_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, s->spec.kind);
	db_bind_i64(st, 4, s->spec.urban);
	db_bind_text(st, 5, s->spec.language);
	db_bind_i64(st, 6, s->spec.broadband);
	db_bind_i64(st, 7, s->spec.capacity);
	s->id = gen_insert_id(g, st);

	plan_classes(g, s);
	plan_staff(g, s);
	if (s->demo) {
		struct klass *c = find_class(s, DEMO_PUPIL_GRADE,
			DEMO_PUPIL_LETTER);

		pick_class_teacher(g, s, c);
		s->demo_teacher = c->class_teacher;
	}
	for (int k = 0; k < s->nclasses; k++)
		if (s->classes[k].class_teacher < 0)
			pick_class_teacher(g, s, &s->classes[k]);
	insert_staff(g, s);
	insert_classes(g, s);
	insert_pupils(g, s);
	insert_courses(g, s);
	for (int k = 0; k < s->nclasses; k++)
		pupils += s->classes[k].n;
	return pupils;
}
