/* people.h: helpers shared by the people handlers (src/api/person*.c) */
#ifndef MK_API_PEOPLE_H
#define MK_API_PEOPLE_H

#include "api/api.h"

/*
** The people handlers: person_access.c (who sees and changes what of a
** person), person_read.c (GET /people/{id}), people_list.c (GET
** /schools/{id}/people), person_write.c (POST /schools/{id}/people,
** PATCH /people/{id}), students.c (/students/{id}).
*/

/* The caller's standing towards a person (person_access.c). */
struct standing {
	bool self;
	bool admin_of_any;      /* admin of one of the person's schools */
	bool manages_any;       /* may change one of the person's schools */
	bool manages_all;       /* may change each of them */
};

/* Fill *s for person id: 0, or -1 on a store error (in r->err). */
int person_standing(struct req *r, int64_t id, struct standing *s);

/*
** person_read.c: write [{"id","full_name"}] of the people query q finds
** for person id (their children, their parents); 0 or -1 (r->err).
*/
struct query;
int person_write_names(struct req *r, struct query *q, int64_t id);
/* person_read.c: [{"id","full_name"}] of the parents of pupil id. */
int person_write_parents(struct req *r, int64_t id);
/* person_read.c: answer status with the person as GET /people/{id}. */
int person_reply(struct req *r, int64_t id, int status);

/* people_list.c: the roles a person holds in a school, NULL-ended. */
extern const char *const people_school_roles[];

/* person_write.c: link parent_id to pupil_id (kept if linked): 0 or -1. */
int person_parent_link(struct req *r, int64_t parent_id, int64_t pupil_id);

#endif
