#include "base/compat.h"
#include "calc/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct cnap_calc_value not_computable(enum cnap_calc_reason why)
{
	struct cnap_calc_value v = { .computable = false, .why = why, .reason = cnap_calc_reason_text(why) };
	return v;
}

static struct cnap_calc_value ok_value(double x)
{
	if (!isfinite(x))
		return not_computable(CNAP_CALC_OVERFLOW);
	struct cnap_calc_value v = { .computable = true, .value = x };
	return v;
}

struct cnap_calc_value cnap_report_indicator(const struct cnap_series_row *row, enum cnap_indicator ind)
{
	if (!row)
		return not_computable(CNAP_CALC_MISSING_BASE_YEAR);
	switch (ind) {
	case CNAP_IND_CO2:
		return row->has & CNAP_SF_CO2 ? ok_value(row->co2) : not_computable(CNAP_CALC_MISSING_INPUT);
	case CNAP_IND_ENERGY:
		return row->has & CNAP_SF_ENERGY ? ok_value(row->energy) : not_computable(CNAP_CALC_MISSING_INPUT);
	case CNAP_IND_CO2_INTENSITY:
		if ((row->has & (CNAP_SF_CO2 | CNAP_SF_ACTIVITY)) != (CNAP_SF_CO2 | CNAP_SF_ACTIVITY))
			return not_computable(CNAP_CALC_MISSING_INPUT);
		return cnap_calc_intensity(row->co2, row->activity);
	default:
		if ((row->has & (CNAP_SF_ENERGY | CNAP_SF_ACTIVITY)) != (CNAP_SF_ENERGY | CNAP_SF_ACTIVITY))
			return not_computable(CNAP_CALC_MISSING_INPUT);
		return cnap_calc_intensity(row->energy, row->activity);
	}
}

const char *cnap_report_indicator_unit(struct cnap_arena *a, const struct cnap_survey_data *d,
				       enum cnap_indicator ind)
{
	switch (ind) {
	case CNAP_IND_CO2: return "万t-CO2";
	case CNAP_IND_ENERGY: return "万kl";
	case CNAP_IND_CO2_INTENSITY: return cnap_arena_printf(a, "万t-CO2/%s", d->activity_unit ? d->activity_unit : "（生産活動量の単位）");
	default: return cnap_arena_printf(a, "万kl/%s", d->activity_unit ? d->activity_unit : "（生産活動量の単位）");
	}
}

static double bau_of(const struct cnap_series_row *row, enum cnap_indicator ind, bool *ok)
{
	unsigned bit = ind == CNAP_IND_CO2 ? CNAP_SF_BAU_CO2 : CNAP_SF_BAU_ENERGY;
	*ok = row && (row->has & bit);
	return !*ok ? 0 : ind == CNAP_IND_CO2 ? row->bau_co2 : row->bau_energy;
}

struct cnap_calc_value cnap_report_target_path(const struct cnap_survey_data *d, int year)
{
	const struct cnap_target *t = &d->target;
	if (t->kind == CNAP_TARGET_BAU) {
		bool ok;
		double bau = bau_of(cnap_survey_row(d, year), t->indicator, &ok);
		if (!ok)
			return not_computable(CNAP_CALC_MISSING_INPUT);
		return ok_value(bau - t->bau_reduction);
	}
	struct cnap_calc_value base = cnap_report_indicator(cnap_survey_row(d, t->base_year), t->indicator);
	if (!base.computable)
		return base;
	if (year < t->base_year)
		return not_computable(CNAP_CALC_YEAR_BEFORE_BASE);
	if (t->kind == CNAP_TARGET_ANNUAL_RATE)
		return cnap_calc_annual_rate_level(base.value, t->annual_rate_pct / 100.0, t->base_year, year);
	/* A base-year target is drawn as a straight line from the base level to the target level. */
	double target = base.value * (1.0 - t->reduction_pct / 100.0);
	double share = (double)(year - t->base_year) / (double)(t->target_year - t->base_year);
	if (share > 1)
		share = 1;
	return ok_value(base.value + (target - base.value) * share);
}

struct builder {
	struct cnap_arena *a;
	struct cnap_report *r;
	const struct cnap_survey_data *d;
	size_t cap;
	bool oom;
	const char *unit[CNAP_IND_COUNT]; /* formatted once per report */
};

