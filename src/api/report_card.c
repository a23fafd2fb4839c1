/* report_card.c: GET /students/{id}/report-card?year=YYYY */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "api/pupil_year.h"
#include "auth/authz.h"
#include "cache/answers.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/*
** A fixed number of queries whatever the year holds: the session and
** grants (auth), the pupil's place (authz), the pupil, the school's
** calendar (up to 3), the pupil's courses and all the pupil's marks of
** the year, sorted by course and merged here.
**
** The courses and marks: api/pupil_year.c.
**
** A period (quarter, or half-year for a subject taught 1 hour a week)
** that has not begun, or has no marks, has no mark. A period under way
** shows its result so far. The year mark is the rounded mean of the
** period marks (marks_year_compute) and is given once the school year's
** last quarter has ended (ours: before that it would not be final); the
** outcome follows from the year marks.
*/

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
	struct pupil_year py;
	struct results_acc acc;
	int32_t today = school_today(r->now);
	int64_t id, year;
	int *year_marks = NULL;
	size_t ny = 0, capy = 0;
	int rc, lang = api_lang(r), outcome;
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
	if (pupil_year_open(r, id, year, &py) != 0)
		return 0;
	year_over = today > py.cal.quarters[3].ends;
	results_acc_init(&acc, r->a);
	jw_key(&r->out, "subjects");
	jw_arr_begin(&r->out);
	while ((rc = db_step(py.courses, &r->err)) == DB_ROW) {
		int64_t course_id = db_col_i64(py.courses, 0);
		bool halves = db_col_i64(py.courses, 4) == 1;
		size_t count, first = results_span(py.marks, py.nmarks, true,
			course_id, &count);
		int ym;

		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "subject", db_col_text(py.courses,
			1 + lang));
		jw_kv_i64(&r->out, "course_id", course_id);
		jw_kv_str(&r->out, "periods", halves ? "halves" : "quarters");
		jw_key(&r->out, "quarters");
		ym = write_periods(r, &py.cal, halves, year_over,
			count ? &py.marks[first] : NULL, count, &acc);
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
