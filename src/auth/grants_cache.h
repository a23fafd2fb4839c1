/* grants_cache.h: callers' grants kept in memory while the auth revision
** holds */
#ifndef MK_GRANTS_CACHE_H
#define MK_GRANTS_CACHE_H

#include "auth/auth.h"

/*
** The session query reads the auth revision (migrations/0022), a number
** raised by every transaction that writes what grants are made of
** (src/db/grants_rev.c). Grants read after that revision was read are
** at least as new as it, so they may be kept under it and given back
** while a later session read finds the same revision. A slot per person
** hash, overwritten on collision: memory is fixed (GRANTS_SLOTS slots of
** a few hundred bytes, taken as they are first used), and a caller with
** more grants than a slot holds is read from the database every time.
*/

/* True, with a->grants and a->ngrants filled, when person's grants are
** kept at revision rev. */
bool grants_cache_get(int64_t person, int64_t rev, struct auth *a);

/* Keep a's grants for person, read after revision rev was read. */
void grants_cache_put(int64_t person, int64_t rev, const struct auth *a);

/* Forget everything (tests). */
void grants_cache_clear(void);

#endif
