/*
 * The printed 調査票's layout (publish/survey_layout.h) and PDF
 * (publish/survey_pdf.h) on a survey built here by hand: the page map's
 * invariants, breaks inside paragraphs and tables, headings kept with
 * their text, heading rows repeated, and the same bytes twice.
 * SURVEY_PDF_OUT=path keeps the PDF for a look.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "publish/survey_layout_int.h"
#include "publish/survey_pdf.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n"
	       "leak:FcInitLoadConfigAndFonts\n";
}
__attribute__((used)) const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

#define DATE "2023-11-01T00:00:00"
#define N_CHAPTERS 6
#define ITEMS_PER_CHAPTER 4
#define N_ITEMS (N_CHAPTERS * (1 + ITEMS_PER_CHAPTER))

static struct cnap_arena A;
static struct cnap_survey_layout *shared; /* laid out once by the first test that needs it */

static const char SENTENCE[] =
	"当業界では、2030年度に向けてエネルギー原単位の改善に取り組んでおり、高効率設備の導入や運用改善を進めている。";

static struct cnap_inline text(const char *s)
{
	struct cnap_span *sp = cnap_arena_calloc(&A, 1, sizeof(*sp));
	sp->text = s;
	return (struct cnap_inline){sp, 1};
}

static const char *repeat(const char *s, int n)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	for (int i = 0; i < n; i++)
		cnap_buf_adds(&b, s);
	const char *r = cnap_arena_strdup(&A, b.data);
	cnap_buf_release(&b);
	return r;
}

static struct cnap_block paragraph(const char *s)
{
	return (struct cnap_block){.kind = CNAP_BLK_PARAGRAPH, .content = text(s)};
}

/* A paragraph with a link in the middle. */
static struct cnap_block linked(void)
{
	struct cnap_span *sp = cnap_arena_calloc(&A, 3, sizeof(*sp));
	sp[0].text = "詳しくは";
	sp[1].text = "経済産業省の資料";
	sp[1].href = "https://www.meti.go.jp/";
	sp[2].text = "を参照されたい。";
	return (struct cnap_block){.kind = CNAP_BLK_PARAGRAPH, .content = {sp, 3}};
}

static struct cnap_block nested_list(void)
{
	struct cnap_list_item *inner = cnap_arena_calloc(&A, 2, sizeof(*inner));
	inner[0].content = text("入れ子の一つ目");
	inner[1].content = text(repeat("入れ子の二つ目は長い文章で折り返す。", 4));
	struct cnap_block *child = cnap_arena_calloc(&A, 1, sizeof(*child));
	*child = (struct cnap_block){.kind = CNAP_BLK_LIST, .ordered = true, .items = inner, .n_items = 2};
	struct cnap_list_item *outer = cnap_arena_calloc(&A, 3, sizeof(*outer));
	outer[0].content = text("高効率照明（LED）の導入");
	outer[1].content = text("空調設備の更新");
	outer[1].children = child;
	outer[1].n_children = 1;
	outer[2].content = text("コージェネレーションの導入");
	return (struct cnap_block){.kind = CNAP_BLK_LIST, .items = outer, .n_items = 3};
}

static struct cnap_block user_table(size_t rows)
{
	size_t cols = 3;
	struct cnap_inline *cells = cnap_arena_calloc(&A, rows * cols, sizeof(*cells));
	cells[0] = text("年度");
	cells[1] = text("取組");
	cells[2] = text("削減量（t-CO2）");
	for (size_t r = 1; r < rows; r++) {
		cells[r * cols] = text(cnap_arena_printf(&A, "%zu", 2000 + r));
		cells[r * cols + 1] = text(r % 7 == 0 ? repeat("長い説明の入るセル。", 8) : "設備更新");
		cells[r * cols + 2] = text(cnap_arena_printf(&A, "%s%zu,%03zu", r % 5 == 0 ? "▲" : "", r, r * 7 % 1000));
	}
	return (struct cnap_block){.kind = CNAP_BLK_TABLE, .rows = rows, .cols = cols, .header_rows = 1, .cells = cells};
}

