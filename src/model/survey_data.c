#include "base/compat.h"
#include "model/survey_data.h"

#include <math.h>
#include <string.h>

static const char *const indicator_names[CNAP_IND_COUNT] = { "co2", "co2_intensity", "energy", "energy_intensity" };
static const char *const indicator_labels[CNAP_IND_COUNT] = { "CO2排出量", "CO2原単位", "エネルギー消費量",
							      "エネルギー原単位" };
static const char *const kind_names[CNAP_TARGET_KIND_COUNT] = { "base_year", "bau", "annual_rate" };
static const char *const kind_labels[CNAP_TARGET_KIND_COUNT] = { "基準年度比", "BAU比", "年平均改善率" };
static const char *const factor_names[CNAP_FACTOR_TYPE_COUNT] = { "basic", "adjusted", "fixed", "all_source" };
static const char *const factor_labels[CNAP_FACTOR_TYPE_COUNT] = { "基礎排出係数", "調整後排出係数", "固定係数",
								   "全電源平均係数" };

static bool parse_in(const char *s, const char *const *names, int n, int *out)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return true;
		}
	return false;
}

#define NAME_FN(fn, type, names, count)                                   \
	const char *fn(type v) { return (unsigned)v < (count) ? names[v] : "?"; }

NAME_FN(cnap_indicator_name, enum cnap_indicator, indicator_names, CNAP_IND_COUNT)
NAME_FN(cnap_indicator_label_ja, enum cnap_indicator, indicator_labels, CNAP_IND_COUNT)
NAME_FN(cnap_target_kind_name, enum cnap_target_kind, kind_names, CNAP_TARGET_KIND_COUNT)
NAME_FN(cnap_target_kind_label_ja, enum cnap_target_kind, kind_labels, CNAP_TARGET_KIND_COUNT)
NAME_FN(cnap_factor_type_name, enum cnap_factor_type, factor_names, CNAP_FACTOR_TYPE_COUNT)
NAME_FN(cnap_factor_type_label_ja, enum cnap_factor_type, factor_labels, CNAP_FACTOR_TYPE_COUNT)

bool cnap_indicator_parse(const char *s, enum cnap_indicator *out)
{
	int v;
	if (!parse_in(s, indicator_names, CNAP_IND_COUNT, &v))
		return false;
	*out = (enum cnap_indicator)v;
	return true;
}

bool cnap_target_kind_parse(const char *s, enum cnap_target_kind *out)
{
	int v;
	if (!parse_in(s, kind_names, CNAP_TARGET_KIND_COUNT, &v))
		return false;
	*out = (enum cnap_target_kind)v;
	return true;
}

bool cnap_factor_type_parse(const char *s, enum cnap_factor_type *out)
{
	int v;
	if (!parse_in(s, factor_names, CNAP_FACTOR_TYPE_COUNT, &v))
		return false;
	*out = (enum cnap_factor_type)v;
	return true;
}

const struct cnap_series_row *cnap_survey_row_kind(const struct cnap_survey_data *d, int year, bool forecast)
{
	/* Validated series ascend by (year, actual before forecast); fall back to a scan for unvalidated ones. */
	size_t lo = 0, hi = d->n_series;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cnap_series_row *m = &d->series[mid];
		if (m->year < year || (m->year == year && m->forecast < forecast))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->n_series && d->series[lo].year == year && d->series[lo].forecast == forecast)
		return &d->series[lo];
	for (size_t i = 0; i < d->n_series; i++)
		if (d->series[i].year == year && d->series[i].forecast == forecast)
			return &d->series[i];
	return NULL;
}

const struct cnap_series_row *cnap_survey_row(const struct cnap_survey_data *d, int year)
{
	const struct cnap_series_row *r = cnap_survey_row_kind(d, year, false);
	return r ? r : cnap_survey_row_kind(d, year, true);
}

const struct cnap_fuel_use *cnap_survey_fuel(const struct cnap_survey_data *d, int year, bool forecast,
					     const char *fuel)
{
	for (size_t i = 0; i < d->n_fuels; i++) {
		const struct cnap_fuel_use *u = &d->fuels[i];
		if (u->year == year && u->forecast == forecast && strcmp(u->fuel, fuel) == 0)
			return u;
	}
	return NULL;
}

