/*
 * The computed cells of a survey table (model/form.h): intensities, the
 * fuels' heat, 原油換算 and CO2 and their difference from what the
 * association reported, the target level, per-size and coverage ratios.
 * One implementation for the browser (which asks the server as the user
 * types), the workbook (cached formula values) and the checks.
 */
#ifndef CNAP_CALC_FORM_CALC_H
#define CNAP_CALC_FORM_CALC_H

#include "calc/calc.h"
#include "model/form.h"

/*
 * Fill every computed cell of g: YEARS and FIELDS formulas from d (the data
 * the grid's inputs were applied to), RECORDS formulas from the numbers in
 * the same row of g. A value that cannot be computed leaves the cell empty
 * with why set in Japanese. Cell texts are for display (四捨五入 to the
 * line's decimals, ▲ for negatives, more decimals when the value would
 * otherwise show as 0).
 */
enum cnap_err cnap_form_compute(struct cnap_arena *a, struct cnap_form_grid *g, const struct cnap_survey_data *d,
				const struct cnap_coef_master *m, struct cnap_error *err);

/* A number for display in a cell of line l: "1,234.5", "▲0.0258". Into the arena. */
const char *cnap_form_display_number(struct cnap_arena *a, const struct cnap_form_line *l, double v);

#endif
