/* peers.c: the open connections: per-address limits, slow-client deadlines */
#include "core/common.h"
#include "core/err.h"
#include "core/log.h"
#include "http/peers.h"

#include <arpa/inet.h>
#include <linux/tcp.h>          /* tcp_info with tcpi_bytes_received */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
** libmicrohttpd's own per-IP limit counts per worker thread in
** thread-pool mode, so the count is kept here, for the whole server:
** peers_accept() (its accept policy, called before a connection is set
** up) takes a place for the address or refuses, closing the socket at
** once; the CLOSED notification gives the place back. A connection whose
** setup fails after the policy said yes (an allocation failure inside
** libmicrohttpd) would keep its place: rare enough to accept.
**
** The sweeper thread looks at every connection a few times a second,
** asking the kernel (TCP_INFO) how many bytes it has received:
** - idle, and bytes came: a request head began; it must be complete
**   (the worker's first callback) within request_timeout_s, unless its
**   bytes are still unread in the socket (the server is the slow one);
** - body: at least min_rate bytes a second over each request_timeout_s;
** a connection failing either is shut down; its worker then sees the end
** of the stream and closes it the usual way. Idle connections are left
** to libmicrohttpd's inactivity timeout (--timeout).
**
** Records are indexed by file descriptor. The lock is held by the sweeper
** while it shuts sockets down and by the notifier that removes a record,
** which runs before libmicrohttpd closes the descriptor: a descriptor
** shut down is always still the connection recorded.
*/

#define MAX_TRUSTED 16
#define MAX_FDS 65536

struct addr_key {
	uint8_t len;            /* 4 or 16; 0: not an IP address */
	uint8_t b[16];
};

struct addr_slot {
	struct addr_key k;
	int n;                  /* connections; 0: the slot is empty */
};

struct peer {
	_Atomic uint32_t state; /* changes << 2 | enum peer_phase */
	bool in_use, over_cap, dropped;
	int fd;
	struct addr_key addr;
	/* the sweeper's own: what it saw last */
	uint32_t seen;
	bool head;              /* bytes of a new request came while idle */
	uint64_t mark;          /* bytes received at since_ms */
	int64_t since_ms;
};

enum { DROP_HEAD, DROP_BODY, NDROP };
static const char *const drop_names[NDROP] = { "slow_head", "slow_body" };

static struct peers_config cfg;
static struct addr_key trusted[MAX_TRUSTED];
static int ntrusted;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct addr_slot *tab;   /* open addressing, linear probing */
static size_t tab_mask;
static struct peer *peers;      /* [fd] */
static int npeers, hi_fd;
static int nopen;

static atomic_uint_fast64_t refused_addr, dropped[NDROP];
static atomic_int waiting;

static pthread_t sweeper;
static pthread_cond_t stop_cv = PTHREAD_COND_INITIALIZER;
static bool stopping, started;

static int
key_of(const struct sockaddr *sa, socklen_t len, struct addr_key *k)
{
	memset(k, 0, sizeof(*k));
	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		k->len = 4;
		memcpy(k->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct in6_addr *a =
			&((const struct sockaddr_in6 *)sa)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(a)) {          /* ::ffff:a.b.c.d */
			k->len = 4;
			memcpy(k->b, a->s6_addr + 12, 4);
		} else {
			k->len = 16;
			memcpy(k->b, a->s6_addr, 16);
		}
		return 0;
	}
	return -1;
}

static size_t
key_hash(const struct addr_key *k)
{
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < k->len; i++)
		h = (h ^ k->b[i]) * 1099511628211ull;
	return (size_t)(h ^ h >> 29);
}

static bool
key_eq(const struct addr_key *a, const struct addr_key *b)
{
	return a->len == b->len && memcmp(a->b, b->b, a->len) == 0;
}

static bool
is_trusted(const struct addr_key *k)
{
	for (int i = 0; i < ntrusted; i++)
		if (key_eq(&trusted[i], k))
			return true;
	return false;
}

/* The slot holding k, or the empty one where it would go. */
static size_t
slot_of(const struct addr_key *k)
{
	size_t i = key_hash(k) & tab_mask;

	while (tab[i].n != 0 && !key_eq(&tab[i].k, k))
		i = (i + 1) & tab_mask;
	return i;
}

/* Slot i emptied: move back the entries of its probe run (Knuth 6.4 R). */
static void
slot_clear(size_t i)
{
	size_t j = i;

	tab[i].n = 0;
	for (;;) {
		size_t h;

		j = (j + 1) & tab_mask;
		if (tab[j].n == 0)
			return;
		h = key_hash(&tab[j].k) & tab_mask;
		if ((i <= j) ? (i < h && h <= j) : (i < h || h <= j))
			continue;       /* j's home lies after the hole */
		tab[i] = tab[j];
		tab[j].n = 0;
		i = j;
	}
}

