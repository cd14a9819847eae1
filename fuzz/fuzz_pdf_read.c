/*
 * libFuzzer target: an association's own PDF (io/pdf_read.h) and the
 * heading finder over its text (io/page_find.h). Properties: poppler's
 * refusal always comes with a message; an accepted file has 1..limit pages
 * of valid UTF-8 text; the finder puts every item on a page that exists (0:
 * not found), counts what it found, and with the file's own numbering never
 * places a numbered heading before the one above it. The bytes are also
 * read as the text of pages themselves (split at form feeds, as pdftotext
 * writes them), so the folding and the page number reading see anything.
 * A failure traps, so libFuzzer and the corpus replay both report it.
 */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/page_find.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void violated(const char *what)
{
	fprintf(stderr, "fuzz_pdf_read: %s\n", what);
	abort();
}

static const struct cnap_page_find_item ITEMS[] = {
	{ "", "2050年カーボンニュートラルに向けた業界のビジョン" },
	{ "Ⅰ．", "業界の概要" },
	{ "（１）", "主な事業" },
	{ "（２）", "2022年度の取組実績" },
	{ "Ⅱ．", "主体間連携の強化" },
	{ "（１）", "2022年度の取組実績" },
	{ "", "その他" },
};
#define N_ITEMS (sizeof(ITEMS) / sizeof(ITEMS[0]))

static void find(const struct cnap_pdf_text *t, struct cnap_arena *a)
{
	struct cnap_page_find f;
	if (cnap_page_find(t, ITEMS, N_ITEMS, a, &f, NULL) != CNAP_OK)
		return; /* out of memory only */
	int n = (int)t->n_pages, last = 0;
	size_t found = 0;
	for (size_t i = 0; i < N_ITEMS; i++) {
		if (f.page[i] < 0 || f.page[i] > n)
			violated("an item on a page the file does not have");
		if (!f.page[i])
			continue;
		found++;
		/* numbered headings are found in order (pass 1); without a printed numbering, pages are the file's */
		if (!f.printed && *ITEMS[i].code) {
			if (f.page[i] < last)
				violated("a numbered heading found before the one above it");
			last = f.page[i];
		}
	}
	if (found != f.n_found)
		violated("n_found is not the items found");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	cnap_arena_init(&a);
	struct cnap_pdf_text t;
	struct cnap_error err = { 0 };
	if (cnap_pdf_text_read(data, size, &a, &t, &err) != CNAP_OK) {
		if (!err.message[0] || !cnap_utf8_valid(err.message, strlen(err.message), NULL))
			violated("a refusal without a message");
	} else {
		if (!t.n_pages || t.n_pages > CNAP_PDF_MAX_PAGES)
			violated("page count out of limits");
		for (size_t i = 0; i < t.n_pages; i++)
			if (!cnap_utf8_valid(t.pages[i], strlen(t.pages[i]), NULL) ||
			    strlen(t.pages[i]) > CNAP_PDF_MAX_PAGE_TEXT)
				violated("a page's text is not UTF-8 or too long");
		find(&t, &a);
	}
	/* The bytes as page texts: valid UTF-8 only (what poppler gives). */
	if (size < 65536 && cnap_utf8_valid((const char *)data, size, NULL)) {
		char *copy = cnap_arena_strndup(&a, (const char *)data, size);
		const char *pages[64];
		size_t n = 0;
		for (char *p = copy; p && n < 64;) {
			pages[n++] = p;
			char *ff = strchr(p, '\f');
			if (ff)
				*ff++ = '\0';
			p = ff;
		}
		struct cnap_pdf_text x = { .n_pages = n, .pages = pages };
		if (copy && memchr(data, 0, size) == NULL)
			find(&x, &a);
	}
	cnap_arena_release(&a);
	return 0;
}
