/* test_pg_sql.c: ?N placeholders become $N, quoted text stays as it is */
#include "harness.h"
#include "db/db_impl.h"

static int
rewrite(const char *in, char *out)
{
	return pg_rewrite_params(in, out);
}

TEST(placeholders_become_dollar_numbers)
{
	char out[256];

	CHECK_EQ_INT(rewrite("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?12)",
		out), 12);
	CHECK_EQ_STR(out, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $12)");
	CHECK_EQ_INT(rewrite("SELECT 1", out), 0);
	CHECK_EQ_STR(out, "SELECT 1");
	CHECK_EQ_INT(rewrite("?3", out), 3);
	CHECK_EQ_STR(out, "$3");
}

TEST(literals_identifiers_and_comments_untouched)
{
	char out[256];

	CHECK_EQ_INT(rewrite("SELECT '?1', 'it''s ?2', \"odd?3\"\"x\", ?4",
		out), 4);
	CHECK_EQ_STR(out, "SELECT '?1', 'it''s ?2', \"odd?3\"\"x\", $4");
	CHECK_EQ_INT(rewrite("SELECT ?1 -- why ?2\n, /* ?3 */ ?2", out), 2);
	CHECK_EQ_STR(out, "SELECT $1 -- why ?2\n, /* ?3 */ $2");
	/* an unterminated literal is copied, not overrun */
	CHECK_EQ_INT(rewrite("SELECT 'open ?1", out), 0);
	CHECK_EQ_STR(out, "SELECT 'open ?1");
}

TEST(other_placeholders_refused)
{
	char out[256];

	CHECK_EQ_INT(rewrite("SELECT ?", out), -1);
	CHECK_EQ_INT(rewrite("SELECT ?0", out), -1);
	CHECK_EQ_INT(rewrite("SELECT ?a", out), -1);
	CHECK_EQ_INT(rewrite("SELECT ?99999999999", out), -1);
}

HARNESS_MAIN(placeholders_become_dollar_numbers,
	literals_identifiers_and_comments_untouched, other_placeholders_refused)
