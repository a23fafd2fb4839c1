/* test_router.c: path matching, 404 against 405, Allow */
#include "harness.h"
#include "http/router.h"
#include "core/arena.h"

static int h_dummy(struct req *r) { (void)r; return 0; }

/* this test brings its own table in place of the server's */
const struct route routes[] = {
	{ HTTP_GET, "/api/v1/me", h_dummy, 0 },
	{ HTTP_GET, "/api/v1/students/:id/diary", h_dummy, 0 },
	{ HTTP_PUT, "/api/v1/lessons/:id/marks", h_dummy, 0 },
	{ HTTP_GET, "/api/v1/lessons/:id/marks/history", h_dummy, 0 },
	{ HTTP_PATCH, "/api/v1/lessons/:id", h_dummy, 0 },
	{ HTTP_GET | HTTP_POST, "/api/v1/schools/:id/classes", h_dummy, 0 },
	{ HTTP_GET, "/", h_dummy, 0 },                          /* 6 */
	/* a literal before a param, and after one: the first wins */
	{ HTTP_GET, "/api/v1/items/new", h_dummy, 0 },          /* 7 */
	{ HTTP_GET, "/api/v1/items/:id", h_dummy, 0 },
	{ HTTP_GET, "/api/v1/things/:id", h_dummy, 0 },         /* 9 */
	{ HTTP_GET | HTTP_POST, "/api/v1/things/new", h_dummy, 0 },
	{ HTTP_GET, "/api/v1/lessons/:id/files/:file_id", h_dummy, 0 },
	{ HTTP_GET, "/s/:version/*", h_dummy, 0 },              /* 12 */
	/* a tail before a literal, and after one */
	{ HTTP_GET, "/files/*", h_dummy, 0 },                   /* 13 */
	{ HTTP_GET, "/files/a/b", h_dummy, 0 },
	{ HTTP_GET, "/docs/a/b", h_dummy, 0 },                  /* 15 */
	{ HTTP_GET, "/docs/*", h_dummy, 0 },
	{ HTTP_DELETE, "/api/v1/lessons/:id", h_dummy, 0 },     /* 17 */
};
const int nroutes = (int)ARRAY_SIZE(routes);

static int
match(const char *method_path, unsigned method, struct req *r)
{
	unsigned allow;

	r->path = method_path;
	r->method = method;
	r->nparams = 0;
	memset(r->params, 0, sizeof(r->params));
	return router_match(r, &allow);
}

TEST(literal_and_params)
{
	struct req r = { .a = arena_new() };

	CHECK_EQ_INT(match("/api/v1/me", HTTP_GET, &r), 0);
	CHECK_EQ_INT(match("/api/v1/students/42/diary", HTTP_GET, &r), 1);
	CHECK_EQ_INT(r.nparams, 1);
	CHECK_EQ_STR(r.params[0], "42");
	CHECK_EQ_INT(match("/api/v1/lessons/7/marks/history", HTTP_GET, &r),
		3);
	CHECK_EQ_STR(r.params[0], "7");
	CHECK_EQ_INT(match("/api/v1/lessons/7", HTTP_PATCH, &r), 4);
	arena_free(r.a);
}

