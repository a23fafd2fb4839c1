/* sqlite_batch.c: the server's write requests sharing one transaction
** (sqlite_batch.h) */
#include "core/common.h"
#include "db/sqlite_batch.h"
#include "core/log.h"
#include "db/sqlite_sync.h"

#include <time.h>

/* requests in one shared transaction at most: a bound on its WAL frames
** and on what one failed COMMIT takes down */
#define BATCH_MAX 256
/* outcomes remembered for the waiters (batches close in id order) */
#define RING 4096

struct batch {
	struct walsync *ws;             /* the file's group (its key) */
	struct db *w;                   /* the writer connection */
	sqlite3_stmt *sp_begin, *sp_release, *sp_undo;
	/* below: written with both sq_write_mutex and m held, read with
	** either */
	pthread_mutex_t m;
	pthread_cond_t cv;
	uint64_t open_id;               /* the open batch; 0: none */
	uint64_t last_id;               /* ids handed out */
	uint64_t closed_id;             /* batches up to it are over */
	uint64_t ticket;                /* walsync ticket after the last */
	uint64_t last_failed;           /* the newest id whose commit failed */
	uint64_t opened_us;
	int members;
	uint64_t joined;                /* requests in all batches so far */
	bool failed[RING];
};

#define MAX_FILES 16

static struct batch *batches[MAX_FILES];
static int nbatches;
static pthread_mutex_t batches_m = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int64_t window_us = -1;  /* db_commit_window(); -1: off */
static void (*lost_hook)(void);

void
db_commit_window(int ms)
{
	window_us = ms < 0 ? -1 : (int64_t)ms * 1000;
}

void
db_on_batch_lost(void (*fn)(void))
{
	lost_hook = fn;
}

bool
batch_on(void)
{
	return window_us >= 0 && walsync_deferring();
}

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static struct batch *
batch_of(struct walsync *ws)
{
	struct batch *b = NULL;
	pthread_condattr_t ca;

	pthread_mutex_lock(&batches_m);
	for (int i = 0; i < nbatches && b == NULL; i++)
		if (batches[i]->ws == ws)
			b = batches[i];
	if (b == NULL && nbatches < MAX_FILES) {
		b = xcalloc(1, sizeof(*b));
		b->ws = ws;
		pthread_mutex_init(&b->m, NULL);
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&b->cv, &ca);
		pthread_condattr_destroy(&ca);
		batches[nbatches++] = b;
	}
	pthread_mutex_unlock(&batches_m);
	if (b == NULL)
		BUG("more than %d database files in one process", MAX_FILES);
	return b;
}

