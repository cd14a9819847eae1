/*
 * The parts of an xlsx around its sheets: [Content_Types].xml, the
 * relationships, xl/workbook.xml, xl/styles.xml (number formats and which of
 * them are dates: xlsx_styles.c) and xl/sharedStrings.xml.
 */
#include "base/compat.h"
#include "io/xlsx_priv.h"

#include <string.h>
#include <strings.h>

/* Whether a relationship type URI ends with "/kind" (transitional and strict differ before it). */
static bool rel_type_is(const char *type, const char *kind)
{
	size_t n = strlen(type), k = strlen(kind);
	return n > k && type[n - k - 1] == '/' && strcmp(type + n - k, kind) == 0;
}

/* ---- relationships ---- */

struct xlsx_rel {
	const char *id, *type, *target; /* target resolved to a part name */
};

struct rels_state {
	const char *source; /* the part the relationships belong to */
	struct xlsx_rel *v;
	size_t n, cap;
};

enum { RELS_TOP, RELS_IN };
static const struct xr_step rels_steps[] = { { RELS_TOP, RELS_IN, false, "Relationships" } };

static void rels_leaf(struct xr *r, const char *local, const XML_Char **atts)
{
	struct rels_state *st = r->part_state;
	if (r->at != RELS_IN || strcmp(local, "Relationship") != 0)
		return;
	const char *id = xml_attr(atts, "Id"), *type = xml_attr(atts, "Type");
	const char *target = xml_attr(atts, "Target"), *mode = xml_attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (st->n >= r->lim.max_entries + 64) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "関係（Relationship）の数が多すぎます");
		return;
	}
	if (!xr_grow(r, (void **)&st->v, &st->cap, st->n, sizeof(*st->v)))
		return;
	struct xlsx_rel *rel = &st->v[st->n];
	rel->id = xr_strdup(r, id);
	rel->type = xr_strdup(r, type);
	rel->target = xr_resolve(r, st->source, target);
	if (rel->id && rel->type && rel->target)
		st->n++;
}

static const struct xr_grammar rels_grammar = { NS_PKG_REL, rels_steps, CNAP_ARRAY_LEN(rels_steps), NULL,
						  rels_leaf, NULL };

static int rel_by_id(const void *a, const void *b)
{
	return strcmp(((const struct xlsx_rel *)a)->id, ((const struct xlsx_rel *)b)->id);
}

/* The relationship Id id in rels sorted by rel_by_id, or NULL. */
static const struct xlsx_rel *rel_find(const struct rels_state *rels, const char *id)
{
	struct xlsx_rel key = { .id = id };
	return rels->n ? bsearch(&key, rels->v, rels->n, sizeof(*rels->v), rel_by_id) : NULL;
}

/* The relationships of part source from rels_part; a missing part is no relationships. */
static enum cnap_err read_rels(struct xr *r, const char *rels_part, const char *source, struct rels_state *st)
{
	memset(st, 0, sizeof(*st));
	st->source = source;
	if (xr_locate(r, rels_part) < 0)
		return CNAP_OK;
	r->part_state = st;
	return xr_parse_part(r, rels_part, &rels_grammar);
}

/* ---- [Content_Types].xml and _rels/.rels ---- */

struct ct_state {
	const char *part, *ext;   /* the workbook's part name and extension */
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
static const struct xr_step ct_steps[] = { { CT_TOP, CT_IN, false, "Types" } };

static void ct_leaf(struct xr *r, const char *local, const XML_Char **atts)
{
	struct ct_state *st = r->part_state;
	if (r->at != CT_IN)
		return;
	const char *type = xml_attr(atts, "ContentType");
	if (!type)
		return;
	if (strcmp(local, "Override") == 0) {
		const char *pn = xml_attr(atts, "PartName");
		if (pn && !st->by_override && same_part(pn, st->part))
			st->by_override = xr_strdup(r, type);
	} else if (strcmp(local, "Default") == 0) {
		const char *ext = xml_attr(atts, "Extension");
		if (ext && !st->by_default && st->ext && strcasecmp(ext, st->ext) == 0)
			st->by_default = xr_strdup(r, type);
	}
}

static const struct xr_grammar ct_grammar = { NS_CT, ct_steps, CNAP_ARRAY_LEN(ct_steps), NULL, ct_leaf, NULL };

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

enum cnap_err xr_read_package(struct xr *r)
{
	struct rels_state rels;
	if (read_rels(r, "_rels/.rels", "", &rels) == CNAP_OK) {
		for (size_t i = 0; i < rels.n && !r->workbook_part; i++)
			if (rel_type_is(rels.v[i].type, "officeDocument"))
				r->workbook_part = rels.v[i].target;
	}
	free(rels.v);
	if (r->rc != CNAP_OK)
		return r->rc;
	if (!r->workbook_part)
		r->workbook_part = "xl/workbook.xml";

