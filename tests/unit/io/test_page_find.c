/*
 * An association's own PDF: its pages' text (io/pdf_read.h) and where its
 * headings are (io/page_find.h). The PDFs are drawn here with cairo.
 */
#include "base/compat.h"
#include "base/buf.h"
#include "io/page_find.h"
#include "test_util.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <string.h>

const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);
/* Full stacks through libcairo, so the names below match. */
__attribute__((used)) const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n"
	       "leak:FcInitLoadConfigAndFonts\n"
	       "leak:cairo_toy_font_face_create\n";
}

static struct cnap_arena A;

static int setup(void **state)
{
	(void)state;
	cnap_arena_init(&A);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cnap_arena_release(&A);
	return 0;
}

static void test_fold(void **state)
{
	(void)state;
	assert_string_equal(cnap_page_find_fold(&A, "Ⅱ．（５） 実施した対策、投資額"), "ii5実施した対策投資額");
	assert_string_equal(cnap_page_find_fold(&A, "II.(5)実施した\n対策,投資額"), "ii5実施した対策投資額");
	assert_string_equal(cnap_page_find_fold(&A, "ＣＯ２排出量　ガ"), "co2排出量ガ");
	assert_null(cnap_page_find_fold(&A, "\xff"));
}

static const struct cnap_page_find_item ITEMS[] = {
	{"", "2050年カーボンニュートラルに向けた業界のビジョン（基本方針等）"},
	{"Ⅰ．", "業界の概要"},
	{"（１）", "主な事業"},
	{"（２）", "2022年度の取組実績"},
	{"Ⅱ．", "主体間連携の強化"},
	{"（１）", "低炭素製品の概要"},
	{"（２）", "2022年度の取組実績"},
	{"", "その他"},
	{"（３）", "見つからない項目"},
};
#define N_ITEMS CNAP_ARRAY_LEN(ITEMS)

/* A cover, a contents page listing everything, then the body; pages printed 「- n -」 from the third. */
static const char *PAGES[] = {
	"令和五年度\nフォローアップ調査票\n",
	"目次\n2050年カーボンニュートラルに向けた業界のビジョン（基本方針等）……1\nⅠ．業界の概要……2\n（１）主な事業……2\n"
	"（２）2022年度の取組実績……3\nⅡ．主体間連携の強化……4\n（１）低炭素製品の概要……4\n（２）2022年度の取組実績……5\n",
	"2050年カーボンニュートラルに向けた業界の\nビジョン（基本方針等）\n本文。\n- 1 -\n",
	"I. 業界の概要\n(1) 主な事業\n本文。\n- 2 -\n",
	"（２） 2022年度の\n取組実績\n本文。\n- 3 -\n",
	"Ⅱ．主体間連携の強化\n（１）低炭素製品の概要\n本文。\n- 4 -\n",
	"（２）2022年度の取組実績\n本文。\nその他\n本文。\n- 5 -\n",
};

static void test_find_headings(void **state)
{
	(void)state;
	struct cnap_pdf_text t = {.n_pages = CNAP_ARRAY_LEN(PAGES), .pages = PAGES};
	struct cnap_page_find f;
	assert_int_equal(cnap_page_find(&t, ITEMS, N_ITEMS, &A, &f, NULL), CNAP_OK);
	assert_true(f.printed);
	assert_int_equal(f.offset, 2);
	static const int want[N_ITEMS] = {1, 2, 2, 3, 4, 4, 5, 5, 0};
	for (size_t i = 0; i < N_ITEMS; i++)
		assert_int_equal(f.page[i], want[i]);
	assert_int_equal(f.n_found, N_ITEMS - 1);
}

/* Without page numbers in the text, pages count from the file's first. */
static void test_unnumbered(void **state)
{
	(void)state;
	static const char *pages[] = {"Ⅰ．業界の概要\n", "（１）主な事業\n", "（２）2022年度の取組実績"};
	struct cnap_pdf_text t = {.n_pages = 3, .pages = pages};
	struct cnap_page_find f;
	assert_int_equal(cnap_page_find(&t, ITEMS + 1, 3, &A, &f, NULL), CNAP_OK);
	assert_false(f.printed);
	assert_int_equal(f.page[0], 1);
	assert_int_equal(f.page[1], 2);
	assert_int_equal(f.page[2], 3);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return cnap_buf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void make_pdf(struct cnap_buf *b)
{
	cnap_buf_init(b, 0);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, b, 595, 842);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "IPAexGothic", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	const char *lines[] = {"Ⅰ．業界の概要", "（１）主な事業", "（２）2022年度の取組実績"};
	for (int p = 0; p < 3; p++) {
		cairo_move_to(cr, 72, 100);
		cairo_show_text(cr, lines[p]);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

static void test_read_pdf(void **state)
{
	(void)state;
	struct cnap_buf b;
	make_pdf(&b);
	struct cnap_pdf_text t;
	struct cnap_error err;
	assert_int_equal(cnap_pdf_text_read(b.data, b.len, &A, &t, &err), CNAP_OK);
	assert_int_equal(t.n_pages, 3);
	assert_non_null(strstr(t.pages[1], "主な事業"));
	struct cnap_page_find f;
	assert_int_equal(cnap_page_find(&t, ITEMS + 1, 3, &A, &f, NULL), CNAP_OK);
	assert_int_equal(f.page[2], 3);

	/* Cut in half: poppler may still read some of it, or refuse; never a crash, and a message when it refuses. */
	enum cnap_err rc = cnap_pdf_text_read(b.data, b.len / 2, &A, &t, &err);
	if (rc)
		assert_true(err.message[0] != '\0');
	cnap_buf_release(&b);
}

static void test_refusals(void **state)
{
	(void)state;
	struct cnap_pdf_text t;
	struct cnap_error err;
	assert_int_equal(cnap_pdf_text_read("hello", 5, &A, &t, &err), CNAP_EINVAL);
	assert_non_null(strstr(err.message, "PDFファイルではありません"));
	static const char broken[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF";
	assert_int_equal(cnap_pdf_text_read(broken, sizeof(broken) - 1, &A, &t, &err), CNAP_EINVAL);
	assert_true(err.message[0] != '\0');
	assert_int_equal(cnap_pdf_text_read("%PDF-", CNAP_PDF_MAX_BYTES + 1, &A, &t, &err), CNAP_ETOOBIG);
	assert_true(cnap_pdf_looks_like_pdf("\n\n%PDF-1.7", 10));
	assert_false(cnap_pdf_looks_like_pdf("%PD", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),     cmocka_unit_test(test_find_headings), cmocka_unit_test(test_unnumbered),
		cmocka_unit_test(test_read_pdf), cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
