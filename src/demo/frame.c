/* frame.c: gen_run(): what the demo and the generated country share */
#include "core/common.h"
#include "demo/gen.h"
#include "demo/demo.h"
#include "demo/indexes.h"
#include "demo/journal.h"
#include "auth/password.h"
#include "core/arena.h"
#include "rules/calendar.h"
#include "rules/dates.h"

static struct query q_has_data = QUERY(
	"SELECT (SELECT count(*) FROM regions) + "
	"(SELECT count(*) FROM people)");
static struct query q_region = QUERY(
	"INSERT INTO regions (name) VALUES (?1) RETURNING id");
static struct query q_district = QUERY(
	"INSERT INTO districts (region_id, name, kind) VALUES (?1, ?2, ?3) "
	"RETURNING id");
static struct query q_subject_find = QUERY(
	"SELECT id FROM subjects WHERE code = ?1");
static struct query q_subject = QUERY(
	"INSERT INTO subjects (code, name_kk, name_ru, name_en) "
	"VALUES (?1, ?2, ?3, ?4) RETURNING id");
static struct query q_year = QUERY(
	"INSERT INTO school_years (school_id, year, starts, ends) "
	"VALUES (NULL, ?1, ?2, ?3) RETURNING id");
static struct query q_quarter = QUERY(
	"INSERT INTO quarters (year_id, n, starts, ends) "
	"VALUES (?1, ?2, ?3, ?4)");
static struct query q_holiday = QUERY(
	"INSERT INTO holidays (year_id, starts, ends, name, kind) "
	"VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
static struct query q_meta = QUERY(
	"INSERT INTO meta (key, value) VALUES (?1, ?2)");
static struct query q_logins = QUERY(
	"UPDATE people SET login = 'p' || CAST(id AS TEXT), pw_hash = ?1 "
	"WHERE login IS NULL");

static void
bind_date(struct db_stmt *st, int idx, int32_t day)
{
	char buf[11];

	date_format(day, buf);
	db_bind_text(st, idx, buf);
}

int64_t
gen_region(struct gen *g, const char *name)
{
	struct db_stmt *st = gen_prep(g, &q_region);

	if (st == NULL)
		return 0;
	db_bind_text(st, 1, name);
	return gen_insert_id(g, st);
}

int64_t
gen_district(struct gen *g, int64_t region, const char *name,
	const char *kind)
{
	struct db_stmt *st = gen_prep(g, &q_district);

	if (st == NULL)
		return 0;
	db_bind_i64(st, 1, region);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, kind);
	return gen_insert_id(g, st);
}

/* Officials are Kazakh mostly, men and women alike, aged 32 to 60. */
int64_t
gen_official(struct gen *g, const char *login)
{
	struct person p;

	person_adult(g, rng_pct(&g->rng, 90) ? ETH_KZ : ETH_RU,
		rng_pct(&g->rng, 50), 32, 60, &p);
	return person_insert(g, &p, login);
}

/* Subjects are shared by every school; a migration may have some. */
static void
insert_subjects(struct gen *g)
{
	for (int i = 0; i < SUBJ_N; i++) {
		const struct subject_info *s = &subjects[i];
		struct db_stmt *st = gen_prep(g, &q_subject_find);
		int rc;

		if (st == NULL)
			return;
		db_bind_text(st, 1, s->code);
		rc = db_step(st, g->e);
		if (rc == DB_ROW) {
			g->subject_ids[i] = db_col_i64(st, 0);
			gen_exec(g, st);        /* code is unique: done */
			continue;
		}
		if (rc < 0) {
			g->rc = rc;
			return;
		}
		st = gen_prep(g, &q_subject);
		if (st == NULL)
			return;
		db_bind_text(st, 1, s->code);
		db_bind_text(st, 2, s->name_kk);
		db_bind_text(st, 3, s->name_ru);
		db_bind_text(st, 4, s->name_en);
		g->subject_ids[i] = gen_insert_id(g, st);
	}
}

