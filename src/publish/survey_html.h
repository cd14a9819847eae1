/*
 * The quantitative survey data of one submission as HTML fragments, for the
 * association page of the web application: 実績の総括表 (time series), the
 * target with 進捗率 and 想定比, 要因分析, BAT, measures with cost per t-CO2,
 * coverage, credits and certificates, office. Every value comes from the
 * survey data or the calculation engine's report; every text is escaped.
 * The fragment uses only classes (styling in the page's CSS), no script.
 */
#ifndef CNAP_PUBLISH_SURVEY_HTML_H
#define CNAP_PUBLISH_SURVEY_HTML_H

#include "base/buf.h"
#include "calc/report.h"

/* Append the tables as a <section class="survey-data"> … </section>. */
enum cnap_err cnap_survey_html(const struct cnap_survey_data *d, const struct cnap_report *r, struct cnap_buf *out,
			       struct cnap_error *err);

#endif
