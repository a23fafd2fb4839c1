/* revocations.h: whose sessions changed (migrations/0023), for servers
** that keep sessions in memory (session_cache.h) */
#ifndef MK_REVOCATIONS_H
#define MK_REVOCATIONS_H

#include "db/db.h"

/* A server further behind than this many revocations forgets every kept
** session instead of reading them (half of the rows kept). */
#define REVOCATIONS_FAR 32768

/*
** Within the caller's transaction: person's sessions changed (ended, or
** what they show). Raises auth_revision.s and records the person under
** the new number. 0 or a negative enum err.
*/
int revocation_add(struct db *db, int64_t person, struct err *e);

/*
** End every session of person (a new password, ...) and record it, in
** the caller's transaction. 0 or a negative enum err.
*/
int revocation_end_sessions(struct db *db, int64_t person, struct err *e);

/* Calls fn for each person recorded after number from up to number to;
** 0 or a negative enum err. */
int revocations_read(struct db *db, int64_t from, int64_t to,
	void (*fn)(int64_t person, void *arg), void *arg, struct err *e);

#endif
