/* cnap publish qa-list, cnap audit list */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/survey_load.h"
#include "publish/chart.h"
#include "publish/qa_pdf.h"
#include "publish/qa_xlsx.h"
#include "publish/summary.h"
#include "publish/qa_doc.h"
#include "publish/qa_render.h"

#include <string.h>

/* Gather one association's outline and questions for the document. */
static enum cnap_err load_assoc_input(struct cli_ctx *c, int year, const char *wg, const char *assoc,
				      struct cnap_qa_input_assoc *in, struct cnap_error *err)
{
	struct cnap_association *as = cnap_arena_calloc(&c->arena, 1, sizeof(*as));
	struct cnap_template *t = cnap_arena_calloc(&c->arena, 1, sizeof(*t));
	struct cnap_participation p;
	struct cnap_question *qs;
	size_t nq;
	enum cnap_err rc;
	if (!as || !t)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	struct cnap_question_filter f = { .year = year, .wg_code = wg, .association_code = assoc, .status = -1 };
	if ((rc = cnap_store_association_get(c->store, assoc, &c->arena, as, err)) ||
	    (rc = cnap_store_participation_get(c->store, year, wg, assoc, &c->arena, &p, err)) ||
	    (rc = cnap_store_template_get(c->store, year, p.template_code, &c->arena, t, err)) ||
	    (rc = cnap_store_question_list(c->store, &f, &c->arena, &qs, &nq, err)))
		return rc;
	in->association = as;
	in->outline = t;
	in->questions = qs;
	in->n_questions = nq;
	return CNAP_OK;
}

enum qa_format { QA_HTML, QA_CSV, QA_JSON, QA_PDF, QA_XLSX, QA_UNKNOWN };

static enum qa_format qa_format_parse(const char *s)
{
	static const char *const names[] = { "html", "csv", "json", "pdf", "xlsx" };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum qa_format)i;
	return QA_UNKNOWN;
}

/* date pins the PDF/xlsx metadata; the text formats carry none. */
static enum cnap_err render_qa(enum qa_format f, const struct cnap_qa_doc *doc, const char *date, struct cnap_buf *out,
			       struct cnap_error *err)
{
	switch (f) {
	case QA_HTML: return cnap_qa_render_html(doc, out, err);
	case QA_CSV: return cnap_qa_render_csv(doc, out, err);
	case QA_JSON: return cnap_qa_render_json(doc, out, err);
	case QA_PDF: return cnap_qa_pdf_write(doc, date, out, err);
	default: return cnap_qa_render_xlsx(doc, date, out, err);
	}
}

int cmd_publish_qa_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--association", true, "only this association (default: the whole WG bundle)" },
		{ "--format", true, "html | csv | json | pdf | xlsx" },
		{ "--output", true, "FILE to write (- for stdout)" },
		{ "--date", true, "date in PDF/xlsx metadata, YYYY-MM-DD (default: the last change of the data)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish qa-list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE [--association CODE] --format html|csv|json|pdf|xlsx --output FILE\n"
		       "       [--date YYYY-MM-DD]", 0,
		       &code))
		return code;
	const char *wg, *format, *output, *assoc = cli_str(&c.args, "--association");
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--format", &format) ||
	    !cli_need(&c, "--output", &output)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	enum qa_format f = qa_format_parse(format);
	if (f == QA_UNKNOWN) {
		fprintf(stderr, "cnap %s: --format must be html, csv, json, pdf or xlsx (got '%s')\n", c.command, format);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	const char *date = cli_str(&c.args, "--date");
	if (date && cnap_check_date(date, "--date", &err)) {
		code = cli_error(c.command, &err);
		cli_end(&c);
		return code;
	}
	/* Same data, same bytes: the PDF's date is the data's last change unless given. */
	const char *pinned = NULL;
	enum cnap_err rc = date ? CNAP_OK : cnap_store_last_change(c.store, &c.arena, &pinned, &err);
	if (!rc && date && !(pinned = cnap_arena_printf(&c.arena, "%sT00:00:00", date)))
		rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
	struct cnap_wg w;
	struct cnap_association *members = NULL;
	size_t n = 0;
	if (!rc)
		rc = cnap_store_wg_get(c.store, year, wg, &c.arena, &w, &err);
	if (!rc && !assoc)
		rc = cnap_store_association_list(c.store, year, wg, &c.arena, &members, &n, &err);
	struct cnap_qa_input_assoc *inputs = rc ? NULL : cnap_arena_calloc(&c.arena, n + 1, sizeof(*inputs));
	if (!rc && !inputs)
		rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
	if (!rc && assoc)
		rc = load_assoc_input(&c, year, wg, assoc, &inputs[0], &err), n = 1;
	for (size_t i = 0; !rc && !assoc && i < n; i++)
		rc = load_assoc_input(&c, year, wg, members[i].code, &inputs[i], &err);
	struct cnap_qa_doc doc;
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	if (!rc)
		rc = cnap_qa_doc_build(&c.arena, year, &w, inputs, n, &doc, &err);
	if (!rc)
		rc = render_qa(f, &doc, pinned, &out, &err);
	if (!rc)
		rc = cli_write_file(output, out.data, out.len, &err);
	if (rc) {
		code = cli_error(c.command, &err);
	} else {
		size_t questions = 0;
		for (size_t i = 0; i < doc.n_sections; i++)
			questions += doc.sections[i].n_questions;
		if (strcmp(output, "-") != 0)
			printf("wrote %s: %s, %zu association%s, %zu questions\n", output, w.name, doc.n_sections,
			       doc.n_sections == 1 ? "" : "s", questions);
		code = EXIT_OK;
	}
	cnap_buf_release(&out);
	cli_end(&c);
	return code;
}

