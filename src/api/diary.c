/* diary.c: GET /students/{id}/diary?week=YYYY-Www */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"
#include "cache/answers.h"
#include "api/tv.h"

/*
** A fixed number of queries whatever the week holds: the session and
** grants (auth), the pupil's place (authz), the pupil, the week's lessons
** with attendance, the week's marks, the week's TV broadcasts for the
** pupil's grade (api/tv_diary.c). Lessons and marks both come sorted
** by (date, period, lesson) and are merged here.
*/
static struct query q_student = QUERY(
	"SELECT p.full_name, c.id, c.grade, c.letter FROM pupils pu "
	"JOIN people p ON p.id = pu.person_id "
	"JOIN classes c ON c.id = pu.class_id WHERE pu.person_id = ?1");
static struct query q_week_lessons = QUERY(
	"SELECT l.id, l.date, l.period, l.starts, l.ends, s.name_kk, "
	"s.name_ru, s.name_en, t.full_name, l.topic, l.homework, l.mode, "
	"l.link, a.status, l.status FROM lessons l "
	"JOIN courses co ON co.id = l.course_id "
	"JOIN subjects s ON s.id = co.subject_id "
	"LEFT JOIN people t ON t.id = l.teacher_id "
	"LEFT JOIN attendance a ON a.lesson_id = l.id AND a.student_id = ?1 "
	"WHERE l.class_id = ?2 AND l.date BETWEEN ?3 AND ?4 AND "
	"(co.subgroup_id IS NULL OR co.subgroup_id IN (SELECT subgroup_id "
	"FROM subgroup_members WHERE pupil_id = ?1)) "
	"ORDER BY l.date, l.period, l.id");
static struct query q_week_marks = QUERY(
	"SELECT l.id, m.kind, m.value, m.max, l.date, l.period FROM marks m "
	"JOIN lessons l ON l.id = m.lesson_id "
	"WHERE m.student_id = ?1 AND l.class_id = ?2 AND "
	"l.date BETWEEN ?3 AND ?4 ORDER BY l.date, l.period, l.id, m.kind");

/* The language for names: ?lang=, else Accept-Language, else Kazakh. */
int
api_lang(struct req *r)
{
	const char *l = req_query(r, "lang");

	if (l == NULL)
		l = req_header(r, "Accept-Language");
	if (l != NULL && strncmp(l, "ru", 2) == 0)
		return 1;
	if (l != NULL && strncmp(l, "en", 2) == 0)
		return 2;
	return 0;
}

/* Is the mark row m ordered before lesson row l (date, period, id)? */
static bool
mark_before(struct db_stmt *m, struct db_stmt *l)
{
	int c = strcmp(db_col_text(m, 4), db_col_text(l, 1));

	if (c != 0)
		return c < 0;
	if (db_col_i64(m, 5) != db_col_i64(l, 2))
		return db_col_i64(m, 5) < db_col_i64(l, 2);
	return db_col_i64(m, 0) < db_col_i64(l, 0);
}

/* The marks of lesson row l; marks of lessons not shown are skipped. */
static void
write_marks(struct req *r, struct db_stmt *m, int *mrc, struct db_stmt *l)
{
	int64_t lesson_id = db_col_i64(l, 0);

	while (*mrc == DB_ROW && mark_before(m, l))
		*mrc = db_step(m, &r->err);
	jw_key(&r->out, "marks");
	jw_arr_begin(&r->out);
	while (*mrc == DB_ROW && db_col_i64(m, 0) == lesson_id) {
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "kind", db_col_text(m, 1));
		jw_kv_i64(&r->out, "value", db_col_i64(m, 2));
		jw_key(&r->out, "max");
		if (db_col_null(m, 3))
			jw_null(&r->out);
		else
			jw_i64(&r->out, db_col_i64(m, 3));
		jw_obj_end(&r->out);
		*mrc = db_step(m, &r->err);
	}
	jw_arr_end(&r->out);
}

