/*
 * Writing CSV for Excel on Japanese Windows: the one CSV writer of cnap
 * (the 事前質問・回答一覧 in publish and the per-table exports both write
 * through it). It lives in base so every layer may use it; io/csv_read.h,
 * the reader, includes this header.
 *
 * A file is the UTF-8 BOM (Excel reads UTF-8 only after one, and shows
 * mojibake otherwise), then records of fields, each record ended by CRLF;
 * line breaks inside a field stay as they are, inside quotes. What it writes
 * reads back through cnap_csv_parse() as the same fields, but for the
 * formula guard below.
 */
#ifndef CNAP_CSV_WRITE_H
#define CNAP_CSV_WRITE_H

#include "base/buf.h"

/* Appends the UTF-8 BOM (EF BB BF). Call once, first. */
void cnap_csv_write_bom(struct cnap_buf *b);

/*
 * Appends s (UTF-8; NULL is written as "") as one field, then ',' or, when
 * last_in_record, CRLF. The field is quoted (RFC 4180, '"' doubled) when it
 * holds a comma, a quote, CR or LF, or starts or ends with a space or tab.
 * Formula guard: Excel runs a cell that starts with = + - @ (or a tab or CR
 * before one) as a formula, so such a field is written as text, quoted with
 * a leading ' — unless it is a plain number ("-12.3", "+5", "-1.5E-3"),
 * which Excel must read as a number. Failures are in b->status.
 */
void cnap_csv_write_field(struct cnap_buf *b, const char *s, bool last_in_record);

#endif
