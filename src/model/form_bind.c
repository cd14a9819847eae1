#include "base/compat.h"
#include "model/form_bind.h"

#include <string.h>

static const struct cnap_form_choice indicator_choices[] = {
	{ "co2", "CO2排出量" },
	{ "co2_intensity", "CO2原単位" },
	{ "energy", "エネルギー消費量" },
	{ "energy_intensity", "エネルギー原単位" },
};
static const struct cnap_form_choice kind_choices[] = {
	{ "base_year", "基準年度比" },
	{ "bau", "BAU比" },
	{ "annual_rate", "年平均改善率" },
};
static const struct cnap_form_choice factor_choices[] = {
	{ "basic", "基礎排出係数" },
	{ "adjusted", "調整後排出係数" },
	{ "fixed", "固定係数" },
	{ "all_source", "全電源平均係数" },
};
static const struct cnap_form_choice planned_choices[] = {
	{ "false", "実績" },
	{ "true", "予定" },
};

#define SD(m) offsetof(struct cnap_survey_data, m)
#define SR(m) offsetof(struct cnap_series_row, m)
#define CH(c) c, CNAP_ARRAY_LEN(c)
#define SERIES(n, m, bit) { "series." n, BIND_SERIES, NULL, CNAP_FT_NUMBER, ST_DOUBLE, SR(m), -1, bit, NULL, 0 }
#define FIELD(n, t, st, off, has) { n, BIND_FIELD, NULL, t, st, off, has, 0, NULL, 0 }
#define REC(r, n, t, st, type, m, has) { r "." n, BIND_RECORD, r, t, st, offsetof(type, m), has, 0, NULL, 0 }

