/* report_card.c: GET /students/{id}/report-card?year=YYYY */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/authz.h"
#include "cache/answers.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/* the route's handler (declared here until api/journal.h carries it) */

/*
** A fixed number of queries whatever the year holds: the session and
** grants (auth), the pupil's place (authz), the pupil, the school's
** calendar (up to 3), the pupil's courses and all the pupil's marks of
** the year, sorted by course and merged here.
**
** The courses: those of the pupil's class when the class is of that
** year (a subgroup's course only for its members), and any other course
** the pupil has marks in that year (a pupil who changed class).
**
** A period (quarter, or half-year for a subject taught 1 hour a week)
** that has not begun, or has no marks, has no mark. A period under way
** shows its result so far. The year mark is the rounded mean of the
** period marks (marks_year_compute) and is given once the school year's
** last quarter has ended (ours: before that it would not be final); the
** outcome follows from the year marks.
*/
static struct query q_student = QUERY(
	"SELECT pe.full_name, c.id, c.grade, c.letter, c.year, c.school_id "
	"FROM pupils pu JOIN people pe ON pe.id = pu.person_id "
	"JOIN classes c ON c.id = pu.class_id WHERE pu.person_id = ?1");
static struct query q_courses = QUERY(
	"SELECT co.id, s.name_kk, s.name_ru, s.name_en, co.hours_per_week "
	"FROM courses co JOIN subjects s ON s.id = co.subject_id "
	"WHERE (co.class_id = ?2 AND (co.subgroup_id IS NULL OR "
	"co.subgroup_id IN (SELECT subgroup_id FROM subgroup_members "
	"WHERE pupil_id = ?1))) OR co.id IN (SELECT l.course_id FROM marks m "
	"JOIN lessons l ON l.id = m.lesson_id WHERE m.student_id = ?1 AND "
	"l.date BETWEEN ?3 AND ?4) ORDER BY co.subject_id, co.id");
static struct query q_marks = QUERY(
	"SELECT " RESULTS_MARK_COLS " FROM marks m "
	"JOIN lessons l ON l.id = m.lesson_id "
	"WHERE m.student_id = ?1 AND l.date BETWEEN ?2 AND ?3 "
	"ORDER BY l.course_id, l.date, l.period, l.id, m.kind");

/* The marks of course v[0..n) by period; returns the year mark or 0. */
static int
write_periods(struct req *r, const struct school_calendar *cal,
	bool halves, bool year_over, const struct results_mark *v, size_t n,
	struct results_acc *acc)
{
	struct sb *s = &r->out;
	int32_t today = school_today(r->now);
	int marks[4], nmarks = 0, nper = halves ? 2 : 4;

	jw_arr_begin(s);
	for (int k = 0; k < nper; k++) {
		int first = halves ? 2 * k + 1 : k + 1;
		int last = halves ? 2 * k + 2 : k + 1;
		int32_t from = cal->quarters[first - 1].starts;
		int32_t to = cal->quarters[last - 1].ends;
		struct marks_result res;

		memset(&res, 0, sizeof(res));
		if (from <= today)
			results_compute(acc, v, n, from, to, &res);
		if (res.has_total)
			marks[nmarks++] = res.mark;
		jw_obj_begin(s);
		jw_kv_i64(s, "quarter", last);
		results_write_total(s, &res);
		jw_obj_end(s);
	}
	jw_arr_end(s);
	return year_over ? marks_year_compute(marks, (size_t)nmarks) : 0;
}

int
api_student_report_card(struct req *r)
{
	struct db_stmt *st, *ct, *mt;
	struct school_calendar cal;
	struct results_mark *mv;
	struct results_acc acc;
	int32_t today = school_today(r->now);
	int64_t id, year, class_id;
	int *year_marks = NULL;
	size_t nm, ny = 0, capy = 0;
	int rc, lang = api_lang(r), outcome;
	char from[11], to[11];
	bool year_over;
	struct place place;
	struct kept kept;

	if (req_path_id(r, 0, &id))
		return 0;
	if (req_query_i64(r, "year", 2000, 2100, results_year_default(today),
	    &year))
		return 0;
	if (authz(r, ACC_READ, OBJ_STUDENT, id, &place))
		return 0;
	if (answer_kept(r, &kept, arena_printf(r->a, "report-card/%lld/%lld/"
	    "%d/%d", (long long)id, (long long)year, lang, (int)today),
	    &place))
		return 0;
	if ((st = db_prep(r->db, &q_student, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	class_id = db_col_i64(st, 1);
	if (school_calendar_load(r->db, db_col_i64(st, 5), (int)year, &cal,
	    &r->err) != 0)
		return reply_error(r, NULL);
	year_over = today > cal.quarters[3].ends;
	date_format(cal.quarters[0].starts, from);
	date_format(cal.quarters[3].ends, to);

	jw_obj_begin(&r->out);
	jw_key(&r->out, "student");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "full_name", db_col_text(st, 0));
	jw_kv_i64(&r->out, "class_id", class_id);
	jw_kv_str(&r->out, "class_name", api_class_name(r, db_col_i64(st, 2),
		db_col_text(st, 3)));
	jw_obj_end(&r->out);
	jw_kv_i64(&r->out, "year", year);

	ct = db_prep(r->db, &q_courses, &r->err);
	mt = db_prep(r->db, &q_marks, &r->err);
	if (ct == NULL || mt == NULL)
		return reply_error(r, NULL);
	db_bind_i64(mt, 1, id);
	db_bind_text(mt, 2, from);
	db_bind_text(mt, 3, to);
	if (results_marks_load(mt, r->a, &mv, &nm, &r->err) != 0)
		return reply_error(r, NULL);
	db_bind_i64(ct, 1, id);
	db_bind_i64(ct, 2, db_col_i64(st, 4) == year ? class_id : 0);
	db_bind_text(ct, 3, from);
	db_bind_text(ct, 4, to);
	results_acc_init(&acc, r->a);
	jw_key(&r->out, "subjects");
	jw_arr_begin(&r->out);
	while ((rc = db_step(ct, &r->err)) == DB_ROW) {
		int64_t course_id = db_col_i64(ct, 0);
		bool halves = db_col_i64(ct, 4) == 1;
		size_t count, first = results_span(mv, nm, true, course_id,
			&count);
		int ym;

		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "subject", db_col_text(ct, 1 + lang));
		jw_kv_i64(&r->out, "course_id", course_id);
		jw_kv_str(&r->out, "periods", halves ? "halves" : "quarters");
		jw_key(&r->out, "quarters");
		ym = write_periods(r, &cal, halves, year_over,
			count ? &mv[first] : NULL, count, &acc);
		jw_key(&r->out, "year_mark");
		if (ym >= 2)
			jw_i64(&r->out, ym);
		else
			jw_null(&r->out);
		jw_obj_end(&r->out);
		if (ny == capy) {
			int *more;

			capy = capy ? capy * 2 : 32;
			more = arena_alloc(r->a, capy * sizeof(*more));
			if (ny)
				memcpy(more, year_marks, ny * sizeof(*more));
			year_marks = more;
		}
		year_marks[ny++] = ym >= 2 ? ym : 0;
	}
	jw_arr_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	outcome = marks_year_outcome(year_marks, ny, NULL);
	jw_kv_str(&r->out, "outcome", marks_outcome_name(outcome < 0 ?
		MARKS_OUTCOME_NONE : outcome));
	jw_obj_end(&r->out);
	return answer_keep(r, &kept);
}
