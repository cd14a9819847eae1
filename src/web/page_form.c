/*
 * One table of an association's survey data (issue 10), laid out like the
 * printed form: labels and units as printed, the year columns, inputs where
 * the association types, computed cells (原油換算, CO2, intensities,
 * differences) read-only beside them, cells without a year greyed with the
 * reason. The inputs are named c.ROW.COL (grid indices of model/form.h);
 * a RECORDS table also posts its number of rows as "rows".
 *
 * Saving (POST, no script needed) writes the draft when every cell reads,
 * else shows each problem next to its cell and saves nothing. The preview
 * (POST …/preview, for static/cnap.js) answers with the computed cells and
 * the problems of what is typed, and with autosave=1 saves it as well when
 * there are none: every number comes from the one implementation in C.
 * Readers (reviewers) see the values as text, without a form.
 */
#include "base/compat.h"
#include "web/pages.h"

#include <string.h>

/* The table named by the path (its code), or a 404. */
static const struct cnap_form_table *table_arg(struct web_req *req, struct web_resp *resp, const struct data_ctx *d)
{
	const struct cnap_form_table *t = cnap_form_table_find(&d->f.spec, web_arg(req, 3));
	if (!t)
		web_not_found(req, resp);
	return t;
}

static size_t grid_cols(const struct cnap_form_table *t)
{
	return t->layout == CNAP_FORM_YEARS ? t->n_years : t->layout == CNAP_FORM_FIELDS ? 1 : t->n_lines;
}

/* "12" of "12.3" or "12" (then *end is past it); false when s does not start with digits. */
static bool read_index(const char *s, const char **end, size_t *out)
{
	size_t v = 0, n = 0;
	for (; s[n] >= '0' && s[n] <= '9' && n < 7; n++)
		v = v * 10 + (size_t)(s[n] - '0');
	*end = s + n;
	*out = v;
	return n > 0;
}

/* A field name "c.ROW.COL". */
static bool cell_name(const char *key, size_t *row, size_t *col)
{
	const char *p;
	return key[0] == 'c' && key[1] == '.' && read_index(key + 2, &p, row) && *p == '.' &&
	       read_index(p + 1, &p, col) && !*p;
}

/*
 * What was typed into table t: texts[row * cols + col]. A YEARS or FIELDS
 * table has its lines as rows; a RECORDS table the "rows" field, or as many
 * as the highest row named.
 */
static bool read_cells(struct web_req *req, struct web_resp *resp, const struct cnap_form_table *t,
		       const char ***texts, size_t *n_rows)
{
	size_t cols = grid_cols(t), rows = t->n_lines, r, c;
	if (t->layout == CNAP_FORM_RECORDS) {
		const char *given = web_param(req, "rows"), *end;
		rows = 0;
		if (given && *given && (!read_index(given, &end, &rows) || *end)) {
			web_error(req, resp, 400, WS_error_bad_request);
			return false;
		}
		for (size_t i = 0; (!given || !*given) && i < req->form.n; i++)
			if (cell_name(req->form.v[i].key, &r, &c) && r + 1 > rows)
				rows = r + 1;
	}
	/* One past the limit reaches the use case, which says the table has too many rows. */
	if (rows > CNAP_FORM_MAX_RECORDS + 1)
		rows = CNAP_FORM_MAX_RECORDS + 1;
	const char **v = cnap_arena_calloc(req->arena, rows * cols + 1, sizeof(*v));
	if (!v) {
		web_error(req, resp, 500, WS_error_internal);
		return false;
	}
	for (size_t i = 0; i < req->form.n; i++)
		if (cell_name(req->form.v[i].key, &r, &c) && r < rows && c < cols)
			v[r * cols + c] = req->form.v[i].val;
	*texts = v;
	*n_rows = rows;
	return true;
}