static const struct form_binding bindings[] = {
	SERIES("activity", activity, CNAP_SF_ACTIVITY),
	SERIES("energy", energy, CNAP_SF_ENERGY),
	SERIES("electricity", electricity, CNAP_SF_ELECTRICITY),
	SERIES("co2", co2, CNAP_SF_CO2),
	SERIES("elec_factor", elec_factor, CNAP_SF_ELEC_FACTOR),
	SERIES("bau_co2", bau_co2, CNAP_SF_BAU_CO2),
	SERIES("bau_energy", bau_energy, CNAP_SF_BAU_ENERGY),
	{ "fuel", BIND_FUEL, NULL, CNAP_FT_NUMBER, ST_DOUBLE, 0, -1, 0, NULL, 0 },
	FIELD("activity.name", CNAP_FT_TEXT, ST_STR, SD(activity_name), -1),
	FIELD("activity.unit", CNAP_FT_TEXT, ST_STR, SD(activity_unit), -1),
	{ "factor.type", BIND_FIELD, NULL, CNAP_FT_CHOICE, ST_ENUM, SD(factor_type), -1, 0, CH(factor_choices) },
	FIELD("factor.note", CNAP_FT_TEXT, ST_STR, SD(factor_note), -1),
	{ "target.indicator", BIND_FIELD, NULL, CNAP_FT_CHOICE, ST_ENUM, SD(target.indicator), -1, 0,
	  CH(indicator_choices) },
	{ "target.kind", BIND_FIELD, NULL, CNAP_FT_CHOICE, ST_ENUM, SD(target.kind), -1, 0, CH(kind_choices) },
	FIELD("target.base_year", CNAP_FT_YEAR, ST_INT, SD(target.base_year), -1),
	FIELD("target.target_year", CNAP_FT_YEAR, ST_INT, SD(target.target_year), -1),
	FIELD("target.reduction_pct", CNAP_FT_NUMBER, ST_DOUBLE, SD(target.reduction_pct), -1),
	FIELD("target.bau_reduction", CNAP_FT_NUMBER, ST_DOUBLE, SD(target.bau_reduction), -1),
	FIELD("target.annual_rate_pct", CNAP_FT_NUMBER, ST_DOUBLE, SD(target.annual_rate_pct), -1),
	FIELD("target.expected_level", CNAP_FT_NUMBER, ST_DOUBLE, SD(target.expected_level),
	      (ptrdiff_t)SD(target.has_expected)),
	FIELD("target.text", CNAP_FT_TEXT, ST_STR, SD(target.text), -1),
	FIELD("logistics.unit", CNAP_FT_TEXT, ST_STR, SD(logistics_unit), -1),
	REC("bat", "name", CNAP_FT_TEXT, ST_STR, struct cnap_bat, name, -1),
	REC("bat", "adoption_pct", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_bat, adoption_pct, (ptrdiff_t)offsetof(struct cnap_bat, has_adoption)),
	REC("bat", "target_2030_pct", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_bat, target_2030_pct,
	    (ptrdiff_t)offsetof(struct cnap_bat, has_target)),
	REC("bat", "issues", CNAP_FT_TEXT, ST_STR, struct cnap_bat, issues, -1),
	REC("measures", "year", CNAP_FT_YEAR, ST_INT, struct cnap_measure, year, -1),
	REC("measures", "name", CNAP_FT_TEXT, ST_STR, struct cnap_measure, name, -1),
	REC("measures", "investment_million_yen", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_measure, investment_million_yen, (ptrdiff_t)offsetof(struct cnap_measure, has_investment)),
	REC("measures", "energy_saving_kl", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_measure, energy_saving_kl, (ptrdiff_t)offsetof(struct cnap_measure, has_energy_saving)),
	REC("measures", "co2_reduction_t", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_measure, co2_reduction_t, (ptrdiff_t)offsetof(struct cnap_measure, has_co2_reduction)),
	REC("measures", "service_life_years", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_measure, service_life_years, (ptrdiff_t)offsetof(struct cnap_measure, has_service_life)),
	{ "measures.planned", BIND_RECORD, "measures", CNAP_FT_BOOL, ST_BOOL, offsetof(struct cnap_measure, planned), -1,
	  0, CH(planned_choices) },
	REC("credits", "year", CNAP_FT_YEAR, ST_INT, struct cnap_credit, year, -1),
	REC("credits", "type", CNAP_FT_TEXT, ST_STR, struct cnap_credit, type, -1),
	REC("credits", "project", CNAP_FT_TEXT, ST_STR, struct cnap_credit, project, -1),
	REC("credits", "volume_t", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_credit, volume_t, (ptrdiff_t)offsetof(struct cnap_credit, has_volume)),
	REC("certificates", "year", CNAP_FT_YEAR, ST_INT, struct cnap_certificate, year, -1),
	REC("certificates", "kwh", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_certificate, kwh, (ptrdiff_t)offsetof(struct cnap_certificate, has_kwh)),
	REC("certificates", "co2_t", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_certificate, co2_t, (ptrdiff_t)offsetof(struct cnap_certificate, has_co2)),
	REC("coverage", "metric", CNAP_FT_TEXT, ST_STR, struct cnap_coverage_metric, metric, -1),
	REC("coverage", "unit", CNAP_FT_TEXT, ST_STR, struct cnap_coverage_metric, unit, -1),
	REC("coverage", "industry", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_coverage_metric, industry, (ptrdiff_t)offsetof(struct cnap_coverage_metric, has_industry)),
	REC("coverage", "association", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_coverage_metric, association, (ptrdiff_t)offsetof(struct cnap_coverage_metric, has_association)),
	REC("coverage", "participants", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_coverage_metric, participants, (ptrdiff_t)offsetof(struct cnap_coverage_metric, has_participants)),
	REC("coverage", "source", CNAP_FT_TEXT, ST_STR, struct cnap_coverage_metric, source, -1),
	REC("office", "year", CNAP_FT_YEAR, ST_INT, struct cnap_office_row, year, -1),
	REC("office", "size", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_office_row, size, (ptrdiff_t)offsetof(struct cnap_office_row, has_size)),
	REC("office", "co2_man_t", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_office_row, co2_man_t, (ptrdiff_t)offsetof(struct cnap_office_row, has_co2)),
	REC("office", "energy_man_kl", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_office_row, energy_man_kl, (ptrdiff_t)offsetof(struct cnap_office_row, has_energy)),
	REC("logistics", "year", CNAP_FT_YEAR, ST_INT, struct cnap_office_row, year, -1),
	REC("logistics", "size", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_office_row, size, (ptrdiff_t)offsetof(struct cnap_office_row, has_size)),
	REC("logistics", "co2_man_t", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_office_row, co2_man_t, (ptrdiff_t)offsetof(struct cnap_office_row, has_co2)),
	REC("logistics", "energy_man_kl", CNAP_FT_NUMBER, ST_DOUBLE, struct cnap_office_row, energy_man_kl, (ptrdiff_t)offsetof(struct cnap_office_row, has_energy)),
};

#define RECS(n, arr, cnt, type) { n, SD(arr), SD(cnt), sizeof(type) }
static const struct form_records record_tables[] = {
	RECS("bat", bat, n_bat, struct cnap_bat),
	RECS("measures", measures, n_measures, struct cnap_measure),
	RECS("credits", credits, n_credits, struct cnap_credit),
	RECS("certificates", certificates, n_certificates, struct cnap_certificate),
	RECS("coverage", coverage, n_coverage, struct cnap_coverage_metric),
	RECS("office", office, n_office, struct cnap_office_row),
	RECS("logistics", logistics, n_logistics, struct cnap_office_row),
};

const struct form_binding *form_binding_find(const char *name, int *id)
{
	for (size_t i = 0; i < CNAP_ARRAY_LEN(bindings); i++)
		if (strcmp(bindings[i].name, name) == 0) {
			*id = (int)i;
			return &bindings[i];
		}
	return NULL;
}

const struct form_binding *form_binding_at(int id)
{
	return id >= 0 && (size_t)id < CNAP_ARRAY_LEN(bindings) ? &bindings[id] : NULL;
}

const struct form_records *form_records_find(const char *name, int *id)
{
	for (size_t i = 0; i < CNAP_ARRAY_LEN(record_tables); i++)
		if (strcmp(record_tables[i].name, name) == 0) {
			*id = (int)i;
			return &record_tables[i];
		}
	return NULL;
}

const struct form_records *form_records_at(int id)
{
	return id >= 0 && (size_t)id < CNAP_ARRAY_LEN(record_tables) ? &record_tables[id] : NULL;
}
