/* journal.c: checks shared by the journal handlers */
#include "core/common.h"
#include "api/journal.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "journal/lesson.h"
#include "journal/school_cal.h"

int
journal_check_open(struct req *r, const struct lesson *l)
{
	if (l->cancelled)
		return reply_err(r, ERR_CONFLICT, "the lesson was cancelled"),
			-1;
	if (l->date > school_today(r->now))
		return reply_err(r, ERR_INVAL, "the lesson has not taken place "
			"yet"), -1;
	return 0;
}

bool
journal_is_school_admin(struct req *r, int64_t school_id)
{
	for (int i = 0; i < r->auth->ngrants; i++) {
		const struct grant *g = &r->auth->grants[i];

		if (g->role == ROLE_SCHOOL_ADMIN && g->school_id == school_id)
			return true;
	}
	return false;
}