static struct cnap_doc *item_doc(size_t n)
{
	struct cnap_doc *d = cnap_arena_calloc(&A, 1, sizeof(*d));
	struct cnap_block *b = cnap_arena_calloc(&A, 10, sizeof(*b));
	size_t k = 0;
	b[k++] = (struct cnap_block){.kind = CNAP_BLK_HEADING, .content = text("① 生産活動量")};
	b[k++] = paragraph(repeat(SENTENCE, 3 + (int)(n % 5) * 4));
	b[k++] = linked();
	b[k++] = nested_list();
	if (n % 6 == 2)
		b[k++] = user_table(60);
	if (n == 7)
		b[k++] = (struct cnap_block){.kind = CNAP_BLK_DATA, .table = "summary"};
	if (n == 13) { /* a row taller than half a page: it breaks between lines */
		struct cnap_inline *cells = cnap_arena_calloc(&A, 4, sizeof(*cells));
		cells[0] = text("項目");
		cells[1] = text("説明");
		cells[2] = text("長い行");
		cells[3] = text(repeat(SENTENCE, 40));
		b[k++] = (struct cnap_block){.kind = CNAP_BLK_TABLE, .rows = 2, .cols = 2, .header_rows = 1, .cells = cells};
	}
	b[k++] = (struct cnap_block){.kind = CNAP_BLK_NOTE, .mark = "※1", .content = text(repeat("注記の本文。", 6))};
	d->blocks = b;
	d->n_blocks = k;
	return d;
}

static struct cnap_print_table data_tables[2];

static void make_tables(void)
{
	static const char *summary[] = {"項目", "単位", "基準年度（2013年度）", "当年度実績（2022年度）",
					"生産活動量", "億円", "208,000.0", "212,500.0",
					"CO2排出量", "万t-CO2", "1,394.2", "▲5.0"};
	static const bool right[] = {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1};
	static const char *note[] = {"※ 電力排出係数は調整後排出係数（受電端）。"};
	data_tables[0] = (struct cnap_print_table){.code = "summary", .item_key = "II.1", .title = "実績の総括表",
						   .rows = 3, .cols = 4, .header_rows = 1, .cells = summary,
						   .right = right, .notes = note, .n_notes = 1};
	static const char *bat[] = {"BAT", "普及率\n（%）", "高効率モーター", "35.0"};
	data_tables[1] = (struct cnap_print_table){.code = "bat", .item_key = "III.2", .title = "BATの導入状況",
						   .rows = 2, .cols = 2, .header_rows = 1, .cells = bat};
}

static const char *const ROMAN[] = {"Ⅰ．", "Ⅱ．", "Ⅲ．", "Ⅳ．", "Ⅴ．", "Ⅵ．"};
static const char *const NUM[] = {"（１）", "（２）", "（３）", "（４）"};

static struct cnap_print_item items[N_ITEMS];
static struct cnap_survey_print print;

static void make_print(void)
{
	size_t k = 0;
	for (size_t c = 0; c < N_CHAPTERS; c++) {
		items[k++] = (struct cnap_print_item){.key = cnap_arena_printf(&A, "%s", (const char *[]){"I", "II", "III", "IV", "V", "VI"}[c]),
						      .number = ROMAN[c], .title = "国内の企業活動における削減実績", .depth = 0};
		for (size_t i = 0; i < ITEMS_PER_CHAPTER; i++) {
			items[k] = (struct cnap_print_item){
				.key = cnap_arena_printf(&A, "%s.%zu", items[k - 1 - i].key, i + 1),
				.number = cnap_arena_printf(&A, "%s%s", ROMAN[c], NUM[i]),
				.title = i == 3 ? "生産活動量、エネルギー消費量・原単位、CO2排出量・原単位の実績"
						: "実施した対策、投資額と削減効果の考察",
				.depth = 1,
				.doc = item_doc(k)};
			k++;
		}
	}
	make_tables();
	print = (struct cnap_survey_print){.era_year = "令和五年度", .association_name = "一般社団法人 日本試験工業会",
					   .wg_name = "電子・電機・産業機械等WG", .version_label = "第2版（2023年9月29日提出）",
					   .items = items, .n_items = N_ITEMS, .tables = data_tables, .n_tables = 2};
}

static int setup(void **state)
{
	(void)state;
	cnap_arena_init(&A);
	make_print();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cnap_survey_layout_free(shared);
	cnap_arena_release(&A);
	return 0;
}

