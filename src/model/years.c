/* A title's years moved on to the next cycle (cnap cycle new). */
#include "base/compat.h"
#include "model/model.h"

#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The year a run of digits names when it is one of the cycle's own, else 0. */
static int own_year(int v, int from_year, int from_actual)
{
	return v == from_year || v == from_actual ? v : 0;
}

const char *cnap_title_years_moved(struct cnap_arena *a, const char *title, int from_year, int from_actual, int delta)
{
	if (!title)
		return NULL;
	static const char reiwa[] = "令和";
	const size_t rlen = sizeof(reiwa) - 1;
	size_t len = strlen(title);
	/* each run of digits grows by at most one character */
	char *out = cnap_arena_alloc(a, len * 2 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		bool after_reiwa = i >= rlen && memcmp(title + i - rlen, reiwa, rlen) == 0;
		if (!is_digit(title[i]) || (i > 0 && is_digit(title[i - 1]))) {
			out[o++] = title[i++];
			continue;
		}
		size_t j = i;
		int v = 0;
		while (j < len && is_digit(title[j]) && j - i < 5)
			v = v * 10 + (title[j++] - '0');
		bool whole = j >= len || !is_digit(title[j]);
		int moved = 0;
		if (whole && after_reiwa && j - i <= 2 && own_year(v + 2018, from_year, from_actual))
			moved = v + delta;
		else if (whole && !after_reiwa && j - i == 4 && own_year(v, from_year, from_actual))
			moved = v + delta;
		if (moved > 0 && moved < 10000) {
			o += (size_t)snprintf(out + o, len * 2 + 1 - o, "%d", moved);
		} else {
			memcpy(out + o, title + i, j - i);
			o += j - i;
		}
		i = j;
	}
	out[o] = '\0';
	return out;
}
