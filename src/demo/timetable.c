/* timetable.c: the demo's weekly timetable, a class at a time */
#include "core/common.h"
#include "demo/journal.h"
#include "rules/bells.h"
#include "rules/dates.h"

/*
** Each class's hours are dealt to the days of its week as evenly as the
** counts allow (a subject's hours on different days where it can, on
** the days its teachers teach least so far), then each day's lessons
** are ordered into periods 1..k so that as few teachers as possible are
** wanted in two classes at once: the cheapest order is found exactly
** (a small assignment problem, k <= 8, solved over subsets). A class
** whose best order still double-books a teacher is dealt again, up to
** ATTEMPTS times, and the best deal is kept. Classes are placed from the
** oldest down: their specialists are the busiest.
**
** A teacher's time is tracked per day in bell slots (shift, period) with
** the slots that overlap in time (the 7th period of the first shift runs
** into the 1st of the second), so a teacher of both shifts is checked
** by the clock, not by period numbers.
*/
#define ATTEMPTS 40
#define PERIODS_MAX 8
#define UNITS_MAX 32
#define BITS (3 * BELLS_PERIODS_MAX)

struct tteacher {
	int64_t id;
	uint8_t busy[JOURNAL_DAYS][BITS];
	int load[JOURNAL_DAYS];
};

struct tt {
	struct journal *j;
	struct jschool *s;
	struct tteacher *t;
	int nt;
	int demo;                       /* the demo teacher's index, -1 */
	int ovn[BITS];                  /* slots overlapping slot b */
	uint8_t ovl[BITS][BITS];
};

/* A deal of one class: the day and period of each hour of each unit. */
struct deal {
	uint8_t wd[UNITS_MAX][JOURNAL_HOURS_MAX];
	uint8_t period[UNITS_MAX][JOURNAL_HOURS_MAX];
};

static int
slot_bit(int shift, int period)
{
	if (shift < 1 || shift > 3)
		shift = 1;
	return (shift - 1) * BELLS_PERIODS_MAX + period - 1;
}

static void
overlaps_init(struct tt *tt)
{
	for (int a = 0; a < BITS; a++) {
		struct bell x = bells_default(a / BELLS_PERIODS_MAX + 1,
			a % BELLS_PERIODS_MAX + 1);

		tt->ovn[a] = 0;
		for (int b = 0; b < BITS; b++) {
			struct bell y = bells_default(b / BELLS_PERIODS_MAX + 1,
				b % BELLS_PERIODS_MAX + 1);

			if (x.starts < y.ends && y.starts < x.ends)
				tt->ovl[a][tt->ovn[a]++] = (uint8_t)b;
		}
	}
}

/* Lessons teacher t already has at a time overlapping slot b of day d. */
static int
busy_at(const struct tt *tt, int t, int d, int b)
{
	int n = 0;

	for (int k = 0; k < tt->ovn[b]; k++)
		n += tt->t[t].busy[d][tt->ovl[b][k]];
	return n;
}

static int
teacher_index(struct tt *tt, int64_t id)
{
	if (id == 0)
		return -1;
	for (int i = 0; i < tt->nt; i++)
		if (tt->t[i].id == id)
			return i;
	tt->t[tt->nt].id = id;
	return tt->nt++;
}

/* The teachers of unit u (its courses'), -1 for none. */
static void
unit_teachers(const struct tt *tt, const struct junit *u, int out[2])
{
	out[0] = out[1] = -1;
	for (int k = 0; k < u->ncourses; k++) {
		int64_t id = tt->j->courses[u->course[k]].teacher_id;

		for (int i = 0; i < tt->nt; i++)
			if (tt->t[i].id == id && id != 0)
				out[k] = i;
	}
	if (out[1] == out[0])
		out[1] = -1;
}

