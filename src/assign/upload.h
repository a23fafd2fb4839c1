/* upload.h: request bodies streamed to the file store as they arrive */
#ifndef MK_UPLOAD_H
#define MK_UPLOAD_H

#include "http/req.h"
#include "files/store.h"

/*
** A route flagged ROUTE_UPLOAD does not collect its body in memory (the
** --max-body limit): server.c calls upload_begin() on the request's first
** callback, which authenticates the caller at once (answering 401 or 403
** into r, after which the body is read and dropped) and opens a temporary
** file; upload_feed() then writes each piece of the body as
** libmicrohttpd delivers it, hashing it and sniffing its type on the way,
** and stops keeping bytes beyond the per-file limit (the handler answers
** 413). The handler finds the stream in r->upload; a stream that the
** handler did not commit is removed when the request ends.
*/
struct upload {
	struct files_stream s;
	bool refused;           /* answered already; the body is dropped */
};

/* Called for every request; does nothing unless its route streams. */
void upload_begin(struct req *r);
void upload_feed(struct req *r, const char *p, size_t len);

#endif
