/* test_core.c: arena, string builder, error records */
#include "harness.h"
#include "core/arena.h"
#include "core/sb.h"
#include "core/err.h"

static int deferred;

static void
count_defer(void *p)
{
	deferred += *(int *)p;
}

TEST(arena_alignment_and_large_pieces)
{
	struct arena *a = arena_new();
	char *big;

	for (int i = 1; i < 200; i++) {
		void *p = arena_alloc(a, (size_t)i);

		CHECK(((uintptr_t)p & 15) == 0);
		memset(p, 0xab, (size_t)i);
	}
	big = arena_alloc(a, 1u << 20);         /* its own block */
	memset(big, 1, 1u << 20);
	CHECK_EQ_STR(arena_printf(a, "%s-%d", "ә", 42), "ә-42");
	CHECK_EQ_STR(arena_strndup(a, "abcdef", 3), "abc");
	arena_free(a);
}

TEST(arena_runs_defers_last_first)
{
	struct arena *a = arena_new();
	static int one = 1, ten = 10;

	deferred = 0;
	arena_defer(a, count_defer, &one);
	arena_defer(a, count_defer, &ten);
	CHECK_EQ_INT(deferred, 0);
	arena_free(a);
	CHECK_EQ_INT(deferred, 11);
}

TEST(sb_grows_and_formats)
{
	struct sb s;

	sb_init(&s, NULL, 1u << 20);
	CHECK_EQ_STR(s.buf, "");
	for (int i = 0; i < 1000; i++)
		sb_addf(&s, "%d,", i);
	CHECK(s.len > 2000);
	CHECK(sb_err(&s) == 0);
	sb_reset(&s);
	sb_add_i64(&s, INT64_MIN);
	CHECK_EQ_STR(s.buf, "-9223372036854775808");
	sb_release(&s);
}

TEST(sb_with_arena_is_released_by_it)
{
	struct arena *a = arena_new();
	struct sb *s = arena_alloc(a, sizeof(*s));

	sb_init(s, a, 64);
	sb_adds(s, "released with the arena, no leak");
	CHECK(sb_err(s) == 0);
	sb_adds(s, "and this is past the cap of sixty-four bytes.......");
	CHECK(sb_err(s) == ERR_TOOBIG);
	arena_free(a);
}

TEST(err_records)
{
	struct err e;

	CHECK_EQ_INT(err_set(&e, ERR_INVAL, "mark '%s' out of range", "11"),
		ERR_INVAL);
	CHECK_EQ_STR(e.msg, "mark '11' out of range");
	CHECK_EQ_STR(e.field, "");
	CHECK_EQ_INT(err_field(&e, ERR_NOTFOUND, "marks[2].student_id", "x"),
		ERR_NOTFOUND);
	CHECK_EQ_STR(e.field, "marks[2].student_id");
	CHECK_EQ_STR(err_code_name(ERR_RATE), "too_many_requests");
	CHECK_EQ_INT(err_set(NULL, ERR_DB, "no record"), ERR_DB);
}

HARNESS_MAIN(arena_alignment_and_large_pieces, arena_runs_defers_last_first,
	sb_grows_and_formats, sb_with_arena_is_released_by_it, err_records)
