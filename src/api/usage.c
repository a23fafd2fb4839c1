/* usage.c: GET /reports/usage?scope=KIND:ID&from=&to= (docs/DISTANCE.md
** "Figures") */
#include "core/common.h"
#include "api/usage.h"
#include "api/scope.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"

/*
** Per day of the range: lessons held by mode, views, marks, assignments
** set, hand-ins and users; users per ISO week. Seven queries whatever the
** scope's size (after the session and authz), each one index range of
** days grouped in SQL. The scope's classes (of every year) are a
** subquery; its people (users) are the pupils of those classes, their
** parents, their courses' teachers, and the staff and officials whose
** roles sit in the scope.
**
** Days are the schools' local dates (UTC+5): a lesson's date, the day a
** view or a request was counted (views.c), an assignment's day, and the
** local date of a hand-in's time (its latest hand-in: handing in again
** replaces it).
*/
#define USAGE_DAYS_MAX 366
#define LOCAL_OFFSET_S (5 * 3600)

enum level { L_REGION, L_DISTRICT, L_SCHOOL, L_CLASS, L_COUNT };


/* The scope's classes, ?1 the scope's id. */
#define C_REGION "SELECT c2.id FROM districts d2 " \
	"JOIN schools s2 ON s2.district_id = d2.id " \
	"JOIN classes c2 ON c2.school_id = s2.id WHERE d2.region_id = ?1"
#define C_DISTRICT "SELECT c2.id FROM schools s2 " \
	"JOIN classes c2 ON c2.school_id = s2.id WHERE s2.district_id = ?1"
#define C_SCHOOL "SELECT c2.id FROM classes c2 WHERE c2.school_id = ?1"
#define C_CLASS "SELECT c2.id FROM classes c2 WHERE c2.id = ?1"

/* Staff and officials with a role in the scope. */
#define S_REGION " UNION SELECT ro.person_id FROM roles ro " \
	"WHERE ro.region_id = ?1 OR ro.district_id IN (SELECT d3.id FROM " \
	"districts d3 WHERE d3.region_id = ?1) OR ro.school_id IN (SELECT " \
	"s3.id FROM schools s3 JOIN districts d3 ON d3.id = s3.district_id " \
	"WHERE d3.region_id = ?1)"
#define S_DISTRICT " UNION SELECT ro.person_id FROM roles ro " \
	"WHERE ro.district_id = ?1 OR ro.school_id IN (SELECT s3.id FROM " \
	"schools s3 WHERE s3.district_id = ?1)"
#define S_SCHOOL " UNION SELECT ro.person_id FROM roles ro " \
	"WHERE ro.school_id = ?1"
#define S_CLASS ""

/* ?2 ?3 the first and last day, ?4 today. */
#define LESSONS_SQL(in) "SELECT l.date, l.mode, COUNT(*) FROM lessons l " \
	"WHERE l.class_id IN (" in ") AND l.date BETWEEN ?2 AND ?3 AND " \
	"l.date <= ?4 AND l.status = 'scheduled' GROUP BY l.date, l.mode"
#define VIEWS_SQL(in) "SELECT v.day, COUNT(*) FROM lesson_views v " \
	"JOIN lessons l ON l.id = v.lesson_id WHERE v.day BETWEEN ?2 AND ?3 " \
	"AND l.class_id IN (" in ") GROUP BY v.day"
#define MARKS_SQL(in) "SELECT l.date, COUNT(*) FROM lessons l " \
	"JOIN marks m ON m.lesson_id = l.id WHERE l.class_id IN (" in ") " \
	"AND l.date BETWEEN ?2 AND ?3 GROUP BY l.date"
#define ASSIGNMENTS_SQL(in) "SELECT a.day, COUNT(*) FROM assignments a " \
	"JOIN courses co ON co.id = a.course_id WHERE co.class_id IN (" in \
	") AND a.day BETWEEN ?2 AND ?3 GROUP BY a.day"
