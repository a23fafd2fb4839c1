/* demo.h: `mektep demo`: a realistic demo region in a fresh database */
#ifndef MK_DEMO_H
#define MK_DEMO_H

#include "core/err.h"

struct db;

struct demo_opts {
	int schools;            /* 1 .. DEMO_SCHOOLS_MAX; the CLI default 10 */
	uint64_t seed;          /* same seed and today: the same names */
	int32_t today;          /* day number (rules/dates.h) */
	bool full_attendance;   /* a row for every pupil, present too */
};

#define DEMO_SCHOOLS_DEFAULT 10
#define DEMO_SCHOOLS_MAX 10000

/*
** Fill a freshly migrated database with one demo region ("Демо облысы"):
** districts, schools with classes, pupils, parents, teachers, subjects
** and courses, the school year containing today with its quarters and
** holidays, and meta rows demo=1, demo_created, demo_seed; then the
** journal: a weekly timetable per class, the dated lessons of the whole
** year, and for every lesson up to today a topic, homework, the mode,
** attendance and marks (formative, СОР, and СОЧ once the quarter's is
** due), each mark and attendance row an entry of the audit chain. Only
** absences and lateness are stored as attendance rows (a pupil of a
** lesson held without a row was present) unless full_attendance is set,
** which writes a row for every pupil and lesson: about 15 times as many
** rows. Everyone can log in with the password "demo": the fixed logins
** of demo_print_logins() and everyone else as p<id>; the password is
** hashed once. One transaction: on error nothing is left behind.
**
** Errors: ERR_INVAL for a bad option, ERR_CONFLICT when the database
** already has regions or people, ERR_INTERNAL if hashing fails, and the
** store's errors.
*/
int demo_generate(struct db *db, const struct demo_opts *o, struct err *e);

/* The fixed demo logins and who they are, one per line, for people. */
void demo_print_logins(FILE *f);

#endif