static void
addr_release(const struct addr_key *k)
{
	size_t i;

	if (k->len == 0)
		return;
	i = slot_of(k);
	if (tab[i].n > 0 && --tab[i].n == 0)
		slot_clear(i);
}

int
peers_init(const struct peers_config *c, struct err *e)
{
	struct rlimit rl;
	size_t slots = 1024;

	cfg = *c;
	ntrusted = 0;
	for (int i = 0; i < c->ntrusted; i++) {
		struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
		struct sockaddr_in s4 = { .sin_family = AF_INET };
		struct addr_key *k = &trusted[ntrusted];

		if (ntrusted == MAX_TRUSTED)
			return err_set(e, ERR_INVAL, "at most %d trusted proxies",
				MAX_TRUSTED);
		if (inet_pton(AF_INET, c->trusted[i], &s4.sin_addr) == 1)
			key_of((struct sockaddr *)&s4, sizeof(s4), k);
		else if (inet_pton(AF_INET6, c->trusted[i], &s6.sin6_addr) == 1)
			key_of((struct sockaddr *)&s6, sizeof(s6), k);
		else
			return err_set(e, ERR_INVAL, "'--trusted-proxy' must be "
				"an IPv4 or IPv6 address, not '%s'",
				c->trusted[i]);
		ntrusted++;
	}
	npeers = MAX_FDS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < MAX_FDS)
		npeers = (int)rl.rlim_cur;
	peers = xcalloc((size_t)npeers, sizeof(*peers));
	while (slots < (size_t)npeers * 2 && slots < MAX_FDS * 2)
		slots <<= 1;
	tab = xcalloc(slots, sizeof(*tab));
	tab_mask = slots - 1;
	return 0;
}

enum MHD_Result
peers_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct addr_key k;
	enum MHD_Result ok = MHD_YES;
	size_t i;

	(void)cls;
	if (key_of(sa, len, &k) != 0)
		return MHD_YES;
	pthread_mutex_lock(&mu);
	i = slot_of(&k);
	if (cfg.per_address > 0 && tab[i].n >= cfg.per_address &&
	    !is_trusted(&k)) {
		ok = MHD_NO;
		atomic_fetch_add_explicit(&refused_addr, 1,
			memory_order_relaxed);
	} else {
		tab[i].k = k;
		tab[i].n++;
	}
	pthread_mutex_unlock(&mu);
	return ok;
}

void
peers_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
	enum MHD_ConnectionNotificationCode what)
{
	const union MHD_ConnectionInfo *fi, *ai;
	struct peer *p = *socket_ctx;
	struct addr_key k;

	(void)cls;
	if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (p == NULL)
			return;
		pthread_mutex_lock(&mu);
		addr_release(&p->addr);
		p->in_use = false;
		nopen--;
		pthread_mutex_unlock(&mu);
		*socket_ctx = NULL;
		return;
	}
	fi = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	ai = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ai == NULL || ai->client_addr == NULL ||
	    key_of(ai->client_addr, ai->client_addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in), &k) != 0)
		memset(&k, 0, sizeof(k));       /* not IP: not counted */
	pthread_mutex_lock(&mu);
	if (fi == NULL || fi->connect_fd < 0 || fi->connect_fd >= npeers) {
		addr_release(&k);       /* untracked: no deadlines either */
		pthread_mutex_unlock(&mu);
		return;
	}
	p = &peers[fi->connect_fd];
	memset(p, 0, sizeof(*p));
	p->fd = fi->connect_fd;
	p->addr = k;
	p->in_use = true;
	p->seen = UINT32_MAX;
	nopen++;
	p->over_cap = cfg.max_conns > 0 && nopen > cfg.max_conns;
	if (p->fd > hi_fd)
		hi_fd = p->fd;
	pthread_mutex_unlock(&mu);
	*socket_ctx = p;
}

static struct peer *
peer_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
		MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci == NULL ? NULL : ci->socket_context;
}

void
peers_phase(struct MHD_Connection *c, enum peer_phase phase)
{
	struct peer *p = peer_of(c);
	uint32_t s;

	if (p == NULL)
		return;
	s = atomic_load_explicit(&p->state, memory_order_relaxed);
	atomic_store_explicit(&p->state, ((s >> 2) + 1) << 2 | phase,
		memory_order_relaxed);
}

bool
peers_over_cap(struct MHD_Connection *c)
{
	struct peer *p = peer_of(c);

	return p != NULL && p->over_cap;
}

const char *
peers_forwarded_for(struct MHD_Connection *c)
{
	struct peer *p = peer_of(c);
	const char *v;
	struct in6_addr a6;
	struct in_addr a4;

	if (p == NULL || p->addr.len == 0 || !is_trusted(&p->addr))
		return NULL;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	if (v == NULL || (inet_pton(AF_INET, v, &a4) != 1 &&
	    inet_pton(AF_INET6, v, &a6) != 1))
		return NULL;
	return v;
}

static int
tcp_info_of(int fd, struct tcp_info *ti)
{
	socklen_t len = sizeof(*ti);

	memset(ti, 0, sizeof(*ti));
	return getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len);
}

