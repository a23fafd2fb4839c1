/* reports.c: GET /reports/quarter?scope=KIND:ID&year=YYYY&quarter=N */
#include "core/common.h"
#include "api/journal.h"
#include "api/api.h"
#include "api/report.h"
#include "api/scope.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/*
** The figures of DOMAIN.md "Reports" for a class, school, district or
** region and one quarter, with the same figures for every district,
** school and class inside, as a tree down to the classes.
**
** Each figure also for the quarter before and the same quarter a year
** before (period P_PREV_QUARTER, P_PREV_YEAR), and split by format (in
** school, remote, duty class) for the quarter asked (docs/JOURNAL.md).
**
** A bounded number of queries whatever the scope's size: the session and
** grants (auth), the scope's place (authz), two calendars (this year's
** and last year's, up to 3 each), the scope's tree of this year and its
** classes of last year, the pupils of duty and remote groups, and per
** period every mark of the scope's lessons and attendance summed per
** class and lesson format.
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
** Attendance per class and lesson format: ?3 the quarter, ?4 ?5 its
** national dates, ?6 the school's today. Teachers record who was late or
** absent; a pupil of a held lesson (scheduled, not after today) without a
** row was present (docs/JOURNAL.md). Held pupil-lessons are each lesson's
** audience: the class, or the subgroup of a subgroup course. The format:
** 2 a duty group's course, 1 a remote group's or a lesson not in person,
** else 0 (enum report_format); the last column counts the lessons held.
*/
#define LESSON_FORMAT "CASE WHEN gk.kind = 'duty' THEN 2 " \
	"WHEN gk.kind = 'remote' OR l.mode <> 'in_person' THEN 1 ELSE 0 END"
#define ATT_SQL(in) "SELECT c.id, " LESSON_FORMAT ", " \
	"SUM(COALESCE(sg.n, pc.n, 0)) - SUM((SELECT COUNT(*) FROM attendance a " \
	"WHERE a.lesson_id = l.id AND a.status <> 'late' AND " \
	"a.status <> 'present')), " \
	"SUM(COALESCE(sg.n, pc.n, 0)), " \
	"SUM((SELECT COUNT(*) FROM attendance a WHERE a.lesson_id = l.id " \
	"AND a.status = 'absent_unexcused')), COUNT(*) " \
	"FROM classes c " \
	"LEFT JOIN school_years y ON y.school_id = c.school_id " \
	"AND y.year = ?2 " \
	"LEFT JOIN quarters qb ON qb.year_id = y.id AND qb.n = ?3 " \
	"JOIN lessons l ON l.class_id = c.id AND l.status = 'scheduled' " \
	"AND l.date <= ?6 AND l.date BETWEEN " \
	"COALESCE(qb.starts, ?4) AND COALESCE(qb.ends, ?5) " \
	"JOIN courses co ON co.id = l.course_id " \
	"LEFT JOIN subgroups gk ON gk.id = co.subgroup_id " \
	"LEFT JOIN (SELECT class_id, COUNT(*) AS n FROM pupils " \
	"GROUP BY class_id) pc ON pc.class_id = c.id " \
	"LEFT JOIN (SELECT subgroup_id, COUNT(*) AS n FROM subgroup_members " \
	"GROUP BY subgroup_id) sg ON sg.subgroup_id = co.subgroup_id " \
	"WHERE c.id IN (" in ") GROUP BY c.id, " LESSON_FORMAT " " \
	"ORDER BY c.id"

