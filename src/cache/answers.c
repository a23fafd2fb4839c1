/* answers.c: finished answers kept in memory while their revision holds */
#include "core/common.h"
#include "cache/answers.h"
#include "core/ways.h"
#include "cache/revisions.h"
#include "http/reply.h"

#include <pthread.h>
#include <stdatomic.h>

/*
** A fixed table of sets of WAYS slots each; a key has one set (its hash)
** and may sit in any of its ways, so keys whose hashes share a set do not
** push each other out while the set has room (one slot a key, as before,
** lost nearly half of 5,000 diaries to such collisions). A new answer
** replaces its key's older one, else fills an empty way, else the way
** least recently used. Sets are guarded by striped mutexes; an answer is
** copied in and out under its lock, so a reader never sees one being
** replaced. Memory is bounded by max_bytes (bodies and keys together);
** when full, new answers are not kept.
*/
#define NSETS 4096u
#define WAYS 4u
#define NLOCKS 64u

struct slot {
	uint64_t hash;
	int64_t rev;
	char *key;
	char *body;
	size_t len;
	uint64_t seen;                  /* tick of its last use, 0: empty
					** (core/ways.h) */
};

static struct slot slots[NSETS][WAYS];
static pthread_mutex_t locks[NLOCKS];
static size_t max_bytes;
static atomic_size_t used;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* the program that builds the answers: a new build means new ETags */
static const char build_stamp[] = MK_VERSION " " __DATE__ " " __TIME__;

static void
init_locks(void)
{
	for (unsigned i = 0; i < NLOCKS; i++)
		pthread_mutex_init(&locks[i], NULL);
}

void
answers_init(size_t bytes)
{
	pthread_once(&once, init_locks);
	max_bytes = bytes;
}

static void
slot_free(struct slot *s)
{
	if (s->key != NULL)
		atomic_fetch_sub(&used, strlen(s->key) + 1 + s->len);
	free(s->key);
	free(s->body);
	memset(s, 0, sizeof(*s));
}

void
answers_clear(void)
{
	pthread_once(&once, init_locks);
	for (unsigned i = 0; i < NSETS; i++) {
		pthread_mutex_lock(&locks[i % NLOCKS]);
		for (unsigned w = 0; w < WAYS; w++)
			slot_free(&slots[i][w]);
		pthread_mutex_unlock(&locks[i % NLOCKS]);
	}
}

/* FNV-1a, 64 bits, over the build stamp and the key */
static uint64_t
key_hash(const char *key)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (const char *p = build_stamp; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3u;
	return h;
}

/* The way of set holding key, or NULL. */
static struct slot *
way_of(struct slot *set, uint64_t h, const char *key)
{
	for (unsigned w = 0; w < WAYS; w++)
		if (set[w].key != NULL && set[w].hash == h &&
		    strcmp(set[w].key, key) == 0)
			return &set[w];
	return NULL;
}

/* Where a new answer for key goes: its own way, an empty one, or the
** least recently used. */
static struct slot *
way_for(struct slot *set, uint64_t h, const char *key)
{
	struct slot *s = way_of(set, h, key);

	return s != NULL ? s : &set[way_victim(&set[0].seen, sizeof(set[0]),
		WAYS)];
}

/* Does If-None-Match hold our tag (or "*")? */
static bool
etag_matches(struct req *r, const char *tag)
{
	const char *inm = req_header(r, "If-None-Match");

	return inm != NULL && (strstr(inm, tag) != NULL ||
		strcmp(inm, "*") == 0);
}

int
answer_kept(struct req *r, struct kept *k, const char *key,
	const struct place *p)
{
	uint64_t h = key_hash(key);
	struct slot *set = slots[h % NSETS], *s;
	pthread_mutex_t *lock = &locks[(h % NSETS) % NLOCKS];
	bool hit = false;
	const char *tag;

	pthread_once(&once, init_locks);
	k->key = key;
	k->valid = false;
	if (rev_read(r, p, &k->rev) != 0)
		return 0;               /* build it as if nothing were kept */
	k->valid = true;
	tag = arena_printf(r->a, "\"%016llx.%lld\"", (unsigned long long)h,
		(long long)k->rev);
	req_add_header(r, "ETag", tag);
	req_add_header(r, "Cache-Control", "private, no-cache");
	if (etag_matches(r, tag)) {
		sb_reset(&r->out);
		r->status = 304;
		r->ctype = NULL;
		return 1;
	}
	if (max_bytes == 0)
		return 0;
	pthread_mutex_lock(lock);
	if ((s = way_of(set, h, key)) != NULL && s->rev == k->rev) {
		sb_add(&r->out, s->body, s->len);
		s->seen = way_tick();
		hit = true;
	}
	pthread_mutex_unlock(lock);
	if (!hit)
		return 0;
	reply_json(r, 200);
	return 1;
}

int
answer_keep(struct req *r, struct kept *k)
{
	uint64_t h = key_hash(k->key);
	struct slot *set = slots[h % NSETS], *s;
	pthread_mutex_t *lock = &locks[(h % NSETS) % NLOCKS];
	size_t need = strlen(k->key) + 1 + r->out.len;

	pthread_once(&once, init_locks);
	if (reply_json(r, 200) != 0 || r->status != 200)
		return 0;
	if (!k->valid || max_bytes == 0)
		return 0;
	pthread_mutex_lock(lock);
	s = way_for(set, h, k->key);
	/* a newer revision already kept here wins */
	if (!(s->key != NULL && s->hash == h && s->rev > k->rev &&
	    strcmp(s->key, k->key) == 0)) {
		slot_free(s);
		if (atomic_load(&used) + need <= max_bytes) {
			s->hash = h;
			s->rev = k->rev;
			s->key = xstrdup(k->key);
			s->body = xmalloc(r->out.len ? r->out.len : 1);
			memcpy(s->body, r->out.buf, r->out.len);
			s->len = r->out.len;
			s->seen = way_tick();
			atomic_fetch_add(&used, need);
		}
	}
	pthread_mutex_unlock(lock);
	return 0;
}
