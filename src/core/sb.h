/* sb.h: a growable string buffer with a hard cap and a sticky error */
#ifndef MK_SB_H
#define MK_SB_H

/*
** git's strbuf invariant, curl's mandatory maximum, SQLite's sticky error:
** `buf` is never NULL and always NUL-terminated; appends past `max` or a
** failed allocation set `err` (ERR_TOOBIG / ERR_NOMEM) and every later
** append is a no-op, so callers append freely and check sb_err() once.
** Memory comes from malloc and is released by sb_release(), or by the
** arena when one is given to sb_init().
*/
struct arena;

struct sb {
	char *buf;
	size_t len, cap, max;
	int err;
};

void sb_init(struct sb *s, struct arena *a, size_t max);
void sb_release(struct sb *s);
void sb_reset(struct sb *s);                    /* len = 0, err cleared */
void sb_add(struct sb *s, const char *p, size_t len);
void sb_adds(struct sb *s, const char *str);
void sb_addc(struct sb *s, char c);
void sb_addf(struct sb *s, const char *fmt, ...) MK_PRINTF(2, 3);
void sb_add_i64(struct sb *s, int64_t v);
static inline int sb_err(const struct sb *s) { return s->err; }

#endif
