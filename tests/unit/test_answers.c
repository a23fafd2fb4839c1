/* test_answers.c: answers kept in memory (cache/answers.c): thousands of
** different answers are all kept while the memory allows, the newest of a
** key wins, and a moved revision is never answered from memory. */
#include "harness.h"
#include "tmpdb.h"
#include "cache/answers.h"
#include "core/arena.h"
#include "http/req.h"

static struct tmpdb t;
static const struct place place = { .region_id = 1, .district_id = 2,
	.school_id = 3, .class_id = 4 };

static struct query q_raise = QUERY(
	"INSERT INTO revisions (scope, id, rev) VALUES (4, 4, 1) "
	"ON CONFLICT (scope, id) DO UPDATE SET rev = revisions.rev + 1");

/* One request for key: 1 when answered from memory with body, 0 when it
** had to be built (it is then built as body and kept), -1 on an error. */
static int
ask(const char *key, const char *body)
{
	struct req r = { .a = arena_new(), .db = t.db };
	struct kept k;
	int rc;

	sb_init(&r.out, r.a, 1u << 20);
	rc = answer_kept(&r, &k, key, &place);
	if (rc == 1)
		rc = r.out.len == strlen(body) &&
			memcmp(r.out.buf, body, r.out.len) == 0 ? 1 : -1;
	else if (k.valid)
		sb_adds(&r.out, body), answer_keep(&r, &k);
	else
		rc = -1;
	db_release(t.db);
	sb_release(&r.out);
	arena_free(r.a);
	return rc;
}

#define MANY 3000

TEST(thousands_of_answers_are_all_kept)
{
	char key[32], body[32];
	int hits = 0;

	answers_init(64u << 20);
	for (int i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "diary/%d", i);
		snprintf(body, sizeof(body), "{\"pupil\":%d}", i);
		CHECK_EQ_INT(ask(key, body), 0);
	}
	for (int i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "diary/%d", i);
		snprintf(body, sizeof(body), "{\"pupil\":%d}", i);
		hits += ask(key, body) == 1;
	}
	/* one slot a key kept 84 % of them: keys whose hashes met pushed
	** each other out */
	CHECK(hits >= MANY * 99 / 100);
	answers_clear();
	CHECK_EQ_INT(ask("diary/1", "{\"pupil\":1}"), 0);
}

TEST(a_moved_revision_is_built_again)
{
	struct err e = { 0 };

	answers_init(64u << 20);
	CHECK_EQ_INT(ask("report/7", "old"), 0);
	CHECK_EQ_INT(ask("report/7", "old"), 1);
	CHECK_EQ_INT(db_exec(db_prep(t.db, &q_raise, &e), &e), DB_DONE);
	db_release(t.db);
	CHECK_EQ_INT(ask("report/7", "new"), 0);
	CHECK_EQ_INT(ask("report/7", "new"), 1);
	answers_clear();
}

TEST(nothing_is_kept_beyond_the_memory)
{
	answers_init(0);
	CHECK_EQ_INT(ask("diary/x", "a"), 0);
	CHECK_EQ_INT(ask("diary/x", "a"), 0);
	answers_init(64u << 20);
}

TEST(setup)
{
	CHECK(tmpdb_open(&t) == 0);
}

TEST(teardown)
{
	tmpdb_close(&t);
}

HARNESS_MAIN(setup, thousands_of_answers_are_all_kept,
	a_moved_revision_is_built_again, nothing_is_kept_beyond_the_memory,
	teardown)
