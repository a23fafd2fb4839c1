/*
** dayload.c: the load driver of bench/day.sh: replays a mix of request
** kinds over keep-alive connections and reports, per kind, requests,
** req/s, p50, p99 and errors. Built by day.sh with the system's cc; not
** part of mektep.
**
**   dayload HOST PORT REQUESTS_FILE WEIGHTS [-c CONNS] [-d SECONDS]
**           [-r RATE]
**
** REQUESTS_FILE: one request a line, tab-separated:
**   kind  method  path  token ("-" for none)  body ("-" for none)
** WEIGHTS: kind=weight,kind=weight,... (requests of the kind a day); a
** request's kind is drawn by weight, then one of the kind's lines at
** random. Closed loop: each connection sends its next request when the
** answer to the last one is in, so the rate measured is what the server
** sustains. An answer of status 400 or more, or a connection that breaks,
** is an error of the kind (the connection is opened again); 503 (the
** server's admission control shedding load) is counted apart.
** With -r RATE the driver paces instead: request k is due at k / RATE
** seconds and goes out on the first free connection; its latency counts
** from when it was due, so a server that falls behind shows it (no
** coordinated omission), and the rate achieved is printed beside the
** one asked.
*/
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define KINDS_MAX 16
#define BUF_CAP (1 << 20)

struct line {
	char *req;              /* the whole HTTP request */
	size_t len;
};

struct kind {
	char name[32];
	double weight;
	struct line *lines;
	size_t n, cap;
	uint32_t *lat;          /* microseconds, one per answer */
	size_t nlat, caplat;
	long errors, s4xx, s503, s5xx, broken;
};

struct conn {
	int fd;
	int kind;
	const struct line *l;
	size_t sent;
	char *buf;
	size_t have;
	double t0;
};

static struct kind kinds[KINDS_MAX];
static int nkinds;
static double cum[KINDS_MAX];
static struct sockaddr_in addr;
static double rate;             /* -r: requests a second, 0 closed loop */
static struct conn **idle;      /* paced: connections with nothing out */
static int nidle;
static const char *host;
static uint64_t rs = 0x9e3779b97f4a7c15u;