static bool bad_number(double v)
{
	return !isfinite(v) || v < 0;
}

/* The series fields an indicator is computed from. */
static unsigned needed_fields(enum cnap_indicator ind)
{
	switch (ind) {
	case CNAP_IND_CO2: return CNAP_SF_CO2;
	case CNAP_IND_CO2_INTENSITY: return CNAP_SF_CO2 | CNAP_SF_ACTIVITY;
	case CNAP_IND_ENERGY: return CNAP_SF_ENERGY;
	default: return CNAP_SF_ENERGY | CNAP_SF_ACTIVITY;
	}
}

static enum cnap_err validate_series(const struct cnap_survey_data *d, const char *path, struct cnap_error *err)
{
	char p[256];
	for (size_t i = 0; i < d->n_series; i++) {
		const struct cnap_series_row *r = &d->series[i];
		snprintf(p, sizeof(p), "%s.series[%zu].year", path, i);
		if (r->year < 1990 || r->year > 2100)
			return cnap_fail(err, CNAP_EINVAL, p, "年度は1990〜2100で入力してください（%d）", r->year);
		const struct cnap_series_row *prev = i ? &d->series[i - 1] : NULL;
		if (prev && (r->year < prev->year || (r->year == prev->year && r->forecast <= prev->forecast)))
			return cnap_fail(err, CNAP_EINVAL, p,
					 "年度は昇順に、同じ年度の実績と見通しは一つずつにしてください（%d年度が%d年度の後）",
					 r->year, prev->year);
		const double vals[] = { r->activity, r->energy, r->electricity, r->co2, r->elec_factor, r->bau_co2,
					r->bau_energy };
		static const char *const names[] = { "activity", "energy", "electricity", "co2", "elec_factor",
						     "bau_co2", "bau_energy" };
		for (size_t k = 0; k < CNAP_ARRAY_LEN(vals); k++) {
			if ((r->has & (1u << k)) && bad_number(vals[k])) {
				snprintf(p, sizeof(p), "%s.series[%zu].%s", path, i, names[k]);
				return cnap_fail(err, CNAP_EINVAL, p, "0以上の数値を入力してください");
			}
		}
		/* Electricity CO2 (億kWh × kg/kWh × 10 = 万t) cannot exceed the total. */
		if ((r->has & CNAP_SF_CO2) && (r->has & CNAP_SF_ELECTRICITY) && (r->has & CNAP_SF_ELEC_FACTOR) &&
		    r->electricity * r->elec_factor * 10.0 > r->co2 * (1 + 1e-9)) {
			snprintf(p, sizeof(p), "%s.series[%zu].co2", path, i);
			return cnap_fail(err, CNAP_EINVAL, p,
					 "CO2排出量 %.4g 万t-CO2 が購入電力だけのCO2（%.4g 万t-CO2）より小さくなっています", r->co2,
					 r->electricity * r->elec_factor * 10.0);
		}
	}
	return CNAP_OK;
}

