/* Fixed-seed pseudo-random numbers for property tests: same inputs on every run. */
#ifndef CNAP_TEST_LCG_H
#define CNAP_TEST_LCG_H

#include <stdint.h>

struct lcg {
	uint64_t state;
};

/* Knuth's MMIX constants; the top 53 bits give a double in [0, 1). */
static inline double lcg_unit(struct lcg *g)
{
	g->state = g->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(g->state >> 11) * (1.0 / 9007199254740992.0);
}

static inline double lcg_range(struct lcg *g, double lo, double hi)
{
	return lo + (hi - lo) * lcg_unit(g);
}

static inline int lcg_int(struct lcg *g, int lo, int hi) /* inclusive */
{
	return lo + (int)(lcg_unit(g) * (double)(hi - lo + 1));
}

#endif
