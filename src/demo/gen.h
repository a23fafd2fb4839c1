/* gen.h: state shared by the demo generator's files (src/demo only) */
#ifndef MK_DEMO_GEN_H
#define MK_DEMO_GEN_H

#include "db/db.h"
#include "demo/names.h"
#include "demo/rng.h"
#include "demo/subjects.h"

/*
** Errors are sticky (SQLite's and sb's way): the first failure is kept in
** rc, every later database call is a no-op returning 0, and the caller
** checks rc once per school. Everything is written inside one
** transaction that demo.c commits or rolls back.
*/
struct gen {
	struct db *db;
	struct err *e;
	int rc;
	struct rng rng;
	struct arena *arena;            /* freed when the demo is done */
	int year;                       /* the school year's first year */
	int64_t created_at;             /* people.created_at of everyone */
	const char *pw_hash;            /* the one hash of "demo" */
	/*
	** A sibling joins a family only if its parents were this old at
	** least at the child's birth; 0 (the demo, whose seed-1 region
	** predates the check) checks nothing.
	*/
	int parent_age_min;
	int64_t region_id;
	int64_t district_ids[8];
	int64_t subject_ids[SUBJ_N];
	uint64_t *iins;                 /* open addressing, 0 is empty */
	size_t niins, capiins;
};

/* The demo family of school 1: the pupil's and the sibling's classes. */
#define DEMO_PUPIL_GRADE 8
#define DEMO_PUPIL_LETTER "А"
#define DEMO_SIBLING_GRADE 3
#define DEMO_SIBLING_LETTER "Ә"

/* The statement of q, or NULL once an error is recorded. */
struct db_stmt *gen_prep(struct gen *g, struct query *q);
/* Run a write to completion. */
void gen_exec(struct gen *g, struct db_stmt *st);
/* Run an INSERT ... RETURNING id; 0 on error (recorded in g->rc). */
int64_t gen_insert_id(struct gen *g, struct db_stmt *st);
/* A roles row; scope ids of 0 are NULL. */
void gen_role(struct gen *g, int64_t person, const char *role,
	int64_t region, int64_t district, int64_t school);

struct person {
	int eth;
	bool female;
	const char *first;
	char patronymic[NAMES_MAX];
	char surname[NAMES_MAX];
	int32_t birth;
	const char *lang;               /* kk or ru */
};

/* A day of calendar year y at random. */
int32_t gen_day_in_year(struct gen *g, int y);
/* A grown-up with names of eth, aged age_lo..age_hi this school year. */
void person_adult(struct gen *g, int eth, bool female, int age_lo,
	int age_hi, struct person *p);
/* Insert into people (with an IIN); login NULL for none. */
int64_t person_insert(struct gen *g, const struct person *p,
	const char *login);

/*
** school.c: a school of spec's shape named name in district_id, with its
** staff, classes, pupils and their families and courses; demo: the
** school with the fixed logins (its spec must have two Kazakh classes a
** grade up to DEMO_PUPIL_GRADE). Returns its pupils.
*/
struct places_school;
int school_generate(struct gen *g, const struct places_school *spec,
	const char *name, int64_t district_id, bool demo);

/*
** What the journal of a generated database holds (journal.c): lessons
** dated from .. to (within the school year; both 0: the whole year),
** those up to today filled in, a formative mark for formative_pct in a
** hundred pupils present at a lesson, attendance rows for present
** pupils too if full_attendance. progress, if set, is called now and
** then with the lessons filled so far and to fill.
*/
struct journal_opts {
	int32_t today;
	int32_t from, to;
	bool full_attendance;
	int formative_pct;
	void (*progress)(void *arg, int64_t done, int64_t total);
	void *arg;
};

/*
** frame.c: what every generated database shares, in this order inside
** one transaction (a fresh database, loaded in bulk): places() makes the
** regions, districts and officials, then the subjects and the national
** school year, schools() the schools, then the journal, the meta rows
** demo=1, demo_created, demo_seed and meta[0..nmeta), and the logins
** p<id> of everyone without one, all with the password "demo". Errors
** as demo_generate()'s.
*/
struct gen_plan {
	uint64_t seed;
	struct journal_opts journal;
	int parent_age_min;
	void (*places)(struct gen *g, void *arg);
	void (*schools)(struct gen *g, void *arg);
	void *arg;
	const char *(*meta)[2];
	int nmeta;
};
int gen_run(struct db *db, const struct gen_plan *p, struct err *e);
/* frame.c: the rows of a region, a district, an official (login or NULL). */
int64_t gen_region(struct gen *g, const char *name);
int64_t gen_district(struct gen *g, int64_t region, const char *name,
	const char *kind);
int64_t gen_official(struct gen *g, const char *login);

#endif
