/* reply.c: JSON answers and errors */
#include "core/common.h"
#include "http/reply.h"
#include "core/jw.h"

int
http_status_of(int code)
{
	switch (code) {
	case ERR_OK: return 200;
	case ERR_INVAL: return 422;
	case ERR_BADREQ: return 400;
	case ERR_AUTH: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_CSRF: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_METHOD: return 405;
	case ERR_CONFLICT: return 409;
	case ERR_TOOBIG: return 413;
	case ERR_RATE: return 429;
	case ERR_UNAVAIL: return 503;
	default: return 500;
	}
}

int
reply_json(struct req *r, int status)
{
	if (sb_err(&r->out)) {
		int code = sb_err(&r->out);

		sb_reset(&r->out);
		return reply_err(r, code == ERR_TOOBIG ? ERR_INTERNAL : code,
			"the answer could not be built");
	}
	r->status = status;
	r->ctype = "application/json; charset=utf-8";
	return 0;
}

int
reply_empty(struct req *r)
{
	sb_reset(&r->out);
	r->status = 204;
	r->ctype = NULL;
	return 0;
}

int
reply_error(struct req *r, const struct err *e)
{
	int status;

	if (e == NULL)
		e = &r->err;
	if (e != &r->err)
		r->err = *e;
	if (r->err.code == ERR_OK)
		r->err.code = ERR_INTERNAL;     /* an error without a code */
	status = http_status_of(r->err.code);
	if (status == 500) {
		/* never leak internals: the log has the detail */
		snprintf(r->err.msg, sizeof(r->err.msg), "internal error");
		r->err.field[0] = '\0';
	}
	if (r->err.code == ERR_UNAVAIL)
		req_add_header(r, "Retry-After", "1");
	sb_reset(&r->out);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "error");
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "code", err_code_name(r->err.code));
	jw_kv_str(&r->out, "message", r->err.msg);
	if (r->err.field[0])
		jw_kv_str(&r->out, "field", r->err.field);
	jw_obj_end(&r->out);
	jw_obj_end(&r->out);
	r->status = status;
	r->ctype = "application/json; charset=utf-8";
	return 0;
}

int
reply_err(struct req *r, int code, const char *fmt, ...)
{
	va_list ap;

	r->err.code = code;
	r->err.field[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(r->err.msg, sizeof(r->err.msg), fmt, ap);
	va_end(ap);
	return reply_error(r, NULL);
}

int
reply_err_field(struct req *r, int code, const char *field,
	const char *fmt, ...)
{
	va_list ap;

	r->err.code = code;
	snprintf(r->err.field, sizeof(r->err.field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(r->err.msg, sizeof(r->err.msg), fmt, ap);
	va_end(ap);
	return reply_error(r, NULL);
}
