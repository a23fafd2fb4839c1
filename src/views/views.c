/* views.c: views and users counted in memory, written in batches
** (views.h) */
#include "core/common.h"
#include "views/views.h"
#include "core/log.h"
#include "db/db.h"
#include "rules/dates.h"

#include <pthread.h>
#include <time.h>

/*
** What this process has seen: per shard an open-addressing hash set of
** keys (kind, a, b, day), at most half full, and the keys new since the
** last flush. The set only saves the store from repeats: when a shard's
** set is full it forgets it (and when the day moves on), and a repeat
** that reaches the store is dropped there by the primary key. So memory
** is bounded (SET_SLOTS_MAX slots of 24 bytes per shard: 25 MB in all)
** and the figures stay exact, whatever the process forgets and however
** many servers count.
*/
#define NSHARDS 64
#define SET_SLOTS_MIN 256u
#define SET_SLOTS_MAX 16384u
#define PENDING_MAX (1u << 20)  /* per shard, while the store is away */

enum { K_EMPTY, K_VIEW, K_USER };

struct vkey {
	int64_t a, b;           /* view: lesson, pupil; user: 0, person */
	int32_t day;
	int32_t kind;
};

struct shard {
	pthread_mutex_t mu;
	struct vkey *set;
	uint32_t slots, n;
	int32_t day;            /* the newest day noted */
	struct vkey *pend;
	size_t npend, cappend;
	uint64_t dropped;
};

static struct shard shards[NSHARDS];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t flush_mu = PTHREAD_MUTEX_INITIALIZER;

static void
init_shards(void)
{
	for (int i = 0; i < NSHARDS; i++)
		pthread_mutex_init(&shards[i].mu, NULL);
}

static uint64_t
key_hash(const struct vkey *k)
{
	return mix64((uint64_t)k->a * 0x9e3779b97f4a7c15ull ^ mix64((uint64_t)k->b
		^ ((uint64_t)(uint32_t)k->day << 32) ^ (uint64_t)k->kind));
}

static bool
key_eq(const struct vkey *x, const struct vkey *y)
{
	return x->a == y->a && x->b == y->b && x->day == y->day &&
		x->kind == y->kind;
}

/* Insert k into s's set (which has room); false when it was there. */
static bool
set_add(struct shard *s, const struct vkey *k, uint64_t h)
{
	uint32_t mask = s->slots - 1, i = (uint32_t)(h >> 6) & mask;

	while (s->set[i].kind != K_EMPTY) {
		if (key_eq(&s->set[i], k))
			return false;
		i = (i + 1) & mask;
	}
	s->set[i] = *k;
	s->n++;
	return true;
}

static void
set_clear(struct shard *s, uint32_t slots)
{
	free(s->set);
	s->set = xcalloc(slots, sizeof(*s->set));
	s->slots = slots;
	s->n = 0;
}

/* Room for one more at most half full: grow, or forget when at the cap. */
static void
set_room(struct shard *s)
{
	struct vkey *old = s->set;
	uint32_t oslots = s->slots;

	if (s->set == NULL) {
		set_clear(s, SET_SLOTS_MIN);
		return;
	}
	if ((s->n + 1) * 2 <= s->slots)
		return;
	if (s->slots >= SET_SLOTS_MAX) {
		set_clear(s, s->slots);
		return;
	}
	s->set = xcalloc(oslots * 2, sizeof(*s->set));
	s->slots = oslots * 2;
	s->n = 0;
	for (uint32_t i = 0; i < oslots; i++)
		if (old[i].kind != K_EMPTY)
			set_add(s, &old[i], key_hash(&old[i]));
	free(old);
}

static void
pend_add(struct shard *s, const struct vkey *k)
{
	if (s->npend == PENDING_MAX) {
		s->dropped++;
		return;
	}
	if (s->npend == s->cappend) {
		s->cappend = s->cappend ? s->cappend * 2 : 64;
		s->pend = xrealloc(s->pend, s->cappend * sizeof(*s->pend));
	}
	s->pend[s->npend++] = *k;
}

static int
note(const struct vkey *k)
{
	uint64_t h = key_hash(k);
	struct shard *s = &shards[h % NSHARDS];
	int added;

	pthread_once(&once, init_shards);
	pthread_mutex_lock(&s->mu);
	if (k->day > s->day) {
		/* a new day: yesterday's keys are of no more use */
		if (s->set != NULL)
			set_clear(s, SET_SLOTS_MIN);
		s->day = k->day;
	}
	set_room(s);
	added = set_add(s, k, h);
	if (added)
		pend_add(s, k);
	pthread_mutex_unlock(&s->mu);
	return added;
}

int
views_note_view(int32_t day, int64_t lesson_id, int64_t pupil_id)
{
	struct vkey k = { lesson_id, pupil_id, day, K_VIEW };

	return note(&k);
}

int
views_note_user(int32_t day, int64_t person_id)
{
	struct vkey k = { 0, person_id, day, K_USER };

	return note(&k);
}

