/* The template compiler (web/tmpl.h): syntax and HTML-context checks, then a flat op list. */
#include "base/compat.h"
#include "web/tmpl.h"
#include "web/tmpl_html_state.h"

#include <string.h>

#define MAX_DEPTH 32 /* nested sections */

struct open_section {
	size_t op;
	const char *name;
	size_t len;
	struct html_state_m at;
};

struct compiler {
	struct cnap_arena *a;
	const char *name;
	const char *src;
	size_t len;
	const struct tmpl_names *names;
	struct tmpl_op *ops;
	size_t n_ops, cap;
	struct open_section stack[MAX_DEPTH];
	size_t depth;
	struct html_state_m html;
	struct cnap_error *err;
};

/* First "xy" pair in s[0..n) (memmem is a GNU extension). */
static const char *find_pair(const char *s, size_t n, char x, char y)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == x && s[i + 1] == y)
			return s + i;
	return NULL;
}

static int line_of(const struct compiler *c, size_t pos)
{
	int line = 1;
	for (size_t i = 0; i < pos && i < c->len; i++)
		line += c->src[i] == '\n';
	return line;
}

static enum cnap_err fail_at(struct compiler *c, size_t pos, const char *fmt, const char *arg)
{
	char where[160];
	snprintf(where, sizeof(where), "%s:%d", c->name, line_of(c, pos));
	return cnap_fail(c->err, CNAP_EINVAL, where, fmt, arg);
}

static struct tmpl_op *emit(struct compiler *c, enum tmpl_op_kind kind, const char *s, size_t len)
{
	if (c->n_ops == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 32;
		struct tmpl_op *nv = cnap_arena_calloc(c->a, ncap, sizeof(*nv));
		if (!nv)
			return NULL;
		if (c->n_ops)
			memcpy(nv, c->ops, c->n_ops * sizeof(*nv));
		c->ops = nv;
		c->cap = ncap;
	}
	struct tmpl_op *op = &c->ops[c->n_ops++];
	op->kind = (unsigned char)kind;
	op->s = s;
	op->len = len;
	if (kind == TOP_VAR || kind == TOP_SECTION || kind == TOP_INVERTED) {
		const char *dot = memchr(s, '.', len);
		op->hash = tv_key_hash(s, dot ? (size_t)(dot - s) : len);
	}
	return op;
}

static bool name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
	       ch == '-' || ch == '.';
}

static bool valid_name(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return true;
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]) || (s[i] == '.' && s[i + 1] == '.'))
			return false;
	return true;
}

static bool attr_is(const char *attr, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(attr, *set) == 0)
			return true;
	return false;
}

/* May a value with this filter be written where the HTML tokenizer now stands? NULL if yes, else why not. */
static const char *context_problem(const struct html_state_m *h, enum tmpl_filter f, bool catalog)
{
	static const char *const url_attrs[] = { "href", "src", "action", "formaction", "poster", "cite",
						 "background", "xlink:href", NULL };
	static const char *const code_attrs[] = { "style", "srcdoc", NULL };
	if (h->st == HS_DATA)
		return NULL;
	if (h->st != HS_VALUE_DQ && h->st != HS_VALUE_SQ)
		return "a value cannot go inside %s";
	if (strncmp(h->attr, "on", 2) == 0 || attr_is(h->attr, code_attrs))
		return "a value cannot go into an event handler or style attribute (%s)";
	if (f == TF_NL2BR)
		return "|nl2br is for text, not for %s";
	if (attr_is(h->attr, url_attrs) && (catalog || f != TF_URL))
		return "a URL attribute takes values only through |url (%s)";
	return NULL;
}

static enum cnap_err tag_var(struct compiler *c, size_t pos, const char *s, size_t n, bool catalog)
{
	enum tmpl_filter f = TF_HTML;
	const char *bar = memchr(s, '|', n);
	size_t name_len = bar ? (size_t)(bar - s) : n;
	if (bar) {
		const char *fs = bar + 1;
		size_t fn = n - name_len - 1;
		if (fn == 3 && memcmp(fs, "url", 3) == 0)
			f = TF_URL;
		else if (fn == 5 && memcmp(fs, "nl2br", 5) == 0)
			f = TF_NL2BR;
		else
			return fail_at(c, pos, "unknown filter in {{%s}} (use url or nl2br)", cnap_arena_strndup(c->a, s, n));
	}
	if (!valid_name(s, name_len) || (catalog && bar))
		return fail_at(c, pos, "bad name in {{%s}}", cnap_arena_strndup(c->a, s, n));
	const char *why = context_problem(&c->html, f, catalog);
	if (why)
		return fail_at(c, pos, why, html_state_name(&c->html));
	struct tmpl_op *op = emit(c, catalog ? TOP_STR : TOP_VAR, s, name_len);
	if (!op)
		return cnap_fail(c->err, CNAP_ENOMEM, "", "out of memory");
	op->filter = (unsigned char)f;
	if (catalog) {
		int id = c->names && c->names->string ? c->names->string(c->names->ctx, s, name_len) : -1;
		if (id < 0)
			return fail_at(c, pos, "unknown catalog string '%s' (add it to templates/strings.tsv)",
				       cnap_arena_strndup(c->a, s, name_len));
		op->arg = (unsigned)id;
	}
	return CNAP_OK;
}

