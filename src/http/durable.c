/* durable.c: answers that wait for the disk without holding a worker
** (durable.h) */
#include "core/common.h"
#include "http/durable.h"
#include "core/log.h"

#include <pthread.h>

struct item {
	struct MHD_Connection *c;
	struct req *r;
	struct db_sync s;
	struct item *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct item *head, **tail = &head;
static bool running, stopping;
static pthread_t syncer;

static void *
syncer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		struct item *list;

		while (head == NULL && !stopping)
			pthread_cond_wait(&cv, &mu);
		if (head == NULL)
			break;
		list = head;
		head = NULL;
		tail = &head;
		pthread_mutex_unlock(&mu);
		while (list != NULL) {
			struct item *it = list;

			list = it->next;
			/* the first wait syncs for all; the rest return */
			it->r->durable = db_sync_wait(&it->s) == 0 ?
				DURABLE_SYNCED : DURABLE_FAILED;
			MHD_resume_connection(it->c);
			free(it);
		}
		pthread_mutex_lock(&mu);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void
durable_start(void)
{
	pthread_mutex_lock(&mu);
	stopping = false;
	running = pthread_create(&syncer, NULL, syncer_main, NULL) == 0;
	pthread_mutex_unlock(&mu);
	if (!running)
		log_msg(LOG_WARN, "durable: no syncing thread; writes' answers "
			"wait on their workers");
}

void
durable_stop(void)
{
	pthread_mutex_lock(&mu);
	if (!running) {
		pthread_mutex_unlock(&mu);
		return;
	}
	stopping = true;
	running = false;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(syncer, NULL);
}

bool
durable_wait(struct MHD_Connection *c, struct req *r,
	const struct db_sync *s)
{
	struct item *it;

	if (db_sync_done(s))
		return false;
	pthread_mutex_lock(&mu);
	if (!running) {
		pthread_mutex_unlock(&mu);
		r->durable = db_sync_wait(s) == 0 ? DURABLE_SYNCED :
			DURABLE_FAILED;
		return false;
	}
	it = xcalloc(1, sizeof(*it));
	it->c = c;
	it->r = r;
	it->s = *s;
	r->durable = DURABLE_WAITING;
	MHD_suspend_connection(c);
	*tail = it;
	tail = &it->next;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	return true;
}
