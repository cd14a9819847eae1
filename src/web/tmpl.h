/*
 * The template engine: a logic-less mustache subset that escapes by default.
 *
 *   {{name}} {{a.b}} {{.}}   value, HTML-escaped (a TV_HTML value is written as is)
 *   {{name|url}}             a URL: only relative, http: or https:, percent-encoded, then escaped
 *   {{name|nl2br}}           escaped, line breaks as <br>
 *   {{@key}}                 a string of the catalog (templates/strings.tsv), escaped
 *   {{#name}}…{{/name}}      section: once per list item, once for a map or a true value
 *   {{^name}}…{{/name}}      inverted section: when the value is false, empty or missing
 *   {{>partial}}             another template
 *   {{! comment }}
 *
 * There is no syntax for raw output. The compiler also tracks where in the
 * HTML each tag falls and rejects values inside <script> or <style>, in
 * on* or style attributes, in unquoted attribute values, in tag or attribute
 * names and in comments; URL attributes (href, src, action, formaction)
 * take values only through |url. Sections must leave the HTML context as
 * they found it, and partials start and end in text. Templates are compiled
 * at build time (tmplc), so a broken template breaks the build.
 */
#ifndef CNAP_WEB_TMPL_H
#define CNAP_WEB_TMPL_H

#include "base/arena.h"
#include "base/buf.h"
#include "web/tv.h"

enum tmpl_op_kind {
	TOP_TEXT,     /* s[0..len) literal markup */
	TOP_VAR,      /* value named s, through filter */
	TOP_STR,      /* catalog string number arg */
	TOP_SECTION,  /* name s; arg = index of the matching TOP_END */
	TOP_INVERTED, /* name s; arg = index of the matching TOP_END */
	TOP_END,
	TOP_PARTIAL,  /* template number arg */
};

enum tmpl_filter { TF_HTML, TF_URL, TF_NL2BR };

struct tmpl_op {
	unsigned char kind;   /* enum tmpl_op_kind */
	unsigned char filter; /* enum tmpl_filter */
	unsigned arg;
	const char *s;
	size_t len;
	uint32_t hash;        /* named ops: tv_key_hash of the name up to its first dot, hashed once at compile time */
};

struct tmpl {
	const char *name; /* file name without .html */
	const struct tmpl_op *ops;
	size_t n_ops;
};

/* Resolves names found while compiling: partials to template numbers, {{@key}} to string numbers. */
struct tmpl_names {
	int (*partial)(void *ctx, const char *name, size_t len); /* -1: unknown */
	int (*string)(void *ctx, const char *key, size_t len);   /* -1: unknown */
	void *ctx;
};

/* Compile src into out (ops and names allocated in a). err->where is "name:line". */
enum cnap_err tmpl_compile(struct cnap_arena *a, const char *name, const char *src, size_t len,
			   const struct tmpl_names *names, struct tmpl *out, struct cnap_error *err);

/* A set of compiled templates and the catalog strings their {{@key}} refer to. */
struct tmpl_set {
	const struct tmpl *templates;
	size_t n_templates;
	const char *const *strings;
	size_t n_strings;
};

/* Render template number t of set with ctx as the root value; appends to out. */
enum cnap_err tmpl_render(const struct tmpl_set *set, size_t t, const struct tv *ctx, struct cnap_buf *out);

/* The URL filter alone: writes s as a safe, escaped URL (unsafe schemes become "#"). */
void tmpl_add_url(struct cnap_buf *out, const char *s);

#endif
