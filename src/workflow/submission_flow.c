#include "base/compat.h"
#include "workflow/submission_flow.h"

#include <string.h>

enum cnap_err cnap_wf_submission_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_submission *sub, int *version_out, struct cnap_error *err)
{
	if (actor->role == CNAP_ROLE_ASSOCIATION &&
	    (!actor->association_code || strcmp(actor->association_code, association_code) != 0))
		return cnap_fail(err, CNAP_ENOTFOUND, "--association", "unknown association '%s'", association_code);
	if (!cnap_policy_role_allows(actor->role, CNAP_ACT_SUBMISSION_ADD))
		return cnap_fail(err, CNAP_EPERM, "", "a %s user may not add survey versions", cnap_role_name(actor->role));
	if (sub->submitted_on && cnap_check_date(sub->submitted_on, "submitted_on", err))
		return CNAP_EINVAL;
	struct cnap_arena a;
	cnap_arena_init(&a);
	cnap_store_set_actor(s, actor->login);
	enum cnap_err rc = cnap_store_begin(s, err);
	if (rc) {
		cnap_arena_release(&a);
		return rc;
	}
	struct cnap_submission copy = *sub;
	struct cnap_participation p;
	if (!(rc = cnap_store_participation_get(s, year, wg_code, association_code, &a, &p, err)) && !copy.n_pages &&
	    p.n_submissions) {
		copy.pages = p.submissions[p.n_submissions - 1].pages;
		copy.n_pages = p.submissions[p.n_submissions - 1].n_pages;
	}
	if (!rc)
		rc = cnap_store_submission_add(s, year, wg_code, association_code, &copy, version_out, err);
	rc = cnap_store_finish(s, rc, err);
	cnap_arena_release(&a);
	return rc;
}
