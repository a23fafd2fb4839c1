/* replica.c: the replicas' lag sampler and each thread's connections */
#include "core/common.h"
#include "db/replica.h"
#include "core/log.h"
#include "core/sb.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

/*
** The sampler asks the primary how far its WAL goes, then each replica
** whether it has replayed that far. From the answers it keeps, per
** replica, one number the request threads read without a lock: the
** horizon, a monotonic time before which every commit is surely on the
** replica (INT64_MIN: not usable at all). A replica's lag at any moment
** is now minus its horizon, so a sampler that stalls makes the lag grow
** rather than look fresh. With the primary away, a replica that has
** replayed all it received counts as caught up: nothing newer exists.
*/

#define SAMPLE_EVERY_MS 500
#define REOPEN_EVERY_S 5       /* the sampler's first connection */
#define NOT_USABLE INT64_MIN

enum rep_state {
	REP_NEW, REP_USABLE, REP_LAGGING, REP_UNKNOWN, REP_DOWN, REP_PRIMARY
};

struct replica {
	char *url;
	struct db *db;                  /* the sampler's connection */
	time_t opened_at;               /* its last try */
	atomic_int_fast64_t horizon_us;
	atomic_int up;                  /* answers as a standby */
	int64_t caught_up_us;           /* sampler's: last seen caught up */
	enum rep_state state;           /* sampler's: as last logged */
};

static struct {
	char *primary_url;
	struct db *primary;             /* the sampler's connection */
	time_t opened_at;
	struct replica reps[REPLICA_MAX];
	int n;
	int64_t max_lag_ms;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop, running;
} g = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static atomic_uint_fast64_t reads_to[2];       /* primary, replica */

/* a worker thread's connections, closed when it ends */
struct thread_conns {
	struct db *db[REPLICA_MAX];
	time_t tried[REPLICA_MAX];
	int next;                       /* round robin */
};
static pthread_key_t conns_key;
static _Thread_local struct thread_conns *tc;

static struct query q_primary_lsn = QUERY(
	"SELECT CASE WHEN pg_is_in_recovery() THEN NULL "
	"ELSE CAST(pg_current_wal_insert_lsn() AS text) END");
static struct query q_replica = QUERY(
	"SELECT pg_is_in_recovery(), "
	"COALESCE(pg_last_wal_replay_lsn() >= CAST(?1 AS pg_lsn), false), "
	"COALESCE(pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn(), "
	"false), CAST(EXTRACT(EPOCH FROM clock_timestamp() - "
	"pg_last_xact_replay_timestamp()) * 1000 AS bigint)");

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The sampler's connection *db to url, opened now and then until it is;
** once open, db_pg.c reconnects it as needed. */
static bool
sampler_db(struct db **db, const char *url, time_t *opened_at)
{
	struct err e = { 0 };
	time_t now = time(NULL);

	if (*db != NULL)
		return true;
	if (now - *opened_at < REOPEN_EVERY_S)
		return false;
	*opened_at = now;
	return db_open(db, url, &e) == 0;
}

/* How far the primary's WAL goes, into lsn; false when it cannot say. */
static bool
primary_lsn(char *lsn, size_t cap)
{
	struct db_stmt *st;
	bool ok = false;

	if (!sampler_db(&g.primary, g.primary_url, &g.opened_at))
		return false;
	if ((st = db_prep(g.primary, &q_primary_lsn, NULL)) != NULL &&
	    db_step(st, NULL) == DB_ROW && !db_col_null(st, 0)) {
		snprintf(lsn, cap, "%s", db_col_text(st, 0));
		ok = true;
	}
	db_release(g.primary);
	return ok;
}

static void
set_state(struct replica *rp, int i, enum rep_state s, int64_t lag_ms)
{
	char shown[256];

	if (s == rp->state)
		return;
	db_url_shown(rp->url, shown, sizeof(shown));
	switch (s) {
	case REP_USABLE:
		log_msg(LOG_INFO, "replica %d (%s) usable, %.3f s behind", i,
			shown, (double)lag_ms / 1000);
		break;
	case REP_LAGGING:
		log_msg(LOG_WARN, "replica %d (%s) is %.3f s behind, more "
			"than the %.3f s allowed: its reads go to the primary",
			i, shown, (double)lag_ms / 1000,
			(double)g.max_lag_ms / 1000);
		break;
	case REP_UNKNOWN:
		log_msg(LOG_WARN, "replica %d (%s): how far behind it is is "
			"not known yet: its reads go to the primary", i, shown);
		break;
	case REP_DOWN:
		log_msg(LOG_WARN, "replica %d (%s) does not answer: its reads "
			"go to the primary", i, shown);
		break;
	case REP_PRIMARY:
		log_msg(LOG_ERROR, "replica %d (%s) is not a standby "
			"(pg_is_in_recovery() is false): not used", i, shown);
		break;
	case REP_NEW:
		break;
	}
	rp->state = s;
}

