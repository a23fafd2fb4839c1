/* journal_fill.c: the demo journal's lessons held: topics, attendance, marks */
#include "core/common.h"
#include "demo/journal.h"
#include "demo/rows.h"
#include "core/arena.h"
#include "journal/audit.h"
#include "rules/bells.h"
#include "rules/dates.h"
#include "rules/marks.h"

/*
** Attendance: only the pupils who were late or absent get a row, as a
** teacher marks a register; a pupil of a lesson held (date <= today) with
** no row was present. Writing the present rows too (full_attendance) is
** about 15 times the rows, and with their audit entries most of the
** demo's time. Each row and each mark is also an entry of the audit
** chain, as if the lesson's teacher had set it at the end of the lesson
** (local time UTC+5).
*/

enum jday { DAY_NORMAL, DAY_SICK, DAY_AWAY };
enum jstatus { ST_PRESENT, ST_LATE, ST_EXCUSED, ST_SICK, ST_UNEXCUSED };
enum jmode { MODE_IN_PERSON, MODE_SYNC, MODE_ASYNC, MODE_TV };

static const char *const status_names[] = {
	"present", "late", "absent_excused", "absent_sick",
	"absent_unexcused",
};
static const char *const mode_names[] = {
	"in_person", "online_sync", "online_async", "tv",
};

/* What a lesson already held needs, loaded before anything is written. */
struct jlesson {
	int64_t id, teacher_id;
	int course;
	int32_t date;
	int ends;               /* minutes after midnight, local */
};


static struct query q_past_count = QUERY(
	"SELECT count(*) FROM lessons WHERE date <= ?1");
static struct query q_past = QUERY(
	"SELECT id, course_id, date, ends, teacher_id FROM lessons "
	"WHERE date <= ?1 AND status = 'scheduled' ORDER BY date, ends, id");
static struct query q_lesson_set = QUERY(
	"UPDATE lessons SET topic = ?2, homework = ?3, mode = ?4, link = ?5 "
	"WHERE id = ?1");
#define ATT_INSERT "INSERT INTO attendance (lesson_id, student_id, " \
	"status, set_by, set_at) VALUES "
#define MARK_INSERT "INSERT INTO marks (lesson_id, student_id, kind, " \
	"value, max, set_by, set_at) VALUES "
