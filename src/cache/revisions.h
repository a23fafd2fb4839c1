/* revisions.h: a revision number per area, raised by every write */
#ifndef MK_REVISIONS_H
#define MK_REVISIONS_H

#include "auth/authz.h"

/*
** The areas, widest first. A write raises the revision of the narrowest
** area it touches; a reader sums the revisions of every area above its
** object, a number that grows whenever anything the object's answer may
** show has been written.
*/
enum rev_scope { REV_ALL, REV_REGION, REV_DISTRICT, REV_SCHOOL, REV_CLASS };

/*
** authz() calls this for each place it allows the caller to write: the
** place's narrowest area is noted in r, to be raised by the write
** transaction (rev_commit_hook) or, failing that, at the end of the
** request (rev_request_end).
*/
void rev_note(struct req *r, const struct place *p);

/* Run inside every write transaction just before COMMIT (db_on_commit):
** raises the noted revisions and forgets the notes. */
int rev_commit_hook(struct db *db, void *req, struct err *e);

/*
** After the handler: notes a handler wrote without a transaction of its
** own are raised now, unless it refused the request (4xx: nothing was
** written). A failure empties this process's answer cache instead.
*/
void rev_request_end(struct req *r);

/* The sum of the revisions of the areas holding p, into *rev. */
int rev_read(struct req *r, const struct place *p, int64_t *rev);

#endif