/* One replica: its horizon, given how far the primary's WAL went at
** t_primary (lsn NULL: the primary did not say). */
static void
sample_one(struct replica *rp, int i, const char *lsn, int64_t t_primary)
{
	struct db_stmt *st = NULL;
	bool standby = false, caught_up = false, answered = false;
	int64_t age = -1, t = mono_us(), at, since, lag;

	if (sampler_db(&rp->db, rp->url, &rp->opened_at) &&
	    (st = db_prep(rp->db, &q_replica, NULL)) != NULL &&
	    db_bind_text(st, 1, lsn) == 0 && db_step(st, NULL) == DB_ROW) {
		answered = true;
		standby = db_col_i64(st, 0) != 0;
		caught_up = db_col_i64(st, lsn ? 1 : 2) != 0;
		if (!db_col_null(st, 3))
			age = db_col_i64(st, 3) < 0 ? 0 : db_col_i64(st, 3);
	}
	if (rp->db != NULL)
		db_release(rp->db);
	atomic_store(&rp->up, answered && standby);
	if (!answered || !standby) {
		atomic_store(&rp->horizon_us, NOT_USABLE);
		set_state(rp, i, answered ? REP_PRIMARY : REP_DOWN, 0);
		return;
	}
	/* caught up with the primary as it was at t_primary, or (the
	** primary away) with all the replica received, as of now */
	at = lsn ? t_primary : t;
	if (caught_up)
		rp->caught_up_us = at;
	since = rp->caught_up_us ? (t - rp->caught_up_us) / 1000 : -1;
	lag = replica_lag_ms(caught_up, age, since);
	if (lag < 0) {
		atomic_store(&rp->horizon_us, NOT_USABLE);
		set_state(rp, i, REP_UNKNOWN, 0);
		return;
	}
	atomic_store(&rp->horizon_us, (caught_up ? at : t) - lag * 1000);
	set_state(rp, i, lag > g.max_lag_ms ? REP_LAGGING : REP_USABLE, lag);
}

static void *
sampler(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g.mu);
	while (!g.stop) {
		struct timespec until;
		char lsn[64];
		int64_t t;
		bool have;

		pthread_mutex_unlock(&g.mu);
		t = mono_us();
		have = primary_lsn(lsn, sizeof(lsn));
		for (int i = 0; i < g.n; i++)
			sample_one(&g.reps[i], i, have ? lsn : NULL, t);
		pthread_mutex_lock(&g.mu);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SAMPLE_EVERY_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		if (!g.stop)
			pthread_cond_timedwait(&g.cv, &g.mu, &until);
	}
	pthread_mutex_unlock(&g.mu);
	return NULL;
}

static void
thread_conns_end(void *p)
{
	struct thread_conns *c = p;

	for (int i = 0; i < REPLICA_MAX; i++)
		db_close(c->db[i]);
	free(c);
}

int
replica_start(const char *primary_url, const char *const *urls, int n,
	int64_t max_lag_ms, struct err *e)
{
	if (n == 0)
		return 0;
	if (n > REPLICA_MAX)
		return err_set(e, ERR_INVAL, "at most %d replicas",
			REPLICA_MAX);
	if (!db_url_is_pg(primary_url))
		return err_set(e, ERR_INVAL, "'--db-replica' needs a "
			"PostgreSQL '--db'");
	for (int i = 0; i < n; i++)
		if (!db_url_is_pg(urls[i]))
			return err_set(e, ERR_INVAL, "'--db-replica' must be a "
				"postgresql:// URL, not '%s'", urls[i]);
	g.primary_url = xstrdup(primary_url);
	for (int i = 0; i < n; i++) {
		g.reps[i].url = xstrdup(urls[i]);
		atomic_store(&g.reps[i].horizon_us, NOT_USABLE);
	}
	g.n = n;
	g.max_lag_ms = max_lag_ms;
	g.stop = false;
	pthread_key_create(&conns_key, thread_conns_end);
	if (pthread_create(&g.thread, NULL, sampler, NULL) != 0)
		return err_set(e, ERR_INTERNAL, "cannot start the replica "
			"sampler");
	g.running = true;
	return 0;
}

