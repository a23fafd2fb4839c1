/* demo.c: `mektep demo`: the demo region, its officials and schools */
#include "core/common.h"
#include "demo/demo.h"
#include "demo/gen.h"
#include "demo/places.h"

static void
insert_region(struct gen *g, void *arg)
{
	struct places_school first;
	char name[160];
	int64_t id;

	(void)arg;
	g->region_id = gen_region(g, PLACES_REGION);
	places_school(0, &first, name, sizeof(name));
	if (places_ndistricts > (int)ARRAY_SIZE(g->district_ids))
		BUG("too many demo districts");
	for (int i = 0; i < places_ndistricts; i++)
		g->district_ids[i] = gen_district(g, g->region_id,
			places_districts[i].name, places_districts[i].kind);

	id = gen_official(g, "admin");
	gen_role(g, id, "ministry", 0, 0, 0);
	id = gen_official(g, "region");
	gen_role(g, id, "region", g->region_id, 0, 0);
	for (int i = 0; i < places_ndistricts; i++) {
		id = gen_official(g, i == first.district ? "district" : NULL);
		gen_role(g, id, "district", 0, g->district_ids[i], 0);
	}
}

static void
insert_schools(struct gen *g, void *arg)
{
	const struct demo_opts *o = arg;

	for (int i = 0; i < o->schools && g->rc == 0; i++) {
		struct places_school s;
		char name[160];

		places_school(i, &s, name, sizeof(name));
		school_generate(g, &s, name, g->district_ids[s.district],
			i == 0);
	}
}

int
demo_generate(struct db *db, const struct demo_opts *o, struct err *e)
{
	struct gen_plan p = {
		.seed = o->seed,
		.journal = { .today = o->today,
			.full_attendance = o->full_attendance,
			.formative_pct = 25 },
		.places = insert_region,
		.schools = insert_schools,
		.arg = (void *)o,
	};

	if (o->schools < 1 || o->schools > DEMO_SCHOOLS_MAX)
		return err_set(e, ERR_INVAL, "'schools' must be 1 to %d",
			DEMO_SCHOOLS_MAX);
	return gen_run(db, &p, e);
}

void
demo_print_logins(FILE *f)
{
	struct places_school s;
	char name[160];

	places_school(0, &s, name, sizeof(name));
	fprintf(f,
		"Demo logins, password \"demo\" for all:\n"
		"  admin     ministry analyst, the whole country\n"
		"  region    region education department, %s\n"
		"  district  district education department, %s\n"
		"  director  director of %s\n"
		"  teacher   a teacher there, class teacher of %d %s\n"
		"  parent    a parent with children in %d %s and %d %s\n"
		"  pupil     the parent's first child, in %d %s\n"
		"Everyone else: login p<id> (id from the people table), "
		"password \"demo\".\n",
		PLACES_REGION, places_districts[s.district].name, name,
		DEMO_PUPIL_GRADE, DEMO_PUPIL_LETTER, DEMO_PUPIL_GRADE,
		DEMO_PUPIL_LETTER, DEMO_SIBLING_GRADE, DEMO_SIBLING_LETTER,
		DEMO_PUPIL_GRADE, DEMO_PUPIL_LETTER);
}
