/* err.h: error codes and the error record every layer fills in */
#ifndef MK_ERR_H
#define MK_ERR_H

/*
** Functions return 0 on success or a negative enum err, and describe the
** failure in a struct err: `return err_set(e, ERR_INVAL, "...")`. Messages
** are lowercase, without a final full stop, the subject quoted. Only
** http/reply.c turns an error into an HTTP status.
*/
enum err_code {
	ERR_OK = 0,
	ERR_INVAL = -1,         /* 422 valid syntax, invalid value */
	ERR_BADREQ = -2,        /* 400 malformed request */
	ERR_AUTH = -3,          /* 401 not logged in */
	ERR_FORBIDDEN = -4,     /* 403 visible but not allowed */
	ERR_NOTFOUND = -5,      /* 404 unknown or not visible */
	ERR_METHOD = -6,        /* 405 */
	ERR_CONFLICT = -7,      /* 409 */
	ERR_TOOBIG = -8,        /* 413 */
	ERR_RATE = -9,          /* 429 */
	ERR_UNAVAIL = -10,      /* 503 */
	ERR_DB = -11,           /* 500, details only in the log */
	ERR_NOMEM = -12,        /* 500 */
	ERR_INTERNAL = -13,     /* 500 */
	ERR_CSRF = -14,         /* 403 with code csrf */
};

#define ERR_MSG_MAX 256
#define ERR_FIELD_MAX 96

struct err {
	int code;
	char msg[ERR_MSG_MAX];
	char field[ERR_FIELD_MAX];      /* "" when no single field is at fault */
};

/* Fill e (if not NULL) and return code, for `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...) MK_PRINTF(3, 4);

/* As err_set, naming the field at fault (e.g. "marks[2].value"). */
int err_field(struct err *e, int code, const char *field,
	const char *fmt, ...) MK_PRINTF(4, 5);

void err_clear(struct err *e);

/* The stable machine-readable code for the API, e.g. "invalid". */
const char *err_code_name(int code);

#endif
