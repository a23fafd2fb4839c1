/* err.c: filling the error record */
#include "core/common.h"
#include "core/err.h"

static void
err_vset(struct err *e, int code, const char *field, const char *fmt,
	va_list ap)
{
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e != NULL) {
		va_start(ap, fmt);
		err_vset(e, code, NULL, fmt, ap);
		va_end(ap);
	}
	return code;
}

int
err_field(struct err *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (e != NULL) {
		va_start(ap, fmt);
		err_vset(e, code, field, fmt, ap);
		va_end(ap);
	}
	return code;
}

void
err_clear(struct err *e)
{
	e->code = 0;
	e->msg[0] = '\0';
	e->field[0] = '\0';
}

const char *
err_code_name(int code)
{
	switch (code) {
	case ERR_INVAL: return "invalid";
	case ERR_BADREQ: return "bad_request";
	case ERR_AUTH: return "unauthorized";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_NOTFOUND: return "not_found";
	case ERR_METHOD: return "method_not_allowed";
	case ERR_CONFLICT: return "conflict";
	case ERR_TOOBIG: return "too_large";
	case ERR_RATE: return "too_many_requests";
	case ERR_UNAVAIL: return "unavailable";
	case ERR_CSRF: return "csrf";
	case ERR_OK: return "ok";
	default: return "internal";
	}
}