static struct cnap_survey_layout *layout_new(void)
{
	struct cnap_survey_layout *l = NULL;
	struct cnap_error err;
	cnap_error_clear(&err);
	enum cnap_err rc = cnap_survey_layout(&print, &l, &err);
	if (rc)
		fprintf(stderr, "layout: %s %s\n", err.where, err.message);
	assert_int_equal(rc, CNAP_OK);
	assert_non_null(l);
	return l;
}

/* The survey's layout, made once (a layout takes seconds under the sanitizers); freed by teardown. */
static struct cnap_survey_layout *layout_ok(void)
{
	if (!shared)
		shared = layout_new();
	return shared;
}

/* Item pages rise with the outline; breaks rise within an item and lie between its first and last page. */
static void test_page_map_invariants(void **state)
{
	(void)state;
	struct cnap_survey_layout *l = layout_ok();
	struct cnap_survey_pages pages;
	assert_int_equal(cnap_survey_layout_pages(l, &A, &pages, NULL), CNAP_OK);
	assert_int_equal(pages.n_items, N_ITEMS);
	assert_true(pages.n_pages >= 15);
	int prev = 1;
	size_t n_breaks = 0;
	for (size_t i = 0; i < pages.n_items; i++) {
		const struct cnap_survey_item_pages *ip = &pages.items[i];
		assert_string_equal(ip->key, items[i].key);
		assert_true(ip->page >= prev);
		assert_true(ip->last_page >= ip->page && ip->last_page <= pages.n_pages);
		int p = ip->page;
		for (size_t b = 0; b < ip->n_breaks; b++) {
			assert_int_equal(ip->breaks[b].page, p + 1); /* every page of the item once */
			p = ip->breaks[b].page;
		}
		assert_int_equal(p, ip->last_page);
		n_breaks += ip->n_breaks;
		for (size_t b = 1; b < ip->n_blocks; b++)
			assert_true(ip->block_page[b] >= ip->block_page[b - 1]);
		/* An item heading never stays alone at the bottom of a page. */
		if (items[i].doc && items[i].doc->n_blocks)
			assert_int_equal(ip->block_page[0], ip->page);
		prev = ip->page;
	}
	assert_true(n_breaks > 0);
	/* The pages each item covers make up the whole survey. */
	assert_int_equal(pages.items[pages.n_items - 1].last_page, pages.n_pages);
}

/* A paragraph that runs onto the next page says where: a character inside it. */
static void test_paragraph_break_offset(void **state)
{
	(void)state;
	struct cnap_survey_layout *l = layout_ok();
	struct cnap_survey_pages pages;
	assert_int_equal(cnap_survey_layout_pages(l, &A, &pages, NULL), CNAP_OK);
	size_t inside = 0, rows = 0;
	for (size_t i = 0; i < pages.n_items; i++)
		for (size_t b = 0; b < pages.items[i].n_breaks; b++) {
			const struct cnap_survey_break *br = &pages.items[i].breaks[b];
			const struct cnap_block *blk = br->block < items[i].doc->n_blocks ? &items[i].doc->blocks[br->block] : NULL;
			if (blk && blk->kind == CNAP_BLK_PARAGRAPH && br->offset > 0) {
				size_t chars = (size_t)g_utf8_strlen(blk->content.spans[0].text, -1);
				assert_true(br->offset < chars);
				/* at a line start: never a single line left behind */
				assert_true(br->offset >= 2 * 40 / 2);
				inside++;
			}
			if (blk && blk->kind == CNAP_BLK_TABLE) {
				assert_true(br->part < blk->rows);
				assert_int_equal(br->offset, 0);
				rows++;
			}
		}
	assert_true(inside > 0);
	assert_true(rows > 0);
}

/* A table that goes on to another page repeats its heading row there, and only there. */
static void test_table_heading_repeated(void **state)
{
	(void)state;
	struct cnap_survey_layout *l = layout_ok();
	size_t repeated = 0;
	for (size_t k = 0; k < l->n_places; k++) {
		const struct sv_place *pl = &l->places[k];
		if (!pl->repeated)
			continue;
		repeated++;
		assert_true(l->units[pl->unit].header);
		assert_true(pl->y <= SV_MARGIN_TOP + 0.01); /* at the top of its page */
		assert_true(k + 1 < l->n_places && l->places[k + 1].page == pl->page);
		const struct sv_unit *next = &l->units[l->places[k + 1].unit];
		assert_true(next->kind == SV_ROW && next->table == l->units[pl->unit].table);
	}
	assert_true(repeated > 0);
	/* The tall row went on in chunks, each of a page or less. */
	size_t chunks = 0;
	for (size_t u = 0; u < l->n_units; u++)
		if (l->units[u].kind == SV_ROW && !l->units[u].row_first) {
			chunks++;
			assert_true(l->units[u].h <= SV_BODY_H / 2 + 0.01);
		}
	assert_true(chunks > 0);
	/* Nothing runs into the footer. */
	for (size_t k = 0; k < l->n_places; k++)
		assert_true(l->places[k].y + l->units[l->places[k].unit].h <= SV_BODY_BOTTOM + 0.01);
}

