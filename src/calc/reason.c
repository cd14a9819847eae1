#include "base/compat.h"
#include "calc/calc.h"

static const char *const reason_en[CNAP_CALC_REASON_COUNT] = {
	[CNAP_CALC_OK] = "ok",
	[CNAP_CALC_NOT_FINITE] = "an input is NaN or infinite",
	[CNAP_CALC_NEGATIVE] = "an input that cannot be negative is negative",
	[CNAP_CALC_ZERO_DENOMINATOR] = "the denominator is zero",
	[CNAP_CALC_ZERO_BASE] = "the base-year value is zero",
	[CNAP_CALC_TARGET_NOT_MOVING] =
		"the target level equals the base level, so the target does not move the indicator",
	[CNAP_CALC_MISSING_BASE_YEAR] = "the base year is missing",
	[CNAP_CALC_YEAR_BEFORE_BASE] = "the year is before the base year",
	[CNAP_CALC_BAD_RATE] = "the annual rate must be above -100% and below 100%",
	[CNAP_CALC_NO_FACTOR] = "no coefficient for this fuel (or the row lacks the factor)",
	[CNAP_CALC_OVERFLOW] = "the result is too large to represent",
	[CNAP_CALC_LMDI_ZERO] =
		"energy without activity or CO2 without energy: LMDI cannot split it; use the sequential method",
	[CNAP_CALC_BAD_METHOD] = "unknown decomposition method",
	[CNAP_CALC_MISSING_INPUT] = "a value the formula needs was not entered",
};

static const char *const reason_ja[CNAP_CALC_REASON_COUNT] = {
	[CNAP_CALC_OK] = "算定可",
	[CNAP_CALC_NOT_FINITE] = "入力値が数値ではありません",
	[CNAP_CALC_NEGATIVE] = "負の値は使えません",
	[CNAP_CALC_ZERO_DENOMINATOR] = "分母がゼロです",
	[CNAP_CALC_ZERO_BASE] = "基準年度の値がゼロです",
	[CNAP_CALC_TARGET_NOT_MOVING] = "目標水準が基準年度の水準と同じです",
	[CNAP_CALC_MISSING_BASE_YEAR] = "基準年度が未設定です",
	[CNAP_CALC_YEAR_BEFORE_BASE] = "基準年度より前の年度です",
	[CNAP_CALC_BAD_RATE] = "年率が範囲外です",
	[CNAP_CALC_NO_FACTOR] = "係数がありません",
	[CNAP_CALC_OVERFLOW] = "計算結果が大きすぎます",
	[CNAP_CALC_LMDI_ZERO] = "ゼロ値のためLMDI法で分解できません",
	[CNAP_CALC_BAD_METHOD] = "分解方法が不明です",
	[CNAP_CALC_MISSING_INPUT] = "計算に必要な値が入力されていません",
};

const char *cnap_calc_reason_text(enum cnap_calc_reason r)
{
	if ((unsigned)r >= CNAP_CALC_REASON_COUNT)
		return "unknown reason";
	return reason_en[r];
}

const char *cnap_calc_reason_label_ja(enum cnap_calc_reason r)
{
	if ((unsigned)r >= CNAP_CALC_REASON_COUNT)
		return "不明な理由";
	return reason_ja[r];
}