/* ?2 ?3 here: the first and the end (excluded) of the range in Unix
** seconds; the group is the local day number (18000 s: UTC+5). */
#define HANDINS_SQL(in) "SELECT (h.handed_in_at + 18000) / 86400, " \
	"COUNT(*) " \
	"FROM handins h JOIN assignments a ON a.id = h.assignment_id " \
	"JOIN courses co ON co.id = a.course_id WHERE co.class_id IN (" in \
	") AND h.handed_in_at >= ?2 AND h.handed_in_at < ?3 " \
	"GROUP BY (h.handed_in_at + 18000) / 86400"
#define PERSONS(in, staff) "SELECT pu.person_id FROM pupils pu " \
	"WHERE pu.class_id IN (" in ") UNION SELECT pl.parent_id FROM " \
	"parent_links pl JOIN pupils pu ON pu.person_id = pl.pupil_id " \
	"WHERE pu.class_id IN (" in ") UNION SELECT co.teacher_id FROM " \
	"courses co WHERE co.class_id IN (" in ") AND co.teacher_id IS NOT " \
	"NULL" staff
#define USERS_SQL(in, staff) "SELECT u.day, COUNT(*) FROM usage_users u " \
	"WHERE u.day BETWEEN ?2 AND ?3 AND u.person_id IN (" \
	PERSONS(in, staff) ") GROUP BY u.day"
#define WEEKS_SQL(in, staff) "SELECT u.week, COUNT(DISTINCT u.person_id) " \
	"FROM usage_users u WHERE u.day BETWEEN ?2 AND ?3 AND " \
	"u.person_id IN (" PERSONS(in, staff) ") GROUP BY u.week " \
	"ORDER BY u.week"

#define BY_LEVEL(m) { QUERY(m(C_REGION)), QUERY(m(C_DISTRICT)), \
	QUERY(m(C_SCHOOL)), QUERY(m(C_CLASS)) }
#define BY_LEVEL2(m) { QUERY(m(C_REGION, S_REGION)), \
	QUERY(m(C_DISTRICT, S_DISTRICT)), QUERY(m(C_SCHOOL, S_SCHOOL)), \
	QUERY(m(C_CLASS, S_CLASS)) }

static struct query q_lessons[L_COUNT] = BY_LEVEL(LESSONS_SQL);
static struct query q_views[L_COUNT] = BY_LEVEL(VIEWS_SQL);
static struct query q_marks[L_COUNT] = BY_LEVEL(MARKS_SQL);
static struct query q_assignments[L_COUNT] = BY_LEVEL(ASSIGNMENTS_SQL);
static struct query q_handins[L_COUNT] = BY_LEVEL(HANDINS_SQL);
static struct query q_users[L_COUNT] = BY_LEVEL2(USERS_SQL);
static struct query q_weeks[L_COUNT] = BY_LEVEL2(WEEKS_SQL);

static const char *const modes[] = { "in_person", "online_sync",
	"online_async", "tv" };
#define NMODES 4

enum figure { F_VIEWS, F_MARKS, F_ASSIGNMENTS, F_HANDINS, F_USERS, F_N };
static const char *const figure_names[F_N] = { "views", "marks",
	"assignments", "handins", "users" };

struct day_figures {
	int64_t lessons[NMODES];
	int64_t f[F_N];
};

static int
range_parse(struct req *r, int32_t *from, int32_t *to)
{
	const char *f = req_query(r, "from"), *t = req_query(r, "to");

	*to = school_today(r->now);
	if (t != NULL && date_parse(t, to) != 0)
		return reply_err_field(r, ERR_BADREQ, "to", "'to' must be a "
			"date YYYY-MM-DD"), -1;
	*from = *to - 6;
	if (f != NULL && date_parse(f, from) != 0)
		return reply_err_field(r, ERR_BADREQ, "from", "'from' must be "
			"a date YYYY-MM-DD"), -1;
	if (*to < *from || *to - *from >= USAGE_DAYS_MAX)
		return reply_err_field(r, ERR_INVAL, "to", "the range must be "
			"1 to %d days", USAGE_DAYS_MAX), -1;
	return 0;
}

