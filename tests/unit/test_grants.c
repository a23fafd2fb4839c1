/* test_grants.c: which statements raise the auth revision, and grants
** kept in memory only while it holds */
#include "harness.h"
#include "auth/grants_cache.h"
#include "db/db_impl.h"

TEST(statements_that_change_grants)
{
	CHECK(grants_rev_written("INSERT INTO roles (person_id) VALUES (1)"));
	CHECK(grants_rev_written("  insert into pupils (person_id) ..."));
	CHECK(grants_rev_written("INSERT OR IGNORE INTO parent_links ..."));
	CHECK(grants_rev_written("UPDATE classes SET class_teacher_id = 1"));
	CHECK(grants_rev_written("UPDATE schools SET district_id = ?2"));
	CHECK(grants_rev_written("DELETE FROM roles WHERE person_id = ?1"));
	/* deleting people or years cascades into roles, pupils, classes */
	CHECK(grants_rev_written("DELETE FROM people WHERE id = ?1"));
	CHECK(grants_rev_written("DELETE FROM school_years WHERE id = 1"));
	CHECK(grants_rev_written("\n\tINSERT\nINTO\tregions (name) ..."));
}

TEST(statements_that_do_not)
{
	CHECK(!grants_rev_written("SELECT * FROM roles"));
	CHECK(!grants_rev_written("INSERT INTO marks (pupil_id) ..."));
	CHECK(!grants_rev_written("UPDATE people SET full_name = ?2"));
	CHECK(!grants_rev_written("INSERT INTO people (full_name) ..."));
	/* a name that only begins like a grant table's */
	CHECK(!grants_rev_written("INSERT INTO roles_log (x) VALUES (1)"));
	CHECK(!grants_rev_written("UPDATE classes_seen SET n = 1"));
	CHECK(!grants_rev_written("DELETE FROM sessions WHERE id = 1"));
	CHECK(!grants_rev_written("UPDATE auth_revision SET n = n + 1"));
	CHECK(!grants_rev_written("INSERTINTO roles"));
	CHECK(!grants_rev_written(""));
}

static void
some_grants(struct auth *a, int n, int64_t school)
{
	memset(a, 0, sizeof(*a));
	a->ngrants = n;
	for (int i = 0; i < n; i++) {
		a->grants[i].role = ROLE_PARENT;
		a->grants[i].school_id = school;
		a->grants[i].pupil_id = 100 + i;
	}
}

TEST(kept_while_the_revision_holds)
{
	struct auth a, got;

	grants_cache_clear();
	some_grants(&a, 2, 7);
	memset(&got, 0, sizeof(got));
	CHECK(!grants_cache_get(42, 5, &got));
	grants_cache_put(42, 5, &a);
	CHECK(grants_cache_get(42, 5, &got));
	CHECK_EQ_INT(got.ngrants, 2);
	CHECK_EQ_INT(got.grants[1].pupil_id, 101);
	CHECK_EQ_INT(got.grants[1].school_id, 7);
	/* a raised revision: read again */
	CHECK(!grants_cache_get(42, 6, &got));
	/* another person */
	CHECK(!grants_cache_get(43, 5, &got));
}

TEST(an_older_revision_never_replaces_a_newer)
{
	struct auth a, old, got;

	grants_cache_clear();
	some_grants(&a, 1, 7);
	some_grants(&old, 3, 9);
	grants_cache_put(42, 6, &a);
	grants_cache_put(42, 5, &old);  /* a slower request's older read */
	CHECK(grants_cache_get(42, 6, &got));
	CHECK_EQ_INT(got.ngrants, 1);
	CHECK_EQ_INT(got.grants[0].school_id, 7);
	CHECK(!grants_cache_get(42, 5, &got));
}

TEST(many_grants_are_read_every_time)
{
	struct auth a, got;

	grants_cache_clear();
	some_grants(&a, AUTH_MAX_GRANTS, 7);
	grants_cache_put(42, 5, &a);
	CHECK(!grants_cache_get(42, 5, &got));
	some_grants(&a, 0, 7);          /* no grants at all is kept too */
	grants_cache_put(44, 5, &a);
	CHECK(grants_cache_get(44, 5, &got));
	CHECK_EQ_INT(got.ngrants, 0);
}

/* 33,000 callers (the day's benchmark gives sessions to 33,600) in
** 65,536 slots: with one slot a person, about a fifth of them pushed
** each other out; in sets of 8 slots, 1 % (core/ways.h) */
TEST(thousands_of_callers_are_all_kept)
{
	struct auth a, got;
	int kept = 0;

	grants_cache_clear();
	for (int64_t p = 1; p <= 33000; p++) {
		some_grants(&a, 1, p);
		grants_cache_put(p * 7919, 5, &a);
	}
	for (int64_t p = 1; p <= 33000; p++)
		if (grants_cache_get(p * 7919, 5, &got) &&
		    got.grants[0].school_id == p)
			kept++;
	CHECK(kept >= 33000 * 98 / 100);       /* 99.0 % today */
}

HARNESS_MAIN(statements_that_change_grants, statements_that_do_not,
	kept_while_the_revision_holds, an_older_revision_never_replaces_a_newer,
	many_grants_are_read_every_time, thousands_of_callers_are_all_kept)