static const char *unit_of(struct builder *b, enum cnap_indicator ind)
{
	if (!b->unit[ind] && !(b->unit[ind] = cnap_report_indicator_unit(b->a, b->d, ind)))
		b->oom = true;
	return b->unit[ind] ? b->unit[ind] : "";
}

/* A key or label that could not be formatted fails the report: an item without it would be wrong, not short. */
__attribute__((format(printf, 2, 3))) static const char *bprintf(struct builder *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = cnap_arena_vprintf(b->a, fmt, ap);
	va_end(ap);
	if (!s)
		b->oom = true;
	return s;
}

static struct cnap_report_item *add(struct builder *b, const char *group, const char *key, const char *label,
				    const char *unit, int decimals, struct cnap_calc_value v, const char *formula)
{
	if (b->oom)
		return NULL;
	if (b->r->n_items == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 32;
		struct cnap_report_item *n = cnap_arena_calloc(b->a, ncap, sizeof(*n));
		if (!n) {
			b->oom = true;
			return NULL;
		}
		if (b->r->n_items)
			memcpy(n, b->r->items, b->r->n_items * sizeof(*n));
		b->r->items = n;
		b->cap = ncap;
	}
	struct cnap_report_item *it = &b->r->items[b->r->n_items++];
	it->group = group;
	it->key = key;
	it->label = label;
	it->unit = unit;
	it->decimals = decimals;
	it->value = v;
	it->formula = formula;
	return it;
}

/* Inputs keep a static name and the year apart, so building a report formats no strings. */
static void input(struct cnap_report_item *it, const char *name, int year, double v)
{
	if (!it || it->n_inputs >= CNAP_REPORT_MAX_INPUTS)
		return;
	it->inputs[it->n_inputs].name = name;
	it->inputs[it->n_inputs].year = year;
	it->inputs[it->n_inputs].value = v;
	it->n_inputs++;
}

static void add_actuals(struct builder *b, const struct cnap_survey_data *d, int year)
{
	const struct cnap_series_row *now = cnap_survey_row(d, year), *prev = cnap_survey_row(d, year - 1);
	const struct cnap_series_row *base = cnap_survey_row(d, d->target.base_year);
	static const struct {
		const char *key, *label, *unit;
		unsigned bit;
		size_t off;
		const char *key_prev, *label_prev, *key_base, *label_base;
	} rows[] = {
		{ "activity", "生産活動量", NULL, CNAP_SF_ACTIVITY, offsetof(struct cnap_series_row, activity),
		  "activity_vs_prev", "生産活動量 前年度比", "activity_vs_base", "生産活動量 基準年度比" },
		{ "energy", "エネルギー消費量", "万kl", CNAP_SF_ENERGY, offsetof(struct cnap_series_row, energy),
		  "energy_vs_prev", "エネルギー消費量 前年度比", "energy_vs_base", "エネルギー消費量 基準年度比" },
		{ "electricity", "電力消費量", "億kWh", CNAP_SF_ELECTRICITY, offsetof(struct cnap_series_row, electricity),
		  "electricity_vs_prev", "電力消費量 前年度比", "electricity_vs_base", "電力消費量 基準年度比" },
		{ "co2", "CO2排出量", "万t-CO2", CNAP_SF_CO2, offsetof(struct cnap_series_row, co2),
		  "co2_vs_prev", "CO2排出量 前年度比", "co2_vs_base", "CO2排出量 基準年度比" },
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(rows); i++) {
		bool has = now && (now->has & rows[i].bit);
		double v = has ? *(const double *)((const char *)now + rows[i].off) : 0;
		const char *unit = rows[i].unit ? rows[i].unit : d->activity_unit;
		struct cnap_report_item *it = add(b, "実績", rows[i].key, rows[i].label, unit, 1,
						  has ? ok_value(v) : not_computable(CNAP_CALC_MISSING_INPUT), "報告値");
		if (!has)
			continue;
		if (prev && (prev->has & rows[i].bit)) {
			double pv = *(const double *)((const char *)prev + rows[i].off);
			it = add(b, "実績", rows[i].key_prev, rows[i].label_prev, "%", 1, cnap_calc_change_pct(v, pv),
				 "(X_t − X_{t−1}) / X_{t−1} × 100");
			input(it, "X", year, v);
			input(it, "X", year - 1, pv);
		}
		if (base && base != now && (base->has & rows[i].bit)) {
			double bv = *(const double *)((const char *)base + rows[i].off);
			it = add(b, "実績", rows[i].key_base, rows[i].label_base, "%", 1, cnap_calc_change_pct(v, bv),
				 "(X_t − X_base) / X_base × 100");
			input(it, "X", year, v);
			input(it, "X", d->target.base_year, bv);
		}
	}
	static const enum cnap_indicator intensities[] = { CNAP_IND_ENERGY_INTENSITY, CNAP_IND_CO2_INTENSITY };
	for (size_t i = 0; i < 2; i++) {
		enum cnap_indicator ind = intensities[i];
		struct cnap_calc_value v = cnap_report_indicator(now, ind);
		bool co2 = ind == CNAP_IND_CO2_INTENSITY;
		struct cnap_report_item *it = add(b, "実績", co2 ? "co2_intensity" : "energy_intensity",
						  cnap_indicator_label_ja(ind), unit_of(b, ind), 6, v, co2 ? "C / P" : "E / P");
		if (now) {
			input(it, co2 ? "C" : "E", year, co2 ? now->co2 : now->energy);
			input(it, "P", year, now->activity);
		}
		struct cnap_calc_value bv = cnap_report_indicator(base, ind);
		if (v.computable && bv.computable) {
			it = add(b, "実績", co2 ? "co2_intensity_index" : "energy_intensity_index",
				 co2 ? "CO2原単位指数（基準年度=1）" : "エネルギー原単位指数（基準年度=1）", "", 3,
				 cnap_calc_index(v.value, bv.value), "X_t / X_base");
			input(it, "X", year, v.value);
			input(it, "X", d->target.base_year, bv.value);
		}
	}
}