static void
die(const char *msg)
{
	perror(msg);
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static int
kind_find(const char *name, int add)
{
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return i;
	if (!add || nkinds == KINDS_MAX)
		return -1;
	snprintf(kinds[nkinds].name, sizeof(kinds[nkinds].name), "%s", name);
	return nkinds++;
}

static void
parse_weights(char *s)
{
	for (char *tok = s, *next; tok; tok = next) {
		char *eq = strchr(tok, '=');
		int k;

		if ((next = strchr(tok, ',')) != NULL)
			*next++ = '\0';

		if (eq == NULL) {
			fprintf(stderr, "dayload: bad weight '%s'\n", tok);
			exit(2);
		}
		*eq = '\0';
		k = kind_find(tok, 1);
		kinds[k].weight = strtod(eq + 1, NULL);
	}
}

static void
load_requests(const char *path)
{
	FILE *f = fopen(path, "r");
	char *ln = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		die(path);
	while ((n = getline(&ln, &cap, f)) > 0) {
		char *field[5], *p = ln;
		struct kind *k;
		struct line *l;
		int i, ki;
		size_t blen, rcap;

		if (ln[n - 1] == '\n')
			ln[--n] = '\0';
		for (i = 0; i < 5 && p; i++) {
			field[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (i < 5 || (ki = kind_find(field[0], 0)) < 0)
			continue;       /* a kind without weight: not sent */
		k = &kinds[ki];
		if (k->n == k->cap) {
			k->cap = k->cap ? 2 * k->cap : 1024;
			k->lines = realloc(k->lines, k->cap * sizeof(*l));
		}
		l = &k->lines[k->n++];
		blen = strcmp(field[4], "-") ? strlen(field[4]) : 0;
		rcap = strlen(field[1]) + strlen(field[2]) + strlen(field[3]) +
			blen + strlen(host) + 256;
		l->req = malloc(rcap);
		l->len = (size_t)snprintf(l->req, rcap,
			"%s %s HTTP/1.1\r\nHost: %s\r\n%s%s%s"
			"Content-Type: application/json\r\n"
			"Content-Length: %zu\r\n\r\n%s", field[1], field[2], host,
			strcmp(field[3], "-") ? "Authorization: Bearer " : "",
			strcmp(field[3], "-") ? field[3] : "",
			strcmp(field[3], "-") ? "\r\n" : "", blen,
			blen ? field[4] : "");
	}
	free(ln);
	fclose(f);
}

static int
conn_open(struct conn *c, int ep)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET };
	int one = 1;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		die("socket");
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 &&
	    errno != EINPROGRESS)
		die("connect");
	ev.data.ptr = c;
	return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void
conn_next(struct conn *c)
{
	double x = (double)(rnd() % 1000000007u) / 1000000007.0 *
		cum[nkinds - 1];
	int k = 0;
	struct kind *kd;

	while (k < nkinds - 1 && (x >= cum[k] || kinds[k].n == 0))
		k++;
	kd = &kinds[k];
	c->kind = k;
	c->l = &kd->lines[rnd() % kd->n];
	c->sent = 0;
	c->have = 0;
	c->t0 = now();
}

static void
note(struct kind *k, double lat)
{
	if (k->nlat == k->caplat) {
		k->caplat = k->caplat ? 2 * k->caplat : 4096;
		k->lat = realloc(k->lat, k->caplat * sizeof(*k->lat));
	}
	k->lat[k->nlat++] = (uint32_t)(lat * 1e6);
}

/* 1 when buf holds a whole answer: its status in *status. */
static int
answer_done(const struct conn *c, int *status)
{
	const char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
	const char *cl;
	size_t body;

	if (end == NULL)
		return 0;
	*status = (int)strtol(c->buf + 9, NULL, 10);
	cl = memmem(c->buf, (size_t)(end - c->buf), "\r\nContent-Length:",
		17);
	if (cl == NULL)
		cl = memmem(c->buf, (size_t)(end - c->buf),
			"\r\ncontent-length:", 17);
	body = cl ? strtoul(cl + 17, NULL, 10) : 0;
	return c->have >= (size_t)(end + 4 - c->buf) + body;
}

/* Closed loop: the next request at once; paced: wait to be given one. */
static void
conn_ready(struct conn *c)
{
	if (rate <= 0) {
		conn_next(c);
		return;
	}
	c->sent = SIZE_MAX;
	idle[nidle++] = c;
}

/* Open the connection again; a broken one is an error of its kind. */
static void
conn_reopen(struct conn *c, int ep, int broken)
{
	if (broken) {
		kinds[c->kind].broken++;
		kinds[c->kind].errors++;
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	conn_open(c, ep);
	conn_ready(c);
}

/* The answer in buf ends its connection (503s do). */
static int
answer_closes(const struct conn *c)
{
	const char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
	size_t n = end ? (size_t)(end - c->buf) : 0;

	return memmem(c->buf, n, "Connection: close", 17) != NULL ||
		memmem(c->buf, n, "connection: close", 17) != NULL;
}

/* Write what is left of the request; read the answer. */
static void
conn_io(struct conn *c, int ep, int stop)
{
	for (;;) {
		ssize_t n;
		int status;

		if (c->sent == SIZE_MAX)
			return;         /* nothing out: idle, or done */
		if (c->sent < c->l->len) {
			n = write(c->fd, c->l->req + c->sent,
				c->l->len - c->sent);
			if (n < 0 && (errno == EAGAIN || errno == ENOTCONN))
				return;
			if (n <= 0) {
				conn_reopen(c, ep, 1);
				return;
			}
			c->sent += (size_t)n;
			continue;
		}
		n = read(c->fd, c->buf + c->have, BUF_CAP - c->have);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			conn_reopen(c, ep, 1);
			return;
		}
		c->have += (size_t)n;
		if (!answer_done(c, &status))
			continue;
		note(&kinds[c->kind], now() - c->t0);
		if (status >= 400) {
			kinds[c->kind].errors++;
			if (status == 503)
				kinds[c->kind].s503++;
			else if (status >= 500)
				kinds[c->kind].s5xx++;
			else
				kinds[c->kind].s4xx++;
		}
		if (stop) {
			c->sent = SIZE_MAX;     /* done: send nothing more */
			return;
		}
		if (answer_closes(c)) {
			conn_reopen(c, ep, 0);
			return;
		}
		conn_ready(c);
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const struct kind *k, double p)
{
	if (k->nlat == 0)
		return 0;
	return k->lat[(size_t)(p * (double)(k->nlat - 1))] / 1000.0;
}

int
main(int argc, char **argv)
{
	int conns = 64, ep;
	double secs = 10, t0, t1, total_w = 0;
	struct conn *cs;
	long all = 0, errs = 0, issued = 0;
	struct epoll_event evs[256];

	if (argc < 5) {
		fprintf(stderr, "usage: dayload HOST PORT REQUESTS WEIGHTS "
			"[-c CONNS] [-d SECONDS]\n");
		return 2;
	}
	host = argv[1];
	for (int i = 5; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-c") == 0)
			conns = (int)strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-d") == 0)
			secs = strtod(argv[i + 1], NULL);
		else if (strcmp(argv[i], "-r") == 0)
			rate = strtod(argv[i + 1], NULL);
	}
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)strtol(argv[2], NULL, 10));
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		die("address");
	parse_weights(argv[4]);
	load_requests(argv[3]);
	for (int k = 0; k < nkinds; k++) {
		if (kinds[k].n == 0 && kinds[k].weight > 0)
			fprintf(stderr, "dayload: no requests of kind '%s'\n",
				kinds[k].name);
		total_w += kinds[k].n ? kinds[k].weight : 0;
		cum[k] = total_w;
	}
	if (total_w <= 0) {
		fprintf(stderr, "dayload: nothing to send\n");
		return 2;
	}
	rs ^= (uint64_t)getpid() << 20;
	ep = epoll_create1(0);
	cs = calloc((size_t)conns, sizeof(*cs));
	idle = calloc((size_t)conns, sizeof(*idle));
	for (int i = 0; i < conns; i++) {
		cs[i].buf = malloc(BUF_CAP);
		if (conn_open(&cs[i], ep) != 0)
			die("epoll_ctl");
		conn_ready(&cs[i]);
	}
	t0 = now();
	for (;;) {
		int stop = now() - t0 >= secs, n, busy = 0;

		/* paced: hand the requests due to free connections */
		while (rate > 0 && !stop && nidle > 0 &&
		    (double)issued < (now() - t0) * rate) {
			struct conn *c = idle[--nidle];

			conn_next(c);
			c->t0 = t0 + (double)issued++ / rate;
			conn_io(c, ep, 0);
		}
		n = epoll_wait(ep, evs, 256, rate > 0 ? 1 : 100);
		for (int i = 0; i < n; i++)
			conn_io(evs[i].data.ptr, ep, stop);
		if (!stop)
			continue;
		for (int i = 0; i < conns; i++)
			busy += cs[i].sent != SIZE_MAX;
		if (busy == 0 || now() - t0 > secs + 10)
			break;
	}
	t1 = now();
	printf("%-12s %9s %9s %9s %9s %7s  %s\n", "kind", "requests", "req/s",
		"p50_ms", "p99_ms", "errors", "(4xx 503 5xx broken)");
	for (int k = 0; k < nkinds; k++) {
		struct kind *kd = &kinds[k];

		qsort(kd->lat, kd->nlat, sizeof(*kd->lat), cmp_u32);
		all += (long)kd->nlat;
		errs += kd->errors;
		printf("%-12s %9zu %9.0f %9.2f %9.2f %7ld  (%ld %ld %ld %ld)\n",
			kd->name, kd->nlat, (double)kd->nlat / (t1 - t0),
			pct(kd, 0.5), pct(kd, 0.99), kd->errors, kd->s4xx,
			kd->s503, kd->s5xx, kd->broken);
	}
	printf("%-12s %9ld %9.0f %9s %9s %7ld  over %.1f s, %d connections\n",
		"all", all, (double)all / (t1 - t0), "", "", errs, t1 - t0,
		conns);
	if (rate > 0)
		printf("paced at %.0f req/s: %ld requests were due, %ld sent "
			"(%.0f%%)\n", rate, (long)(secs * rate), issued,
			100.0 * (double)issued / (secs * rate));
	return 0;
}
