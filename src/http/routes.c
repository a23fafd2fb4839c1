/* routes.c: the one route table of the server */
#include "core/common.h"
#include "http/router.h"
#include "api/api.h"

#define A ROUTE_AUTH
#define GET HTTP_GET | HTTP_HEAD

const struct route routes[] = {
	{ GET, "/healthz", api_healthz, ROUTE_PUBLIC },
	{ GET, "/metrics", api_metrics, ROUTE_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/login", api_auth_login, ROUTE_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/logout", api_auth_logout, A },
	{ GET, "/api/v1/me", api_me, A },
};

const int nroutes = (int)ARRAY_SIZE(routes);
