/* arena.h: a per-request memory arena with reset callbacks */
#ifndef MK_ARENA_H
#define MK_ARENA_H

/*
** An arena hands out memory that lives until arena_free(). Nothing is freed
** piecemeal. arena_defer() registers a callback run (last registered
** first) when the arena is freed, for resources that are not memory: a
** statement to reset, a buffer from malloc. Allocation failure aborts.
*/
struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);     /* 16-byte aligned */
void *arena_calloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...) MK_PRINTF(2, 3);
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);

#endif
