/* schedule_limits.c: when summative works may be set (СОР, СОЧ) */
#include "core/common.h"
#include "core/err.h"
#include "rules/marks.h"
#include "rules/schedule_limits.h"

/* What the marks of one class on one day say about a mark m. */
struct day_scan {
	const struct schedule_limits_mark *m;
	bool clash;             /* the other summative kind, m's subject */
	bool same_soch;         /* a СОЧ in m's subject already */
	int n_subjects;         /* subjects with a СОЧ, counted up to cap */
	int64_t subjects[SCHEDULE_LIMITS_SOCH_PER_DAY];
};

static bool
is_summative(int kind)
{
	return kind == MARKS_SOR || kind == MARKS_SOCH;
}

static void
day_scan_add_subject(struct day_scan *s, int64_t subject_id)
{
	for (int i = 0; i < s->n_subjects; i++)
		if (s->subjects[i] == subject_id)
			return;
	/* past the cap the count no longer matters, only that it is full */
	if (s->n_subjects < SCHEDULE_LIMITS_SOCH_PER_DAY)
		s->subjects[s->n_subjects++] = subject_id;
}

static void
day_scan_marks(struct day_scan *s, const struct schedule_limits_mark *a,
	size_t n)
{
	const struct schedule_limits_mark *m = s->m;

	for (size_t i = 0; i < n; i++) {
		const struct schedule_limits_mark *o = &a[i];

		if (o->class_id != m->class_id || o->date != m->date ||
		    !is_summative(o->kind))
			continue;
		if (o->subject_id == m->subject_id) {
			if (o->kind != m->kind)
				s->clash = true;
			else if (o->kind == MARKS_SOCH)
				s->same_soch = true;
		}
		if (o->kind == MARKS_SOCH)
			day_scan_add_subject(s, o->subject_id);
	}
}

static bool
is_quarter_end(int32_t date, const int32_t *ends, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ends[i] == date)
			return true;
	return false;
}

static int refuse(size_t i, size_t *bad, char *msg, size_t msg_len,
	const char *fmt, ...) MK_PRINTF(5, 6);

static int
refuse(size_t i, size_t *bad, char *msg, size_t msg_len, const char *fmt,
	...)
{
	va_list ap;

	if (bad != NULL)
		*bad = i;
	if (msg != NULL && msg_len > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msg_len, fmt, ap);
		va_end(ap);
	}
	return ERR_INVAL;
}

int
schedule_limits_check(const struct schedule_limits_mark *proposed,
	size_t n_proposed, const struct schedule_limits_mark *existing,
	size_t n_existing, const int32_t *quarter_ends, size_t n_quarter_ends,
	size_t *bad, char *msg, size_t msg_len)
{
	if (msg != NULL && msg_len > 0)
		msg[0] = '\0';
	for (size_t i = 0; i < n_proposed; i++) {
		const struct schedule_limits_mark *m = &proposed[i];
		struct day_scan s;

		if (!is_summative(m->kind))
			continue;
		if (m->kind == MARKS_SOCH &&
		    is_quarter_end(m->date, quarter_ends, n_quarter_ends))
			return refuse(i, bad, msg, msg_len, "a quarter "
				"summative work (СОЧ) may not fall on the last "
				"day of a quarter");
		memset(&s, 0, sizeof(s));
		s.m = m;
		day_scan_marks(&s, existing, n_existing);
		day_scan_marks(&s, proposed, i);
		if (s.clash)
			return refuse(i, bad, msg, msg_len, "a section "
				"summative work (СОР) and a quarter "
				"summative work (СОЧ) in the same subject "
				"may not fall on the same day");
		if (m->kind == MARKS_SOCH && !s.same_soch &&
		    s.n_subjects >= SCHEDULE_LIMITS_SOCH_PER_DAY)
			return refuse(i, bad, msg, msg_len, "a class may "
				"have at most %d quarter summative works "
				"(СОЧ) a day", SCHEDULE_LIMITS_SOCH_PER_DAY);
	}
	return 0;
}