/* "1234567.5" → "1,234,567.5": the canonical number as people read it (and as jpnum reads it back). */
static const char *grouped(struct cnap_arena *a, const char *s)
{
	size_t lead = (*s == '-'), digits = strspn(s + lead, "0123456789");
	if (digits <= 3 || strspn(s, "-0123456789.") != strlen(s))
		return s;
	struct cnap_buf b;
	cnap_buf_init(&b, 128);
	cnap_buf_add(&b, s, lead);
	for (size_t i = 0; i < digits; i++) {
		if (i && (digits - i) % 3 == 0)
			cnap_buf_addc(&b, ',');
		cnap_buf_addc(&b, s[lead + i]);
	}
	cnap_buf_adds(&b, s + lead + digits);
	const char *out = b.status ? s : cnap_arena_strdup(a, b.data);
	cnap_buf_release(&b);
	return out;
}

/* A choice's label for its code; the code itself when unknown. */
static const char *choice_label(const struct cnap_form_line *l, const char *code)
{
	for (size_t i = 0; code && i < l->n_choices; i++)
		if (strcmp(l->choices[i].code, code) == 0)
			return l->choices[i].label;
	return code;
}

/* Why a YEARS column has no year. */
static const char *off_reason(const struct cnap_uc_form *f, enum cnap_year_role role)
{
	if (role == CNAP_YR_BASE)
		return web_t(f->data && f->data->target.kind == CNAP_TARGET_BAU ? WS_grid_off_base_bau : WS_grid_off_base);
	return web_t(role == CNAP_YR_TARGET ? WS_grid_off_target : WS_grid_off_year);
}

struct grid_page {
	struct web_req *req;
	const struct data_ctx *d;
	const struct cnap_form_table *t;
	const struct cnap_form_grid *g;
	const char **messages; /* per cell, the first problem, or NULL */
	bool edit;
};

static const char *cell_id(struct cnap_arena *a, const char *prefix, size_t r, size_t c)
{
	return cnap_arena_printf(a, "%s-%zu-%zu", prefix, r, c);
}

/* One cell as the partial data_cell renders it; every key is set, so no look-up reaches an outer frame. */
static struct tv *cell_view(const struct grid_page *p, size_t r, size_t c, const char *labelledby)
{
	struct cnap_arena *a = p->req->arena;
	const struct cnap_form_line *l = cnap_form_grid_line(p->g, r, c);
	const struct cnap_form_cell *cell = &p->g->cells[r * p->g->n_cols + c];
	const char *msg = p->messages[r * p->g->n_cols + c];
	struct tv *m = tv_map(a);
	bool numeric = l->type == CNAP_FT_NUMBER, choice = l->type == CNAP_FT_CHOICE || l->type == CNAP_FT_BOOL;
	enum { K_INPUT, K_SELECT, K_TEXTAREA, K_CALC, K_OFF, K_TEXT } kind;
	if (cell->disabled)
		kind = K_OFF;
	else if (l->computed)
		kind = K_CALC;
	else if (!p->edit)
		kind = K_TEXT;
	else if (choice)
		kind = K_SELECT;
	else if (l->type == CNAP_FT_TEXT && l->multiline)
		kind = K_TEXTAREA;
	else
		kind = K_INPUT;
	const char *value = cell->text;
	if (kind == K_TEXT && choice)
		value = choice_label(l, value);
	else if ((kind == K_TEXT || kind == K_INPUT) && numeric && value)
		value = grouped(a, value); /* as entered, every digit: a reader checks the figures */
	const char *why = kind == K_OFF	     ? off_reason(&p->d->f, p->t->years[c])
			  : kind == K_CALC ? cell->why
					   : NULL;
	tv_put_bool(m, "is_input", kind == K_INPUT);
	tv_put_bool(m, "is_select", kind == K_SELECT);
	tv_put_bool(m, "is_textarea", kind == K_TEXTAREA);
	tv_put_bool(m, "is_calc", kind == K_CALC);
	tv_put_bool(m, "is_off", kind == K_OFF);
	tv_put_bool(m, "is_text", kind == K_TEXT);
	tv_put_str(m, "id", cell_id(a, kind == K_CALC ? "v" : "c", r, c));
	tv_put_str(m, "name", cnap_arena_printf(a, "c.%zu.%zu", r, c));
	tv_put_str(m, "key", cnap_arena_printf(a, "%zu.%zu", r, c));
	tv_put_int(m, "r", (int64_t)r);
	tv_put_int(m, "c", (int64_t)c);
	tv_put_str(m, "value", value);
	tv_put_str(m, "why", why);
	tv_put_str(m, "labelledby", labelledby);
	tv_put_str(m, "inputmode", numeric ? "decimal" : l->type == CNAP_FT_YEAR ? "numeric" : "text");
	tv_put_str(m, "cell_error", msg);
	tv_put_str(m, "error_id", msg ? cell_id(a, "e", r, c) : NULL);
	static const char *const classes[] = { "in", "in", "in", "calc", "off", "ro" };
	tv_put_str(m, "td_class", cnap_arena_printf(a, "%s%s%s%s", classes[kind],
						      numeric && kind != K_OFF ? " num" : "",
						      l->type == CNAP_FT_TEXT && kind == K_INPUT ? " wide" : "",
						      msg ? " has-error" : ""));
	struct tv *opts = tv_put_list(m, "options");
	if (kind == K_SELECT) {
		struct tv *o = tv_push_map(opts);
		tv_put_str(o, "value", "");
		tv_put_str(o, "label", web_t(WS_grid_choose));
		tv_put_bool(o, "selected", !value || !*value);
		bool known = !value || !*value;
		for (size_t i = 0; i < l->n_choices; i++) {
			o = tv_push_map(opts);
			bool sel = value && (strcmp(value, l->choices[i].code) == 0 || strcmp(value, l->choices[i].label) == 0);
			known = known || sel;
			tv_put_str(o, "value", l->choices[i].code);
			tv_put_str(o, "label", l->choices[i].label);
			tv_put_bool(o, "selected", sel);
		}
		if (!known) { /* what was typed elsewhere (a paste, the API) stays visible with its message */
			o = tv_push_map(opts);
			tv_put_str(o, "value", value);
			tv_put_str(o, "label", value);
			tv_put_bool(o, "selected", true);
		}
	}
	return m;
}