TEST(no_partial_matches)
{
	struct req r = { .a = arena_new() };

	CHECK_EQ_INT(match("/api/v1/mex", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/me/", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/students//diary", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/students/1/diary/x", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("", HTTP_GET, &r), -1);
	arena_free(r.a);
}

TEST(wrong_method_is_405_with_allow)
{
	struct req r = { .a = arena_new() };
	unsigned allow;

	r.path = "/api/v1/lessons/9/marks";
	r.method = HTTP_DELETE;
	CHECK_EQ_INT(router_match(&r, &allow), -2);
	CHECK_EQ_STR(router_allow_header(&r, allow), "PUT");
	r.path = "/api/v1/schools/1/classes";
	CHECK_EQ_INT(router_match(&r, &allow), -2);
	CHECK_EQ_STR(router_allow_header(&r, allow), "GET, POST, HEAD");
	arena_free(r.a);
}

/* Where a literal and a param both match, the table's order decides. */
TEST(table_order_wins)
{
	struct req r = { .a = arena_new() };

	CHECK_EQ_INT(match("/api/v1/items/new", HTTP_GET, &r), 7);
	CHECK_EQ_INT(r.nparams, 0);
	CHECK_EQ_INT(match("/api/v1/items/5", HTTP_GET, &r), 8);
	CHECK_EQ_STR(r.params[0], "5");
	CHECK_EQ_INT(match("/api/v1/things/new", HTTP_GET, &r), 9);
	CHECK_EQ_INT(r.nparams, 1);
	CHECK_EQ_STR(r.params[0], "new");
	/* the first that allows the method, not the first that matches */
	CHECK_EQ_INT(match("/api/v1/things/new", HTTP_POST, &r), 10);
	CHECK_EQ_INT(r.nparams, 0);
	CHECK_EQ_INT(match("/files/a/b", HTTP_GET, &r), 13);
	CHECK_EQ_STR(r.params[0], "a/b");
	CHECK_EQ_INT(match("/docs/a/b", HTTP_GET, &r), 15);
	CHECK_EQ_INT(r.nparams, 0);
	CHECK_EQ_INT(match("/docs/a/c", HTTP_GET, &r), 16);
	CHECK_EQ_STR(r.params[0], "a/c");
	arena_free(r.a);
}

TEST(params_captured)
{
	struct req r = { .a = arena_new() };

	CHECK_EQ_INT(match("/api/v1/lessons/12/files/345", HTTP_GET, &r), 11);
	CHECK_EQ_INT(r.nparams, 2);
	CHECK_EQ_STR(r.params[0], "12");
	CHECK_EQ_STR(r.params[1], "345");
	/* a param is one segment, anything but empty and '/' */
	CHECK_EQ_INT(match("/api/v1/lessons/a%20b:c*/files/..", HTTP_GET, &r),
		11);
	CHECK_EQ_STR(r.params[0], "a%20b:c*");
	CHECK_EQ_STR(r.params[1], "..");
	CHECK_EQ_INT(match("/api/v1/lessons//files/345", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/lessons/12/files/", HTTP_GET, &r), -1);
	arena_free(r.a);
}

/* "*" takes the rest as sent: one segment or more, never nothing. */
TEST(tail)
{
	struct req r = { .a = arena_new() };
	char deep[512];
	size_t len = 0;

	CHECK_EQ_INT(match("/s/v1/a/b/c", HTTP_GET, &r), 12);
	CHECK_EQ_INT(r.nparams, 2);
	CHECK_EQ_STR(r.params[0], "v1");
	CHECK_EQ_STR(r.params[1], "a/b/c");
	CHECK_EQ_INT(match("/s/v1/a", HTTP_GET, &r), 12);
	CHECK_EQ_STR(r.params[1], "a");
	CHECK_EQ_INT(match("/s/v1/a/", HTTP_GET, &r), 12);
	CHECK_EQ_STR(r.params[1], "a/");
	CHECK_EQ_INT(match("/s/v1//", HTTP_GET, &r), 12);
	CHECK_EQ_STR(r.params[1], "/");
	CHECK_EQ_INT(match("/s/v1/", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/s/v1", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/s//a", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/s/v1/a", HTTP_POST, &r), -2);
	/* deeper than any pattern: only a tail can take it */
	len += (size_t)snprintf(deep, sizeof(deep), "/s/v2");
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(deep + len, sizeof(deep) - len, "/%d",
			i);
	CHECK_EQ_INT(match(deep, HTTP_GET, &r), 12);
	CHECK_EQ_STR(r.params[0], "v2");
	CHECK(r.params[1] != NULL && strncmp(r.params[1], "0/1/2/", 6) == 0 &&
		strlen(r.params[1]) == len - 6);
	CHECK_EQ_INT(match(deep + 2, HTTP_GET, &r), -1);
	arena_free(r.a);
}

TEST(slashes_and_odd_paths)
{
	struct req r = { .a = arena_new() };
	char many[1200];

	CHECK_EQ_INT(match("/", HTTP_GET, &r), 6);
	CHECK_EQ_INT(match("//", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("//api/v1/me", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api//v1/me", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/me//", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/students/42/diary/", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("api/v1/me", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/API/v1/me", HTTP_GET, &r), -1);
	CHECK_EQ_INT(match("/api/v1/m", HTTP_GET, &r), -1);
	memset(many, '/', sizeof(many) - 1);
	many[sizeof(many) - 1] = '\0';
	CHECK_EQ_INT(match(many, HTTP_GET, &r), -1);
	arena_free(r.a);
}

/* Allow is the union of every pattern that matches the path. */
TEST(allow_is_a_union)
{
	struct req r = { .a = arena_new() };
	unsigned allow;

	r.path = "/api/v1/lessons/7";
	r.method = HTTP_GET;
	r.nparams = 0;
	CHECK_EQ_INT(router_match(&r, &allow), -2);
	CHECK_EQ_INT(allow, HTTP_PATCH | HTTP_DELETE);
	CHECK_EQ_STR(router_allow_header(&r, allow), "PATCH, DELETE");
	CHECK_EQ_INT(r.nparams, 0);     /* params only for a chosen route */
	r.method = HTTP_DELETE;
	CHECK_EQ_INT(router_match(&r, &allow), 17);
	CHECK_EQ_INT(allow, HTTP_PATCH | HTTP_DELETE);
	r.path = "/api/v1/things/new";
	r.method = HTTP_PUT;
	CHECK_EQ_INT(router_match(&r, &allow), -2);
	CHECK_EQ_STR(router_allow_header(&r, allow), "GET, POST, HEAD");
	r.path = "/api/v1/nothing";
	CHECK_EQ_INT(router_match(&r, &allow), -1);
	CHECK_EQ_INT(allow, 0);
	arena_free(r.a);
}

/* upload_begin() and dispatch() share one match (router_match_once). */
TEST(match_once)
{
	struct req r = { .a = arena_new() };
	unsigned allow = 0;

	r.path = "/api/v1/lessons/9/marks";
	r.method = HTTP_DELETE;
	CHECK_EQ_INT(router_match_once(&r, &allow), -2);
	CHECK_EQ_INT(allow, HTTP_PUT);
	r.path = "/api/v1/me";  /* not looked at again */
	allow = 0;
	CHECK_EQ_INT(router_match_once(&r, &allow), -2);
	CHECK_EQ_INT(allow, HTTP_PUT);
	arena_free(r.a);
}

HARNESS_MAIN(literal_and_params, no_partial_matches,
	wrong_method_is_405_with_allow, table_order_wins, params_captured,
	tail, slashes_and_odd_paths, allow_is_a_union, match_once)
