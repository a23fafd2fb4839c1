/* server.c: libmicrohttpd glue: request lifecycle, limits, logging */
#include "core/common.h"
#include "http/server.h"
#include "http/router.h"
#include "http/reply.h"
#include "http/metrics.h"
#include "http/admission.h"
#include "http/peers.h"
#include "http/durable.h"
#include "auth/auth.h"
#include "auth/grants_cache.h"
#include "auth/session_cache.h"
#include "core/jw.h"
#include "core/log.h"
#include "db/db.h"
#include "db/replica.h"
#include "cache/answers.h"
#include "cache/revisions.h"
#include "assign/upload.h"
#include "journal/school_cal.h"
#include "views/views.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
** libmicrohttpd runs an epoll loop in each of `threads` worker threads;
** handlers run on those threads and may block on the store. Three traps
** of its 0.9.75 release (../shared/PERFORMANCE.md) are avoided here:
** - a worker stalls when epoll_wait returns its MAX_EVENTS (128) events
**   at once, so each worker is kept under 128 connections
**   (MHD_OPTION_CONNECTION_LIMIT is split over the pool);
** - answering in the first callback drops keep-alive, so every request
**   is answered in a later callback, after the (possibly empty) body;
** - the default connection timeout is "never", so one is always set.
*/

#define MAX_CONNS_PER_THREAD 120
#define SERVE_CONNS_PER_THREAD 100      /* above: 503 and closed */
#define INFLIGHT_PER_THREAD 32
#define MAX_PATH 2048

static const struct server_opts *opts;
static _Thread_local struct db *tls_db;
static atomic_uint_fast64_t req_seq;
static uint32_t req_prefix;
static volatile sig_atomic_t stop_flag;

void
server_opts_default(struct server_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->db_url = "mektep.db";
	o->listen = "127.0.0.1:8080";
	o->threads = 4;
	o->conn_timeout_s = 30;
	o->max_body = 1u << 20;
	o->max_conns = 0;               /* threads * SERVE_CONNS_PER_THREAD */
	o->log_requests = true;
	o->cache_bytes = 64u << 20;
	o->commit_window_ms = 5;
	o->max_inflight = -1;           /* threads * INFLIGHT_PER_THREAD */
	o->queue_timeout_ms = 500;
	o->per_address_conns = 64;
	o->request_timeout_s = 10;
	o->min_rate = 256;
}

static pthread_key_t db_key;

/* A worker's connection is closed when libmicrohttpd ends the thread. */
static void
db_thread_end(void *p)
{
	db_close(p);
}

struct db *
server_db(struct err *e)
{
	if (tls_db == NULL) {
		if (db_open(&tls_db, opts->db_url, e) != 0)
			return NULL;
		pthread_setspecific(db_key, tls_db);
		/* a worker's commits are waited for by durable.c */
		db_sync_defer(true);
	}
	return tls_db;
}

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static enum http_method
method_of(const char *m)
{
	static const struct { const char *name; enum http_method m; } t[] = {
		{ "GET", HTTP_GET }, { "POST", HTTP_POST },
		{ "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE }, { "HEAD", HTTP_HEAD },
		{ "OPTIONS", HTTP_OPTIONS },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(t[i].name, m) == 0)
			return t[i].m;
	return HTTP_OTHER;
}

static const char *
method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET: return "GET";
	case HTTP_POST: return "POST";
	case HTTP_PUT: return "PUT";
	case HTTP_PATCH: return "PATCH";
	case HTTP_DELETE: return "DELETE";
	case HTTP_HEAD: return "HEAD";
	case HTTP_OPTIONS: return "OPTIONS";
	default: return "OTHER";
	}
}

