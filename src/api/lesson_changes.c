/* lesson_changes.c: cancelling, restoring and moving lessons, substitutes */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lesson.h"
#include "journal/school_cal.h"
#include "rules/bells.h"
#include "rules/calendar.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "core/log.h"
#include "db/db.h"

/*
** These are the school's decisions, not the teacher's: the caller needs
** write access to the lesson's class (the school's admins and the
** officials above). The lesson's own teacher may see the lesson but gets
** 403; whoever may not see it gets 404.
*/
struct change {
	struct lesson l;
	int shift, year;
	bool duty;
	char starts[6], ends[6];
};

static struct query q_change = QUERY(
	"SELECT c.shift, c.year, l.starts, l.ends, "
	"CASE WHEN sg.kind = 'duty' THEN 1 ELSE 0 END FROM lessons l "
	"JOIN classes c ON c.id = l.class_id "
	"JOIN courses co ON co.id = l.course_id "
	"LEFT JOIN subgroups sg ON sg.id = co.subgroup_id WHERE l.id = ?1");

static int
change_load(struct req *r, struct change *ch)
{
	struct db_stmt *st;
	int64_t id;
	int rc;

	memset(ch, 0, sizeof(*ch));
	if (req_path_id(r, 0, &id) || lesson_load(r, id, ACC_READ, &ch->l) ||
	    authz(r, ACC_WRITE, OBJ_CLASS, ch->l.class_id, NULL))
		return -1;
	if ((st = db_prep(r->db, &q_change, &r->err)) == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return (rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found")), -1;
	ch->shift = (int)db_col_i64(st, 0);
	ch->year = (int)db_col_i64(st, 1);
	snprintf(ch->starts, sizeof(ch->starts), "%s", db_col_text(st, 2));
	snprintf(ch->ends, sizeof(ch->ends), "%s", db_col_text(st, 3));
	ch->duty = db_col_i64(st, 4) != 0;
	return 0;
}

/*
** Is the class free for the lesson at date and period? Another scheduled
** lesson of the class there takes the slot, unless both belong to
** different subgroups; a lesson of the same course takes it whatever its
** status (one lesson per course, date and period). Answers 409 if not.
*/
static struct query q_slot_taken = QUERY(
	"SELECT l.id, l.course_id, COALESCE(co.subgroup_id, 0) FROM lessons l "
	"JOIN courses co ON co.id = l.course_id "
	"WHERE l.class_id = ?1 AND l.date = ?2 AND l.period = ?3 "
	"AND l.id <> ?4 AND (l.status = 'scheduled' OR l.course_id = ?5)");

static int
check_slot_free(struct req *r, const struct lesson *l, const char *date,
	int period)
{
	struct db_stmt *st = db_prep(r->db, &q_slot_taken, &r->err);
	int rc;

	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, l->class_id);
	db_bind_text(st, 2, date);
	db_bind_i64(st, 3, period);
	db_bind_i64(st, 4, l->id);
	db_bind_i64(st, 5, l->course_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		int64_t other = db_col_i64(st, 0), sg = db_col_i64(st, 2);

		if (db_col_i64(st, 1) == l->course_id)
			return reply_err(r, ERR_CONFLICT, "the course already "
				"has a lesson on %s in period %d (lesson %lld)",
				date, period, (long long)other), -1;
		if (l->subgroup_id != 0 && sg != 0 && sg != l->subgroup_id)
			continue;
		return reply_err(r, ERR_CONFLICT, "the class has another "
			"lesson on %s in period %d (lesson %lld)", date, period,
			(long long)other), -1;
	}
	return rc < 0 ? rc : 0;
}

/* Has the teacher another scheduled lesson overlapping [starts, ends) on
** date? Answers 409 if so. */
static struct query q_teacher_busy = QUERY(
	"SELECT id FROM lessons WHERE teacher_id = ?1 AND date = ?2 "
	"AND status = 'scheduled' AND id <> ?3 AND starts < ?5 AND ends > ?4");

static int
check_teacher_free(struct req *r, int64_t teacher_id, int64_t lesson_id,
	const char *date, const char *starts, const char *ends)
{
	struct db_stmt *st;
	int rc;

	if (teacher_id == 0)
		return 0;
	if ((st = db_prep(r->db, &q_teacher_busy, &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, teacher_id);
	db_bind_text(st, 2, date);
	db_bind_i64(st, 3, lesson_id);
	db_bind_text(st, 4, starts);
	db_bind_text(st, 5, ends);
	if ((rc = db_step(st, &r->err)) < 0)
		return rc;
	if (rc == DB_ROW)
		return reply_err(r, ERR_CONFLICT, "the teacher gives another "
			"lesson on %s from %s to %s (lesson %lld)", date,
			starts, ends, (long long)db_col_i64(st, 0)), -1;
	return 0;
}

/* End a failed write transaction: the answer if none was sent yet. */
static int
change_failed(struct req *r)
{
	db_rollback(r->db);
	return r->status ? 0 : reply_error(r, NULL);
}

static struct query q_status = QUERY(
	"UPDATE lessons SET status = ?2 WHERE id = ?1");

static int
set_status(struct req *r, int64_t id, const char *status)
{
	struct db_stmt *st = db_prep(r->db, &q_status, &r->err);

	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, status);
	return db_exec(st, &r->err) == DB_DONE ? 0 : ERR_DB;
}

/*
** POST /lessons/{id}/cancel {"reason"?}. Cancelling again changes
** nothing. Marks and attendance already recorded stay (with their audit
** trail) but no more can be written until the lesson is restored. There
** is no column for the reason yet: it goes to the log.
*/
int
api_lesson_cancel(struct req *r)
{
	const char *reason = NULL;
	struct change ch;
	json_t *body;

	if (change_load(r, &ch))
		return 0;
	if (r->body.len > 0 && ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "reason", NULL) ||
	    jv_str(r, body, NULL, "reason", JV_OPT, 0, 500, &reason)))
		return 0;
	if (!ch.l.cancelled) {
		if (set_status(r, ch.l.id, "cancelled") != 0)
			return reply_error(r, NULL);
		log_msg(LOG_INFO, "request %s: person %lld cancelled lesson "
			"%lld%s%.500s", r->id, (long long)r->auth->person_id,
			(long long)ch.l.id, reason && *reason ? ": " : "",
			reason ? reason : "");
	}
	return api_lesson_reply(r, ch.l.id);
}

