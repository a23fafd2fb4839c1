/* pupil_year.c: a pupil's school year as the report card and the marks
** page read it */
#include "core/common.h"
#include "api/api.h"
#include "api/pupil_year.h"
#include "http/reply.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

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

int
pupil_year_open(struct req *r, int64_t id, int64_t year,
	struct pupil_year *py)
{
	struct db_stmt *st, *mt;
	char from[11], to[11];
	int rc;

	memset(py, 0, sizeof(*py));
	py->id = id;
	if ((st = db_prep(r->db, &q_student, &r->err)) == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return (rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found")), -1;
	py->class_id = db_col_i64(st, 1);
	if (school_calendar_load(r->db, db_col_i64(st, 5), (int)year,
	    &py->cal, &r->err) != 0)
		return reply_error(r, NULL), -1;
	date_format(py->cal.quarters[0].starts, from);
	date_format(py->cal.quarters[3].ends, to);

	jw_obj_begin(&r->out);
	jw_key(&r->out, "student");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "full_name", db_col_text(st, 0));
	jw_kv_i64(&r->out, "class_id", py->class_id);
	jw_kv_str(&r->out, "class_name", api_class_name(r, db_col_i64(st, 2),
		db_col_text(st, 3)));
	jw_obj_end(&r->out);
	jw_kv_i64(&r->out, "year", year);

	py->courses = db_prep(r->db, &q_courses, &r->err);
	mt = db_prep(r->db, &q_marks, &r->err);
	if (py->courses == NULL || mt == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(mt, 1, id);
	db_bind_text(mt, 2, from);
	db_bind_text(mt, 3, to);
	if (results_marks_load(mt, r->a, &py->marks, &py->nmarks,
	    &r->err) != 0)
		return reply_error(r, NULL), -1;
	db_bind_i64(py->courses, 1, id);
	db_bind_i64(py->courses, 2, db_col_i64(st, 4) == year ?
		py->class_id : 0);
	db_bind_text(py->courses, 3, from);
	db_bind_text(py->courses, 4, to);
	return 0;
}
