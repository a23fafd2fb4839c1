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
};
const int nroutes = (int)ARRAY_SIZE(routes);

static int
match(const char *method_path, unsigned method, struct req *r)
{
	unsigned allow;

	r->path = method_path;
	r->method = method;
	r->nparams = 0;
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
	CHECK_EQ_INT(match("/", HTTP_GET, &r), -1);
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

HARNESS_MAIN(literal_and_params, no_partial_matches,
	wrong_method_is_405_with_allow)
