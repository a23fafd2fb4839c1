/* arena.c: bump allocator in chained blocks, with deferred callbacks */
#include "core/common.h"
#include "core/arena.h"

#include <pthread.h>

#define ARENA_BLOCK 8192
#define BLOCK_CAP (ARENA_BLOCK - sizeof(struct block))

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

struct defer {
	struct defer *next;
	void (*fn)(void *);
	void *arg;
};

struct arena {
	struct block *head;
	struct defer *defers;
};

static struct block *
block_new(size_t cap)
{
	struct block *b = xmalloc(sizeof(*b) + cap);

	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

/*
** Each thread keeps the last freed block of the standard size for its next
** arena: a request's arena then costs no 8 KB malloc, which made glibc
** consolidate its free lists every time (1 % of the server's CPU under the
** day's mix, docs/BENCHMARKS.md "Session 7").
*/
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void
spare_key_make(void)
{
	if (pthread_key_create(&spare_key, free) != 0)
		BUG("pthread_key_create");
}

struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));
	struct block *b;

	pthread_once(&spare_once, spare_key_make);
	if ((b = pthread_getspecific(spare_key)) != NULL) {
		(void)pthread_setspecific(spare_key, NULL);
		b->next = NULL;
		b->used = 0;
	} else {
		b = block_new(BLOCK_CAP);
	}
	a->head = b;
	a->defers = NULL;
	return a;
}

void
arena_free(struct arena *a)
{
	struct block *b, *nb;
	struct defer *d;

	if (a == NULL)
		return;
	/* defers live in the arena's own memory: run them all first */
	for (d = a->defers; d != NULL; d = d->next)
		d->fn(d->arg);
	for (b = a->head; b != NULL; b = nb) {
		nb = b->next;
		if (b->cap == BLOCK_CAP && pthread_getspecific(spare_key) == NULL)
			(void)pthread_setspecific(spare_key, b);
		else
			free(b);
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15;

	if (need < n)
		BUG("arena allocation overflow");
	if (b->cap - b->used < need) {
		size_t cap = BLOCK_CAP;

		if (need > cap / 4) {
			/* a large piece gets a block of its own behind the head */
			struct block *big = block_new(need);

			big->used = need;
			big->next = b->next;
			b->next = big;
			return big->data;
		}
		b = block_new(cap);
		b->next = a->head;
		a->head = b;
	}
	b->used += need;
	return b->data + b->used - need;
}

void *
arena_calloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		BUG("bad format '%s'", fmt);
	p = arena_alloc(a, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct defer *d = arena_alloc(a, sizeof(*d));

	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
}
