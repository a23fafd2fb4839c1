/* timetable.c: GET and PUT /classes/{id}/timetable, the weekly timetable */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/authz.h"
#include "http/jv.h"
#include "http/reply.h"
#include "journal/lessons_gen.h"
#include "journal/school_cal.h"
#include "rules/bells.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

#define SLOTS_MAX 300
#define WEEKDAYS 6
/* lessons_generate() keeps a room in 32 bytes */
#define ROOM_BYTES_MAX 31
#define ROOM_CHARS_MAX 16

struct tt_class {
	int64_t id, school_id;
	int grade, year;
	const char *name;
};

static struct query q_class = QUERY(
	"SELECT grade, letter, school_id, year FROM classes WHERE id = ?1");

static int
class_load(struct req *r, int64_t id, struct tt_class *c)
{
	struct db_stmt *st = db_prep(r->db, &q_class, &r->err);
	int rc;

	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return (rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found")), -1;
	c->id = id;
	c->grade = (int)db_col_i64(st, 0);
	c->name = arena_printf(r->a, "%d %s", c->grade, db_col_text(st, 1));
	c->school_id = db_col_i64(st, 2);
	c->year = (int)db_col_i64(st, 3);
	return 0;
}

/* The rows of the class's timetable valid on a date. */
static struct query q_slots = QUERY(
	"SELECT t.id, t.weekday, t.period, t.course_id, s.name_kk, s.name_ru, "
	"s.name_en, co.teacher_id, p.full_name, co.subgroup_id, sg.name, "
	"t.room, t.valid_from, t.valid_to FROM timetable t "
	"JOIN courses co ON co.id = t.course_id "
	"JOIN subjects s ON s.id = co.subject_id "
	"LEFT JOIN people p ON p.id = co.teacher_id "
	"LEFT JOIN subgroups sg ON sg.id = co.subgroup_id "
	"WHERE co.class_id = ?1 AND t.valid_from <= ?2 "
	"AND (t.valid_to IS NULL OR t.valid_to >= ?2) "
	"ORDER BY t.weekday, t.period, t.id");

/* Write the timetable of c valid on date; leaves the object open. */
static int
write_timetable(struct req *r, const struct tt_class *c, const char *date)
{
	struct db_stmt *st = db_prep(r->db, &q_slots, &r->err);
	int rc, lang = api_lang(r);

	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, c->id);
	db_bind_text(st, 2, date);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "class_id", c->id);
	jw_kv_str(&r->out, "class_name", c->name);
	jw_kv_str(&r->out, "date", date);
	jw_key(&r->out, "slots");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "id", db_col_i64(st, 0));
		jw_kv_i64(&r->out, "weekday", db_col_i64(st, 1));
		jw_kv_i64(&r->out, "period", db_col_i64(st, 2));
		jw_kv_i64(&r->out, "course_id", db_col_i64(st, 3));
		jw_kv_str(&r->out, "subject", db_col_text(st, 4 + lang));
		api_write_ref(r, "teacher", st, 7, "full_name");
		api_write_ref(r, "subgroup", st, 9, "name");
		jw_kv_str(&r->out, "room", db_col_text(st, 11));
		jw_kv_str(&r->out, "valid_from", db_col_text(st, 12));
		jw_kv_str(&r->out, "valid_to", db_col_text(st, 13));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	return rc < 0 ? rc : 0;
}

/* GET ?date=YYYY-MM-DD (default the school's today) */
int
api_class_timetable_get(struct req *r)
{
	const char *date = req_query(r, "date");
	struct tt_class c;
	char today[11];
	int64_t id;

	if (req_path_id(r, 0, &id) || authz(r, ACC_READ, OBJ_CLASS, id, NULL))
		return 0;
	if (date == NULL) {
		date_format(school_today(r->now), today);
		date = today;
	} else if (date_parse(date, NULL) != 0) {
		return reply_err_field(r, ERR_BADREQ, "date", "'date' must be "
			"a date YYYY-MM-DD");
	}
	if (class_load(r, id, &c))
		return 0;
	if (write_timetable(r, &c, date) != 0)
		return reply_error(r, NULL);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}

