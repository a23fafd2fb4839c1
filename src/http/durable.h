/* durable.h: answers that wait for the disk without holding a worker */
#ifndef MK_DURABLE_H
#define MK_DURABLE_H

#include "db/db.h"
#include "http/req.h"

#include <microhttpd.h>

/*
** A request that committed is answered only once its commit is on disk
** (db_sync_*, db.h). The worker thread does not wait for that itself:
** it suspends the connection and hands it here, and goes on serving
** others. One thread waits for the syncs (one fdatasync covers every
** commit made before it) and resumes each connection, which is then
** answered; if the sync failed, with 503 "unavailable" instead. So a slow
** disk delays the answers to writes, not the reads queued behind them.
*/
void durable_start(void);
void durable_stop(void);        /* every connection handed over resumed */

/*
** Called from the access handler: false when s is on disk already (or
** has been waited for here, once stopping), true when c is suspended and
** will be resumed with r->durable set to DURABLE_SYNCED or
** DURABLE_FAILED.
*/
bool durable_wait(struct MHD_Connection *c, struct req *r,
	const struct db_sync *s);

#endif