	const char *ctp = "[Content_Types].xml";
	if (xr_locate(r, ctp) < 0)
		return xr_fail(r, CNAP_EFORMAT, ctp,
			       "Excelのブック（xlsx）ではありません（[Content_Types].xml がありません）");
	struct ct_state ct = { .part = r->workbook_part };
	const char *dot = strrchr(r->workbook_part, '.');
	ct.ext = dot && !strchr(dot, '/') ? dot + 1 : NULL;
	r->part_state = &ct;
	if (xr_parse_part(r, ctp, &ct_grammar) != CNAP_OK)
		return r->rc;
	const char *type = ct.by_override ? ct.by_override : ct.by_default;
	if (!type)
		type = "";
	if (ends_with(type, "spreadsheetml.sheet.main+xml") || ends_with(type, "spreadsheetml.template.main+xml") ||
	    ends_with(type, "ms-excel.sheet.macroEnabled.main+xml") ||
	    ends_with(type, "ms-excel.template.macroEnabled.main+xml") ||
	    ends_with(type, "ms-excel.addin.macroEnabled.main+xml"))
		return CNAP_OK;
	if (strstr(type, "ms-excel.sheet.binary"))
		return xr_fail(r, CNAP_EFORMAT, r->workbook_part,
			       "xlsb形式（Excelバイナリブック）には対応していません。xlsx形式で保存し直してください");
	if (strstr(type, "wordprocessingml"))
		return xr_fail(r, CNAP_EFORMAT, r->workbook_part, "Excelのブックではありません（Wordの文書です）");
	if (strstr(type, "presentationml"))
		return xr_fail(r, CNAP_EFORMAT, r->workbook_part,
			       "Excelのブックではありません（PowerPointのプレゼンテーションです）");
	return xr_fail(r, CNAP_EFORMAT, r->workbook_part, "Excelのブック（xlsx）ではありません");
}

/* ---- xl/workbook.xml ---- */

enum { WB_TOP, WB_BOOK, WB_SHEETS, WB_NAMES, WB_NAME };
static const struct xr_step wb_steps[] = {
	{ WB_TOP, WB_BOOK, false, "workbook" },
	{ WB_BOOK, WB_SHEETS, false, "sheets" },
	{ WB_BOOK, WB_NAMES, false, "definedNames" },
	{ WB_NAMES, WB_NAME, true, "definedName" },
};

struct wb_state {
	struct cnap_xlsx_sheet *sheets;
	struct xlsx_sheet_ref *refs;
	size_t n_sheets, cap_sheets, cap_refs;
	struct cnap_xlsx_name *names;
	size_t n_names, cap_names;
};

static void wb_sheet(struct xr *r, struct wb_state *st, const XML_Char **atts)
{
	const char *name = xml_attr(atts, "name"), *state = xml_attr(atts, "state");
	const char *rid = xml_attr_rid(atts);
	if (!name || !rid) {
		xr_fail(r, CNAP_EFORMAT, r->part, "シートの名前か参照（r:id）がありません");
		return;
	}
	if (st->n_sheets >= r->lim.max_entries) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "シートの数が多すぎます");
		return;
	}
	if (!xr_grow(r, (void **)&st->sheets, &st->cap_sheets, st->n_sheets, sizeof(*st->sheets)) ||
	    !xr_grow(r, (void **)&st->refs, &st->cap_refs, st->n_sheets, sizeof(*st->refs)))
		return;
	struct cnap_xlsx_sheet *s = &st->sheets[st->n_sheets];
	memset(s, 0, sizeof(*s));
	s->name = xr_strdup(r, name);
	s->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
	st->refs[st->n_sheets] = (struct xlsx_sheet_ref){ .rid = xr_strdup(r, rid) };
	st->n_sheets++;
}

static void wb_leaf(struct xr *r, const char *local, const XML_Char **atts)
{
	if (r->at == WB_BOOK && strcmp(local, "workbookPr") == 0)
		r->x->date1904 = xml_true(xml_attr(atts, "date1904"));
	else if (r->at == WB_SHEETS && strcmp(local, "sheet") == 0)
		wb_sheet(r, r->part_state, atts);
}

/* Into a <definedName>: its attributes now, its text (the value) on the way out. */
static void wb_enter(struct xr *r, const XML_Char **atts)
{
	struct wb_state *st = r->part_state;
	if (r->at != WB_NAME)
		return;
	const char *n = xml_attr(atts, "name");
	if (!n) {
		xr_skip(r);
		return;
	}
	if (st->n_names >= r->lim.max_shared_strings) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "名前の定義が多すぎます");
		return;
	}
	if (!xr_grow(r, (void **)&st->names, &st->cap_names, st->n_names, sizeof(*st->names)))
		return;
	const char *sheet = xml_attr(atts, "localSheetId");
	st->names[st->n_names] = (struct cnap_xlsx_name){
		.name = xr_strdup(r, n),
		.sheet = sheet ? (int32_t)xlsx_small_uint(sheet) : -1,
		.hidden = xml_true(xml_attr(atts, "hidden")),
	};
	cnap_buf_reset(&r->text);
}

