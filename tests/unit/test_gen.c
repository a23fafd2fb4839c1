/* test_gen.c: `mektep gen`: the country's shape, checked by SQL */
#include "harness.h"
#include "demo/country.h"
#include "journal/audit.h"
#include "rules/dates.h"
#include "tmpdb.h"

/* country.c itself, for place_schools() and kind_mean() (h2o's way) */
#include "../../src/demo/country.c"

/* The quarter of these tests: the 1st of 2026-2027, filled to its end. */
#define TODAY "2026-10-23"
#define PUPILS 5000

static struct tmpdb fix = { .path = "" };
static int fix_state;                   /* 0 not yet, 1 made, -1 failed */

static void
fixture_close(void)
{
	tmpdb_close(&fix);
}

/* A country of about PUPILS pupils, seed 7, made once. */
static struct db *
fixture(void)
{
	struct country_opts o = { .pupils = PUPILS, .seed = 7 };
	struct err e = { 0 };

	if (fix_state == 0) {
		fix_state = -1;
		atexit(fixture_close);
		if (date_parse(TODAY, &o.today) == 0 &&
		    tmpdb_open(&fix) == 0) {
			if (country_generate(fix.db, &o, &e) == 0)
				fix_state = 1;
			else
				fprintf(stderr, "  country_generate: %s\n",
					e.msg);
		}
	}
	return fix_state == 1 ? fix.db : NULL;
}

/* The whole country: about 7,000 schools, 3 in 7 small, in any prefix. */
TEST(plan_national_mix)
{
	int *kinds, n = country_plan(COUNTRY_PUPILS, &kinds);
	int small = 0, small70 = 0, big = 0;

	CHECK(n > 6500 && n < 7500);
	CHECK_EQ_INT(kinds[0], KIND_CITY);
	for (int i = 0; i < n; i++) {
		small += strcmp(country_kinds[kinds[i]].name, "small") == 0;
		big += kind_mean(&country_kinds[kinds[i]]) >= 1000;
		if (i == 69)
			small70 = small;
	}
	CHECK(1000 * small / n > 410 && 1000 * small / n < 450);
	CHECK(small70 >= 27 && small70 <= 33);
	CHECK(big > n / 5);
	free(kinds);
}

/* 20 regions at most, ~350 schools each; every rural district ~30. */
TEST(plan_regions)
{
	struct country c = { 0 };
	int per[REGIONS_MAX + 1] = { 0 }, *rural;

	c.nschools = country_plan(COUNTRY_PUPILS, &c.kinds);
	place_schools(&c);
	CHECK_EQ_INT(c.nregions, REGIONS_MAX);
	CHECK(c.ndistricts > 150 && c.ndistricts < 400);
	rural = xcalloc((size_t)c.ndistricts, sizeof(*rural));
	for (int i = 0; i < c.nschools; i++) {
		int d = c.district[i], r = 0;

		while (c.rfirst[r + 1] <= d)
			r++;
		per[r]++;
		CHECK_EQ_INT(r, i % c.nregions);
		/* a city's first district is the city: urban schools only */
		CHECK_EQ_INT(d == c.rfirst[r], country_kinds[c.kinds[i]].urban);
		rural[d]++;
	}
	for (int r = 0; r < c.nregions; r++)
		CHECK(per[r] >= 300 && per[r] <= 400);
	for (int d = 0; d < c.ndistricts; d++)
		CHECK(rural[d] > 0);
	free(rural);
	free(c.kinds);
	free(c.district);
	free(c.districts);
}

static struct query q_small_classes = QUERY(
	"SELECT count(*) FROM classes c JOIN schools s ON s.id = c.school_id "
	"WHERE s.kind = 'small' AND ((SELECT count(*) FROM pupils p "
	"WHERE p.class_id = c.id) NOT BETWEEN 3 AND 12 OR c.grade > 9 OR "
	"(SELECT count(*) FROM classes x WHERE x.school_id = c.school_id "
	"AND x.grade = c.grade) <> 1)");