/* The pupils of the duty and remote groups of the scope's classes. */
#define GROUPS_SQL(in) "SELECT m.pupil_id, " \
	"MAX(CASE WHEN g.kind = 'duty' THEN 2 ELSE 1 END) " \
	"FROM subgroups g JOIN subgroup_members m ON m.subgroup_id = g.id " \
	"WHERE g.kind IN ('duty', 'remote') AND g.class_id IN (" in ") " \
	"GROUP BY m.pupil_id ORDER BY m.pupil_id"

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
static struct query q_groups[LV_COUNT] = {
	QUERY(GROUPS_SQL(IN_REGION)), QUERY(GROUPS_SQL(IN_DISTRICT)),
	QUERY(GROUPS_SQL(IN_SCHOOL)), QUERY(GROUPS_SQL(IN_CLASS)),
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

/* One period to compute: its year, quarter, calendar and classes. */
struct period {
	int year, quarter;
	const struct school_calendar *cal;
	const struct report_refs *classes;
	bool shown[LV_COUNT];           /* written for nodes of this level */
};

struct report {
	struct req *r;
	enum report_level level;
	int64_t scope_id;
	int32_t today;
	struct report_node root;
	/* pupils of duty (2) and remote (1) groups, sorted by id */
	int64_t *group_pupils;
	int *group_format;
	size_t ngroup;
	/* while the marks of period p stream: the class being gathered */
	enum report_period p;
	const struct report_refs *classes;
	int64_t cur_class;
	struct report_node *cur;
	struct results_pupils pupils, by_format[F_COUNT];
};

static void
bind_date(struct db_stmt *st, int idx, int32_t day)
{
	char buf[11];

	date_format(day, buf);
	db_bind_text(st, idx, buf);
}

static int
load_groups(struct report *rp, struct db_stmt *st)
{
	size_t cap = 0;
	int rc;

	while ((rc = db_step(st, &rp->r->err)) == DB_ROW) {
		if (rp->ngroup == cap) {
			size_t n = cap ? cap * 2 : 64;
			int64_t *ids = arena_alloc(rp->r->a, n * sizeof(*ids));
			int *fm = arena_alloc(rp->r->a, n * sizeof(*fm));

			if (rp->ngroup) {
				memcpy(ids, rp->group_pupils, rp->ngroup *
					sizeof(*ids));
				memcpy(fm, rp->group_format, rp->ngroup *
					sizeof(*fm));
			}
			rp->group_pupils = ids;
			rp->group_format = fm;
			cap = n;
		}
		rp->group_pupils[rp->ngroup] = db_col_i64(st, 0);
		rp->group_format[rp->ngroup++] = (int)db_col_i64(st, 1);
	}
	return rc < 0 ? rc : 0;
}

/*
** A pupil's format in the quarter (ours): a duty group's member is in a
** duty class, a remote group's is remote; anyone else is remote when
** more than half of the class's lessons held were not in person.
*/
static enum report_format
pupil_format(const struct report *rp, int64_t id)
{
	size_t lo = 0, hi = rp->ngroup;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rp->group_pupils[mid] == id)
			return rp->group_format[mid] == 2 ? F_DUTY : F_REMOTE;
		if (rp->group_pupils[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (rp->cur != NULL && rp->cur->remote_lessons * 2 >
	    rp->cur->lessons)
		return F_REMOTE;
	return F_IN_SCHOOL;
}

/* The pupils gathered for the current class go into its node's figures. */
static void
class_flush(struct report *rp)
{
	struct results_tally none;

	memset(&none, 0, sizeof(none));
	results_pupils_flush(&rp->pupils, rp->cur ? &rp->cur->t[rp->p] :
		&none);
	for (int f = 0; f < F_COUNT; f++)
		results_pupils_flush(&rp->by_format[f], rp->cur ?
			&rp->cur->f[f] : &none);
}

static void
on_result(void *arg, const struct results_pair *p)
{
	struct report *rp = arg;

	if (p->tag != rp->cur_class) {
		class_flush(rp);
		rp->cur_class = p->tag;
		rp->cur = report_refs_find(rp->classes, p->tag);
	}
	results_pupils_add(&rp->pupils, p->student_id, p->res.mark);
	if (rp->p == P_NOW)
		results_pupils_add(&rp->by_format[pupil_format(rp,
			p->student_id)], p->student_id, p->res.mark);
}

static int
load_attendance(struct report *rp, struct db_stmt *st)
{
	int rc;

	while ((rc = db_step(st, &rp->r->err)) == DB_ROW) {
		struct report_node *n = report_refs_find(rp->classes,
			db_col_i64(st, 0));
		int64_t f = db_col_i64(st, 1);
		struct results_tally t;

		if (n == NULL || f < 0 || f >= F_COUNT)
			continue;
		memset(&t, 0, sizeof(t));
		t.attended = db_col_i64(st, 2);
		t.held = db_col_i64(st, 3);
		t.unexcused = db_col_i64(st, 4);
		results_tally_add(&n->t[rp->p], &t);
		if (rp->p == P_NOW) {
			results_tally_add(&n->f[f], &t);
			n->lessons += db_col_i64(st, 5);
			if (f != F_IN_SCHOOL)
				n->remote_lessons += db_col_i64(st, 5);
		}
	}
	return rc < 0 ? rc : 0;
}

/* Attendance then marks of period p (attendance first: the pupils'
** formats rest on the lessons held). */
static int
compute_period(struct report *rp, enum report_period p,
	const struct period *pd)
{
	struct req *r = rp->r;
	const struct school_calendar *cal = pd->cal;
	struct db_stmt *st;
	struct marks_period per;
	int q = pd->quarter;

	rp->p = p;
	rp->classes = pd->classes;
	rp->cur_class = 0;
	rp->cur = NULL;
	if ((st = db_prep(r->db, &q_att[rp->level], &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, rp->scope_id);
	db_bind_i64(st, 2, pd->year);
	db_bind_i64(st, 3, q);
	bind_date(st, 4, cal->quarters[q - 1].starts);
	bind_date(st, 5, cal->quarters[q - 1].ends);
	bind_date(st, 6, rp->today);
	if (load_attendance(rp, st) != 0)
		return ERR_DB;

	(void)marks_period_of_quarter(q, true, &per);
	if ((st = db_prep(r->db, &q_marks[rp->level], &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, rp->scope_id);
	db_bind_i64(st, 2, pd->year);
	db_bind_i64(st, 3, per.first_quarter);
	db_bind_i64(st, 4, q);
	bind_date(st, 5, cal->quarters[per.first_quarter - 1].starts);
	bind_date(st, 6, cal->quarters[q - 1].starts);
	bind_date(st, 7, cal->quarters[q - 1].ends);
	db_bind_i64(st, 8, per.last_quarter == q);
	if (results_stream(st, r->a, RESULTS_MARK_NCOLS, on_result, rp,
	    &r->err) != 0)
		return ERR_DB;
	class_flush(rp);
	return 0;
}

static const char *const format_names[F_COUNT] = { "in_school", "remote",
	"duty" };

/* The figures of DOMAIN.md "Reports" of a tally, as members. */
static void
write_figures(struct sb *s, const struct results_tally *t)
{
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
}

static void
write_node(struct req *r, const struct report_node *n, const char *scope,
	const struct period *pd)
{
	static const char *const period_keys[P_COUNT] = { NULL,
		"previous_quarter", "previous_year" };
	struct sb *s = &r->out;

	jw_obj_begin(s);
	if (scope != NULL) {
		jw_kv_str(s, "scope", scope);
	} else {
		jw_kv_str(s, "scope", arena_printf(r->a, "%s:%lld",
			scope_names[n->level], (long long)n->id));
		jw_kv_i64(s, "id", n->id);
		jw_kv_str(s, "name", n->name);
	}
	write_figures(s, &n->t[P_NOW]);
	for (int p = P_PREV_QUARTER; p < P_COUNT; p++) {
		jw_key(s, period_keys[p]);
		if (!pd[p].shown[n->level]) {
			jw_null(s);
			continue;
		}
		jw_obj_begin(s);
		jw_kv_i64(s, "year", pd[p].year);
		jw_kv_i64(s, "quarter", pd[p].quarter);
		write_figures(s, &n->t[p]);
		jw_obj_end(s);
	}
	jw_key(s, "by_format");
	jw_obj_begin(s);
	for (int f = 0; f < F_COUNT; f++) {
		jw_key(s, format_names[f]);
		jw_obj_begin(s);
		write_figures(s, &n->f[f]);
		jw_obj_end(s);
	}
	jw_obj_end(s);
	jw_key(s, "children");
	jw_arr_begin(s);
	for (const struct report_node *c = n->child; c; c = c->next)
		write_node(r, c, NULL, pd);
	jw_arr_end(s);
	jw_obj_end(s);
}

/* The calendar of year for the scope's school (or the national one). */
static int
calendar_of(struct req *r, const struct place *p, int year,
	struct school_calendar *cal)
{
	return school_calendar_load(r->db, p->school_id, year, cal, &r->err);
}

int
api_reports_quarter(struct req *r)
{
	const char *scope = req_query(r, "scope");
	struct school_calendar cal, cal_before;
	struct report_refs classes, classes_before, schools;
	struct period pd[P_COUNT];
	struct report rp;
	struct db_stmt *st;
	struct place p;
	int lv;
	int64_t id, year, quarter;

	if (scope_parse(scope, &lv, &id) != 0)
		return reply_err_field(r, ERR_BADREQ, "scope", "'scope' must "
			"be class:ID, school:ID, district:ID or region:ID");
	if (req_query_i64(r, "year", 2000, 2100,
	    results_year_default(school_today(r->now)), &year))
		return 0;
	if (authz(r, ACC_READ, scope_objs[lv], id, &p))
		return 0;
	if (!results_may_report(r->auth, &p))
		return reply_err(r, ERR_FORBIDDEN, "reports are for the "
			"school's administrators and education departments");
	/* a school's own calendar when the scope is inside one */
	if (calendar_of(r, &p, (int)year, &cal) != 0 ||
	    calendar_of(r, &p, (int)year - 1, &cal_before) != 0)
		return reply_error(r, NULL);
	if (req_query_i64(r, "quarter", 1, 4, results_quarter_default(&cal,
	    school_today(r->now)), &quarter))
		return 0;

	memset(&rp, 0, sizeof(rp));
	memset(&classes, 0, sizeof(classes));
	memset(&classes_before, 0, sizeof(classes_before));
	memset(&schools, 0, sizeof(schools));
	rp.r = r;
	rp.level = lv;
	rp.scope_id = id;
	rp.today = school_today(r->now);
	rp.root.level = lv;
	rp.root.id = id;
	results_pupils_init(&rp.pupils, r->a);
	for (int f = 0; f < F_COUNT; f++)
		results_pupils_init(&rp.by_format[f], r->a);

	/* this year's tree, then last year's classes mapped onto it */
	if ((st = db_prep(r->db, &q_tree[lv], &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, year);
	if (report_tree_load(r, &rp.root, st, &classes, &schools) != 0)
		return reply_error(r, NULL);
	if (lv != LV_CLASS) {
		if ((st = db_prep(r->db, &q_tree[lv], &r->err)) == NULL)
			return reply_error(r, NULL);
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, year - 1);
		if (report_tree_map_year(r, &rp.root, st, &schools,
		    &classes_before) != 0)
			return reply_error(r, NULL);
	}
	if ((st = db_prep(r->db, &q_groups[lv], &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, year);
	if (load_groups(&rp, st) != 0)
		return reply_error(r, NULL);

	/*
	** A class is a group of one school year (ours): it has the quarter
	** before only inside its year and no figures a year before; a
	** school, district and region have both.
	*/
	memset(pd, 0, sizeof(pd));
	pd[P_NOW] = (struct period){ (int)year, (int)quarter, &cal, &classes,
		{ true, true, true, true } };
	if (quarter > 1)
		pd[P_PREV_QUARTER] = (struct period){ (int)year,
			(int)quarter - 1, &cal, &classes,
			{ true, true, true, true } };
	else
		pd[P_PREV_QUARTER] = (struct period){ (int)year - 1, 4,
			&cal_before, &classes_before,
			{ true, true, true, false } };
	pd[P_PREV_YEAR] = (struct period){ (int)year - 1, (int)quarter,
		&cal_before, &classes_before, { true, true, true, false } };
	for (int k = 0; k < P_COUNT; k++)
		if (compute_period(&rp, (enum report_period)k, &pd[k]) != 0)
			return reply_error(r, NULL);

	report_tree_sum(&rp.root);
	write_node(r, &rp.root, scope, pd);
	return reply_json(r, 200);
}