void
replica_stop(void)
{
	if (!g.running)
		return;
	pthread_mutex_lock(&g.mu);
	g.stop = true;
	pthread_cond_signal(&g.cv);
	pthread_mutex_unlock(&g.mu);
	pthread_join(g.thread, NULL);
	g.running = false;
	db_close(g.primary);
	g.primary = NULL;
	free(g.primary_url);
	for (int i = 0; i < g.n; i++) {
		db_close(g.reps[i].db);
		free(g.reps[i].url);
		memset(&g.reps[i], 0, sizeof(g.reps[i]));
	}
	g.n = 0;
}

bool
replica_configured(void)
{
	return g.n > 0;
}

int64_t
replica_max_lag_ms(void)
{
	return g.max_lag_ms;
}

struct db *
replica_pick(int64_t *lag_ms)
{
	int64_t now = mono_us();

	if (g.n == 0)
		return NULL;
	if (tc == NULL) {
		tc = xcalloc(1, sizeof(*tc));
		pthread_setspecific(conns_key, tc);
	}
	for (int k = 0; k < g.n; k++) {
		int i = (tc->next + k) % g.n;
		int64_t h = atomic_load(&g.reps[i].horizon_us), lag;

		if (h == NOT_USABLE || (lag = (now - h) / 1000) > g.max_lag_ms)
			continue;
		if (tc->db[i] == NULL) {
			struct err e = { 0 };
			time_t t = time(NULL);

			/* db_pg.c reconnects an open one; a first open that
			** failed is tried again a second later */
			if (t == tc->tried[i])
				continue;
			tc->tried[i] = t;
			if (db_open(&tc->db[i], g.reps[i].url, &e) != 0)
				continue;
		}
		tc->next = i + 1;
		*lag_ms = lag < 0 ? 0 : lag;
		return tc->db[i];
	}
	return NULL;
}

void
replica_count(bool to_replica)
{
	atomic_fetch_add_explicit(&reads_to[to_replica], 1,
		memory_order_relaxed);
}

void
replica_metrics(struct sb *o)
{
	int64_t now = mono_us();

	if (g.n == 0)
		return;
	sb_adds(o, "# HELP mektep_db_replica_up Whether the replica (by its "
		"place among --db-replica) answers as a standby.\n"
		"# TYPE mektep_db_replica_up gauge\n");
	for (int i = 0; i < g.n; i++)
		sb_addf(o, "mektep_db_replica_up{replica=\"%d\"} %d\n", i,
			atomic_load(&g.reps[i].up));
	sb_adds(o, "# HELP mektep_db_replica_lag_seconds How far behind the "
		"primary the replica is, at most (sampled twice a second).\n"
		"# TYPE mektep_db_replica_lag_seconds gauge\n");
	for (int i = 0; i < g.n; i++) {
		int64_t h = atomic_load(&g.reps[i].horizon_us);

		if (h != NOT_USABLE)
			sb_addf(o, "mektep_db_replica_lag_seconds{replica="
				"\"%d\"} %.3f\n", i,
				(double)(now > h ? now - h : 0) / 1e6);
	}
	sb_addf(o, "# HELP mektep_db_reads_total Requests by where their "
		"reads went: a replica or the primary.\n"
		"# TYPE mektep_db_reads_total counter\n"
		"mektep_db_reads_total{to=\"replica\"} %llu\n"
		"mektep_db_reads_total{to=\"primary\"} %llu\n"
		"# HELP mektep_db_read_fallbacks_total Reads sent to the other "
		"side because the one chosen was unavailable.\n"
		"# TYPE mektep_db_read_fallbacks_total counter\n"
		"mektep_db_read_fallbacks_total %llu\n",
		(unsigned long long)atomic_load(&reads_to[1]),
		(unsigned long long)atomic_load(&reads_to[0]),
		(unsigned long long)db_read_fallbacks());
}