/*
** The national school year (school_id NULL) with its quarters, its
** vacations, the grade-1 week and the public days off inside quarters,
** named in Kazakh as the API names the default calendar's.
*/
static void
insert_calendar(struct gen *g)
{
	struct school_calendar cal;
	struct db_stmt *st;
	int64_t year_id;

	calendar_default(g->year, &cal);
	st = gen_prep(g, &q_year);
	if (st == NULL)
		return;
	db_bind_i64(st, 1, cal.year);
	bind_date(st, 2, cal.starts);
	bind_date(st, 3, cal.ends);
	year_id = gen_insert_id(g, st);
	for (int q = 0; q < 4; q++) {
		st = gen_prep(g, &q_quarter);
		if (st == NULL)
			return;
		db_bind_i64(st, 1, year_id);
		db_bind_i64(st, 2, q + 1);
		bind_date(st, 3, cal.quarters[q].starts);
		bind_date(st, 4, cal.quarters[q].ends);
		gen_exec(g, st);
	}
	for (int i = 0; i < cal.nholidays; i++) {
		const struct calendar_holiday *h = &cal.holidays[i];

		st = gen_prep(g, &q_holiday);
		if (st == NULL)
			return;
		db_bind_i64(st, 1, year_id);
		bind_date(st, 2, h->starts);
		bind_date(st, 3, h->ends);
		db_bind_text(st, 4, h->name_kk);
		db_bind_text(st, 5, h->kind == CALENDAR_VACATION ? "vacation" :
			h->kind == CALENDAR_GRADE1 ? "grade1" : "public");
		gen_insert_id(g, st);
	}
}

static void
insert_meta_row(struct gen *g, const char *key, const char *value)
{
	struct db_stmt *st = gen_prep(g, &q_meta);

	if (st == NULL)
		return;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	gen_exec(g, st);
}

static void
insert_meta(struct gen *g, const struct gen_plan *p)
{
	char today[11], seed[24];

	date_format(p->journal.today, today);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)p->seed);
	insert_meta_row(g, "demo", "1");
	insert_meta_row(g, "demo_created", today);
	insert_meta_row(g, "demo_seed", seed);
	for (int i = 0; i < p->nmeta; i++)
		insert_meta_row(g, p->meta[i][0], p->meta[i][1]);
}

static int
check_fresh(struct db *db, struct err *e)
{
	int64_t n;
	int rc = db_get_i64(db, &q_has_data, &n, e, 0);

	db_release(db);
	if (rc)
		return rc;
	if (n > 0)
		return err_set(e, ERR_CONFLICT, "the database already has "
			"regions or people; the demo needs a fresh one");
	return 0;
}

int
gen_run(struct db *db, const struct gen_plan *p, struct err *e)
{
	char hash[PASSWORD_HASH_MAX];
	struct indexes ix;
	struct gen g;
	int year, rc;

	year = calendar_year_of(p->journal.today);
	if (year < 1990 || year > 2900)
		return err_set(e, ERR_INVAL, "'today' must be in 1990-2900");
	if ((rc = check_fresh(db, e)) != 0)
		return rc;
	/* one argon2id hash for every account: one each takes minutes */
	if (password_init() != 0 || password_hash("demo", hash) != 0)
		return err_set(e, ERR_INTERNAL, "cannot hash the demo "
			"password");

	memset(&g, 0, sizeof(g));
	g.db = db;
	g.e = e;
	g.year = year;
	g.created_at = (int64_t)p->journal.today * 86400 + 3 * 3600;
	g.pw_hash = hash;
	g.parent_age_min = p->parent_age_min;
	g.arena = arena_new();
	rng_seed(&g.rng, p->seed);
	/* a fresh database: loaded without journal or checks (db.h) */
	db_bulk(db, true);
	indexes_sort_on_disk(&g);
	if (g.rc != 0 || (rc = db_begin(db, e)) != 0) {
		rc = g.rc ? g.rc : rc;
		db_bulk(db, false);
		arena_free(g.arena);
		return rc;
	}
	indexes_drop(&g, &ix);
	p->places(&g, p->arg);
	insert_subjects(&g);
	insert_calendar(&g);
	if (g.rc == 0)
		p->schools(&g, p->arg);
	journal_generate(&g, &p->journal);
	insert_meta(&g, p);
	indexes_restore(&g, &ix);
	if (g.rc == 0) {
		struct db_stmt *st = gen_prep(&g, &q_logins);

		if (st)
			db_bind_text(st, 1, hash);
		gen_exec(&g, st);
	}
	rc = g.rc;
	if (rc == 0)
		rc = db_commit(db, e);
	else
		db_rollback(db);
	db_release(db);
	db_bulk(db, false);
	arena_free(g.arena);
	free(g.iins);
	return rc;
}
