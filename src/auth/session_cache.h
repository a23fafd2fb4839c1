/* session_cache.h: sessions kept in memory while no revocation names
** their person */
#ifndef MK_SESSION_CACHE_H
#define MK_SESSION_CACHE_H

#include "auth/auth.h"
#include "db/db.h"

/*
** Finding a session in the database is the first statement of nearly
** every request, and after any commit (which makes every other SQLite
** connection drop its page cache) it reads the sessions index, the
** session and the person again from the file. Kept here, a request reads
** only auth_revision (n: grants, s: sessions; migrations/0022, 0023).
**
** A session is kept with the (n, s) read in the same statement as it.
** Before a lookup the cache is brought to the (n, s) the caller has just
** read: a new n forgets everything (grants or people changed), a new s
** forgets the sessions of each person recorded since (revocations.h).
** A caller whose read is older than what the cache has applied neither
** takes nor keeps anything. One mutex guards it all: an entry is read,
** kept or forgotten whole, and never given after its revocation was
** applied.
**
** SQLite only: on PostgreSQL every request reads the session anyway for
** its wrote_at, which routes reads to the primary or a replica.
*/

/* Whether sessions of db are kept at all. */
bool session_cache_used(const struct db *db);

/*
** Bring the cache to (n, s), read by the caller just now; false when the
** cache cannot serve that read (older than the cache, or the revocations
** could not be read). Then a hit fills a's person_id, full_name and csrf
** (in the request's arena) and *expires, and returns true.
*/
bool session_cache_get(struct db *db, struct arena *ar, const char *hex,
	int64_t n, int64_t s, int64_t now, struct auth *a, int64_t *expires);

/* Keep a's session, read in one statement with (n, s). */
void session_cache_put(const char *hex, int64_t n, int64_t s,
	const struct auth *a, int64_t expires);

/* Forget everything (tests). */
void session_cache_clear(void);

#endif
