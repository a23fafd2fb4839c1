/* test_demo.c: `mektep demo` into a temporary SQLite file, checked by SQL */
#include "harness.h"
#include "core/log.h"
#include "db/db.h"
#include "demo/demo.h"
#include "rules/dates.h"

#include <unistd.h>

struct tmpdb {
	char path[64];
	struct db *db;
};

static int
tmpdb_open(struct tmpdb *t)
{
	struct err e = { 0 };
	int fd, applied;

	log_threshold = LOG_WARN;       /* no "applied migration" lines */
	memset(t, 0, sizeof(*t));
	snprintf(t->path, sizeof(t->path), "/tmp/mektep_test_demo_XXXXXX");
	fd = mkstemp(t->path);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_open(&t->db, t->path, &e) != 0 ||
	    db_migrate(t->db, &applied, &e) != 0) {
		fprintf(stderr, "  cannot open '%s': %s\n", t->path, e.msg);
		return -1;
	}
	return 0;
}

static void
tmpdb_close(struct tmpdb *t)
{
	char p[80];

	if (t->path[0] == '\0')
		return;
	db_close(t->db);
	t->db = NULL;
	unlink(t->path);
	snprintf(p, sizeof(p), "%s-wal", t->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", t->path);
	unlink(p);
}

static int
generate(struct tmpdb *t, int schools, uint64_t seed)
{
	struct demo_opts o = { schools, seed, 0 };
	struct err e = { 0 };
	int rc;

	if (date_parse("2026-11-24", &o.today) != 0 || tmpdb_open(t) != 0)
		return -1;
	rc = demo_generate(t->db, &o, &e);
	if (rc != 0)
		fprintf(stderr, "  demo_generate: %s\n", e.msg);
	return rc;
}

/* One integer from sql with up to two text parameters; -1 on error. */
static int64_t
num(struct db *db, struct query *q, const char *a, const char *b)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(db, q, &e);
	int64_t v = -1;

	if (st == NULL)
		return -1;
	if (a)
		db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	if (db_step(st, &e) == DB_ROW)
		v = db_col_i64(st, 0);
	db_release(db);
	return v;
}

/* FNV-1a over every column of every row of q. */
static uint64_t
digest(struct db *db, struct query *q, int ncols)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(db, q, &e);
	uint64_t h = 0xcbf29ce484222325u;

	while (st && db_step(st, &e) == DB_ROW) {
		for (int i = 0; i < ncols; i++) {
			const char *s = db_col_text(st, i);

			for (; s && *s; s++)
				h = (h ^ (unsigned char)*s) *
					0x100000001b3u;
			h = (h ^ 0xff) * 0x100000001b3u;
		}
	}
	db_release(db);
	return h;
}

static struct query q_login_role = QUERY(
	"SELECT count(*) FROM people p JOIN roles r ON r.person_id = p.id "
	"WHERE p.login = ?1 AND r.role = ?2");
static struct query q_district_of_first = QUERY(
	"SELECT count(*) FROM people p JOIN roles r ON r.person_id = p.id "
	"WHERE p.login = 'district' AND r.district_id = (SELECT district_id "
	"FROM schools WHERE id = (SELECT min(id) FROM schools))");
static struct query q_director_of_first = QUERY(
	"SELECT count(*) FROM people p JOIN roles r ON r.person_id = p.id "
	"WHERE p.login = 'director' AND r.role = 'school_admin' AND "
	"r.school_id = (SELECT min(id) FROM schools)");
static struct query q_children = QUERY(
	"SELECT count(*) FROM parent_links l WHERE l.parent_id = "
	"(SELECT id FROM people WHERE login = 'parent')");
static struct query q_children_classes = QUERY(
	"SELECT count(DISTINCT pu.class_id) FROM parent_links l "
	"JOIN pupils pu ON pu.person_id = l.pupil_id "
	"WHERE l.parent_id = (SELECT id FROM people WHERE login = 'parent')");
