/* lessons.c: GET and PATCH /lessons/{id}, GET /me/lessons */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lesson.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

static const char *const modes[] = { "in_person", "online_sync",
	"online_async", "tv", NULL };

/* A link a pupil may open: http(s), no spaces or control characters
** (also online.c, tv.c). */
bool
lesson_link_ok(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == '<' || *p == '>' ||
		    *p == 0x7f)
			return false;
	return true;
}

static struct query q_lesson_row = QUERY(
	"SELECT l.id, l.date, l.period, l.starts, l.ends, l.course_id, "
	"l.class_id, c.grade, c.letter, s.name_kk, s.name_ru, s.name_en, "
	"l.topic, l.homework, l.mode, l.link, l.status, l.teacher_id, "
	"p.full_name, l.substitute, l.room FROM lessons l "
	"JOIN courses co ON co.id = l.course_id "
	"JOIN subjects s ON s.id = co.subject_id "
	"JOIN classes c ON c.id = l.class_id "
	"LEFT JOIN people p ON p.id = l.teacher_id WHERE l.id = ?1");

int
api_lesson_reply(struct req *r, int64_t id)
{
	struct db_stmt *st = db_prep(r->db, &q_lesson_row, &r->err);
	int rc;

	if (st == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "lesson_id", db_col_i64(st, 0));
	jw_kv_str(&r->out, "date", db_col_text(st, 1));
	jw_kv_i64(&r->out, "period", db_col_i64(st, 2));
	jw_kv_str(&r->out, "starts", db_col_text(st, 3));
	jw_kv_str(&r->out, "ends", db_col_text(st, 4));
	jw_kv_i64(&r->out, "course_id", db_col_i64(st, 5));
	jw_kv_i64(&r->out, "class_id", db_col_i64(st, 6));
	jw_key(&r->out, "class_name");
	jw_str(&r->out, api_class_name(r, db_col_i64(st, 7),
		db_col_text(st, 8)));
	jw_kv_str(&r->out, "subject", db_col_text(st, 9));
	jw_key(&r->out, "subject_names");
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "kk", db_col_text(st, 9));
	jw_kv_str(&r->out, "ru", db_col_text(st, 10));
	jw_kv_str(&r->out, "en", db_col_text(st, 11));
	jw_obj_end(&r->out);
	jw_kv_str(&r->out, "topic", db_col_text(st, 12));
	jw_kv_str(&r->out, "homework", db_col_text(st, 13));
	jw_kv_str(&r->out, "mode", db_col_text(st, 14));
	jw_kv_str(&r->out, "link", db_col_text(st, 15));
	jw_kv_str(&r->out, "status", db_col_text(st, 16));
	api_write_ref(r, "teacher", st, 17, "full_name");
	jw_kv_bool(&r->out, "substitute", db_col_i64(st, 19) != 0);
	jw_kv_str(&r->out, "room", db_col_text(st, 20));
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

int
api_lesson_get(struct req *r)
{
	struct lesson l;
	int64_t id;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_READ, &l))
		return 0;
	return api_lesson_reply(r, id);
}

static struct query q_lesson_patch = QUERY(
	"UPDATE lessons SET topic = CASE WHEN ?2 = 1 THEN ?3 ELSE topic END, "
	"homework = CASE WHEN ?4 = 1 THEN ?5 ELSE homework END, "
	"mode = COALESCE(?6, mode), "
	"link = CASE WHEN ?7 = 1 THEN ?8 ELSE link END WHERE id = ?1");

