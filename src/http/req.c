/* req.c: reading a request: headers, query, path ids, JSON body */
#include "core/common.h"
#include "http/req.h"
#include "http/reply.h"
#include "core/jw.h"

#include <microhttpd.h>

const char *
req_header(struct req *r, const char *name)
{
	if (r->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_query(struct req *r, const char *name)
{
	if (r->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
		name);
}

void
req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdrs == REQ_MAX_HEADERS)
		BUG("too many response headers");
	r->hdrs[r->nhdrs].name = name;
	r->hdrs[r->nhdrs].value = value;
	r->nhdrs++;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
req_unescape(char *s)
{
	char *w = s;

	for (char *p = s; *p; p++) {
		int hi, lo;

		if (*p == '%' && (hi = hexval(p[1])) >= 0 &&
		    (lo = hexval(p[2])) >= 0 && (hi | lo) != 0) {
			*w++ = (char)(hi << 4 | lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

const char *
req_answer_header(const struct req *r, const char *name)
{
	for (int i = 0; i < r->nhdrs; i++)
		if (strcasecmp(r->hdrs[i].name, name) == 0)
			return r->hdrs[i].value;
	return NULL;
}

/* Parse a decimal integer, the whole string, in [min, max]. */
static int
parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return -1;
	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
req_path_id(struct req *r, int i, int64_t *out)
{
	const char *s = i < r->nparams ? r->params[i] : NULL;

	if (parse_i64(s, 1, INT64_MAX, out) != 0) {
		reply_err_field(r, ERR_BADREQ, "id",
			"'%.40s' is not a valid id", s ? s : "");
		return -1;
	}
	return 0;
}

int
req_query_i64(struct req *r, const char *name, int64_t min, int64_t max,
	int64_t dflt, int64_t *out)
{
	const char *s = req_query(r, name);

	if (s == NULL) {
		*out = dflt;
		return 0;
	}
	if (parse_i64(s, min, max, out) != 0) {
		reply_err_field(r, ERR_BADREQ, name, "'%s' must be a whole "
			"number from %lld to %lld", name, (long long)min,
			(long long)max);
		return -1;
	}
	return 0;
}

static void
json_release(void *p)
{
	json_decref(p);
}

json_t *
req_json(struct req *r)
{
	json_error_t jerr;
	json_t *root;

	if (r->body.len == 0) {
		reply_err(r, ERR_BADREQ, "a JSON body is required");
		return NULL;
	}
	if (!utf8_valid(r->body.buf, r->body.len)) {
		reply_err(r, ERR_BADREQ, "the body is not valid UTF-8");
		return NULL;
	}
	root = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES,
		&jerr);
	if (root == NULL) {
		reply_err(r, ERR_BADREQ, "malformed JSON at line %d column %d:"
			" %s", jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	arena_defer(r->a, json_release, root);
	if (!json_is_object(root)) {
		reply_err(r, ERR_BADREQ, "the body must be a JSON object");
		return NULL;
	}
	return root;
}
