/*
 * The parts of an xlsx around its sheets: that the package
 * (ooxml_pkg.h) is a workbook, xl/workbook.xml and its relationships, xl/styles.xml (number formats and which of
 * them are dates: xlsx_styles.c) and xl/sharedStrings.xml.
 */
#include "base/compat.h"
#include "io/xlsx_priv.h"

#include <string.h>
#include <strings.h>

enum cnap_err xr_read_package(struct xr *r)
{
	enum ooxml_doc doc;
	if (ooxml_main_document(&r->pk, "xl/workbook.xml", &r->workbook_part, &doc) != CNAP_OK)
		return r->pk.rc;
	switch (doc) {
	case OOXML_DOC_WORKBOOK:
		return CNAP_OK;
	case OOXML_DOC_WORKBOOK_BINARY:
		return ooxml_fail(&r->pk, CNAP_EFORMAT, r->workbook_part,
				  "xlsb形式（Excelバイナリブック）には対応していません。xlsx形式で保存し直してください");
	case OOXML_DOC_WORD:
		return ooxml_fail(&r->pk, CNAP_EFORMAT, r->workbook_part, "Excelのブックではありません（Wordの文書です）");
	case OOXML_DOC_SLIDES:
		return ooxml_fail(&r->pk, CNAP_EFORMAT, r->workbook_part,
				  "Excelのブックではありません（PowerPointのプレゼンテーションです）");
	default:
		return ooxml_fail(&r->pk, CNAP_EFORMAT, r->workbook_part, "Excelのブック（xlsx）ではありません");
	}
}

/* ---- xl/workbook.xml ---- */

enum { WB_TOP, WB_BOOK, WB_SHEETS, WB_NAMES, WB_NAME };
static const struct ooxml_step wb_steps[] = {
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
	const char *name = ooxml_attr(atts, "name"), *state = ooxml_attr(atts, "state");
	const char *rid = ooxml_attr_rid(atts);
	if (!name || !rid) {
		ooxml_fail(&r->pk, CNAP_EFORMAT, r->pk.part, "シートの名前か参照（r:id）がありません");
		return;
	}
	if (st->n_sheets >= r->lim.max_entries) {
		ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "シートの数が多すぎます");
		return;
	}
	if (!ooxml_grow(&r->pk, (void **)&st->sheets, &st->cap_sheets, st->n_sheets, sizeof(*st->sheets)) ||
	    !ooxml_grow(&r->pk, (void **)&st->refs, &st->cap_refs, st->n_sheets, sizeof(*st->refs)))
		return;
	struct cnap_xlsx_sheet *s = &st->sheets[st->n_sheets];
	memset(s, 0, sizeof(*s));
	s->name = ooxml_strdup(&r->pk, name);
	s->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
	st->refs[st->n_sheets] = (struct xlsx_sheet_ref){ .rid = ooxml_strdup(&r->pk, rid) };
	st->n_sheets++;
}

static void wb_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct xr *r = xr_of(pk);
	if (r->pk.at == WB_BOOK && strcmp(local, "workbookPr") == 0)
		r->x->date1904 = ooxml_true(ooxml_attr(atts, "date1904"));
	else if (r->pk.at == WB_SHEETS && strcmp(local, "sheet") == 0)
		wb_sheet(r, r->pk.state, atts);
}

/* Into a <definedName>: its attributes now, its text (the value) on the way out. */
static void wb_enter(struct ooxml_pkg *pk, const XML_Char **atts)
{
	struct xr *r = xr_of(pk);
	struct wb_state *st = r->pk.state;
	if (r->pk.at != WB_NAME)
		return;
	const char *n = ooxml_attr(atts, "name");
	if (!n) {
		ooxml_skip(&r->pk);
		return;
	}
	if (st->n_names >= r->lim.max_shared_strings) {
		ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "名前の定義が多すぎます");
		return;
	}
	if (!ooxml_grow(&r->pk, (void **)&st->names, &st->cap_names, st->n_names, sizeof(*st->names)))
		return;
	const char *sheet = ooxml_attr(atts, "localSheetId");
	st->names[st->n_names] = (struct cnap_xlsx_name){
		.name = ooxml_strdup(&r->pk, n),
		.sheet = sheet ? (int32_t)ooxml_small_uint(sheet) : -1,
		.hidden = ooxml_true(ooxml_attr(atts, "hidden")),
	};
	cnap_buf_reset(&r->pk.text);
}

static void wb_leave(struct ooxml_pkg *pk)
{
	struct xr *r = xr_of(pk);
	struct wb_state *st = r->pk.state;
	if (r->pk.at != WB_NAME || r->pk.rc != CNAP_OK)
		return;
	const char *v = ooxml_strndup(&r->pk, r->pk.text.data ? r->pk.text.data : "", r->pk.text.len);
	if (v)
		st->names[st->n_names++].value = v;
}

