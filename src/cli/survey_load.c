/* The latest quantitative data of an association, for calc and charts. */
#include "base/compat.h"
#include "cli/cli.h"
#include "cli/survey_load.h"
#include "io/cycle_json.h"

#include <string.h>

enum cnap_err cli_latest_survey_data(struct cli_ctx *c, int year, const char *wg, const char *assoc,
				     struct cnap_survey_data **out, int *version, struct cnap_error *err)
{
	struct cnap_wg *wgs;
	size_t nwg;
	enum cnap_err rc = cnap_store_wg_list(c->store, year, &c->arena, &wgs, &nwg, err);
	if (rc)
		return rc;
	struct cnap_association as;
	if ((rc = cnap_store_association_get(c->store, assoc, &c->arena, &as, err)))
		return rc;
	for (size_t w = 0; w < nwg; w++) {
		if (wg && strcmp(wg, wgs[w].code) != 0)
			continue;
		struct cnap_participation p;
		rc = cnap_store_participation_get(c->store, year, wgs[w].code, assoc, &c->arena, &p, err);
		if (rc == CNAP_ENOTFOUND)
			continue;
		if (rc)
			return rc;
		for (size_t k = p.n_submissions; k-- > 0;) {
			const struct cnap_submission *sub = &p.submissions[k];
			if (!sub->data_json)
				continue;
			*version = sub->version;
			return cnap_survey_data_parse(sub->data_json, strlen(sub->data_json), "data", &c->arena, out, err);
		}
		return cnap_fail(err, CNAP_ENOTFOUND, "--association",
				 "no submission of '%s' in cycle %d carries quantitative data", assoc, year);
	}
	return cnap_fail(err, CNAP_ENOTFOUND, "--association", "association '%s' takes part in no WG%s%s of cycle %d",
			 assoc, wg ? " " : "", wg ? wg : "", year);
}
