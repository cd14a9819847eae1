#include "base/compat.h"
#include "usecase/remarks.h"

#include <string.h>

enum cnap_err cnap_uc_remark_add(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				 const char *association_code, const char *text, int64_t *id, struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, wg_code, association_code, err);
	if (rc)
		return rc;
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_cycle c;
	if (!(rc = cnap_store_cycle_get(s, year, &a, &c, err)) && !(rc = cnap_policy_cycle_allows(&c, CNAP_ACT_ADMIN, err))) {
		cnap_store_set_actor(s, actor->login);
		rc = cnap_store_remark_add(s, year, wg_code, association_code, text, id, err);
	}
	cnap_arena_release(&a);
	return rc;
}

enum cnap_err cnap_uc_remark_delete(struct cnap_store *s, const struct cnap_actor *actor, int64_t id,
				    struct cnap_error *err)
{
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ADMIN, NULL, NULL, err);
	if (rc)
		return rc;
	cnap_store_set_actor(s, actor->login);
	return cnap_store_remark_delete(s, id, err);
}

enum cnap_err cnap_uc_remark_list(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *wg_code,
				  const char *association_code, struct cnap_arena *a, struct cnap_wg_remark **out,
				  size_t *n, struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	if (!association_code && actor->role == CNAP_ROLE_ASSOCIATION)
		association_code = actor->association_code;
	enum cnap_err rc = cnap_policy_check_scope(actor, CNAP_ACT_ASSOCIATION_VIEW, wg_code, association_code, err);
	return rc ? rc : cnap_store_remarks(s, year, wg_code, association_code, a, out, n, err);
}
