/* jv.h: checking fields of a JSON request body, answering on failure */
#ifndef MK_JV_H
#define MK_JV_H

#include "http/req.h"

/*
** Each function checks one field of obj and, when it is wrong, sends the
** 422 answer naming the field ("marks[2].value" when path is "marks[2]")
** and returns non-zero, so a handler writes
**	if (jv_str(r, body, NULL, "topic", JV_OPT, 0, 500, &topic)) return 0;
** Optional fields that are absent leave *out untouched and set nothing.
** A present JSON null is "absent" for JV_OPT and wrong for JV_REQ, unless
** JV_NULL is given, in which case *present is set and the value is NULL.
*/
enum jv_flags {
	JV_REQ = 1 << 0,        /* must be present */
	JV_OPT = 0,
	JV_NULL = 1 << 1,       /* null allowed (strings: *out = NULL) */
};

/* Refuse any member not named in the NULL-terminated list. */
int jv_only(struct req *r, json_t *obj, const char *path, ...)
	__attribute__((sentinel));

int jv_str(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, size_t minlen, size_t maxlen, const char **out);
int jv_i64(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, int64_t min, int64_t max, int64_t *out);
int jv_bool(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, bool *out);
/* A string that must be one of the NULL-terminated choices; *idx. */
int jv_enum(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, const char *const *choices, int *idx);
/* A date 'YYYY-MM-DD' that exists. */
int jv_date(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, const char **out);
/* An array member; *out NULL when absent and optional. */
int jv_arr(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, size_t maxn, json_t **out);

/* The display name of a field for errors: "path.name" or "name". */
const char *jv_field(struct req *r, const char *path, const char *name);

#endif