static const char *
client_addr(struct MHD_Connection *c, struct arena *a)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
		MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *proxied = peers_forwarded_for(c);  /* docs/OVERLOAD.md */
	char host[64];

	if (proxied != NULL)
		return arena_strdup(a, proxied);
	if (ci == NULL || ci->client_addr == NULL)
		return "-";
	if (getnameinfo(ci->client_addr,
	    ci->client_addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
	    host, sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
		return "-";
	return arena_strdup(a, host);
}

static struct req *
req_new(struct MHD_Connection *c, const char *url, const char *method)
{
	struct arena *a = arena_new();
	struct req *r = arena_calloc(a, sizeof(*r));

	r->a = a;
	r->conn = c;
	r->method = method_of(method);
	r->path = url;
	r->route_idx = -1;
	r->t0_us = mono_us();
	r->db_us0 = db_thread_time_us();
	r->now = (int64_t)time(NULL);
	snprintf(r->id, sizeof(r->id), "%08x%08llx", req_prefix,
		(unsigned long long)atomic_fetch_add(&req_seq, 1));
	sb_init(&r->body, a, opts->max_body);
	sb_init(&r->out, a, 64u << 20);
	r->client_addr = client_addr(c, a);
	return r;
}

/*
** Read replicas (db/replica.h, docs/DEPLOY.md). Before the session is
** looked up, this thread's connection is paired with a replica usable
** now: the session is found on the primary, or on the replica when the
** primary is away. Returns the replica's lag, -1 when none was paired.
*/
static int64_t
reads_pair(struct req *r)
{
	int64_t lag = -1;
	struct db *rep = replica_pick(&lag);

	db_pair(r->db, rep, DB_READS_FALLBACK);
	return rep ? lag : -1;
}

/* Then where the handler's reads go: replica_route(), counted. */
static void
reads_route(struct req *r, int64_t lag)
{
	bool reads_only = (r->method & (HTTP_GET | HTTP_HEAD)) != 0;
	enum db_reads to = DB_READS_PRIMARY;

	if (lag >= 0)
		to = replica_route(reads_only, auth_now_ms(),
			r->auth->wrote_at_ms, lag, replica_max_lag_ms());
	db_reads(r->db, to);
	if (reads_only && replica_configured())
		replica_count(to == DB_READS_REPLICA);
}

/* Every write transaction of a request: the revisions it raises, and the
** session's wrote_at (read-your-writes). */
static int
commit_hook(struct db *db, void *arg, struct err *e)
{
	struct req *r = arg;
	int rc = rev_commit_hook(db, r, e);

	return rc < 0 ? rc : auth_note_write(db, r->auth, e);
}

/* A request that changes state and succeeded notes the session's write
** when it wrote outside a transaction (no commit hook ran); one that
** wrote nothing (a view counted in memory) does not. */
static void
note_write_end(struct req *r)
{
	struct err e = { 0 };

	if (r->auth == NULL || r->db == NULL || r->status >= 400 ||
	    (r->method & (HTTP_GET | HTTP_HEAD)) || db_in_tx(r->db) ||
	    !db_wrote_outside_tx())
		return;
	if (auth_note_write(r->db, r->auth, &e) < 0)
		log_msg(LOG_ERROR, "request %s: the session's last write not "
			"noted (%s): its next reads may miss it for up to "
			"the replica's lag", r->id, e.msg);
}

/* Route, authenticate, run the handler; the answer is left in r. */
static void
dispatch(struct req *r)
{
	unsigned allow;
	const struct route *rt;

	if (r->status != 0)
		return;         /* answered as the upload began (upload.c) */
	if (r->body_too_big) {
		reply_err(r, ERR_TOOBIG, "the request body is larger than %zu "
			"bytes", opts->max_body);
		return;
	}
	if (strlen(r->path) > MAX_PATH) {
		reply_err(r, ERR_BADREQ, "the path is too long");
		return;
	}
	r->route_idx = router_match_once(r, &allow);
	if (r->route_idx == -1) {
		reply_err(r, ERR_NOTFOUND, "no such resource");
		return;
	}
	if (r->route_idx == -2) {
		r->route_idx = -1;
		req_add_header(r, "Allow", router_allow_header(r, allow));
		reply_err(r, ERR_METHOD, "method not allowed here");
		return;
	}
	rt = &routes[r->route_idx];
	if (rt->flags & ROUTE_AUTH) {
		int64_t lag;

		r->db = server_db(&r->err);
		if (r->db == NULL) {
			reply_error(r, NULL);
			return;
		}
		lag = reads_pair(r);
		if (r->auth == NULL && auth_session(r))
			return;
		/* a user of the day (views.h): a hash lookup, no I/O */
		views_note_user(school_today(r->now), r->auth->person_id);
		db_on_commit(commit_hook, r);
		reads_route(r, lag);
	}
	rt->fn(r);
	if (r->status == 0)
		reply_err(r, ERR_INTERNAL, "the handler gave no answer");
	rev_request_end(r);
	note_write_end(r);
}

static void
add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
		"default-src 'self'; script-src 'self'; style-src 'self'; "
		"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
		"base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
		"same-origin");
}

