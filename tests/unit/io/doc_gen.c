#include "base/compat.h"
#include "doc_gen.h"

#include <string.h>

static uint64_t next(struct doc_gen *g)
{
	g->state ^= g->state << 13;
	g->state ^= g->state >> 7;
	g->state ^= g->state << 17;
	return g->state;
}

static size_t pick(struct doc_gen *g, size_t n)
{
	return (size_t)(next(g) % n);
}

void doc_gen_init(struct doc_gen *g, uint64_t seed, struct cnap_arena *a)
{
	g->state = seed * 2654435761u + 0x9E3779B97F4A7C15ull;
	g->a = a;
}

/* What the typed form reads specially, and ordinary text between. */
static const char *const pieces[] = {
	"a", "あ", "生産活動量", " ", "　", "\\", "\\\\", "[", "]", "(", ")", "（", "）", "|", "・", "- ", "* ", "-",
	"1. ", "1.", "１．", "(1)", "（２）", "※", "※1", "注1", "注", "【", "】", "【背景】", "①", "⑳", "# ", "#",
	"http://", "https://x.jp", "HTTPS://X.JP/a", "http:", "h", ".", ",", ":", ")", "'", "---", ":-:", "[表:s]",
	"[表:", "[a](https://b.jp)", "](", "mailto:", "\xEF\xBB\xBF", "\\[", "\\|", "2024", "\xE2\x80\xA8",
};

static const char *const hrefs[] = {
	"https://www.meti.go.jp/", "http://a.jp/x_(y)", "mailto:a@b.jp", "https://x.jp/a)b", "HTTPS://X.JP",
	"https://例.jp/パス", "https://a.jp/?q=1&r=[2]", "https://a.jp/.", "http://a.jp/a|b", "https://a.jp/(",
"https://a.jp/x,y", "https://a.jp/'",
};

static char *text(struct doc_gen *g, bool newline_ok, bool non_empty)
{
	size_t n = pick(g, 5) + (non_empty ? 1 : 0);
	char buf[512];
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = newline_ok && pick(g, 6) == 0 ? "\n" : pieces[pick(g, CNAP_ARRAY_LEN(pieces))];
		if (len + strlen(p) + 1 >= sizeof(buf))
			break;
		memcpy(buf + len, p, strlen(p));
		len += strlen(p);
	}
	buf[len] = '\0';
	return cnap_arena_strdup(g->a, buf);
}

static void gen_inline(struct doc_gen *g, struct cnap_inline *in, bool newline_ok, bool non_empty)
{
	size_t n = pick(g, 4) + (non_empty ? 1 : 0);
	in->spans = cnap_arena_calloc(g->a, n + 1, sizeof(*in->spans));
	in->n_spans = n;
	for (size_t i = 0; i < n; i++) {
		struct cnap_span *s = &in->spans[i];
		if (pick(g, 3) == 0) {
			const char *h = hrefs[pick(g, CNAP_ARRAY_LEN(hrefs))];
			s->href = h;
			s->text = pick(g, 2) ? h : text(g, false, true);
		} else {
			s->text = text(g, newline_ok, non_empty && n == 1);
		}
	}
}

static void gen_list(struct doc_gen *g, struct cnap_block *b, int depth)
{
	b->kind = CNAP_BLK_LIST;
	b->ordered = pick(g, 2);
	b->n_items = pick(g, 3) + 1;
	b->items = cnap_arena_calloc(g->a, b->n_items, sizeof(*b->items));
	for (size_t i = 0; i < b->n_items; i++) {
		struct cnap_list_item *it = &b->items[i];
		gen_inline(g, &it->content, false, false);
		if (depth < CNAP_DOC_MAX_DEPTH && pick(g, 3) == 0) {
			it->n_children = pick(g, 2) + 1;
			it->children = cnap_arena_calloc(g->a, it->n_children, sizeof(*it->children));
			for (size_t k = 0; k < it->n_children; k++) {
				gen_list(g, &it->children[k], depth + 1);
				if (k)
					it->children[k].ordered = !it->children[k - 1].ordered;
			}
		}
	}
}

static void gen_block(struct doc_gen *g, struct cnap_block *b)
{
	static const char *const marks[] = { "※", "※1", "注2", "※１２", "注３" };
	b->kind = (enum cnap_block_kind)pick(g, CNAP_BLK_COUNT);
	switch (b->kind) {
	case CNAP_BLK_PARAGRAPH:
		gen_inline(g, &b->content, true, false);
		break;
	case CNAP_BLK_HEADING:
		gen_inline(g, &b->content, false, true);
		if (!b->content.spans[0].text[0])
			b->content.spans[0].text = "見出し";
		break;
	case CNAP_BLK_NOTE:
		b->mark = marks[pick(g, CNAP_ARRAY_LEN(marks))];
		gen_inline(g, &b->content, false, false);
		break;
	case CNAP_BLK_DATA:
		b->table = pick(g, 2) ? "summary" : "fuel.city_gas-2";
		break;
	case CNAP_BLK_LIST:
		gen_list(g, b, 1);
		break;
	case CNAP_BLK_TABLE:
		b->rows = pick(g, 3) + 1;
		b->cols = pick(g, 3) + 1;
		b->header_rows = pick(g, b->rows + 1);
		b->cells = cnap_arena_calloc(g->a, b->rows * b->cols, sizeof(*b->cells));
		for (size_t i = 0; i < b->rows * b->cols; i++)
			gen_inline(g, &b->cells[i], false, false);
		break;
	case CNAP_BLK_COUNT:
		break;
	}
}

void doc_gen_doc(struct doc_gen *g, struct cnap_doc *out)
{
	out->n_blocks = pick(g, 5);
	out->blocks = cnap_arena_calloc(g->a, out->n_blocks + 1, sizeof(*out->blocks));
	for (size_t i = 0; i < out->n_blocks; i++)
		gen_block(g, &out->blocks[i]);
}
