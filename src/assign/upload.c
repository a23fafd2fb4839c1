/* upload.c: the streaming body path of ROUTE_UPLOAD routes */
#include "core/common.h"
#include "assign/upload.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "http/router.h"
#include "http/server.h"
#include "db/db.h"

static void
upload_end(void *arg)
{
	files_stream_abort(&((struct upload *)arg)->s);
}

void
upload_begin(struct req *r)
{
	struct upload *up;
	unsigned allow;
	int idx;

	if (r->method != HTTP_POST)     /* only uploads stream */
		return;
	idx = router_match_once(r, &allow);     /* kept for dispatch() */
	if (idx < 0 || !(routes[idx].flags & ROUTE_UPLOAD))
		return;
	up = arena_calloc(r->a, sizeof(*up));
	up->s.fd = -1;
	r->upload = up;
	/* who asks is known before the first byte is kept */
	if ((r->db = server_db(&r->err)) == NULL) {
		reply_error(r, NULL);
		up->refused = true;
		return;
	}
	if (auth_session(r)) {
		up->refused = true;
		db_request_end(r->db);
		return;
	}
	db_request_end(r->db);
	if (files_stream_open(&up->s, arena_alloc(r->a, SNIFF_HEAD),
	    &r->err) != 0) {
		reply_error(r, NULL);
		up->refused = true;
		return;
	}
	arena_defer(r->a, upload_end, up);
}

void
upload_feed(struct req *r, const char *p, size_t len)
{
	struct upload *up = r->upload;

	if (!up->refused)
		files_stream_write(&up->s, p, len);
}