int
api_student_diary(struct req *r)
{
	const char *week = req_query(r, "week");
	char from[11], to[11], wk[9], day[11];
	struct db_stmt *st, *lt, *mt;
	struct place place;
	struct kept kept;
	struct tv_week tv;
	int64_t id, class_id;
	int32_t monday, today = school_today(r->now);
	int lang = api_lang(r), rc, mrc;

	if (req_path_id(r, 0, &id))
		return 0;
	if (week == NULL) {
		monday = today - (date_weekday(today) - 1);
	} else if (date_parse_week(week, &monday) != 0) {
		return reply_err_field(r, ERR_BADREQ, "week", "'week' must be "
			"an ISO week like 2025-W03");
	}
	if (authz(r, ACC_READ, OBJ_STUDENT, id, &place))
		return 0;
	/* the same for everyone allowed to see it: kept per pupil, week,
	** language and school day */
	if (answer_kept(r, &kept, arena_printf(r->a, "diary/%lld/%d/%d/%d",
	    (long long)id, (int)monday, lang, (int)today), &place))
		return 0;
	if ((st = db_prep(r->db, &q_student, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	class_id = db_col_i64(st, 1);
	/* the TV broadcasts of the pupil's grade (api/tv_diary.c) */
	if (tv_week_load(r, (int)db_col_i64(st, 2), place.region_id, monday,
	    lang, &tv) != 0)
		return reply_error(r, NULL);
	date_format(monday, from);
	date_format(monday + 6, to);
	date_format_week(monday, wk);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "student");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "full_name", db_col_text(st, 0));
	jw_kv_i64(&r->out, "class_id", class_id);
	jw_key(&r->out, "class_name");
	jw_str(&r->out, api_class_name(r, db_col_i64(st, 2),
		db_col_text(st, 3)));
	jw_obj_end(&r->out);
	jw_kv_str(&r->out, "week", wk);

	lt = db_prep(r->db, &q_week_lessons, &r->err);
	mt = db_prep(r->db, &q_week_marks, &r->err);
	if (lt == NULL || mt == NULL)
		return reply_error(r, NULL);
	for (struct db_stmt *q = lt; q; q = q == lt ? mt : NULL) {
		db_bind_i64(q, 1, id);
		db_bind_i64(q, 2, class_id);
		db_bind_text(q, 3, from);
		db_bind_text(q, 4, to);
	}
	mrc = db_step(mt, &r->err);
	jw_key(&r->out, "days");
	jw_arr_begin(&r->out);
	/* Monday to Friday always; a weekend day only when it has lessons */
	rc = db_step(lt, &r->err);
	for (int32_t d = monday; d < monday + 7; d++) {
		date_format(d, day);
		if (d >= monday + 5 && !(rc == DB_ROW &&
		    strcmp(db_col_text(lt, 1), day) == 0))
			continue;
		jw_obj_begin(&r->out);
		jw_kv_str(&r->out, "date", day);
		jw_key(&r->out, "lessons");
		jw_arr_begin(&r->out);
		while (rc == DB_ROW && strcmp(db_col_text(lt, 1), day) == 0) {
			bool held = d <= today &&
				strcmp(db_col_text(lt, 14), "scheduled") == 0;

			jw_obj_begin(&r->out);
			jw_kv_i64(&r->out, "lesson_id", db_col_i64(lt, 0));
			jw_kv_i64(&r->out, "period", db_col_i64(lt, 2));
			jw_kv_str(&r->out, "starts", db_col_text(lt, 3));
			jw_kv_str(&r->out, "ends", db_col_text(lt, 4));
			jw_kv_str(&r->out, "subject", db_col_text(lt, 5 + lang));
			jw_kv_str(&r->out, "teacher", db_col_text(lt, 8));
			jw_kv_str(&r->out, "topic", db_col_text(lt, 9));
			jw_kv_str(&r->out, "homework", db_col_text(lt, 10));
			jw_kv_str(&r->out, "mode", db_col_text(lt, 11));
			jw_kv_str(&r->out, "link", db_col_text(lt, 12));
			write_marks(r, mt, &mrc, lt);
			/* teachers record the late and absent: a held
			** lesson without a row means present */
			jw_kv_str(&r->out, "attendance", !db_col_null(lt, 13) ?
				db_col_text(lt, 13) : held ? "present" : NULL);
			jw_kv_str(&r->out, "status", db_col_text(lt, 14));
			jw_obj_end(&r->out);
			rc = db_step(lt, &r->err);
		}
		jw_arr_end(&r->out);
		tv_day_write(r, &tv, d);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0 || mrc < 0)
		return reply_error(r, NULL);
	return answer_keep(r, &kept);
}
