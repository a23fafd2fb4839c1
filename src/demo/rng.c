/* rng.c: splitmix64 seeding and xoshiro256** (Blackman and Vigna) */
#include "core/common.h"
#include "demo/rng.h"

static uint64_t
splitmix64(uint64_t *x)
{
	return mix64(*x += 0x9e3779b97f4a7c15u);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's multiply-and-reject method. */
uint32_t
rng_below(struct rng *r, uint32_t n)
{
	uint64_t m = (rng_next(r) >> 32) * n;
	uint32_t low = (uint32_t)m;

	assert(n > 0);
	if (low < n) {
		uint32_t t = -n % n;

		while (low < t) {
			m = (rng_next(r) >> 32) * n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

int
rng_range(struct rng *r, int lo, int hi)
{
	assert(lo <= hi);
	return lo + (int)rng_below(r, (uint32_t)(hi - lo) + 1);
}

bool
rng_pct(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

void
rng_fork(struct rng *r, uint64_t tag, struct rng *out)
{
	rng_seed(out, rng_next(r) ^ (tag * 0x9e3779b97f4a7c15u));
}
