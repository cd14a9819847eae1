/*
 * Calculation-engine benchmark (issue 4): every indicator and both
 * decompositions for a synthetic N companies × Y fiscal years.
 *
 *   bench_calc OUTDIR [REPS] [COMPANIES] [all|time|report|core]
 *
 * all (the default) does 1-3 below; time only times and writes
 * OUTDIR/c_timings.txt (the later rounds of run.sh); report or core runs
 * only that pass REPS times, writes nothing and prints the time per pass
 * (for profiling with perf or callgrind).
 *
 * 1. Generates the data with a fixed seed and writes it to OUTDIR/rows.csv
 *    and OUTDIR/targets.csv (%.17g, so bench_pandas.py reads the very same
 *    doubles).
 * 2. Times two passes over all companies, each REPS times after one
 *    untimed warm-up, interleaved:
 *      report: what `cnap calc` does — cnap_report_build() per company
 *              (sequential decomposition, labels, formulas, inputs) with a
 *              per-company arena reset, plus cnap_calc_decompose() for the
 *              LMDI-I variant, plus intensities and indices for every year.
 *      core:   the same numbers from the public formula functions alone
 *              (no report items, no text).
 *    Only the computation is timed: the data is in memory before the clock
 *    starts and results go to preallocated arrays.
 * 3. Untimed: extracts every number of the report pass by item key and
 *    writes OUTDIR/c_report.csv, OUTDIR/c_core.csv (per company) and
 *    OUTDIR/c_year.csv (per company-year) for bench/calc/compare.py, and
 *    OUTDIR/c_timings.txt.
 */
#include "base/compat.h"
#include "base/arena.h"
#include "calc/calc.h"
#include "calc/decompose.h"
#include "calc/report.h"
#include "model/survey_data.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>
#include <time.h>

#define FIRST_YEAR 2004
#define N_YEARS 20
#define LAST_YEAR (FIRST_YEAR + N_YEARS - 1)
#define TARGET_YEAR 2030
#define BAU_DECOMP_BASE 2013 /* report.c decomposes BAU targets from 2013 */
#define SEED UINT64_C(0x20231004cafe)

/* ---- fixed-seed generator (splitmix64) ---- */

static uint64_t rng_state = SEED;

static double rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	return (double)(z >> 11) * 0x1.0p-53;
}

static double uni(double lo, double hi)
{
	return lo + (hi - lo) * rnd();
}

/* ---- results ---- */

enum { SEQ_BASE, SEQ_PREV, LMDI_BASE, LMDI_PREV, N_DEC };
enum { T_ACTIVITY, T_INTENSITY, T_FUEL_MIX, T_ELECTRICITY, T_TOTAL, N_TERMS };
static const char *const dec_names[N_DEC] = { "seq_base", "seq_prev", "lmdi_base", "lmdi_prev" };
static const char *const term_names[N_TERMS] = { "activity", "intensity", "fuel_mix", "electricity", "total" };
static const char *const series_names[4] = { "activity", "energy", "electricity", "co2" };
static const unsigned series_bits[4] = { CNAP_SF_ACTIVITY, CNAP_SF_ENERGY, CNAP_SF_ELECTRICITY, CNAP_SF_CO2 };

/* Per company; NAN marks "not computable" (only in these result arrays, never from the engine). */
struct company_result {
	double vs_prev[4], vs_base[4];
	double base_level, target_level, x_now, change_vs_base, progress, expected;
	int cls;
	double dec[N_DEC][N_TERMS];
	double pct[N_DEC][N_TERMS];
};

/* Per company-year. */
struct year_result {
	double ei, ci, ei_idx, ci_idx;
};

static double val(struct cnap_calc_value v)
{
	return v.computable ? v.value : NAN;
}

static double series_value(const struct cnap_series_row *r, int i)
{
	switch (i) {
	case 0: return r->activity;
	case 1: return r->energy;
	case 2: return r->electricity;
	default: return r->co2;
	}
}

/* ---- data ---- */

