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

/* school.c: the i-th school (0-based); school 0 carries the fixed logins. */
void school_generate(struct gen *g, int i);

#endif
