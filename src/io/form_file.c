#include "base/compat.h"
#include "io/form_file.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cnap_form_problem_add(struct cnap_arena *a, struct cnap_form_problems *p, const char *where, const char *fmt,
			   ...)
{
	if (p->n >= CNAP_FORM_PROBLEMS_MAX) {
		p->dropped++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cnap_arena_vprintf(a, fmt, ap);
	va_end(ap);
	const char *w = cnap_arena_strdup(a, where ? where : "");
	struct cnap_form_problem *v = msg && w ? cnap_arena_grow(a, p->v, p->n, &p->cap, sizeof(*v)) : NULL;
	if (!v) {
		p->oom = true;
		return;
	}
	p->v = v;
	p->v[p->n++] = (struct cnap_form_problem){ w, msg };
}

const char *cnap_form_choice_label(const struct cnap_form_line *l, const char *code)
{
	if (!code || (l->type != CNAP_FT_CHOICE && l->type != CNAP_FT_BOOL))
		return code;
	for (size_t i = 0; i < l->n_choices; i++)
		if (strcmp(l->choices[i].code, code) == 0)
			return l->choices[i].label;
	return code;
}

/* FNV-1a, 32 bits: a change detector, not a secret. */
static uint32_t fnv(uint32_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	h ^= 0x1f; /* a separator, so "ab"+"c" differs from "a"+"bc" */
	return h * 16777619u;
}

void cnap_form_fingerprint(const struct cnap_form_table *t, char out[9])
{
	static const char *const layouts[] = { "years", "records", "fields" };
	uint32_t h = fnv(2166136261u, layouts[t->layout]);
	h = fnv(h, t->code);
	for (size_t i = 0; t->layout == CNAP_FORM_YEARS && i < t->n_years; i++)
		h = fnv(h, cnap_year_role_name(t->years[i]));
	for (size_t i = 0; i < t->n_lines; i++) {
		h = fnv(h, t->lines[i].code);
		h = fnv(h, t->lines[i].computed ? "=" : "<");
		h = fnv(h, t->lines[i].bind);
	}
	snprintf(out, 9, "%08x", (unsigned)h);
}

/* A label without the indent it is printed with ("　うち購入電力消費量"). */
static const char *unindented(const char *s)
{
	for (;;) {
		if (*s == ' ')
			s++;
		else if (strncmp(s, "\u3000", 3) == 0)
			s += 3;
		else
			return s;
	}
}

const char *cnap_form_cell_words(struct cnap_arena *a, const struct cnap_form_table *t, size_t row, size_t col)
{
	switch (t->layout) {
	case CNAP_FORM_YEARS:
		if (row < t->n_lines && col < t->n_years)
			return cnap_arena_printf(a, "%s／%s", unindented(t->lines[row].label),
						 cnap_year_role_label_ja(t->years[col]));
		break;
	case CNAP_FORM_FIELDS:
		if (row < t->n_lines)
			return unindented(t->lines[row].label);
		break;
	case CNAP_FORM_RECORDS:
		if (col < t->n_lines)
			return cnap_arena_printf(a, "%s／%zu件目", t->lines[col].label, row + 1);
		break;
	}
	return "";
}

bool cnap_form_mirror_of(const struct cnap_form_table *const *tables, size_t n, size_t ti, size_t row, size_t col,
			 size_t *tj, size_t *rj, size_t *cj)
{
	if (ti >= n)
		return false;
	const struct cnap_form_table *t = tables[ti];
	if (t->layout == CNAP_FORM_RECORDS || row >= t->n_lines || t->lines[row].computed)
		return false;
	if (t->layout == CNAP_FORM_YEARS && col >= t->n_years)
		return false;
	const char *bind = t->lines[row].bind;
	for (size_t k = 0; k < ti; k++) {
		const struct cnap_form_table *e = tables[k];
		if (e->layout != t->layout)
			continue;
		for (size_t r = 0; r < e->n_lines; r++) {
			if (e->lines[r].computed || strcmp(e->lines[r].bind, bind) != 0)
				continue;
			if (t->layout == CNAP_FORM_FIELDS) {
				*tj = k, *rj = r, *cj = 0;
				return true;
			}
			for (size_t c = 0; c < e->n_years; c++)
				if (e->years[c] == t->years[col]) {
					*tj = k, *rj = r, *cj = c;
					return true;
				}
		}
	}
	return false;
}
