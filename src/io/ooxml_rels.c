/*
 * The package's own parts (ooxml_pkg.h): relationships (_rels/.rels and a
 * part's _rels/<name>.rels) and [Content_Types].xml, which together say
 * what the office document is and where its parts are. Parts are found as
 * Office finds them, never by guessing names.
 */
#include "base/compat.h"
#include "io/ooxml_pkg.h"

#include <string.h>
#include <strings.h>

bool ooxml_rel_type_is(const char *type, const char *kind)
{
	size_t n = strlen(type), k = strlen(kind);
	return n > k && type[n - k - 1] == '/' && strcmp(type + n - k, kind) == 0;
}

/* ---- relationships ---- */

struct rels_state {
	const char *source; /* the part the relationships belong to */
	struct ooxml_rels *rels;
};

enum { RELS_TOP, RELS_IN };
static const struct ooxml_step rels_steps[] = { { RELS_TOP, RELS_IN, false, "Relationships" } };

static void rels_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct rels_state *st = pk->state;
	struct ooxml_rels *rels = st->rels;
	if (pk->at != RELS_IN || strcmp(local, "Relationship") != 0)
		return;
	const char *id = ooxml_attr(atts, "Id"), *type = ooxml_attr(atts, "Type");
	const char *target = ooxml_attr(atts, "Target"), *mode = ooxml_attr(atts, "TargetMode");
	if (!id || !type || !target)
		return;
	if (rels->n >= pk->lim.max_relationships) {
		ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "関係（Relationship）の数が多すぎます（%zu個まで）",
			   pk->lim.max_relationships);
		return;
	}
	if (!ooxml_grow(pk, (void **)&rels->v, &rels->cap, rels->n, sizeof(*rels->v)))
		return;
	struct ooxml_rel *rel = &rels->v[rels->n];
	rel->external = mode && strcmp(mode, "External") == 0;
	rel->order = rels->n;
	rel->id = ooxml_strdup(pk, id);
	rel->type = ooxml_strdup(pk, type);
	rel->target = rel->external ? ooxml_strdup(pk, target) : ooxml_resolve(pk, st->source, target);
	if (rel->id && rel->type && rel->target)
		rels->n++;
}

static const struct ooxml_grammar rels_grammar = { OOXML_NS_PKG_REL, rels_steps, CNAP_ARRAY_LEN(rels_steps), NULL,
						     rels_leaf, NULL };

static int rel_by_id(const void *a, const void *b)
{
	const struct ooxml_rel *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order; /* of two with one Id, the first */
}

/* "xl/_rels/workbook.xml.rels" for "xl/workbook.xml", "_rels/.rels" for "". */
static const char *rels_of(struct ooxml_pkg *pk, const char *part)
{
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
	struct cnap_buf b;
	cnap_buf_init(&b, 4096);
	cnap_buf_add(&b, part, dir);
	cnap_buf_adds(&b, "_rels/");
	cnap_buf_adds(&b, part + dir);
	cnap_buf_adds(&b, ".rels");
	const char *s = NULL;
	if (b.status == CNAP_OK)
		s = ooxml_strndup(pk, b.data, b.len);
	else if (b.status == CNAP_ENOMEM)
		ooxml_oom(pk);
	else
		ooxml_fail(pk, b.status, part, "部品名が長すぎます");
	cnap_buf_release(&b);
	return s;
}

enum cnap_err ooxml_read_rels(struct ooxml_pkg *pk, const char *source, struct ooxml_rels *out)
{
	memset(out, 0, sizeof(*out));
	const char *rels_part = rels_of(pk, source);
	if (!rels_part)
		return pk->rc;
	out->part = rels_part;
	if (ooxml_locate(pk, rels_part) < 0)
		return CNAP_OK;
	struct rels_state st = { .source = source, .rels = out };
	pk->state = &st;
	if (ooxml_parse_part(pk, rels_part, &rels_grammar) != CNAP_OK)
		return pk->rc;
	/* a lookup per sheet or link, not a scan */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), rel_by_id);
	return CNAP_OK;
}

void ooxml_rels_release(struct ooxml_rels *rels)
{
	free(rels->v);
	memset(rels, 0, sizeof(*rels));
}

