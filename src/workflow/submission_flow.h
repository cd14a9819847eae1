/*
 * New versions of an association's survey submission: the secretariat for
 * any association, an association user for their own. The page map is
 * carried over from the latest version unless one is given.
 */
#ifndef CNAP_WORKFLOW_SUBMISSION_FLOW_H
#define CNAP_WORKFLOW_SUBMISSION_FLOW_H

#include "auth/policy.h"
#include "store/store.h"

/* sub->version 0 takes the next number, reported in *version_out. */
enum cnap_err cnap_wf_submission_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_submission *sub, int *version_out, struct cnap_error *err);

#endif
