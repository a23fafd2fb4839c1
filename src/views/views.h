/* views.h: views of lessons and users of a day, counted in memory and
** written in batches */
#ifndef MK_VIEWS_H
#define MK_VIEWS_H

#include "core/err.h"

struct db;

/*
** Opening a lesson's material or recording is one view per pupil, lesson
** and day; a person with an authenticated request is one user of that
** day. Both are noted in memory (a set of what this process has seen
** today, sharded under 64 mutexes, so a repeat costs a hash lookup) and
** what is new is written by views_flush() in one transaction: every
** VIEWS_FLUSH_S seconds by a thread of its own, when asked
** (POST /admin/views/flush) and at shutdown. A crash loses at most the
** last VIEWS_FLUSH_S seconds of views and users (docs/DISTANCE.md).
*/
#define VIEWS_FLUSH_S 5

/* Start the flushing thread on its own connection to db_url (kept: a
** failed write closes the connection and the next flush opens a new
** one); 0 or -1. */
int views_start(const char *db_url);
/* Stop it after a last flush (called once the server has stopped). */
void views_stop(void);

/* Note a view / a user of day (a day number). Returns 1 when new to
** this process today, 0 when seen already. Thread-safe, no I/O. */
int views_note_view(int32_t day, int64_t lesson_id, int64_t pupil_id);
int views_note_user(int32_t day, int64_t person_id);

/*
** Write what is noted and not written yet, in one transaction on db
** (which must not be inside one). Returns the rows sent (0 or more), or
** a negative error with e filled; on failure they are kept for the next
** flush.
*/
int views_flush(struct db *db, struct err *e);

/* Forget everything noted (unit tests). */
void views_reset(void);

/* Pending rows and entries held in memory (unit tests, metrics). */
size_t views_pending(void);

#endif