static const char *unit_of(const struct grid_page *p, const struct cnap_form_line *l)
{
	return cnap_form_unit(p->req->arena, l, p->d->f.data);
}

static void put_years(const struct grid_page *p, struct tv *v)
{
	struct cnap_arena *a = p->req->arena;
	struct tv *y = tv_put_map(v, "years");
	struct tv *cols = tv_put_list(y, "cols");
	for (size_t c = 0; c < p->t->n_years; c++) {
		struct tv *m = tv_push_map(cols);
		tv_put_str(m, "id", cnap_arena_printf(a, "y%zu", c));
		/* 「当年度見通し」 over 「（2022年度）」: the column's role, then its year */
		int year = p->g->years.year[p->t->years[c]];
		tv_put_str(m, "role", cnap_year_role_label_ja(p->t->years[c]));
		tv_put_str(m, "year", year ? cnap_arena_printf(a, web_t(WS_grid_year), year) : NULL);
	}
	struct tv *rows = tv_put_list(y, "rows");
	for (size_t r = 0; r < p->t->n_lines; r++) {
		const struct cnap_form_line *l = &p->t->lines[r];
		struct tv *m = tv_push_map(rows);
		tv_put_str(m, "id", cnap_arena_printf(a, "l%zu", r));
		tv_put_str(m, "unit_id", cnap_arena_printf(a, "u%zu", r));
		tv_put_str(m, "label", l->label);
		tv_put_str(m, "unit", unit_of(p, l));
		tv_put_str(m, "tr_class", l->computed ? "calc-row" : "in-row");
		tv_put_bool(m, "computed", l->computed);
		struct tv *cells = tv_put_list(m, "cells");
		for (size_t c = 0; c < p->t->n_years; c++)
			tv_push(cells, cell_view(p, r, c, cnap_arena_printf(a, "l%zu u%zu y%zu", r, r, c)));
	}
}