static struct query q_view = QUERY(
	"INSERT INTO lesson_views (day, lesson_id, pupil_id) "
	"VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
static struct query q_user = QUERY(
	"INSERT INTO usage_users (day, person_id, week) "
	"VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");

static int
write_rows(struct db *db, const struct vkey *v, size_t n, struct err *e)
{
	bool pg = db_kind(db) == DB_PG;
	int rc = 0;

	/* PostgreSQL: the batch's inserts go down one pipeline */
	if (pg)
		db_bulk(db, true);
	if ((rc = db_begin(db, e)) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prep(db, v[i].kind == K_VIEW ? &q_view :
			&q_user, e);
		char day[11], week[9];

		if (st == NULL) {
			rc = e->code ? e->code : ERR_DB;
			break;
		}
		date_format(v[i].day, day);
		db_bind_text(st, 1, day);
		if (v[i].kind == K_VIEW) {
			db_bind_i64(st, 2, v[i].a);
			db_bind_i64(st, 3, v[i].b);
		} else {
			date_format_week(v[i].day, week);
			db_bind_i64(st, 2, v[i].b);
			db_bind_text(st, 3, week);
		}
		if ((rc = db_exec(st, e)) != DB_DONE)
			break;
	}
	if (rc == 0)
		rc = db_commit(db, e);
	else
		db_rollback(db);
out:
	if (pg)
		db_bulk(db, false);
	db_release(db);
	return rc;
}

int
views_flush(struct db *db, struct err *e)
{
	struct vkey *all = NULL;
	size_t n = 0, cap = 0;
	int rc;

	pthread_once(&once, init_shards);
	pthread_mutex_lock(&flush_mu);
	for (int i = 0; i < NSHARDS; i++) {
		struct shard *s = &shards[i];

		pthread_mutex_lock(&s->mu);
		if (s->npend > 0) {
			if (n + s->npend > cap) {
				cap = (n + s->npend) * 2;
				all = xrealloc(all, cap * sizeof(*all));
			}
			memcpy(all + n, s->pend, s->npend * sizeof(*all));
			n += s->npend;
			s->npend = 0;
		}
		if (s->dropped) {
			log_msg(LOG_ERROR, "views: %llu rows dropped while the "
				"store was away", (unsigned long long)s->dropped);
			s->dropped = 0;
		}
		pthread_mutex_unlock(&s->mu);
	}
	rc = n ? write_rows(db, all, n, e) : 0;
	if (rc != 0) {
		/* kept for the next flush */
		for (size_t i = 0; i < n; i++) {
			struct shard *s = &shards[key_hash(&all[i]) % NSHARDS];

			pthread_mutex_lock(&s->mu);
			pend_add(s, &all[i]);
			pthread_mutex_unlock(&s->mu);
		}
	}
	free(all);
	pthread_mutex_unlock(&flush_mu);
	return rc != 0 ? (rc < 0 ? rc : ERR_DB) : (int)n;
}

size_t
views_pending(void)
{
	size_t n = 0;

	pthread_once(&once, init_shards);
	for (int i = 0; i < NSHARDS; i++) {
		pthread_mutex_lock(&shards[i].mu);
		n += shards[i].npend;
		pthread_mutex_unlock(&shards[i].mu);
	}
	return n;
}

void
views_reset(void)
{
	pthread_once(&once, init_shards);
	for (int i = 0; i < NSHARDS; i++) {
		struct shard *s = &shards[i];

		pthread_mutex_lock(&s->mu);
		free(s->set);
		free(s->pend);
		s->set = s->pend = NULL;
		s->slots = s->n = 0;
		s->npend = s->cappend = 0;
		s->day = 0;
		pthread_mutex_unlock(&s->mu);
	}
}

/* ---------- the flushing thread ---------- */

static pthread_t flusher;
static bool flusher_on;
static pthread_mutex_t stop_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cv = PTHREAD_COND_INITIALIZER;
static bool stopping;
static struct db *flush_db;
static const char *flush_url;

/* A failed write drops the connection: the next one opens a new one (a
** PostgreSQL server restarted, a network cut). */
static void
flush_logged(void)
{
	struct err e = { 0 };

	if (flush_db == NULL && db_open(&flush_db, flush_url, &e) != 0) {
		flush_db = NULL;
		log_msg(LOG_ERROR, "views: cannot open the store (%s); kept "
			"for the next flush", e.msg);
		return;
	}
	if (views_flush(flush_db, &e) < 0) {
		log_msg(LOG_ERROR, "views: flush failed (%s); kept for the "
			"next one", e.msg[0] ? e.msg : "store error");
		db_close(flush_db);
		flush_db = NULL;
	}
}

static void *
flusher_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&stop_mu);
	while (!stopping) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += VIEWS_FLUSH_S;
		pthread_cond_timedwait(&stop_cv, &stop_mu, &ts);
		pthread_mutex_unlock(&stop_mu);
		flush_logged();
		pthread_mutex_lock(&stop_mu);
	}
	pthread_mutex_unlock(&stop_mu);
	return NULL;
}

int
views_start(const char *db_url)
{
	struct err e = { 0 };

	flush_url = db_url;
	if (db_open(&flush_db, db_url, &e) != 0) {
		log_msg(LOG_ERROR, "views: cannot open the store (%s)", e.msg);
		return -1;
	}
	stopping = false;
	if (pthread_create(&flusher, NULL, flusher_main, NULL) != 0) {
		db_close(flush_db);
		flush_db = NULL;
		return -1;
	}
	flusher_on = true;
	return 0;
}

void
views_stop(void)
{
	if (!flusher_on)
		return;
	pthread_mutex_lock(&stop_mu);
	stopping = true;
	pthread_cond_signal(&stop_cv);
	pthread_mutex_unlock(&stop_mu);
	pthread_join(flusher, NULL);
	flusher_on = false;
	flush_logged();                 /* what came in since */
	if (flush_db != NULL)
		db_close(flush_db);
	flush_db = NULL;
	views_reset();
}
