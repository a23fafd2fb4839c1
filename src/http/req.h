/* req.h: one HTTP request as handlers see it */
#ifndef MK_REQ_H
#define MK_REQ_H

#include "core/arena.h"
#include "core/err.h"
#include "core/sb.h"
#include <jansson.h>

struct MHD_Connection;
struct db;
struct auth;

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_POST = 1 << 1,
	HTTP_PUT = 1 << 2,
	HTTP_PATCH = 1 << 3,
	HTTP_DELETE = 1 << 4,
	HTTP_HEAD = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
	HTTP_OTHER = 1 << 7,
};

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8
#define REQ_MAX_WROTE 8

/* an area a request was allowed to write (cache/revisions.h) */
struct req_area {
	int scope;
	int64_t id;
};

struct req_header {
	const char *name, *value;
};

struct req {
	struct arena *a;
	struct MHD_Connection *conn;
	enum http_method method;
	const char *path;                       /* without the query */
	struct sb body;                         /* request body as sent */
	bool body_too_big;
	struct upload *upload;                  /* streamed body (assign/upload.c) */
	int route_idx;                          /* -1: none matched */
	bool routed;                            /* router_match_once() ran: */
	int route_found;                        /* its answer */
	unsigned route_allow;                   /* and its allowed methods */
	const char *params[REQ_MAX_PARAMS];     /* :name segments, in order */
	int nparams;

	struct db *db;                          /* this thread's connection */
	struct auth *auth;                      /* NULL: not logged in */
	int64_t now;                            /* Unix seconds at arrival */
	uint64_t t0_us, db_us0;
	uint64_t db_us, db_q;                   /* of dispatch(), logged */
	enum { DURABLE_NONE, DURABLE_WAITING, DURABLE_SYNCED,
		DURABLE_FAILED } durable;      /* its commits (durable.h) */
	char id[24];                            /* request id, also logged */
	const char *client_addr;

	/* the answer */
	int status;
	const char *ctype;
	struct sb out;
	struct req_header hdrs[REQ_MAX_HEADERS];
	int nhdrs;
	struct err err;                         /* the error answered, if any */
	bool send_file;                         /* answer send_len bytes of */
	int send_fd;                            /* send_fd, not out (closed) */
	uint64_t send_len;
	/* areas authz() let the caller write: their revisions are raised
	** by the write transaction (cache/revisions.c) */
	struct req_area wrote[REQ_MAX_WROTE];
	int nwrote;
};

/* A request header or query argument; NULL when absent. */
const char *req_header(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);

/* Add a response header (both strings must outlive the request). */
void req_add_header(struct req *r, const char *name, const char *value);
/*
** Percent-decoding of a path or query argument, in place; returns the new
** length. "%00" is left as it is: decoded, it would cut the string short
** and make "/api/v1/me%00anything" look like "/api/v1/me".
*/
size_t req_unescape(char *s);

/* A response header added so far; NULL when none. */
const char *req_answer_header(const struct req *r, const char *name);

/*
** Path parameter i (0-based) as a positive id. On failure the error
** answer is sent and a non-zero value returned (Redis's *OrReply):
**	if (req_path_id(r, 0, &id)) return 0;
*/
int req_path_id(struct req *r, int i, int64_t *out);

/*
** Parse the body as a JSON object. Answers 400 for a body that is not
** JSON, not UTF-8 or not an object, and returns NULL. The object is
** released with the arena.
*/
json_t *req_json(struct req *r);

/* Query argument `name` as an id/integer in [min, max]; absent: *out =
** dflt. Answers 400 and returns non-zero when malformed. */
int req_query_i64(struct req *r, const char *name, int64_t min, int64_t max,
	int64_t dflt, int64_t *out);

#endif
