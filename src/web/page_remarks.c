/* The WG's 指摘 on an association's page (usecase/remarks.h): read by all in scope, recorded by the secretariat. */
#include "base/compat.h"
#include "usecase/remarks.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

void web_put_remarks(struct web_req *req, struct web_resp *resp, struct tv *v, const struct assoc_ctx *c)
{
	struct cnap_wg_remark *rs;
	size_t n;
	if (cnap_uc_remark_list(req->store, &req->user->actor, c->year, c->wg, c->assoc, req->arena, &rs, &n, NULL))
		return;
	bool may_add = cnap_uc_may(&req->user->actor, CNAP_ACT_ADMIN, c->wg, c->assoc) && !c->o.closed;
	if (!n && !may_add)
		return;
	tv_put_bool(v, "remarks_shown", true);
	tv_put_bool(v, "has_remarks", n > 0);
	struct tv *list = tv_put_list(v, "remarks");
	for (size_t i = 0; i < n; i++) {
		struct tv *m = tv_push_map(list);
		tv_put_str(m, "text", rs[i].text);
		if (may_add)
			tv_put_str(m, "delete_url", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/remarks/%lld/delete", c->year,
								      c->wg, c->assoc, (long long)rs[i].id));
	}
	if (may_add) {
		tv_put_str(v, "remark_action", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/remarks", c->year, c->wg,
								 c->assoc));
		if (resp->errors)
			tv_put_str(v, "remark_text", web_param(req, "text"));
	}
}

static const char *back(struct web_req *req, const struct assoc_ctx *c, const char *msg)
{
	return cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s?msg=%s#remarks", c->year, c->wg, c->assoc, msg);
}

void h_remark_add(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	struct cnap_error err = { 0 };
	int64_t id;
	enum cnap_err rc = cnap_uc_remark_add(req->store, &req->user->actor, c.year, c.wg, c.assoc, web_param(req, "text"),
					      &id, &err);
	if (rc == CNAP_EINVAL || rc == CNAP_ETOOBIG) {
		web_field_error(req, resp, "text", cnap_arena_strdup(req->arena, err.message));
		int status = resp->status;
		h_association(req, resp);
		resp->status = status;
		return;
	}
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, back(req, &c, "remark_added"));
}

void h_remark_delete(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	int64_t id;
	if (!web_assoc_ctx_load(req, resp, &c))
		return;
	if (!web_arg_int(req, 3, 1, INT64_MAX, &id)) {
		web_not_found(req, resp);
		return;
	}
	/* only a remark of this association, as the page showed it */
	struct cnap_wg_remark *rs;
	size_t n;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_remark_list(req->store, &req->user->actor, c.year, c.wg, c.assoc, req->arena, &rs, &n,
					       &err);
	bool here = false;
	for (size_t i = 0; !rc && i < n; i++)
		here = here || rs[i].id == id;
	if (!rc && !here) {
		web_not_found(req, resp);
		return;
	}
	if (!rc)
		rc = cnap_uc_remark_delete(req->store, &req->user->actor, id, &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, back(req, &c, "remark_deleted"));
}
