/* sqlite_sync.c: group commit for the SQLite store */
#include "core/common.h"
#include "core/log.h"
#include "db/sqlite_sync.h"
#include "db/db.h"
#include "db/sqlite_batch.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

struct walsync {
	char *wal;                      /* "<database>-wal" */
	pthread_mutex_t m;
	pthread_cond_t cv;
	uint64_t committed;             /* tickets handed out */
	uint64_t durable;               /* on disk up to this ticket */
	bool syncing;
	int failed_errno;               /* of the last sync, 0 if it held */
};

#define MAX_FILES 16

static struct walsync groups[MAX_FILES];
static int ngroups;
static pthread_mutex_t groups_m = PTHREAD_MUTEX_INITIALIZER;

struct walsync *
walsync_of(const char *path)
{
	struct walsync *w = NULL;
	size_t n = strlen(path);

	pthread_mutex_lock(&groups_m);
	for (int i = 0; i < ngroups; i++)
		if (strncmp(groups[i].wal, path, n) == 0 &&
		    strcmp(groups[i].wal + n, "-wal") == 0)
			w = &groups[i];
	if (w == NULL && ngroups < MAX_FILES) {
		w = &groups[ngroups++];
		w->wal = xmalloc(n + 5);
		memcpy(w->wal, path, n);
		memcpy(w->wal + n, "-wal", 5);
		pthread_mutex_init(&w->m, NULL);
		pthread_cond_init(&w->cv, NULL);
	}
	pthread_mutex_unlock(&groups_m);
	if (w == NULL)
		BUG("more than %d database files in one process", MAX_FILES);
	return w;
}

uint64_t
walsync_ticket(struct walsync *w)
{
	uint64_t t;

	pthread_mutex_lock(&w->m);
	t = ++w->committed;
	pthread_mutex_unlock(&w->m);
	return t;
}

/*
** The WAL is opened by name for each sync: SQLite may delete and create
** it again (when the last connection closes), and a descriptor kept
** from before would sync the wrong file. No WAL (not in WAL mode, or a
** bulk load without journal) means nothing waits to be synced.
*/
/* MEKTEP_TEST_SYNC_DELAY_MS: each sync takes that much longer, a slow
** disk for the tests (tests/api/test_overload.py); unset in production */
static long sync_delay_ms;
static pthread_once_t delay_once = PTHREAD_ONCE_INIT;

static void
delay_read(void)
{
	const char *v = getenv("MEKTEP_TEST_SYNC_DELAY_MS");

	sync_delay_ms = v ? strtol(v, NULL, 10) : 0;
	if (sync_delay_ms < 0 || sync_delay_ms > 60000)
		sync_delay_ms = 0;
}

static int
sync_wal(const char *path)
{
	int fd, rc;

	pthread_once(&delay_once, delay_read);
	if (sync_delay_ms > 0)
		usleep((useconds_t)sync_delay_ms * 1000);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : errno;
	rc = fdatasync(fd) == 0 ? 0 : errno;
	close(fd);
	return rc;
}

int
walsync_wait(struct walsync *w, uint64_t ticket)
{
	int err = 0;

	pthread_mutex_lock(&w->m);
	while (w->durable < ticket) {
		uint64_t upto;

		if (w->syncing) {
			pthread_cond_wait(&w->cv, &w->m);
			continue;
		}
		/* lead: one sync for every commit so far */
		w->syncing = true;
		upto = w->committed;
		pthread_mutex_unlock(&w->m);
		err = sync_wal(w->wal);
		pthread_mutex_lock(&w->m);
		w->syncing = false;
		w->failed_errno = err;
		if (err == 0)
			w->durable = upto;
		pthread_cond_broadcast(&w->cv);
		if (err != 0)
			break;
	}
	if (err == 0 && w->durable < ticket)
		err = w->failed_errno;
	pthread_mutex_unlock(&w->m);
	if (err != 0) {
		log_msg(LOG_ERROR, "fdatasync of '%s': %s", w->wal,
			strerror(err));
		errno = err;
		return -1;
	}
	return 0;
}

/* ---------- the wait handed back to the caller (db.h, db_sync_*) ---- */

static _Thread_local bool deferring;
static _Thread_local struct walsync *pending;
static _Thread_local uint64_t pending_ticket;
static _Thread_local struct batch *pending_batch;
static _Thread_local uint64_t pending_batch_id;

void
db_sync_defer(bool on)
{
	deferring = on;
}

int
walsync_commit(struct walsync *w, uint64_t ticket)
{
	if (!deferring)
		return walsync_wait(w, ticket);
	if (pending != NULL && pending != w)
		return walsync_wait(w, ticket);  /* one file a request */
	pending = w;
	if (ticket > pending_ticket)
		pending_ticket = ticket;
	return 0;
}

bool
walsync_deferring(void)
{
	return deferring;
}

void
walsync_note_batch(struct walsync *w, struct batch *b, uint64_t id)
{
	if (pending != NULL && pending != w)
		BUG("one database file a request");
	pending = w;
	pending_batch = b;
	pending_batch_id = id;
}

bool
db_sync_take(struct db_sync *s)
{
	if (pending == NULL)
		return false;
	s->group = pending;
	s->ticket = pending_ticket;
	s->batch = pending_batch;
	s->batch_id = pending_batch_id;
	pending = NULL;
	pending_ticket = 0;
	pending_batch = NULL;
	pending_batch_id = 0;
	return true;
}

bool
db_sync_done(const struct db_sync *s)
{
	struct walsync *w = s->group;
	uint64_t t = s->ticket;
	bool done;

	if (s->batch != NULL && (!batch_done(s->batch, s->batch_id, &t) ||
	    t < s->ticket))
		return false;
	pthread_mutex_lock(&w->m);
	done = w->durable >= t;
	pthread_mutex_unlock(&w->m);
	return done;
}

int
db_sync_wait(const struct db_sync *s)
{
	uint64_t t = s->ticket;

	if (s->batch != NULL && batch_wait(s->batch, s->batch_id, &t) != 0)
		return -1;
	return walsync_wait(s->group, t > s->ticket ? t : s->ticket);
}