static struct query q_children_in_first = QUERY(
	"SELECT count(*) FROM parent_links l "
	"JOIN pupils pu ON pu.person_id = l.pupil_id "
	"JOIN classes c ON c.id = pu.class_id "
	"WHERE l.parent_id = (SELECT id FROM people WHERE login = 'parent') "
	"AND c.school_id = (SELECT min(id) FROM schools)");
static struct query q_first_child = QUERY(
	"SELECT min(l.pupil_id) = (SELECT id FROM people WHERE "
	"login = 'pupil') FROM parent_links l WHERE l.parent_id = "
	"(SELECT id FROM people WHERE login = 'parent')");
static struct query q_teacher_teaches = QUERY(
	"SELECT count(*) FROM courses co WHERE co.teacher_id = "
	"(SELECT id FROM people WHERE login = 'teacher') AND co.class_id = "
	"(SELECT class_id FROM pupils WHERE person_id = "
	"(SELECT id FROM people WHERE login = 'pupil'))");
static struct query q_teacher_class = QUERY(
	"SELECT count(*) FROM classes c WHERE c.class_teacher_id = "
	"(SELECT id FROM people WHERE login = 'teacher') AND "
	"c.school_id = (SELECT min(id) FROM schools)");
static struct query q_bad_sizes = QUERY(
	"SELECT count(*) FROM (SELECT c.id, count(p.person_id) AS n "
	"FROM classes c JOIN schools s ON s.id = c.school_id "
	"LEFT JOIN pupils p ON p.class_id = c.id WHERE s.kind <> 'small' "
	"GROUP BY c.id) x WHERE n < 20 OR n > 30");
static struct query q_classes = QUERY("SELECT count(*) FROM classes");
static struct query q_hashes = QUERY(
	"SELECT count(DISTINCT pw_hash) + 10 * (SELECT count(*) FROM people "
	"WHERE login IS NULL OR pw_hash IS NULL) FROM people");
static struct query q_meta_demo = QUERY(
	"SELECT count(*) FROM meta WHERE key = 'demo' AND value = '1'");
static struct query q_year = QUERY(
	"SELECT count(*) FROM school_years y WHERE y.school_id IS NULL AND "
	"y.year = 2026 AND y.starts = '2026-09-01' AND (SELECT count(*) "
	"FROM quarters q WHERE q.year_id = y.id) = 4 AND (SELECT count(*) "
	"FROM holidays h WHERE h.year_id = y.id AND h.kind = 'vacation') = 3");
/* split classes: two subgroups sharing out the class exactly */
static struct query q_bad_splits = QUERY(
	"SELECT count(*) FROM classes c WHERE (SELECT count(*) FROM pupils p "
	"WHERE p.class_id = c.id) >= 24 AND ((SELECT count(*) FROM subgroups "
	"g WHERE g.class_id = c.id) <> 2 OR (SELECT count(*) FROM "
	"subgroup_members m JOIN subgroups g ON g.id = m.subgroup_id WHERE "
	"g.class_id = c.id) <> (SELECT count(*) FROM pupils p WHERE "
	"p.class_id = c.id))");
/* a split subject has a different teacher in each subgroup */
static struct query q_same_teacher_splits = QUERY(
	"SELECT count(*) FROM courses a JOIN courses b ON "
	"b.class_id = a.class_id AND b.subject_id = a.subject_id AND "
	"b.subgroup_id > a.subgroup_id WHERE a.teacher_id = b.teacher_id");
static struct query q_courses_no_teacher = QUERY(
	"SELECT count(*) FROM courses WHERE teacher_id IS NULL");
static struct query q_orphans = QUERY(
	"SELECT count(*) FROM pupils p WHERE NOT EXISTS (SELECT 1 FROM "
	"parent_links l WHERE l.pupil_id = p.person_id)");
static struct query q_names = QUERY(
	"SELECT full_name, iin, birth_date, login, lang FROM people "
	"ORDER BY id");
