/* sqlite_sync.h: group commit for the SQLite store (private to src/db) */
#ifndef MK_SQLITE_SYNC_H
#define MK_SQLITE_SYNC_H

#include <stdbool.h>
#include <stdint.h>

/*
** Connections run with synchronous=NORMAL, so COMMIT writes the WAL
** without waiting for the disk; a commit is acknowledged only after
** walsync_wait() has made the WAL durable up to it. Many commits share
** one fdatasync: the first waiter syncs everything committed so far
** while the others (and the next writers, who no longer hold the write
** lock) wait, and each sync covers every commit before it began. This is
** the durability of synchronous=FULL at a fraction of the syncs under
** load. SQLite itself still syncs the WAL before each checkpoint, the
** database after it and the WAL header when the WAL is reused.
*/
struct walsync;

/* The group of the database file at path (one per file in a process). */
struct walsync *walsync_of(const char *path);

/* A commit just completed: its ticket for walsync_wait(). */
uint64_t walsync_ticket(struct walsync *w);

/* Return once the WAL is on disk up to ticket; 0, or -1 when the sync
** failed (errno kept, the error logged). */
int walsync_wait(struct walsync *w, uint64_t ticket);

/*
** A commit on a thread that defers (db_sync_defer(), db.h) notes its
** ticket here instead of waiting: walsync_commit() waits or notes.
*/
int walsync_commit(struct walsync *w, uint64_t ticket);

/* Whether the calling thread defers its waits (db_sync_defer). */
bool walsync_deferring(void);

/* A deferring thread joined shared transaction id of batch b
** (sqlite_batch.h): its wait is for that batch's commit, then the sync. */
struct batch;
void walsync_note_batch(struct walsync *w, struct batch *b, uint64_t id);

#endif
