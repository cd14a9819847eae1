/*
 * xl/styles.xml: the number format of every cell style (cellXfs) and
 * whether it shows a date or time.
 */
#include "base/compat.h"
#include "io/xlsx_priv.h"

#include <string.h>

#define MAX_STYLES 65536u /* Excel's own limit is 64,000 cell formats */

/* ---- xl/styles.xml ---- */

/* ECMA-376 Part 1, 18.8.30; 27-36 and 50-58 as ja-JP has them (dates in every East Asian locale). */
static const char *const builtin_formats[] = {
	[0] = "General", [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00",
	[5] = "\"$\"#,##0_);(\"$\"#,##0)", [6] = "\"$\"#,##0_);[Red](\"$\"#,##0)",
	[7] = "\"$\"#,##0.00_);(\"$\"#,##0.00)", [8] = "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
	[9] = "0%", [10] = "0.00%", [11] = "0.00E+00", [12] = "# ?/?", [13] = "# ?" "?/?" "?",
	[14] = "mm-dd-yy", [15] = "d-mmm-yy", [16] = "d-mmm", [17] = "mmm-yy", [18] = "h:mm AM/PM",
	[19] = "h:mm:ss AM/PM", [20] = "h:mm", [21] = "h:mm:ss", [22] = "m/d/yy h:mm",
	[27] = "[$-411]ge.m.d", [28] = "[$-411]ggge\"年\"m\"月\"d\"日\"", [29] = "[$-411]ggge\"年\"m\"月\"d\"日\"",
	[30] = "m/d/yy", [31] = "yyyy\"年\"m\"月\"d\"日\"", [32] = "h\"時\"mm\"分\"", [33] = "h\"時\"mm\"分\"ss\"秒\"",
	[34] = "yyyy\"年\"m\"月\"", [35] = "m\"月\"d\"日\"", [36] = "[$-411]ge.m.d",
	[37] = "#,##0_);(#,##0)", [38] = "#,##0_);[Red](#,##0)", [39] = "#,##0.00_);(#,##0.00)",
	[40] = "#,##0.00_);[Red](#,##0.00)", [41] = "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
	[42] = "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
	[43] = "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
	[44] = "_(\"$\"* #,##0.00_)_(\"$\"* \\(#,##0.00\\)_(\"$\"* \"-\"??_)_(@_)",
	[45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mmss.0", [48] = "##0.0E+0", [49] = "@",
	[50] = "[$-411]ge.m.d", [51] = "[$-411]ggge\"年\"m\"月\"d\"日\"", [52] = "yyyy\"年\"m\"月\"",
	[53] = "m\"月\"d\"日\"", [54] = "[$-411]ggge\"年\"m\"月\"d\"日\"", [55] = "yyyy\"年\"m\"月\"",
	[56] = "m\"月\"d\"日\"", [57] = "[$-411]ge.m.d", [58] = "[$-411]ggge\"年\"m\"月\"d\"日\"",
};

static bool builtin_is_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static const struct xlsx_xf general = { "General", false };

/* [h], [hh], [m], [mm], [s], [ss]: elapsed time, a time format. */
static bool elapsed_bracket(const char *s, size_t n)
{
	if (n == 0 || n > 3)
		return false;
	char c = (char)(s[0] | 0x20);
	if (c != 'h' && c != 'm' && c != 's')
		return false;
	for (size_t i = 1; i < n; i++)
		if ((char)(s[i] | 0x20) != c)
			return false;
	return true;
}

bool cnap_xlsx_format_is_date(const char *code)
{
	for (const char *p = code; *p && *p != ';'; p++) {
		switch (*p) {
		case '"': {
			const char *q = strchr(p + 1, '"');
			if (!q)
				return false;
			p = q;
			break;
		}
		case '\\':
		case '_':
		case '*':
			if (!p[1])
				return false;
			p++;
			break;
		case '[': {
			const char *q = strchr(p + 1, ']');
			if (!q)
				return false;
			if (elapsed_bracket(p + 1, (size_t)(q - p - 1)))
				return true;
			p = q;
			break;
		}
		default:
			if (strchr("dmhysDMHYS", *p))
				return true;
		}
	}
	return false;
}

enum { ST_TOP, ST_SHEET, ST_NUMFMTS, ST_XFS };
static const struct ooxml_step st_steps[] = {
	{ ST_TOP, ST_SHEET, false, "styleSheet" },
	{ ST_SHEET, ST_NUMFMTS, false, "numFmts" },
	{ ST_SHEET, ST_XFS, false, "cellXfs" },
};

struct numfmt {
	long id;
	size_t seq; /* file order: of two with one id the last counts, as in openpyxl */
	const char *code;
};

static int by_id(const void *a, const void *b)
{
	const struct numfmt *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq > y->seq ? -1 : x->seq < y->seq; /* the later one first */
}

/* The custom format of id in fmts sorted by_id, or NULL. */
static const char *custom_format(const struct numfmt *fmts, size_t n, long id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fmts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && fmts[lo].id == id ? fmts[lo].code : NULL;
}

struct styles_state {
	struct numfmt *fmts;
	size_t n_fmts, cap_fmts;
	long *xf_ids;
	size_t n_xfs, cap_xfs;
};

static void styles_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct xr *r = xr_of(pk);
	struct styles_state *st = r->pk.state;
	if (r->pk.at == ST_NUMFMTS && strcmp(local, "numFmt") == 0) {
		long id = ooxml_small_uint(ooxml_attr(atts, "numFmtId"));
		const char *code = ooxml_attr(atts, "formatCode");
		if (id < 0 || !code)
			return;
		if (st->n_fmts >= MAX_STYLES) {
			ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "表示形式の数が多すぎます");
			return;
		}
		if (!ooxml_grow(&r->pk, (void **)&st->fmts, &st->cap_fmts, st->n_fmts, sizeof(*st->fmts)))
			return;
		st->fmts[st->n_fmts] = (struct numfmt){ .id = id, .seq = st->n_fmts, .code = ooxml_strdup(&r->pk, code) };
		if (st->fmts[st->n_fmts].code)
			st->n_fmts++;
	} else if (r->pk.at == ST_XFS && strcmp(local, "xf") == 0) {
		if (st->n_xfs >= MAX_STYLES) {
			ooxml_fail(&r->pk, CNAP_ETOOBIG, r->pk.part, "セルの書式の数が多すぎます");
			return;
		}
		if (!ooxml_grow(&r->pk, (void **)&st->xf_ids, &st->cap_xfs, st->n_xfs, sizeof(*st->xf_ids)))
			return;
		st->xf_ids[st->n_xfs++] = ooxml_small_uint(ooxml_attr(atts, "numFmtId"));
	}
}

