/* api.h: every API handler, one file per resource under src/api/ */
#ifndef MK_API_H
#define MK_API_H

#include "http/req.h"

/* health.c */
int api_healthz(struct req *r);
int api_metrics(struct req *r);

/* auth.c */
int api_auth_login(struct req *r);
int api_auth_logout(struct req *r);

/* me.c */
int api_me(struct req *r);

#endif