/* ----- PUT: a timetable change from a date on ----- */

struct course_ref {
	int64_t id, subgroup_id;        /* 0: the whole class */
};

struct slot_in {
	int64_t course_id, subgroup_id;
	int weekday, period;
	const char *room;               /* NULL: none */
};

struct lesson_ahead {
	int64_t id, course_id;
	int32_t day;
	int period;
	bool data;                      /* marks, attendance, topic, homework */
	const char *room;
};

static struct query q_courses = QUERY(
	"SELECT id, COALESCE(subgroup_id, 0) FROM courses WHERE class_id = ?1");

static int
courses_load(struct req *r, int64_t class_id, struct course_ref **out,
	size_t *n)
{
	struct db_stmt *st = db_prep(r->db, &q_courses, &r->err);
	size_t cap = 32;
	int rc;

	*n = 0;
	*out = arena_alloc(r->a, cap * sizeof(**out));
	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, class_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (*n == cap) {
			struct course_ref *more = arena_alloc(r->a, cap * 2 *
				sizeof(*more));

			memcpy(more, *out, cap * sizeof(*more));
			*out = more;
			cap *= 2;
		}
		(*out)[*n].id = db_col_i64(st, 0);
		(*out)[(*n)++].subgroup_id = db_col_i64(st, 1);
	}
	return rc < 0 ? rc : 0;
}

/* May slots a and b share a weekday and period? Only as two courses of
** different subgroups of the class. */
static bool
slots_parallel(const struct slot_in *a, const struct slot_in *b)
{
	return a->subgroup_id != 0 && b->subgroup_id != 0 &&
		a->subgroup_id != b->subgroup_id;
}

/* Check the slots of the body; answers 422 and returns -1 when wrong. */
static int
slots_parse(struct req *r, json_t *arr, const struct course_ref *courses,
	size_t ncourses, struct slot_in *in)
{
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		const char *path = arena_printf(r->a, "slots[%zu]", i);
		struct slot_in *s = &in[i];
		int64_t weekday = 0, period = 0;
		size_t k;

		memset(s, 0, sizeof(*s));
		if (!json_is_object(o))
			return reply_err_field(r, ERR_INVAL, path, "each slot "
				"must be an object"), -1;
		if (jv_only(r, o, path, "weekday", "period", "course_id",
		    "room", NULL) ||
		    jv_i64(r, o, path, "weekday", JV_REQ, 1, WEEKDAYS,
		    &weekday) ||
		    jv_i64(r, o, path, "period", JV_REQ, 1, BELLS_PERIODS_MAX,
		    &period) ||
		    jv_i64(r, o, path, "course_id", JV_REQ, 1, INT64_MAX,
		    &s->course_id) ||
		    jv_str(r, o, path, "room", JV_OPT, 0, ROOM_CHARS_MAX,
		    &s->room))
			return -1;
		if (s->room != NULL && strlen(s->room) > ROOM_BYTES_MAX)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "room"), "'room' must be at "
				"most %d bytes long", ROOM_BYTES_MAX), -1;
		if (s->room != NULL && *s->room == '\0')
			s->room = NULL;
		s->weekday = (int)weekday;
		s->period = (int)period;
		for (k = 0; k < ncourses; k++)
			if (courses[k].id == s->course_id)
				break;
		if (k == ncourses)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "course_id"), "course %lld "
				"is not a course of this class",
				(long long)s->course_id), -1;
		s->subgroup_id = courses[k].subgroup_id;
		for (k = 0; k < i; k++) {
			if (in[k].weekday != s->weekday ||
			    in[k].period != s->period || slots_parallel(&in[k],
			    s))
				continue;
			return reply_err_field(r, ERR_INVAL, path,
				"slots[%zu] is at the same weekday and period "
				"as slots[%zu]; only courses of different "
				"subgroups may share one", i, k), -1;
		}
	}
	return 0;
}

/* Rows valid on `from` end the day before; rows starting on or after it
** go (they would be empty or overlap the new timetable). */
static struct query q_tt_close = QUERY(
	"UPDATE timetable SET valid_to = ?2 WHERE course_id IN "
	"(SELECT id FROM courses WHERE class_id = ?1) AND valid_from < ?3 "
	"AND (valid_to IS NULL OR valid_to >= ?3)");
