/* gradebook.c: GET /courses/{id}/gradebook?quarter=N */
#include "core/common.h"
#include "api/api.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "journal/results.h"
#include "journal/school_cal.h"
#include "rules/dates.h"
#include "core/jw.h"
#include "db/db.h"

/* the route's handler (declared here until api/journal.h carries it) */

/*
** A fixed number of queries whatever the class size: the session and
** grants (auth), the course (with "does the caller give lessons of it"),
** its place (authz, not for its own teachers), the school's calendar (up
** to 3), the pupils, the quarter's lessons, the period's marks and the
** quarter's attendance. Marks and attendance come sorted by pupil and are
** joined to the pupils (sorted by name) by binary search.
**
** The result of a subject taught 1 hour a week is a half-year's: in the
** half's last quarter (2 or 4) over the marks of both its quarters, in its
** first quarter (1 or 3) over that quarter's marks so far (the same rule
** as marks_period_of_quarter(): a period's result over its marks so far).
** The marks listed are always those of the quarter's lessons.
**
** A cancelled lesson keeps what was recorded before it was cancelled
** (lesson_changes.c), and that still counts (ours): the lessons listed
** are the quarter's scheduled ones and the cancelled ones that carry
** marks or attendance, so that every entry shown has its lesson.
*/
static struct query q_course = QUERY(
	"SELECT s.name_kk, s.name_ru, s.name_en, co.class_id, c.grade, "
	"c.letter, c.school_id, c.year, co.hours_per_week, "
	"COALESCE(co.subgroup_id, 0), COALESCE(co.teacher_id, 0), "
	"CASE WHEN EXISTS (SELECT 1 FROM lessons l WHERE l.course_id = co.id "
	"AND l.teacher_id = ?2) THEN 1 ELSE 0 END "
	"FROM courses co JOIN subjects s ON s.id = co.subject_id "
	"JOIN classes c ON c.id = co.class_id WHERE co.id = ?1");
static struct query q_pupils = QUERY(
	"SELECT p.person_id, pe.full_name FROM pupils p "
	"JOIN people pe ON pe.id = p.person_id WHERE p.class_id = ?1 AND "
	"(?2 = 0 OR p.person_id IN (SELECT pupil_id FROM subgroup_members "
	"WHERE subgroup_id = ?2)) ORDER BY pe.full_name, p.person_id");
static struct query q_lessons = QUERY(
	"SELECT l.id, l.date, l.topic FROM lessons l WHERE l.course_id = ?1 "
	"AND l.date BETWEEN ?2 AND ?3 AND (l.status = 'scheduled' OR "
	"EXISTS (SELECT 1 FROM marks m WHERE m.lesson_id = l.id) OR "
	"EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id)) "
	"ORDER BY l.date, l.period, l.id");
static struct query q_marks = QUERY(
	"SELECT " RESULTS_MARK_COLS " FROM lessons l "
	"JOIN marks m ON m.lesson_id = l.id "
	"WHERE l.course_id = ?1 AND l.date BETWEEN ?2 AND ?3 "
	"ORDER BY m.student_id, l.date, l.period, l.id, m.kind");
static struct query q_attendance = QUERY(
	"SELECT a.student_id, a.lesson_id, a.status FROM lessons l "
	"JOIN attendance a ON a.lesson_id = l.id "
	"WHERE l.course_id = ?1 AND l.date BETWEEN ?2 AND ?3 "
	"ORDER BY a.student_id, l.date, l.period, l.id");

static const char *const statuses[] = { "present", "late",
	"absent_excused", "absent_sick", "absent_unexcused" };

struct att {
	int64_t student_id, lesson_id;
	const char *status;             /* one of statuses[] */
};

static const char *
status_name(const char *s)
{
	for (size_t i = 0; s != NULL && i < ARRAY_SIZE(statuses); i++)
		if (strcmp(s, statuses[i]) == 0)
			return statuses[i];
	return NULL;
}

