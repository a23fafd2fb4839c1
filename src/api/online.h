/* online.h: lessons online: meeting links (BigBlueButton), materials,
** the TV slot of a `tv` lesson, views; the views flush */
#ifndef MK_API_ONLINE_H
#define MK_API_ONLINE_H

#include "http/req.h"

/*
** BigBlueButton: the server's API URL (".../bigbluebutton/api") and the
** shared secret (`serve --bbb-url --bbb-secret`). With both set, an
** `online_sync` lesson without a link of its own gets join links signed
** with SHA-256 (BigBlueButton 2.6 and later accept it). Both strings must
** outlive the server. NULL: not configured.
*/
void online_bbb_config(const char *url, const char *secret);

/*
** A signed BigBlueButton call: url/call?query&checksum=SHA-256(call +
** query + secret), in the arena. query is already URL-encoded.
*/
const char *online_bbb_url(struct req *r, const char *call,
	const char *query);

int api_lesson_online_get(struct req *r);       /* online.c */
int api_lesson_online_put(struct req *r);
int api_lesson_view(struct req *r);
int api_views_flush(struct req *r);

#endif
