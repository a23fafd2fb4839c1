/* reply.h: answers; the one place that maps errors to HTTP statuses */
#ifndef MK_REPLY_H
#define MK_REPLY_H

#include "http/req.h"

/* Answer r->out as JSON with status; returns 0 (handler convention). */
int reply_json(struct req *r, int status);

/* Answer 204 with no body. */
int reply_empty(struct req *r);

/*
** Answer the error {"error":{"code","message","field"?}}: code is an
** enum err, the status follows from it. ERR_DB and other internal errors
** answer a generic message; the detail is only in the log.
*/
int reply_err(struct req *r, int code, const char *fmt, ...) MK_PRINTF(3, 4);
int reply_err_field(struct req *r, int code, const char *field,
	const char *fmt, ...) MK_PRINTF(4, 5);

/* Answer the error already described in r->err (or e if not NULL). */
int reply_error(struct req *r, const struct err *e);

int http_status_of(int code);

#endif
