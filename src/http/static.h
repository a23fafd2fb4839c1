/* static.h: the web page (web/), compiled in and served with caching */
#ifndef MK_STATIC_H
#define MK_STATIC_H

#include "http/req.h"

/*
** One file of web/ as tools/embed_web.c writes it: the bytes, a gzip and
** a brotli copy (NULL when not smaller), and the hash of the bytes (hex;
** the strong ETag is built from it per encoding).
*/
struct web_file {
	const char *name;               /* path under web/: "core/api.js" */
	const char *hash;
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;
	size_t gz_len;
	const unsigned char *br;
	size_t br_len;
};

/* Every file, ending with a NULL name; the hash of them all. */
extern const struct web_file mk_web_files[];
extern const char mk_web_version[];

enum static_enc {
	STATIC_IDENTITY = 1 << 0,
	STATIC_GZIP = 1 << 1,
	STATIC_BR = 1 << 2,
};

/*
** The codings an Accept-Encoding header accepts, as enum static_enc bits
** (RFC 9110 12.5.3): names are case-insensitive, ";q=0" refuses one, "*"
** stands for every coding not named. NULL (no header) accepts identity
** only; identity is accepted unless refused.
*/
unsigned static_accept(const char *accept_encoding);

/*
** Does an If-None-Match header match etag (quoted, as sent in ETag)?
** "*" matches anything; the comparison is the weak one (a W/ prefix is
** ignored), as RFC 9110 13.1.2 asks for If-None-Match.
*/
bool static_etag_match(const char *if_none_match, const char *etag);

/* The file named name (relative to web/), or NULL. */
const struct web_file *static_find(const char *name);

/* The Content-Type for a file name, by its extension. */
const char *static_type(const char *name);

/* GET / (index.html), GET /sw.js, GET /s/:version/<path> */
int static_index(struct req *r);
int static_sw(struct req *r);
int static_versioned(struct req *r);

#endif
