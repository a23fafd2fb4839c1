/* places.h: the demo region's districts and school templates */
#ifndef MK_DEMO_PLACES_H
#define MK_DEMO_PLACES_H

#define PLACES_REGION "Демо облысы / Demo region"

struct places_district {
	const char *name;
	const char *kind;       /* districts.kind: city or district */
};

extern const struct places_district places_districts[];
extern const int places_ndistricts;

struct places_school {
	int district;           /* index into places_districts */
	const char *kind;       /* schools.kind */
	bool urban, broadband;
	const char *language;   /* kk, ru or mixed */
	int per_grade;          /* classes per grade */
	int grade_hi;           /* grades 1 .. grade_hi */
	int size_lo, size_hi;   /* pupils per class */
	int capacity;
};

/*
** The i-th school of the demo (0-based): ten templates, city schools
** first, then a general and a small rural school per district; past ten
** they repeat under other numbers and village names. Writes the name.
*/
void places_school(int i, struct places_school *out, char *name,
	size_t cap);

#endif
