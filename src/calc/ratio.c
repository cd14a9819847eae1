/* Coverage rates, cost per t-CO2, intensities and indices: guarded divisions. */
#include "base/compat.h"
#include "calc/calc_int.h"

static struct cnap_calc_value share_pct(double part, double whole)
{
	if (!CALC_FINITE(part, whole))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (part < 0.0 || whole < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	return calc_pct(part, whole, CNAP_CALC_ZERO_DENOMINATOR);
}

struct cnap_calc_value cnap_calc_association_coverage(double association_size,
						      double industry_size)
{
	return share_pct(association_size, industry_size);
}

struct cnap_calc_value cnap_calc_participation_rate(double participant_size,
						    double association_size)
{
	return share_pct(participant_size, association_size);
}

struct cnap_calc_value cnap_calc_industry_coverage(double participant_size,
						   double industry_size)
{
	return share_pct(participant_size, industry_size);
}

struct cnap_calc_value cnap_calc_cost_per_tco2(double investment_million_yen,
					       double reduction_t_per_year,
					       double service_life_years)
{
	if (!CALC_FINITE(investment_million_yen, reduction_t_per_year, service_life_years))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (investment_million_yen < 0.0 || reduction_t_per_year < 0.0 ||
	    service_life_years < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	double tonnes = reduction_t_per_year * service_life_years;
	if (tonnes == 0.0)
		return calc_fail(CNAP_CALC_ZERO_DENOMINATOR);
	return calc_ok(investment_million_yen * 1e6 / tonnes);
}

struct cnap_calc_value cnap_calc_intensity(double amount, double activity)
{
	if (!CALC_FINITE(amount, activity))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (amount < 0.0 || activity < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	if (activity == 0.0)
		return calc_fail(CNAP_CALC_ZERO_DENOMINATOR);
	return calc_ok(amount / activity);
}

struct cnap_calc_value cnap_calc_index(double x_now, double x_base)
{
	if (!CALC_FINITE(x_now, x_base))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (x_base < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	if (x_base == 0.0)
		return calc_fail(CNAP_CALC_ZERO_BASE);
	return calc_ok(x_now / x_base);
}

struct cnap_calc_value cnap_calc_change_pct(double x_now, double x_base)
{
	if (!CALC_FINITE(x_now, x_base))
		return calc_fail(CNAP_CALC_NOT_FINITE);
	if (x_base < 0.0)
		return calc_fail(CNAP_CALC_NEGATIVE);
	if (x_base == 0.0)
		return calc_fail(CNAP_CALC_ZERO_BASE);
	return calc_ok((x_now - x_base) / x_base * 100.0);
}
