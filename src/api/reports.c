/* reports.c: GET /reports/quarter?scope=KIND:ID&year=YYYY&quarter=N */
#include "core/common.h"
#include "api/journal.h"
#include "api/api.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/* the route's handler (declared here until api/api.h carries it) */

/*
** The figures of DOMAIN.md "Reports" for a class, school, district or
** region and one quarter, with the same figures for every district,
** school and class inside, as a tree down to the classes.
**
** A bounded number of queries whatever the scope's size: the session and
** grants (auth), the scope's place (authz), a calendar (up to 3), the
** scope's tree (districts, schools, classes of the year), every mark of
** the scope's lessons in the period, and attendance summed per class.
**
** The marks come in the order of the journal's indexes, class by class
** and course by course (lessons by (course, date), marks by lesson), so
** SQLite needs no sort: a region's ~300,000 marks of a quarter stream
** through results_stream(), which works out each pupil's period mark per
** course; a class's pupils are tallied when its rows end. Sorting them by
** (pupil, course) instead would cost a sort of every mark (ours: measured
** about 0.25 s more for the demo region).
**
** A school may have its own calendar: the quarter's dates are taken per
** school in SQL (its own school_years row, else the national dates bound
** as parameters), so one query serves schools with different dates.
**
** Subjects taught 1 hour a week are marked per half-year (ours for the
** report): in quarters 2 and 4 their half-year mark (over the marks of
** both quarters) counts like a quarter mark; in quarters 1 and 3 they have
** no period mark and are left out.
*/
enum level { LV_REGION, LV_DISTRICT, LV_SCHOOL, LV_CLASS, LV_COUNT };

static const char *const level_names[LV_COUNT] = { "region", "district",
	"school", "class" };
static const enum obj_kind level_objs[LV_COUNT] = { OBJ_REGION,
	OBJ_DISTRICT, OBJ_SCHOOL, OBJ_CLASS };

/* The classes of the scope in the year: ?1 the scope's id, ?2 the year. */
#define IN_REGION "SELECT c2.id FROM districts d2 " \
	"JOIN schools s2 ON s2.district_id = d2.id " \
	"JOIN classes c2 ON c2.school_id = s2.id " \
	"WHERE d2.region_id = ?1 AND c2.year = ?2"
#define IN_DISTRICT "SELECT c2.id FROM schools s2 " \
	"JOIN classes c2 ON c2.school_id = s2.id " \
	"WHERE s2.district_id = ?1 AND c2.year = ?2"
#define IN_SCHOOL "SELECT c2.id FROM classes c2 " \
	"WHERE c2.school_id = ?1 AND c2.year = ?2"
#define IN_CLASS "SELECT c2.id FROM classes c2 " \
	"WHERE c2.id = ?1 AND c2.year = ?2"

/*
** Marks: ?3 the period's first quarter, ?4 the quarter, ?5 ?6 ?7 the
** national dates (period start, quarter start, quarter end) for schools
** without their own, ?8 1 when the quarter ends a half-year.
*/
#define MARKS_SQL(in) "SELECT " RESULTS_MARK_COLS ", c.id FROM classes c " \
	"LEFT JOIN school_years y ON y.school_id = c.school_id " \
	"AND y.year = ?2 " \
	"LEFT JOIN quarters qa ON qa.year_id = y.id AND qa.n = ?3 " \
	"LEFT JOIN quarters qb ON qb.year_id = y.id AND qb.n = ?4 " \
	"JOIN courses co ON co.class_id = c.id " \
	"JOIN lessons l ON l.course_id = co.id AND l.date BETWEEN " \
	"CASE WHEN co.hours_per_week = 1 THEN COALESCE(qa.starts, ?5) " \
	"ELSE COALESCE(qb.starts, ?6) END AND COALESCE(qb.ends, ?7) " \
	"JOIN marks m ON m.lesson_id = l.id " \
	"WHERE c.id IN (" in ") AND c.grade >= 2 AND " \
	"(co.hours_per_week > 1 OR ?8 = 1) ORDER BY c.id, co.id"

