/* country.c: `mektep gen`: regions, districts and schools of a country */
#include "core/common.h"
#include "demo/country.h"
#include "demo/gen.h"
#include "demo/places.h"
#include "core/log.h"
#include "rules/calendar.h"
#include "rules/dates.h"

#include <time.h>

#define REGION_SCHOOLS 350      /* about 20 regions for 7,000 schools */
#define REGIONS_MAX 20
#define DISTRICT_SCHOOLS 30     /* rural schools a district */

const struct country_kind country_kinds[] = {
	{ "small", "№ %d шағын жинақты мектеп", 3000, false, 60, 70, 30,
	  1, 1, 9, 3, 12 },
	{ "general", "№ %d ауыл мектебі", 1520, false, 90, 65, 20,
	  1, 2, 11, 15, 25 },
	{ "general", "№ %d қалалық мектеп", 1000, true, 98, 40, 25,
	  2, 3, 11, 22, 28 },
	{ "general", "№ %d жалпы білім беретін мектеп", 1100, true, 100, 35,
	  25, 3, 5, 11, 24, 30 },
	{ "gymnasium", "№ %d мектеп-гимназия", 380, true, 100, 50, 50,
	  5, 7, 11, 25, 32 },
};
const int country_nkinds = (int)ARRAY_SIZE(country_kinds);

#define KIND_CITY 3             /* school 0's, with the demo family */

/* Pupils a school of kind k has on average. */
static int64_t
kind_mean(const struct country_kind *k)
{
	return (int64_t)(k->per_grade_lo + k->per_grade_hi) * k->grade_hi *
		(k->size_lo + k->size_hi) / 4;
}

/*
** Kinds dealt by smooth weighted round robin (nginx's upstream choice):
** every kind gains its share, the richest is taken and pays the total,
** so the mix holds in any prefix, not only over all 7,000.
*/
int
country_plan(int64_t pupils, int **kinds)
{
	int64_t cur[8] = { 0 }, expected = 0;
	int total = 0, n = 0, cap = 64;

	assert(country_nkinds <= (int)ARRAY_SIZE(cur));
	for (int k = 0; k < country_nkinds; k++)
		total += country_kinds[k].share;
	*kinds = xmalloc((size_t)cap * sizeof(**kinds));
	while (expected < pupils) {
		int best = 0;

		for (int k = 0; k < country_nkinds; k++) {
			cur[k] += country_kinds[k].share;
			if (cur[k] > cur[best])
				best = k;
		}
		cur[best] -= total;
		if (n == 0)
			best = KIND_CITY;
		if (n == cap) {
			cap *= 2;
			*kinds = xrealloc(*kinds, (size_t)cap *
				sizeof(**kinds));
		}
		(*kinds)[n++] = best;
		expected += kind_mean(&country_kinds[best]);
	}
	return n;
}

struct country {
	const struct country_opts *o;
	int nschools;
	int *kinds;
	int nregions;
	int64_t regions[REGIONS_MAX];
	int rfirst[REGIONS_MAX + 1];    /* region r's districts, city first */
	int *district;                  /* per school: index into districts */
	int64_t *districts;
	int ndistricts;
	int64_t pupils;
	double t0;
};

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
** Schools go to regions in turn (school i to region i % R); in each
** region the urban ones to its city and the rural ones, in turn, to
** its districts of about DISTRICT_SCHOOLS each.
*/
static void
place_schools(struct country *c)
{
	int rural[REGIONS_MAX] = { 0 }, nrural[REGIONS_MAX] = { 0 };

	c->nregions = (c->nschools + REGION_SCHOOLS - 1) / REGION_SCHOOLS;
	if (c->nregions > REGIONS_MAX)
		c->nregions = REGIONS_MAX;
	for (int i = 0; i < c->nschools; i++)
		if (!country_kinds[c->kinds[i]].urban)
			rural[i % c->nregions]++;
	c->ndistricts = 0;
	for (int r = 0; r < c->nregions; r++) {
		c->rfirst[r] = c->ndistricts;
		rural[r] = (rural[r] + DISTRICT_SCHOOLS - 1) /
			DISTRICT_SCHOOLS;
		c->ndistricts += 1 + rural[r];  /* the city first */
	}
	c->rfirst[c->nregions] = c->ndistricts;
	c->district = xmalloc((size_t)c->nschools * sizeof(*c->district));
	c->districts = xcalloc((size_t)c->ndistricts, sizeof(*c->districts));
	for (int i = 0; i < c->nschools; i++) {
		int r = i % c->nregions;

		c->district[i] = c->rfirst[r];
		if (!country_kinds[c->kinds[i]].urban)
			c->district[i] += 1 + nrural[r]++ % rural[r];
	}
}