/*
** Order the k units of day d (list, teachers ut) into periods 1..k at
** the least number of double-bookings; writes the period of each.
*/
static int
order_day(const struct tt *tt, int shift, int d, const int *list, int k,
	int (*ut)[2], int *period)
{
	int cost[PERIODS_MAX][PERIODS_MAX];
	int dp[1 << PERIODS_MAX];
	int8_t pick[1 << PERIODS_MAX];
	int full = (1 << k) - 1;

	for (int i = 0; i < k; i++) {
		for (int p = 0; p < k; p++) {
			int b = slot_bit(shift, p + 1);

			cost[i][p] = 0;
			for (int x = 0; x < 2; x++)
				if (ut[list[i]][x] >= 0)
					cost[i][p] += busy_at(tt,
						ut[list[i]][x], d, b);
		}
	}
	dp[0] = 0;
	for (int m = 1; m <= full; m++)
		dp[m] = INT_MAX;
	for (int m = 0; m < full; m++) {
		int p = __builtin_popcount((unsigned)m);

		if (dp[m] == INT_MAX)
			continue;
		for (int i = 0; i < k; i++) {
			int to = m | 1 << i;

			if (m & 1 << i || dp[m] + cost[i][p] >= dp[to])
				continue;
			dp[to] = dp[m] + cost[i][p];
			pick[to] = (int8_t)i;
		}
	}
	for (int m = full; m; m &= ~(1 << pick[m]))
		period[pick[m]] = __builtin_popcount((unsigned)m);
	return dp[full];
}

static void
shuffle(struct rng *r, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int k = (int)rng_below(r, (uint32_t)i + 1), x = a[i];

		a[i] = a[k];
		a[k] = x;
	}
}

/* Deal the class's hours once; returns its double-bookings. */
static int
deal_once(struct tt *tt, const struct jclass *c, int (*ut)[2], int ndays,
	int total, struct deal *out)
{
	struct rng *r = &tt->j->rng;
	struct junit *units = &tt->j->units[c->first_unit];
	int n = c->nunits, order[UNITS_MAX], count[JOURNAL_DAYS];
	int fill[JOURNAL_DAYS] = { 0 }, demo_load[JOURNAL_DAYS];
	int on[JOURNAL_DAYS][PERIODS_MAX], non[JOURNAL_DAYS] = { 0 };
	int hour_of[JOURNAL_DAYS][PERIODS_MAX], cost = 0;
	bool has[UNITS_MAX][JOURNAL_DAYS];

	memset(has, 0, sizeof(has));
	for (int d = 0; d < ndays; d++) {
		count[d] = total / ndays;
		demo_load[d] = tt->demo >= 0 ? tt->t[tt->demo].load[d] : 1;
	}
	for (int x = total % ndays; x > 0; x--) {
		int d = (int)rng_below(r, (uint32_t)ndays);

		while (count[d] > total / ndays)
			d = (d + 1) % ndays;
		count[d]++;
	}
	for (int i = 0; i < n; i++)
		order[i] = i;
	shuffle(r, order, n);
	for (int i = 1; i < n; i++) {
		int x = order[i], k = i;

		for (; k > 0 && units[order[k - 1]].hours < units[x].hours;
		    k--)
			order[k] = order[k - 1];
		order[k] = x;
	}
	for (int i = 0; i < n; i++) {
		int u = order[i];
		bool demo = tt->demo >= 0 && (ut[u][0] == tt->demo ||
			ut[u][1] == tt->demo);

		for (int h = 0; h < units[u].hours; h++) {
			int best = -1, best_score = INT_MAX;

			for (int d = 0; d < ndays; d++) {
				int score = (int)rng_below(r, 4);

				if (fill[d] >= count[d])
					continue;
				if (has[u][d])
					score += 1000;
				for (int x = 0; x < 2; x++)
					if (ut[u][x] >= 0)
						score += 2 *
						    tt->t[ut[u][x]].load[d];
				if (demo && demo_load[d] == 0)
					score -= 100;
				if (score < best_score) {
					best = d;
					best_score = score;
				}
			}
			if (best < 0)
				BUG("timetable: no day left for a lesson");
			has[u][best] = true;
			if (demo)
				demo_load[best]++;
			out->wd[u][h] = (uint8_t)(best + 1);
			hour_of[best][non[best]] = h;
			on[best][non[best]++] = u;
			fill[best]++;
		}
	}
	for (int d = 0; d < ndays; d++) {
		int period[PERIODS_MAX];

		cost += order_day(tt, c->shift, d, on[d], non[d], ut, period);
		for (int i = 0; i < non[d]; i++)
			out->period[on[d][i]][hour_of[d][i]] =
				(uint8_t)period[i];
	}
	return cost;
}

static void
book(struct tt *tt, int (*ut)[2], int u, int wd, int period, int shift,
	int delta)
{
	for (int x = 0; x < 2; x++) {
		struct tteacher *t;

		if (ut[u][x] < 0)
			continue;
		t = &tt->t[ut[u][x]];
		t->busy[wd - 1][slot_bit(shift, period)] += delta;
		t->load[wd - 1] += delta;
	}
}

