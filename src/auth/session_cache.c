/* session_cache.c: sessions kept in memory while no revocation names
** their person (session_cache.h) */
#include "core/common.h"
#include "auth/session_cache.h"
#include "auth/revocations.h"
#include "core/arena.h"
#include "core/ways.h"

#include <pthread.h>

#define SLOTS 65536             /* sessions kept, about 17 MB in all */
#define WAYS 8u                 /* a token's set: 8 slots (core/ways.h) */

struct slot {
	uint64_t gen;           /* valid while it is the cache's gen */
	uint64_t seen;          /* tick of its last use, 0: empty */
	int64_t person;
	int64_t expires;
	char hex[65];           /* the token's SHA-256 */
	char csrf[48];
	char name[128];         /* longer names are read every time */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;      /* taken at the first put */
static uint64_t gen = 1;        /* raised to forget every slot at once */
static int64_t applied_n = -1, applied_s = -1;

bool
session_cache_used(const struct db *db)
{
	return db_kind(db) == DB_SQLITE;
}

/* The first slot of the token hash hex's set. */
static struct slot *
set_of(const char *hex)
{
	uint64_t h = 0;

	/* the hash is uniform: its first 16 digits place it */
	for (int i = 0; i < 16 && hex[i]; i++)
		h = h << 4 | (uint64_t)(hex[i] <= '9' ? hex[i] - '0' :
			(hex[i] | 0x20) - 'a' + 10);
	return &slots[h % (SLOTS / WAYS) * WAYS];
}

/* The way of set kept for hex (in this generation), or NULL. */
static struct slot *
way_of(struct slot *set, const char *hex)
{
	for (unsigned w = 0; w < WAYS; w++)
		if (set[w].gen == gen && strcmp(set[w].hex, hex) == 0)
			return &set[w];
	return NULL;
}

static void
forget_person(int64_t person)
{
	for (size_t i = 0; slots != NULL && i < SLOTS; i++)
		if (slots[i].person == person)
			slots[i].gen = slots[i].seen = 0;
}

struct people {
	int64_t *id;
	size_t n, cap;
};

static void
people_add(int64_t person, void *arg)
{
	struct people *p = arg;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->id = xrealloc(p->id, p->cap * sizeof(*p->id));
	}
	p->id[p->n++] = person;
}

static void
forget_all(void)
{
	gen++;
}

/* Under mu: whether the cache is at (n, s); 1 ahead of it, 0 at it, -1
** behind it (the caller's read is older). */
static int
compare(int64_t n, int64_t s)
{
	if (n == applied_n && s == applied_s)
		return 0;
	if (n < applied_n || (n == applied_n && s < applied_s))
		return -1;
	return 1;
}

/* Bring the cache to (n, s); false when it is ahead of them. */
static bool
sync_to(struct db *db, int64_t n, int64_t s)
{
	int64_t from;
	int c;

	pthread_mutex_lock(&mu);
	c = compare(n, s);
	from = applied_s;
	if (c > 0 && (n != applied_n || s - from > REVOCATIONS_FAR)) {
		/* grants or people changed, or too far behind */
		applied_n = n;
		applied_s = s;
		forget_all();
		c = 0;
	}
	pthread_mutex_unlock(&mu);
	if (c <= 0)
		return c == 0;
	/* read the revocations outside the lock, then forget under it:
	** whatever was kept meanwhile was read at from or later */
	struct people p = { 0 };
	struct err e = { 0 };
	int rc = revocations_read(db, from, s, people_add, &p, &e);

	pthread_mutex_lock(&mu);
	if (compare(n, s) > 0) {
		if (rc != 0)
			forget_all();
		for (size_t i = 0; rc == 0 && i < p.n; i++)
			forget_person(p.id[i]);
		applied_s = s;
	}
	c = compare(n, s);
	pthread_mutex_unlock(&mu);
	free(p.id);
	return c == 0;
}

bool
session_cache_get(struct db *db, struct arena *ar, const char *hex,
	int64_t n, int64_t s, int64_t now, struct auth *a, int64_t *expires)
{
	bool hit = false;
	struct slot *e;

	if (!sync_to(db, n, s))
		return false;
	pthread_mutex_lock(&mu);
	if (slots != NULL && compare(n, s) == 0) {
		e = way_of(set_of(hex), hex);
		if (e != NULL && e->expires > now) {
			e->seen = way_tick();
			a->person_id = e->person;
			a->full_name = arena_strdup(ar, e->name);
			a->csrf = arena_strdup(ar, e->csrf);
			*expires = e->expires;
			hit = true;
		}
	}
	pthread_mutex_unlock(&mu);
	return hit;
}

void
session_cache_put(const char *hex, int64_t n, int64_t s,
	const struct auth *a, int64_t expires)
{
	struct slot *set, *e;

	if (strlen(hex) != 64 || strlen(a->full_name) >= sizeof(e->name) ||
	    strlen(a->csrf) >= sizeof(e->csrf) || a->person_id == 0)
		return;
	pthread_mutex_lock(&mu);
	/* read at what the cache has applied: no revocation since */
	if (compare(n, s) == 0) {
		if (slots == NULL)
			slots = xcalloc(SLOTS, sizeof(*slots));
		set = set_of(hex);
		if ((e = way_of(set, hex)) == NULL)
			e = &set[way_victim(&set[0].seen, sizeof(set[0]),
				WAYS)];
		e->gen = gen;
		e->seen = way_tick();
		e->person = a->person_id;
		e->expires = expires;
		memcpy(e->hex, hex, 65);
		memcpy(e->csrf, a->csrf, strlen(a->csrf) + 1);
		memcpy(e->name, a->full_name, strlen(a->full_name) + 1);
	}
	pthread_mutex_unlock(&mu);
}

void
session_cache_clear(void)
{
	pthread_mutex_lock(&mu);
	free(slots);
	slots = NULL;
	applied_n = applied_s = -1;
	pthread_mutex_unlock(&mu);
}
