/* sqlite_sync.c: group commit for the SQLite store */
#include "core/common.h"
#include "core/log.h"
#include "db/sqlite_sync.h"

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
static int
sync_wal(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

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
