/* lessons_gen.c: dated lessons from the timetable */
#include "core/common.h"
#include "journal/lessons_gen.h"
#include "journal/school_cal.h"
#include "rules/bells.h"
#include "rules/calendar.h"
#include "rules/dates.h"
#include "db/db.h"

/* One row per timetable slot of the school's classes, with its bell. */
static struct query q_slots = QUERY(
	"SELECT t.course_id, c.id, c.grade, t.weekday, t.period, t.room, "
	"t.valid_from, t.valid_to, co.teacher_id, c.shift, b.starts, b.ends, "
	"CASE WHEN sg.kind = 'duty' THEN 1 ELSE 0 END "
	"FROM timetable t JOIN courses co ON co.id = t.course_id "
	"JOIN classes c ON c.id = co.class_id "
	"LEFT JOIN subgroups sg ON sg.id = co.subgroup_id "
	"LEFT JOIN bells b ON b.school_id = c.school_id AND b.shift = c.shift "
	"AND b.period = t.period "
	"WHERE c.school_id = ?1 AND (?2 = 0 OR c.id = ?2) "
	"ORDER BY c.id, t.weekday, t.period");
static struct query q_lesson_add = QUERY(
	"INSERT INTO lessons (course_id, class_id, date, period, starts, ends, "
	"teacher_id, room) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	"ON CONFLICT (course_id, date, period) DO NOTHING");

/* The slots left by lessons moved elsewhere (migration 0005). */
static struct query q_moved = QUERY(
	"SELECT l.course_id, l.moved_from_date, l.moved_from_period "
	"FROM lessons l JOIN classes c ON c.id = l.class_id "
	"WHERE l.moved_from_date IS NOT NULL AND c.school_id = ?1 "
	"AND (?2 = 0 OR c.id = ?2)");

struct slot {
	int64_t course_id, class_id, teacher_id;
	int grade, weekday, period, shift, starts, ends;
	bool duty;
	int32_t from, to;
	char room[32];
};

static int
load_slots(struct db *db, int64_t school_id, int64_t class_id,
	struct slot **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_slots, e);
	int rc, cap = 0;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, class_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct slot *s;

		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, (size_t)cap * sizeof(**out));
		}
		s = &(*out)[(*n)++];
		memset(s, 0, sizeof(*s));
		s->course_id = db_col_i64(st, 0);
		s->class_id = db_col_i64(st, 1);
		s->grade = (int)db_col_i64(st, 2);
		s->weekday = (int)db_col_i64(st, 3);
		s->period = (int)db_col_i64(st, 4);
		if (!db_col_null(st, 5))
			snprintf(s->room, sizeof(s->room), "%s",
				db_col_text(st, 5));
		if (date_parse(db_col_text(st, 6), &s->from) != 0)
			s->from = INT32_MIN;
		if (db_col_null(st, 7) ||
		    date_parse(db_col_text(st, 7), &s->to) != 0)
			s->to = INT32_MAX;
		s->teacher_id = db_col_i64(st, 8);
		s->shift = (int)db_col_i64(st, 9);
		if (db_col_null(st, 10)) {
			struct bell b = bells_default(s->shift, s->period);

			s->starts = b.starts;
			s->ends = -1;           /* length decided per day */
		} else {
			s->starts = bells_parse(db_col_text(st, 10));
			s->ends = bells_parse(db_col_text(st, 11));
		}
		s->duty = db_col_i64(st, 12) != 0;
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	return 0;
}

struct moved {
	int64_t course_id;
	int32_t day;
	int period;
};

static int
moved_cmp(const void *a, const void *b)
{
	const struct moved *x = a, *y = b;

	if (x->course_id != y->course_id)
		return x->course_id < y->course_id ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->period > y->period) - (x->period < y->period);
}

/* The slots lessons were moved away from, sorted for moved_cmp(). */
static int
load_moved(struct db *db, int64_t school_id, int64_t class_id,
	struct moved **out, size_t *n, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_moved, e);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, school_id);
	db_bind_i64(st, 2, class_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct moved m = { db_col_i64(st, 0), 0,
			(int)db_col_i64(st, 2) };

		if (date_parse(db_col_text(st, 1), &m.day) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = m;
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), moved_cmp);
	return 0;
}

/*
** When the lesson of slot s on a day of month ends: the default bell's
** start plus the lesson length of the grade that month, or the stored
** bell, cut short when the rules want a shorter lesson than the usual
** (35 minutes in grade 1 in September, 40 in a duty class).
*/
static int
lesson_ends(const struct slot *s, int month)
{
	return bells_lesson_end(s->starts, s->ends, s->grade, month, s->duty);
}

int
lessons_generate(struct db *db, int64_t school_id, int64_t class_id,
	const struct school_calendar *cal, int32_t from, int32_t to,
	int64_t *created, struct err *e)
{
	struct slot *slots;
	struct moved *moved;
	size_t nmoved;
	int n, rc = 0;
	int64_t made = 0;

	if ((rc = load_slots(db, school_id, class_id, &slots, &n, e)) != 0)
		return rc;
	if ((rc = load_moved(db, school_id, class_id, &moved, &nmoved,
	    e)) != 0) {
		free(slots);
		return rc;
	}
	if (from < cal->starts)
		from = cal->starts;
	if (to > cal->ends)
		to = cal->ends;
	for (int32_t day = from; day <= to && rc == 0; day++) {
		int wd;
		struct date_ymd ymd;
		char date[11];

		if (!calendar_is_school_day(cal, day))
			continue;
		wd = date_weekday(day);
		ymd = date_to_ymd(day);
		date_format(day, date);
		for (int i = 0; i < n && rc == 0; i++) {
			struct slot *s = &slots[i];
			struct moved key = { s->course_id, day, s->period };
			struct db_stmt *st;
			char t0[6], t1[6];

			if (s->weekday != wd || day < s->from || day > s->to ||
			    (s->grade == 1 &&
			    !school_calendar_is_school_day(cal, 1, day)))
				continue;
			if (nmoved && bsearch(&key, moved, nmoved,
			    sizeof(*moved), moved_cmp))
				continue;       /* its lesson was moved away */
			bells_format(s->starts, t0);
			bells_format(lesson_ends(s, ymd.m), t1);
			if ((st = db_prep(db, &q_lesson_add, e)) == NULL) {
				rc = ERR_DB;
				break;
			}
			db_bind_i64(st, 1, s->course_id);
			db_bind_i64(st, 2, s->class_id);
			db_bind_text(st, 3, date);
			db_bind_i64(st, 4, s->period);
			db_bind_text(st, 5, t0);
			db_bind_text(st, 6, t1);
			if (s->teacher_id)
				db_bind_i64(st, 7, s->teacher_id);
			else
				db_bind_null(st, 7);
			db_bind_text(st, 8, s->room[0] ? s->room : NULL);
			if ((rc = db_exec(st, e)) == DB_DONE)
				made += db_changes(st);
		}
	}
	free(slots);
	free(moved);
	if (created)
		*created = made;
	return rc;
}