static struct query q_tt_drop = QUERY(
	"DELETE FROM timetable WHERE course_id IN "
	"(SELECT id FROM courses WHERE class_id = ?1) AND valid_from >= ?2");
static struct query q_tt_add = QUERY(
	"INSERT INTO timetable (course_id, weekday, period, room, valid_from) "
	"VALUES (?1, ?2, ?3, ?4, ?5)");
static struct query q_ahead = QUERY(
	"SELECT l.id, l.course_id, l.date, l.period, l.room, "
	"CASE WHEN l.topic IS NOT NULL OR l.homework IS NOT NULL "
	"OR EXISTS (SELECT 1 FROM marks m WHERE m.lesson_id = l.id) "
	"OR EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id) "
	"THEN 1 ELSE 0 END FROM lessons l "
	"WHERE l.class_id = ?1 AND l.date >= ?2");
static struct query q_lesson_drop = QUERY(
	"DELETE FROM lessons WHERE id = ?1");
static struct query q_lesson_room = QUERY(
	"UPDATE lessons SET room = ?2 WHERE id = ?1");

static int
lessons_ahead(struct req *r, int64_t class_id, const char *from,
	struct lesson_ahead **out, size_t *n)
{
	struct db_stmt *st = db_prep(r->db, &q_ahead, &r->err);
	size_t cap = 256;
	int rc;

	*n = 0;
	*out = arena_alloc(r->a, cap * sizeof(**out));
	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, class_id);
	db_bind_text(st, 2, from);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct lesson_ahead *l;

		if (*n == cap) {
			struct lesson_ahead *more = arena_alloc(r->a, cap * 2 *
				sizeof(*more));

			memcpy(more, *out, cap * sizeof(*more));
			*out = more;
			cap *= 2;
		}
		l = &(*out)[(*n)++];
		l->id = db_col_i64(st, 0);
		l->course_id = db_col_i64(st, 1);
		if (date_parse(db_col_text(st, 2), &l->day) != 0)
			l->day = 0;
		l->period = (int)db_col_i64(st, 3);
		l->room = db_col_null(st, 4) ? NULL :
			arena_strdup(r->a, db_col_text(st, 4));
		l->data = db_col_i64(st, 5) != 0;
	}
	return rc < 0 ? rc : 0;
}