static int
load_attendance(struct req *r, struct db_stmt *st, struct att **out,
	size_t *n)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		const char *status = status_name(db_col_text(st, 2));

		if (status == NULL)
			continue;
		if (*n == cap) {
			struct att *more;

			cap = cap ? cap * 2 : 256;
			more = arena_alloc(r->a, cap * sizeof(*more));
			if (*n)
				memcpy(more, *out, *n * sizeof(*more));
			*out = more;
		}
		(*out)[(*n)++] = (struct att){ db_col_i64(st, 0),
			db_col_i64(st, 1), status };
	}
	return rc < 0 ? rc : 0;
}

/* The first entry of student in v (sorted by student), or n. */
static size_t
att_first(const struct att *v, size_t n, int64_t student_id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].student_id < student_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
write_part(struct sb *s, const char *key, bool has, double pct)
{
	jw_key(s, key);
	if (has)
		jw_f64(s, pct, 1);
	else
		jw_null(s);
}

static void
write_pupil(struct req *r, struct db_stmt *pt, const struct results_mark *mv,
	size_t nm, const struct att *av, size_t na, struct results_acc *acc,
	int32_t from, int32_t qfrom, int32_t to)
{
	struct sb *s = &r->out;
	int64_t id = db_col_i64(pt, 0);
	struct marks_result res;
	size_t count, first = results_span(mv, nm, false, id, &count);

	jw_obj_begin(s);
	jw_kv_i64(s, "id", id);
	jw_kv_str(s, "full_name", db_col_text(pt, 1));
	jw_key(s, "marks");
	jw_arr_begin(s);
	for (size_t i = first; i < first + count; i++) {
		const struct results_mark *m = &mv[i];

		if (m->date < qfrom)
			continue;       /* the half-year's earlier quarter */
		jw_obj_begin(s);
		jw_kv_i64(s, "lesson_id", m->lesson_id);
		jw_kv_str(s, "kind", marks_kind_name(m->kind));
		jw_kv_i64(s, "value", m->value);
		jw_key(s, "max");
		if (m->kind == MARKS_FORMATIVE)
			jw_null(s);
		else
			jw_i64(s, m->max);
		jw_obj_end(s);
	}
	jw_arr_end(s);
	jw_key(s, "attendance");
	jw_arr_begin(s);
	for (size_t i = att_first(av, na, id); i < na &&
	    av[i].student_id == id; i++) {
		jw_obj_begin(s);
		jw_kv_i64(s, "lesson_id", av[i].lesson_id);
		jw_kv_str(s, "status", av[i].status);
		jw_obj_end(s);
	}
	jw_arr_end(s);
	results_compute(acc, count ? &mv[first] : NULL, count, from, to,
		&res);
	jw_key(s, "result");
	jw_obj_begin(s);
	write_part(s, "fo_pct", res.has_fo, res.fo_pct);
	write_part(s, "sor_pct", res.has_sor, res.sor_pct);
	write_part(s, "soch_pct", res.has_soch, res.soch_pct);
	results_write_total(s, &res);
	jw_obj_end(s);
	jw_obj_end(s);
}

/*
** Who sees a whole class's gradebook: the course's teacher, whoever gives
** (substitutes) any of its lessons, the school's admins and the education
** departments above. Everyone else who may see the course (its pupils and
** their parents, the school's other teachers) gets 403, the rest 404.
*/
static int
gradebook_access(struct req *r, int64_t course_id, int64_t teacher_id,
	bool gives_lessons)
{
	struct place p;

	if (r->auth->person_id == teacher_id || gives_lessons)
		return 0;
	if (authz(r, ACC_READ, OBJ_COURSE, course_id, &p))
		return -1;
	if (!results_may_report(r->auth, &p))
		return reply_err(r, ERR_FORBIDDEN, "only the course's teachers "
			"and the school's administrators see its gradebook"),
			-1;
	return 0;
}

