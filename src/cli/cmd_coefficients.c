/* cnap coefficients list: the coefficient master with sources. */
#include "base/compat.h"
#include "base/embedded.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/coef_json.h"

#include <string.h>

extern const struct cnap_embedded cnap_sample_data[];

int cmd_coefficients_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--file", true, "a coefficient master FILE to check and list (default: the built-in one)" },
		{ "--json", false, "print JSON" },
	};
	struct cli_args args;
	if (!cli_parse(argc, argv, "coefficients list", spec, CNAP_ARRAY_LEN(spec), &args))
		return EXIT_USAGE;
	if (args.help) {
		cli_usage(stdout, "coefficients list", "[--file FILE] [--json]", spec, CNAP_ARRAY_LEN(spec));
		return EXIT_OK;
	}
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_error err = { 0 };
	const char *text = NULL;
	size_t len = 0;
	enum cnap_err rc = CNAP_OK;
	const char *file = cli_str(&args, "--file");
	if (file) {
		char *data;
		rc = cli_read_file(file, (size_t)16 << 20, &a, &data, &len, &err);
		text = data;
	} else {
		for (size_t i = 0; cnap_sample_data[i].name; i++)
			if (strcmp(cnap_sample_data[i].name, "coefficients.json") == 0) {
				text = (const char *)cnap_sample_data[i].data;
				len = cnap_sample_data[i].len;
			}
		if (!text)
			CNAP_BUG("coefficient master not embedded");
	}
	struct cnap_coef_master m;
	if (!rc)
		rc = cnap_coef_json_parse(text, len, &a, &m, &err);
	if (rc) {
		int code = cli_error("coefficients list", &err);
		cnap_arena_release(&a);
		return code;
	}
	if (cli_flag(&args, "--json")) {
		json_t *fuels = json_array(), *elec = json_array();
		for (size_t i = 0; i < m.fuels.n_rows; i++) {
			const struct cnap_fuel_coef *f = &m.fuels.rows[i];
			json_t *o = json_pack("{s:s, s:s, s:s, s:f, s:i, s:s}", "code", f->fuel_code, "name", f->name_ja,
					      "unit", f->unit, "heat_gj_per_unit", f->heat_gj_per_unit, "edition",
					      f->edition_year, "source", f->source);
			if (f->carbon_tc_per_gj > 0)
				json_object_set_new(o, "carbon_tc_per_gj", json_real(f->carbon_tc_per_gj));
			json_array_append_new(fuels, o);
		}
		for (size_t i = 0; i < m.n_electricity; i++) {
			const struct cnap_elec_factor *e = &m.electricity[i];
			json_array_append_new(elec, json_pack("{s:i, s:s, s:f, s:s?, s:s, s:b}", "year", e->year, "type",
							      cnap_factor_type_name(e->type), "kg_co2_per_kwh",
							      e->kg_co2_per_kwh, "label", e->label, "source", e->source,
							      "illustrative", e->illustrative));
		}
		cli_print_json(json_pack("{s:s, s:s, s:f, s:o, s:o}", "name", m.name, "version", m.version,
					 "crude_oil_kl_per_gj", m.crude_oil_kl_per_gj, "fuels", fuels, "electricity", elec));
	} else {
		printf("%s（版 %s）  原油換算 %.4f kl/GJ\n\n燃料\n", m.name, m.version, m.crude_oil_kl_per_gj);
		for (size_t i = 0; i < m.fuels.n_rows; i++) {
			const struct cnap_fuel_coef *f = &m.fuels.rows[i];
			printf("  ");
			cli_print_padded(f->name_ja, 30);
			printf("%8.1f GJ/%-5s", f->heat_gj_per_unit, f->unit);
			if (f->carbon_tc_per_gj > 0)
				printf(" %.4f t-C/GJ", f->carbon_tc_per_gj);
			else
				printf("               ");
			printf("  %d年版  %s\n", f->edition_year, f->source);
		}
		printf("\n購入電力の排出係数\n");
		for (size_t i = 0; i < m.n_electricity; i++) {
			const struct cnap_elec_factor *e = &m.electricity[i];
			printf("  %d年度  %-16s %.3f kg-CO2/kWh  %s%s  %s\n", e->year, cnap_factor_type_label_ja(e->type),
			       e->kg_co2_per_kwh, e->label ? e->label : "", e->illustrative ? "（例示）" : "", e->source);
		}
	}
	cnap_arena_release(&a);
	return EXIT_OK;
}