/* "① 実績が目標水準を上回る": mark and wording together, static. */
static const char *class_text(enum cnap_calc_class cls)
{
	switch (cls) {
	case CNAP_CALC_CLASS_ACHIEVED: return "① 実績が目標水準を上回る";
	case CNAP_CALC_CLASS_REDUCED: return "② 基準年度比/BAU比で削減しているが目標水準には至っていない";
	case CNAP_CALC_CLASS_INCREASED: return "③ 基準年度比/BAU比で増加";
	default: return "④ データ未集計等";
	}
}

static void add_target(struct builder *b, const struct cnap_survey_data *d, int year)
{
	const struct cnap_target *t = &d->target;
	static const char *const now_labels[CNAP_IND_COUNT] = { "CO2排出量（当年度）", "CO2原単位（当年度）",
								"エネルギー消費量（当年度）", "エネルギー原単位（当年度）" };
	const char *unit = unit_of(b, t->indicator);
	/* intensities are small numbers: keep six decimals; absolute amounts two */
	int dec = t->indicator == CNAP_IND_CO2 || t->indicator == CNAP_IND_ENERGY ? 2 : 6;
	const struct cnap_series_row *now = cnap_survey_row(d, year);
	struct cnap_calc_value x_now = cnap_report_indicator(now, t->indicator);
	struct cnap_calc_value progress, expected = not_computable(CNAP_CALC_MISSING_INPUT), x_target;
	struct cnap_report_item *it;
	const char *pformula;
	if (t->kind == CNAP_TARGET_BAU) {
		bool ok;
		double bau = bau_of(now, t->indicator, &ok);
		progress = ok && x_now.computable ? cnap_calc_progress_bau_reduction(bau, x_now.value, t->bau_reduction)
						  : not_computable(CNAP_CALC_MISSING_INPUT);
		x_target = cnap_report_target_path(d, t->target_year);
		pformula = "(BAU_t − X_t) / R × 100";
		it = add(b, "目標", "target_level", "目標水準（目標年度）", unit, dec, x_target, "BAU_target − R");
		it = add(b, "目標", "indicator_now", now_labels[t->indicator],
			 unit, dec, x_now, "報告値");
		it = add(b, "目標", "progress_rate", "進捗率", "%", 0, progress, pformula);
		input(it, "BAU", year, bau);
		input(it, "X", year, x_now.value);
		input(it, "R（BAU比削減量）", 0, t->bau_reduction);
	} else {
		struct cnap_calc_value x_base = cnap_report_indicator(cnap_survey_row(d, t->base_year), t->indicator);
		x_target = cnap_report_target_path(d, t->target_year);
		it = add(b, "目標", "base_level", "基準年度の水準", unit, dec, x_base, "報告値");
		it = add(b, "目標", "target_level", "目標水準（目標年度）", unit, dec, x_target,
			 t->kind == CNAP_TARGET_ANNUAL_RATE ? "X_base × (1 − r)^(目標年度 − 基準年度)" : "X_base × (1 − R/100)");
		input(it, "X_base", t->base_year, x_base.value);
		input(it, t->kind == CNAP_TARGET_ANNUAL_RATE ? "r（%/年）" : "R（%）", 0,
		      t->kind == CNAP_TARGET_ANNUAL_RATE ? t->annual_rate_pct : t->reduction_pct);
		it = add(b, "目標", "indicator_now", now_labels[t->indicator],
			 unit, dec, x_now, "報告値");
		if (x_base.computable && x_now.computable) {
			it = add(b, "目標", "change_vs_base", "基準年度比", "%", 2,
				 cnap_calc_change_pct(x_now.value, x_base.value), "(X_t − X_base) / X_base × 100");
			input(it, "X_t", year, x_now.value);
			input(it, "X_base", t->base_year, x_base.value);
		}
		pformula = "(X_base − X_t) / (X_base − X_target) × 100";
		if (!x_base.computable)
			progress = x_base;
		else if (!x_now.computable)
			progress = x_now;
		else if (t->kind == CNAP_TARGET_ANNUAL_RATE)
			progress = cnap_calc_progress_annual_rate(x_base.value, t->annual_rate_pct / 100.0, t->base_year,
								  t->target_year, x_now.value);
		else
			progress = cnap_calc_progress(x_base.value, x_target.value, x_now.value);
		it = add(b, "目標", "progress_rate", "進捗率", "%", 0, progress, pformula);
		input(it, "X_base", t->base_year, x_base.value);
		input(it, "X_t", year, x_now.value);
		input(it, "X_target", t->target_year, x_target.value);
		if (x_base.computable && x_now.computable) {
			if (t->has_expected)
				expected = cnap_calc_expected_ratio(x_base.value, t->expected_level, x_now.value);
			else if (t->kind == CNAP_TARGET_ANNUAL_RATE)
				expected = cnap_calc_expected_ratio_annual_rate(x_base.value, t->annual_rate_pct / 100.0,
										t->base_year, year, x_now.value);
		}
		it = add(b, "目標", "expected_ratio", "想定比", "%", 0, expected,
			 "(X_base − X_t) / (X_base − 当年度の想定水準) × 100");
		input(it, "X_base", t->base_year, x_base.value);
		input(it, "X_t", year, x_now.value);
		if (t->has_expected)
			input(it, "想定水準", year, t->expected_level);
	}
	b->r->progress = progress;
	b->r->classification = cnap_calc_classify(progress);
	it = add(b, "目標", "classification", "評価区分", "", 0, progress, "進捗率による区分（①〜④）");
	if (it)
		it->text = class_text(b->r->classification);
}

