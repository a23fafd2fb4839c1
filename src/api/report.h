/* report.h: the quarter report's tree, shared by reports.c and report_tree.c */
#ifndef MK_API_REPORT_H
#define MK_API_REPORT_H

#include "journal/results.h"

struct req;
struct db_stmt;

enum report_level { LV_REGION, LV_DISTRICT, LV_SCHOOL, LV_CLASS, LV_COUNT };

/*
** The periods a report shows: the quarter asked for, the quarter before
** it (quarter 4 of the year before for quarter 1), and the same quarter a
** year before.
*/
enum report_period { P_NOW, P_PREV_QUARTER, P_PREV_YEAR, P_COUNT };

/* Lesson and pupil formats (docs/JOURNAL.md "Quarter report"). */
enum report_format { F_IN_SCHOOL, F_REMOTE, F_DUTY, F_COUNT };

/* A region, district, school or class of the report, and its figures. */
struct report_node {
	enum report_level level;
	int64_t id;
	const char *name;
	struct results_tally t[P_COUNT];
	struct results_tally f[F_COUNT];        /* P_NOW split by format */
	int64_t lessons, remote_lessons;        /* a class's, P_NOW, held */
	struct report_node *child, *last, *next;
};

/* ids to nodes, sorted by id once filled, found by binary search. */
struct report_refs {
	struct { int64_t id; struct report_node *node; } *v;
	size_t n, cap;
};

void report_refs_add(struct req *r, struct report_refs *rs, int64_t id,
	struct report_node *node);
void report_refs_sort(struct report_refs *rs);
/* The node stored for id, or NULL. */
struct report_node *report_refs_find(const struct report_refs *rs,
	int64_t id);

/*
** Build the tree under root (its level and id set) from the rows of the
** tree query (district id, name, school id, name, class id, grade,
** letter) of the report's year: the nodes, each class in *classes and
** each school in *schools.
*/
int report_tree_load(struct req *r, struct report_node *root,
	struct db_stmt *st, struct report_refs *classes,
	struct report_refs *schools);
/*
** Map the classes of the rows of the tree query of another year to the
** nodes of the tree that hold them across years: their school (or the
** root for a school scope). Classes of a school not in the tree are left
** out.
*/
int report_tree_map_year(struct req *r, struct report_node *root,
	struct db_stmt *st, const struct report_refs *schools,
	struct report_refs *classes);
/* Sum the children's figures into each node (classes hold their own). */
void report_tree_sum(struct report_node *n);

#endif