static void wb_leave(struct xr *r)
{
	struct wb_state *st = r->part_state;
	if (r->at != WB_NAME || r->rc != CNAP_OK)
		return;
	const char *v = xr_strndup(r, r->text.data ? r->text.data : "", r->text.len);
	if (v)
		st->names[st->n_names++].value = v;
}

static const struct xr_grammar wb_grammar = { NS_MAIN, wb_steps, CNAP_ARRAY_LEN(wb_steps), wb_enter, wb_leaf,
					      wb_leave };

/* "xl/_rels/workbook.xml.rels" for "xl/workbook.xml". */
static const char *rels_of(struct xr *r, const char *part)
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
		s = xr_strndup(r, b.data, b.len);
	else if (b.status == CNAP_ENOMEM)
		xr_oom(r);
	else
		xr_fail(r, b.status, part, "部品名が長すぎます");
	cnap_buf_release(&b);
	return s;
}

enum cnap_err xr_read_workbook(struct xr *r)
{
	const char *wb = r->workbook_part;
	if (xr_locate(r, wb) < 0)
		return xr_fail(r, CNAP_EFORMAT, wb, "ブックの本体（%s）がありません", wb);
	struct wb_state st = { 0 };
	r->part_state = &st;
	struct rels_state rels = { 0 };
	const char *rels_part;
	if (xr_parse_part(r, wb, &wb_grammar) != CNAP_OK)
		goto done;
	if (!(rels_part = rels_of(r, wb)) || read_rels(r, rels_part, wb, &rels) != CNAP_OK)
		goto done;
	/* a sheet per relationship: a lookup each, not a scan */
	if (rels.n > 1)
		qsort(rels.v, rels.n, sizeof(*rels.v), rel_by_id);
	for (size_t i = 0; i < st.n_sheets; i++) {
		struct xlsx_sheet_ref *ref = &st.refs[i];
		const struct xlsx_rel *rel = rel_find(&rels, ref->rid);
		if (rel) {
			ref->part = rel->target;
			ref->is_worksheet = rel_type_is(rel->type, "worksheet");
		} else {
			xr_fail(r, CNAP_EFORMAT, rels_part, "シート「%s」の部品が関係（%s）にありません",
				st.sheets[i].name, ref->rid);
			goto done;
		}
	}
	for (size_t k = 0; k < rels.n; k++) {
		if (rel_type_is(rels.v[k].type, "sharedStrings") && !r->sst_part)
			r->sst_part = rels.v[k].target;
		else if (rel_type_is(rels.v[k].type, "styles") && !r->styles_part)
			r->styles_part = rels.v[k].target;
	}
	for (size_t i = 0; i < st.n_names; i++)
		if (st.names[i].sheet >= (int32_t)st.n_sheets)
			st.names[i].sheet = -1;
	r->x->n_sheets = st.n_sheets;
	r->x->sheets = xr_to_arena(r, st.sheets, st.n_sheets, sizeof(*st.sheets));
	r->sheet_refs = xr_to_arena(r, st.refs, st.n_sheets, sizeof(*st.refs));
	r->x->n_names = st.n_names;
	r->x->names = xr_to_arena(r, st.names, st.n_names, sizeof(*st.names));
done:
	free(st.sheets);
	free(st.refs);
	free(st.names);
	free(rels.v);
	return r->rc;
}

/* ---- xl/sharedStrings.xml ---- */

/* A string item's text is that of <t> right inside it or inside a run <r>: never furigana (<rPh>). */
enum { SST_TOP, SST_IN, SST_SI, SST_T, SST_R, SST_RT };
static const struct xr_step sst_steps[] = {
	{ SST_TOP, SST_IN, false, "sst" }, { SST_IN, SST_SI, false, "si" }, { SST_SI, SST_T, true, "t" },
	{ SST_SI, SST_R, false, "r" },     { SST_R, SST_RT, true, "t" },
};

static void sst_enter(struct xr *r, const XML_Char **atts)
{
	if (r->at != SST_SI)
		return;
	if (r->n_sst >= r->lim.max_shared_strings) {
		xr_fail(r, CNAP_ETOOBIG, r->part, "共有文字列の数が上限（%zu）を超えます", r->lim.max_shared_strings);
		return;
	}
	cnap_buf_reset(&r->text);
}

static void sst_leave(struct xr *r)
{
	if (r->at != SST_SI || r->rc != CNAP_OK)
		return;
	const char *s = xr_text_value(r, NULL, 0, 0);
	if (s && xr_grow(r, (void **)&r->sst, &r->cap_sst, r->n_sst, sizeof(*r->sst)))
		r->sst[r->n_sst++] = s;
}

static const struct xr_grammar sst_grammar = { NS_MAIN, sst_steps, CNAP_ARRAY_LEN(sst_steps), sst_enter, NULL,
					       sst_leave };

enum cnap_err xr_read_shared_strings(struct xr *r)
{
	if (!r->sst_part || xr_locate(r, r->sst_part) < 0)
		return CNAP_OK;
	return xr_parse_part(r, r->sst_part, &sst_grammar);
}