static void
log_request(struct req *r, uint64_t us, uint64_t db_us, uint64_t db_q)
{
	char ts[32];
	struct sb s;

	time_rfc3339(r->now, ts, sizeof(ts));
	sb_init(&s, NULL, 8192);
	jw_obj_begin(&s);
	jw_kv_str(&s, "ts", ts);
	jw_kv_str(&s, "id", r->id);
	jw_kv_str(&s, "method", method_name(r->method));
	/* the path as sent may be anything: jw_strn escapes, UTF-8 aside */
	jw_key(&s, "path");
	if (utf8_valid(r->path, strlen(r->path)))
		jw_str(&s, r->path);
	else
		jw_str(&s, "(not UTF-8)");
	jw_kv_str(&s, "route", r->route_idx >= 0 ?
		routes[r->route_idx].pattern : NULL);
	jw_kv_i64(&s, "status", r->status);
	jw_kv_i64(&s, "us", (int64_t)us);
	jw_kv_i64(&s, "db_us", (int64_t)db_us);
	jw_kv_i64(&s, "db_queries", (int64_t)db_q);   /* run by dispatch() */
	jw_kv_str(&s, "addr", r->client_addr);
	if (r->auth)
		jw_kv_i64(&s, "person", r->auth->person_id);
	if (r->status >= 400)
		jw_kv_str(&s, "error", r->err.msg);
	jw_obj_end(&s);
	sb_addc(&s, '\n');
	log_line(s.buf, s.len);
	sb_release(&s);
}