struct data {
	size_t n;
	struct cnap_series_row *rows; /* n × N_YEARS, company-major */
	struct cnap_survey_data *d;   /* n */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p) {
		fprintf(stderr, "bench_calc: out of memory\n");
		exit(1);
	}
	return p;
}

static void generate(struct data *D, size_t n)
{
	D->n = n;
	D->rows = xcalloc(n * N_YEARS, sizeof(*D->rows));
	D->d = xcalloc(n, sizeof(*D->d));
	/* one grid electricity factor path [kg-CO2/kWh] shared by all companies */
	double grid[N_YEARS];
	for (int y = 0; y < N_YEARS; y++)
		grid[y] = 0.42 + 0.004 * y + uni(-0.03, 0.03) + (y >= 7 && y <= 11 ? 0.08 : 0.0);
	for (size_t c = 0; c < n; c++) {
		struct cnap_series_row *r = &D->rows[c * N_YEARS];
		struct cnap_survey_data *d = &D->d[c];
		d->activity_name = "生産高";
		d->activity_unit = "億円";
		d->factor_type = (enum cnap_factor_type)(c % CNAP_FACTOR_TYPE_COUNT);
		d->series = r;
		d->n_series = N_YEARS;

		double p = uni(50, 5000);            /* 億円 */
		double inten = uni(0.001, 0.05);     /* 万kl per 億円 */
		double share = uni(0.3, 0.8);        /* 億kWh per 万kl */
		double carbon = uni(0.6, 1.4);       /* 万t-CO2 per 万kl of fuel */
		double fmul = uni(0.9, 1.1);         /* the company's factor type and supplier */
		double growth = uni(-0.02, 0.03), effort = uni(-0.02, 0.005);
		for (int y = 0; y < N_YEARS; y++) {
			if (y > 0) {
				p *= 1.0 + growth + uni(-0.05, 0.05);
				inten *= 1.0 + effort + uni(-0.03, 0.03);
				share *= 1.0 + uni(-0.02, 0.025);
				carbon *= 1.0 + uni(-0.02, 0.01);
			}
			r[y].year = FIRST_YEAR + y;
			r[y].has = CNAP_SF_ACTIVITY | CNAP_SF_ENERGY | CNAP_SF_ELECTRICITY | CNAP_SF_CO2 |
				   CNAP_SF_ELEC_FACTOR;
			r[y].activity = p;
			r[y].energy = p * inten;
			r[y].electricity = r[y].energy * share;
			r[y].elec_factor = grid[y] * fmul;
			/* 億kWh × kg-CO2/kWh × 10 = 万t-CO2 */
			r[y].co2 = r[y].energy * carbon + r[y].electricity * r[y].elec_factor * 10.0;
			/* 1% of company-years lack the electricity rows */
			if (rnd() < 0.01) {
				r[y].has &= ~(unsigned)(CNAP_SF_ELECTRICITY | CNAP_SF_ELEC_FACTOR);
				r[y].electricity = r[y].elec_factor = 0;
			}
		}

		struct cnap_target *t = &d->target;
		double kind = rnd();
		t->target_year = TARGET_YEAR;
		static const int base_years[] = { 2005, 2010, 2013 };
		t->base_year = base_years[(size_t)(rnd() * 3)];
		t->indicator = (enum cnap_indicator)(size_t)(rnd() * CNAP_IND_COUNT);
		if (kind < 0.4) {
			t->kind = CNAP_TARGET_BASE_YEAR;
			t->reduction_pct = rnd() < 0.005 ? 0.0 : uni(5, 40); /* a few targets that do not move */
		} else if (kind < 0.7) {
			t->kind = CNAP_TARGET_ANNUAL_RATE;
			t->annual_rate_pct = uni(0.5, 2.0);
		} else {
			t->kind = CNAP_TARGET_BAU;
			t->base_year = BAU_DECOMP_BASE;
			t->indicator = rnd() < 0.5 ? CNAP_IND_CO2 : CNAP_IND_ENERGY;
			const struct cnap_series_row *b = &r[BAU_DECOMP_BASE - FIRST_YEAR];
			for (int y = 0; y < N_YEARS; y++) {
				/* BAU: base-year intensities times this year's activity */
				r[y].bau_co2 = b->co2 / b->activity * r[y].activity;
				r[y].bau_energy = b->energy / b->activity * r[y].activity;
				r[y].has |= CNAP_SF_BAU_CO2 | CNAP_SF_BAU_ENERGY;
			}
			const struct cnap_series_row *l = &r[N_YEARS - 1];
			t->bau_reduction = uni(0.02, 0.15) * (t->indicator == CNAP_IND_CO2 ? l->bau_co2 : l->bau_energy);
		}
		if (t->kind == CNAP_TARGET_BASE_YEAR && rnd() < 0.5) {
			struct cnap_calc_value xb = cnap_report_indicator(&r[t->base_year - FIRST_YEAR], t->indicator);
			t->has_expected = true;
			t->expected_level = (xb.computable ? xb.value : 1.0) *
					    (1.0 - t->reduction_pct / 100.0 * (LAST_YEAR - t->base_year) /
							   (TARGET_YEAR - t->base_year));
		}
		/* edge cases: 0.5% shut down in the last year, 0.3% report zero activity in the base year */
		double edge = rnd();
		if (edge < 0.005) {
			struct cnap_series_row *l = &r[N_YEARS - 1];
			l->activity = l->energy = l->electricity = l->co2 = 0;
			if (t->kind == CNAP_TARGET_BAU)
				l->bau_co2 = l->bau_energy = 0;
		} else if (edge < 0.008 && t->kind != CNAP_TARGET_BAU) {
			r[t->base_year - FIRST_YEAR].activity = 0;
		}
	}
}

