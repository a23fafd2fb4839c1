/* quiz_pupil.c: a pupil's tests as the pupil and their parents see them:
** GET /students/{id}/quizzes (docs/DISTANCE.md "A pupil's tests") */
#include "core/common.h"
#include "api/journal.h"
#include "api/quiz.h"
#include "auth/auth.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/reply.h"

bool
quiz_caller_is_parent_of(const struct req *r, int64_t pupil)
{
	for (int i = 0; i < r->auth->ngrants; i++)
		if (r->auth->grants[i].role == ROLE_PARENT &&
		    r->auth->grants[i].pupil_id == pupil)
			return true;
	return false;
}

/* Tests of the pupil's attempts past their deadline, not yet closed. */
static struct query q_overdue = QUERY(
	"SELECT DISTINCT quiz_id FROM quiz_attempts WHERE pupil_id = ?1 "
	"AND finished_at IS NULL AND deadline <= ?2");

/* The tests of the pupil's class's courses (a group's course: its
** members'), the latest to close first. */
static struct query q_tests = QUERY(
	"SELECT q.id, q.course_id, q.title, q.time_limit_s, q.attempts, "
	"q.opens_at, q.closes_at, q.max_points, q.questions, s.name_kk, "
	"s.name_ru, s.name_en FROM pupils pu "
	"JOIN courses co ON co.class_id = pu.class_id "
	"JOIN subjects s ON s.id = co.subject_id "
	"JOIN quizzes q ON q.course_id = co.id "
	"WHERE pu.person_id = ?1 AND (co.subgroup_id IS NULL OR EXISTS "
	"(SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = "
	"co.subgroup_id AND m.pupil_id = ?1)) "
	"ORDER BY q.closes_at DESC, q.id DESC LIMIT 500");
static struct query q_attempts = QUERY(
	"SELECT quiz_id, id, n, started_at, deadline, finished_at, score "
	"FROM quiz_attempts WHERE pupil_id = ?1 ORDER BY quiz_id, n");

struct tried {
	int64_t quiz_id;
	struct quiz_attempt_row a;
};

/* Close the pupil's attempts that are past their deadline (each is
** scored as it stands, as quiz_close_overdue() does on any touch); a
** pupil has one attempt under way per test, and at most 64 tests' are
** closed here at once (the rest by the next touch). */
static int
close_overdue(struct req *r, int64_t pupil)
{
	struct db_stmt *st = db_prep(r->db, &q_overdue, &r->err);
	int64_t ids[64];
	int n = 0, rc;

	if (st == NULL)
		return reply_error(r, NULL), -1;
	db_bind_i64(st, 1, pupil);
	db_bind_i64(st, 2, r->now);
	while ((rc = db_step(st, &r->err)) == DB_ROW && n < 64)
		ids[n++] = db_col_i64(st, 0);
	if (rc < 0)
		return reply_error(r, NULL), -1;
	db_release(r->db);
	for (int i = 0; i < n; i++) {
		struct quiz q;

		if (quiz_load(r, ids[i], &q))
			return -1;
		if (quiz_close_overdue(r, &q, pupil) != 0)
			return reply_error(r, NULL), -1;
	}
	return 0;
}

/*
** GET /students/{id}/quizzes: who may read the pupil (the pupil, their
** parents, their teachers, the school): each test of the pupil's courses
** with the pupil's attempts, closed ones scored. No questions: those are
** read through an attempt (GET /quiz-attempts/{id}).
*/
int
api_student_quizzes(struct req *r)
{
	struct db_stmt *st;
	struct tried *tv = NULL;
	size_t ntv = 0, cap = 0, k = 0;
	int64_t pupil;
	int rc, lang = api_lang(r);

	/* the pupil's own attempts right after they were written (a score
	** just submitted), and closed here: the primary's, as
	** quiz_close_overdue() reads (a read replica may lag) */
	db_reads(r->db, DB_READS_PRIMARY);
	if (req_path_id(r, 0, &pupil) ||
	    authz(r, ACC_READ, OBJ_STUDENT, pupil, NULL) ||
	    close_overdue(r, pupil))
		return 0;
	if ((st = db_prep(r->db, &q_attempts, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, pupil);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		if (ntv == cap) {
			void *more;

			cap = cap ? cap * 2 : 16;
			more = arena_alloc(r->a, cap * sizeof(*tv));
			if (ntv)
				memcpy(more, tv, ntv * sizeof(*tv));
			tv = more;
		}
		tv[ntv].quiz_id = db_col_i64(st, 0);
		quiz_attempt_row_read(st, 1, &tv[ntv].a);
		ntv++;
	}
	if (rc < 0 || (st = db_prep(r->db, &q_tests, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, pupil);
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "student_id", pupil);
	jw_key(&r->out, "quizzes");
	jw_arr_begin(&r->out);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct quiz q = {
			.id = db_col_i64(st, 0), .course_id = db_col_i64(st, 1),
		};

		quiz_head_read(st, 2, &q);
		jw_obj_begin(&r->out);
		quiz_write_head(r, &q);
		jw_kv_str(&r->out, "subject", db_col_text(st, 9 + lang));
		jw_key(&r->out, "my_attempts");
		jw_arr_begin(&r->out);
		/* the attempts are ordered by test: this test's run */
		for (k = 0; k < ntv && tv[k].quiz_id < q.id; k++)
			;
		for (; k < ntv && tv[k].quiz_id == q.id; k++)
			quiz_attempt_brief(r, &tv[k].a);
		jw_arr_end(&r->out);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	if (rc < 0)
		return reply_error(r, NULL);
	return reply_json(r, 200);
}