int cmd_audit_list(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--entity", true, "only this kind of record (question, user, cycle, ...)" },
		{ "--id", true, "only this record id" },
		{ "--json", false, "print JSON, with before/after" },
	};
	struct cli_ctx c;
	int code;
	if (!cli_begin(&c, "audit list", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH [--entity KIND [--id ID]] [--json]", 0, &code))
		return code;
	long id = 0;
	if (!cli_int(&c.args, "--id", 1, 2147483647L, &id)) {
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_audit_entry *v;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_store_audit_list(c.store, cli_str(&c.args, "--entity"), id, &c.arena, &v, &n, &err);
	if (!rc && cli_flag(&c.args, "--json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)v[i].id, "at", v[i].at,
					      "actor", v[i].actor, "action", v[i].action, "entity", v[i].entity,
					      "entity_id", (json_int_t)v[i].entity_id);
			json_t *b = v[i].before ? json_loads(v[i].before, 0, NULL) : NULL;
			json_t *a = v[i].after ? json_loads(v[i].after, 0, NULL) : NULL;
			json_object_set_new(o, "before", b ? b : json_null());
			json_object_set_new(o, "after", a ? a : json_null());
			json_array_append_new(arr, o);
		}
		cli_print_json(arr);
	} else if (!rc) {
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %s  %-18s %-22s %s %lld\n", (long long)v[i].id, v[i].at, v[i].actor, v[i].action,
			       v[i].entity, (long long)v[i].entity_id);
	}
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}