/* CSV: %.17g round-trips every double; an unreported value is an empty field. */
static void put_num(FILE *f, bool has, double v)
{
	if (has)
		fprintf(f, ",%.17g", v);
	else
		fputs(",", f);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bench_calc: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void close_out(FILE *f)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "bench_calc: write error\n");
		exit(1);
	}
}

static void write_data(const struct data *D, const char *dir)
{
	FILE *f = open_out(dir, "rows.csv");
	fputs("company,year,activity,energy,electricity,co2,elec_factor,bau_co2,bau_energy\n", f);
	for (size_t c = 0; c < D->n; c++)
		for (int y = 0; y < N_YEARS; y++) {
			const struct cnap_series_row *r = &D->rows[c * N_YEARS + (size_t)y];
			fprintf(f, "%zu,%d", c, r->year);
			put_num(f, r->has & CNAP_SF_ACTIVITY, r->activity);
			put_num(f, r->has & CNAP_SF_ENERGY, r->energy);
			put_num(f, r->has & CNAP_SF_ELECTRICITY, r->electricity);
			put_num(f, r->has & CNAP_SF_CO2, r->co2);
			put_num(f, r->has & CNAP_SF_ELEC_FACTOR, r->elec_factor);
			put_num(f, r->has & CNAP_SF_BAU_CO2, r->bau_co2);
			put_num(f, r->has & CNAP_SF_BAU_ENERGY, r->bau_energy);
			fputc('\n', f);
		}
	close_out(f);
	f = open_out(dir, "targets.csv");
	fputs("company,indicator,kind,base_year,target_year,reduction_pct,bau_reduction,annual_rate_pct,"
	      "has_expected,expected_level\n", f);
	for (size_t c = 0; c < D->n; c++) {
		const struct cnap_target *t = &D->d[c].target;
		fprintf(f, "%zu,%s,%s,%d,%d,%.17g,%.17g,%.17g,%d", c, cnap_indicator_name(t->indicator),
			cnap_target_kind_name(t->kind), t->base_year, t->target_year, t->reduction_pct,
			t->bau_reduction, t->annual_rate_pct, t->has_expected ? 1 : 0);
		put_num(f, t->has_expected, t->expected_level);
		fputc('\n', f);
	}
	close_out(f);
}

