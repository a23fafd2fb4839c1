/* grants_cache.c: callers' grants kept while the auth revision holds
** (grants_cache.h) */
#include "core/common.h"
#include "auth/grants_cache.h"
#include "core/ways.h"

#include <pthread.h>

#define NSHARDS 64
#define SHARD_SLOTS 1024        /* 65,536 callers, about 14 MB in all */
#define WAYS 8u                 /* a person's set: 8 slots (core/ways.h) */
#define SHARD_SETS (SHARD_SLOTS / WAYS)
#define SLOT_GRANTS 4           /* a parent of four, a teacher's roles */

struct slot {
	int64_t person;         /* 0: empty */
	int64_t rev;
	uint64_t seen;          /* tick of its last use, 0: empty */
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

/* Under the shard's lock: the first slot of person's set. */
static struct slot *
set_of(struct shard *s, uint64_t h)
{
	return &s->slots[(h / NSHARDS) % SHARD_SETS * WAYS];
}

/* The way of set holding person, or NULL. */
static struct slot *
way_of(struct slot *set, int64_t person)
{
	for (unsigned w = 0; w < WAYS; w++)
		if (set[w].person == person)
			return &set[w];
	return NULL;
}

bool
grants_cache_get(int64_t person, int64_t rev, struct auth *a)
{
	uint64_t h;
	struct shard *s = shard_of(person, &h);
	bool hit = false;

	pthread_mutex_lock(&s->mu);
	if (s->slots != NULL) {
		struct slot *e = way_of(set_of(s, h), person);

		if (e != NULL && e->rev == rev) {
			memcpy(a->grants, e->grants, (size_t)e->ngrants *
				sizeof(e->grants[0]));
			a->ngrants = e->ngrants;
			e->seen = way_tick();
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
	struct slot *set, *e;

	if (a->ngrants > SLOT_GRANTS || person == 0)
		return;
	s = shard_of(person, &h);
	pthread_mutex_lock(&s->mu);
	if (s->slots == NULL)
		s->slots = xcalloc(SHARD_SLOTS, sizeof(*s->slots));
	set = set_of(s, h);
	if ((e = way_of(set, person)) == NULL)
		e = &set[way_victim(&set[0].seen, sizeof(set[0]), WAYS)];
	/* an older revision never replaces a newer one */
	if (e->person != person || e->rev <= rev) {
		e->person = person;
		e->rev = rev;
		e->seen = way_tick();
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
