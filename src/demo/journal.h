/* journal.h: the demo journal's state, shared by src/demo/ files only */
#ifndef MK_DEMO_JOURNAL_H
#define MK_DEMO_JOURNAL_H

#include "demo/gen.h"
#include "rules/calendar.h"

/*
** The demo journal is made from what school.c stored: it reads the
** classes, pupils, subgroups and courses back, lays out a weekly
** timetable per class (timetable.c), has journal/lessons_gen.c turn it
** into the school year's dated lessons, and fills the lessons up to
** today with topics, homework, attendance and marks, each mark and
** attendance row logged in the audit chain (journal.c).
*/
#define JOURNAL_DAYS 6          /* Monday .. Saturday */
#define JOURNAL_HOURS_MAX 10    /* courses.hours_per_week is 1..10 */
#define JOURNAL_SOR_MAX 3

/* One pupil, and what the attendance draws remember about them. */
struct jpupil {
	int64_t id;
	int ability;            /* percent scored on average, 30 .. 97 */
	int32_t sick_until;     /* last day of the current sick spell */
	int day_status;         /* enum jday of the class's current day */
};

struct jclass {
	int64_t id;
	int school;             /* index into journal.schools */
	int grade, shift;
	bool ru;                /* taught in Russian, else Kazakh */
	int *pupils;            /* indices into journal.pupils */
	int npupils;
	int first_unit, nunits;
	int32_t day;            /* the day mode and day_status are for */
	int mode;               /* enum jmode of that day */
};

/*
** A subject of a class: one course, or the two courses of a subgroup
** split, which share their timetable slots. Its summative works are
** planned per quarter (q 0..3); a day of 0 is none.
*/
struct junit {
	int cls;                /* index into journal.classes */
	int subject;            /* enum subject_id, -1 if not the demo's */
	int64_t subject_id;
	int hours;
	int course[2], ncourses;
	int nslots;
	uint8_t wd[JOURNAL_HOURS_MAX];          /* 1 Monday .. 6 Saturday */
	uint8_t period[JOURNAL_HOURS_MAX];
	int32_t sor[4][JOURNAL_SOR_MAX];
	int sor_max[4][JOURNAL_SOR_MAX];
	int nsor[4];
	int32_t soch[4];
	int soch_max[4];
};

struct jcourse {
	int64_t id, teacher_id, subgroup_id;
	int unit;
	int *pupils;            /* the class's or the subgroup's */
	int npupils;
	int given;              /* lessons filled in so far */
	int32_t last_summative; /* the day of its last СОР or СОЧ */
};

struct jschool {
	int64_t id;
	bool broadband;
	int first_class, nclasses;
	struct school_calendar cal;
};

struct journal {
	struct gen *g;
	struct rng rng;
	int32_t today;
	const struct journal_opts *o;
	int64_t demo_teacher;   /* people.id of the login "teacher" */
	bool full_attendance;   /* present rows too */
	struct jschool *schools;
	int nschools;
	struct jclass *classes;
	int nclasses;
	struct junit *units;
	int nunits;
	struct jcourse *courses;
	int ncourses;
	struct jpupil *pupils;
	int npupils;
	/* figures for the log line */
	int64_t lessons, filled, marks, attendance, audit;
	int clashes;            /* teacher double-bookings left */
};

/* ids to indices: sorted pairs, found by binary search (journal.c) */
struct idmap {
	struct idpair {
		int64_t id;
		int i;
	} *a;
	int n;
};

/* Room for n pairs in arena a; fill a[0..n) then idmap_sort(). */
void idmap_init(struct idmap *m, struct arena *a, int n);
void idmap_sort(struct idmap *m);
/* The index stored for id, or -1. */
int idmap_find(const struct idmap *m, int64_t id);

/* journal.c: record rc (a store error) in g->rc unless one is there. */
void journal_fail(struct journal *j, int rc);
/* journal.c: prepare q with the school year bound as ?1. */
struct db_stmt *journal_prep_year(struct journal *j, struct query *q);

/*
** journal_load.c: read the schools, classes, pupils, subgroups and
** courses school.c stored into j; *courses maps course ids to indices.
*/
void journal_load(struct journal *j, struct idmap *courses);
/*
** journal_plan.c: plan the СОР and СОЧ of every class of school s over
** its calendar's quarters (into the units), checked by the journal's
** scheduling limits.
*/
void journal_plan_summative(struct journal *j, int s);
/*
** journal_fill.c: give every lesson held up to j->today its topic,
** homework, mode, attendance and marks, each logged in the audit chain.
*/
void journal_fill_past(struct journal *j, const struct idmap *courses);

/*
** journal.c: fill the journal of every school in the database (the demo
** has just made them) for the school year g->year as o says (gen.h).
** Errors are recorded in g->rc.
*/
void journal_generate(struct gen *g, const struct journal_opts *o);

/*
** timetable.c: lay out the weekly timetable of school s (index) in the
** units' slots, and store it in the table timetable from valid_from on.
*/
void timetable_build(struct journal *j, int s);
void timetable_store(struct journal *j, int s, int32_t valid_from);

/*
** topics.c: the topic of the n-th lesson (0-based) of a subject in a
** grade, written in the language it is taught in (Kazakh, Russian or
** English lessons) or else the class's; buf gets at least 160 bytes.
** topics_homework() writes the homework of that lesson in the class's
** language, or returns false when it sets none.
*/
void topics_topic(int subject, int grade, bool ru, int hours, int n,
	char *buf, size_t cap);
bool topics_homework(int subject, int grade, bool ru, int hours, int n,
	struct rng *r, char *buf, size_t cap);
/* The title of the k-th (1-based) СОР, or of the quarter's СОЧ (k 0). */
void topics_summative(bool ru, int quarter, int k, char *buf, size_t cap);

#endif