static struct query q_small_schools = QUERY(
	"SELECT count(*) FROM schools WHERE kind = 'small'");
static struct query q_class_sizes = QUERY(
	"SELECT count(*) FROM classes c WHERE (SELECT count(*) FROM pupils p "
	"WHERE p.class_id = c.id) NOT BETWEEN 3 AND 32");
static struct query q_split = QUERY(
	"SELECT count(*) FROM classes c WHERE ((SELECT count(*) FROM pupils p "
	"WHERE p.class_id = c.id) >= 24) <> EXISTS (SELECT 1 FROM subgroups g "
	"WHERE g.class_id = c.id)");
static struct query q_biggest = QUERY(
	"SELECT max(n) FROM (SELECT count(*) AS n FROM pupils p JOIN classes "
	"c ON c.id = p.class_id GROUP BY c.school_id) AS x");
static struct query q_pupils = QUERY("SELECT count(*) FROM pupils");

TEST(school_sizes)
{
	struct db *db = fixture();
	int64_t pupils;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	pupils = num(db, &q_pupils, NULL, NULL);
	CHECK(pupils > PUPILS * 8 / 10 && pupils < PUPILS * 13 / 10);
	CHECK(num(db, &q_small_schools, NULL, NULL) >= 2);
	CHECK_EQ_INT(num(db, &q_small_classes, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_class_sizes, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_split, NULL, NULL), 0);
	CHECK(num(db, &q_biggest, NULL, NULL) >= 800);
}

/* by birth dates: julianday() is SQLite's, like this test's store */
static struct query q_young_parents = QUERY(
	"SELECT count(*) FROM parent_links l JOIN people p ON "
	"p.id = l.parent_id JOIN people c ON c.id = l.pupil_id WHERE "
	"julianday(c.birth_date) - julianday(p.birth_date) < 18 * 365.25");
static struct query q_twins_in_class = QUERY(
	"SELECT count(*) FROM parent_links a JOIN parent_links b ON "
	"b.parent_id = a.parent_id AND b.pupil_id > a.pupil_id "
	"JOIN pupils x ON x.person_id = a.pupil_id "
	"JOIN pupils y ON y.person_id = b.pupil_id "
	"JOIN classes cx ON cx.id = x.class_id "
	"JOIN classes cy ON cy.id = y.class_id WHERE cx.grade = cy.grade");
static struct query q_families = QUERY(
	"SELECT count(*) FROM (SELECT parent_id FROM parent_links "
	"GROUP BY parent_id HAVING count(*) >= CAST(?1 AS INTEGER)) AS x");
static struct query q_orphans = QUERY(
	"SELECT count(*) FROM pupils p WHERE NOT EXISTS (SELECT 1 FROM "
	"parent_links l WHERE l.pupil_id = p.person_id)");

TEST(families)
{
	struct db *db = fixture();
	int64_t parents, several;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(num(db, &q_young_parents, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_twins_in_class, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_orphans, NULL, NULL), 0);
	parents = num(db, &q_families, "1", NULL);
	several = num(db, &q_families, "2", NULL);
	/* about one parent in five has two or three children at school */
	CHECK(parents > 0 && 100 * several / parents >= 10 &&
		100 * several / parents <= 35);
}

static struct query q_lesson_range = QUERY(
	"SELECT count(*) FROM lessons WHERE date < ?1 OR date > ?2");
static struct query q_lessons = QUERY("SELECT count(*) FROM lessons");
static struct query q_days = QUERY(
	"SELECT count(DISTINCT date) FROM lessons WHERE date <= ?1");
static struct query q_formative = QUERY(
	"SELECT count(*) FROM marks WHERE kind = 'formative'");
static struct query q_marked_pupils = QUERY(
	"SELECT count(*) FROM pupils p JOIN classes c ON c.id = p.class_id "
	"WHERE c.grade >= 2");