/* ---- shared pieces of both passes ---- */

/* The same conversion report.c applies before decomposing (億kWh × kg/kWh × 10 = 万t). */
static bool decomp_year(const struct cnap_series_row *r, struct cnap_decomp_year *y)
{
	unsigned need = CNAP_SF_ACTIVITY | CNAP_SF_ENERGY | CNAP_SF_CO2;
	if (!r || (r->has & need) != need)
		return false;
	y->activity = r->activity;
	y->energy = r->energy;
	y->electricity = r->has & CNAP_SF_ELECTRICITY ? r->electricity : 0;
	y->elec_factor = r->has & CNAP_SF_ELEC_FACTOR ? r->elec_factor * 10.0 : 0;
	y->fuel_co2 = r->co2 - y->electricity * y->elec_factor;
	if (y->fuel_co2 < 0)
		y->fuel_co2 = 0;
	return true;
}

static void store_decomp(struct company_result *res, int which, const struct cnap_decomp *dc)
{
	const double v[N_TERMS] = { dc->activity, dc->intensity, dc->fuel_mix, dc->electricity, dc->total };
	for (int i = 0; i < N_TERMS; i++) {
		res->dec[which][i] = dc->computable ? v[i] : NAN;
		res->pct[which][i] = dc->computable ? val(cnap_calc_decomp_pct(dc, v[i])) : NAN;
	}
}

static void decompose_into(struct company_result *res, int which, enum cnap_decomp_method m,
			   const struct cnap_series_row *from, const struct cnap_series_row *to)
{
	struct cnap_decomp_year a, b;
	struct cnap_decomp dc = { .computable = false };
	if (decomp_year(from, &a) && decomp_year(to, &b))
		dc = cnap_calc_decompose(m, &a, &b);
	store_decomp(res, which, &dc);
}

static int decomp_base_year(const struct cnap_survey_data *d)
{
	return d->target.kind == CNAP_TARGET_BAU ? BAU_DECOMP_BASE : d->target.base_year;
}

/* Intensities and their indices (base year = 1) for every year. */
static void every_year(const struct cnap_survey_data *d, struct year_result *yr)
{
	const struct cnap_series_row *base = cnap_survey_row(d, d->target.base_year);
	struct cnap_calc_value bei = cnap_report_indicator(base, CNAP_IND_ENERGY_INTENSITY);
	struct cnap_calc_value bci = cnap_report_indicator(base, CNAP_IND_CO2_INTENSITY);
	for (size_t i = 0; i < d->n_series; i++) {
		const struct cnap_series_row *r = &d->series[i];
		struct cnap_calc_value ei = cnap_report_indicator(r, CNAP_IND_ENERGY_INTENSITY);
		struct cnap_calc_value ci = cnap_report_indicator(r, CNAP_IND_CO2_INTENSITY);
		yr[i].ei = val(ei);
		yr[i].ci = val(ci);
		yr[i].ei_idx = ei.computable && bei.computable ? val(cnap_calc_index(ei.value, bei.value)) : NAN;
		yr[i].ci_idx = ci.computable && bci.computable ? val(cnap_calc_index(ci.value, bci.value)) : NAN;
	}
}

/* ---- the report pass: cnap_report_build per company ---- */

static void run_report_range(const struct data *D, struct company_result *out, struct year_result *yout,
			     size_t begin, size_t end)
{
	struct cnap_arena arena;
	cnap_arena_init(&arena);
	for (size_t c = begin; c < end; c++) {
		const struct cnap_survey_data *d = &D->d[c];
		struct company_result *res = &out[c];
		struct cnap_report rep;
		cnap_arena_release(&arena); /* per-company reset */
		if (cnap_report_build(&arena, d, LAST_YEAR, CNAP_DECOMP_SEQUENTIAL, &rep) != CNAP_OK) {
			fprintf(stderr, "bench_calc: out of memory\n");
			exit(1);
		}
		res->progress = val(rep.progress);
		res->cls = (int)rep.classification;
		store_decomp(res, SEQ_BASE, &rep.decomp_base);
		store_decomp(res, SEQ_PREV, &rep.decomp_prev);
		decompose_into(res, LMDI_BASE, CNAP_DECOMP_LMDI1, cnap_survey_row(d, decomp_base_year(d)),
			       cnap_survey_row(d, LAST_YEAR));
		decompose_into(res, LMDI_PREV, CNAP_DECOMP_LMDI1, cnap_survey_row(d, LAST_YEAR - 1),
			       cnap_survey_row(d, LAST_YEAR));
		every_year(d, &yout[c * N_YEARS]);
	}
	cnap_arena_release(&arena);
}

