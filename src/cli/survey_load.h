/* The cli's access to stored survey data (parsed with io). */
#ifndef CNAP_CLI_SURVEY_LOAD_H
#define CNAP_CLI_SURVEY_LOAD_H

#include "cli/cli.h"
#include "model/survey_data.h"

/*
 * The quantitative data of the association's latest submission that has
 * any, in the WG given (or any WG of the cycle when wg is NULL). Memory in
 * c->arena.
 */
enum cnap_err cli_latest_survey_data(struct cli_ctx *c, int year, const char *wg, const char *assoc,
				     struct cnap_survey_data **out, int *version, struct cnap_error *err);

#endif