const struct ooxml_rel *ooxml_rel_find(const struct ooxml_rels *rels, const char *id)
{
	size_t lo = 0, hi = rels->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(rels->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rels->n && strcmp(rels->v[lo].id, id) == 0 ? &rels->v[lo] : NULL;
}

const struct ooxml_rel *ooxml_rel_of_type(const struct ooxml_rels *rels, const char *kind)
{
	const struct ooxml_rel *best = NULL;
	for (size_t i = 0; i < rels->n; i++) {
		const struct ooxml_rel *r = &rels->v[i];
		if (!r->external && ooxml_rel_type_is(r->type, kind) && (!best || r->order < best->order))
			best = r;
	}
	return best;
}

/* ---- [Content_Types].xml ---- */

struct ct_state {
	const char *part, *ext;   /* the office document's part name and extension */
	const char *by_override, *by_default;
};

/* Part names compare ignoring case and a leading '/'. */
static bool same_part(const char *a, const char *b)
{
	if (*a == '/')
		a++;
	if (*b == '/')
		b++;
	return strcasecmp(a, b) == 0;
}

enum { CT_TOP, CT_IN };
static const struct ooxml_step ct_steps[] = { { CT_TOP, CT_IN, false, "Types" } };

static void ct_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct ct_state *st = pk->state;
	if (pk->at != CT_IN)
		return;
	const char *type = ooxml_attr(atts, "ContentType");
	if (!type)
		return;
	if (strcmp(local, "Override") == 0) {
		const char *pn = ooxml_attr(atts, "PartName");
		if (pn && !st->by_override && same_part(pn, st->part))
			st->by_override = ooxml_strdup(pk, type);
	} else if (strcmp(local, "Default") == 0) {
		const char *ext = ooxml_attr(atts, "Extension");
		if (ext && !st->by_default && st->ext && strcasecmp(ext, st->ext) == 0)
			st->by_default = ooxml_strdup(pk, type);
	}
}

static const struct ooxml_grammar ct_grammar = { OOXML_NS_CT, ct_steps, CNAP_ARRAY_LEN(ct_steps), NULL, ct_leaf,
						   NULL };

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static enum ooxml_doc doc_of_type(const char *type)
{
	static const char *const workbooks[] = {
		"spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml",
		"ms-excel.sheet.macroEnabled.main+xml", "ms-excel.template.macroEnabled.main+xml",
		"ms-excel.addin.macroEnabled.main+xml",
	};
	static const char *const documents[] = {
		"wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml",
		"ms-word.document.macroEnabled.main+xml", "ms-word.template.macroEnabledTemplate.main+xml",
	};
	for (size_t i = 0; i < CNAP_ARRAY_LEN(workbooks); i++)
		if (ends_with(type, workbooks[i]))
			return OOXML_DOC_WORKBOOK;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(documents); i++)
		if (ends_with(type, documents[i]))
			return OOXML_DOC_WORD;
	if (strstr(type, "ms-excel.sheet.binary"))
		return OOXML_DOC_WORKBOOK_BINARY;
	if (strstr(type, "wordprocessingml"))
		return OOXML_DOC_WORD;
	if (strstr(type, "presentationml"))
		return OOXML_DOC_SLIDES;
	return OOXML_DOC_UNKNOWN;
}

enum cnap_err ooxml_main_document(struct ooxml_pkg *pk, const char *fallback, const char **part,
				  enum ooxml_doc *doc)
{
	struct ooxml_rels rels;
	*part = NULL;
	if (ooxml_read_rels(pk, "", &rels) == CNAP_OK) {
		const struct ooxml_rel *main = ooxml_rel_of_type(&rels, "officeDocument");
		if (main)
			*part = main->target;
	}
	ooxml_rels_release(&rels);
	if (pk->rc != CNAP_OK)
		return pk->rc;
	if (!*part)
		*part = fallback;

	const char *ctp = "[Content_Types].xml";
	if (ooxml_locate(pk, ctp) < 0)
		return ooxml_fail(pk, CNAP_EFORMAT, ctp, "%sではありません（[Content_Types].xml がありません）",
				  pk->kind->name);
	struct ct_state ct = { .part = *part };
	const char *dot = strrchr(*part, '.');
	ct.ext = dot && !strchr(dot, '/') ? dot + 1 : NULL;
	pk->state = &ct;
	if (ooxml_parse_part(pk, ctp, &ct_grammar) != CNAP_OK)
		return pk->rc;
	const char *type = ct.by_override ? ct.by_override : ct.by_default;
	*doc = doc_of_type(type ? type : "");
	return CNAP_OK;
}
