/*
 * What makes a Word paragraph a heading or a list item (docx_priv.h): the
 * paragraph styles of word/styles.xml with the styles they are based on,
 * the lists of word/numbering.xml, and the number Word draws before a
 * numbered paragraph, counted as Word counts it.
 */
#include "base/compat.h"
#include "io/docx_priv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_STYLES 20000
#define MAX_LISTS 20000
/* A chain of w:basedOn longer than this is a loop. */
#define MAX_BASED_ON 32

/* ---- word/styles.xml ---- */

enum { ST_TOP, ST_STYLES, ST_STYLE, ST_PPR, ST_NUMPR };
static const struct ooxml_step style_steps[] = {
	{ ST_TOP, ST_STYLES, false, "styles" },
	{ ST_STYLES, ST_STYLE, false, "style" },
	{ ST_STYLE, ST_PPR, false, "pPr" },
	{ ST_PPR, ST_NUMPR, false, "numPr" },
};

static void style_enter(struct ooxml_pkg *pk, const XML_Char **atts)
{
	struct dx *x = dx_of(pk);
	if (pk->at != ST_STYLE)
		return;
	const char *type = ooxml_attr_main(pk, atts, "type"), *id = ooxml_attr_main(pk, atts, "styleId");
	if ((type && strcmp(type, "paragraph") != 0) || !id) {
		ooxml_skip(pk);
		return;
	}
	if (x->n_styles >= MAX_STYLES) {
		ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "スタイルの数が多すぎます（%d個まで）", MAX_STYLES);
		return;
	}
	if (!ooxml_grow(pk, (void **)&x->styles, &x->cap_styles, x->n_styles, sizeof(*x->styles)))
		return;
	x->styles[x->n_styles++] = (struct dx_style){
		.id = ooxml_strdup(pk, id), .outline = -1, .num_id = -1, .ilvl = -1,
		.is_default = ooxml_true(ooxml_attr_main(pk, atts, "default")),
	};
}

/* A w:val between 0 and max, else -1. */
static long val_upto(const struct ooxml_pkg *pk, const XML_Char **atts, long max)
{
	long v = ooxml_small_uint(ooxml_attr_main(pk, atts, "val"));
	return v <= max ? v : -1;
}

static void style_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct dx *x = dx_of(pk);
	if (pk->at < ST_STYLE || x->n_styles == 0)
		return;
	struct dx_style *s = &x->styles[x->n_styles - 1];
	const char *val = ooxml_attr_main(pk, atts, "val");
	if (pk->at == ST_STYLE && val && strcmp(local, "name") == 0)
		s->name = ooxml_strdup(pk, val);
	else if (pk->at == ST_STYLE && val && strcmp(local, "basedOn") == 0)
		s->based_on = ooxml_strdup(pk, val);
	else if (pk->at == ST_PPR && strcmp(local, "outlineLvl") == 0)
		s->outline = (int)val_upto(pk, atts, 9);
	else if (pk->at == ST_NUMPR && strcmp(local, "numId") == 0)
		s->num_id = val_upto(pk, atts, 999999999);
	else if (pk->at == ST_NUMPR && strcmp(local, "ilvl") == 0)
		s->ilvl = (int)val_upto(pk, atts, DOCX_LEVELS - 1);
}

static const struct ooxml_grammar style_grammar = { OOXML_NS_WML, style_steps, CNAP_ARRAY_LEN(style_steps),
						      style_enter, style_leaf, NULL };

static int style_by_id(const void *a, const void *b)
{
	return strcmp(((const struct dx_style *)a)->id, ((const struct dx_style *)b)->id);
}

const struct dx_style *dx_style(const struct dx *x, const char *id)
{
	if (!id || x->n_styles == 0)
		return NULL;
	struct dx_style key = { .id = id };
	return bsearch(&key, x->styles, x->n_styles, sizeof(*x->styles), style_by_id);
}

