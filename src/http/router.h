/* router.h: the one route table and matching a request against it */
#ifndef MK_ROUTER_H
#define MK_ROUTER_H

#include "http/req.h"

enum route_flags {
	ROUTE_PUBLIC = 0,               /* no session needed */
	ROUTE_AUTH = 1 << 0,            /* answer 401 without a session */
	ROUTE_UPLOAD = 1 << 1,          /* body streamed to a file (upload.h) */
};

/*
** A handler answers through reply_*() and returns 0. Patterns are
** literal segments and ":name" segments that match one non-empty segment
** (its text goes to r->params in order); a last segment "*" matches the
** rest of the path, one or more segments (a param too).
*/
struct route {
	unsigned methods;               /* enum http_method bits */
	const char *pattern;
	int (*fn)(struct req *r);
	unsigned flags;
};

extern const struct route routes[];
extern const int nroutes;

/*
** Find the route for r->method and r->path: its index, with r->params
** filled, or -1 when no pattern matches (404), or -2 when a pattern
** matches but not the method (405; *allow gets the allowed methods).
** When several match, the first in the table that allows the method
** wins, and *allow gets the methods of all of them; r->params are left
** alone unless a route is found. The table is compiled at the first call
** (thread-safe): a pattern not beginning with '/', of more than 16
** segments or of more than REQ_MAX_PARAMS params is a BUG() then.
*/
int router_match(struct req *r, unsigned *allow);

/*
** router_match() once per request: the first call matches and keeps the
** answer in r (routed, route_found, route_allow), later calls return it.
** A POST is matched as its body begins (upload_begin()) and dispatched
** later; r->path and r->method must not change in between.
*/
int router_match_once(struct req *r, unsigned *allow);

/* "GET, POST" for a method bit set, in the arena. */
const char *router_allow_header(struct req *r, unsigned methods);

#endif
