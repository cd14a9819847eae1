/*
 * The WG's 指摘 to each association after its meeting (議事要旨): the
 * secretariat records them; the association and the WG's reviewers read
 * them; `cnap cycle new` files each as a follow-up in the next cycle
 * (usecase/cycle_new.h). Strings live in the arena passed.
 */
#ifndef CNAP_USECASE_REMARKS_H
#define CNAP_USECASE_REMARKS_H

#include "auth/policy.h"
#include "store/store.h"

/* The secretariat's; audited. CNAP_ECONFLICT in a closed cycle. */
enum cnap_err cnap_uc_remark_add(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, const char *text, int64_t *id, struct cnap_error *err);
/* A remark that a follow-up continues is kept: CNAP_ECONFLICT. */
enum cnap_err cnap_uc_remark_delete(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    struct cnap_error *err);
/*
 * The 指摘 of one association in a WG, or of the whole WG (association_code
 * NULL; an association user sees only its own), as the actor may see them.
 */
enum cnap_err cnap_uc_remark_list(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				  const char *association_code, struct cnap_arena *a, struct cnap_wg_remark **out,
				  size_t *n, struct cnap_error *err);

#endif
