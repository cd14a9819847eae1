/*
 * The 正誤表 of an edition: what changed since the previous edition, where
 * (association, item number, question NO.), before → after. Rendered as an
 * HTML page and as CSV; both are files of the edition (errata.html, errata.csv).
 */
#ifndef CNAP_ERRATA_H
#define CNAP_ERRATA_H

#include "base/buf.h"
#include "base/err.h"

struct cnap_errata_row {
	const char *association_name;
	const char *item_number; /* 「Ⅱ．（４）」 */
	int no;                  /* the question's NO. in the new edition (the old one when removed) */
	const char *part;        /* 「質問」「回答」「追加」「削除」 */
	const char *before, *after; /* "" where there is none */
};

struct cnap_errata {
	const char *title;    /* 令和五年度評価・検証WG「…」 事前質問・回答一覧 正誤表（第2版） */
	const char *note;     /* the edition's change note, or NULL */
	const char *date;     /* "YYYY-MM-DD" */
	const struct cnap_errata_row *rows;
	size_t n_rows;
};

/* A whole HTML document (UTF-8, its own <style>), appended to out. */
enum cnap_err cnap_errata_html(const struct cnap_errata *e, struct cnap_buf *out, struct cnap_error *err);
/* CSV with BOM: 団体,項目番号,NO,箇所,訂正前,訂正後; appended to out. */
enum cnap_err cnap_errata_csv(const struct cnap_errata *e, struct cnap_buf *out, struct cnap_error *err);

#endif
