/* scope.h: the scope=KIND:ID parameter of the reports (api/scope.c) */
#ifndef MK_SCOPE_H
#define MK_SCOPE_H

#include "auth/authz.h"

/* the areas a report covers, widest first */
enum scope_level { SCOPE_REGION, SCOPE_DISTRICT, SCOPE_SCHOOL, SCOPE_CLASS,
	SCOPE_COUNT };

extern const char *const scope_names[SCOPE_COUNT];  /* "region", ... */
extern const enum obj_kind scope_objs[SCOPE_COUNT];  /* for authz() */

/* "region:12" into its level and id (> 0); non-zero when malformed. */
int scope_parse(const char *s, int *level, int64_t *id);

#endif
