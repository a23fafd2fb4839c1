/* me_courses.c: GET /me/courses: the courses the caller teaches */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "api/me_courses.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/*
** The teacher's journal page lists these to open a course's gradebook.
** Only the caller's own courses (courses.teacher_id), so no further access
** check: a lesson given as a substitute is reached through /me/lessons.
** "today" is the school's today (UTC+5, or `serve --today`), which the
** page needs to ask /me/lessons for today's lessons.
** Newest school year first, then by class and subject; a teacher has tens
** of courses a year, so one unpaged query (capped) is enough.
*/
static struct query q_my_courses = QUERY(
	"SELECT co.id, co.class_id, c.grade, c.letter, c.year, c.school_id, "
	"s.name_kk, s.name_ru, s.name_en, co.subgroup_id, sg.name, "
	"co.hours_per_week FROM courses co "
	"JOIN classes c ON c.id = co.class_id "
	"JOIN subjects s ON s.id = co.subject_id "
	"LEFT JOIN subgroups sg ON sg.id = co.subgroup_id "
	"WHERE co.teacher_id = ?1 "
	"ORDER BY c.year DESC, c.grade, c.letter, s.name_kk, co.id "
	"LIMIT 1000");

int
api_me_courses(struct req *r)
{
	struct db_stmt *st;
	char today[16];
	int rc, lang = api_lang(r);

	if ((st = db_prep(r->db, &q_my_courses, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, r->auth->person_id);
	date_format(school_today(r->now), today);
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "today", today);
	jw_key(&r->out, "courses");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "course_id", db_col_i64(st, 0));
		jw_kv_i64(&r->out, "class_id", db_col_i64(st, 1));
		jw_kv_str(&r->out, "class_name", api_class_name(r,
			db_col_i64(st, 2), db_col_text(st, 3)));
		jw_kv_i64(&r->out, "year", db_col_i64(st, 4));
		jw_kv_i64(&r->out, "school_id", db_col_i64(st, 5));
		jw_kv_str(&r->out, "subject", db_col_text(st, 6 + lang));
		api_write_ref(r, "subgroup", st, 9, "name");
		jw_kv_i64(&r->out, "hours_per_week", db_col_i64(st, 11));
		jw_obj_end(&r->out);
	}
	if (rc < 0)
		return reply_error(r, NULL);
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