/* Untimed: every other number of the report, found by item key. */
static double item(const struct cnap_report *rep, const char *key)
{
	for (size_t i = 0; i < rep->n_items; i++)
		if (strcmp(rep->items[i].key, key) == 0)
			return val(rep->items[i].value);
	return NAN; /* the report leaves out items it cannot have (e.g. no base year for BAU) */
}

static void report_items(const struct data *D, struct company_result *out)
{
	struct cnap_arena arena;
	cnap_arena_init(&arena);
	for (size_t c = 0; c < D->n; c++) {
		struct company_result *res = &out[c];
		struct cnap_report rep;
		char key[64];
		cnap_arena_release(&arena);
		if (cnap_report_build(&arena, &D->d[c], LAST_YEAR, CNAP_DECOMP_SEQUENTIAL, &rep) != CNAP_OK)
			exit(1);
		for (int i = 0; i < 4; i++) {
			snprintf(key, sizeof(key), "%s_vs_prev", series_names[i]);
			res->vs_prev[i] = item(&rep, key);
			snprintf(key, sizeof(key), "%s_vs_base", series_names[i]);
			res->vs_base[i] = item(&rep, key);
		}
		res->base_level = item(&rep, "base_level");
		res->target_level = item(&rep, "target_level");
		res->x_now = item(&rep, "indicator_now");
		res->change_vs_base = item(&rep, "change_vs_base");
		res->expected = item(&rep, "expected_ratio");
		/* the items must agree with the struct fields the timed pass stored */
		const struct { int which; const char *period; } dd[] = { { SEQ_BASE, "base" }, { SEQ_PREV, "prev" } };
		for (size_t k = 0; k < 2; k++)
			for (int i = 0; i < N_TERMS; i++) {
				snprintf(key, sizeof(key), "decomp_%s_%s", dd[k].period, term_names[i]);
				double v = item(&rep, key);
				snprintf(key, sizeof(key), "decomp_%s_%s_pct", dd[k].period, term_names[i]);
				double p = item(&rep, key);
				double sv = res->dec[dd[k].which][i], sp = res->pct[dd[k].which][i];
				if (!((v == sv || (isnan(v) && isnan(sv))) && (p == sp || (isnan(p) && isnan(sp))))) {
					fprintf(stderr, "bench_calc: company %zu: report item %s disagrees\n", c, key);
					exit(1);
				}
			}
		if (item(&rep, "progress_rate") != res->progress && !isnan(res->progress)) {
			fprintf(stderr, "bench_calc: company %zu: progress item disagrees\n", c);
			exit(1);
		}
	}
	cnap_arena_release(&arena);
}

/* ---- the core pass: the public formula functions only ---- */

