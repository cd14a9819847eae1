#include "base/compat.h"
#include "base/buf.h"
#include "publish/qa_pdf.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * cairo 1.16 leaks 768 bytes per embedded CFF font inside
 * cairo_surface_finish, and fontconfig leaks a few bytes while parsing its
 * config on first use. Neither is ours; everything else must be clean.
 */
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n"
	       "leak:FcInitLoadConfigAndFonts\n";
}
/* Full stacks through libcairo/libfontconfig, so the names above match. */
__attribute__((used)) const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

#define DATE "2023-11-01T00:00:00"
#define WG_NAME "電子・電機・産業機械等WG"
#define ASSOC_A "電機・電子温暖化対策連絡会"
#define ASSOC_B "日本ベアリング工業会"
#define BIG_CHARS 15000

/* ---- the document -------------------------------------------------------- */

static char *big_answer; /* ~15,000 characters, numbered sentences */
static struct cnap_buf rendered; /* doc as rendered once by setup() */

static struct cnap_qa_entry entries_a1[] = {
	{1, "P.3",
	 "Scope3のカテゴリー11は各社のカーボンニュートラル達成において高い障壁になると予想されますが、"
	 "省エネ製品の提供以外に、現実問題としてどのように対処していくおつもりでしょうか。",
	 "・Scope３カテゴリー11は「間接排出の評価」で、我々電機電子業界の製品は電気を使用する製品である"
	 "ことから、高効率（省エネ化）の努力に加えて、再生可能エネルギー由来の電力利用等が進展する必要があります。"},
	{2, "P.3",
	 "SBTiへの参加登録状況について、<b>Near-term</b>だけではなく&amp;Long-termについてもご教示ください。",
	 "・今年5月に発行した業界長期ビジョンガイダンスの別紙として、参加企業各社の長期目標を纏めたリストを発行しております。"},
};
static struct cnap_qa_entry entries_a2[] = {
	{3, "P.16", "2023年度以降の目標遂行見通しをお聞かせください。", NULL /* big_answer */},
};
static struct cnap_qa_entry entries_a3[] = {
	{4, "P.19", "地球🌏規模の取組と𠮷田工場の事例についてご教示ください。",
	 "𠮷田工場では再エネ由来電力への切替を進めております。"},
};
static struct cnap_qa_entry entries_b1[] = {
	{1, "P.1", "2050年までの長期見通しについて、より具体的な内容をお示しいただきたい。",
	 "景気の変動、海外生産の動向など不透明な要因が多いことから、お示しすることは難しい状況です。"},
	{2, "", "BAT導入状況の差異の原因は何でしょうか。",
	 "個別企業の回答報告値を積算して報告しています。"},
};

static struct cnap_qa_row rows_a[] = {
	{"front.vision", "", "2050年カーボンニュートラルに向けた電機・電子業界のビジョン（基本方針等）", 0,
	 entries_a1, 2, ""},
	{"I", "Ⅰ．", "業界の概要", 0, NULL, 0, "Ⅰ．"},
	{"I.1", "（１）", "主な事業", 1, NULL, 0, "Ⅰ．（１）"},
	{"II", "Ⅱ．", "国内の企業活動における削減実績", 0, NULL, 0, "Ⅱ．"},
	{"II.6", "（６）", "2030年度の目標達成の蓋然性", 1, entries_a2, 1, "Ⅱ．（６）"},
	{"II.7", "（７）", "クレジット等の活用実績・予定と具体的事例", 1, entries_a3, 1, "Ⅱ．（７）"},
	{"VII", "VII.", "情報発信", 0, NULL, 0, "VII."},
};
static struct cnap_qa_row rows_b[] = {
	{"I", "Ⅰ．", "業界の概要", 0, NULL, 0, "Ⅰ．"},
	{"II.3", "（３）", "BAT、ベストプラクティスの導入進捗状況", 1, entries_b1, 2, "Ⅱ．（３）"},
};
static struct cnap_qa_section sections[] = {
	{"jema", ASSOC_A, "令和五年度評価・検証WG「" ASSOC_A "」 事前質問・回答一覧", rows_a,
	 CNAP_ARRAY_LEN(rows_a), 4},
	{"jbia", ASSOC_B, "令和五年度評価・検証WG「" ASSOC_B "」 事前質問・回答一覧", rows_b,
	 CNAP_ARRAY_LEN(rows_b), 2},
};
static struct cnap_qa_doc doc = {2023, "令和五年度", "denshi", WG_NAME, sections, 2};

