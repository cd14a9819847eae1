/* Rendering compiled templates (web/tmpl.h). */
#include "base/compat.h"
#include "web/tmpl.h"

#include <string.h>
#include <strings.h>

#define MAX_STACK 48    /* context frames: nested sections plus partials */
#define MAX_PARTIALS 12 /* partial nesting; also stops a template that includes itself */
#define MAX_STEPS 5000000 /* ops per render: nested sections over lists must not run away */

struct render {
	const struct tmpl_set *set;
	const struct tv *stack[MAX_STACK];
	size_t depth;
	unsigned partials;
	unsigned long steps;
	struct cnap_buf *out;
};

/* Mustache look-up: the first segment from the innermost frame outwards, then down the dots. */
static const struct tv *lookup(const struct render *r, const struct tmpl_op *op)
{
	const char *name = op->s;
	size_t len = op->len;
	if (len == 1 && name[0] == '.')
		return r->depth ? r->stack[r->depth - 1] : NULL;
	const char *dot = memchr(name, '.', len);
	size_t first = dot ? (size_t)(dot - name) : len;
	uint32_t h = op->hash;
	const struct tv *v = NULL;
	for (size_t i = r->depth; i-- > 0 && !v;)
		v = tv_get_hashed(r->stack[i], name, first, h);
	while (v && dot) {
		const char *seg = dot + 1;
		size_t left = len - (size_t)(seg - name);
		dot = memchr(seg, '.', left);
		size_t n = dot ? (size_t)(dot - seg) : left;
		v = tv_get_hashed(v, seg, n, tv_key_hash(seg, n));
	}
	return v;
}

static bool url_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("-._~/?#[]@!$&*+,;=:%", c) != NULL;
}

void tmpl_add_url(struct cnap_buf *out, const char *s)
{
	/* A scheme is what comes before the first ':' ahead of any '/', '?' or '#'. */
	size_t scheme = strcspn(s, ":/?#");
	if (s[scheme] == ':' && !((scheme == 4 && strncasecmp(s, "http", 4) == 0) ||
				  (scheme == 5 && strncasecmp(s, "https", 5) == 0))) {
		cnap_buf_addc(out, '#');
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '&')
			cnap_buf_adds(out, "&amp;");
		else if (url_safe(*p))
			cnap_buf_addc(out, (char)*p);
		else
			cnap_buf_addf(out, "%%%02X", *p);
	}
}

static void add_nl2br(struct cnap_buf *out, const char *s)
{
	while (*s) {
		size_t run = strcspn(s, CNAP_HTML_SPECIAL "\r\n");
		cnap_buf_add(out, s, run);
		s += run;
		if (!*s)
			break;
		if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s[1] == '\n')
				s++;
			cnap_buf_adds(out, "<br>\n");
		} else {
			cnap_buf_add_html_n(out, s, 1);
		}
		s++;
	}
}

static void write_value(struct render *r, const struct tv *v, enum tmpl_filter f)
{
	if (!v)
		return;
	switch (v->kind) {
	case TV_BOOL: cnap_buf_adds(r->out, v->b ? "true" : "false"); break;
	case TV_INT: cnap_buf_addf(r->out, "%lld", (long long)v->i); break;
	case TV_HTML:
	case TV_STR:
		if (v->kind == TV_HTML && f != TF_URL)
			cnap_buf_adds(r->out, v->s); /* vouched-for markup; a URL is never trusted as such */
		else if (f == TF_URL)
			tmpl_add_url(r->out, v->s);
		else if (f == TF_NL2BR)
			add_nl2br(r->out, v->s);
		else
			cnap_buf_add_html(r->out, v->s);
		break;
	default: break;
	}
}

static enum cnap_err render_ops(struct render *r, const struct tmpl *t, size_t begin, size_t end);

static enum cnap_err with_frame(struct render *r, const struct tv *frame, const struct tmpl *t, size_t begin,
				size_t end)
{
	if (r->depth == MAX_STACK)
		return r->out->status = CNAP_ETOOBIG;
	r->stack[r->depth++] = frame;
	enum cnap_err rc = render_ops(r, t, begin, end);
	r->depth--;
	return rc;
}

static enum cnap_err render_ops(struct render *r, const struct tmpl *t, size_t begin, size_t end)
{
	for (size_t i = begin; i < end && i < t->n_ops && !r->out->status; i++) {
		const struct tmpl_op *op = &t->ops[i];
		if (++r->steps > MAX_STEPS)
			return r->out->status = CNAP_ETOOBIG;
		switch ((enum tmpl_op_kind)op->kind) {
		case TOP_TEXT: cnap_buf_add(r->out, op->s, op->len); break;
		case TOP_VAR: write_value(r, lookup(r, op), (enum tmpl_filter)op->filter); break;
		case TOP_STR:
			if (op->arg < r->set->n_strings)
				cnap_buf_add_html(r->out, r->set->strings[op->arg]);
			break;
		case TOP_SECTION: {
			const struct tv *v = lookup(r, op);
			if (v && v->kind == TV_LIST) {
				for (size_t k = 0; k < v->n; k++)
					with_frame(r, v->items[k], t, i + 1, op->arg);
			} else if (tv_truthy(v)) {
				with_frame(r, v, t, i + 1, op->arg);
			}
			i = op->arg;
			break;
		}
		case TOP_INVERTED:
			if (!tv_truthy(lookup(r, op)))
				render_ops(r, t, i + 1, op->arg);
			i = op->arg;
			break;
		case TOP_END: break;
		case TOP_PARTIAL:
			if (op->arg >= r->set->n_templates || r->partials == MAX_PARTIALS)
				return r->out->status = CNAP_ETOOBIG;
			r->partials++;
			const struct tmpl *p = &r->set->templates[op->arg];
			render_ops(r, p, 0, p->n_ops);
			r->partials--;
			break;
		}
	}
	return r->out->status;
}

enum cnap_err tmpl_render(const struct tmpl_set *set, size_t t, const struct tv *ctx, struct cnap_buf *out)
{
	if (t >= set->n_templates)
		return CNAP_ENOTFOUND;
	struct render r = { .set = set, .out = out };
	r.stack[r.depth++] = ctx;
	const struct tmpl *tp = &set->templates[t];
	return render_ops(&r, tp, 0, tp->n_ops);
}
