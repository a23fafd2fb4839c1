/* ways.c: the sets of a set-associative cache (ways.h) */
#include "core/common.h"
#include "core/ways.h"

#include <stdatomic.h>

static _Atomic uint64_t tick;

uint64_t
way_tick(void)
{
	return atomic_fetch_add_explicit(&tick, 1, memory_order_relaxed) + 1;
}

unsigned
way_victim(const uint64_t *seen, size_t stride, unsigned n)
{
	const unsigned char *p = (const unsigned char *)seen;
	uint64_t best = UINT64_MAX, s;
	unsigned victim = 0;

	for (unsigned w = 0; w < n; w++) {
		memcpy(&s, p + (size_t)w * stride, sizeof(s));
		if (s == 0)
			return w;
		if (s < best) {
			best = s;
			victim = w;
		}
	}
	return victim;
}
