/* student_marks.c: GET /students/{id}/marks?year=YYYY&quarter=N */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "api/student_marks.h"
#include "api/pupil_year.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/*
** A pupil's quarter as the pupil and their parents see it (the web
** page's "marks" page): per subject, every mark of the period with its
** date, the ФО%, СОР% and СОЧ% parts and the result so far, computed by
** the same code as the gradebook (journal/results.c). For a subject
** taught 1 hour a week the period is the half-year holding the quarter.
** Who may read it: as the diary (authz OBJ_STUDENT). Defaults: the
** current school year and quarter (results_*_default).
**
** A fixed number of queries: the pupil, the calendar, the courses and
** the pupil's marks of the year (api/pupil_year.c), merged here.
*/

/* One subject: its marks dated from..to, its parts and result. */
static void
write_subject(struct req *r, const struct results_mark *v, size_t n,
	int32_t from, int32_t to, struct results_acc *acc)
{
	struct sb *s = &r->out;
	struct marks_result res;
	char day[11];
	const char *part_key[3] = { "fo_pct", "sor_pct", "soch_pct" };
	bool part_has[3];
	double part_pct[3];

	jw_key(s, "marks");
	jw_arr_begin(s);
	for (size_t i = 0; i < n; i++) {
		if (v[i].date < from || v[i].date > to)
			continue;
		date_format(v[i].date, day);
		jw_obj_begin(s);
		jw_kv_i64(s, "lesson_id", v[i].lesson_id);
		jw_kv_str(s, "date", day);
		jw_kv_str(s, "kind", marks_kind_name(v[i].kind));
		jw_kv_i64(s, "value", v[i].value);
		jw_key(s, "max");
		if (v[i].kind == MARKS_FORMATIVE)
			jw_null(s);
		else
			jw_i64(s, v[i].max);
		jw_obj_end(s);
	}
	jw_arr_end(s);
	results_compute(acc, v, n, from, to, &res);
	part_has[0] = res.has_fo;
	part_has[1] = res.has_sor;
	part_has[2] = res.has_soch;
	part_pct[0] = res.fo_pct;
	part_pct[1] = res.sor_pct;
	part_pct[2] = res.soch_pct;
	jw_key(s, "result");
	jw_obj_begin(s);
	for (int k = 0; k < 3; k++) {
		jw_key(s, part_key[k]);
		if (part_has[k])
			jw_f64(s, part_pct[k], 1);
		else
			jw_null(s);
	}
	results_write_total(s, &res);
	jw_obj_end(s);
}

int
api_student_marks(struct req *r)
{
	struct pupil_year py;
	struct results_acc acc;
	int32_t today = school_today(r->now);
	int64_t id, year, quarter;
	int rc, lang = api_lang(r);

	if (req_path_id(r, 0, &id))
		return 0;
	if (req_query_i64(r, "year", 2000, 2100, results_year_default(today),
	    &year) ||
	    req_query_i64(r, "quarter", 1, 4, 0, &quarter))
		return 0;
	if (authz(r, ACC_READ, OBJ_STUDENT, id, NULL))
		return 0;
	if (pupil_year_open(r, id, year, &py) != 0)
		return 0;
	if (quarter == 0)
		quarter = results_quarter_default(&py.cal, today);
	jw_kv_i64(&r->out, "quarter", quarter);
	results_acc_init(&acc, r->a);
	jw_key(&r->out, "subjects");
	jw_arr_begin(&r->out);
	while ((rc = db_step(py.courses, &r->err)) == DB_ROW) {
		int64_t course_id = db_col_i64(py.courses, 0);
		bool halves = db_col_i64(py.courses, 4) == 1;
		int first = halves ? (quarter <= 2 ? 1 : 3) : (int)quarter;
		int last = halves ? first + 1 : (int)quarter;
		size_t count, at = results_span(py.marks, py.nmarks, true,
			course_id, &count);

		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "subject", db_col_text(py.courses,
			1 + lang));
		jw_kv_i64(&r->out, "course_id", course_id);
		jw_kv_str(&r->out, "periods", halves ? "halves" : "quarters");
		write_subject(r, count ? &py.marks[at] : NULL, count,
			py.cal.quarters[first - 1].starts,
			py.cal.quarters[last - 1].ends, &acc);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
