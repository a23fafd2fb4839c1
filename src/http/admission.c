/* admission.c: let a request in, or answer 503 at once */
#include "core/common.h"
#include "http/admission.h"
#include "http/metrics.h"
#include "http/peers.h"
#include "core/log.h"

#include <stdatomic.h>
#include <time.h>

/*
** In libmicrohttpd's thread-pool mode a worker reads and answers its own
** connections one request at a time, so the requests waiting are those
** whose bytes sit in the sockets of a busy worker. A request is judged
** when its head has been read, before anything costly (no route, no
** session, no store): refused when
** - busy: max_inflight requests are already let in and not answered
**   (bodies arriving, handlers running, answers being sent: what holds
**   memory);
** - late: its last byte waited longer than queue_timeout_ms unread in the
**   socket (the kernel's TCP_INFO says when it came): answering it late
**   helps nobody, and refusing it bounds the time an admitted request
**   waits;
** - conns: its connection was opened beyond --max-conns; the answer then
**   closes it.
** A refusal is a prepared 503 with Retry-After, shared by all, counted
** and not logged one by one.
*/

enum { REFUSE_BUSY, REFUSE_LATE, REFUSE_CONNS, NREFUSE };
static const char *const reason_names[NREFUSE] = { "busy", "late",
	"conns" };
static const char *const reason_bodies[NREFUSE] = {
	"{\"error\":{\"code\":\"unavailable\",\"message\":\"the server is "
		"busy, try again in a moment\"}}",
	"{\"error\":{\"code\":\"unavailable\",\"message\":\"the server is "
		"behind, try again in a moment\"}}",
	"{\"error\":{\"code\":\"unavailable\",\"message\":\"the server has "
		"too many connections, try again in a moment\"}}",
};

static struct admission_config cfg;
static struct MHD_Response *answers[NREFUSE];
static char tokens[NREFUSE];    /* con_cls of a refused request */
static atomic_uint_fast64_t admitted, refused[NREFUSE];
static atomic_int places;       /* let in and not answered, health aside */

void
admission_init(const struct admission_config *c,
	void (*decorate)(struct MHD_Response *))
{
	cfg = *c;
	for (int i = 0; i < NREFUSE; i++) {
		struct MHD_Response *a = MHD_create_response_from_buffer(
			strlen(reason_bodies[i]), (void *)reason_bodies[i],
			MHD_RESPMEM_PERSISTENT);

		if (a == NULL)
			BUG("cannot prepare the 503 answer");
		MHD_add_response_header(a, "Content-Type", "application/json");
		MHD_add_response_header(a, "Retry-After", "1");
		MHD_add_response_header(a, "Cache-Control", "no-store");
		if (i == REFUSE_CONNS)
			MHD_add_response_header(a, "Connection", "close");
		decorate(a);
		answers[i] = a;
	}
}

void
admission_stop(void)
{
	for (int i = 0; i < NREFUSE; i++) {
		if (answers[i] != NULL)
			MHD_destroy_response(answers[i]);
		answers[i] = NULL;
	}
}

static bool
always_in(const char *url)
{
	return strcmp(url, "/healthz") == 0 || strcmp(url, "/metrics") == 0;
}

/* Refusals are not logged one by one; a line at most every 10 s says
** the server is refusing, and how many so far. */
static void
note_refusing(int why)
{
	static atomic_llong last;
	long long now = (long long)time(NULL), was = atomic_load(&last);

	if (now - was < 10 || !atomic_compare_exchange_strong(&last, &was, now))
		return;
	log_msg(LOG_WARN, "overloaded: refusing requests (%s); refused so "
		"far: busy %llu, late %llu, conns %llu", reason_names[why],
		(unsigned long long)atomic_load(&refused[REFUSE_BUSY]),
		(unsigned long long)atomic_load(&refused[REFUSE_LATE]),
		(unsigned long long)atomic_load(&refused[REFUSE_CONNS]));
}

static void *
refuse(int why)
{
	atomic_fetch_add_explicit(&refused[why], 1, memory_order_relaxed);
	note_refusing(why);
	return &tokens[why];
}

/* A refusal after a place was taken: give it back. */
static void *
refuse_placed(int why)
{
	atomic_fetch_sub_explicit(&places, 1, memory_order_relaxed);
	return refuse(why);
}

void *
admission_check(struct MHD_Connection *c, const char *url)
{
	int n;

	if (!always_in(url)) {  /* health checks take no place */
		n = atomic_fetch_add_explicit(&places, 1,
			memory_order_relaxed) + 1;
		if (peers_over_cap(c))
			return refuse_placed(REFUSE_CONNS);
		if (cfg.max_inflight > 0 && n > cfg.max_inflight)
			return refuse_placed(REFUSE_BUSY);
		if (cfg.queue_timeout_ms > 0 && peers_queue_wait_ms(c) >
		    (unsigned)cfg.queue_timeout_ms)
			return refuse_placed(REFUSE_LATE);
	}
	metrics_inflight(1);
	atomic_fetch_add_explicit(&admitted, 1, memory_order_relaxed);
	return NULL;
}

void
admission_end(const char *url)
{
	metrics_inflight(-1);
	if (!always_in(url))
		atomic_fetch_sub_explicit(&places, 1, memory_order_relaxed);
}

bool
admission_refused(const void *con_cls)
{
	const char *p = con_cls;

	return p >= tokens && p < tokens + NREFUSE;
}

static bool
body_announced(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_LENGTH);

	return (cl != NULL && strcmp(cl, "0") != 0) ||
		MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

enum MHD_Result
admission_refuse(struct MHD_Connection *c, void *token,
	size_t *upload_data_size, bool first)
{
	int why = (int)((char *)token - tokens);

	if (first && !body_announced(c))
		return MHD_YES;         /* answer next: keep-alive is kept */
	*upload_data_size = 0;
	return MHD_queue_response(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		answers[why]);
}

void
admission_render(struct sb *o)
{
	sb_addf(o, "# HELP mektep_http_admitted_total Requests let in.\n"
		"# TYPE mektep_http_admitted_total counter\n"
		"mektep_http_admitted_total %llu\n",
		(unsigned long long)atomic_load(&admitted));
	sb_adds(o, "# HELP mektep_http_refused_total Requests answered 503 "
		"at once, by reason.\n"
		"# TYPE mektep_http_refused_total counter\n");
	for (int i = 0; i < NREFUSE; i++)
		sb_addf(o, "mektep_http_refused_total{reason=\"%s\"} %llu\n",
			reason_names[i],
			(unsigned long long)atomic_load(&refused[i]));
	sb_addf(o, "# HELP mektep_http_admission_limit Requests let in at "
		"once, at most (0: no limit).\n"
		"# TYPE mektep_http_admission_limit gauge\n"
		"mektep_http_admission_limit %d\n", cfg.max_inflight);
}
