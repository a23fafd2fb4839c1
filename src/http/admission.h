/* admission.h: let a request in, or answer 503 at once */
#ifndef MK_ADMISSION_H
#define MK_ADMISSION_H

#include "core/sb.h"

#include <microhttpd.h>

struct admission_config {
	int max_inflight;       /* requests let in and not yet answered */
	int queue_timeout_ms;   /* waited longer unread: refused; 0: never */
};

/* Once, before serving; decorate adds the headers every answer has. */
void admission_init(const struct admission_config *cfg,
	void (*decorate)(struct MHD_Response *));
void admission_stop(void);

/*
** On the first callback of a request (its head read): NULL when it is let
** in (it then counts in flight until admission_end()), else a token
** standing for the refusal, to keep as the request's con_cls. /healthz
** and /metrics are always let in and take no place from the others.
*/
void *admission_check(struct MHD_Connection *c, const char *url);
/* A request let in is complete (url as given to admission_check()). */
void admission_end(const char *url);
bool admission_refused(const void *con_cls);
/* Every callback of a refused request: its body is read and dropped, then
** the 503 is queued (at once when a body is announced: the connection
** then closes instead of reading it). */
enum MHD_Result admission_refuse(struct MHD_Connection *c, void *token,
	size_t *upload_data_size, bool first);

/* Prometheus lines: admitted and refused requests. */
void admission_render(struct sb *o);

#endif