static bool
same_room(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

struct tt_counts {
	int64_t created, removed, kept;
};

/*
** The class's lessons from `from` on against the new slots: a lesson that
** fits a slot (course, weekday, period) stays as it is (a cancellation or
** a substitute with it) and takes the slot's room; one that does not fit
** goes, unless it holds journal data, in which case it is kept and
** counted. lessons_generate() then adds what is missing.
*/
static int
lessons_refit(struct req *r, int64_t class_id, const char *from,
	const struct slot_in *in, size_t nin, struct tt_counts *cnt)
{
	struct lesson_ahead *v;
	size_t n;
	int rc;

	if ((rc = lessons_ahead(r, class_id, from, &v, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const struct slot_in *fit = NULL;
		struct db_stmt *st;
		int wd = date_weekday(v[i].day);

		for (size_t k = 0; k < nin && fit == NULL; k++)
			if (in[k].course_id == v[i].course_id &&
			    in[k].weekday == wd && in[k].period == v[i].period)
				fit = &in[k];
		if (fit == NULL && v[i].data) {
			cnt->kept++;
			continue;
		}
		if (fit != NULL && same_room(fit->room, v[i].room))
			continue;
		st = db_prep(r->db, fit ? &q_lesson_room : &q_lesson_drop,
			&r->err);
		if (st == NULL)
			return ERR_DB;
		db_bind_i64(st, 1, v[i].id);
		if (fit != NULL)
			db_bind_text(st, 2, fit->room);
		if ((rc = db_exec(st, &r->err)) != DB_DONE)
			return rc;
		if (fit == NULL)
			cnt->removed++;
	}
	return 0;
}

static int
timetable_store(struct req *r, const struct tt_class *c,
	const struct school_calendar *cal, int32_t from,
	const struct slot_in *in, size_t nin, struct tt_counts *cnt)
{
	struct db_stmt *st;
	char d0[11], dprev[11];
	int rc;

	date_format(from, d0);
	date_format(from - 1, dprev);
	if ((rc = db_begin(r->db, &r->err)) != 0)
		return rc;
	if ((st = db_prep(r->db, &q_tt_close, &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, c->id);
	db_bind_text(st, 2, dprev);
	db_bind_text(st, 3, d0);
	if ((rc = db_exec(st, &r->err)) != DB_DONE)
		return rc;
	if ((st = db_prep(r->db, &q_tt_drop, &r->err)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, c->id);
	db_bind_text(st, 2, d0);
	if ((rc = db_exec(st, &r->err)) != DB_DONE)
		return rc;
	for (size_t i = 0; i < nin; i++) {
		if ((st = db_prep(r->db, &q_tt_add, &r->err)) == NULL)
			return ERR_DB;
		db_bind_i64(st, 1, in[i].course_id);
		db_bind_i64(st, 2, in[i].weekday);
		db_bind_i64(st, 3, in[i].period);
		db_bind_text(st, 4, in[i].room);
		db_bind_text(st, 5, d0);
		if ((rc = db_exec(st, &r->err)) != DB_DONE)
			return rc;
	}
	if ((rc = lessons_refit(r, c->id, d0, in, nin, cnt)) != 0)
		return rc;
	if ((rc = lessons_generate(r->db, c->school_id, c->id, cal, from,
	    cal->ends, &cnt->created, &r->err)) != 0)
		return rc;
	return db_commit(r->db, &r->err);
}

/*
** PUT {"from","slots":[{"weekday","period","course_id","room"?}]}: the
** class's timetable from `from` (the school's today or later) on, in one
** transaction with the lessons it gives.
*/
int
api_class_timetable_put(struct req *r)
{
	struct school_calendar cal;
	struct course_ref *courses;
	struct tt_counts cnt = { 0, 0, 0 };
	struct tt_class c;
	struct slot_in *in;
	size_t ncourses, nin;
	const char *from = NULL;
	json_t *body, *slots;
	int32_t day;
	int64_t id;
	char end[11];

	if (req_path_id(r, 0, &id) || authz(r, ACC_WRITE, OBJ_CLASS, id, NULL))
		return 0;
	if ((body = req_json(r)) == NULL ||
	    jv_only(r, body, NULL, "from", "slots", NULL) ||
	    jv_date(r, body, NULL, "from", JV_REQ, &from) ||
	    jv_arr(r, body, NULL, "slots", JV_REQ, SLOTS_MAX, &slots))
		return 0;
	(void)date_parse(from, &day);
	if (day < school_today(r->now))
		return reply_err_field(r, ERR_INVAL, "from", "'from' must be "
			"the school's today or later");
	if (class_load(r, id, &c))
		return 0;
	if (school_calendar_load(r->db, c.school_id, c.year, &cal,
	    &r->err) != 0)
		return reply_error(r, NULL);
	if (day > cal.ends) {
		date_format(cal.ends, end);
		return reply_err_field(r, ERR_INVAL, "from", "'from' must be "
			"within the class's school year, which ends %s", end);
	}
	if (courses_load(r, id, &courses, &ncourses) != 0)
		return reply_error(r, NULL);
	nin = json_array_size(slots);
	in = arena_alloc(r->a, (nin + 1) * sizeof(*in));
	if (slots_parse(r, slots, courses, ncourses, in))
		return 0;
	if (timetable_store(r, &c, &cal, day, in, nin, &cnt) != 0) {
		db_rollback(r->db);
		return reply_error(r, NULL);
	}
	if (write_timetable(r, &c, from) != 0)
		return reply_error(r, NULL);
	jw_kv_i64(&r->out, "lessons_created", cnt.created);
	jw_kv_i64(&r->out, "lessons_removed", cnt.removed);
	jw_kv_i64(&r->out, "lessons_kept", cnt.kept);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
