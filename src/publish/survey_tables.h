/*
 * The form's data tables as the printed 調査票 shows them: a filled grid
 * (model/form.h, computed cells included) turned into rows of text for
 * publish/survey_layout.h.
 *
 *   YEARS    項目 | 単位 | 基準年度（2013年度） | … one row per indicator
 *   RECORDS  one column per field (its unit under its label), one row per record
 *   FIELDS   項目 | 内容, the unit after the value
 *
 * Numbers are rounded to the line's decimals (as entered when it has none),
 * grouped by thousands, negatives with ▲; choices by their label; a cell
 * without a year (基準年度 of a BAU target) or that cannot be computed is
 * 「－」. Empty records are left out; a table without records says
 * 「（記載なし）」. Every string lives in a.
 */
#ifndef CNAP_PUBLISH_SURVEY_TABLES_H
#define CNAP_PUBLISH_SURVEY_TABLES_H

#include "model/form.h"
#include "publish/survey_layout.h"

/* d: the data the grid was filled from (for units such as {activity_unit}), or NULL. */
enum cnap_err cnap_survey_print_table(struct cnap_arena *a, const struct cnap_form_grid *g,
				      const struct cnap_survey_data *d, struct cnap_print_table *out,
				      struct cnap_error *err);

#endif
