/* indexes.c: the journal's secondary indexes set aside during the demo */
#include "core/common.h"
#include "demo/indexes.h"
#include "core/arena.h"

#define INDEXES_MAX 32

/*
** Secondary indexes only: a key's (sql NULL) stays, and so does a
** partial one (WHERE): it holds none of the rows the load writes and
** serves the lookups made during it (lessons_moved: each school's lessons
** moved, read by lessons_generate(); without it a scan of every lesson
** so far for each school).
*/
static struct query q_indexes = QUERY(
	"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
	"AND sql IS NOT NULL AND sql NOT LIKE '%WHERE%' AND tbl_name IN "
	"('lessons', 'marks', 'attendance', 'audit_log') ORDER BY name");

void
indexes_drop(struct gen *g, struct indexes *ix)
{
	const char *names[INDEXES_MAX];
	struct db_stmt *st;
	int rc;

	memset(ix, 0, sizeof(*ix));
	if (g->rc || db_kind(g->db) != DB_SQLITE ||
	    (st = gen_prep(g, &q_indexes)) == NULL)
		return;
	ix->sql = arena_alloc(g->arena, INDEXES_MAX * sizeof(*ix->sql));
	while ((rc = db_step(st, g->e)) == DB_ROW && ix->n < INDEXES_MAX) {
		names[ix->n] = arena_strdup(g->arena, db_col_text(st, 0));
		ix->sql[ix->n++] = arena_strdup(g->arena, db_col_text(st, 1));
	}
	if (rc == DB_ROW)
		rc = err_set(g->e, ERR_INTERNAL, "more than %d indexes to set "
			"aside", INDEXES_MAX);
	if (rc < 0) {
		g->rc = rc;
		return;
	}
	for (int i = 0; i < ix->n && g->rc == 0; i++)
		if ((rc = db_script(g->db, arena_printf(g->arena,
		    "DROP INDEX \"%s\"", names[i]), g->e)) != 0)
			g->rc = rc;
}

void
indexes_restore(struct gen *g, const struct indexes *ix)
{
	int rc;

	for (int i = 0; i < ix->n && g->rc == 0; i++)
		if ((rc = db_script(g->db, ix->sql[i], g->e)) != 0)
			g->rc = rc;
}

void
indexes_sort_on_disk(struct gen *g)
{
	int rc;

	if (g->rc == 0 && db_kind(g->db) == DB_SQLITE &&
	    (rc = db_script(g->db, "PRAGMA temp_store=FILE", g->e)) != 0)
		g->rc = rc;
}
