/* test_static.c: Accept-Encoding, If-None-Match, the embedded web files */
#include "harness.h"
#include "http/static.h"
#include "http/router.h"

#define ID STATIC_IDENTITY
#define GZ STATIC_GZIP
#define BR STATIC_BR

TEST(accept_encoding)
{
	CHECK_EQ_INT(static_accept(NULL), ID);
	CHECK_EQ_INT(static_accept(""), ID);
	CHECK_EQ_INT(static_accept("gzip"), ID | GZ);
	CHECK_EQ_INT(static_accept("gzip, deflate, br"), ID | GZ | BR);
	CHECK_EQ_INT(static_accept("GZIP , BR"), ID | GZ | BR);
	CHECK_EQ_INT(static_accept("x-gzip"), ID | GZ);
	CHECK_EQ_INT(static_accept("br;q=1.0, gzip;q=0.8, *;q=0.1"),
		ID | GZ | BR);
	/* q=0 refuses, in its spellings; q=0.5 does not */
	CHECK_EQ_INT(static_accept("gzip;q=0, br"), ID | BR);
	CHECK_EQ_INT(static_accept("gzip; q=0.000, br ;q=0."), ID);
	CHECK_EQ_INT(static_accept("gzip;q=0.5"), ID | GZ);
	CHECK_EQ_INT(static_accept("gzip;q=0.01"), ID | GZ);
	/* "*" covers what is not named; identity can be refused */
	CHECK_EQ_INT(static_accept("*"), ID | GZ | BR);
	CHECK_EQ_INT(static_accept("br;q=0, *"), ID | GZ);
	CHECK_EQ_INT(static_accept("gzip, identity;q=0"), GZ);
	CHECK_EQ_INT(static_accept("gzip, *;q=0"), GZ);
	CHECK_EQ_INT(static_accept("gzip, identity, *;q=0"), ID | GZ);
	/* unknown codings and stray punctuation change nothing */
	CHECK_EQ_INT(static_accept("zstd, deflate"), ID);
	CHECK_EQ_INT(static_accept(",,gzip,,"), ID | GZ);
	CHECK_EQ_INT(static_accept("gzip;level=9;q=0"), ID);
	CHECK_EQ_INT(static_accept("gzipx, brr"), ID);
}

TEST(if_none_match)
{
	CHECK(static_etag_match("\"abc\"", "\"abc\""));
	CHECK(static_etag_match("W/\"abc\"", "\"abc\""));
	CHECK(static_etag_match("\"x\", \"abc\"", "\"abc\""));
	CHECK(static_etag_match("\"x\",W/\"abc\" ", "\"abc\""));
	CHECK(static_etag_match("*", "\"abc\""));
	CHECK(!static_etag_match(NULL, "\"abc\""));
	CHECK(!static_etag_match("", "\"abc\""));
	CHECK(!static_etag_match("\"abc-gz\"", "\"abc\""));
	CHECK(!static_etag_match("\"ab\"", "\"abc\""));
	CHECK(!static_etag_match("abc", "\"abc\""));
	CHECK(!static_etag_match("\"abc", "\"abc\""));
	CHECK(!static_etag_match("\"x\", garbage \"abc\"", "\"abc\""));
}

TEST(types)
{
	CHECK_EQ_STR(static_type("index.html"), "text/html; charset=utf-8");
	CHECK_EQ_STR(static_type("core/api.js"),
		"text/javascript; charset=utf-8");
	CHECK_EQ_STR(static_type("css/base.css"), "text/css; charset=utf-8");
	CHECK_EQ_STR(static_type("i18n/kk.json"),
		"application/json; charset=utf-8");
	CHECK_EQ_STR(static_type("README"), "application/octet-stream");
}

/* The build embedded web/: the entry points, versioned, compressed. */
TEST(embedded)
{
	const struct web_file *index = static_find("index.html");
	const struct web_file *app = static_find("app.js");
	char want[64];

	CHECK(index != NULL && app != NULL && static_find("sw.js") != NULL);
	CHECK(static_find("nope.js") == NULL);
	CHECK(static_find("../web/app.js") == NULL);
	CHECK_EQ_INT(strlen(mk_web_version), 12);
	if (index == NULL || app == NULL)
		return;
	snprintf(want, sizeof(want), "/s/%s/app.js", mk_web_version);
	CHECK(strstr((const char *)index->data, want) != NULL);
	CHECK(strstr((const char *)index->data, "@VERSION@") == NULL);
	CHECK(app->gz != NULL && app->gz_len < app->len);
	CHECK(app->br != NULL && app->br_len < app->len);
	CHECK(app->gz[0] == 0x1f && app->gz[1] == 0x8b);
	CHECK_EQ_INT(strlen(app->hash), 16);
}

/* The route table sends the versioned paths, any depth, to one handler. */
TEST(route_table)
{
	struct req r = { .a = arena_new() };
	unsigned allow;
	int i;

	r.method = HTTP_GET;
	r.path = "/s/0123456789ab/core/api.js";
	i = router_match(&r, &allow);
	CHECK(i >= 0 && routes[i].fn == static_versioned);
	CHECK_EQ_INT(r.nparams, 2);
	CHECK_EQ_STR(r.params[0], "0123456789ab");
	CHECK_EQ_STR(r.params[1], "core/api.js");
	r.path = "/s/0123456789ab/";
	CHECK_EQ_INT(router_match(&r, &allow), -1);
	r.path = "/s/0123456789ab";
	CHECK_EQ_INT(router_match(&r, &allow), -1);
	r.path = "/";
	i = router_match(&r, &allow);
	CHECK(i >= 0 && routes[i].fn == static_index);
	r.method = HTTP_POST;
	CHECK_EQ_INT(router_match(&r, &allow), -2);
	arena_free(r.a);
}

HARNESS_MAIN(accept_encoding, if_none_match, types, embedded, route_table)
