/* journal_plan.c: the demo's summative works (СОР, СОЧ) per quarter */
#include "core/common.h"
#include "demo/journal.h"
#include "rules/dates.h"
#include "rules/marks.h"
#include "rules/schedule_limits.h"

#define QDAYS_MAX 128

static const int sor_maxes[] = { 10, 12, 15, 16, 18, 20, 24, 25 };
static const int soch_maxes[] = { 20, 24, 25, 30 };

/* A random index of cand[0..n) whose day has fewer than 3 СОЧ, or -1. */
static int
pick_soch(struct journal *j, const int *cand, int n, const int *nsoch)
{
	int ok[QDAYS_MAX], nok = 0;

	for (int i = 0; i < n; i++)
		if (nsoch[cand[i]] < SCHEDULE_LIMITS_SOCH_PER_DAY)
			ok[nok++] = cand[i];
	return nok ? ok[rng_below(&j->rng, (uint32_t)nok)] : -1;
}

/*
** Plan unit u's works in quarter q over the quarter's school days
** days[0..ndays): a СОЧ in the last two weeks (three, or any day if
** those are full) but not the quarter's last day, at most 3 a class a
** day (nsoch per day); subjects of 1 hour a week are marked per half
** year and have theirs in quarters 2 and 4 only. Two or three СОР
** (two for 1 hour a week) spread over the lessons before the СОЧ, each
** late in its stretch, as a section ends, on a day with few other works
** of the class (nsum per day) where there is a choice.
*/
static void
plan_unit(struct journal *j, struct junit *u, int q, const int32_t *days,
	int ndays, int *nsoch, int *nsum)
{
	int32_t qend = j->schools[j->classes[u->cls].school].cal
		.quarters[q].ends;
	int les[QDAYS_MAX], nles = 0, cand[QDAYS_MAX], ncand, soch = -1;
	unsigned mask = 0;
	int nsor, npre;

	for (int h = 0; h < u->nslots; h++)
		mask |= 1u << u->wd[h];
	for (int i = 0; i < ndays; i++)
		if (mask & 1u << date_weekday(days[i]))
			les[nles++] = i;
	if (nles == 0)
		return;
	if (u->hours > 1 || q == 1 || q == 3) {
		for (int window = 14; window <= 21 && soch < 0; window += 7) {
			ncand = 0;
			for (int i = 0; i < nles; i++)
				if (days[les[i]] > qend - window &&
				    days[les[i]] < qend)
					cand[ncand++] = les[i];
			soch = pick_soch(j, cand, ncand, nsoch);
		}
		if (soch < 0) {
			ncand = 0;
			for (int i = 0; i < nles; i++)
				if (days[les[i]] < qend)
					cand[ncand++] = les[i];
			soch = pick_soch(j, cand, ncand, nsoch);
		}
		if (soch >= 0) {
			nsoch[soch]++;
			nsum[soch]++;
			u->soch[q] = days[soch];
			u->soch_max[q] = soch_maxes[rng_below(&j->rng,
				ARRAY_SIZE(soch_maxes))];
		}
	}
	npre = 0;
	while (npre < nles && (soch < 0 || les[npre] < soch))
		npre++;
	nsor = u->hours == 1 ? 2 : rng_range(&j->rng, 2, JOURNAL_SOR_MAX);
	if (nsor > npre)
		nsor = npre;
	for (int i = 0; i < nsor; i++) {
		int lo = i * npre / nsor, hi = (i + 1) * npre / nsor;
		int best = hi - 1, best_score = INT_MAX;

		for (int k = lo; k < hi; k++) {
			int score = 4 * nsum[les[k]] + (hi - 1 - k) +
				(int)rng_below(&j->rng, 3);

			if (score < best_score) {
				best = k;
				best_score = score;
			}
		}
		nsum[les[best]]++;
		u->sor[q][i] = days[les[best]];
		u->sor_max[q][i] = sor_maxes[rng_below(&j->rng,
			ARRAY_SIZE(sor_maxes))];
	}
	u->nsor[q] = nsor;
}

/* The plan of class c in quarter q, checked by the journal's rules. */
static void
check_plan(struct journal *j, const struct jclass *c, int q)
{
	struct schedule_limits_mark m[32 * (JOURNAL_SOR_MAX + 1)];
	const struct school_calendar *cal = &j->schools[c->school].cal;
	int32_t ends[4];
	size_t n = 0, bad = 0;
	char msg[ERR_MSG_MAX];

	for (int i = 0; i < 4; i++)
		ends[i] = cal->quarters[i].ends;
	for (int i = c->first_unit; i < c->first_unit + c->nunits; i++) {
		const struct junit *u = &j->units[i];

		if (n + JOURNAL_SOR_MAX + 1 > ARRAY_SIZE(m))
			break;
		for (int k = 0; k < u->nsor[q]; k++)
			m[n++] = (struct schedule_limits_mark){ c->id,
				u->subject_id, u->sor[q][k], MARKS_SOR };
		if (u->soch[q])
			m[n++] = (struct schedule_limits_mark){ c->id,
				u->subject_id, u->soch[q], MARKS_SOCH };
	}
	if (schedule_limits_check(m, n, NULL, 0, ends, 4, &bad, msg,
	    sizeof(msg)) != 0)
		j->g->rc = err_set(j->g->e, ERR_INTERNAL, "demo summative "
			"plan of class %lld: %s", (long long)c->id, msg);
}

void
journal_plan_summative(struct journal *j, int s)
{
	struct jschool *sc = &j->schools[s];

	for (int q = 0; q < 4 && j->g->rc == 0; q++) {
		int32_t days[QDAYS_MAX];
		int ndays = 0;

		for (int32_t d = sc->cal.quarters[q].starts; d <=
		    sc->cal.quarters[q].ends && ndays < QDAYS_MAX; d++)
			if (calendar_is_school_day(&sc->cal, d))
				days[ndays++] = d;
		for (int k = 0; k < sc->nclasses; k++) {
			struct jclass *c = &j->classes[sc->first_class + k];
			int nsoch[QDAYS_MAX] = { 0 }, nsum[QDAYS_MAX] = { 0 };
			int order[64], n = 0;

			if (c->grade < 2)
				continue;
			for (int i = 0; i < c->nunits && n < 64; i++)
				order[n++] = c->first_unit + i;
			for (int i = n - 1; i > 0; i--) {
				int x = (int)rng_below(&j->rng,
					(uint32_t)i + 1), t = order[i];

				order[i] = order[x];
				order[x] = t;
			}
			for (int i = 0; i < n; i++)
				plan_unit(j, &j->units[order[i]], q, days,
					ndays, nsoch, nsum);
			check_plan(j, c, q);
		}
	}
}

