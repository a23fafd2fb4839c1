/* student_assignments.c: a pupil's work by day and subject, with status
** and result (what the pupil and the parents see) */
#include "core/common.h"
#include "assign/assign.h"
#include "api/journal.h"
#include "http/reply.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

#define SPAN_MAX_DAYS 62

/*
** Every assignment of the pupil's courses (their group's, for a course of
** a subgroup) whose day is in [from, to], with the pupil's hand-in and the
** mark it brought, as it is in the journal now. Ordered so that one
** day's work of one course comes together: that is one task.
*/
static struct query q_work = QUERY(
	"SELECT a.day, a.course_id, s.name_kk, s.name_ru, s.name_en, a.id, "
	"a.title, a.lesson_id, a.due_at, a.max_points, a.day_task, h.id, "
	"h.handed_in_at, h.late, h.returned_at, h.points, h.comment, "
	"h.mark_lesson_id, h.mark_kind, m.value, m.max "
	"FROM pupils p JOIN courses co ON co.class_id = p.class_id "
	"JOIN assignments a ON a.course_id = co.id "
	"JOIN subjects s ON s.id = co.subject_id "
	"LEFT JOIN handins h ON h.assignment_id = a.id AND "
	"h.student_id = p.person_id "
	"LEFT JOIN marks m ON m.lesson_id = h.mark_lesson_id AND "
	"m.student_id = h.student_id AND m.kind = h.mark_kind "
	"WHERE p.person_id = ?1 AND a.day >= ?2 AND a.day <= ?3 AND "
	"(co.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm "
	"WHERE sm.subgroup_id = co.subgroup_id AND sm.pupil_id = p.person_id)) "
	"ORDER BY a.day, co.id, a.id");

static void
opt_i64(struct req *r, const char *key, struct db_stmt *st, int col)
{
	jw_key(&r->out, key);
	if (db_col_null(st, col))
		jw_null(&r->out);
	else
		jw_i64(&r->out, db_col_i64(st, col));
}

static void
write_work(struct req *r, struct db_stmt *st)
{
	bool in = !db_col_null(st, 11), ret = !db_col_null(st, 14);

	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", db_col_i64(st, 5));
	jw_kv_str(&r->out, "title", db_col_text(st, 6));
	opt_i64(r, "lesson_id", st, 7);
	assign_kv_time(r, "due_at", db_col_i64(st, 8), true);
	jw_kv_i64(&r->out, "max_points", db_col_i64(st, 9));
	jw_kv_bool(&r->out, "day_task", db_col_i64(st, 10) != 0);
	jw_kv_str(&r->out, "status", !in ? "not_handed_in" : ret ?
		"returned" : "handed_in");
	jw_kv_bool(&r->out, "overdue", !in && r->now > db_col_i64(st, 8));
	opt_i64(r, "handin_id", st, 11);
	assign_kv_time(r, "handed_in_at", db_col_i64(st, 12), in);
	jw_kv_bool(&r->out, "late", in && db_col_i64(st, 13) != 0);
	assign_kv_time(r, "returned_at", db_col_i64(st, 14), ret);
	opt_i64(r, "points", st, 15);
	jw_kv_str(&r->out, "comment", db_col_text(st, 16));
	jw_key(&r->out, "mark");
	if (db_col_null(st, 19)) {
		jw_null(&r->out);
	} else {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "lesson_id", db_col_i64(st, 17));
		jw_kv_str(&r->out, "kind", db_col_text(st, 18));
		jw_kv_i64(&r->out, "value", db_col_i64(st, 19));
		opt_i64(r, "max", st, 20);
		jw_obj_end(&r->out);
	}
	jw_obj_end(&r->out);
}

int
api_student_assignments(struct req *r)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	char day[11] = "", course[24] = "";
	struct db_stmt *st;
	int64_t id;
	int32_t d0, d1;
	int lang = api_lang(r), rc;

	if (req_path_id(r, 0, &id) ||
	    authz(r, ACC_READ, OBJ_STUDENT, id, NULL))
		return 0;
	if (date_parse(from, &d0) != 0)
		return reply_err_field(r, ERR_BADREQ, "from", "'from' must be "
			"a date YYYY-MM-DD");
	if (date_parse(to, &d1) != 0)
		return reply_err_field(r, ERR_BADREQ, "to", "'to' must be a "
			"date YYYY-MM-DD");
	if (d1 < d0 || d1 - d0 >= SPAN_MAX_DAYS)
		return reply_err_field(r, ERR_INVAL, "to", "'to' must be from "
			"'from' to %d days after it", SPAN_MAX_DAYS - 1);
	if ((st = db_prep(r->db, &q_work, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "student_id", id);
	jw_kv_str(&r->out, "from", from);
	jw_kv_str(&r->out, "to", to);
	jw_key(&r->out, "days");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		const char *d = db_col_text(st, 0);
		char co[24];

		snprintf(co, sizeof(co), "%lld", (long long)db_col_i64(st, 1));
		if (strcmp(d, day) != 0) {
			if (*day) {
				jw_arr_end(&r->out);    /* assignments */
				jw_obj_end(&r->out);    /* task */
				jw_arr_end(&r->out);    /* tasks */
				jw_obj_end(&r->out);    /* day */
			}
			snprintf(day, sizeof(day), "%s", d);
			*course = '\0';
			jw_obj_begin(&r->out);
			jw_kv_str(&r->out, "date", day);
			jw_key(&r->out, "tasks");
			jw_arr_begin(&r->out);
		}
		if (strcmp(co, course) != 0) {
			if (*course) {
				jw_arr_end(&r->out);
				jw_obj_end(&r->out);
			}
			snprintf(course, sizeof(course), "%s", co);
			jw_obj_begin(&r->out);
			jw_kv_i64(&r->out, "course_id", db_col_i64(st, 1));
			jw_kv_str(&r->out, "subject", db_col_text(st, 2 + lang));
			jw_key(&r->out, "assignments");
			jw_arr_begin(&r->out);
		}
		write_work(r, st);
	}
	if (*day) {
		jw_arr_end(&r->out);
		jw_obj_end(&r->out);
		jw_arr_end(&r->out);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
