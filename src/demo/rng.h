/* rng.h: a small deterministic random generator (xoshiro256**) for demo */
#ifndef MK_DEMO_RNG_H
#define MK_DEMO_RNG_H

/*
** The same seed gives the same sequence on every platform: only integer
** arithmetic, no floating point, no global state.
*/
struct rng {
	uint64_t s[4];
};

/* Seed the four words from seed through splitmix64. */
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n), n > 0, without modulo bias. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Uniform in [lo, hi], lo <= hi. */
int rng_range(struct rng *r, int lo, int hi);
/* True with probability pct / 100. */
bool rng_pct(struct rng *r, int pct);
/* An independent generator for a sub-task, derived from r and tag. */
void rng_fork(struct rng *r, uint64_t tag, struct rng *out);

#endif