enum cnap_err dx_read_styles(struct dx *x, const char *part)
{
	struct ooxml_pkg *pk = &x->pk;
	if (!part || ooxml_locate(pk, part) < 0)
		return CNAP_OK;
	if (ooxml_parse_part(pk, part, &style_grammar) != CNAP_OK)
		return pk->rc;
	/* a style given twice: the first counts (the sort keeps no order, so drop the later ones first) */
	if (x->n_styles > 1) {
		qsort(x->styles, x->n_styles, sizeof(*x->styles), style_by_id);
		size_t k = 1;
		for (size_t i = 1; i < x->n_styles; i++)
			if (strcmp(x->styles[i].id, x->styles[k - 1].id) != 0)
				x->styles[k++] = x->styles[i];
		x->n_styles = k;
	}
	for (size_t i = 0; i < x->n_styles && !x->default_style; i++)
		if (x->styles[i].is_default)
			x->default_style = &x->styles[i];
	return CNAP_OK;
}

/* ---- word/numbering.xml ---- */

enum { NB_TOP, NB_NUMBERING, NB_ABSTRACT, NB_LVL, NB_NUM, NB_OVERRIDE };
static const struct ooxml_step numbering_steps[] = {
	{ NB_TOP, NB_NUMBERING, false, "numbering" },
	{ NB_NUMBERING, NB_ABSTRACT, false, "abstractNum" },
	{ NB_ABSTRACT, NB_LVL, false, "lvl" },
	{ NB_NUMBERING, NB_NUM, false, "num" },
	{ NB_NUM, NB_OVERRIDE, false, "lvlOverride" },
};

struct numbering_state {
	int ilvl; /* the w:lvl or w:lvlOverride being read, -1 for one out of range */
};

static const struct {
	const char *name;
	enum dx_fmt fmt;
} formats[] = {
	{ "decimal", FMT_DECIMAL }, { "decimalZero", FMT_DECIMAL_ZERO }, { "decimalHalfWidth", FMT_DECIMAL },
	{ "decimalFullWidth", FMT_FULL_WIDTH }, { "decimalFullWidth2", FMT_FULL_WIDTH },
	{ "upperRoman", FMT_UPPER_ROMAN }, { "lowerRoman", FMT_LOWER_ROMAN }, { "upperLetter", FMT_UPPER_LETTER },
	{ "lowerLetter", FMT_LOWER_LETTER }, { "decimalEnclosedCircle", FMT_CIRCLED },
	{ "decimalEnclosedCircleChinese", FMT_CIRCLED }, { "decimalEnclosedFullstop", FMT_FULLSTOP },
	{ "decimalEnclosedParen", FMT_PAREN }, { "japaneseCounting", FMT_KANJI }, { "chineseCounting", FMT_KANJI },
	{ "chineseCountingThousand", FMT_KANJI }, { "japaneseDigitalTenThousand", FMT_KANJI },
	{ "ideographTraditional", FMT_KANJI }, { "aiueoFullWidth", FMT_AIUEO }, { "aiueo", FMT_AIUEO_HALF },
	{ "irohaFullWidth", FMT_IROHA }, { "iroha", FMT_IROHA_HALF }, { "bullet", FMT_BULLET }, { "none", FMT_NONE },
};

