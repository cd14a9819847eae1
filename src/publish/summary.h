/*
 * The WG summary report (進捗状況の概要): one table row per association
 * (目標指標, 基準年度/BAU, 目標水準, 当年度実績, 進捗率, 想定比, CO2排出量)
 * from the calculation engine, then each association's charts and 要因分析.
 * Strings and reports are borrowed from the caller.
 */
#ifndef CNAP_PUBLISH_SUMMARY_H
#define CNAP_PUBLISH_SUMMARY_H

#include "base/buf.h"
#include "calc/report.h"

struct cnap_summary_row {
	const char *association_name;
	const struct cnap_survey_data *data; /* NULL: no quantitative data submitted */
	const struct cnap_report *report;    /* NULL when data is NULL */
};

struct cnap_summary {
	int cycle_year;        /* 2023 */
	const char *wg_name;
	const char *method_name; /* 要因分析 method printed with the results, in Japanese (逐次要因分解) */
	struct cnap_summary_row *rows;
	size_t n_rows;
};

/* Title: 令和五年度評価・検証WG「<WG>」 進捗状況の概要（<year-1>年度実績）; in a. */
const char *cnap_summary_title(struct cnap_arena *a, const struct cnap_summary *s);

/*
 * Write the report as an A4 landscape PDF into out, with pinned_date in
 * its metadata (see cnap_qa_pdf_write). out is unchanged on failure.
 */
enum cnap_err cnap_summary_pdf_write(const struct cnap_summary *s, const char *pinned_date, struct cnap_buf *out,
				     struct cnap_error *err);

#endif