static int
writer_open(struct batch *b, const char *path, struct err *e)
{
	int rc = sq_open_path(&b->w, path, e);

	if (rc != 0)
		return rc;
	if (sqlite3_prepare_v3(b->w->h, "SAVEPOINT req", -1,
	    SQLITE_PREPARE_PERSISTENT, &b->sp_begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(b->w->h, "RELEASE req", -1,
	    SQLITE_PREPARE_PERSISTENT, &b->sp_release, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(b->w->h, "ROLLBACK TO req", -1,
	    SQLITE_PREPARE_PERSISTENT, &b->sp_undo, NULL) != SQLITE_OK)
		BUG("savepoint statements: %s", sqlite3_errmsg(b->w->h));
	return 0;
}

/* The batch is over: its outcome for its waiters. */
static void
batch_end(struct batch *b, bool ok)
{
	uint64_t id = b->open_id;
	uint64_t t = ok ? walsync_ticket(b->ws) : 0;

	b->w->in_tx = false;
	pthread_mutex_lock(&b->m);
	b->failed[id % RING] = !ok;
	if (ok)
		b->ticket = t;
	else
		b->last_failed = id;
	b->closed_id = id;
	b->open_id = 0;
	b->members = 0;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->m);
	if (!ok) {
		log_msg(LOG_ERROR, "a shared write transaction was lost; "
			"its requests are answered 503");
		if (lost_hook != NULL)
			lost_hook();
	}
}

/* sq_write_mutex held: commit the open batch of b, if any. */
static void
commit_locked(struct batch *b)
{
	int rc;

	if (b->open_id == 0)
		return;
	if (sqlite3_get_autocommit(b->w->h)) {  /* SQLite rolled it back */
		batch_end(b, false);
		return;
	}
	sq_reset_used(b->w, true);
	rc = sqlite3_exec(b->w->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		(void)sq_fail(b->w, rc, NULL, "commit of a shared transaction");
		(void)sqlite3_exec(b->w->h, "ROLLBACK", NULL, NULL, NULL);
	}
	batch_end(b, rc == SQLITE_OK);
}

void
batch_close_for(struct db *db)
{
	struct batch *b = NULL;

	pthread_mutex_lock(&batches_m);
	for (int i = 0; i < nbatches && b == NULL; i++)
		if (batches[i]->ws == db->ws)
			b = batches[i];
	pthread_mutex_unlock(&batches_m);
	if (b != NULL && b->w != NULL)
		commit_locked(b);
}

static int
savepoint(struct db *w, sqlite3_stmt *st, struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(w, rc, e, what);
}

int
batch_enter(struct db *db, struct err *e)
{
	struct batch *b = db->batch ? db->batch : batch_of(db->ws);
	int rc;

	/* statements db is still reading go on: in WAL a reader does not
	** hold the writer connection back */
	pthread_mutex_lock(&sq_write_mutex);
	if (b->w == NULL && (rc = writer_open(b, db->path, e)) != 0)
		goto fail;
	if (b->open_id != 0 && (b->members >= BATCH_MAX ||
	    mono_us() - b->opened_us >= (uint64_t)window_us))
		commit_locked(b);
	if (b->open_id == 0) {
		if ((rc = sq_script(b->w, "BEGIN IMMEDIATE", e)) != 0)
			goto fail;
		b->w->in_tx = true;
		pthread_mutex_lock(&b->m);
		b->open_id = ++b->last_id;
		b->opened_us = mono_us();
		pthread_mutex_unlock(&b->m);
	}
	b->members++;
	b->joined++;
	walsync_note_batch(b->ws, b, b->open_id);
	db->via = b->w;
	db->batch = b;
	return 0;
fail:
	pthread_mutex_unlock(&sq_write_mutex);
	return rc;
}

int
batch_savepoint(struct db *db, struct err *e)
{
	struct batch *b = db->batch;
	int rc = savepoint(b->w, b->sp_begin, e, "savepoint");

	db->in_tx = rc == 0;
	return rc;
}

int
batch_release(struct db *db, struct err *e)
{
	struct batch *b = db->batch;
	int rc;

	sq_reset_used(db->via, false);
	if ((rc = savepoint(b->w, b->sp_release, e, "release")) != 0)
		batch_undo(db);
	db->in_tx = false;
	return rc;
}

void
batch_undo(struct db *db)
{
	struct batch *b = db->batch;

	sq_reset_used(db->via, false);
	if (!sqlite3_get_autocommit(b->w->h)) {
		(void)savepoint(b->w, b->sp_undo, NULL, "rollback to");
		(void)savepoint(b->w, b->sp_release, NULL, "release");
	}
	db->in_tx = false;
}

void
batch_leave(struct db *db)
{
	struct batch *b = db->batch;

	if (db->in_tx)
		batch_undo(db);
	sq_reset_used(b->w, true);
	/* an error SQLite answered by rolling back everything (a full disk)
	** ends the batch now: its requests fail, the next one starts anew */
	if (b->open_id != 0 && sqlite3_get_autocommit(b->w->h))
		batch_end(b, false);
	db->via = NULL;
	pthread_mutex_unlock(&sq_write_mutex);
}

static bool
outcome(struct batch *b, uint64_t id, uint64_t *ticket)
{
	*ticket = b->ticket;
	if (b->closed_id - id >= RING)  /* forgotten: failed if any since */
		return b->last_failed < id;
	return !b->failed[id % RING];
}

bool
batch_done(struct batch *b, uint64_t id, uint64_t *ticket)
{
	bool done;

	pthread_mutex_lock(&b->m);
	done = b->closed_id >= id && outcome(b, id, ticket);
	pthread_mutex_unlock(&b->m);
	return done;
}

int
batch_wait(struct batch *b, uint64_t id, uint64_t *ticket)
{
	bool ok;

	pthread_mutex_lock(&b->m);
	while (b->closed_id < id) {
		uint64_t end = b->opened_us + (uint64_t)window_us;

		if (b->open_id == id && b->members < BATCH_MAX &&
		    mono_us() < end) {
			struct timespec ts = {
				.tv_sec = (time_t)(end / 1000000u),
				.tv_nsec = (long)(end % 1000000u) * 1000,
			};

			pthread_cond_timedwait(&b->cv, &b->m, &ts);
			continue;
		}
		pthread_mutex_unlock(&b->m);
		pthread_mutex_lock(&sq_write_mutex);
		if (b->open_id == id)
			commit_locked(b);
		pthread_mutex_unlock(&sq_write_mutex);
		pthread_mutex_lock(&b->m);
	}
	ok = outcome(b, id, ticket);
	pthread_mutex_unlock(&b->m);
	return ok ? 0 : -1;
}

void
db_batches_end(void)
{
	pthread_mutex_lock(&sq_write_mutex);
	pthread_mutex_lock(&batches_m);
	for (int i = 0; i < nbatches; i++) {
		struct batch *b = batches[i];

		if (b->w == NULL)
			continue;
		commit_locked(b);
		log_msg(LOG_INFO, "shared write transactions: %llu requests in "
			"%llu commits", (unsigned long long)b->joined,
			(unsigned long long)b->last_id);
		sqlite3_finalize(b->sp_begin);
		sqlite3_finalize(b->sp_release);
		sqlite3_finalize(b->sp_undo);
		b->sp_begin = b->sp_release = b->sp_undo = NULL;
		b->w->ops->close(b->w);
		b->w = NULL;
	}
	pthread_mutex_unlock(&batches_m);
	pthread_mutex_unlock(&sq_write_mutex);
}