static struct cnap_decomp_year decomp_year(const struct cnap_series_row *r)
{
	/* 億kWh × kg-CO2/kWh × 10 = 万t-CO2, so the factor per 億kWh is f × 10. */
	struct cnap_decomp_year y = { 0 };
	y.activity = r->activity;
	y.energy = r->energy;
	y.electricity = r->has & CNAP_SF_ELECTRICITY ? r->electricity : 0;
	y.elec_factor = r->has & CNAP_SF_ELEC_FACTOR ? r->elec_factor * 10.0 : 0;
	y.fuel_co2 = r->co2 - y.electricity * y.elec_factor;
	if (y.fuel_co2 < 0)
		y.fuel_co2 = 0;
	return y;
}

static struct cnap_decomp decompose_years(const struct cnap_survey_data *d, int from, int to,
					  enum cnap_decomp_method m)
{
	const struct cnap_series_row *a = cnap_survey_row(d, from), *b = cnap_survey_row(d, to);
	unsigned need = CNAP_SF_ACTIVITY | CNAP_SF_ENERGY | CNAP_SF_CO2;
	if (!a || !b || (a->has & need) != need || (b->has & need) != need) {
		struct cnap_decomp x = { .method = m, .method_name = cnap_calc_decomp_method_name(m),
					 .why = CNAP_CALC_MISSING_BASE_YEAR,
					 .reason = cnap_calc_reason_text(CNAP_CALC_MISSING_BASE_YEAR) };
		return x;
	}
	struct cnap_decomp_year ya = decomp_year(a), yb = decomp_year(b);
	return cnap_calc_decompose(m, &ya, &yb);
}

