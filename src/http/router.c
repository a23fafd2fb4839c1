/* router.c: matching paths against the route table */
#include "core/common.h"
#include "http/router.h"

/* Match one pattern; params are recorded only on success. */
static bool
route_match(const char *pat, const char *path, struct req *r)
{
	const char *params[REQ_MAX_PARAMS];
	size_t plen[REQ_MAX_PARAMS];
	int np = 0;

	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++;
		path++;
		if (pat[0] == '*' && pat[1] == '\0') {
			/* a final "*" takes the rest, one segment or more */
			size_t len = strlen(path);

			if (len == 0 || np == REQ_MAX_PARAMS)
				return false;
			params[np] = path;
			plen[np++] = len;
			path += len;
			pat++;
		} else if (*pat == ':') {
			const char *end = strchr(path, '/');
			size_t len = end ? (size_t)(end - path) : strlen(path);

			if (len == 0 || np == REQ_MAX_PARAMS)
				return false;
			params[np] = path;
			plen[np++] = len;
			path += len;
			pat = strchr(pat, '/');
			if (pat == NULL)
				pat = "";
		} else {
			const char *end = strchr(pat, '/');
			size_t len = end ? (size_t)(end - pat) : strlen(pat);

			if (strncmp(pat, path, len) != 0 ||
			    (path[len] != '/' && path[len] != '\0'))
				return false;
			pat += len;
			path += len;
		}
	}
	if (*pat || *path)
		return false;
	for (int i = 0; i < np; i++)
		r->params[i] = arena_strndup(r->a, params[i], plen[i]);
	r->nparams = np;
	return true;
}

int
router_match(struct req *r, unsigned *allow)
{
	int found = -1;

	*allow = 0;
	for (int i = 0; i < nroutes; i++) {
		if (!route_match(routes[i].pattern, r->path, r))
			continue;
		*allow |= routes[i].methods;
		if ((routes[i].methods & r->method) && found < 0)
			found = i;
	}
	if (found >= 0) {
		/* params of the matching route, not of the last one tried */
		route_match(routes[found].pattern, r->path, r);
		return found;
	}
	return *allow ? -2 : -1;
}

const char *
router_allow_header(struct req *r, unsigned methods)
{
	static const char *names[] = { "GET", "POST", "PUT", "PATCH",
		"DELETE", "HEAD", "OPTIONS" };
	char buf[64] = "";
	size_t len = 0;

	if (methods & HTTP_GET)
		methods |= HTTP_HEAD;
	for (int i = 0; i < (int)ARRAY_SIZE(names); i++) {
		if (methods & (1u << i))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"%s%s", len ? ", " : "", names[i]);
	}
	return arena_strdup(r->a, buf);
}
