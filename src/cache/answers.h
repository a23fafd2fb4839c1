/* answers.h: finished answers kept in memory while their revision holds */
#ifndef MK_ANSWERS_H
#define MK_ANSWERS_H

#include "auth/authz.h"

/*
** A handler whose answer depends only on its key (the route, the object,
** the parameters, the language, the day) and on data inside the areas of
** one place may keep the answer:
**
**	struct kept k;
**	if (answer_kept(r, &k, key, &place))
**		return 0;               (answered: 304, or 200 from memory)
**	... build r->out ...
**	return answer_keep(r, &k);     (remember it, answer 200)
**
** Access is checked before, on every request (authz gives the place).
** The answer is valid while the revision sum of the place's areas
** (cache/revisions.c) is the one it was built at; the revision is read
** before the data, so an answer is never kept under a revision older than
** what it shows. Every answer carries an ETag made of the key and that
** revision, and a matching If-None-Match gets 304 without a body.
*/
struct kept {
	const char *key;
	int64_t rev;
	bool valid;             /* rev was read: the answer may be kept */
};

void answers_init(size_t max_bytes);    /* 0: keep nothing, ETags only */
void answers_clear(void);

int answer_kept(struct req *r, struct kept *k, const char *key,
	const struct place *p);
int answer_keep(struct req *r, struct kept *k);

#endif
