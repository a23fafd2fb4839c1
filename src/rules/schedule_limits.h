/* schedule_limits.h: when summative works may be set (СОР, СОЧ); pure */
#ifndef MK_SCHEDULE_LIMITS_H
#define MK_SCHEDULE_LIMITS_H

/*
** The journal refuses summative marks that break the scheduling limits
** of DOMAIN.md ("Marks"):
**   1. no СОЧ on the last day of a quarter;
**   2. no СОР and СОЧ in the same subject of a class on the same day;
**   3. at most SCHEDULE_LIMITS_SOCH_PER_DAY СОЧ a class a day, counted as
**      the distinct subjects with a СОЧ that day.
** Marks are per pupil, so a work shows up once per pupil marked: entries
** that repeat a class, subject, date and kind count once.
*/
#define SCHEDULE_LIMITS_SOCH_PER_DAY 3

/*
** One mark as the limits see it. subject_id names what "the same
** subject" means: pass the subject's id so that the courses of two
** subgroups of one subject count once (or the course id to count them
** apart). kind is an enum marks_kind; formative and computed kinds are
** ignored.
*/
struct schedule_limits_mark {
	int64_t class_id;
	int64_t subject_id;
	int32_t date;           /* day number, rules/dates.h */
	int kind;
};

/*
** Checks the n_proposed marks of a request against each other and
** against the n_existing marks already stored. existing should hold the
** stored summative marks of the classes and dates of the request, less
** those the request replaces (a mark changed from СОЧ to СОР must not
** conflict with its old self). quarter_ends holds the last day of each
** quarter to consider (any number, e.g. the 4 of the school year).
** Stored marks are taken as they are: a limit they already break is not
** held against them, only against a proposed mark that adds to it.
**
** Returns 0 when every proposed mark may be set. Otherwise returns
** ERR_INVAL, stores in *bad (if not NULL) the index in proposed of the
** first mark that breaks a limit given the stored marks and the proposed
** marks before it, and writes the reason into msg (if not NULL and
** msg_len > 0), e.g. "a class may have at most 3 quarter summative works
** (СОЧ) a day". Runs in O(n_proposed x (n_existing + n_proposed)).
*/
int schedule_limits_check(const struct schedule_limits_mark *proposed,
	size_t n_proposed, const struct schedule_limits_mark *existing,
	size_t n_existing, const int32_t *quarter_ends, size_t n_quarter_ends,
	size_t *bad, char *msg, size_t msg_len);

#endif