static struct query q_att = QUERY(ATT_INSERT "(?1, ?2, ?3, ?4, ?5)");
static struct query q_mark = QUERY(MARK_INSERT
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
static struct query q_att_rows = QUERY(NULL);   /* rows.c makes them */
static struct query q_mark_rows = QUERY(NULL);


/* A pupil is better at some subjects than others: -7 .. +7 points. */
static int
subject_offset(int64_t pupil, int64_t subject, uint64_t salt)
{
	uint64_t x = (uint64_t)pupil * 0x9e3779b97f4a7c15u ^
		(uint64_t)subject * 0xbf58476d1ce4e5b9u ^ salt;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 29;
	return (int)(x % 15) - 7;
}

/*
** A new day for class c: whether it learns in school or remotely
** (remote days are rare; a school without broadband has TV lessons
** instead), and which pupils are away all day: a sick spell of 3-8
** days starts for 1 in 200 pupils a day, 1 in 70 is away for a family
** reason.
*/
static void
class_day(struct journal *j, struct jclass *c, int32_t day)
{
	struct rng *r = &j->rng;
	int x = (int)rng_below(r, 1000);

	c->day = day;
	c->mode = x < 15 ? MODE_SYNC : x < 25 ? MODE_ASYNC : x < 30 ?
		MODE_TV : MODE_IN_PERSON;
	if (!j->schools[c->school].broadband && c->mode != MODE_IN_PERSON)
		c->mode = MODE_TV;
	for (int i = 0; i < c->npupils; i++) {
		struct jpupil *p = &j->pupils[c->pupils[i]];
		int y;

		if (p->sick_until >= day) {
			p->day_status = DAY_SICK;
			continue;
		}
		y = (int)rng_below(r, 1000);
		if (y < 5) {
			p->sick_until = day + rng_range(r, 2, 7);
			p->day_status = DAY_SICK;
		} else {
			p->day_status = y < 19 ? DAY_AWAY : DAY_NORMAL;
		}
	}
}

/*
** Late 2%, skipped 1%, excused 0.5% of lessons. Nobody in school skips a
** СОР or СОЧ; those away that day get no mark for it (they would write
** it later, which the demo leaves out).
*/
static int
lesson_status(struct journal *j, const struct jpupil *p, bool summative)
{
	int x;

	if (p->day_status == DAY_SICK)
		return ST_SICK;
	if (p->day_status == DAY_AWAY)
		return ST_EXCUSED;
	x = (int)rng_below(&j->rng, 1000);
	if (x < 20)
		return ST_LATE;
	if (summative)
		return ST_PRESENT;
	return x < 30 ? ST_UNEXCUSED : x < 35 ? ST_EXCUSED : ST_PRESENT;
}

struct fill {
	struct audit_batch b;
	struct rows att, marks;
	uint64_t salt;
};

static void
write_att(struct journal *j, struct fill *f, const struct jlesson *l,
	int64_t pupil, int status, int64_t at)
{
	struct gen *g = j->g;
	int rc;

	rows_i64(&f->att, l->id);
	rows_i64(&f->att, pupil);
	rows_text(&f->att, status_names[status]);
	rows_i64(&f->att, l->teacher_id);
	rows_i64(&f->att, at);
	rows_end(&f->att);
	if (g->rc == 0 && (rc = audit_add(g->db, &f->b, &(struct audit_entry){
	    at, l->teacher_id, "demo", l->id, pupil, "attendance", NULL,
	    status_names[status] }, g->e)) != 0)
		journal_fail(j, rc);
	j->attendance++;
}

static void
write_mark(struct journal *j, struct fill *f, const struct jlesson *l,
	int64_t pupil, int kind, int value, int max, int64_t at)
{
	static const char *const what[] = { "mark:formative", "mark:sor",
		"mark:soch" };
	struct gen *g = j->g;
	char text[24];
	int rc;

	rows_i64(&f->marks, l->id);
	rows_i64(&f->marks, pupil);
	rows_text(&f->marks, marks_kind_name(kind));
	rows_i64(&f->marks, value);
	if (kind == MARKS_FORMATIVE) {
		rows_null(&f->marks);
		snprintf(text, sizeof(text), "%d", value);
	} else {
		rows_i64(&f->marks, max);
		snprintf(text, sizeof(text), "%d/%d", value, max);
	}
	rows_i64(&f->marks, l->teacher_id);
	rows_i64(&f->marks, at);
	rows_end(&f->marks);
	if (g->rc == 0 && (rc = audit_add(g->db, &f->b, &(struct audit_entry){
	    at, l->teacher_id, "demo", l->id, pupil, what[kind], NULL, text },
	    g->e)) != 0)
		journal_fail(j, rc);
	j->marks++;
}

/* Which summative work, if any, lesson l of unit u is: kind and number. */
static int
summative_of(const struct journal *j, const struct junit *u,
	struct jcourse *co, int32_t date, int *k, int *max)
{
	const struct jclass *c = &j->classes[u->cls];
	int q = calendar_quarter_of(&j->schools[c->school].cal, date);

	if (q == 0 || c->grade < 2 || co->last_summative == date)
		return -1;
	q--;
	if (u->soch[q] == date) {
		*k = 0;
		*max = u->soch_max[q];
		co->last_summative = date;
		return MARKS_SOCH;
	}
	for (int i = 0; i < u->nsor[q]; i++) {
		if (u->sor[q][i] == date) {
			*k = i + 1;
			*max = u->sor_max[q][i];
			co->last_summative = date;
			return MARKS_SOR;
		}
	}
	return -1;
}

static void
fill_lesson(struct journal *j, struct fill *f, const struct jlesson *l)
{
	struct gen *g = j->g;
	struct jcourse *co = &j->courses[l->course];
	struct junit *u = &j->units[co->unit];
	struct jclass *c = &j->classes[u->cls];
	int k = 0, max = 0, kind, n = co->given++;
	char topic[256], hw[160], link[80];
	bool has_hw = false;
	int64_t at = (int64_t)l->date * 86400 + l->ends * 60 - 5 * 3600;
	struct db_stmt *st;

	if (c->day != l->date)
		class_day(j, c, l->date);
	kind = summative_of(j, u, co, l->date, &k, &max);
	if (kind >= 0) {
		topics_summative(c->ru, calendar_quarter_of(
			&j->schools[c->school].cal, l->date), k, topic,
			sizeof(topic));
	} else {
		topics_topic(u->subject, c->grade, c->ru, u->hours, n, topic,
			sizeof(topic));
		has_hw = topics_homework(u->subject, c->grade, c->ru,
			u->hours, n, &j->rng, hw, sizeof(hw));
	}
	link[0] = '\0';
	if (c->mode == MODE_SYNC)
		snprintf(link, sizeof(link), "https://meet.example.org/%lld",
			(long long)l->id);
	else if (c->mode == MODE_ASYNC)
		snprintf(link, sizeof(link), "https://video.example.org/"
			"lessons/%lld", (long long)l->id);
	else if (c->mode == MODE_TV)
		snprintf(link, sizeof(link), "https://tv.example.org/%s",
			c->ru ? "el-arna" : "balapan");
	if ((st = gen_prep(g, &q_lesson_set)) == NULL)
		return;
	db_bind_i64(st, 1, l->id);
	db_bind_text(st, 2, topic);
	db_bind_text(st, 3, has_hw ? hw : NULL);
	db_bind_text(st, 4, mode_names[c->mode]);
	db_bind_text(st, 5, link[0] ? link : NULL);
	gen_exec(g, st);
	j->filled++;
	if (l->teacher_id == 0)
		return;         /* nobody to have taken the register */

	for (int i = 0; i < co->npupils && g->rc == 0; i++) {
		struct jpupil *p = &j->pupils[co->pupils[i]];
		int status = lesson_status(j, p, kind >= 0), a;

		if (status != ST_PRESENT || j->full_attendance)
			write_att(j, f, l, p->id, status, at);
		if (c->grade < 2 || (status != ST_PRESENT && status != ST_LATE))
			continue;
		a = p->ability + subject_offset(p->id, u->subject_id, f->salt);
		if (kind >= 0) {
			int pct = a + rng_range(&j->rng, -12, 12);

			pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
			write_mark(j, f, l, p->id, kind, (max * pct + 50) /
				100, max, at);
		} else if (rng_pct(&j->rng, j->o->formative_pct)) {
			int v = (a + rng_range(&j->rng, -15, 15) + 5) / 10;

			v = v < 1 ? 1 : v > 10 ? 10 : v;
			write_mark(j, f, l, p->id, MARKS_FORMATIVE, v, 0, at);
		}
	}
}

static int64_t
count_past(struct journal *j, const char *today)
{
	struct db_stmt *st = gen_prep(j->g, &q_past_count);
	int64_t n = 0;
	int rc;

	if (st == NULL)
		return 0;
	db_bind_text(st, 1, today);
	if ((rc = db_step(st, j->g->e)) != DB_ROW)
		journal_fail(j, rc);
	else
		n = db_col_i64(st, 0);
	gen_exec(j->g, st);
	return n;
}

void
journal_fill_past(struct journal *j, const struct idmap *com)
{
	struct gen *g = j->g;
	struct jlesson *ls;
	struct fill f;
	struct db_stmt *st;
	char today[11];
	int64_t cap, n = 0;
	int rc;

	date_format(j->today, today);
	cap = count_past(j, today);
	if (g->rc || cap == 0)
		return;
	ls = arena_alloc(g->arena, (size_t)cap * sizeof(*ls));
	if ((st = gen_prep(g, &q_past)) == NULL)
		return;
	db_bind_text(st, 1, today);
	while ((rc = db_step(st, g->e)) == DB_ROW && n < cap) {
		struct jlesson *l = &ls[n];

		l->id = db_col_i64(st, 0);
		l->course = idmap_find(com, db_col_i64(st, 1));
		if (l->course < 0 || date_parse(db_col_text(st, 2),
		    &l->date) != 0)
			continue;
		l->ends = bells_parse(db_col_text(st, 3));
		l->teacher_id = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
		n++;
	}
	if (rc < 0) {
		journal_fail(j, rc);
		return;
	}

	memset(&f, 0, sizeof(f));
	rows_init(&f.att, g, &q_att, &q_att_rows, ATT_INSERT, 5);
	rows_init(&f.marks, g, &q_mark, &q_mark_rows, MARK_INSERT, 7);
	f.salt = rng_next(&j->rng);
	if ((rc = audit_begin(g->db, &f.b, g->e)) != 0) {
		journal_fail(j, rc);
		return;
	}
	for (int64_t i = 0; i < n && g->rc == 0; i++) {
		if (j->o->progress && i % 100000 == 0)
			j->o->progress(j->o->arg, i, n);
		fill_lesson(j, &f, &ls[i]);
	}
	if (j->o->progress)
		j->o->progress(j->o->arg, n, n);
	rows_flush(&f.att);
	rows_flush(&f.marks);
	if (g->rc == 0 && (rc = audit_end(g->db, &f.b, g->e)) != 0)
		journal_fail(j, rc);
	j->audit = f.b.added;
}

