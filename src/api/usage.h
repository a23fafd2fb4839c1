/* usage.h: the usage report (usage.c) */
#ifndef MK_API_USAGE_H
#define MK_API_USAGE_H

#include "http/req.h"

/* GET /reports/usage?scope=KIND:ID&from=&to= */
int api_reports_usage(struct req *r);

/* "region:12" (region, district, school, class) into level 0-3 and id;
** non-zero when malformed. */
int usage_scope_parse(const char *s, int *level, int64_t *id);

#endif