/* Every question and answer in printed order. */
static const struct cnap_qa_entry *all_entries[] = {
	&entries_a1[0], &entries_a1[1], &entries_a2[0], &entries_a3[0],
	&entries_b1[0], &entries_b1[1],
};

static int setup(void **state)
{
	(void)state;
	size_t cap = BIG_CHARS * 4 + 256, n = 0, chars = 0;
	big_answer = cnap_malloc(cap);
	if (!big_answer)
		return -1;
	for (int i = 1; chars < BIG_CHARS; i++) {
		/* 40 characters a sentence, a paragraph every 6 sentences. */
		int w = snprintf(big_answer + n, cap - n,
				 "第%05d文：徹底した省エネ対策を進めることを通じ目標水準を目指します。%s", i,
				 i % 6 == 0 ? "\n" : "");
		if (w < 0 || (size_t)w >= cap - n)
			return -1;
		n += (size_t)w;
		chars += 40 + (i % 6 == 0);
	}
	entries_a2[0].answer = big_answer;

	/* Rendering the big doc is the slow part under ASan: do it once here. */
	struct cnap_error err;
	cnap_buf_init(&rendered, 0);
	if (cnap_qa_pdf_write(&doc, DATE, &rendered, &err) != CNAP_OK) {
		fprintf(stderr, "setup: %s: %s\n", err.where, err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(big_answer);
	big_answer = NULL;
	cnap_buf_release(&rendered);
	return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static bool have_poppler(void)
{
	return system("command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1"
		      " && command -v pdffonts >/dev/null 2>&1") == 0;
}

/* Run cmd and return its stdout (caller frees). */
static char *run(const char *cmd)
{
	struct cnap_buf b;
	char chunk[4096];
	size_t n;
	FILE *p = popen(cmd, "r");
	if (!p)
		fail_msg("popen %s", cmd);
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		cnap_buf_add(&b, chunk, n);
	int st = pclose(p);
	if (st != 0)
		fail_msg("%s exited with %d", cmd, st);
	assert_int_equal(b.status, CNAP_OK);
	return cnap_buf_detach(&b, NULL);
}

/* The value of a "Key:   value" line of pdfinfo output. */
static const char *info_value(const char *info, const char *key)
{
	const char *p = strstr(info, key);
	if (!p)
		fail_msg("pdfinfo has no %s", key);
	p += strlen(key);
	while (*p == ' ')
		p++;
	return p;
}

static char *temp_path(void)
{
	char *path = cnap_strdup("/tmp/cnap_test_qa_pdf_XXXXXX");
	assert_non_null(path);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

/* The bytes rendered by setup() in a temp file. */
static char *rendered_temp(void)
{
	char *path = temp_path();
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_i64_eq(fwrite(rendered.data, 1, rendered.len, f), rendered.len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* d rendered through cnap_qa_pdf_write_file into a temp file. */
static char *write_temp(const struct cnap_qa_doc *d)
{
	char *path = temp_path();
	struct cnap_error err;
	enum cnap_err rc = cnap_qa_pdf_write_file(d, DATE, path, &err);
	if (rc != CNAP_OK)
		fail_msg("write_file: %s: %s", err.where, err.message);
	return path;
}

/* Drop the lines equal to skip, then all whitespace (pages end with \f). */
static char *squeeze(const char *s, const char *skip)
{
	size_t n = strlen(s);
	char *out = cnap_malloc(n + 1), *o = out;
	assert_non_null(out);
	while (*s) {
		/* pdftotext ends a page with \f, glued to the next page's first line */
		size_t len = strcspn(s, "\n\f");
		const char *eol = s[len] ? s + len : NULL;
		bool drop = skip && len == strlen(skip) && memcmp(s, skip, len) == 0;
		for (size_t i = 0; i < len && !drop; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f')
				*o++ = s[i];
		s += len + (eol ? 1 : 0);
	}
	*o = '\0';
	return out;
}

/*
 * pdftotext joins a line ending in '-' to the next without it ("Long-" /
 * "term" reads "Longterm"), so text matched across lines drops hyphens.
 */
static void drop_hyphens(char *s)
{
	char *o = s;
	for (; *s; s++)
		if (*s != '-')
			*o++ = *s;
	*o = '\0';
}

/*
 * Find the whitespace-free form of want in hay at or after *pos; advance
 * *pos past it. The emoji has no font here and prints as a hex box whose
 * digits pdftotext reads, so text is matched piecewise around it.
 */
static void expect_in_order(const char *hay, size_t *pos, const char *want, const char *what)
{
	char *w = squeeze(want, NULL);
	drop_hyphens(w);
	char *piece = w;
	for (;;) {
		char *emoji = strstr(piece, "🌏");
		if (emoji)
			*emoji = '\0';
		if (*piece) {
			const char *hit = strstr(hay + *pos, piece);
			if (!hit)
				fail_msg("%s not found in order: %.60s…", what, piece);
			*pos = (size_t)(hit - hay) + strlen(piece);
		}
		if (!emoji)
			break;
		piece = emoji + strlen("🌏");
	}
	free(w);
}

/* Text of one table column on every page, header and footer cut off. */
static char *column_text(const char *path, double from, double width, const char *header)
{
	char cmd[512];
	double x = CNAP_QA_PDF_TABLE_X + from + 1;
	double w = width - 2;
	snprintf(cmd, sizeof(cmd), "pdftotext -q -x %d -y 0 -W %d -H %d '%s' -", (int)x, (int)w,
		 (int)CNAP_QA_PDF_BODY_BOTTOM, path);
	char *raw = run(cmd);
	char *s = squeeze(raw, header);
	free(raw);
	drop_hyphens(s);
	return s;
}

static bool contains_bytes(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

/* ---- tests --------------------------------------------------------------- */

static void test_bytes_are_pdf_and_reproducible(void **state)
{
	(void)state;
	struct cnap_buf *a = &rendered, b;
	struct cnap_error err;
	cnap_buf_init(&b, 0);
	assert_int_equal(cnap_qa_pdf_write(&doc, DATE, &b, &err), CNAP_OK);
	assert_true(a->len > 1000);
	assert_memory_equal(a->data, "%PDF-", 5);
	assert_i64_eq(a->len, b.len);
	assert_memory_equal(a->data, b.data, a->len);
	/* the pinned date is what the file says */
	/* (cairo 1.16 leaves out the "D:" prefix; poppler reads it anyway) */
	assert_true(contains_bytes(a->data, a->len, "/CreationDate (20231101000000"));
	assert_true(contains_bytes(a->data, a->len, "/ModDate (20231101000000"));
	cnap_buf_release(&b);
}

static void test_pages_fonts_and_text(void **state)
{
	(void)state;
	if (!have_poppler())
		skip();
	char *path = rendered_temp();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
	char *info = run(cmd);
	assert_memory_equal(info_value(info, "Page size:"), "842 x 595 pts", 13);
	int n_pages = (int)strtol(info_value(info, "Pages:"), NULL, 10);
	if (n_pages <= 2)
		fail_msg("only %d pages; the long answer must paginate", n_pages);
	const char *title = "令和五年度評価・検証WG 事前質問・回答一覧（" WG_NAME "）\n";
	assert_memory_equal(info_value(info, "Title:"), title, strlen(title));
	assert_memory_equal(info_value(info, "CreationDate:"), "Wed Nov  1 00:00:00 2023", 24);
	free(info);

	/* an embedded CJK font: "<name> CID TrueType Identity-H yes yes yes 7 0" */
	snprintf(cmd, sizeof(cmd), "pdffonts '%s'", path);
	char *fonts = run(cmd);
	bool cjk_embedded = false;
	char *save = NULL;
	for (char *line = strtok_r(fonts, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tok[16];
		int nt = 0;
		char *s2 = NULL;
		if (!strstr(line, "IPAexGothic"))
			continue;
		for (char *t = strtok_r(line, " ", &s2); t && nt < 16; t = strtok_r(NULL, " ", &s2))
			tok[nt++] = t;
		if (nt >= 6 && strcmp(tok[nt - 5], "yes") == 0)
			cjk_embedded = true;
	}
	assert_true(cjk_embedded);
	free(fonts);

	/* whole-page text: titles, footers, markup printed as typed */
	snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' -", path);
	char *raw = run(cmd);
	char *all = squeeze(raw, NULL);
	free(raw);
	assert_non_null(strstr(all, "令和五年度評価・検証WG「" ASSOC_A "」事前質問・回答一覧"));
	assert_non_null(strstr(all, "令和五年度評価・検証WG「" ASSOC_B "」事前質問・回答一覧"));
	assert_non_null(strstr(all, ASSOC_A "-1"));
	assert_non_null(strstr(all, ASSOC_A "-2"));
	/* a bundle: cover and contents first, then page numbers running through it */
	assert_non_null(strstr(all, "事前質問・回答一覧"));
	assert_non_null(strstr(all, "目次"));
	int last_a = 2;
	char foot[128];
	for (;;) {
		snprintf(foot, sizeof(foot), ASSOC_A "-%d", last_a + 1);
		if (!strstr(all, foot))
			break;
		last_a++;
	}
	snprintf(foot, sizeof(foot), ASSOC_B "-%d", last_a + 1);
	assert_non_null(strstr(all, foot));
	snprintf(foot, sizeof(foot), "%s%d", ASSOC_B, last_a + 1); /* the contents line */
	assert_non_null(strstr(all, foot));
	assert_non_null(strstr(all, "<b>Near-term</b>")); /* markup printed as typed */
	assert_non_null(strstr(all, "𠮷田工場"));
	assert_non_null(strstr(all, "（７）クレジット等の活用実績"));
	assert_null(strstr(all, "事前質問はありません。"));
	free(all);

	/* footer text as printed, with its spaces */
	snprintf(cmd, sizeof(cmd), "pdftotext -q -layout '%s' -", path);
	raw = run(cmd);
	assert_non_null(strstr(raw, ASSOC_A " - 1"));
	snprintf(foot, sizeof(foot), ASSOC_B " - %d", last_a + 1);
	assert_non_null(strstr(raw, foot));
	free(raw);

	/* every question and answer, in order, read column by column */
	char *questions = column_text(path, CNAP_QA_PDF_COL_ITEM + CNAP_QA_PDF_COL_PAGE,
				      CNAP_QA_PDF_COL_QUESTION, "指摘");
	char *answers = column_text(path,
				    CNAP_QA_PDF_COL_ITEM + CNAP_QA_PDF_COL_PAGE +
					    CNAP_QA_PDF_COL_QUESTION,
				    CNAP_QA_PDF_COL_ANSWER, "回答");
	size_t qpos = 0, apos = 0;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(all_entries); i++) {
		expect_in_order(questions, &qpos, all_entries[i]->question, "question");
		expect_in_order(answers, &apos, all_entries[i]->answer, "answer");
	}
	free(questions);
	free(answers);

	unlink(path);
	free(path);
}

static void test_section_without_questions(void **state)
{
	(void)state;
	if (!have_poppler())
		skip();
	struct cnap_qa_row rows[] = {
		{"I", "Ⅰ．", "業界の概要", 0, NULL, 0, "Ⅰ．"},
		{"I.1", "（１）", "主な事業", 1, NULL, 0, "Ⅰ．（１）"},
	};
	struct cnap_qa_section sec = {"jbia", ASSOC_B, "令和五年度評価・検証WG「" ASSOC_B "」 事前質問・回答一覧",
				      rows, 2, 0};
	struct cnap_qa_doc d = {2023, "令和五年度", "denshi", WG_NAME, &sec, 1};
	char *path = write_temp(&d);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
	char *info = run(cmd);
	assert_memory_equal(info_value(info, "Pages:"), "1\n", 2);
	/* a one-association doc is titled after its section */
	assert_non_null(strstr(info_value(info, "Title:"), "「" ASSOC_B "」"));
	free(info);
	snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' -", path);
	char *raw = run(cmd);
	char *all = squeeze(raw, NULL);
	assert_non_null(strstr(all, "事前質問はありません。"));
	assert_non_null(strstr(all, "Ⅰ．業界の概要"));
	assert_non_null(strstr(all, "（１）主な事業"));
	assert_non_null(strstr(all, ASSOC_B "-1"));
	free(raw);
	free(all);
	unlink(path);
	free(path);
}

static void test_doc_without_sections(void **state)
{
	(void)state;
	if (!have_poppler())
		skip();
	struct cnap_qa_doc d = {2023, "令和五年度", "denshi", WG_NAME, NULL, 0};
	char *path = write_temp(&d);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
	char *info = run(cmd);
	assert_memory_equal(info_value(info, "Pages:"), "1\n", 2);
	free(info);
	snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' -", path);
	char *raw = run(cmd);
	char *all = squeeze(raw, NULL);
	assert_non_null(strstr(all, "令和五年度評価・検証WG事前質問・回答一覧（" WG_NAME "）"));
	assert_non_null(strstr(all, "事前質問はありません。"));
	free(raw);
	free(all);
	unlink(path);
	free(path);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct cnap_buf b;
	struct cnap_error err;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "keep");

	assert_int_equal(cnap_qa_pdf_write(NULL, DATE, &b, &err), CNAP_EINVAL);
	assert_int_equal(cnap_qa_pdf_write(&doc, NULL, &b, &err), CNAP_EINVAL);
	assert_int_equal(cnap_qa_pdf_write(&doc, "yesterday", &b, &err), CNAP_EINVAL);
	assert_int_equal(cnap_qa_pdf_write(&doc, "2023-13-01T00:00:00", &b, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "pinned_date");
	assert_int_equal(cnap_qa_pdf_write(&doc, "2023-11-01T00:00:00+09:00x", &b, &err),
			 CNAP_EINVAL);

	/* invalid UTF-8 never reaches pango */
	struct cnap_qa_entry e = {1, "P.1", "質問", "回答\xff"};
	struct cnap_qa_row row = {"I", "Ⅰ．", "概要", 0, &e, 1, "Ⅰ．"};
	struct cnap_qa_section sec = {"x", "団体", "題", &row, 1, 1};
	struct cnap_qa_doc d = {2023, "令和五年度", "w", "WG", &sec, 1};
	assert_int_equal(cnap_qa_pdf_write(&d, DATE, &b, &err), CNAP_EINVAL);
	assert_string_equal(err.where, "sections[0].rows[0].entries[0].answer");
	assert_i64_eq(b.len, 4);
	assert_string_equal(b.data, "keep");
	cnap_buf_release(&b);

	/* over the buffer limit: CNAP_ETOOBIG and the old contents kept */
	cnap_buf_init(&b, 2000);
	cnap_buf_adds(&b, "keep");
	d.sections = NULL;
	d.n_sections = 0;
	assert_int_equal(cnap_qa_pdf_write(&d, DATE, &b, &err), CNAP_ETOOBIG);
	assert_i64_eq(b.len, 4);
	assert_string_equal(b.data, "keep");
	cnap_buf_release(&b);

	assert_int_equal(cnap_qa_pdf_write_file(&d, DATE, "/nonexistent-dir/x.pdf", &err),
			 CNAP_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_are_pdf_and_reproducible),
		cmocka_unit_test(test_pages_fonts_and_text),
		cmocka_unit_test(test_section_without_questions),
		cmocka_unit_test(test_doc_without_sections),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