/* The data tables: where a DATA block says, and the one no block names after its item's text. */
static void test_data_tables_placed(void **state)
{
	(void)state;
	struct cnap_survey_layout *l = layout_ok();
	struct cnap_survey_pages pages;
	assert_int_equal(cnap_survey_layout_pages(l, &A, &pages, NULL), CNAP_OK);
	size_t bat_item = SIZE_MAX;
	for (size_t i = 0; i < N_ITEMS; i++)
		if (!strcmp(items[i].key, "III.2"))
			bat_item = i;
	assert_true(bat_item != SIZE_MAX);
	assert_int_equal(pages.items[bat_item].n_blocks, items[bat_item].doc->n_blocks + 1);
	/* the summary table is not appended anywhere: a DATA block placed it */
	for (size_t i = 0; i < N_ITEMS; i++)
		if (i != bat_item)
			assert_int_equal(pages.items[i].n_blocks, items[i].doc ? items[i].doc->n_blocks : 0);
}

/* The PDF of a layout of its own (fresh) or of the shared one. */
static void render(struct cnap_buf *out, bool fresh)
{
	struct cnap_survey_layout *l = fresh ? layout_new() : layout_ok();
	struct cnap_error err;
	cnap_buf_init(out, 0);
	enum cnap_err rc = cnap_survey_pdf_write(l, DATE, out, &err);
	if (rc)
		fprintf(stderr, "pdf: %s %s\n", err.where, err.message);
	assert_int_equal(rc, CNAP_OK);
	if (fresh)
		cnap_survey_layout_free(l);
}

static void test_pdf_deterministic(void **state)
{
	(void)state;
	struct cnap_buf a, b;
	render(&a, false);
	render(&b, true); /* laid out again: the same bytes */
	assert_true(a.len > 1000);
	assert_memory_equal(a.data, "%PDF-", 5);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	const char *keep = getenv("SURVEY_PDF_OUT");
	if (keep) {
		FILE *f = fopen(keep, "wb");
		if (f) {
			fwrite(a.data, 1, a.len, f);
			fclose(f);
		}
	}
	cnap_buf_release(&a);
	cnap_buf_release(&b);
}

static void test_bad_text_refused(void **state)
{
	(void)state;
	struct cnap_survey_print bad = print;
	bad.association_name = "\xff\xfe";
	struct cnap_survey_layout *l = (void *)1;
	struct cnap_error err;
	assert_int_equal(cnap_survey_layout(&bad, &l, &err), CNAP_EINVAL);
	assert_null(l);
	assert_string_equal(err.where, "association");
	struct cnap_buf out;
	cnap_buf_init(&out, 0);
	struct cnap_survey_layout *ok = layout_ok();
	assert_int_equal(cnap_survey_pdf_write(ok, "yesterday", &out, &err), CNAP_EINVAL);
	assert_int_equal(out.len, 0);
	cnap_buf_release(&out);
}

/* How long the layout of a survey of this size takes (reported, not asserted). */
static void test_layout_time(void **state)
{
	(void)state;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int pages = 0;
	struct cnap_survey_layout *l = layout_new();
	pages = cnap_survey_layout_page_count(l);
	cnap_survey_layout_free(l);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# layout of %d pages: %.1f ms\n", pages, ms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_map_invariants),   cmocka_unit_test(test_paragraph_break_offset),
		cmocka_unit_test(test_table_heading_repeated), cmocka_unit_test(test_data_tables_placed),
		cmocka_unit_test(test_pdf_deterministic),     cmocka_unit_test(test_bad_text_refused),
		cmocka_unit_test(test_layout_time),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
