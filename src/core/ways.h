/* ways.h: the sets of a set-associative cache (src/cache/answers.c,
** src/auth/grants_cache.c, src/auth/session_cache.c) */
#ifndef MK_WAYS_H
#define MK_WAYS_H

#include <stddef.h>
#include <stdint.h>

/*
** A key has one set (from its hash) and may sit in any of the set's ways,
** so keys whose hashes share a set do not push each other out until the
** set is full. With one way a key, 3,000 diaries in 8,192 slots lost 16 %
** of themselves to collisions (tests/unit/test_answers.c), and 33,000
** callers' grants or sessions in 65,536 slots about a fifth
** (tests/unit/test_grants.c).
**
** Each way records the tick of its last use; 0 marks it empty.
*/

/* A new use tick, never 0; thread-safe. */
uint64_t way_tick(void);

/*
** The way a new key takes among n, the first's tick at seen and each next
** one stride bytes further (&set[0].seen, sizeof(set[0])): the first
** empty way, else the least recently used.
*/
unsigned way_victim(const uint64_t *seen, size_t stride, unsigned n);

#endif