static enum MHD_Result
send_answer(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->send_file)       /* a stored file (assign/files_api.c) */
		resp = MHD_create_response_from_fd64(r->send_len, r->send_fd);
	else
		resp = MHD_create_response_from_buffer(r->out.len, r->out.buf,
			MHD_RESPMEM_MUST_COPY);
	if (resp == NULL) {
		if (r->send_file)
			close(r->send_fd);
		return MHD_NO;
	}
	if (r->ctype)
		MHD_add_response_header(resp, "Content-Type", r->ctype);
	add_security_headers(resp);
	if (strncmp(r->path, "/api/", 5) == 0 &&
	    req_answer_header(r, "Cache-Control") == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Request-Id", r->id);
	for (int i = 0; i < r->nhdrs; i++)
		MHD_add_response_header(resp, r->hdrs[i].name,
			r->hdrs[i].value);
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The answer out, logged and counted; a commit the disk did not take
** turns it into 503 (durable.h). */
static enum MHD_Result
finish(struct MHD_Connection *c, struct req *r)
{
	uint64_t us;

	if (r->durable == DURABLE_FAILED) {
		if (r->send_file) {
			close(r->send_fd);
			r->send_file = false;
		}
		r->nhdrs = 0;
		reply_err(r, ERR_UNAVAIL, "the change could not be made "
			"durable, try again");
	}
	us = mono_us() - r->t0_us;
	metrics_record(r->route_idx, r->status, us, r->db_us);
	if (opts->log_requests)
		log_request(r, us, r->db_us, r->db_q);
	return send_answer(c, r);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
	const char *method, const char *version, const char *upload_data,
	size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;
	struct db_sync sync;
	uint64_t db_q;

	(void)cls;
	(void)version;
	if (r == NULL) {
		/* first call: headers only; answer later to keep keep-alive */
		void *refused = admission_check(c, url);

		if (refused != NULL) {  /* a prepared 503 (admission.h) */
			*con_cls = refused;
			return admission_refuse(c, refused, upload_data_size,
				true);
		}
		peers_phase(c, PEER_BODY);
		r = req_new(c, url, method);
		*con_cls = r;
		upload_begin(r);        /* a streamed body (assign/upload.h) */
		return MHD_YES;
	}
	if (admission_refused(r))
		return admission_refuse(c, r, upload_data_size, false);
	if (r->durable >= DURABLE_SYNCED)
		return finish(c, r);    /* resumed: its commits are on disk */
	if (*upload_data_size == 0)
		peers_phase(c, PEER_BUSY);      /* the body is in: answering */
	if (*upload_data_size > 0) {
		if (r->upload != NULL) {
			upload_feed(r, upload_data, *upload_data_size);
		} else if (!r->body_too_big) {
			sb_add(&r->body, upload_data, *upload_data_size);
			if (sb_err(&r->body)) {
				r->body_too_big = true;
				sb_release(&r->body);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	db_q = db_thread_queries();
	dispatch(r);
	r->db_q = db_thread_queries() - db_q;
	if (r->db)
		db_request_end(r->db);
	r->db_us = db_thread_time_us() - r->db_us0;
	/* answered once its commits are on disk, the worker not waiting */
	if (db_sync_take(&sync) && durable_wait(c, r, &sync))
		return MHD_YES;
	return finish(c, r);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)toe;
	peers_phase(c, PEER_IDLE);
	*con_cls = NULL;
	if (r == NULL || admission_refused(r))
		return;
	admission_end(r->path);
	arena_free(r->a);
}

/* libmicrohttpd's unescape callback: req_unescape() */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return req_unescape(s);
}

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* HOST:PORT into a socket address; [v6]:port accepted. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	struct addrinfo hints, *res;
	size_t hlen;

	if (colon == NULL || colon == s)
		return -1;
	hlen = (size_t)(colon - s);
	if (s[0] == '[' && hlen >= 2 && s[hlen - 1] == ']') {
		s++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host))
		return -1;
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* The admission limits and slow-client deadlines (docs/OVERLOAD.md);
** -1 when an option is wrong. */
static int
overload_init(const struct server_opts *o, unsigned threads)
{
	struct peers_config pc = {
		.per_address = o->per_address_conns,
		.trusted = o->trusted,
		.ntrusted = o->ntrusted,
		.max_conns = o->max_conns > 0 ? o->max_conns :
			(int)(threads * SERVE_CONNS_PER_THREAD),
		.request_timeout_s = o->request_timeout_s,
		.min_rate = o->min_rate,
	};
	struct admission_config ac = {
		.max_inflight = o->max_inflight >= 0 ? o->max_inflight :
			(int)(threads * INFLIGHT_PER_THREAD),
		.queue_timeout_ms = o->queue_timeout_ms,
	};
	struct err e = { 0 };

	if (peers_init(&pc, &e) != 0) {
		log_msg(LOG_ERROR, "%s", e.msg);
		return -1;
	}
	admission_init(&ac, add_security_headers);
	log_msg(LOG_INFO, "admission: %d requests at once, %d ms in queue; "
		"connections: %d served, %d from one address; slow clients: "
		"%d s, %d bytes/s", ac.max_inflight, ac.queue_timeout_ms,
		pc.max_conns, pc.per_address, pc.request_timeout_s,
		pc.min_rate);
	return 0;
}

/* A shared write transaction failed to commit (db.h): what the kept
** copies may hold of it goes. */
static void
batch_lost(void)
{
	answers_clear();
	grants_cache_clear();
	session_cache_clear();
}

int
server_run(const struct server_opts *o)
{
	struct MHD_Daemon *d;
	struct sockaddr_storage ss;
	socklen_t sslen;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
		MHD_ALLOW_SUSPEND_RESUME;
	unsigned threads = o->threads > 0 ? (unsigned)o->threads : 1;
	char shown[512];
	unsigned conns = threads * MAX_CONNS_PER_THREAD;
	/* one thread is the daemon's own: a pool of 1 (or 0) is warned of */
	struct MHD_OptionItem pool[] = {
		{ threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
		  threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct sigaction sa;

	opts = o;
	if (parse_listen(o->listen, &ss, &sslen) != 0) {
		log_msg(LOG_ERROR, "cannot use listen address '%s'", o->listen);
		return 2;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	req_prefix = (uint32_t)getpid() ^ (uint32_t)time(NULL) << 8;
	metrics_init(nroutes);
	if (overload_init(o, threads) != 0)
		return 2;
	answers_init(o->cache_bytes);
	if (views_start(o->db_url) != 0)
		return 1;
	pthread_key_create(&db_key, db_thread_end);
	signal(SIGPIPE, SIG_IGN);
	db_on_batch_lost(batch_lost);
	db_commit_window(o->commit_window_ms);
	durable_start();
	d = MHD_start_daemon(flags, 0, peers_accept, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_ARRAY, pool,
		MHD_OPTION_CONNECTION_LIMIT, conns,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->conn_timeout_s,
		/* MHD zeroes a connection's whole pool before each request
		** it reads on it (MHD_pool_reset): 32 KB of memset was 2.6 %
		** of the CPU under the day's mix; 16 KB still holds 8 KB of
		** request line and headers and streams bodies through */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, peers_notify, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (d == NULL) {
		log_msg(LOG_ERROR, "cannot listen on '%s': %s", o->listen,
			strerror(errno));
		durable_stop();
		return 1;
	}
	peers_start();
	log_msg(LOG_INFO, "mektep %s serving http://%s with %u threads, "
		"database '%s'", MK_VERSION, o->listen, threads,
		db_url_shown(o->db_url, shown, sizeof(shown)));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop_flag)
		pause();
	log_msg(LOG_INFO, "stopping");
	peers_stop();
	durable_stop();         /* the answers waiting for a sync go out */
	MHD_stop_daemon(d);
	db_batches_end();       /* an open shared transaction (empty by now) */
	db_commit_window(-1);
	admission_stop();
	views_stop();           /* the views and users not written yet */
	return 0;
}
