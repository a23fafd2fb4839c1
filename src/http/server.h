/* server.h: the HTTP server (libmicrohttpd in thread-pool mode) */
#ifndef MK_SERVER_H
#define MK_SERVER_H

struct err;
struct db;

struct server_opts {
	const char *db_url;
	const char *listen;             /* HOST:PORT */
	int threads;                    /* worker threads, each with a db */
	int conn_timeout_s;
	size_t max_body;
	int max_conns;                  /* in all, split over threads */
	bool log_requests;
	size_t cache_bytes;             /* answers kept in memory, at most */
	int commit_window_ms;           /* shared write transactions (db.h
					** db_commit_window); -1: none */
	/* overload and slow clients (docs/OVERLOAD.md) */
	int max_inflight;               /* requests let in at once; 0: any */
	int queue_timeout_ms;           /* waited longer: 503; 0: never */
	int per_address_conns;          /* from one address; 0: any */
	const char *const *trusted;     /* proxies exempt from that */
	int ntrusted;
	int request_timeout_s;          /* a head within; a body's window */
	int min_rate;                   /* bytes/s a body must keep up */
};

void server_opts_default(struct server_opts *o);

/* Serve until SIGINT/SIGTERM; returns the process exit status. */
int server_run(const struct server_opts *o);

/* The calling worker thread's store connection (opened on first use);
** NULL with e filled when it cannot be opened. */
struct db *server_db(struct err *e);

#endif