static void put_fields(const struct grid_page *p, struct tv *v)
{
	struct cnap_arena *a = p->req->arena;
	struct tv *fields = tv_put_map(v, "fields");
	struct tv *rows = tv_put_list(fields, "rows");
	bool units = false;
	for (size_t r = 0; r < p->t->n_lines; r++) {
		const struct cnap_form_line *l = &p->t->lines[r];
		struct tv *m = tv_push_map(rows);
		units = units || l->unit;
		tv_put_str(m, "label", l->label);
		tv_put_str(m, "unit", unit_of(p, l));
		tv_put_bool(m, "required", l->required && p->edit);
		tv_put_str(m, "for", cell_id(a, "c", r, 0));
		/* the <label for> names the input; a unit is said after it */
		tv_push(tv_put_list(m, "cells"), cell_view(p, r, 0, NULL));
	}
	tv_put_bool(fields, "units", units); /* a column of units only where some line has one */
}

static void put_records(const struct grid_page *p, struct tv *v)
{
	struct cnap_arena *a = p->req->arena;
	struct tv *rec = tv_put_map(v, "records");
	struct tv *cols = tv_put_list(rec, "cols");
	for (size_t c = 0; c < p->t->n_lines; c++) {
		const struct cnap_form_line *l = &p->t->lines[c];
		struct tv *m = tv_push_map(cols);
		tv_put_str(m, "id", cnap_arena_printf(a, "h%zu", c));
		tv_put_str(m, "label", l->label);
		tv_put_str(m, "unit", unit_of(p, l));
		tv_put_bool(m, "required", l->required && p->edit);
		static const char *const by_type[] = { [CNAP_FT_NUMBER] = "n", [CNAP_FT_TEXT] = "wide", [CNAP_FT_YEAR] = "y",
						       [CNAP_FT_CHOICE] = "ch", [CNAP_FT_BOOL] = "ch" };
		tv_put_str(m, "th_class", l->computed ? "calc n" : by_type[l->type]);
		tv_put_bool(m, "computed", l->computed);
	}
	struct tv *rows = tv_put_list(rec, "rows");
	for (size_t r = 0; r < p->g->n_rows; r++) {
		struct tv *m = tv_push_map(rows);
		tv_put_str(m, "id", cnap_arena_printf(a, "r%zu", r));
		tv_put_int(m, "no", (int64_t)r + 1);
		struct tv *cells = tv_put_list(m, "cells");
		for (size_t c = 0; c < p->t->n_lines; c++)
			tv_push(cells, cell_view(p, r, c, cnap_arena_printf(a, "h%zu r%zu", c, r)));
	}
	tv_put_int(rec, "n_rows", (int64_t)p->g->n_rows);
}

/* Where a problem is, as a person reads it: 「CO2排出量（基準年度（2013年度））」, 「3行目の対策」. */
static const char *issue_place(const struct grid_page *p, size_t r, size_t c)
{
	struct cnap_arena *a = p->req->arena;
	const struct cnap_form_line *l = cnap_form_grid_line(p->g, r, c);
	if (!l)
		return p->t->title;
	switch (p->t->layout) {
	case CNAP_FORM_YEARS:
		return cnap_arena_printf(a, "%s（%s）", l->label, cnap_form_year_heading(a, p->t->years[c], &p->g->years));
	case CNAP_FORM_RECORDS:
		return cnap_arena_printf(a, "%zu行目の%s", r + 1, l->label);
	default:
		return l->label;
	}
}

