/* people.c: demo people: names, birth dates, IINs, the people rows */
#include "core/common.h"
#include "demo/gen.h"
#include "rules/dates.h"

static struct query q_person = QUERY(
	"INSERT INTO people (full_name, iin, login, pw_hash, lang, "
	"birth_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"RETURNING id");
static struct query q_role = QUERY(
	"INSERT INTO roles (person_id, role, region_id, district_id, "
	"school_id) VALUES (?1, ?2, ?3, ?4, ?5)");

struct db_stmt *
gen_prep(struct gen *g, struct query *q)
{
	struct db_stmt *st;

	if (g->rc)
		return NULL;
	st = db_prep(g->db, q, g->e);
	if (st == NULL)
		g->rc = g->e && g->e->code ? g->e->code : ERR_DB;
	return st;
}

void
gen_exec(struct gen *g, struct db_stmt *st)
{
	int rc;

	if (st == NULL || g->rc)
		return;
	rc = db_exec(st, g->e);
	if (rc != DB_DONE)
		g->rc = rc < 0 ? rc : ERR_DB;
}

int64_t
gen_insert_id(struct gen *g, struct db_stmt *st)
{
	int64_t id;
	int rc;

	if (st == NULL || g->rc)
		return 0;
	rc = db_step(st, g->e);
	if (rc != DB_ROW) {
		g->rc = rc < 0 ? rc : err_set(g->e, ERR_DB,
			"insert returned no id");
		return 0;
	}
	id = db_col_i64(st, 0);
	/* finish the statement so that nothing is left pending */
	gen_exec(g, st);
	return id;
}

static void
bind_id_or_null(struct db_stmt *st, int idx, int64_t id)
{
	if (id)
		db_bind_i64(st, idx, id);
	else
		db_bind_null(st, idx);
}

void
gen_role(struct gen *g, int64_t person, const char *role, int64_t region,
	int64_t district, int64_t school)
{
	struct db_stmt *st = gen_prep(g, &q_role);

	if (st == NULL)
		return;
	db_bind_i64(st, 1, person);
	db_bind_text(st, 2, role);
	bind_id_or_null(st, 3, region);
	bind_id_or_null(st, 4, district);
	bind_id_or_null(st, 5, school);
	gen_exec(g, st);
}

int32_t
gen_day_in_year(struct gen *g, int y)
{
	return date_from_ymd(y, 1, 1) +
		(int32_t)rng_below(&g->rng, date_is_leap(y) ? 366 : 365);
}

void
person_adult(struct gen *g, int eth, bool female, int age_lo, int age_hi,
	struct person *p)
{
	p->eth = eth;
	p->female = female;
	p->first = names_first(&g->rng, eth, female, false);
	names_patronymic(eth, names_father(&g->rng, eth), female,
		p->patronymic, sizeof(p->patronymic));
	names_surname_form(names_surname(&g->rng, eth), female, p->surname,
		sizeof(p->surname));
	p->birth = gen_day_in_year(g, g->year - rng_range(&g->rng, age_lo,
		age_hi));
	p->lang = eth == ETH_RU ? "ru" : "kk";
}

/* Returns false if v was there already. */
static bool
iin_add(struct gen *g, uint64_t v)
{
	size_t i;

	if (2 * (g->niins + 1) > g->capiins) {
		uint64_t *old = g->iins;
		size_t oldcap = g->capiins;

		g->capiins = oldcap ? 2 * oldcap : 1 << 14;
		g->iins = xcalloc(g->capiins, sizeof(*g->iins));
		g->niins = 0;
		for (size_t j = 0; j < oldcap; j++)
			if (old[j])
				iin_add(g, old[j]);
		free(old);
	}
	i = (size_t)((v * 0x9e3779b97f4a7c15u) >> 32) & (g->capiins - 1);
	while (g->iins[i]) {
		if (g->iins[i] == v)
			return false;
		i = (i + 1) & (g->capiins - 1);
	}
	g->iins[i] = v;
	g->niins++;
	return true;
}

/*
** An individual identification number: YYMMDD, a digit for century and
** sex (3/4 born in the 1900s, 5/6 in the 2000s, odd for men), a serial
** and a check digit (weights 1..11, then 3..11,1,2 if the first sum
** gives 10; a number for which both give 10 is never issued).
*/
static void
iin_make(struct gen *g, int32_t birth, bool female, char out[13])
{
	static const int w1[11] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	static const int w2[11] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2 };
	struct date_ymd d = date_to_ymd(birth);
	int dig[12], s1, s2;
	uint64_t v;

	for (;;) {
		int serial = (int)rng_below(&g->rng, 10000);

		dig[0] = d.y / 10 % 10;
		dig[1] = d.y % 10;
		dig[2] = d.m / 10;
		dig[3] = d.m % 10;
		dig[4] = d.d / 10;
		dig[5] = d.d % 10;
		dig[6] = (d.y >= 2000 ? 5 : 3) + female;
		dig[7] = serial / 1000;
		dig[8] = serial / 100 % 10;
		dig[9] = serial / 10 % 10;
		dig[10] = serial % 10;
		s1 = s2 = 0;
		for (int i = 0; i < 11; i++) {
			s1 += dig[i] * w1[i];
			s2 += dig[i] * w2[i];
		}
		s1 %= 11;
		s2 %= 11;
		if (s1 == 10 && s2 == 10)
			continue;
		dig[11] = s1 == 10 ? s2 : s1;
		v = 0;
		for (int i = 0; i < 12; i++)
			v = v * 10 + (uint64_t)dig[i];
		if (iin_add(g, v))
			break;
	}
	for (int i = 0; i < 12; i++)
		out[i] = (char)('0' + dig[i]);
	out[12] = '\0';
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/*
** Who took a surname in -ұлы or -қызы (Нұрланұлы) goes without a
** patronymic, as in their documents.
*/
int64_t
person_insert(struct gen *g, const struct person *p, const char *login)
{
	char name[3 * NAMES_MAX + 2], iin[13], birth[11];
	struct db_stmt *st;

	if (g->rc)
		return 0;
	if (ends_with(p->surname, "ұлы") || ends_with(p->surname, "қызы"))
		snprintf(name, sizeof(name), "%s %s", p->first, p->surname);
	else
		snprintf(name, sizeof(name), "%s %s %s", p->first,
			p->patronymic, p->surname);
	iin_make(g, p->birth, p->female, iin);
	date_format(p->birth, birth);
	st = gen_prep(g, &q_person);
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, iin);
	db_bind_text(st, 3, login);
	db_bind_text(st, 4, login ? g->pw_hash : NULL);
	db_bind_text(st, 5, p->lang);
	db_bind_text(st, 6, birth);
	db_bind_i64(st, 7, g->created_at);
	return gen_insert_id(g, st);
}