static void run_core_range(const struct data *D, struct company_result *out, struct year_result *yout,
			   size_t begin, size_t end)
{
	for (size_t c = begin; c < end; c++) {
		const struct cnap_survey_data *d = &D->d[c];
		const struct cnap_target *t = &d->target;
		struct company_result *res = &out[c];
		const struct cnap_series_row *now = cnap_survey_row(d, LAST_YEAR);
		const struct cnap_series_row *prev = cnap_survey_row(d, LAST_YEAR - 1);
		const struct cnap_series_row *base = cnap_survey_row(d, t->base_year);

		every_year(d, &yout[c * N_YEARS]);

		/* 実績: changes versus the previous and the base year */
		for (int i = 0; i < 4; i++) {
			unsigned bit = series_bits[i];
			bool has = now && (now->has & bit);
			res->vs_prev[i] = has && prev && (prev->has & bit)
						  ? val(cnap_calc_change_pct(series_value(now, i), series_value(prev, i)))
						  : NAN;
			res->vs_base[i] = has && base && base != now && (base->has & bit)
						  ? val(cnap_calc_change_pct(series_value(now, i), series_value(base, i)))
						  : NAN;
		}

		/* 目標: levels, 進捗率, 想定比, classification */
		struct cnap_calc_value x_now = cnap_report_indicator(now, t->indicator);
		struct cnap_calc_value x_target = cnap_report_target_path(d, t->target_year);
		struct cnap_calc_value progress, expected = { .computable = false };
		res->x_now = val(x_now);
		res->target_level = val(x_target);
		if (t->kind == CNAP_TARGET_BAU) {
			bool ok = now && (now->has & (t->indicator == CNAP_IND_CO2 ? CNAP_SF_BAU_CO2 : CNAP_SF_BAU_ENERGY));
			double bau = !ok ? 0 : t->indicator == CNAP_IND_CO2 ? now->bau_co2 : now->bau_energy;
			progress = ok && x_now.computable
					   ? cnap_calc_progress_bau_reduction(bau, x_now.value, t->bau_reduction)
					   : (struct cnap_calc_value){ .computable = false };
			res->base_level = NAN;
			res->change_vs_base = NAN;
		} else {
			struct cnap_calc_value x_base = cnap_report_indicator(base, t->indicator);
			res->base_level = val(x_base);
			res->change_vs_base = x_base.computable && x_now.computable
						      ? val(cnap_calc_change_pct(x_now.value, x_base.value))
						      : NAN;
			if (!x_base.computable)
				progress = x_base;
			else if (!x_now.computable)
				progress = x_now;
			else if (t->kind == CNAP_TARGET_ANNUAL_RATE)
				progress = cnap_calc_progress_annual_rate(x_base.value, t->annual_rate_pct / 100.0,
									  t->base_year, t->target_year, x_now.value);
			else
				progress = cnap_calc_progress(x_base.value, x_target.value, x_now.value);
			if (x_base.computable && x_now.computable) {
				if (t->has_expected)
					expected = cnap_calc_expected_ratio(x_base.value, t->expected_level, x_now.value);
				else if (t->kind == CNAP_TARGET_ANNUAL_RATE)
					expected = cnap_calc_expected_ratio_annual_rate(
						x_base.value, t->annual_rate_pct / 100.0, t->base_year, LAST_YEAR, x_now.value);
			}
		}
		res->progress = val(progress);
		res->expected = val(expected);
		res->cls = (int)cnap_calc_classify(progress);

		/* 要因分析: both methods, base → last and previous → last */
		const struct cnap_series_row *dbase = cnap_survey_row(d, decomp_base_year(d));
		decompose_into(res, SEQ_BASE, CNAP_DECOMP_SEQUENTIAL, dbase, now);
		decompose_into(res, SEQ_PREV, CNAP_DECOMP_SEQUENTIAL, prev, now);
		decompose_into(res, LMDI_BASE, CNAP_DECOMP_LMDI1, dbase, now);
		decompose_into(res, LMDI_PREV, CNAP_DECOMP_LMDI1, prev, now);
	}
}

/* ---- output ---- */

static void run_report(const struct data *D, struct company_result *out, struct year_result *yout)
{
	run_report_range(D, out, yout, 0, D->n);
}

static void run_core(const struct data *D, struct company_result *out, struct year_result *yout)
{
	run_core_range(D, out, yout, 0, D->n);
}

/*
 * The same passes spread over threads: companies are independent and the
 * engine keeps no state, so each thread takes a contiguous share (with its
 * own arena in the report pass).
 */
typedef void (*range_fn)(const struct data *, struct company_result *, struct year_result *, size_t, size_t);