/* Place class c; returns the double-bookings it could not avoid. */
static int
place_class(struct tt *tt, struct jclass *c, int (*ut)[2])
{
	struct junit *units = &tt->j->units[c->first_unit];
	struct deal deals[2], *best = &deals[0], *cur = &deals[1];
	int total = 0, ndays, best_cost = INT_MAX;

	for (int i = 0; i < c->nunits; i++)
		total += units[i].hours;
	if (total == 0)
		return 0;
	/*
	** Saturday only past 5 x 7 hours. The days are filled evenly, so
	** grade 1 (19 hours) has at most 4 lessons a day, grades 2-4 (20-25)
	** 5, grades 5-6 (28) 6 and 10-11 (32) 7; grades 7-9 have 33 hours,
	** which six periods a day cannot hold in five days, so they have a
	** seventh period on three days.
	*/
	ndays = total > 5 * 7 ? 6 : 5;
	if ((total + ndays - 1) / ndays > PERIODS_MAX) {
		tt->j->g->rc = err_set(tt->j->g->e, ERR_INTERNAL, "class "
			"%lld has %d hours a week, too many for the demo "
			"timetable", (long long)c->id, total);
		return 0;
	}
	for (int a = 0; a < ATTEMPTS && best_cost > 0; a++) {
		int cost = deal_once(tt, c, ut, ndays, total, cur);

		if (cost < best_cost) {
			struct deal *x = best;

			best = cur;
			cur = x;
			best_cost = cost;
		}
	}
	for (int i = 0; i < c->nunits; i++) {
		struct junit *u = &units[i];

		u->nslots = u->hours;
		for (int h = 0; h < u->hours; h++) {
			u->wd[h] = best->wd[i][h];
			u->period[h] = best->period[i][h];
			book(tt, ut, i, u->wd[h], u->period[h], c->shift, 1);
		}
	}
	return best_cost;
}

/* Double-bookings unit i's teachers would have at (wd, period). */
static int
move_cost(struct tt *tt, int shift, int (*ut)[2], int i, int wd, int period)
{
	int n = 0;

	for (int x = 0; x < 2; x++)
		if (ut[i][x] >= 0)
			n += busy_at(tt, ut[i][x], wd - 1,
				slot_bit(shift, period));
	return n;
}

/*
** Swap hour h of unit a with hour k of unit b (both of one class, unit
** indices relative to the school's first); with apply false, only say
** what the swap would cost in double-bookings.
*/
static int
swap_hours(struct tt *tt, int (*ut)[2], int first_unit, int a, int h, int b,
	int k, bool apply)
{
	struct junit *u = &tt->j->units[first_unit + a];
	struct junit *w = &tt->j->units[first_unit + b];
	int shift = tt->j->classes[u->cls].shift, cost;
	uint8_t uwd = u->wd[h], up = u->period[h];

	book(tt, ut, a, uwd, up, shift, -1);
	book(tt, ut, b, w->wd[k], w->period[k], shift, -1);
	cost = move_cost(tt, shift, ut, a, w->wd[k], w->period[k]) +
		move_cost(tt, shift, ut, b, uwd, up);
	if (apply) {
		u->wd[h] = w->wd[k];
		u->period[h] = w->period[k];
		w->wd[k] = uwd;
		w->period[k] = up;
	}
	book(tt, ut, a, u->wd[h], u->period[h], shift, 1);
	book(tt, ut, b, w->wd[k], w->period[k], shift, 1);
	return cost;
}

static bool
teaches(const struct tt *tt, int (*ut)[2], int i)
{
	return ut[i][0] == tt->demo || ut[i][1] == tt->demo;
}

/*
** The demo teacher must teach every school day (API.md): where a
** weekday has none of their lessons, swap one of theirs from a day with
** two or more with another lesson of that class on the empty day, the
** swap with the fewest double-bookings.
*/
static void
demo_every_day(struct tt *tt, int (*ut)[2], int first_unit, int nunits)
{
	struct junit *units = &tt->j->units[first_unit];

	if (tt->demo < 0)
		return;
	for (int wd = 1; wd <= 5; wd++) {
		int ba = -1, bh = -1, bb = -1, bk = -1, bcost = INT_MAX;

		if (tt->t[tt->demo].load[wd - 1] > 0)
			continue;
		for (int a = 0; a < nunits; a++) {
			if (!teaches(tt, ut, a))
				continue;
			for (int h = 0; h < units[a].nslots; h++) {
				if (tt->t[tt->demo].load[units[a].wd[h] - 1] <
				    2)
					continue;
				for (int b = 0; b < nunits; b++) {
					if (units[b].cls != units[a].cls ||
					    teaches(tt, ut, b))
						continue;
					for (int k = 0; k < units[b].nslots;
					    k++) {
						int cost;

						if (units[b].wd[k] != wd)
							continue;
						cost = swap_hours(tt, ut,
							first_unit, a, h, b, k,
							false);
						if (cost < bcost) {
							bcost = cost;
							ba = a;
							bh = h;
							bb = b;
							bk = k;
						}
					}
				}
			}
		}
		if (ba >= 0) {
			swap_hours(tt, ut, first_unit, ba, bh, bb, bk, true);
			tt->j->clashes += bcost;
		}
	}
}

