/* metrics.h: request counters and latency histogram for GET /metrics */
#ifndef MK_METRICS_H
#define MK_METRICS_H

#include "core/sb.h"

/* Once, before serving: room for nroutes routes (+1 for "unmatched"). */
void metrics_init(int nroutes);
/* route -1 means no route matched. Lock-free; any thread. */
void metrics_record(int route, int status, uint64_t us, uint64_t db_us);
/* Requests let in and not yet answered: add delta, get the new count. */
int metrics_inflight(int delta);
/* Prometheus text exposition format 0.0.4. */
void metrics_render(struct sb *out);

#endif
