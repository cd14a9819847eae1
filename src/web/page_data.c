/*
 * Entering an association's quantitative survey data (issue 4): the data
 * object of docs/json-format.md, pasted or edited as JSON, checked with the
 * same reader as the CLI and the import (every problem named by its JSON
 * path, shown next to the field, nothing saved), and stored as a new
 * version of the survey submission. Association users enter their own,
 * the secretariat any association's; reviewers only read.
 */
#include "base/compat.h"
#include "io/cycle_json.h"
#include "web/pages.h"
#include "usecase/survey.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* 4 MiB of JSON is far beyond any association's series; the request body limit is lower anyway. */
#define DATA_MAX_BYTES ((size_t)4 * 1024 * 1024)

/* The form is for those who may enter a new version here (the policy's answer, through the use case). */
static bool load_enterable(struct web_req *req, struct web_resp *resp, struct assoc_ctx *c)
{
	if (!web_assoc_ctx_load(req, resp, c))
		return false;
	if (!c->o.can_enter_data) {
		web_error(req, resp, 403, WS_error_forbidden);
		return false;
	}
	return true;
}

/* The latest data as indented JSON, for the form to start from. */
static const char *current_data(struct web_req *req, const struct assoc_ctx *c)
{
	const struct cnap_submission *sub = cnap_uc_latest_data_submission(&c->o.part);
	if (sub) {
		json_t *root = json_loads(sub->data_json, 0, NULL);
		char *pretty = root ? json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
		json_decref(root);
		const char *out = cnap_arena_strdup(req->arena, pretty);
		free(pretty);
		return out;
	}
	return NULL;
}

static void data_form(struct web_req *req, struct web_resp *resp, const struct assoc_ctx *c, const char *data)
{
	struct tv *v = web_page(req, resp, WT_data, WS_data_title);
	web_assoc_ctx_put(req, v, c);
	tv_put_str(v, "action", cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s/data", c->year, c->wg, c->assoc));
	tv_put_str(v, "data", data);
	tv_put_str(v, "submitted_on", web_param(req, "submitted_on"));
	tv_put_str(v, "note", web_param(req, "note"));
	int version = c->o.part.n_submissions ? c->o.part.submissions[c->o.part.n_submissions - 1].version : 0;
	tv_put_int(v, "next_version", version + 1);
}

void h_data_form(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!load_enterable(req, resp, &c))
		return;
	data_form(req, resp, &c, current_data(req, &c));
}

void h_data_save(struct web_req *req, struct web_resp *resp)
{
	struct assoc_ctx c;
	if (!load_enterable(req, resp, &c))
		return;
	const char *data = web_param(req, "data");
	const char *submitted_on = web_param(req, "submitted_on");
	const char *note = web_param(req, "note");
	if (submitted_on && !*submitted_on)
		submitted_on = NULL;
	struct cnap_survey_data *d = NULL;
	struct cnap_error err = { 0 };
	if (!data || !*data)
		web_field_error(req, resp, "data", web_t(WS_data_required));
	else if (strlen(data) > DATA_MAX_BYTES)
		web_field_error(req, resp, "data", web_t(WS_data_too_big));
	else if (cnap_survey_data_parse(data, strlen(data), "$", req->arena, &d, &err))
		web_field_error(req, resp, "data",
				cnap_arena_printf(req->arena, "%s %s（%s）", err.where[0] ? err.where : "$",
						  web_t(WS_data_invalid_at), err.message));
	if (submitted_on && cnap_check_date(submitted_on, "submitted_on", NULL))
		web_field_error(req, resp, "submitted_on", web_t(WS_field_date));
	web_check_text(req, resp, "note", note, CNAP_MAX_NOTE_CHARS, true, true);
	if (resp->errors) {
		int status = resp->status;
		data_form(req, resp, &c, data);
		resp->status = status;
		return;
	}
	struct cnap_submission sub = { .submitted_on = submitted_on, .note = note && *note ? note : NULL,
				       .data_json = cnap_survey_data_to_text(req->arena, d) };
	int version = 0;
	enum cnap_err rc = cnap_uc_submission_add(req->store, &req->user->actor, c.year, c.wg, c.assoc, &sub, &version,
						  &err);
	if (rc) {
		web_fail(req, resp, rc, &err);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "/c/%d/w/%s/a/%s?msg=data_saved", c.year, c.wg, c.assoc));
	if (req->api)
		tv_put_int(resp->view = tv_map(req->arena), "version", version);
}
