/* grants_cache.c: callers' grants kept while the auth revision holds
** (grants_cache.h) */
#include "core/common.h"
#include "auth/grants_cache.h"

#include <pthread.h>

#define NSHARDS 64
#define SHARD_SLOTS 1024        /* 65,536 callers, about 14 MB in all */
#define SLOT_GRANTS 4           /* a parent of four, a teacher's roles */

struct slot {
	int64_t person;         /* 0: empty */
	int64_t rev;
	int ngrants;
	struct grant grants[SLOT_GRANTS];
};

struct shard {
	pthread_mutex_t mu;
	struct slot *slots;     /* taken at the first put */
};

static struct shard shards[NSHARDS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
init_shards(void)
{
	for (int i = 0; i < NSHARDS; i++)
		pthread_mutex_init(&shards[i].mu, NULL);
}

static struct shard *
shard_of(int64_t person, uint64_t *h)
{
	pthread_once(&once, init_shards);
	*h = mix64((uint64_t)person);
	return &shards[*h % NSHARDS];
}

bool
grants_cache_get(int64_t person, int64_t rev, struct auth *a)
{
	uint64_t h;
	struct shard *s = shard_of(person, &h);
	bool hit = false;

	pthread_mutex_lock(&s->mu);
	if (s->slots != NULL) {
		const struct slot *e = &s->slots[(h / NSHARDS) % SHARD_SLOTS];

		if (e->person == person && e->rev == rev) {
			memcpy(a->grants, e->grants, (size_t)e->ngrants *
				sizeof(e->grants[0]));
			a->ngrants = e->ngrants;
			hit = true;
		}
	}
	pthread_mutex_unlock(&s->mu);
	return hit;
}

void
grants_cache_put(int64_t person, int64_t rev, const struct auth *a)
{
	uint64_t h;
	struct shard *s;
	struct slot *e;

	if (a->ngrants > SLOT_GRANTS || person == 0)
		return;
	s = shard_of(person, &h);
	pthread_mutex_lock(&s->mu);
	if (s->slots == NULL)
		s->slots = xcalloc(SHARD_SLOTS, sizeof(*s->slots));
	e = &s->slots[(h / NSHARDS) % SHARD_SLOTS];
	/* an older revision never replaces a newer one */
	if (e->person != person || e->rev <= rev) {
		e->person = person;
		e->rev = rev;
		e->ngrants = a->ngrants;
		memcpy(e->grants, a->grants, (size_t)a->ngrants *
			sizeof(e->grants[0]));
	}
	pthread_mutex_unlock(&s->mu);
}

void
grants_cache_clear(void)
{
	for (int i = 0; i < NSHARDS; i++) {
		struct shard *s = &shards[i];

		pthread_once(&once, init_shards);
		pthread_mutex_lock(&s->mu);
		free(s->slots);
		s->slots = NULL;
		pthread_mutex_unlock(&s->mu);
	}
}
