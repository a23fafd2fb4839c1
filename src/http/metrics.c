/* metrics.c: counters kept with relaxed atomics, rendered on demand */
#include "core/common.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/admission.h"
#include "http/peers.h"
#include "db/replica.h"

#include <stdatomic.h>

static const int status_codes[] = { 200, 201, 204, 304, 400, 401, 403, 404,
	405, 409, 413, 422, 429, 500, 503 };
#define NSTATUS ((int)ARRAY_SIZE(status_codes) + 1)   /* + "other" */

static const double buckets_s[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
	0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };
#define NBUCKETS ((int)ARRAY_SIZE(buckets_s))

static atomic_uint_fast64_t *counts;    /* [route + 1][NSTATUS] */
static atomic_uint_fast64_t hist[NBUCKETS + 1];
static atomic_uint_fast64_t sum_us, db_sum_us, total;
static atomic_int inflight;
static int nroute_slots;

void
metrics_init(int n)
{
	nroute_slots = n + 1;
	counts = xcalloc((size_t)nroute_slots * NSTATUS, sizeof(*counts));
}

static int
status_slot(int status)
{
	for (int i = 0; i < NSTATUS - 1; i++)
		if (status_codes[i] == status)
			return i;
	return NSTATUS - 1;
}

void
metrics_record(int route, int status, uint64_t us, uint64_t db_us)
{
	int b = 0;

	if (counts == NULL)
		return;
	atomic_fetch_add_explicit(&counts[(route + 1) * NSTATUS +
		status_slot(status)], 1, memory_order_relaxed);
	while (b < NBUCKETS && (double)us / 1e6 > buckets_s[b])
		b++;
	atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_us, us, memory_order_relaxed);
	atomic_fetch_add_explicit(&db_sum_us, db_us, memory_order_relaxed);
	atomic_fetch_add_explicit(&total, 1, memory_order_relaxed);
}

int
metrics_inflight(int delta)
{
	return atomic_fetch_add_explicit(&inflight, delta,
		memory_order_relaxed) + delta;
}

void
metrics_render(struct sb *o)
{
	uint64_t cum = 0;

	sb_adds(o, "# HELP mektep_http_requests_total HTTP requests by route "
		"and status.\n# TYPE mektep_http_requests_total counter\n");
	for (int r = 0; r < nroute_slots; r++) {
		const char *name = r == 0 ? "unmatched" : routes[r - 1].pattern;

		for (int s = 0; s < NSTATUS; s++) {
			uint64_t v = atomic_load_explicit(
				&counts[r * NSTATUS + s], memory_order_relaxed);

			if (v == 0)
				continue;
			if (s == NSTATUS - 1)
				sb_addf(o, "mektep_http_requests_total{route=\"%s\","
					"status=\"other\"} %llu\n", name,
					(unsigned long long)v);
			else
				sb_addf(o, "mektep_http_requests_total{route=\"%s\","
					"status=\"%d\"} %llu\n", name,
					status_codes[s], (unsigned long long)v);
		}
	}
	sb_adds(o, "# HELP mektep_http_request_duration_seconds Time from "
		"request to answer.\n"
		"# TYPE mektep_http_request_duration_seconds histogram\n");
	for (int b = 0; b <= NBUCKETS; b++) {
		cum += atomic_load_explicit(&hist[b], memory_order_relaxed);
		if (b < NBUCKETS)
			sb_addf(o, "mektep_http_request_duration_seconds_bucket"
				"{le=\"%g\"} %llu\n", buckets_s[b],
				(unsigned long long)cum);
		else
			sb_addf(o, "mektep_http_request_duration_seconds_bucket"
				"{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
	}
	sb_addf(o, "mektep_http_request_duration_seconds_sum %.6f\n"
		"mektep_http_request_duration_seconds_count %llu\n",
		(double)atomic_load(&sum_us) / 1e6,
		(unsigned long long)atomic_load(&total));
	sb_addf(o, "# HELP mektep_http_requests_in_flight Requests being "
		"answered now.\n# TYPE mektep_http_requests_in_flight gauge\n"
		"mektep_http_requests_in_flight %d\n", atomic_load(&inflight));
	sb_addf(o, "# HELP mektep_db_seconds_total Time spent in the store "
		"while answering requests.\n"
		"# TYPE mektep_db_seconds_total counter\n"
		"mektep_db_seconds_total %.6f\n",
		(double)atomic_load(&db_sum_us) / 1e6);
	replica_metrics(o);     /* read replicas' lag and reads, if any */
	admission_render(o);    /* requests let in and refused */
	peers_render(o);        /* connections, slow clients dropped */
}
