/* country.h: `mektep gen`: a generated country of the national shape */
#ifndef MK_DEMO_COUNTRY_H
#define MK_DEMO_COUNTRY_H

#include "core/err.h"

struct db;

/* MISSION.md: 3.4 million pupils in 7,000 schools, 3,000 small rural */
#define COUNTRY_PUPILS 3400000
#define COUNTRY_SCHOOLS 7000

struct country_opts {
	int64_t pupils;         /* about this many; COUNTRY_PUPILS the whole */
	uint64_t seed;          /* same seed, pupils and today: same country */
	int32_t today;          /* day number; 0: the 1st quarter's last day */
	bool progress;          /* log lines with pupils/s while running */
};

/*
** The kinds of school a country is made of, in MISSION.md's mix: small
** rural schools (шағын жинақты мектеп: one class of 3-12 a grade) are
** 3 in 7 schools but few pupils; city schools have 1,000-2,500. Shares
** per COUNTRY_SCHOOLS; their mean is about 486 pupils a school.
*/
struct country_kind {
	const char *name;       /* schools.kind */
	const char *fmt;        /* the school's name, given its number */
	int share;              /* schools of this kind in 7,000 */
	bool urban;
	int broadband_pct;
	int pct_kk, pct_ru;     /* language of instruction; the rest mixed */
	int per_grade_lo, per_grade_hi;
	int grade_hi;
	int size_lo, size_hi;   /* pupils a class */
};
extern const struct country_kind country_kinds[];
extern const int country_nkinds;

/*
** The schools a country of o->pupils has, in order: kinds[i] is the
** kind of school i (index into country_kinds), interleaved so that any
** first n schools keep the mix; school 0 is a city school that can hold
** the demo family. Returns the number of schools, whose expected pupils
** reach o->pupils; *kinds is malloc'ed.
*/
int country_plan(int64_t pupils, int **kinds);

/*
** Fill a freshly migrated database with a country (demo.h's frame, see
** src/demo/gen.h): regions of about 350 schools each, a city and rural
** districts of about 30 schools each, the schools of country_plan() with
** staff, classes, pupils, parents (siblings in other grades, parents at
** least 18 at a child's birth) and timetables; the lessons of the
** quarter containing today, those up to today filled at the seeds'
** daily rate of 700,000 marks a day for 3.4 million pupils (СОР and СОЧ
** on top, as planned per quarter), absences and lateness as attendance
** rows, every mark and attendance row in the audit chain. Logins as
** the demo's: the fixed ones in school 1, p<id> for everyone else, the
** password "demo". Errors as demo_generate()'s; ERR_INVAL when pupils
** is under 1,000 or over 10 million.
*/
int country_generate(struct db *db, const struct country_opts *o,
	struct err *e);

#endif