static const struct ooxml_grammar styles_grammar = { OOXML_NS_SML, st_steps, CNAP_ARRAY_LEN(st_steps), NULL, styles_leaf,
						    NULL };

enum cnap_err xr_read_styles(struct xr *r)
{
	if (!r->styles_part || ooxml_locate(&r->pk, r->styles_part) < 0)
		return CNAP_OK;
	struct styles_state st = { 0 };
	r->pk.state = &st;
	if (ooxml_parse_part(&r->pk, r->styles_part, &styles_grammar) == CNAP_OK && st.n_xfs > 0) {
		r->xfs = cnap_arena_calloc(&r->x->arena, st.n_xfs, sizeof(*r->xfs));
		if (!r->xfs)
			ooxml_oom(&r->pk);
		if (st.n_fmts > 1)
			qsort(st.fmts, st.n_fmts, sizeof(*st.fmts), by_id);
		for (size_t i = 0; r->xfs && i < st.n_xfs; i++) {
			long id = st.xf_ids[i];
			struct xlsx_xf *xf = &r->xfs[i];
			const char *custom = custom_format(st.fmts, st.n_fmts, id);
			*xf = general;
			if (custom) {
				xf->format = custom;
				xf->is_date = cnap_xlsx_format_is_date(custom);
			} else if (id >= 0 && (size_t)id < CNAP_ARRAY_LEN(builtin_formats) && builtin_formats[id]) {
				xf->format = builtin_formats[id];
				xf->is_date = builtin_is_date(id);
			}
		}
		r->n_xfs = r->xfs ? st.n_xfs : 0;
	}
	free(st.fmts);
	free(st.xf_ids);
	return r->pk.rc;
}

const struct xlsx_xf *xr_xf(const struct xr *r, size_t s)
{
	return s < r->n_xfs ? &r->xfs[s] : &general;
}