int
api_lesson_patch(struct req *r)
{
	const char *topic = NULL, *homework = NULL, *link = NULL;
	struct lesson l;
	struct db_stmt *st;
	json_t *body;
	int64_t id;
	int mode = -1;

	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_WRITE, &l))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "topic", "homework", "mode", "link", NULL) ||
	    jv_str(r, body, NULL, "topic", JV_NULL, 0, 500, &topic) ||
	    jv_str(r, body, NULL, "homework", JV_NULL, 0, 4000, &homework) ||
	    jv_enum(r, body, NULL, "mode", JV_OPT, modes, &mode) ||
	    jv_str(r, body, NULL, "link", JV_NULL, 0, 1000, &link))
		return 0;
	if (json_is_null(json_object_get(body, "mode")))
		return reply_err_field(r, ERR_INVAL, "mode", "'mode' must be "
			"one of in_person, online_sync, online_async, tv");
	if (link != NULL && *link && !lesson_link_ok(link))
		return reply_err_field(r, ERR_INVAL, "link", "'link' must be "
			"an http or https address");
	/* a transaction of its own, so the class's revision is raised
	** with the change (db_on_commit) */
	if (db_begin(r->db, &r->err) < 0)
		return reply_error(r, NULL);
	if ((st = db_prep(r->db, &q_lesson_patch, &r->err)) == NULL)
		return db_rollback(r->db), reply_error(r, NULL);
	db_bind_i64(st, 1, l.id);
	db_bind_i64(st, 2, json_object_get(body, "topic") != NULL);
	db_bind_text(st, 3, topic && *topic ? topic : NULL);
	db_bind_i64(st, 4, json_object_get(body, "homework") != NULL);
	db_bind_text(st, 5, homework && *homework ? homework : NULL);
	db_bind_text(st, 6, mode >= 0 ? modes[mode] : NULL);
	db_bind_i64(st, 7, json_object_get(body, "link") != NULL);
	db_bind_text(st, 8, link && *link ? link : NULL);
	if (db_exec(st, &r->err) != DB_DONE)
		return db_rollback(r->db), reply_error(r, NULL);
	if (db_commit(r->db, &r->err) < 0)
		return reply_error(r, NULL);
	return api_lesson_reply(r, l.id);
}

#define ME_LESSONS_MAX_DAYS 62

static struct query q_me_lessons = QUERY(
	"SELECT l.id, l.date, l.period, l.starts, l.ends, l.course_id, "
	"l.class_id, c.grade, c.letter, s.name_kk, l.topic, l.homework, "
	"l.mode, l.status FROM lessons l "
	"JOIN courses co ON co.id = l.course_id "
	"JOIN subjects s ON s.id = co.subject_id "
	"JOIN classes c ON c.id = l.class_id "
	"WHERE l.teacher_id = ?1 AND l.date BETWEEN ?2 AND ?3 "
	"ORDER BY l.date, l.starts, l.period");

int
api_me_lessons(struct req *r)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	int32_t d0, d1;
	struct db_stmt *st;
	int rc;

	if (date_parse(from, &d0) != 0)
		return reply_err_field(r, ERR_BADREQ, "from", "'from' must be "
			"a date YYYY-MM-DD");
	if (date_parse(to, &d1) != 0)
		return reply_err_field(r, ERR_BADREQ, "to", "'to' must be a "
			"date YYYY-MM-DD");
	if (d1 < d0 || d1 - d0 >= ME_LESSONS_MAX_DAYS)
		return reply_err_field(r, ERR_INVAL, "to", "'to' must be from "
			"'from' to %d days after it", ME_LESSONS_MAX_DAYS - 1);
	if ((st = db_prep(r->db, &q_me_lessons, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, r->auth->person_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "lessons");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "lesson_id", db_col_i64(st, 0));
		jw_kv_str(&r->out, "date", db_col_text(st, 1));
		jw_kv_i64(&r->out, "period", db_col_i64(st, 2));
		jw_kv_str(&r->out, "starts", db_col_text(st, 3));
		jw_kv_str(&r->out, "ends", db_col_text(st, 4));
		jw_kv_i64(&r->out, "course_id", db_col_i64(st, 5));
		jw_kv_i64(&r->out, "class_id", db_col_i64(st, 6));
		jw_key(&r->out, "class_name");
		jw_str(&r->out, api_class_name(r, db_col_i64(st, 7),
			db_col_text(st, 8)));
		jw_kv_str(&r->out, "subject", db_col_text(st, 9));
		jw_kv_str(&r->out, "topic", db_col_text(st, 10));
		jw_kv_str(&r->out, "homework", db_col_text(st, 11));
		jw_kv_str(&r->out, "mode", db_col_text(st, 12));
		jw_kv_str(&r->out, "status", db_col_text(st, 13));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
