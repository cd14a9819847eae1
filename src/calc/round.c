/* The calculation engine's names for base/jpfmt.h's 四捨五入 and ▲ formatting. */
#include "base/compat.h"
#include "base/jpfmt.h"
#include "calc/round.h"

#include <math.h>

enum cnap_err cnap_calc_round_str(double x, int decimals, char *out, size_t outsz)
{
	return cnap_jp_round_str(x, decimals, out, outsz);
}

enum cnap_err cnap_calc_round(double x, int decimals, double *out)
{
	return cnap_jp_round(x, decimals, out);
}

enum cnap_err cnap_calc_format(double x, int decimals, unsigned flags,
			       char *out, size_t outsz)
{
	return cnap_jp_format_number(x, decimals, flags, out, outsz);
}

enum cnap_err cnap_calc_format_value(struct cnap_calc_value v, int decimals, unsigned flags,
				     char *out, size_t outsz)
{
	return cnap_calc_format(v.computable ? v.value : NAN, decimals, flags, out, outsz);
}