static void
bind_range(struct db_stmt *st, int64_t course_id, int32_t from, int32_t to)
{
	char a[11], b[11];

	date_format(from, a);
	date_format(to, b);
	db_bind_i64(st, 1, course_id);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
}

int
api_course_gradebook(struct req *r)
{
	struct db_stmt *st, *pt, *lt, *mt, *at;
	struct school_calendar cal;
	struct marks_period per;
	struct results_mark *mv;
	struct results_acc acc;
	struct att *av;
	size_t nm, na;
	int64_t id, quarter, class_id, subgroup_id;
	int32_t from, qfrom, to;
	bool halves;
	int rc, lang = api_lang(r);

	if (req_path_id(r, 0, &id))
		return 0;
	if ((st = db_prep(r->db, &q_course, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, r->auth->person_id);
	if ((rc = db_step(st, &r->err)) != DB_ROW)
		return rc < 0 ? reply_error(r, NULL) :
			reply_err(r, ERR_NOTFOUND, "not found");
	if (gradebook_access(r, id, db_col_i64(st, 10),
	    db_col_i64(st, 11) != 0))
		return 0;
	class_id = db_col_i64(st, 3);
	subgroup_id = db_col_i64(st, 9);
	halves = db_col_i64(st, 8) == 1;
	if (school_calendar_load(r->db, db_col_i64(st, 6),
	    (int)db_col_i64(st, 7), &cal, &r->err) != 0)
		return reply_error(r, NULL);
	if (req_query_i64(r, "quarter", 1, 4, results_quarter_default(&cal,
	    school_today(r->now)), &quarter))
		return 0;
	(void)marks_period_of_quarter((int)quarter, halves, &per);
	from = cal.quarters[per.first_quarter - 1].starts;
	qfrom = cal.quarters[quarter - 1].starts;
	to = cal.quarters[quarter - 1].ends;

	jw_obj_begin(&r->out);
	jw_key(&r->out, "course");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "id", id);
	jw_kv_str(&r->out, "subject", db_col_text(st, lang));
	jw_kv_i64(&r->out, "class_id", class_id);
	jw_kv_str(&r->out, "class_name", api_class_name(r, db_col_i64(st, 4),
		db_col_text(st, 5)));
	jw_obj_end(&r->out);
	jw_kv_i64(&r->out, "quarter", quarter);

	/* marks and attendance first: the pupils are written in one pass */
	mt = db_prep(r->db, &q_marks, &r->err);
	at = db_prep(r->db, &q_attendance, &r->err);
	if (mt == NULL || at == NULL)
		return reply_error(r, NULL);
	bind_range(mt, id, from, to);
	bind_range(at, id, qfrom, to);
	if (results_marks_load(mt, r->a, &mv, &nm, &r->err) != 0 ||
	    load_attendance(r, at, &av, &na) != 0)
		return reply_error(r, NULL);

	if ((lt = db_prep(r->db, &q_lessons, &r->err)) == NULL)
		return reply_error(r, NULL);
	bind_range(lt, id, qfrom, to);
	jw_key(&r->out, "lessons");
	jw_arr_begin(&r->out);
	while ((rc = db_step(lt, &r->err)) == DB_ROW) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "lesson_id", db_col_i64(lt, 0));
		jw_kv_str(&r->out, "date", db_col_text(lt, 1));
		jw_kv_str(&r->out, "topic", db_col_text(lt, 2));
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);

	if ((pt = db_prep(r->db, &q_pupils, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(pt, 1, class_id);
	db_bind_i64(pt, 2, subgroup_id);
	results_acc_init(&acc, r->a);
	jw_key(&r->out, "pupils");
	jw_arr_begin(&r->out);
	while ((rc = db_step(pt, &r->err)) == DB_ROW)
		write_pupil(r, pt, mv, nm, av, na, &acc, from, qfrom, to);
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