int cmd_publish_chart(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code (default: the association's WG)" },
		{ "--association", true, "association code" },
		{ "--indicator", true, "co2 | co2_intensity | energy | energy_intensity (default: the target's)" },
		{ "--output", true, "SVG FILE to write (- for stdout)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish chart", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --association CODE [--indicator NAME] --output FILE.svg", 0, &code))
		return code;
	const char *assoc, *output, *ind_name = cli_str(&c.args, "--indicator");
	enum cnap_indicator ind = CNAP_IND_CO2;
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--association", &assoc) || !cli_need(&c, "--output", &output) ||
	    (ind_name && !cnap_indicator_parse(ind_name, &ind))) {
		if (ind_name && year)
			fprintf(stderr, "cnap %s: unknown --indicator '%s'\n", c.command, ind_name);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_survey_data *d;
	int version;
	struct cnap_chart chart;
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	enum cnap_err rc = cli_latest_survey_data(&c, year, cli_str(&c.args, "--wg"), assoc, &d, &version, &err);
	if (!rc && !ind_name)
		ind = d->target.indicator;
	if (!rc)
		rc = cnap_chart_build(&c.arena, d, ind, &chart, &err);
	if (!rc)
		rc = cnap_chart_svg(&chart, 720, 360, &out, &err);
	if (!rc)
		rc = cli_write_file(output, out.data, out.len, &err);
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cnap_buf_release(&out);
	cli_end(&c);
	return code;
}

int cmd_publish_summary(int argc, char **argv)
{
	static const struct cli_opt_spec spec[] = {
		{ "--db", true, "database PATH" },
		{ "--cycle", true, "YEAR" },
		{ "--wg", true, "WG code" },
		{ "--format", true, "pdf" },
		{ "--output", true, "FILE to write (- for stdout)" },
		{ "--date", true, "date printed in PDF metadata, YYYY-MM-DD (default: the last change of the data)" },
	};
	struct cli_ctx c;
	int code, year = 0;
	if (!cli_begin(&c, "publish summary", argc, argv, spec, CNAP_ARRAY_LEN(spec),
		       "--db PATH --cycle YEAR --wg CODE --format pdf --output FILE [--date YYYY-MM-DD]", 0, &code))
		return code;
	const char *wg = NULL, *format = NULL, *output = NULL, *date = cli_str(&c.args, "--date");
	if (!cli_need_year(&c, &year) || !cli_need(&c, "--wg", &wg) || !cli_need(&c, "--format", &format) ||
	    !cli_need(&c, "--output", &output) || strcmp(format, "pdf") != 0) {
		if (format && strcmp(format, "pdf") != 0)
			fprintf(stderr, "cnap %s: --format must be pdf (got '%s')\n", c.command, format);
		cli_end(&c);
		return EXIT_USAGE;
	}
	struct cnap_error err = { 0 };
	struct cnap_cycle cy;
	struct cnap_wg w;
	struct cnap_association *as = NULL;
	size_t n = 0;
	enum cnap_err rc;
	if ((date && (rc = cnap_check_date(date, "--date", &err))) ||
	    (rc = cnap_store_cycle_get(c.store, year, &c.arena, &cy, &err)) ||
	    (rc = cnap_store_wg_get(c.store, year, wg, &c.arena, &w, &err)) ||
	    (rc = cnap_store_association_list(c.store, year, wg, &c.arena, &as, &n, &err)))
		goto out;
	enum cnap_decomp_method method = cnap_calc_decomp_method_from_name(cy.decomposition_method);
	struct cnap_summary s = { .cycle_year = year, .wg_name = w.name,
				  .method_name = cnap_calc_decomp_method_name(method), .n_rows = n };
	s.rows = cnap_arena_calloc(&c.arena, n + 1, sizeof(*s.rows));
	for (size_t i = 0; i < n && s.rows; i++) {
		struct cnap_survey_data *d;
		int version;
		struct cnap_error missing;
		s.rows[i].association_name = as[i].name;
		if (cli_latest_survey_data(&c, year, wg, as[i].code, &d, &version, &missing)) {
			if (missing.code != CNAP_ENOTFOUND) {
				err = missing;
				rc = missing.code;
				goto out;
			}
			continue;
		}
		struct cnap_report *rep = cnap_arena_calloc(&c.arena, 1, sizeof(*rep));
		if (!rep || cnap_report_build(&c.arena, d, cy.actual_fiscal_year, method, rep)) {
			rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
			goto out;
		}
		s.rows[i].data = d;
		s.rows[i].report = rep;
	}
	const char *pinned = NULL;
	rc = date ? CNAP_OK : cnap_store_last_change(c.store, &c.arena, &pinned, &err);
	if (!rc && date && !(pinned = cnap_arena_printf(&c.arena, "%sT00:00:00", date)))
		rc = cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
	struct cnap_buf buf;
	cnap_buf_init(&buf, 0);
	if (!rc)
		rc = cnap_summary_pdf_write(&s, pinned, &buf, &err);
	if (!rc)
		rc = cli_write_file(output, buf.data, buf.len, &err);
	if (!rc && strcmp(output, "-") != 0)
		printf("wrote %s: %s, %zu associations\n", output, cnap_summary_title(&c.arena, &s), n);
	cnap_buf_release(&buf);
out:
	code = rc ? cli_error(c.command, &err) : EXIT_OK;
	cli_end(&c);
	return code;
}
