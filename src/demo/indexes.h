/* indexes.h: the journal's secondary indexes set aside during the demo */
#ifndef MK_DEMO_INDEXES_H
#define MK_DEMO_INDEXES_H

#include "demo/gen.h"

/*
** The demo writes about a million rows into lessons, marks, attendance
** and audit_log; keeping their secondary indexes up to date row by row
** (keys in no particular order) costs more than building them once at
** the end. On SQLite, indexes_drop() drops those indexes, remembering
** their definitions as the store has them (the migrations stay the one
** source), and indexes_restore() creates them again, both inside the
** demo's transaction. On PostgreSQL both do nothing. Errors go to g->rc.
*/
struct indexes {
	const char **sql;       /* CREATE INDEX statements, in the arena */
	int n;
};

void indexes_drop(struct gen *g, struct indexes *ix);
/*
** SQLite, outside a transaction: temporary files (an index build's sort,
** a big ORDER BY) on disk, not in memory as the server keeps them: a
** tenth of the country's audit log took 1.3 GB to index in memory, the
** whole one would take tens. db_bulk(db, false) puts it back.
*/
void indexes_sort_on_disk(struct gen *g);
void indexes_restore(struct gen *g, const struct indexes *ix);

#endif