static void render_table(struct web_req *req, struct web_resp *resp, const struct data_ctx *d,
			 const struct cnap_form_table *t, const struct cnap_form_grid *g,
			 const struct cnap_form_issues *issues)
{
	struct cnap_arena *a = req->arena;
	struct grid_page p = { req, d, t, g, NULL, d->f.o.can_enter_data };
	p.messages = cnap_arena_calloc(a, g->n_rows * g->n_cols + 1, sizeof(*p.messages));
	if (!p.messages) {
		web_error(req, resp, 500, WS_error_internal);
		return;
	}
	struct tv *v = web_page(req, resp, WT_data_table, WS_data_title);
	tv_put_str(v, "page_title", t->title);
	web_assoc_ctx_put(req, v, &d->c);
	const char *url = cnap_arena_printf(a, "%s/%s", d->url, t->code);
	tv_put_str(v, "data_url", d->url);
	tv_put_bool(v, "editable", p.edit);
	tv_put_bool(v, "readonly", !p.edit);
	tv_put_str(v, "action", url);
	tv_put_str(v, "preview_url", cnap_arena_printf(a, "/api%s/preview", url));
	struct tv *tm = tv_put_map(v, "table");
	tv_put_str(tm, "code", t->code);
	tv_put_str(tm, "title", t->title);
	tv_put_str(tm, "number", web_table_number(a, &d->f, t));
	tv_put_str(tm, "intro", t->intro);
	static const char *const layouts[] = { [CNAP_FORM_YEARS] = "years", [CNAP_FORM_RECORDS] = "records",
					       [CNAP_FORM_FIELDS] = "fields" };
	tv_put_str(tm, "layout", layouts[t->layout]);
	struct tv *tabs = tv_put_list(v, "tabs");
	for (size_t i = 0; i < d->f.spec.n_tables; i++) {
		const struct cnap_form_table *o = &d->f.spec.tables[i];
		struct tv *m = tv_push_map(tabs);
		tv_put_str(m, "url", cnap_arena_printf(a, "%s/%s", d->url, o->code));
		tv_put_str(m, "title", o->title);
		tv_put_bool(m, "current", o == t);
		bool before = i + 1 < d->f.spec.n_tables && &d->f.spec.tables[i + 1] == t;
		bool after = i > 0 && &d->f.spec.tables[i - 1] == t;
		if (before || after)
			tv_put(v, before ? "prev" : "next", m);
	}
	if (issues && issues->n) {
		struct tv *sum = tv_put_map(v, "issues");
		tv_put_str(sum, "heading", cnap_arena_printf(a, web_t(WS_grid_errors), issues->n));
		struct tv *list = tv_put_list(sum, "list");
		for (size_t i = 0; i < issues->n; i++) {
			const struct cnap_form_issue *is = &issues->v[i];
			bool in_grid = is->row < g->n_rows && is->col < g->n_cols;
			const struct cnap_form_cell *cell = in_grid ? &g->cells[is->row * g->n_cols + is->col] : NULL;
			bool input = cell && !cell->computed && !cell->disabled;
			if (input && !p.messages[is->row * g->n_cols + is->col])
				p.messages[is->row * g->n_cols + is->col] = is->message;
			struct tv *m = tv_push_map(list);
			tv_put_str(m, "place", in_grid ? issue_place(&p, is->row, is->col) : t->title);
			tv_put_str(m, "message", is->message);
			tv_put_str(m, "anchor", input ? cnap_arena_printf(a, "#c-%zu-%zu", is->row, is->col) : NULL);
		}
	}
	bool special = false;
	for (size_t i = 0; i < g->n_rows * g->n_cols && !special; i++)
		special = g->cells[i].computed || g->cells[i].disabled;
	tv_put_bool(v, "legend", special);
	if (t->layout == CNAP_FORM_YEARS)
		put_years(&p, v);
	else if (t->layout == CNAP_FORM_FIELDS)
		put_fields(&p, v);
	else
		put_records(&p, v);
	struct tv *notes = tv_put_list(v, "notes");
	for (size_t i = 0; i < t->n_lines; i++)
		if (t->lines[i].note && tv_put_bool(v, "has_notes", true)) {
			struct tv *m = tv_push_map(notes);
			tv_put_str(m, "label", t->lines[i].label);
			tv_put_str(m, "note", t->lines[i].note);
		}
}

void h_data_table(struct web_req *req, struct web_resp *resp)
{
	struct data_ctx d;
	const struct cnap_form_table *t;
	if (!web_data_load(req, resp, &d) || !(t = table_arg(req, resp, &d)))
		return;
	struct cnap_form_grid g;
	struct cnap_error err = { 0 };
	enum cnap_err rc = cnap_uc_form_grid(&d.f, t, req->arena, &g, &err);
	if (rc)
		web_fail(req, resp, rc, &err);
	else
		render_table(req, resp, &d, t, &g, NULL);
}