static enum dx_fmt format_of(const char *name)
{
	for (size_t i = 0; name && i < CNAP_ARRAY_LEN(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return formats[i].fmt;
	return FMT_DECIMAL; /* what Word draws for a format it does not know */
}

static void numbering_enter(struct ooxml_pkg *pk, const XML_Char **atts)
{
	struct dx *x = dx_of(pk);
	struct numbering_state *st = pk->state;
	switch (pk->at) {
	case NB_ABSTRACT: {
		long id = ooxml_small_uint(ooxml_attr_main(pk, atts, "abstractNumId"));
		if (id < 0) {
			ooxml_skip(pk);
			return;
		}
		if (x->n_abstracts >= MAX_LISTS) {
			ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "リストの定義が多すぎます（%d個まで）", MAX_LISTS);
			return;
		}
		if (!ooxml_grow(pk, (void **)&x->abstracts, &x->cap_abstracts, x->n_abstracts, sizeof(*x->abstracts)))
			return;
		struct dx_abstract *a = &x->abstracts[x->n_abstracts++];
		memset(a, 0, sizeof(*a));
		a->id = id;
		for (int l = 0; l < DOCX_LEVELS; l++)
			a->lvl[l] = (struct dx_level){ .start = 1, .fmt = FMT_DECIMAL };
		break;
	}
	case NB_NUM: {
		long id = ooxml_small_uint(ooxml_attr_main(pk, atts, "numId"));
		if (id < 0) {
			ooxml_skip(pk);
			return;
		}
		if (x->n_nums >= MAX_LISTS) {
			ooxml_fail(pk, CNAP_ETOOBIG, pk->part, "リストの数が多すぎます（%d個まで）", MAX_LISTS);
			return;
		}
		if (!ooxml_grow(pk, (void **)&x->nums, &x->cap_nums, x->n_nums, sizeof(*x->nums)))
			return;
		struct dx_num *n = &x->nums[x->n_nums++];
		memset(n, 0, sizeof(*n));
		n->id = id;
		n->abstract_id = -1;
		for (int l = 0; l < DOCX_LEVELS; l++)
			n->start_override[l] = -1;
		break;
	}
	case NB_LVL:
	case NB_OVERRIDE:
		st->ilvl = (int)ooxml_small_uint(ooxml_attr_main(pk, atts, "ilvl"));
		if (st->ilvl >= DOCX_LEVELS)
			st->ilvl = -1;
		break;
	}
}

static void numbering_leaf(struct ooxml_pkg *pk, const char *local, const XML_Char **atts)
{
	struct dx *x = dx_of(pk);
	struct numbering_state *st = pk->state;
	const char *val = ooxml_attr_main(pk, atts, "val");
	if (pk->at == NB_LVL && st->ilvl >= 0 && x->n_abstracts > 0) {
		struct dx_level *l = &x->abstracts[x->n_abstracts - 1].lvl[st->ilvl];
		if (strcmp(local, "start") == 0 && ooxml_small_uint(val) >= 0)
			l->start = ooxml_small_uint(val);
		else if (strcmp(local, "numFmt") == 0)
			l->fmt = format_of(val);
		else if (strcmp(local, "lvlText") == 0 && val)
			l->text = ooxml_strdup(pk, val);
	} else if (pk->at == NB_NUM && x->n_nums > 0 && strcmp(local, "abstractNumId") == 0) {
		x->nums[x->n_nums - 1].abstract_id = ooxml_small_uint(val);
	} else if (pk->at == NB_OVERRIDE && st->ilvl >= 0 && x->n_nums > 0 && strcmp(local, "startOverride") == 0) {
		x->nums[x->n_nums - 1].start_override[st->ilvl] = ooxml_small_uint(val);
	}
}

static const struct ooxml_grammar numbering_grammar = { OOXML_NS_WML, numbering_steps,
							  CNAP_ARRAY_LEN(numbering_steps), numbering_enter,
							  numbering_leaf, NULL };

static int num_by_id(const void *a, const void *b)
{
	const struct dx_num *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int abstract_by_id(const void *a, const void *b)
{
	const struct dx_abstract *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

enum cnap_err dx_read_numbering(struct dx *x, const char *part)
{
	struct ooxml_pkg *pk = &x->pk;
	if (!part || ooxml_locate(pk, part) < 0)
		return CNAP_OK;
	struct numbering_state st = { -1 };
	pk->state = &st;
	if (ooxml_parse_part(pk, part, &numbering_grammar) != CNAP_OK)
		return pk->rc;
	if (x->n_abstracts > 1)
		qsort(x->abstracts, x->n_abstracts, sizeof(*x->abstracts), abstract_by_id);
	if (x->n_nums > 1)
		qsort(x->nums, x->n_nums, sizeof(*x->nums), num_by_id);
	for (size_t i = 0; i < x->n_nums; i++) {
		struct dx_abstract key = { .id = x->nums[i].abstract_id };
		x->nums[i].abs = x->n_abstracts ? bsearch(&key, x->abstracts, x->n_abstracts, sizeof(*x->abstracts),
							  abstract_by_id)
						: NULL;
	}
	return CNAP_OK;
}

static struct dx_num *num_find(struct dx *x, long id)
{
	struct dx_num key = { .id = id };
	return x->n_nums ? bsearch(&key, x->nums, x->n_nums, sizeof(*x->nums), num_by_id) : NULL;
}

/* ---- numbers as Word draws them ---- */

static void add_roman(struct cnap_buf *b, long n, bool upper)
{
	static const struct {
		int v;
		const char *s;
	} r[] = { { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
		  { 50, "l" },   { 40, "xl" },  { 10, "x" },  { 9, "ix" },   { 5, "v" },   { 4, "iv" }, { 1, "i" } };
	for (size_t i = 0; i < CNAP_ARRAY_LEN(r); i++)
		for (; n >= r[i].v; n -= r[i].v)
			for (const char *p = r[i].s; *p; p++)
				cnap_buf_addc(b, upper ? (char)(*p - 'a' + 'A') : *p);
}

/* 1..99 in kanji as Japanese counting writes them: 一, 十, 十一, 二十三. */
static void add_kanji(struct cnap_buf *b, long n)
{
	static const char *const digit[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (n >= 10) {
		if (n / 10 > 1)
			cnap_buf_adds(b, digit[n / 10]);
		cnap_buf_adds(b, "十");
		if (n % 10)
			cnap_buf_adds(b, digit[n % 10]);
	} else {
		cnap_buf_adds(b, digit[n]);
	}
}

/* The nth (1-based) character of a UTF-8 list of equal-width characters, or false. */
static bool add_nth(struct cnap_buf *b, const char *list, size_t width, long n)
{
	size_t count = strlen(list) / width;
	if (n < 1 || (size_t)n > count)
		return false;
	cnap_buf_add(b, list + (size_t)(n - 1) * width, width);
	return true;
}

static void add_number(struct cnap_buf *b, enum dx_fmt fmt, long n)
{
	static const char aiueo[] = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
	static const char aiueo_half[] = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
	static const char iroha[] = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
	static const char iroha_half[] = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳｲﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼｴﾋﾓｾｽ";
	char digits[32];
	switch (fmt) {
	case FMT_DECIMAL_ZERO:
		cnap_buf_addf(b, "%02ld", n);
		return;
	case FMT_FULL_WIDTH:
		snprintf(digits, sizeof(digits), "%ld", n);
		for (const char *p = digits; *p; p++) {
			char fw[3] = { (char)0xEF, (char)0xBC, (char)(0x90 + (*p - '0')) }; /* U+FF10.. */
			cnap_buf_add(b, fw, 3);
		}
		return;
	case FMT_UPPER_ROMAN:
	case FMT_LOWER_ROMAN:
		if (n >= 1 && n < 4000) {
			add_roman(b, n, fmt == FMT_UPPER_ROMAN);
			return;
		}
		break;
	case FMT_UPPER_LETTER:
	case FMT_LOWER_LETTER:
		if (n >= 1 && n <= 26 * 20) {
			/* Word repeats the letter: Z, AA, BB */
			for (long k = 0; k <= (n - 1) / 26; k++)
				cnap_buf_addc(b, (char)((fmt == FMT_UPPER_LETTER ? 'A' : 'a') + (n - 1) % 26));
			return;
		}
		break;
	case FMT_CIRCLED:
		if (n >= 1 && n <= 20) {
			char c[3] = { (char)0xE2, (char)0x91, (char)(0xA0 + n - 1) }; /* U+2460.. */
			cnap_buf_add(b, c, 3);
			return;
		}
		break;
	case FMT_PAREN:
	case FMT_FULLSTOP:
		if (n >= 1 && n <= 20) {
			unsigned cp = (fmt == FMT_PAREN ? 0x2474u : 0x2488u) + (unsigned)(n - 1);
			char c[3] = { (char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)) };
			cnap_buf_add(b, c, 3);
			return;
		}
		break;
	case FMT_KANJI:
		if (n >= 0 && n < 100) {
			add_kanji(b, n);
			return;
		}
		break;
	case FMT_AIUEO:
		if (add_nth(b, aiueo, 3, n))
			return;
		break;
	case FMT_AIUEO_HALF:
		if (add_nth(b, aiueo_half, 3, n))
			return;
		break;
	case FMT_IROHA:
		if (add_nth(b, iroha, 3, n))
			return;
		break;
	case FMT_IROHA_HALF:
		if (add_nth(b, iroha_half, 3, n))
			return;
		break;
	case FMT_BULLET:
	case FMT_NONE:
		return;
	default:
		break;
	}
	cnap_buf_addf(b, "%ld", n);
}

/* lvlText with %1..%9 replaced by the counters of those levels. */
static const char *draw_label(struct dx *x, const struct dx_abstract *a, int ilvl)
{
	const struct dx_level *l = &a->lvl[ilvl];
	if (l->fmt == FMT_BULLET || l->fmt == FMT_NONE || !l->text)
		return "";
	struct cnap_buf b;
	cnap_buf_init(&b, 1024);
	for (const char *p = l->text; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			long v = a->started[k] ? a->counter[k] : a->lvl[k].start;
			add_number(&b, a->lvl[k].fmt, v);
			p++;
		} else {
			cnap_buf_addc(&b, *p);
		}
	}
	const char *s = "";
	if (b.status == CNAP_OK && b.len > 0)
		s = ooxml_strndup(&x->pk, b.data, b.len);
	else if (b.status == CNAP_ENOMEM)
		ooxml_oom(&x->pk);
	cnap_buf_release(&b);
	return s ? s : "";
}

/* The next number of list num at level ilvl: counted, deeper levels restarted. */
static void count(struct dx_num *num, int ilvl)
{
	struct dx_abstract *a = num->abs;
	if (!num->used) {
		num->used = true;
		for (int l = 0; l < DOCX_LEVELS; l++)
			if (num->start_override[l] >= 0) {
				a->started[l] = false;
				a->lvl[l].start = num->start_override[l];
			}
	}
	if (a->started[ilvl]) {
		if (a->counter[ilvl] < 999999999)
			a->counter[ilvl]++;
	} else {
		a->counter[ilvl] = a->lvl[ilvl].start;
		a->started[ilvl] = true;
	}
	for (int l = ilvl + 1; l < DOCX_LEVELS; l++)
		a->started[l] = false;
}

/* ---- a paragraph ---- */

/* "heading 3", "Heading 3", "見出し 3", "見出し３": 3; else 0. */
static int heading_by_name(const char *name)
{
	if (!name)
		return 0;
	const char *p = NULL;
	if (strncasecmp(name, "heading", 7) == 0)
		p = name + 7;
	else if (strncmp(name, "見出し", strlen("見出し")) == 0)
		p = name + strlen("見出し");
	if (!p)
		return 0;
	while (*p == ' ')
		p++;
	if (strncmp(p, "\xE3\x80\x80", 3) == 0) /* an ideographic space */
		p += 3;
	int n = 0;
	if (*p >= '1' && *p <= '9')
		n = *p++ - '0';
	else if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC && (unsigned char)p[2] >= 0x91 &&
		 (unsigned char)p[2] <= 0x99)
		n = (unsigned char)p[2] - 0x90, p += 3;
	return n && !*p ? n : 0;
}

/*
 * "List Bullet 2", "List Number 3", "List 2": Word's built-in list styles
 * nest by their own list (level 0 of it, indented further), so the name
 * tells the level; 0 when it does not.
 */
static int list_by_name(const char *name)
{
	static const char *const stems[] = { "List Bullet ", "List Number ", "List Continue ", "List " };
	for (size_t i = 0; name && i < CNAP_ARRAY_LEN(stems); i++) {
		size_t n = strlen(stems[i]);
		if (strncasecmp(name, stems[i], n) == 0 && name[n] >= '2' && name[n] <= '9' && !name[n + 1])
			return name[n] - '0';
	}
	return 0;
}

void dx_para_kind(struct dx *x, struct dx_para_kind *out)
{
	const struct dx_style *s = x->p_style ? x->p_style : x->default_style;
	int outline = x->p_outline, ilvl = x->p_ilvl;
	long num_id = x->p_num;
	int by_name = 0;
	*out = (struct dx_para_kind){ .style = s && s->name ? s->name : "", .level = -1, .label = "" };
	for (int hop = 0; s && hop < MAX_BASED_ON; hop++, s = dx_style(x, s->based_on)) {
		if (outline < 0)
			outline = s->outline;
		if (num_id < 0) {
			num_id = s->num_id;
			if (ilvl < 0)
				ilvl = s->ilvl;
		}
		if (!by_name)
			by_name = heading_by_name(s->name);
	}
	if (outline >= 0 && outline <= 8)
		out->heading = outline + 1;
	else if (outline < 0)
		out->heading = by_name;
	struct dx_num *num = num_id > 0 ? num_find(x, num_id) : NULL;
	if (!num || !num->abs)
		return;
	if (ilvl < 0)
		ilvl = 0;
	count(num, ilvl);
	const struct dx_level *l = &num->abs->lvl[ilvl];
	out->numbered = true;
	out->level = ilvl;
	if (ilvl == 0 && list_by_name(out->style) > 1)
		out->level = list_by_name(out->style) - 1;
	out->ordered = l->fmt != FMT_BULLET && l->fmt != FMT_NONE;
	out->list = (unsigned)num->id;
	out->label = draw_label(x, num->abs, ilvl);
}