/*
** Attendance per class: ?3 the quarter, ?4 ?5 its national dates, ?6 the
** school's today. Teachers record who was late or absent; a pupil of a
** held lesson (scheduled, not after today) without a row was present
** (docs/JOURNAL.md). Held pupil-lessons are each lesson's audience: the
** class, or the subgroup of a subgroup course.
*/
#define ATT_SQL(in) "SELECT c.id, " \
	"SUM(COALESCE(sg.n, pc.n, 0)) - SUM((SELECT COUNT(*) FROM attendance a " \
	"WHERE a.lesson_id = l.id AND a.status <> 'late' AND " \
	"a.status <> 'present')), " \
	"SUM(COALESCE(sg.n, pc.n, 0)), " \
	"SUM((SELECT COUNT(*) FROM attendance a WHERE a.lesson_id = l.id " \
	"AND a.status = 'absent_unexcused')) " \
	"FROM classes c " \
	"LEFT JOIN school_years y ON y.school_id = c.school_id " \
	"AND y.year = ?2 " \
	"LEFT JOIN quarters qb ON qb.year_id = y.id AND qb.n = ?3 " \
	"JOIN lessons l ON l.class_id = c.id AND l.status = 'scheduled' " \
	"AND l.date <= ?6 AND l.date BETWEEN " \
	"COALESCE(qb.starts, ?4) AND COALESCE(qb.ends, ?5) " \
	"JOIN courses co ON co.id = l.course_id " \
	"LEFT JOIN (SELECT class_id, COUNT(*) AS n FROM pupils " \
	"GROUP BY class_id) pc ON pc.class_id = c.id " \
	"LEFT JOIN (SELECT subgroup_id, COUNT(*) AS n FROM subgroup_members " \
	"GROUP BY subgroup_id) sg ON sg.subgroup_id = co.subgroup_id " \
	"WHERE c.id IN (" in ") GROUP BY c.id ORDER BY c.id"

/* The tree: districts, schools and the year's classes under the scope. */
#define TREE_COLS "SELECT d.id, d.name, s.id, s.name, c.id, c.grade, " \
	"c.letter "

static struct query q_marks[LV_COUNT] = {
	QUERY(MARKS_SQL(IN_REGION)), QUERY(MARKS_SQL(IN_DISTRICT)),
	QUERY(MARKS_SQL(IN_SCHOOL)), QUERY(MARKS_SQL(IN_CLASS)),
};
static struct query q_att[LV_COUNT] = {
	QUERY(ATT_SQL(IN_REGION)), QUERY(ATT_SQL(IN_DISTRICT)),
	QUERY(ATT_SQL(IN_SCHOOL)), QUERY(ATT_SQL(IN_CLASS)),
};
static struct query q_tree[LV_COUNT] = {
	QUERY(TREE_COLS "FROM districts d "
		"LEFT JOIN schools s ON s.district_id = d.id "
		"LEFT JOIN classes c ON c.school_id = s.id AND c.year = ?2 "
		"WHERE d.region_id = ?1 ORDER BY d.id, s.id, c.grade, c.id"),
	QUERY(TREE_COLS "FROM districts d "
		"JOIN schools s ON s.district_id = d.id "
		"LEFT JOIN classes c ON c.school_id = s.id AND c.year = ?2 "
		"WHERE d.id = ?1 ORDER BY s.id, c.grade, c.id"),
	QUERY(TREE_COLS "FROM schools s "
		"JOIN districts d ON d.id = s.district_id "
		"LEFT JOIN classes c ON c.school_id = s.id AND c.year = ?2 "
		"WHERE s.id = ?1 ORDER BY c.grade, c.id"),
	QUERY(TREE_COLS "FROM classes c "
		"JOIN schools s ON s.id = c.school_id "
		"JOIN districts d ON d.id = s.district_id "
		"WHERE c.id = ?1 AND c.year = ?2"),
};

struct node {
	enum level level;
	int64_t id;
	const char *name;
	struct results_tally t;
	struct node *child, *last, *next;
};

struct class_ref {
	int64_t id;
	struct node *node;
};

struct report {
	struct req *r;
	struct node root;
	struct class_ref *classes;      /* sorted by id */
	size_t nclasses, cap;
	/* while the marks stream: the class whose pupils are gathered */
	int64_t cur_class;
	struct results_pupils pupils;
};

static struct node *
node_add(struct report *rp, struct node *parent, enum level lv, int64_t id,
	const char *name)
{
	struct node *n = arena_calloc(rp->r->a, sizeof(*n));

	n->level = lv;
	n->id = id;
	n->name = arena_strdup(rp->r->a, name ? name : "");
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	return n;
}

