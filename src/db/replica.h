/* replica.h: PostgreSQL read replicas: their lag, and which one reads */
#ifndef MK_REPLICA_H
#define MK_REPLICA_H

#include "db/db.h"

struct sb;

/*
** `mektep serve --db-replica URL` (docs/DEPLOY.md). A sampler thread asks
** the primary and every replica, about twice a second, how far each
** replica is behind (replica_lag_ms); a request that only reads and whose
** session has not written lately reads from a replica whose lag is known
** and small enough (replica_route), on a connection of its worker
** thread's own (replica_pick). Everything else stays on the primary.
*/

#define REPLICA_MAX 8
/* How much older than the replica's lag a session's last write must be
** before that session reads from the replica: the time between taking
** wrote_at and COMMIT, and clocks of servers apart by up to about this. */
#define REPLICA_MARGIN_MS 1000

/*
** Start the sampler for n replica URLs of the primary at primary_url;
** reads go to a replica only while its lag is at most max_lag_ms. The
** replicas need not answer yet. ERR_INVAL (with a message) for more than
** REPLICA_MAX, or a URL that is not PostgreSQL's.
*/
int replica_start(const char *primary_url, const char *const *urls, int n,
	int64_t max_lag_ms, struct err *e);
void replica_stop(void);
bool replica_configured(void);

/*
** A connection of the calling thread to a replica usable now (round
** robin among them), opened on first use and closed when the thread
** ends, with that replica's lag in *lag_ms; NULL when none is usable.
*/
struct db *replica_pick(int64_t *lag_ms);
int64_t replica_max_lag_ms(void);

/* A request's reads were sent to the replica or to the primary. */
void replica_count(bool to_replica);

/* Append the replicas' gauges and counters to /metrics (none without
** replicas). */
void replica_metrics(struct sb *o);

/* replica_rule.c: the rules, pure functions */

/*
** Split a list of replica URLs (MEKTEP_DB_REPLICA) in place at each comma
** that begins another postgresql:// or postgres:// URL (a comma inside a
** URL, as between the hosts of a multi-host one, stays); up to cap into
** urls. Returns how many, or -1 when there are more than cap.
*/
int replica_split_urls(char *list, const char **urls, int cap);

/*
** A replica's lag as one sample shows it, in milliseconds: 0 when it has
** replayed all the WAL the primary had written when asked (caught_up);
** otherwise the smaller of how old its last replayed commit is
** (replay_age_ms) and how long ago it was last caught up
** (since_caught_up_ms), each -1 when not known; -1 when neither is.
** The first alone overstates the lag after a primary stood idle, the
** second alone by up to a sampling interval; both are upper bounds.
*/
int64_t replica_lag_ms(bool caught_up, int64_t replay_age_ms,
	int64_t since_caught_up_ms);

/*
** Where the reads of a request go: DB_READS_REPLICA only when the request
** only reads (GET, HEAD), the replica's lag is known (>= 0) and at most
** max_lag_ms, and the session's last write (wrote_at_ms, 0: never) is
** older than the lag plus REPLICA_MARGIN_MS, so that the replica holds
** it (read-your-writes); DB_READS_PRIMARY otherwise. Times in ms since
** the epoch.
*/
enum db_reads replica_route(bool reads_only, int64_t now_ms,
	int64_t wrote_at_ms, int64_t lag_ms, int64_t max_lag_ms);

#endif