unsigned
peers_queue_wait_ms(struct MHD_Connection *c)
{
	struct peer *p = peer_of(c);
	struct tcp_info ti;

	if (p == NULL || tcp_info_of(p->fd, &ti) != 0)
		return 0;
	return ti.tcpi_last_data_recv;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
drop(struct peer *p, int why)
{
	p->dropped = true;
	shutdown(p->fd, SHUT_RDWR);
	atomic_fetch_add_explicit(&dropped[why], 1, memory_order_relaxed);
}

/* One look at a connection; true when its request bytes wait unread. */
static bool
sweep_one(struct peer *p, int64_t now)
{
	uint32_t s = atomic_load_explicit(&p->state, memory_order_relaxed);
	int64_t limit = (int64_t)cfg.request_timeout_s * 1000;
	struct tcp_info ti;
	int unread = 0;

	if ((s & 3) == PEER_BUSY || tcp_info_of(p->fd, &ti) != 0)
		return false;
	if ((s & 3) == PEER_IDLE && ioctl(p->fd, FIONREAD, &unread) == 0 &&
	    unread > 0) {
		p->since_ms = now;      /* waiting for a worker, not for it */
		return true;
	}
	if (s != p->seen) {     /* a new phase: start watching it */
		p->seen = s;
		p->since_ms = now;
		/* a new connection's bytes so far all belong to its request */
		p->mark = s == 0 ? 0 : ti.tcpi_bytes_received;
		p->head = false;
	}
	if ((s & 3) == PEER_IDLE) {
		if (!p->head) {
			if (ti.tcpi_bytes_received != p->mark) {
				p->head = true;
				p->since_ms = now;
			}
		} else if (now - p->since_ms >= limit) {
			drop(p, DROP_HEAD);
		}
	} else if (now - p->since_ms >= limit) {
		if (ti.tcpi_bytes_received - p->mark <
		    (uint64_t)cfg.min_rate * (uint64_t)(now - p->since_ms) /
		    1000)
			drop(p, DROP_BODY);
		p->since_ms = now;
		p->mark = ti.tcpi_bytes_received;
	}
	return false;
}

static void *
sweep(void *arg)
{
	int64_t every = (int64_t)cfg.request_timeout_s * 1000 / 4;
	struct timespec ts;

	(void)arg;
	if (every < 100)
		every = 100;
	if (every > 1000)
		every = 1000;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		int64_t now = mono_ms();
		int n = 0;

		for (int fd = 0; fd <= hi_fd; fd++)
			if (peers[fd].in_use && !peers[fd].dropped &&
			    sweep_one(&peers[fd], now))
				n++;
		atomic_store_explicit(&waiting, n, memory_order_relaxed);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(every % 1000) * 1000000;
		ts.tv_sec += every / 1000 + ts.tv_nsec / 1000000000;
		ts.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&stop_cv, &mu, &ts);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

void
peers_start(void)
{
	if (cfg.request_timeout_s <= 0)
		return;
	stopping = false;
	if (pthread_create(&sweeper, NULL, sweep, NULL) != 0) {
		log_msg(LOG_ERROR, "cannot start the slow-client sweeper");
		return;
	}
	started = true;
}

void
peers_stop(void)
{
	if (!started)
		return;
	pthread_mutex_lock(&mu);
	stopping = true;
	pthread_cond_signal(&stop_cv);
	pthread_mutex_unlock(&mu);
	pthread_join(sweeper, NULL);
	started = false;
}

void
peers_render(struct sb *o)
{
	int n;

	pthread_mutex_lock(&mu);
	n = nopen;
	pthread_mutex_unlock(&mu);
	sb_addf(o, "# HELP mektep_http_connections Open connections.\n"
		"# TYPE mektep_http_connections gauge\n"
		"mektep_http_connections %d\n", n);
	sb_addf(o, "# HELP mektep_http_requests_waiting Connections whose "
		"request bytes wait unread for a worker (last sweep).\n"
		"# TYPE mektep_http_requests_waiting gauge\n"
		"mektep_http_requests_waiting %d\n",
		atomic_load_explicit(&waiting, memory_order_relaxed));
	sb_addf(o, "# HELP mektep_http_connections_refused_total Connections "
		"closed at accept, by reason.\n"
		"# TYPE mektep_http_connections_refused_total counter\n"
		"mektep_http_connections_refused_total{reason=\"per_address\"} "
		"%llu\n", (unsigned long long)atomic_load(&refused_addr));
	sb_adds(o, "# HELP mektep_http_connections_dropped_total Slow "
		"clients' connections shut down, by reason.\n"
		"# TYPE mektep_http_connections_dropped_total counter\n");
	for (int i = 0; i < NDROP; i++)
		sb_addf(o, "mektep_http_connections_dropped_total{reason=\"%s\"}"
			" %llu\n", drop_names[i],
			(unsigned long long)atomic_load(&dropped[i]));
}
