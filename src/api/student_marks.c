/* student_marks.c: GET /students/{id}/marks?year=YYYY&quarter=N */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "api/student_marks.h"
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
** the pupil's marks of the year (sorted by course, merged here).
*/
static struct query q_student = QUERY(
	"SELECT pe.full_name, c.id, c.grade, c.letter, c.year, c.school_id "
	"FROM pupils pu JOIN people pe ON pe.id = pu.person_id "
	"JOIN classes c ON c.id = pu.class_id WHERE pu.person_id = ?1");
/* the class's courses (a subgroup's for its members) and any other with
** the pupil's marks in the year (a pupil who changed class) */
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
	struct db_stmt *st, *ct, *mt;
	struct school_calendar cal;
	struct results_mark *mv;
	struct results_acc acc;
	int32_t today = school_today(r->now);
	int64_t id, year, quarter, class_id;
	size_t nm;
	int rc, lang = api_lang(r);
	char from[11], to[11];

	if (req_path_id(r, 0, &id))
		return 0;
	if (req_query_i64(r, "year", 2000, 2100, results_year_default(today),
	    &year) ||
	    req_query_i64(r, "quarter", 1, 4, 0, &quarter))
		return 0;
	if (authz(r, ACC_READ, OBJ_STUDENT, id, NULL))
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
	if (quarter == 0)
		quarter = results_quarter_default(&cal, today);
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
	jw_kv_i64(&r->out, "quarter", quarter);

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
		int first = halves ? (quarter <= 2 ? 1 : 3) : (int)quarter;
		int last = halves ? first + 1 : (int)quarter;
		size_t count, at = results_span(mv, nm, true, course_id,
			&count);

		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "subject", db_col_text(ct, 1 + lang));
		jw_kv_i64(&r->out, "course_id", course_id);
		jw_kv_str(&r->out, "periods", halves ? "halves" : "quarters");
		write_subject(r, count ? &mv[at] : NULL, count,
			cal.quarters[first - 1].starts,
			cal.quarters[last - 1].ends, &acc);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