static struct query q_seats = QUERY(
	"SELECT sum(CASE WHEN co.subgroup_id IS NULL THEN (SELECT count(*) "
	"FROM pupils p WHERE p.class_id = l.class_id) ELSE (SELECT count(*) "
	"FROM subgroup_members sm WHERE sm.subgroup_id = co.subgroup_id) END) "
	"FROM lessons l JOIN courses co ON co.id = l.course_id "
	"WHERE l.date <= ?1");
static struct query q_attendance = QUERY("SELECT count(*) FROM attendance");
static struct query q_soch = QUERY(
	"SELECT count(*) FROM marks WHERE kind = 'soch'");

/*
** One quarter of lessons, filled to today at MISSION.md's rate: 700,000
** formative marks a day for 3.4 million pupils (0.21 a pupil), absences
** and lateness 2-10 % of pupil-lessons, and a СОЧ per subject.
*/
TEST(journal_rates)
{
	struct db *db = fixture();
	int64_t days, marks, pupils, seats, rows;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK(num(db, &q_lessons, NULL, NULL) > 1000);
	/* the 1st quarter of 2026-2027 */
	CHECK_EQ_INT(num(db, &q_lesson_range, "2026-09-01", "2026-10-25"), 0);
	days = num(db, &q_days, TODAY, NULL);
	CHECK(days >= 35 && days <= 50);
	marks = num(db, &q_formative, NULL, NULL);
	pupils = num(db, &q_marked_pupils, NULL, NULL);
	CHECK(days > 0 && pupils > 0);
	if (days > 0 && pupils > 0) {
		int64_t per_1000 = 1000 * marks / days / pupils;

		CHECK(per_1000 >= 150 && per_1000 <= 270);
	}
	seats = num(db, &q_seats, TODAY, NULL);
	rows = num(db, &q_attendance, NULL, NULL);
	CHECK(seats > 0 && 1000 * rows / seats >= 20 &&
		1000 * rows / seats <= 100);
	CHECK(num(db, &q_soch, NULL, NULL) > pupils);
}

static struct query q_logins = QUERY(
	"SELECT count(*) FROM people WHERE login IN ('admin', 'region', "
	"'district', 'director', 'teacher', 'parent', 'pupil')");
static struct query q_no_login = QUERY(
	"SELECT count(*) FROM people WHERE login IS NULL OR pw_hash IS NULL");
static struct query q_demo = QUERY(
	"SELECT count(*) FROM meta WHERE key = 'demo' AND value = '1'");

/* The audit chain verifies; the demo's logins; WAL again after the load. */
TEST(chain_and_logins)
{
	struct db *db = fixture();
	struct err e = { 0 };
	int64_t checked = 0;

	if (db == NULL) {
		CHECK(!"generated");
		return;
	}
	CHECK_EQ_INT(audit_verify(db, &checked, &e), 0);
	db_release(db);
	CHECK(checked > 10000);
	CHECK_EQ_INT(num(db, &q_logins, NULL, NULL), 7);
	CHECK_EQ_INT(num(db, &q_no_login, NULL, NULL), 0);
	CHECK_EQ_INT(num(db, &q_demo, NULL, NULL), 1);
}

TEST(bad_options)
{
	struct tmpdb t = { .path = "" };
	struct country_opts o = { .pupils = 999, .seed = 1 };
	struct err e = { 0 };

	if (tmpdb_open(&t) != 0) {
		CHECK(!"opened");
		return;
	}
	CHECK_EQ_INT(country_generate(t.db, &o, &e), ERR_INVAL);
	CHECK(strstr(e.msg, "'pupils'") != NULL);
	tmpdb_close(&t);
}

HARNESS_MAIN(plan_national_mix, plan_regions, school_sizes, families,
	journal_rates, chain_and_logins, bad_options)