/* Structural tags may sit in text, between attributes or inside a quoted value, never mid-token. */
static bool structural_ok(const struct html_state_m *h)
{
	return h->st == HS_DATA || h->st == HS_IN_TAG || h->st == HS_VALUE_DQ || h->st == HS_VALUE_SQ;
}

static enum cnap_err tag_open_section(struct compiler *c, size_t pos, const char *s, size_t n, bool inverted)
{
	if (!valid_name(s, n))
		return fail_at(c, pos, "bad section name '%s'", cnap_arena_strndup(c->a, s, n));
	if (!structural_ok(&c->html))
		return fail_at(c, pos, "a section cannot start inside %s", html_state_name(&c->html));
	if (c->depth == MAX_DEPTH)
		return fail_at(c, pos, "sections nested too deeply%s", "");
	struct open_section *o = &c->stack[c->depth++];
	o->op = c->n_ops;
	o->name = s;
	o->len = n;
	o->at = c->html;
	return emit(c, inverted ? TOP_INVERTED : TOP_SECTION, s, n) ? CNAP_OK
								     : cnap_fail(c->err, CNAP_ENOMEM, "", "out of memory");
}

static enum cnap_err tag_close_section(struct compiler *c, size_t pos, const char *s, size_t n)
{
	if (!c->depth)
		return fail_at(c, pos, "{{/%s}} closes nothing", cnap_arena_strndup(c->a, s, n));
	struct open_section *o = &c->stack[--c->depth];
	if (o->len != n || memcmp(o->name, s, n) != 0)
		return fail_at(c, pos, "{{/%s}} does not match the open section", cnap_arena_strndup(c->a, s, n));
	if (!html_state_same(&o->at, &c->html))
		return fail_at(c, pos, "section '%s' ends in another HTML context than it started",
			       cnap_arena_strndup(c->a, s, n));
	size_t end = c->n_ops;
	if (!emit(c, TOP_END, s, n))
		return cnap_fail(c->err, CNAP_ENOMEM, "", "out of memory");
	c->ops[o->op].arg = (unsigned)end;
	return CNAP_OK;
}

static enum cnap_err tag_partial(struct compiler *c, size_t pos, const char *s, size_t n)
{
	if (c->html.st != HS_DATA)
		return fail_at(c, pos, "a partial cannot go inside %s", html_state_name(&c->html));
	int id = c->names && c->names->partial ? c->names->partial(c->names->ctx, s, n) : -1;
	if (!valid_name(s, n) || id < 0)
		return fail_at(c, pos, "unknown partial '%s'", cnap_arena_strndup(c->a, s, n));
	struct tmpl_op *op = emit(c, TOP_PARTIAL, s, n);
	if (!op)
		return cnap_fail(c->err, CNAP_ENOMEM, "", "out of memory");
	op->arg = (unsigned)id;
	return CNAP_OK;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\n'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n'))
		(*n)--;
}

static enum cnap_err tag(struct compiler *c, size_t pos, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		return fail_at(c, pos, "empty tag {{}}%s", "");
	char sigil = s[0];
	const char *rest = s + 1;
	size_t rn = n - 1;
	trim(&rest, &rn);
	switch (sigil) {
	case '!': return CNAP_OK;
	case '#': return tag_open_section(c, pos, rest, rn, false);
	case '^': return tag_open_section(c, pos, rest, rn, true);
	case '/': return tag_close_section(c, pos, rest, rn);
	case '>': return tag_partial(c, pos, rest, rn);
	case '@': return tag_var(c, pos, rest, rn, true);
	case '{':
	case '&': return fail_at(c, pos, "raw output {{%c...}} is not supported; pass trusted HTML from code", "");
	default: return tag_var(c, pos, s, n, false);
	}
}

enum cnap_err tmpl_compile(struct cnap_arena *a, const char *name, const char *src, size_t len,
			   const struct tmpl_names *names, struct tmpl *out, struct cnap_error *err)
{
	struct compiler c = { .a = a, .name = name, .src = src, .len = len, .names = names, .err = err };
	html_state_init(&c.html);
	size_t pos = 0;
	enum cnap_err rc = CNAP_OK;
	while (pos < len && !rc) {
		const char *open = find_pair(src + pos, len - pos, '{', '{');
		size_t text_end = open ? (size_t)(open - src) : len;
		if (text_end > pos) {
			if (!emit(&c, TOP_TEXT, src + pos, text_end - pos))
				return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			html_state_feed(&c.html, src + pos, text_end - pos);
		}
		if (!open)
			break;
		size_t body = text_end + 2;
		const char *close = find_pair(src + body, len - body, '}', '}');
		if (!close)
			return fail_at(&c, text_end, "{{ without }}%s", "");
		if (memchr(src + body, '{', (size_t)(close - (src + body))) && src[body] != '!')
			return fail_at(&c, text_end, "'{' inside a tag%s", "");
		rc = tag(&c, text_end, src + body, (size_t)(close - (src + body)));
		pos = (size_t)(close - src) + 2;
	}
	if (rc)
		return rc;
	if (c.depth)
		return fail_at(&c, len, "section '%s' is not closed",
			       cnap_arena_strndup(a, c.stack[c.depth - 1].name, c.stack[c.depth - 1].len));
	if (c.html.st != HS_DATA)
		return fail_at(&c, len, "template ends inside %s", html_state_name(&c.html));
	out->name = name;
	out->ops = c.ops;
	out->n_ops = c.n_ops;
	return CNAP_OK;
}