/* One table as typed, through the use case. */
struct typed {
	struct data_ctx d;
	const struct cnap_form_table *t;
	struct cnap_form_issues issues;
	struct cnap_form_grid g;
	enum cnap_err rc; /* CNAP_OK or CNAP_EINVAL (then issues has every problem) */
};

/* The path's table and what was posted into it; false when the response is already an error. */
static bool enter(struct web_req *req, struct web_resp *resp, bool save, struct typed *x)
{
	const char **texts;
	size_t n_rows;
	memset(x, 0, sizeof(*x));
	if (!web_data_load(req, resp, &x->d) || !(x->t = table_arg(req, resp, &x->d)) ||
	    !read_cells(req, resp, x->t, &texts, &n_rows))
		return false;
	struct cnap_error err = { 0 };
	x->rc = cnap_uc_form_enter(req->store, &req->user->actor, &x->d.f, x->t, texts, n_rows, save, req->arena,
				   &x->issues, &x->g, &err);
	if (x->rc && x->rc != CNAP_EINVAL) {
		web_fail(req, resp, x->rc, &err);
		return false;
	}
	if (x->rc && !x->issues.n) /* the use case always names the cell; never leave a refusal without a word */
		cnap_form_issue_add(req->arena, &x->issues, 0, 0, "%s", web_t(WS_field_invalid));
	return true;
}

/* The problems by cell, "ROW.COL" → message (the first of each cell), for the API and the script. */
static struct tv *issue_map(struct web_req *req, const struct cnap_form_issues *is)
{
	struct tv *m = tv_map(req->arena);
	for (size_t i = 0; i < is->n; i++) {
		const char *key = cnap_arena_printf(req->arena, "%zu.%zu", is->v[i].row, is->v[i].col);
		if (!tv_get(m, key))
			tv_put_str(m, key, is->v[i].message);
	}
	return m;
}

void h_data_table_save(struct web_req *req, struct web_resp *resp)
{
	struct typed x;
	if (!enter(req, resp, true, &x))
		return;
	if (x.rc) {
		render_table(req, resp, &x.d, x.t, &x.g, &x.issues);
		resp->status = 422;
		resp->error_code = "invalid";
		resp->message = cnap_arena_printf(req->arena, web_t(WS_grid_errors), x.issues.n);
		resp->errors = issue_map(req, &x.issues);
		return;
	}
	web_redirect(resp, cnap_arena_printf(req->arena, "%s/%s?msg=draft_saved", x.d.url, x.t->code));
}

void h_data_table_preview(struct web_req *req, struct web_resp *resp)
{
	const char *autosave = web_param(req, "autosave");
	bool save = autosave && strcmp(autosave, "1") == 0;
	struct typed x;
	if (!enter(req, resp, save, &x))
		return;
	const struct cnap_form_grid *g = &x.g;
	struct tv *v = resp->view = tv_map(req->arena);
	struct tv *cells = tv_put_map(v, "cells");
	for (size_t r = 0; r < g->n_rows; r++)
		for (size_t c = 0; c < g->n_cols; c++) {
			const struct cnap_form_cell *cell = &g->cells[r * g->n_cols + c];
			if (cell->computed && !cell->disabled)
				tv_put_str(cells, cnap_arena_printf(req->arena, "%zu.%zu", r, c),
					   cell->text ? cell->text : "");
		}
	tv_put(v, "errors", issue_map(req, &x.issues));
	tv_put_int(v, "n_errors", (int64_t)x.issues.n);
	tv_put_bool(v, "saved", save && !x.rc);
	tv_put_str(v, "saved_at", save && !x.rc ? web_clock_label(req->arena, web_now()) : NULL);
	if (!req->api) { /* the script's answer, never a page: JSON on either path */
		resp->content_type = "application/json; charset=utf-8";
		resp->raw_body = !tv_to_json(v, &resp->body) && !cnap_buf_addc(&resp->body, '\n');
		if (!resp->raw_body)
			web_error(req, resp, 500, WS_error_internal);
	}
}
