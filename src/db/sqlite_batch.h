/* sqlite_batch.h: the server's write requests sharing one transaction
** (private to src/db; docs/ARCHITECTURE.md "Shared write transactions") */
#ifndef MK_SQLITE_BATCH_H
#define MK_SQLITE_BATCH_H

#include "db/sqlite_impl.h"

/*
** Every commit to an SQLite file makes each other connection drop its
** whole page cache at its next read, and under the school day's mix the
** readers then spend a third of their time reading the same pages again
** (docs/BENCHMARKS.md). So the writes of the server's workers (threads
** that defer their durable waits, db_sync_defer) are not committed one by
** one: each writing request runs as a savepoint of one transaction open
** on a writer connection of its own, and that transaction is committed
** when it is db_commit_window() old, or has BATCH_MAX requests in it, or
** another writer of the process needs the lock. A request is
** acknowledged only after the commit of its batch and the sync after it
** (db_sync_wait), so nothing acknowledged is lost; a batch whose COMMIT
** fails fails every request in it (503), and nothing of it was shown to
** anyone but its own requests, which the lost-batch hook
** (db_on_batch_lost) lets the caches forget.
*/

/* Whether writes on this thread go to a shared transaction now. */
bool batch_on(void);

/*
** Joins the open shared transaction of db's file (opening one if there is
** none) and routes db's statements to its writer connection (db->via)
** until batch_leave(); holds sq_write_mutex until then. The thread's
** durable wait (db_sync_take) becomes that batch's.
*/
int batch_enter(struct db *db, struct err *e);

/* At the end of the request: the request's open savepoint rolled back,
** its statements reset, db routed back, the lock given up. */
void batch_leave(struct db *db);

/* Routed (db->via): the request's transaction as a savepoint on the
** writer, released (its writes then wait for the batch's commit; a
** failed release undoes it) or undone; each keeps db->in_tx. */
int batch_savepoint(struct db *db, struct err *e);
int batch_release(struct db *db, struct err *e);
void batch_undo(struct db *db);

/* sq_write_mutex held: commit the open shared transaction of db's file,
** if any, so that db may take SQLite's write lock itself. */
void batch_close_for(struct db *db);

/* Whether batch id of b is committed (*ticket: a walsync ticket at or
** after its commit), without waiting. */
bool batch_done(struct batch *b, uint64_t id, uint64_t *ticket);

/* Wait until batch id is committed, committing it once its window is
** over: 0 with *ticket as above, or -1 when its commit failed. */
int batch_wait(struct batch *b, uint64_t id, uint64_t *ticket);

#endif