struct share {
	range_fn fn;
	const struct data *D;
	struct company_result *out;
	struct year_result *yout;
	size_t begin, end;
};

static void *run_share(void *arg)
{
	struct share *s = arg;
	s->fn(s->D, s->out, s->yout, s->begin, s->end);
	return NULL;
}

static int n_threads = 1;

static void run_parallel(range_fn fn, const struct data *D, struct company_result *out, struct year_result *yout)
{
	pthread_t tid[16];
	struct share shares[16];
	int n = n_threads < 1 ? 1 : n_threads > 16 ? 16 : n_threads;
	for (int i = 0; i < n; i++) {
		shares[i] = (struct share){ fn, D, out, yout, D->n * (size_t)i / (size_t)n, D->n * (size_t)(i + 1) / (size_t)n };
		if (pthread_create(&tid[i], NULL, run_share, &shares[i]) != 0) {
			fprintf(stderr, "bench_calc: cannot start a thread\n");
			exit(1);
		}
	}
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
}

static void write_results(const struct data *D, const struct company_result *res, const char *dir,
			  const char *name)
{
	FILE *f = open_out(dir, name);
	fputs("company", f);
	for (int i = 0; i < 4; i++)
		fprintf(f, ",%s_vs_prev", series_names[i]);
	for (int i = 0; i < 4; i++)
		fprintf(f, ",%s_vs_base", series_names[i]);
	fputs(",base_level,target_level,x_now,change_vs_base,progress,expected,class", f);
	for (int k = 0; k < N_DEC; k++)
		for (int i = 0; i < N_TERMS; i++)
			fprintf(f, ",%s_%s", dec_names[k], term_names[i]);
	for (int k = 0; k < N_DEC; k++)
		for (int i = 0; i < N_TERMS; i++)
			fprintf(f, ",%s_%s_pct", dec_names[k], term_names[i]);
	fputc('\n', f);
	for (size_t c = 0; c < D->n; c++) {
		const struct company_result *r = &res[c];
		fprintf(f, "%zu", c);
		for (int i = 0; i < 4; i++)
			put_num(f, !isnan(r->vs_prev[i]), r->vs_prev[i]);
		for (int i = 0; i < 4; i++)
			put_num(f, !isnan(r->vs_base[i]), r->vs_base[i]);
		const double v[] = { r->base_level, r->target_level, r->x_now, r->change_vs_base, r->progress,
				     r->expected };
		for (size_t i = 0; i < CNAP_ARRAY_LEN(v); i++)
			put_num(f, !isnan(v[i]), v[i]);
		fprintf(f, ",%d", r->cls);
		for (int k = 0; k < N_DEC; k++)
			for (int i = 0; i < N_TERMS; i++)
				put_num(f, !isnan(r->dec[k][i]), r->dec[k][i]);
		for (int k = 0; k < N_DEC; k++)
			for (int i = 0; i < N_TERMS; i++)
				put_num(f, !isnan(r->pct[k][i]), r->pct[k][i]);
		fputc('\n', f);
	}
	close_out(f);
}

static void write_years(const struct data *D, const struct year_result *yr, const char *dir)
{
	FILE *f = open_out(dir, "c_year.csv");
	fputs("company,year,ei,ci,ei_idx,ci_idx\n", f);
	for (size_t c = 0; c < D->n; c++)
		for (int y = 0; y < N_YEARS; y++) {
			const struct year_result *r = &yr[c * N_YEARS + (size_t)y];
			fprintf(f, "%zu,%d", c, FIRST_YEAR + y);
			put_num(f, !isnan(r->ei), r->ei);
			put_num(f, !isnan(r->ci), r->ci);
			put_num(f, !isnan(r->ei_idx), r->ei_idx);
			put_num(f, !isnan(r->ci_idx), r->ci_idx);
			fputc('\n', f);
		}
	close_out(f);
}