/* The ministry, a department a region and a district, their officials. */
static void
insert_places(struct gen *g, void *arg)
{
	struct country *c = arg;
	int64_t id;

	id = gen_official(g, "admin");
	gen_role(g, id, "ministry", 0, 0, 0);
	for (int r = 0; r < c->nregions && g->rc == 0; r++) {
		char name[96];

		snprintf(name, sizeof(name), "%d-облыс / Region %d", r + 1,
			r + 1);
		c->regions[r] = gen_region(g, name);
		id = gen_official(g, r == 0 ? "region" : NULL);
		gen_role(g, id, "region", c->regions[r], 0, 0);
		for (int d = c->rfirst[r]; d < c->rfirst[r + 1]; d++) {
			int k = d - c->rfirst[r];

			if (k == 0)
				snprintf(name, sizeof(name), "%d-облыстың "
					"қаласы / City of region %d", r + 1,
					r + 1);
			else
				snprintf(name, sizeof(name), "%d.%d-аудан / "
					"District %d.%d", r + 1, k, r + 1, k);
			c->districts[d] = gen_district(g, c->regions[r], name,
				k == 0 ? "city" : "district");
			id = gen_official(g, d == c->district[0] ?
				"district" : NULL);
			gen_role(g, id, "district", 0, c->districts[d], 0);
		}
	}
	if (g->rc == 0)
		g->region_id = c->regions[0];
}

static const char *
pick_language(struct gen *g, const struct country_kind *k)
{
	int x = (int)rng_below(&g->rng, 100);

	return x < k->pct_kk ? "kk" : x < k->pct_kk + k->pct_ru ? "ru" :
		"mixed";
}

static void
insert_schools(struct gen *g, void *arg)
{
	struct country *c = arg;
	double t = seconds(), last = t;

	for (int i = 0; i < c->nschools && g->rc == 0; i++) {
		const struct country_kind *k = &country_kinds[c->kinds[i]];
		struct places_school s = {
			.kind = k->name,
			.urban = k->urban,
			.broadband = rng_pct(&g->rng, k->broadband_pct),
			.language = pick_language(g, k),
			.per_grade = rng_range(&g->rng, k->per_grade_lo,
				k->per_grade_hi),
			.grade_hi = k->grade_hi,
			.size_lo = k->size_lo,
			.size_hi = k->size_hi,
		};
		char name[160];

		if (i == 0) {           /* two Kazakh classes a grade, and */
			s.language = "mixed";   /* Russian ones */
			s.per_grade = 3;
		}
		s.capacity = s.per_grade * s.grade_hi * s.size_hi;
		snprintf(name, sizeof(name), k->fmt, i + 1);
		c->pupils += school_generate(g, &s, name,
			c->districts[c->district[i]], i == 0);
		if (c->o->progress && (seconds() - last >= 10 ||
		    i + 1 == c->nschools)) {
			last = seconds();
			log_msg(LOG_INFO, "gen: %d of %d schools, %lld pupils, "
				"%.0f pupils/s", i + 1, c->nschools,
				(long long)c->pupils, (double)c->pupils /
				(last - t + 1e-9));
		}
	}
}

static void
progress(void *arg, int64_t done, int64_t total)
{
	struct country *c = arg;
	double t = seconds() - c->t0;

	if (!c->o->progress || done == 0)
		return;
	log_msg(LOG_INFO, "gen: journal %lld of %lld lessons held, %.0f s "
		"in, %.0f pupils/s so far", (long long)done,
		(long long)total, t, (double)c->pupils * (double)done /
		(double)total / (t + 1e-9));
}

/* The quarter containing today, or the last one begun before it. */
static void
quarter_range(int32_t today, int32_t *from, int32_t *to)
{
	struct school_calendar cal;
	int q = 0;

	calendar_default(calendar_year_of(today), &cal);
	for (int i = 1; i < 4; i++)
		if (cal.quarters[i].starts <= today)
			q = i;
	*from = cal.quarters[q].starts;
	*to = cal.quarters[q].ends;
}

int
country_generate(struct db *db, const struct country_opts *o,
	struct err *e)
{
	struct country c = { .o = o };
	char pupils[24];
	const char *meta[][2] = { { "gen_pupils", pupils } };
	struct gen_plan p = {
		.seed = o->seed,
		/*
		** 700,000 marks a day for 3.4 million pupils are 0.21 a
		** pupil; grades 2-11 (nine in ten) have about five and a half
		** lessons a day, and some are away: 5 formative marks in 100
		** pupils present at a lesson.
		*/
		.journal = { .today = o->today, .formative_pct = 5,
			.progress = progress, .arg = &c },
		.parent_age_min = 19,    /* by years: 18 by birth dates */
		.places = insert_places,
		.schools = insert_schools,
		.arg = &c,
		.meta = meta,
		.nmeta = (int)ARRAY_SIZE(meta),
	};
	int rc;

	if (o->pupils < 1000 || o->pupils > 10000000)
		return err_set(e, ERR_INVAL, "'pupils' must be 1000 to "
			"10000000");
	if (p.journal.today == 0) {
		struct school_calendar cal;

		calendar_default(calendar_year_of(date_today((int64_t)time(
			NULL), 5 * 3600)), &cal);
		p.journal.today = cal.quarters[0].ends;
	}
	quarter_range(p.journal.today, &p.journal.from, &p.journal.to);
	snprintf(pupils, sizeof(pupils), "%lld", (long long)o->pupils);
	c.t0 = seconds();
	c.nschools = country_plan(o->pupils, &c.kinds);
	place_schools(&c);
	rc = gen_run(db, &p, e);
	free(c.kinds);
	free(c.district);
	free(c.districts);
	return rc;
}