static enum cnap_err validate_target(const struct cnap_survey_data *d, const char *path, struct cnap_error *err)
{
	const struct cnap_target *t = &d->target;
	char p[256];
	snprintf(p, sizeof(p), "%s.target", path);
	if (!t->target_year && !t->base_year && !t->text)
		return CNAP_OK; /* not entered yet */
	if ((unsigned)t->indicator >= CNAP_IND_COUNT || (unsigned)t->kind >= CNAP_TARGET_KIND_COUNT)
		return cnap_fail(err, CNAP_EINVAL, p, "目標指標または目標の種類が不明です");
	if (t->target_year < 2000 || t->target_year > 2100)
		return cnap_fail(err, CNAP_EINVAL, p, "目標年度は2000〜2100で入力してください（%d）", t->target_year);
	if (t->kind == CNAP_TARGET_BAU) {
		if (t->indicator != CNAP_IND_CO2 && t->indicator != CNAP_IND_ENERGY)
			return cnap_fail(err, CNAP_EINVAL, p, "BAU比の目標はCO2排出量かエネルギー消費量に設定します（原単位には設定できません）");
		if (!(t->bau_reduction > 0) || !isfinite(t->bau_reduction))
			return cnap_fail(err, CNAP_EINVAL, p, "BAU比の削減量は0より大きい数値を入力してください");
		return CNAP_OK;
	}
	if (t->base_year < 1990 || t->base_year >= t->target_year)
		return cnap_fail(err, CNAP_EINVAL, p, "基準年度は1990年度以降、目標年度より前にしてください（%d）", t->base_year);
	/* ▲R% is carried as a positive R (docs/json-format.md): the JSON reader takes no negative numbers */
	if (t->kind == CNAP_TARGET_BASE_YEAR && (!isfinite(t->reduction_pct) || t->reduction_pct <= 0 ||
						  t->reduction_pct >= 100))
		return cnap_fail(err, CNAP_EINVAL, p,
				 "基準年度比の削減率は0より大きく100より小さい数値で入力してください（▲は付けません）");
	if (t->kind == CNAP_TARGET_ANNUAL_RATE &&
	    (!isfinite(t->annual_rate_pct) || t->annual_rate_pct <= 0 || t->annual_rate_pct >= 100))
		return cnap_fail(err, CNAP_EINVAL, p,
				 "年平均改善率は0より大きく100より小さい数値で入力してください（▲は付けません）");
	const struct cnap_series_row *base = cnap_survey_row(d, t->base_year);
	unsigned need = needed_fields(t->indicator);
	if (d->n_series && (!base || (base->has & need) != need))
		return cnap_fail(err, CNAP_EINVAL, p, "基準年度（%d年度）の実績に%sの計算に必要な値がありません",
				 t->base_year, cnap_indicator_label_ja(t->indicator));
	return CNAP_OK;
}

enum cnap_err cnap_survey_data_validate(const struct cnap_survey_data *d, const char *path, struct cnap_error *err)
{
	enum cnap_err rc;
	if ((rc = validate_series(d, path, err)) || (rc = validate_target(d, path, err)))
		return rc;
	char p[256];
	for (size_t i = 0; i < d->n_measures; i++) {
		const struct cnap_measure *m = &d->measures[i];
		if (bad_number(m->investment_million_yen) || bad_number(m->energy_saving_kl) ||
		    bad_number(m->co2_reduction_t) || bad_number(m->service_life_years)) {
			snprintf(p, sizeof(p), "%s.measures[%zu]", path, i);
			return cnap_fail(err, CNAP_EINVAL, p, "金額・削減量・使用期間は0以上の数値を入力してください");
		}
	}
	for (size_t i = 0; i < d->n_coverage; i++) {
		const struct cnap_coverage_metric *c = &d->coverage[i];
		if (bad_number(c->industry) || bad_number(c->association) || bad_number(c->participants)) {
			snprintf(p, sizeof(p), "%s.coverage[%zu]", path, i);
			return cnap_fail(err, CNAP_EINVAL, p, "規模は0以上の数値を入力してください");
		}
	}
	for (size_t i = 0; i < d->n_fuels; i++) {
		const struct cnap_fuel_use *u = &d->fuels[i], *prev = i ? &d->fuels[i - 1] : NULL;
		snprintf(p, sizeof(p), "%s.fuels[%zu]", path, i);
		if (u->year < 1990 || u->year > 2100)
			return cnap_fail(err, CNAP_EINVAL, p, "年度は1990〜2100で入力してください（%d）", u->year);
		if (bad_number(u->quantity))
			return cnap_fail(err, CNAP_EINVAL, p, "燃料の使用量は0以上の数値を入力してください");
		if (prev && (u->year < prev->year || (u->year == prev->year && u->forecast < prev->forecast) ||
			     (u->year == prev->year && u->forecast == prev->forecast && strcmp(u->fuel, prev->fuel) <= 0)))
			return cnap_fail(err, CNAP_EINVAL, p, "燃料の行は年度・燃料ごとに一つずつ、昇順にしてください（%d年度 %s）",
					 u->year, u->fuel);
	}
	return CNAP_OK;
}