const char *const cnap_report_decomp_labels[CNAP_REPORT_DECOMP_TERMS] = {
	"生産活動量の変化", "事業者省エネ努力分", "燃料転換の変化", "購入電力の変化", "CO2排出量の変化",
};

const char *const cnap_report_decomp_keys[2][CNAP_REPORT_DECOMP_TERMS] = {
	{ "decomp_base_activity", "decomp_base_intensity", "decomp_base_fuel_mix", "decomp_base_electricity",
	  "decomp_base_total" },
	{ "decomp_prev_activity", "decomp_prev_intensity", "decomp_prev_fuel_mix", "decomp_prev_electricity",
	  "decomp_prev_total" },
};

static void add_decomposition(struct builder *b, const struct cnap_decomp *dc, bool vs_base, int from, int to)
{
	const char *method = cnap_calc_decomp_method_label_ja(dc->method);
	const char *group = bprintf(b, "要因分析（%d→%d年度、%s）", from, to, method);
	const char *const *labels = cnap_report_decomp_labels;
	static const char *const pct_labels[] = { "生産活動量の変化（比較年度比）", "事業者省エネ努力分（比較年度比）",
						  "燃料転換の変化（比較年度比）", "購入電力の変化（比較年度比）",
						  "CO2排出量の変化（比較年度比）" };
	const char *const *keys = cnap_report_decomp_keys[vs_base ? 0 : 1];
	static const char *const pct_keys[2][5] = {
		{ "decomp_base_activity_pct", "decomp_base_intensity_pct", "decomp_base_fuel_mix_pct",
		  "decomp_base_electricity_pct", "decomp_base_total_pct" },
		{ "decomp_prev_activity_pct", "decomp_prev_intensity_pct", "decomp_prev_fuel_mix_pct",
		  "decomp_prev_electricity_pct", "decomp_prev_total_pct" },
	};
	const double vals[] = { dc->activity, dc->intensity, dc->fuel_mix, dc->electricity, dc->total };
	for (size_t i = 0; i < 5; i++) {
		struct cnap_calc_value v = dc->computable ? ok_value(vals[i]) : not_computable(dc->why);
		struct cnap_report_item *it = add(b, group ? group : "要因分析", keys[i], labels[i], "万t-CO2", 2, v,
						  method);
		input(it, "C", from, dc->co2_base);
		input(it, "C", to, dc->co2_now);
		it = add(b, group ? group : "要因分析", pct_keys[vs_base ? 0 : 1][i], pct_labels[i], "%", 1,
			 dc->computable ? cnap_calc_decomp_pct(dc, vals[i]) : not_computable(dc->why), "要因 / C_0 × 100");
		input(it, "C", from, dc->co2_base);
	}
}

static void add_coverage(struct builder *b, const struct cnap_survey_data *d)
{
	for (size_t i = 0; i < d->n_coverage; i++) {
		const struct cnap_coverage_metric *c = &d->coverage[i];
		struct cnap_report_item *it;
		it = add(b, "カバー率", bprintf(b, "coverage_%zu_association", i),
			 bprintf(b, "団体カバー率（%s）", c->metric), "%", 1,
			 c->has_association && c->has_industry ? cnap_calc_association_coverage(c->association, c->industry)
								: not_computable(CNAP_CALC_MISSING_INPUT),
			 "業界団体の規模 / 業界全体の規模 × 100");
		input(it, "業界団体の規模", 0, c->association);
		input(it, "業界全体の規模", 0, c->industry);
		it = add(b, "カバー率", bprintf(b, "coverage_%zu_participation", i),
			 bprintf(b, "計画参加率（%s）", c->metric), "%", 1,
			 c->has_participants && c->has_association ? cnap_calc_participation_rate(c->participants, c->association)
								   : not_computable(CNAP_CALC_MISSING_INPUT),
			 "計画参加規模 / 業界団体の規模 × 100");
		input(it, "計画参加規模", 0, c->participants);
		input(it, "業界団体の規模", 0, c->association);
		it = add(b, "カバー率", bprintf(b, "coverage_%zu_industry", i),
			 bprintf(b, "業界カバー率（%s）", c->metric), "%", 1,
			 c->has_participants && c->has_industry ? cnap_calc_industry_coverage(c->participants, c->industry)
								: not_computable(CNAP_CALC_MISSING_INPUT),
			 "計画参加規模 / 業界全体の規模 × 100");
		input(it, "計画参加規模", 0, c->participants);
		input(it, "業界全体の規模", 0, c->industry);
	}
}

