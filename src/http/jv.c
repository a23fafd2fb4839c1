/* jv.c: checking JSON request fields */
#include "core/common.h"
#include "http/jv.h"
#include "http/reply.h"
#include "core/jw.h"
#include "rules/dates.h"

const char *
jv_field(struct req *r, const char *path, const char *name)
{
	if (path == NULL || *path == '\0')
		return name;
	return arena_printf(r->a, "%s.%s", path, name);
}

int
jv_only(struct req *r, json_t *obj, const char *path, ...)
{
	const char *key;
	json_t *val;

	json_object_foreach(obj, key, val) {
		va_list ap;
		const char *ok;
		bool known = false;

		va_start(ap, path);
		while ((ok = va_arg(ap, const char *)) != NULL) {
			if (strcmp(ok, key) == 0) {
				known = true;
				break;
			}
		}
		va_end(ap);
		if (!known)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, key),
				"unknown field '%.64s'", key), -1;
	}
	return 0;
}

/* The member, or NULL when absent (or null and null counts as absent). */
static int
jv_get(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, json_t **out)
{
	json_t *v = json_object_get(obj, name);

	*out = NULL;
	if (v == NULL || (json_is_null(v) && !(flags & JV_NULL))) {
		if (flags & JV_REQ)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, name),
				"'%s' is required", name), -1;
		return 0;
	}
	*out = v;
	return 0;
}

int
jv_str(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, size_t minlen, size_t maxlen, const char **out)
{
	json_t *v;
	size_t len, chars = 0;
	const char *s;

	if (jv_get(r, obj, path, name, flags, &v) || v == NULL)
		return r->status ? -1 : 0;
	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be a string", name), -1;
	s = json_string_value(v);
	len = json_string_length(v);
	if (strlen(s) != len)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must not contain NUL", name), -1;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (chars < minlen || chars > maxlen)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be %zu to %zu characters long", name,
			minlen, maxlen), -1;
	*out = s;
	return 0;
}

int
jv_i64(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, int64_t min, int64_t max, int64_t *out)
{
	json_t *v;
	json_int_t n;

	if (jv_get(r, obj, path, name, flags, &v) || v == NULL)
		return r->status ? -1 : 0;
	if (!json_is_integer(v))
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be a whole number", name), -1;
	n = json_integer_value(v);
	if (n < min || n > max)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be from %lld to %lld", name,
			(long long)min, (long long)max), -1;
	*out = n;
	return 0;
}

int
jv_bool(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, bool *out)
{
	json_t *v;

	if (jv_get(r, obj, path, name, flags, &v) || v == NULL)
		return r->status ? -1 : 0;
	if (!json_is_boolean(v))
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be true or false", name), -1;
	*out = json_is_true(v);
	return 0;
}

int
jv_enum(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, const char *const *choices, int *idx)
{
	const char *s = NULL;

	if (jv_str(r, obj, path, name, flags & ~JV_NULL, 1, 64, &s))
		return -1;
	if (s == NULL)
		return 0;
	for (int i = 0; choices[i]; i++) {
		if (strcmp(choices[i], s) == 0) {
			*idx = i;
			return 0;
		}
	}
	return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
		"'%.64s' is not a valid %s", s, name), -1;
}

int
jv_date(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, const char **out)
{
	const char *s = NULL;

	if (jv_str(r, obj, path, name, flags & ~JV_NULL, 10, 10, &s))
		return -1;
	if (s == NULL)
		return 0;
	if (date_parse(s, NULL) != 0)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be a date YYYY-MM-DD", name), -1;
	*out = s;
	return 0;
}

int
jv_arr(struct req *r, json_t *obj, const char *path, const char *name,
	int flags, size_t maxn, json_t **out)
{
	json_t *v;

	*out = NULL;
	if (jv_get(r, obj, path, name, flags, &v) || v == NULL)
		return r->status ? -1 : 0;
	if (!json_is_array(v))
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' must be an array", name), -1;
	if (json_array_size(v) > maxn)
		return reply_err_field(r, ERR_TOOBIG, jv_field(r, path, name),
			"'%s' holds more than %zu entries", name, maxn), -1;
	*out = v;
	return 0;
}