/* ---- timing ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long parse_long(const char *s, long lo, long hi, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "bench_calc: bad %s: %s (%ld..%ld)\n", what, s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 4 ? argv[4] : "all";
	bool profile = strcmp(mode, "report") == 0 || strcmp(mode, "core") == 0;
	if (argc < 2 || argc > 5 || (!profile && strcmp(mode, "all") != 0 && strcmp(mode, "time") != 0)) {
		fprintf(stderr, "usage: bench_calc OUTDIR [REPS] [COMPANIES] [all|time|report|core]\n");
		return 2;
	}
	const char *dir = argv[1];
	int reps = argc > 2 ? (int)parse_long(argv[2], 1, 63, "REPS") : 7;
	size_t n = argc > 3 ? (size_t)parse_long(argv[3], 1, 10000000, "COMPANIES") : 10000;

	struct data D;
	generate(&D, n);

	struct company_result *res_report = xcalloc(n, sizeof(*res_report));
	struct company_result *res_core = xcalloc(n, sizeof(*res_core));
	struct year_result *yr_report = xcalloc(n * N_YEARS, sizeof(*yr_report));
	struct year_result *yr_core = xcalloc(n * N_YEARS, sizeof(*yr_core));

	if (profile) { /* one pass only, no files */
		double t0 = now_s();
		for (int i = 0; i < reps; i++) {
			if (mode[0] == 'r')
				run_report(&D, res_report, yr_report);
			else
				run_core(&D, res_core, yr_core);
		}
		printf("%s: %.6f s per pass\n", mode, (now_s() - t0) / reps);
		return 0;
	}
	bool all = strcmp(mode, "all") == 0;
	if (all)
		write_data(&D, dir);

	/* one untimed warm-up of each pass, then REPS timed ones, interleaved */
	double t_report[64], t_core[64], t_report_mt[64], t_core_mt[64], t0;
	n_threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	t0 = now_s();
	run_report(&D, res_report, yr_report);
	double warm_report = now_s() - t0;
	t0 = now_s();
	run_core(&D, res_core, yr_core);
	double warm_core = now_s() - t0;
	for (int i = 0; i < reps; i++) {
		t0 = now_s();
		run_report(&D, res_report, yr_report);
		t_report[i] = now_s() - t0;
		t0 = now_s();
		run_core(&D, res_core, yr_core);
		t_core[i] = now_s() - t0;
		t0 = now_s();
		run_parallel(run_report_range, &D, res_report, yr_report);
		t_report_mt[i] = now_s() - t0;
		t0 = now_s();
		run_parallel(run_core_range, &D, res_core, yr_core);
		t_core_mt[i] = now_s() - t0;
	}

	if (all) {
		report_items(&D, res_report);
		write_results(&D, res_report, dir, "c_report.csv");
		write_results(&D, res_core, dir, "c_core.csv");
		write_years(&D, yr_core, dir);
		if (memcmp(yr_report, yr_core, n * N_YEARS * sizeof(*yr_core)) != 0) {
			fprintf(stderr, "bench_calc: per-year results of the two passes differ\n");
			return 1;
		}
	}

	FILE *f = open_out(dir, "c_timings.txt");
	fprintf(f, "companies %zu\nyears %d\n", n, N_YEARS);
	fprintf(f, "c_report_warmup_s %.6f\nc_core_warmup_s %.6f\n", warm_report, warm_core);
	fputs("c_report_s", f);
	for (int i = 0; i < reps; i++)
		fprintf(f, " %.6f", t_report[i]);
	fputs("\nc_core_s", f);
	for (int i = 0; i < reps; i++)
		fprintf(f, " %.6f", t_core[i]);
	fputs("\nc_report_mt_s", f);
	for (int i = 0; i < reps; i++)
		fprintf(f, " %.6f", t_report_mt[i]);
	fputs("\nc_core_mt_s", f);
	for (int i = 0; i < reps; i++)
		fprintf(f, " %.6f", t_core_mt[i]);
	fprintf(f, "\nthreads %d\n", n_threads);
	close_out(f);
	free(res_report);
	free(res_core);
	free(yr_report);
	free(yr_core);
	free(D.rows);
	free(D.d);
	return 0;
}
