/*
 * The printed 調査票's layout alone, in one process (bench/survey-render/run.sh):
 * what storing a new version costs for its page map. Loads the version once,
 * then lays it out REPS times (each with its own font map, as every real call
 * has) and prints the median in milliseconds, the pages, and the first
 * layout's milliseconds (which pays for fontconfig's start).
 *
 *   bench_layout DB YEAR WG ASSOCIATION REPS
 */
#include "base/compat.h"
#include "base/alloc.h"
#include "usecase/survey_render.h"

#include <stdlib.h>
#include <time.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 6)
		return 2;
	struct cnap_store *s;
	struct cnap_error err = { 0 };
	if (cnap_store_open(argv[1], 0, &s, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	struct cnap_actor op = { .login = "bench", .role = CNAP_ROLE_SECRETARIAT, .system = true };
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_uc_print p;
	if (cnap_uc_print_load(s, &op, (int)strtol(argv[2], NULL, 10), argv[3], argv[4], 0, &a, &p, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	int reps = (int)strtol(argv[5], NULL, 10);
	double *ms = cnap_calloc((size_t)reps, sizeof(double));
	int pages = 0;
	double first = 0;
	for (int i = 0; i < reps && ms; i++) {
		struct timespec t0, t1;
		struct cnap_arena pa;
		cnap_arena_init(&pa);
		struct cnap_survey_pages sp;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (cnap_uc_print_pages(&p, &pa, &sp, &err)) {
			fprintf(stderr, "%s\n", err.message);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		pages = sp.n_pages;
		ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (i == 0)
			first = ms[0];
		cnap_arena_release(&pa);
	}
	qsort(ms, (size_t)reps, sizeof(double), cmp);
	printf("%.1f %d %.1f\n", ms[reps / 2], pages, first);
	free(ms);
	cnap_arena_release(&a);
	cnap_store_close(s);
	return 0;
}
