/* authz.h: the one authorization check every handler calls */
#ifndef MK_AUTHZ_H
#define MK_AUTHZ_H

#include "http/req.h"

enum obj_kind {
	OBJ_REGION,
	OBJ_DISTRICT,
	OBJ_SCHOOL,
	OBJ_CLASS,
	OBJ_STUDENT,            /* a pupil, by person id */
	OBJ_COURSE,
	OBJ_PERSON,             /* anyone: staff, parent or pupil */
};

enum access {
	ACC_READ,
	ACC_WRITE,              /* change the object's data or its contents */
};

/*
** Where an object sits: its region, district, school and class (0 where
** none), and for a course its teacher.
*/
struct place {
	int64_t region_id, district_id, school_id, class_id;
	int64_t teacher_id, pupil_id;
	bool teaches;           /* the caller teaches this pupil's class */
};

/*
** May the caller (r->auth) do acc on object kind/id? Returns 0 if so.
** Otherwise answers and returns non-zero: 404 when the caller may not
** even see the object (the same answer as for one that does not exist),
** 403 when they may see it but not do acc. Rules in docs/ACCESS.md.
** *where (may be NULL) gets the object's place on success.
*/
int authz(struct req *r, enum access acc, enum obj_kind kind, int64_t id,
	struct place *where);

/* The pure rule over a resolved place: 1 allowed, 0 not. Unit-tested. */
int authz_allows(const struct auth *a, enum access acc, enum obj_kind kind,
	const struct place *p);

/*
** Does the grant's area hold the place? Ministry: everything; region,
** district: by their id; school admin, teacher: their school; class
** teacher: their class. Parents and pupils hold no area (false).
*/
struct grant;
bool authz_grant_covers(const struct grant *g, const struct place *p);

/* True when the caller holds a staff grant covering the whole region,
** district or school given (0 ids are wildcards above the level). */
bool authz_is_ministry(const struct auth *a);

#endif