/*
** POST /lessons/{id}/restore: scheduled again, if its period is still
** free for the class and its teacher (409 if not).
*/
int
api_lesson_restore(struct req *r)
{
	struct change ch;
	char date[11];

	if (change_load(r, &ch))
		return 0;
	if (!ch.l.cancelled)
		return api_lesson_reply(r, ch.l.id);
	date_format(ch.l.date, date);
	if (db_begin(r->db, &r->err) != 0 ||
	    check_slot_free(r, &ch.l, date, ch.l.period) != 0 ||
	    check_teacher_free(r, ch.l.teacher_id, ch.l.id, date, ch.starts,
	    ch.ends) != 0 ||
	    set_status(r, ch.l.id, "scheduled") != 0 ||
	    db_commit(r->db, &r->err) != 0)
		return change_failed(r);
	return api_lesson_reply(r, ch.l.id);
}

/*
** The lesson's first slot stays marked as moved from (cleared when it
** comes back there), so that lessons_generate() leaves that slot empty.
*/
static struct query q_move = QUERY(
	"UPDATE lessons SET date = ?2, period = ?3, starts = ?4, ends = ?5, "
	"moved_from_date = CASE WHEN COALESCE(moved_from_date, date) = ?2 "
	"AND COALESCE(moved_from_period, period) = ?3 THEN NULL "
	"ELSE COALESCE(moved_from_date, date) END, "
	"moved_from_period = CASE WHEN COALESCE(moved_from_date, date) = ?2 "
	"AND COALESCE(moved_from_period, period) = ?3 THEN NULL "
	"ELSE COALESCE(moved_from_period, period) END "
	"WHERE id = ?1");

