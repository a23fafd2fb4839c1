/* peers.h: the open connections: per-address limits, slow-client deadlines */
#ifndef MK_PEERS_H
#define MK_PEERS_H

#include "core/sb.h"

#include <microhttpd.h>

struct err;

/*
** A connection's phase, set by the worker thread that owns it:
** idle (no request read yet: open or after an answer), body (the head is
** read, the body is arriving), busy (being answered). The sweeper watches
** idle and body connections (docs/OVERLOAD.md).
*/
enum peer_phase { PEER_IDLE, PEER_BODY, PEER_BUSY };

struct peers_config {
	int per_address;        /* connections from one address; 0: any */
	const char *const *trusted;     /* addresses exempt from it */
	int ntrusted;
	int max_conns;          /* over it a request is refused, conn closed */
	int request_timeout_s;  /* a head within, a body at min_rate per */
	int min_rate;           /* bytes/s a body must keep up */
};

/* Once, before serving; -1 with e filled on a bad trusted address. */
int peers_init(const struct peers_config *cfg, struct err *e);
/* The sweeper thread that drops slow clients; stop before the daemon. */
void peers_start(void);
void peers_stop(void);

/* libmicrohttpd's accept policy and connection notifier. */
enum MHD_Result peers_accept(void *cls, const struct sockaddr *sa,
	socklen_t len);
void peers_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
	enum MHD_ConnectionNotificationCode what);

/* From the connection's own worker thread. */
void peers_phase(struct MHD_Connection *c, enum peer_phase phase);
/* The connection was opened beyond max_conns. */
bool peers_over_cap(struct MHD_Connection *c);
/* How long the request's last byte waited in the socket before a worker
** read it, in ms (TCP_INFO); 0 when unknown. */
unsigned peers_queue_wait_ms(struct MHD_Connection *c);

/* The client's address as a trusted proxy gives it (X-Real-IP), when the
** connection comes from one and the header holds an IP address; else
** NULL. Valid while the request is. */
const char *peers_forwarded_for(struct MHD_Connection *c);

/* Prometheus lines: connections, refused and dropped ones, waiting. */
void peers_render(struct sb *o);

#endif