static const struct ooxml_grammar wb_grammar = { OOXML_NS_SML, wb_steps, CNAP_ARRAY_LEN(wb_steps), wb_enter, wb_leaf,
					      wb_leave };

enum cnap_err xr_read_workbook(struct xr *r)
{
	const char *wb = r->workbook_part;
	if (ooxml_locate(&r->pk, wb) < 0)
		return ooxml_fail(&r->pk, CNAP_EFORMAT, wb, "ブックの本体（%s）がありません", wb);
	struct wb_state st = { 0 };
	r->pk.state = &st;
	struct ooxml_rels rels = { 0 };
	if (ooxml_parse_part(&r->pk, wb, &wb_grammar) != CNAP_OK || ooxml_read_rels(&r->pk, wb, &rels) != CNAP_OK)
		goto done;
	for (size_t i = 0; i < st.n_sheets; i++) {
		struct xlsx_sheet_ref *ref = &st.refs[i];
		const struct ooxml_rel *rel = ooxml_rel_find(&rels, ref->rid);
		if (rel && !rel->external) {
			ref->part = rel->target;
			ref->is_worksheet = ooxml_rel_type_is(rel->type, "worksheet");
		} else {
			ooxml_fail(&r->pk, CNAP_EFORMAT, rels.part ? rels.part : wb,
				   "シート「%s」の部品が関係（%s）にありません", st.sheets[i].name, ref->rid);
			goto done;
		}
	}
	const struct ooxml_rel *sst = ooxml_rel_of_type(&rels, "sharedStrings");
	const struct ooxml_rel *styles = ooxml_rel_of_type(&rels, "styles");
	r->sst_part = sst ? sst->target : NULL;
	r->styles_part = styles ? styles->target : NULL;
	for (size_t i = 0; i < st.n_names; i++)
		if (st.names[i].sheet >= (int32_t)st.n_sheets)
			st.names[i].sheet = -1;
	r->x->n_sheets = st.n_sheets;
	r->x->sheets = ooxml_to_arena(&r->pk, st.sheets, st.n_sheets, sizeof(*st.sheets));
	r->sheet_refs = ooxml_to_arena(&r->pk, st.refs, st.n_sheets, sizeof(*st.refs));
	r->x->n_names = st.n_names;
	r->x->names = ooxml_to_arena(&r->pk, st.names, st.n_names, sizeof(*st.names));
done:
	free(st.sheets);
	free(st.refs);
	free(st.names);
	ooxml_rels_release(&rels);
	return r->pk.rc;
}

/* ---- xl/sharedStrings.xml ---- */

/* A string item's text is that of <t> right inside it or inside a run <r>: never furigana (<rPh>). */
enum { SST_TOP, SST_IN, SST_SI, SST_T, SST_R, SST_RT };
static const struct ooxml_step sst_steps[] = {
	{ SST_TOP, SST_IN, false, "sst" }, { SST_IN, SST_SI, false, "si" }, { SST_SI, SST_T, true, "t" },
	{ SST_SI, SST_R, false, "r" },     { SST_R, SST_RT, true, "t" },
};

static void sst_enter(struct ooxml_pkg *pk, const XML_Char **atts)
{
	struct xr *r = xr_of(pk);
	if (r->pk.at != SST_SI)
		return;
	if (r->n_sst >= r->lim.max_shared_strings) {
		ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "共有文字列の数が上限（%zu）を超えます", r->lim.max_shared_strings);
		return;
	}
	cnap_buf_reset(&r->pk.text);
}

static void sst_leave(struct ooxml_pkg *pk)
{
	struct xr *r = xr_of(pk);
	if (r->pk.at != SST_SI || r->pk.rc != CNAP_OK)
		return;
	const char *s = xr_text_value(r, NULL, 0, 0);
	if (s && ooxml_grow(&r->pk, (void **)&r->sst, &r->cap_sst, r->n_sst, sizeof(*r->sst)))
		r->sst[r->n_sst++] = s;
}

static const struct ooxml_grammar sst_grammar = { OOXML_NS_SML, sst_steps, CNAP_ARRAY_LEN(sst_steps), sst_enter, NULL,
					       sst_leave };

enum cnap_err xr_read_shared_strings(struct xr *r)
{
	if (!r->sst_part || ooxml_locate(&r->pk, r->sst_part) < 0)
		return CNAP_OK;
	return ooxml_parse_part(&r->pk, r->sst_part, &sst_grammar);
}