void
timetable_build(struct journal *j, int s)
{
	struct jschool *sc = &j->schools[s];
	struct tt tt = { .j = j, .s = sc, .demo = -1 };
	int first_unit, nunits = 0, norder = 0;
	int (*ut)[2];
	int *by_grade, *order;

	if (j->g->rc || sc->nclasses == 0)
		return;
	first_unit = j->classes[sc->first_class].first_unit;
	for (int k = 0; k < sc->nclasses; k++)
		nunits += j->classes[sc->first_class + k].nunits;
	overlaps_init(&tt);
	/* per school, freed at the end: the demo may have many schools */
	tt.t = xcalloc((size_t)(2 * nunits + 1), sizeof(*tt.t));
	ut = xcalloc((size_t)(nunits + 1), sizeof(*ut));
	for (int i = 0; i < nunits; i++) {
		struct junit *u = &j->units[first_unit + i];

		for (int k = 0; k < u->ncourses; k++)
			teacher_index(&tt, j->courses[u->course[k]].teacher_id);
	}
	for (int i = 0; i < nunits; i++)
		unit_teachers(&tt, &j->units[first_unit + i], ut[i]);
	for (int i = 0; i < tt.nt; i++)
		if (tt.t[i].id == j->demo_teacher)
			tt.demo = i;

	/* the oldest classes first, in a random order within a grade */
	by_grade = xcalloc((size_t)sc->nclasses, sizeof(*by_grade));
	order = xcalloc((size_t)sc->nclasses, sizeof(*order));
	for (int k = 0; k < sc->nclasses; k++)
		by_grade[k] = sc->first_class + k;
	shuffle(&j->rng, by_grade, sc->nclasses);
	for (int grade = 11; grade >= 0; grade--)
		for (int k = 0; k < sc->nclasses; k++)
			if (j->classes[by_grade[k]].grade == grade)
				order[norder++] = by_grade[k];
	for (int k = 0; k < norder && j->g->rc == 0; k++) {
		struct jclass *c = &j->classes[order[k]];

		if (c->nunits > UNITS_MAX) {
			j->g->rc = err_set(j->g->e, ERR_INTERNAL, "class %lld "
				"has too many subjects for the demo timetable",
				(long long)c->id);
			break;
		}
		j->clashes += place_class(&tt, c,
			ut + (c->first_unit - first_unit));
	}
	if (j->g->rc == 0)
		demo_every_day(&tt, ut, first_unit, nunits);
	free(order);
	free(by_grade);
	free(ut);
	free(tt.t);
}

static struct query q_slot = QUERY(
	"INSERT INTO timetable (course_id, weekday, period, valid_from) "
	"VALUES (?1, ?2, ?3, ?4)");

void
timetable_store(struct journal *j, int s, int32_t valid_from)
{
	struct jschool *sc = &j->schools[s];
	char from[11];

	date_format(valid_from, from);
	for (int k = 0; k < sc->nclasses; k++) {
		struct jclass *c = &j->classes[sc->first_class + k];

		for (int i = c->first_unit; i < c->first_unit + c->nunits;
		    i++) {
			struct junit *u = &j->units[i];

			for (int h = 0; h < u->nslots; h++) {
				for (int x = 0; x < u->ncourses; x++) {
					struct db_stmt *st = gen_prep(j->g,
						&q_slot);

					if (st == NULL)
						return;
					db_bind_i64(st, 1,
						j->courses[u->course[x]].id);
					db_bind_i64(st, 2, u->wd[h]);
					db_bind_i64(st, 3, u->period[h]);
					db_bind_text(st, 4, from);
					gen_exec(j->g, st);
				}
			}
		}
	}
}
