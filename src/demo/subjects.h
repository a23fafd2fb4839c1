/* subjects.h: the demo's subjects and weekly plan by grade */
#ifndef MK_DEMO_SUBJECTS_H
#define MK_DEMO_SUBJECTS_H

enum subject_id {
	SUBJ_LITERACY, SUBJ_READING, SUBJ_KAZAKH, SUBJ_KAZAKH_LIT,
	SUBJ_RUSSIAN, SUBJ_RUSSIAN_LIT, SUBJ_KAZAKH_L2, SUBJ_RUSSIAN_L2,
	SUBJ_ENGLISH, SUBJ_MATH, SUBJ_ALGEBRA, SUBJ_GEOMETRY,
	SUBJ_INFORMATICS, SUBJ_SCIENCE, SUBJ_WORLD, SUBJ_PHYSICS,
	SUBJ_CHEMISTRY, SUBJ_BIOLOGY, SUBJ_GEOGRAPHY, SUBJ_HISTORY_KZ,
	SUBJ_HISTORY_WORLD, SUBJ_LAW, SUBJ_SELF, SUBJ_ART, SUBJ_MUSIC,
	SUBJ_PE, SUBJ_MILITARY,
	SUBJ_N
};

/*
** Who teaches what: the primary class teacher teaches the core of
** grades 1-4, specialists (a group each) the rest. A small school has
** too few hours to keep a teacher busy with one group; a group under
** SUBJECTS_MIN_HOURS a week joins its partner (informatics and physics
** go to the mathematician, chemistry and geography to the biologist).
*/
enum subject_group {
	GRP_PRIMARY, GRP_KAZAKH, GRP_KAZAKH_L2, GRP_RUSSIAN, GRP_RUSSIAN_L2,
	GRP_ENGLISH, GRP_MATH, GRP_INFORMATICS, GRP_PHYSICS, GRP_CHEMISTRY,
	GRP_BIOLOGY, GRP_GEOGRAPHY, GRP_HISTORY, GRP_ART, GRP_MUSIC, GRP_PE,
	GRP_MILITARY, GRP_SELF,
	GRP_N
};

#define SUBJECTS_MIN_HOURS 9

struct subject_info {
	const char *code, *name_kk, *name_ru, *name_en;
};

extern const struct subject_info subjects[SUBJ_N];

struct subject_plan {
	enum subject_id subject;
	enum subject_group group;
	int hours;              /* a week */
	bool split;             /* two groups when the class has 24+ pupils */
};

#define SUBJECTS_PLAN_MAX 24

/*
** The weekly plan of a class of grade 1-11 taught in Kazakh (ru false)
** or Russian; returns the number of entries written to out.
*/
int subjects_plan(int grade, bool ru, struct subject_plan *out);

/* The group g joins when it is too small, or -1. */
int subjects_partner(enum subject_group g);

/* True for groups whose teacher is mostly a man (PE, military). */
bool subjects_group_male(enum subject_group g);

#endif
