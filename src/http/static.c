/* static.c: serving the compiled-in web page */
#include "core/common.h"
#include "http/static.h"
#include "http/reply.h"

#include <strings.h>

/*
** The files of web/ are served from the binary (tools/embed_web.c). The
** page names its scripts and styles under /s/<version>/, version being a
** hash of every file: those answers are immutable for a year. "/" and
** /sw.js are the entry points and are revalidated on every visit
** (no-cache): a repeat visit costs two 304s. A /s/ path of another
** version (a page loaded before a deploy) still gets the file, current
** content, but with no-cache, so nothing stale is pinned for a year.
** Unknown paths answer 404 like any unknown resource: the app's own
** routes live in the fragment (#/diary), which never reaches the server.
**
** Each answer picks brotli, gzip or the bytes as sent by Accept-Encoding
** and says so (Content-Encoding, Vary: Accept-Encoding); each encoding has
** its own strong ETag ("<hash>", "<hash>-gz", "<hash>-br"), and a
** matching If-None-Match answers 304 with no body.
*/

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_REVALIDATE "no-cache"

/* Skip spaces and tabs. */
static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Is the quality value at s (after "q=") zero: "0", "0.", "0.000"? */
static bool
q_is_zero(const char *s)
{
	s = skip_ows(s);
	if (*s != '0')
		return false;
	s++;
	if (*s == '.')
		for (s++; *s == '0'; s++)
			;
	s = skip_ows(s);
	return *s == '\0' || *s == ',' || *s == ';';
}

unsigned
static_accept(const char *h)
{
	unsigned yes = 0, no = 0, named = 0;
	bool star = false, star_no = false;

	if (h == NULL)
		return STATIC_IDENTITY;
	while (*h) {
		const char *tok = skip_ows(h), *end = tok;
		unsigned bit = 0;
		bool zero = false;
		size_t n;

		while (*end && *end != ',' && *end != ';' && *end != ' ' &&
		    *end != '\t')
			end++;
		n = (size_t)(end - tok);
		h = end;
		/* parameters: only q matters */
		while (*h && *h != ',') {
			const char *p = skip_ows(h + (*h == ';'));

			if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
				zero = q_is_zero(p + 2);
			h = p;
			while (*h && *h != ',' && *h != ';')
				h++;
		}
		if (*h == ',')
			h++;
		if (n == 4 && strncasecmp(tok, "gzip", 4) == 0)
			bit = STATIC_GZIP;
		else if (n == 6 && strncasecmp(tok, "x-gzip", 6) == 0)
			bit = STATIC_GZIP;
		else if (n == 2 && strncasecmp(tok, "br", 2) == 0)
			bit = STATIC_BR;
		else if (n == 8 && strncasecmp(tok, "identity", 8) == 0)
			bit = STATIC_IDENTITY;
		else if (n == 1 && *tok == '*') {
			star = true;
			star_no = zero;
			continue;
		}
		named |= bit;
		if (zero)
			no |= bit;
		else
			yes |= bit;
	}
	if (star && !star_no)
		yes |= (STATIC_IDENTITY | STATIC_GZIP | STATIC_BR) & ~named;
	if (!(named & STATIC_IDENTITY) && !(star && star_no))
		yes |= STATIC_IDENTITY;
	return yes & ~no;
}

bool
static_etag_match(const char *h, const char *etag)
{
	size_t elen = strlen(etag);

	if (h == NULL)
		return false;
	for (;;) {
		const char *end;

		h = skip_ows(h);
		while (*h == ',')
			h = skip_ows(h + 1);
		if (*h == '\0')
			return false;
		if (*h == '*')
			return true;
		if (h[0] == 'W' && h[1] == '/')
			h += 2;
		if (*h != '"')
			return false;           /* malformed: no match */
		end = strchr(h + 1, '"');
		if (end == NULL)
			return false;
		if ((size_t)(end + 1 - h) == elen &&
		    memcmp(h, etag, elen) == 0)
			return true;
		h = end + 1;
	}
}

const struct web_file *
static_find(const char *name)
{
	for (const struct web_file *f = mk_web_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const char *
static_type(const char *name)
{
	static const struct { const char *ext, *type; } t[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json; charset=utf-8" },
		{ ".webmanifest", "application/manifest+json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < ARRAY_SIZE(t); i++)
		if (strcmp(dot, t[i].ext) == 0)
			return t[i].type;
	return "application/octet-stream";
}

/* Answer file f with the caching policy cache. */
static int
serve(struct req *r, const struct web_file *f, const char *cache)
{
	unsigned ok = static_accept(req_header(r, "Accept-Encoding"));
	const unsigned char *body = f->data;
	size_t len = f->len;
	const char *enc = NULL, *etag;

	if ((ok & STATIC_BR) && f->br) {
		body = f->br;
		len = f->br_len;
		enc = "br";
	} else if ((ok & STATIC_GZIP) && f->gz) {
		body = f->gz;
		len = f->gz_len;
		enc = "gzip";
	}
	etag = arena_printf(r->a, "\"%s%s%s\"", f->hash, enc ? "-" : "",
		enc ? (enc[0] == 'b' ? "br" : "gz") : "");
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Cache-Control", cache);
	req_add_header(r, "Vary", "Accept-Encoding");
	sb_reset(&r->out);
	if (static_etag_match(req_header(r, "If-None-Match"), etag)) {
		r->status = 304;
		r->ctype = NULL;
		return 0;
	}
	if (enc)
		req_add_header(r, "Content-Encoding", enc);
	sb_add(&r->out, (const char *)body, len);
	if (sb_err(&r->out))
		return reply_err(r, ERR_INTERNAL, "cannot copy %s", f->name);
	r->status = 200;
	r->ctype = static_type(f->name);
	return 0;
}

static int
serve_named(struct req *r, const char *name, const char *cache)
{
	const struct web_file *f = static_find(name);

	if (f == NULL)
		return reply_err(r, ERR_NOTFOUND, "no such resource");
	return serve(r, f, cache);
}

int
static_index(struct req *r)
{
	return serve_named(r, "index.html", CACHE_REVALIDATE);
}

int
static_sw(struct req *r)
{
	return serve_named(r, "sw.js", CACHE_REVALIDATE);
}

int
static_versioned(struct req *r)
{
	bool current = strcmp(r->params[0], mk_web_version) == 0;

	return serve_named(r, r->params[1], current ? CACHE_IMMUTABLE :
		CACHE_REVALIDATE);
}
