/* counts.c: how many pupils of a course's group handed in each work of a
** page of its list, and how many of them late, for those who see the
** rolls: two queries whatever the page's length */
#include "core/common.h"
#include "assign/assign.h"
#include "api/api.h"
#include "core/jw.h"
#include "db/db.h"

/* the group of the roll (handins.c): the class, or the subgroup in it */
#define GROUP_OF(person, class, sub) \
	"p.class_id = " class " AND (" sub " = 0 OR " person " IN " \
	"(SELECT pupil_id FROM subgroup_members WHERE subgroup_id = " sub "))"

static struct query q_group = QUERY(
	"SELECT COUNT(*) FROM pupils p WHERE "
	GROUP_OF("p.person_id", "?1", "?2"));
static struct query q_page = QUERY(
	"SELECT h.assignment_id, COUNT(*), SUM(h.late) FROM handins h "
	"JOIN pupils p ON p.person_id = h.student_id "
	"WHERE h.assignment_id IN (SELECT id FROM assignments "
	"WHERE course_id = ?3 AND id > ?4 ORDER BY id LIMIT ?5) AND "
	GROUP_OF("h.student_id", "?1", "?2")
	" GROUP BY h.assignment_id ORDER BY h.assignment_id");

int
assign_counts_page(struct req *r, const struct assignment *a,
	const struct api_page *pg, struct assign_counts *out)
{
	struct db_stmt *st;
	size_t cap = (size_t)pg->limit + 1;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((st = db_prep(r->db, &q_group, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, a->place.class_id);
	db_bind_i64(st, 2, a->subgroup_id);
	if (db_step(st, &r->err) != DB_ROW)
		return -1;
	out->pupils = db_col_i64(st, 0);
	if ((st = db_prep(r->db, &q_page, &r->err)) == NULL)
		return -1;
	db_bind_i64(st, 1, a->place.class_id);
	db_bind_i64(st, 2, a->subgroup_id);
	db_bind_i64(st, 3, a->course_id);
	db_bind_i64(st, 4, pg->after);
	db_bind_i64(st, 5, pg->limit + 1);
	out->c = arena_alloc(r->a, cap * sizeof(*out->c));
	while ((rc = db_step(st, &r->err)) == DB_ROW && out->n < cap) {
		struct assign_count *c = &out->c[out->n++];

		c->assignment_id = db_col_i64(st, 0);
		c->handed_in = db_col_i64(st, 1);
		c->late = db_col_i64(st, 2);
	}
	return rc < 0 ? -1 : 0;
}

void
assign_write_counts(struct req *r, struct assign_counts *c, int64_t id)
{
	int64_t in = 0, late = 0;

	for (; c->k < c->n && c->c[c->k].assignment_id <= id; c->k++)
		if (c->c[c->k].assignment_id == id) {
			in = c->c[c->k].handed_in;
			late = c->c[c->k].late;
		}
	jw_key(&r->out, "counts");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "handed_in", in);
	jw_kv_i64(&r->out, "not_handed_in", c->pupils - in);
	jw_kv_i64(&r->out, "late", late);
	jw_obj_end(&r->out);
}