static void add_measures(struct builder *b, const struct cnap_survey_data *d)
{
	for (size_t i = 0; i < d->n_measures; i++) {
		const struct cnap_measure *m = &d->measures[i];
		struct cnap_report_item *it = add(
			b, "対策の費用対効果", bprintf(b, "measure_%zu_cost_per_t", i),
			bprintf(b, "%s（%d年度%s）", m->name, m->year, m->planned ? "・予定" : ""), "円/t-CO2",
			0, m->has_investment && m->has_co2_reduction && m->has_service_life
				   ? cnap_calc_cost_per_tco2(m->investment_million_yen, m->co2_reduction_t, m->service_life_years)
				   : not_computable(CNAP_CALC_MISSING_INPUT),
			"投資額 × 10^6 / (CO2削減量 × 使用期間)");
		input(it, "投資額（百万円）", m->year, m->investment_million_yen);
		input(it, "CO2削減量（t-CO2/年）", m->year, m->co2_reduction_t);
		input(it, "使用期間（年）", 0, m->service_life_years);
	}
}

static void add_office(struct builder *b, const struct cnap_survey_data *d, int year)
{
	for (size_t i = 0; i < d->n_office; i++) {
		const struct cnap_office_row *o = &d->office[i];
		if (o->year != year)
			continue;
		/* 万t / 万m² = t/m²; ×1000 gives kg-CO2/m². 万kl / 万m² = kl/m²; ×1000 gives l/m². */
		struct cnap_calc_value c = o->has_co2 && o->has_size ? cnap_calc_intensity(o->co2_man_t * 1000.0, o->size)
								     : not_computable(CNAP_CALC_MISSING_INPUT);
		struct cnap_calc_value e = o->has_energy && o->has_size
						   ? cnap_calc_intensity(o->energy_man_kl * 1000.0, o->size)
						   : not_computable(CNAP_CALC_MISSING_INPUT);
		struct cnap_report_item *it = add(b, "本社等オフィス", "office_co2_per_m2", "床面積当たりCO2排出量",
						  "kg-CO2/m²", 1, c, "CO2 / 延べ床面積");
		input(it, "CO2（万t-CO2）", year, o->co2_man_t);
		input(it, "延べ床面積（万m²）", year, o->size);
		it = add(b, "本社等オフィス", "office_energy_per_m2", "床面積当たりエネルギー消費量", "l/m²", 1, e,
			 "エネルギー / 延べ床面積");
		input(it, "エネルギー（万kl）", year, o->energy_man_kl);
		input(it, "延べ床面積（万m²）", year, o->size);
	}
}

enum cnap_err cnap_report_build(struct cnap_arena *a, const struct cnap_survey_data *d, int year,
				enum cnap_decomp_method method, struct cnap_report *out)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	out->method = method;
	out->method_name = cnap_calc_decomp_method_name(method);
	struct builder b = { .a = a, .r = out, .d = d };
	add_actuals(&b, d, year);
	add_target(&b, d, year);
	int base = d->target.kind == CNAP_TARGET_BAU ? 2013 : d->target.base_year;
	out->decomp_base_year = base;
	out->decomp_prev_year = year - 1;
	out->decomp_base = decompose_years(d, base, year, method);
	out->decomp_prev = decompose_years(d, year - 1, year, method);
	if (base != year)
		add_decomposition(&b, &out->decomp_base, true, base, year);
	add_decomposition(&b, &out->decomp_prev, false, year - 1, year);
	add_coverage(&b, d);
	add_measures(&b, d);
	add_office(&b, d, year);
	return b.oom ? CNAP_ENOMEM : CNAP_OK;
}

const struct cnap_report_item *cnap_report_find(const struct cnap_report *r, const char *key)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (strcmp(r->items[i].key, key) == 0)
			return &r->items[i];
	return NULL;
}
