/* sb.c: string buffer */
#include "core/common.h"
#include "core/sb.h"
#include "core/arena.h"
#include "core/err.h"

static char sb_empty[1];

static void
sb_release_cb(void *p)
{
	sb_release(p);
}

void
sb_init(struct sb *s, struct arena *a, size_t max)
{
	s->buf = sb_empty;
	s->len = 0;
	s->cap = 0;
	s->max = max;
	s->err = 0;
	if (a != NULL)
		arena_defer(a, sb_release_cb, s);
}

void
sb_release(struct sb *s)
{
	if (s->cap)
		free(s->buf);
	s->buf = sb_empty;
	s->len = s->cap = 0;
}

void
sb_reset(struct sb *s)
{
	s->len = 0;
	s->err = 0;
	if (s->cap)
		s->buf[0] = '\0';
}

static int
sb_grow(struct sb *s, size_t more)
{
	size_t need, cap;
	char *p;

	if (s->err)
		return -1;
	need = s->len + more + 1;
	if (need < more || need - 1 > s->max) {
		s->err = ERR_TOOBIG;
		return -1;
	}
	if (need <= s->cap)
		return 0;
	cap = s->cap ? s->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > s->max + 1)
		cap = s->max + 1;
	p = realloc(s->cap ? s->buf : NULL, cap);
	if (p == NULL) {
		s->err = ERR_NOMEM;
		return -1;
	}
	if (!s->cap)
		p[0] = '\0';
	s->buf = p;
	s->cap = cap;
	return 0;
}

void
sb_add(struct sb *s, const char *p, size_t len)
{
	if ((s->len + len >= s->cap || s->err) && sb_grow(s, len))
		return;
	memcpy(s->buf + s->len, p, len);
	s->len += len;
	s->buf[s->len] = '\0';
}

void
sb_adds(struct sb *s, const char *str)
{
	sb_add(s, str, strlen(str));
}

void
sb_addc(struct sb *s, char c)
{
	if ((s->len + 1 >= s->cap || s->err) && sb_grow(s, 1))
		return;
	s->buf[s->len++] = c;
	s->buf[s->len] = '\0';
}

void
sb_addf(struct sb *s, const char *fmt, ...)
{
	va_list ap;
	char tmp[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0) {
		s->err = ERR_INTERNAL;
		return;
	}
	if ((size_t)n < sizeof(tmp)) {
		sb_add(s, tmp, (size_t)n);
		return;
	}
	if (sb_grow(s, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s->len += (size_t)n;
}

void
sb_add_i64(struct sb *s, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	sb_add(s, p, (size_t)(tmp + sizeof(tmp) - p));
}