static void
class_add(struct report *rp, int64_t id, struct node *n)
{
	if (rp->nclasses == rp->cap) {
		struct class_ref *more;

		rp->cap = rp->cap ? rp->cap * 2 : 64;
		more = arena_alloc(rp->r->a, rp->cap * sizeof(*more));
		if (rp->nclasses)
			memcpy(more, rp->classes, rp->nclasses * sizeof(*more));
		rp->classes = more;
	}
	rp->classes[rp->nclasses++] = (struct class_ref){ id, n };
}

static int
cmp_class(const void *a, const void *b)
{
	int64_t x = ((const struct class_ref *)a)->id;
	int64_t y = ((const struct class_ref *)b)->id;

	return (x > y) - (x < y);
}

static struct node *
class_find(const struct report *rp, int64_t id)
{
	size_t lo = 0, hi = rp->nclasses;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rp->classes[mid].id == id)
			return rp->classes[mid].node;
		if (rp->classes[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Build the tree under rp->root from the tree query's rows. */
static int
load_tree(struct report *rp, struct db_stmt *st)
{
	struct req *r = rp->r;
	struct node *district = NULL, *school = NULL;
	enum level top = rp->root.level;
	int rc;

	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct node *parent = &rp->root;

		if (top < LV_DISTRICT) {
			if (district == NULL ||
			    district->id != db_col_i64(st, 0))
				district = node_add(rp, parent, LV_DISTRICT,
					db_col_i64(st, 0), db_col_text(st, 1));
			parent = district;
		}
		if (top < LV_SCHOOL && !db_col_null(st, 2)) {
			if (school == NULL || school->id != db_col_i64(st, 2))
				school = node_add(rp, parent, LV_SCHOOL,
					db_col_i64(st, 2), db_col_text(st, 3));
			parent = school;
		}
		if (db_col_null(st, 4))
			continue;
		if (top < LV_CLASS)
			class_add(rp, db_col_i64(st, 4), node_add(rp, parent,
				LV_CLASS, db_col_i64(st, 4),
				api_class_name(r, db_col_i64(st, 5),
				db_col_text(st, 6))));
		else
			class_add(rp, db_col_i64(st, 4), &rp->root);
	}
	if (rp->nclasses)
		qsort(rp->classes, rp->nclasses, sizeof(*rp->classes),
			cmp_class);
	return rc < 0 ? rc : 0;
}

/* The pupils gathered for the current class go into its tally. */
static void
class_flush(struct report *rp)
{
	struct node *n = class_find(rp, rp->cur_class);

	if (n != NULL)
		results_pupils_flush(&rp->pupils, &n->t);
	else                    /* cannot happen: the same classes */
		results_pupils_flush(&rp->pupils,
			&(struct results_tally){ 0 });
}

static void
on_result(void *arg, const struct results_pair *p)
{
	struct report *rp = arg;

	if (p->tag != rp->cur_class) {
		class_flush(rp);
		rp->cur_class = p->tag;
	}
	results_pupils_add(&rp->pupils, p->student_id, p->res.mark);
}

static int
load_attendance(struct report *rp, struct db_stmt *st)
{
	int rc;

	while ((rc = db_step(st, &rp->r->err)) == DB_ROW) {
		struct node *n = class_find(rp, db_col_i64(st, 0));

		if (n == NULL)
			continue;
		n->t.attended += db_col_i64(st, 1);
		n->t.held += db_col_i64(st, 2);
		n->t.unexcused += db_col_i64(st, 3);
	}
	return rc < 0 ? rc : 0;
}

/* Sum the children into each node (classes hold their own figures). */
static void
tree_sum(struct node *n)
{
	for (struct node *c = n->child; c; c = c->next) {
		tree_sum(c);
		results_tally_add(&n->t, &c->t);
	}
}

static void
write_node(struct req *r, const struct node *n, const char *scope)
{
	struct sb *s = &r->out;
	const struct results_tally *t = &n->t;

	jw_obj_begin(s);
	if (scope != NULL) {
		jw_kv_str(s, "scope", scope);
	} else {
		jw_kv_str(s, "scope", arena_printf(r->a, "%s:%lld",
			level_names[n->level], (long long)n->id));
		jw_kv_i64(s, "id", n->id);
		jw_kv_str(s, "name", n->name);
	}
	jw_kv_i64(s, "pupils", t->pupils);
	jw_key(s, "quality_pct");
	jw_f64(s, results_pct(t->quality, t->pupils), 2);
	jw_key(s, "performance_pct");
	jw_f64(s, results_pct(t->performance, t->pupils), 2);
	jw_key(s, "attendance_pct");
	jw_f64(s, results_pct(t->attended, t->held), 2);
	jw_kv_i64(s, "unexcused_absences", t->unexcused);
	jw_key(s, "average_mark");
	jw_f64(s, results_average(t), 2);
	jw_key(s, "children");
	jw_arr_begin(s);
	for (const struct node *c = n->child; c; c = c->next)
		write_node(r, c, NULL);
	jw_arr_end(s);
	jw_obj_end(s);
}

/* "region:12" into its level and id; non-zero when malformed. */
static int
parse_scope(const char *s, enum level *lv, int64_t *id)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	int64_t v = 0;

	if (colon == NULL)
		return -1;
	for (*lv = 0; *lv < LV_COUNT; (*lv)++)
		if (strlen(level_names[*lv]) == (size_t)(colon - s) &&
		    strncmp(s, level_names[*lv], (size_t)(colon - s)) == 0)
			break;
	if (*lv == LV_COUNT || colon[1] == '\0' || colon[1] == '0')
		return -1;
	for (const char *p = colon + 1; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return 0;
}

static void
bind_date(struct db_stmt *st, int idx, int32_t day)
{
	char buf[11];

	date_format(day, buf);
	db_bind_text(st, idx, buf);
}

int
api_reports_quarter(struct req *r)
{
	const char *scope = req_query(r, "scope");
	struct db_stmt *tt, *mt, *at;
	struct school_calendar cal;
	struct marks_period per;
	struct report rp;
	struct place p;
	enum level lv;
	int64_t id, year, quarter;

	if (parse_scope(scope, &lv, &id) != 0)
		return reply_err_field(r, ERR_BADREQ, "scope", "'scope' must "
			"be class:ID, school:ID, district:ID or region:ID");
	if (req_query_i64(r, "year", 2000, 2100,
	    results_year_default(school_today(r->now)), &year))
		return 0;
	if (authz(r, ACC_READ, level_objs[lv], id, &p))
		return 0;
	if (!results_may_report(r->auth, &p))
		return reply_err(r, ERR_FORBIDDEN, "reports are for the "
			"school's administrators and education departments");
	/* a school's own calendar when the scope is inside one */
	if (school_calendar_load(r->db, p.school_id, (int)year, &cal,
	    &r->err) != 0)
		return reply_error(r, NULL);
	if (req_query_i64(r, "quarter", 1, 4, results_quarter_default(&cal,
	    school_today(r->now)), &quarter))
		return 0;
	(void)marks_period_of_quarter((int)quarter, true, &per);

	memset(&rp, 0, sizeof(rp));
	rp.r = r;
	rp.root.level = lv;
	rp.root.id = id;
	results_pupils_init(&rp.pupils, r->a);

	tt = db_prep(r->db, &q_tree[lv], &r->err);
	mt = db_prep(r->db, &q_marks[lv], &r->err);
	at = db_prep(r->db, &q_att[lv], &r->err);
	if (tt == NULL || mt == NULL || at == NULL)
		return reply_error(r, NULL);
	db_bind_i64(tt, 1, id);
	db_bind_i64(tt, 2, year);
	if (load_tree(&rp, tt) != 0)
		return reply_error(r, NULL);

	db_bind_i64(mt, 1, id);
	db_bind_i64(mt, 2, year);
	db_bind_i64(mt, 3, per.first_quarter);
	db_bind_i64(mt, 4, quarter);
	bind_date(mt, 5, cal.quarters[per.first_quarter - 1].starts);
	bind_date(mt, 6, cal.quarters[quarter - 1].starts);
	bind_date(mt, 7, cal.quarters[quarter - 1].ends);
	db_bind_i64(mt, 8, per.last_quarter == quarter);
	if (results_stream(mt, r->a, RESULTS_MARK_NCOLS, on_result, &rp,
	    &r->err) != 0)
		return reply_error(r, NULL);
	class_flush(&rp);

	db_bind_i64(at, 1, id);
	db_bind_i64(at, 2, year);
	db_bind_i64(at, 3, quarter);
	bind_date(at, 4, cal.quarters[quarter - 1].starts);
	bind_date(at, 5, cal.quarters[quarter - 1].ends);
	bind_date(at, 6, school_today(r->now));
	if (load_attendance(&rp, at) != 0)
		return reply_error(r, NULL);

	tree_sum(&rp.root);
	write_node(r, &rp.root, scope);
	return reply_json(r, 200);
}
