/* report_tree.c: the quarter report's tree of districts, schools, classes */
#include "core/common.h"
#include "api/report.h"
#include "api/api.h"
#include "core/arena.h"
#include "http/req.h"
#include "db/db.h"

void
report_refs_add(struct req *r, struct report_refs *rs, int64_t id,
	struct report_node *node)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 64;
		void *more = arena_alloc(r->a, cap * sizeof(*rs->v));

		if (rs->n)
			memcpy(more, rs->v, rs->n * sizeof(*rs->v));
		rs->v = more;
		rs->cap = cap;
	}
	rs->v[rs->n].id = id;
	rs->v[rs->n++].node = node;
}

static int
ref_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void
report_refs_sort(struct report_refs *rs)
{
	if (rs->n > 1)
		qsort(rs->v, rs->n, sizeof(*rs->v), ref_cmp);
}

struct report_node *
report_refs_find(const struct report_refs *rs, int64_t id)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->v[mid].id == id)
			return rs->v[mid].node;
		if (rs->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct report_node *
node_add(struct req *r, struct report_node *parent, enum report_level lv,
	int64_t id, const char *name)
{
	struct report_node *n = arena_calloc(r->a, sizeof(*n));

	n->level = lv;
	n->id = id;
	n->name = arena_strdup(r->a, name ? name : "");
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	return n;
}

int
report_tree_load(struct req *r, struct report_node *root,
	struct db_stmt *st, struct report_refs *classes,
	struct report_refs *schools)
{
	struct report_node *district = NULL, *school = NULL;
	enum report_level top = root->level;
	int rc;

	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct report_node *parent = root;

		if (top < LV_DISTRICT) {
			if (district == NULL ||
			    district->id != db_col_i64(st, 0))
				district = node_add(r, parent, LV_DISTRICT,
					db_col_i64(st, 0), db_col_text(st, 1));
			parent = district;
		}
		if (top < LV_SCHOOL && !db_col_null(st, 2)) {
			if (school == NULL || school->id != db_col_i64(st, 2)) {
				school = node_add(r, parent, LV_SCHOOL,
					db_col_i64(st, 2), db_col_text(st, 3));
				report_refs_add(r, schools, school->id, school);
			}
			parent = school;
		}
		if (db_col_null(st, 4))
			continue;
		if (top < LV_CLASS)
			report_refs_add(r, classes, db_col_i64(st, 4),
				node_add(r, parent, LV_CLASS, db_col_i64(st, 4),
				api_class_name(r, db_col_i64(st, 5),
				db_col_text(st, 6))));
		else
			report_refs_add(r, classes, db_col_i64(st, 4), root);
	}
	if (top == LV_SCHOOL)
		report_refs_add(r, schools, root->id, root);
	report_refs_sort(classes);
	report_refs_sort(schools);
	return rc < 0 ? rc : 0;
}

int
report_tree_map_year(struct req *r, struct report_node *root,
	struct db_stmt *st, const struct report_refs *schools,
	struct report_refs *classes)
{
	int rc;

	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct report_node *n;

		if (db_col_null(st, 2) || db_col_null(st, 4))
			continue;
		n = root->level == LV_SCHOOL ? root :
			report_refs_find(schools, db_col_i64(st, 2));
		if (n != NULL)
			report_refs_add(r, classes, db_col_i64(st, 4), n);
	}
	report_refs_sort(classes);
	return rc < 0 ? rc : 0;
}

void
report_tree_sum(struct report_node *n)
{
	for (struct report_node *c = n->child; c; c = c->next) {
		report_tree_sum(c);
		for (int p = 0; p < P_COUNT; p++)
			results_tally_add(&n->t[p], &c->t[p]);
		for (int f = 0; f < F_COUNT; f++)
			results_tally_add(&n->f[f], &c->f[f]);
	}
}
