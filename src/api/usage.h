/* usage.h: the usage report (usage.c) */
#ifndef MK_API_USAGE_H
#define MK_API_USAGE_H

#include "http/req.h"

/* GET /reports/usage?scope=KIND:ID&from=&to= */
int api_reports_usage(struct req *r);

#endif