static struct query q_structure = QUERY(
	"SELECT c.grade, c.letter, c.language, c.shift, s.code, "
	"co.hours_per_week, co.teacher_id FROM courses co "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN subjects s ON s.id = co.subject_id ORDER BY co.id");

TEST(fixed_logins)
{
	struct tmpdb t;

	if (generate(&t, 2, 42) != 0) {
		CHECK(!"generated");
		tmpdb_close(&t);
		return;
	}
	CHECK_EQ_INT(num(t.db, &q_login_role, "admin", "ministry"), 1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "region", "region"), 1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "district", "district"), 1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "director", "school_admin"),
		1);
	CHECK_EQ_INT(num(t.db, &q_login_role, "teacher", "teacher"), 1);
	CHECK_EQ_INT(num(t.db, &q_district_of_first, NULL, NULL), 1);
	CHECK_EQ_INT(num(t.db, &q_director_of_first, NULL, NULL), 1);

	/* parent: two children in different classes of school 1 */
	CHECK_EQ_INT(num(t.db, &q_children, NULL, NULL), 2);
	CHECK_EQ_INT(num(t.db, &q_children_classes, NULL, NULL), 2);
	CHECK_EQ_INT(num(t.db, &q_children_in_first, NULL, NULL), 2);
	CHECK_EQ_INT(num(t.db, &q_first_child, NULL, NULL), 1);
	/* teacher: teaches in the pupil's class, class teacher there */
	CHECK(num(t.db, &q_teacher_teaches, NULL, NULL) >= 1);
	CHECK_EQ_INT(num(t.db, &q_teacher_class, NULL, NULL), 1);
	/* everyone logs in with the one hash of "demo" */
	CHECK_EQ_INT(num(t.db, &q_hashes, NULL, NULL), 1);
	tmpdb_close(&t);
}

TEST(structure)
{
	struct tmpdb t;
	struct demo_opts o = { 2, 42, 0 };
	struct err e = { 0 };

	if (generate(&t, 2, 42) != 0) {
		CHECK(!"generated");
		tmpdb_close(&t);
		return;
	}
	CHECK(num(t.db, &q_classes, NULL, NULL) >= 40);
	CHECK_EQ_INT(num(t.db, &q_bad_sizes, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_bad_splits, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_same_teacher_splits, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_courses_no_teacher, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_orphans, NULL, NULL), 0);
	CHECK_EQ_INT(num(t.db, &q_meta_demo, NULL, NULL), 1);
	CHECK_EQ_INT(num(t.db, &q_year, NULL, NULL), 1);

	/* a second run finds the data and refuses */
	o.today = date_from_ymd(2026, 11, 24);
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_CONFLICT);
	tmpdb_close(&t);
}

TEST(bad_options)
{
	struct tmpdb t;
	struct demo_opts o = { 0, 1, 0 };
	struct err e = { 0 };

	if (tmpdb_open(&t) != 0) {
		CHECK(!"opened");
		return;
	}
	o.today = date_from_ymd(2026, 11, 24);
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_INVAL);
	o.schools = DEMO_SCHOOLS_MAX + 1;
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_INVAL);
	o.schools = 1;
	o.today = date_from_ymd(1970, 1, 1);
	CHECK_EQ_INT(demo_generate(t.db, &o, &e), ERR_INVAL);
	tmpdb_close(&t);
}

TEST(deterministic)
{
	struct tmpdb a = { .path = "" }, b = { .path = "" };
	struct tmpdb c = { .path = "" };
	int ok = generate(&a, 2, 7) == 0 && generate(&b, 2, 7) == 0 &&
		generate(&c, 2, 8) == 0;

	CHECK(ok);
	if (ok) {
		CHECK(digest(a.db, &q_names, 5) == digest(b.db, &q_names, 5));
		CHECK(digest(a.db, &q_structure, 7) ==
			digest(b.db, &q_structure, 7));
		CHECK(digest(a.db, &q_names, 5) != digest(c.db, &q_names, 5));
	}
	tmpdb_close(&a);
	tmpdb_close(&b);
	tmpdb_close(&c);
}

HARNESS_MAIN(fixed_logins, structure, bad_options, deterministic)