/* Run q for the scope and add its rows (day, [mode,] count) to d. */
static int
tally(struct req *r, struct query *q, int64_t id, int32_t from, int32_t to,
	struct day_figures *d, int fig)
{
	struct db_stmt *st = db_prep(r->db, q, &r->err);
	char a[11], b[11], today[11];
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (fig == F_HANDINS) {
		db_bind_i64(st, 2, (int64_t)from * 86400 - LOCAL_OFFSET_S);
		db_bind_i64(st, 3, (int64_t)(to + 1) * 86400 - LOCAL_OFFSET_S);
	} else {
		date_format(from, a);
		date_format(to, b);
		date_format(school_today(r->now), today);
		db_bind_text(st, 2, a);
		db_bind_text(st, 3, b);
		if (fig < 0)
			db_bind_text(st, 4, today);
	}
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int32_t day;

		if (fig == F_HANDINS)
			day = (int32_t)db_col_i64(st, 0);
		else if (date_parse(db_col_text(st, 0), &day) != 0)
			continue;
		if (day < from || day > to)
			continue;
		if (fig < 0) {
			for (int m = 0; m < NMODES; m++)
				if (strcmp(db_col_text(st, 1), modes[m]) == 0)
					d[day - from].lessons[m] +=
						db_col_i64(st, 2);
		} else {
			d[day - from].f[fig] += db_col_i64(st, 1);
		}
	}
	return rc < 0 ? -1 : 0;
}

static void
write_days(struct req *r, const struct day_figures *d, int32_t from,
	int32_t to)
{
	jw_key(&r->out, "days");
	jw_arr_begin(&r->out);
	for (int32_t day = from; day <= to; day++) {
		const struct day_figures *x = &d[day - from];
		char s[11];

		date_format(day, s);
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "date", s);
		jw_key(&r->out, "lessons");
		jw_obj_begin(&r->out);
		for (int m = 0; m < NMODES; m++)
			jw_kv_i64(&r->out, modes[m], x->lessons[m]);
		jw_obj_end(&r->out);
		for (int f = 0; f < F_N; f++)
			jw_kv_i64(&r->out, figure_names[f], x->f[f]);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
}

int
api_reports_usage(struct req *r)
{
	struct query *per_day[F_N];
	struct day_figures *d;
	struct db_stmt *st;
	struct place p;
	int32_t from, to;
	int64_t id;
	char a[11], b[11];
	int lv, rc;

	if (scope_parse(req_query(r, "scope"), &lv, &id) != 0)
		return reply_err_field(r, ERR_BADREQ, "scope", "'scope' must "
			"be class:ID, school:ID, district:ID or region:ID");
	if (range_parse(r, &from, &to) ||
	    authz(r, ACC_READ, scope_objs[lv], id, &p))
		return 0;
	if (!results_may_report(r->auth, &p))
		return reply_err(r, ERR_FORBIDDEN, "reports are for the "
			"school's administrators and education departments");
	d = arena_alloc(r->a, (size_t)(to - from + 1) * sizeof(*d));
	memset(d, 0, (size_t)(to - from + 1) * sizeof(*d));
	per_day[F_VIEWS] = &q_views[lv];
	per_day[F_MARKS] = &q_marks[lv];
	per_day[F_ASSIGNMENTS] = &q_assignments[lv];
	per_day[F_HANDINS] = &q_handins[lv];
	per_day[F_USERS] = &q_users[lv];
	if (tally(r, &q_lessons[lv], id, from, to, d, -1) != 0)
		return reply_error(r, NULL);
	for (int f = 0; f < F_N; f++)
		if (tally(r, per_day[f], id, from, to, d, f) != 0)
			return reply_error(r, NULL);
	date_format(from, a);
	date_format(to, b);
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "scope", req_query(r, "scope"));
	jw_kv_str(&r->out, "from", a);
	jw_kv_str(&r->out, "to", b);
	write_days(r, d, from, to);
	if ((st = db_prep(r->db, &q_weeks[lv], &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
	jw_key(&r->out, "weeks");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "week", db_col_text(st, 0));
		jw_kv_i64(&r->out, "users", db_col_i64(st, 1));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return rc < 0 ? reply_error(r, NULL) : reply_json(r, 200);
}