static int
move_store(struct req *r, const struct change *ch, const char *date,
	int period, const char *starts, const char *ends)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_begin(r->db, &r->err)) != 0 ||
	    (rc = check_slot_free(r, &ch->l, date, period)) != 0 ||
	    (!ch->l.cancelled && (rc = check_teacher_free(r,
	    ch->l.teacher_id, ch->l.id, date, starts, ends)) != 0))
		return rc;
	if ((st = db_prep(r->db, &q_move, &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, ch->l.id);
	db_bind_text(st, 2, date);
	db_bind_i64(st, 3, period);
	db_bind_text(st, 4, starts);
	db_bind_text(st, 5, ends);
	if ((rc = db_exec(st, &r->err)) != DB_DONE)
		return rc;
	return db_commit(r->db, &r->err);
}

/*
** POST /lessons/{id}/move {"date","period"}: to a school day from today
** on, in a period free for the class (or its subgroup) and the teacher;
** the times follow the bells. A lesson that has taken place stays put.
*/
int
api_lesson_move(struct req *r)
{
	struct school_calendar cal;
	const char *date = NULL;
	char starts[6], ends[6];
	struct change ch;
	int64_t period = 0;
	int32_t day, today = school_today(r->now);
	json_t *body;

	if (change_load(r, &ch))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "date", "period", NULL) ||
	    jv_date(r, body, NULL, "date", JV_REQ, &date) ||
	    jv_i64(r, body, NULL, "period", JV_REQ, 1, BELLS_PERIODS_MAX,
	    &period))
		return 0;
	(void)date_parse(date, &day);
	if (ch.l.date < today)
		return reply_err(r, ERR_CONFLICT, "the lesson has taken place "
			"and cannot be moved");
	if (day < today)
		return reply_err_field(r, ERR_INVAL, "date", "'date' must be "
			"the school's today or later");
	if (day == ch.l.date && period == ch.l.period)
		return api_lesson_reply(r, ch.l.id);
	if (school_calendar_load(r->db, ch.l.school_id, ch.year, &cal,
	    &r->err) != 0)
		return reply_error(r, NULL);
	if (!school_calendar_is_school_day(&cal, ch.l.grade, day))
		return reply_err_field(r, ERR_INVAL, "date", "%s is not a "
			"school day of the class's school year", date);
	if (api_bells_times(r->db, ch.l.school_id, ch.shift, ch.l.grade,
	    ch.duty, (int)period, day, starts, ends, &r->err) != 0)
		return reply_error(r, NULL);
	if (move_store(r, &ch, date, (int)period, starts, ends) != 0)
		return change_failed(r);
	return api_lesson_reply(r, ch.l.id);
}

static struct query q_substitute = QUERY(
	"UPDATE lessons SET teacher_id = ?2, substitute = ?3 WHERE id = ?1");

/*
** POST /lessons/{id}/substitute {"teacher_id": id or null}: a teacher of
** the school gives the lesson (free at that time, else 409); null, or the
** course's own teacher, gives it back to the course's teacher.
*/
int
api_lesson_substitute(struct req *r)
{
	struct change ch;
	struct db_stmt *st;
	int64_t teacher = 0;
	json_t *body, *v;
	char date[11];
	bool sub;

	if (change_load(r, &ch) || (body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "teacher_id", NULL))
		return 0;
	if ((v = json_object_get(body, "teacher_id")) == NULL)
		return reply_err_field(r, ERR_INVAL, "teacher_id",
			"'teacher_id' is required (null: the course's own "
			"teacher)");
	if (json_is_null(v))
		teacher = ch.l.course_teacher_id;
	else if (jv_i64(r, body, NULL, "teacher_id", JV_REQ, 1, INT64_MAX,
	    &teacher) || api_check_teacher(r, ch.l.school_id, teacher,
	    "teacher_id"))
		return 0;
	sub = teacher != ch.l.course_teacher_id;
	date_format(ch.l.date, date);
	if (db_begin(r->db, &r->err) != 0 ||
	    (!ch.l.cancelled && teacher != ch.l.teacher_id &&
	    check_teacher_free(r, teacher, ch.l.id, date, ch.starts,
	    ch.ends) != 0) ||
	    (st = db_prep(r->db, &q_substitute, &r->err)) == NULL)
		return change_failed(r);
	db_bind_i64(st, 1, ch.l.id);
	if (teacher != 0)
		db_bind_i64(st, 2, teacher);
	else
		db_bind_null(st, 2);
	db_bind_i64(st, 3, sub ? 1 : 0);
	if (db_exec(st, &r->err) != DB_DONE || db_commit(r->db, &r->err) != 0)
		return change_failed(r);
	return api_lesson_reply(r, ch.l.id);
}
