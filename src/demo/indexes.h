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
void indexes_restore(struct gen *g, const struct indexes *ix);

#endif
