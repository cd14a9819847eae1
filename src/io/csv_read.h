/*
 * CSV of one survey table, as Excel on Japanese Windows saves it ("CSV UTF-8"
 * with a BOM, or plain "CSV", which is CP932), and as other tools write it.
 *
 * A small RFC 4180 parser of our own, not libcsv: every error here names the
 * physical line ("12行目") where it is, and every row the line where its
 * record starts, even across quoted line breaks. libcsv reports neither (a
 * malformed field comes back as a byte count from csv_parse, an unterminated
 * quote only at csv_fini), it leaves the BOM in the first field, and it grows
 * its field buffer with its own realloc past the limits and base/alloc.h.
 * Here one pass over the decoded text does it all, straight into the arena.
 *
 * Writing (the BOM, quoted fields, CRLF) is base/csv_write.h, included
 * below: one CSV writer for every layer, publish's 一覧 included.
 */
#ifndef CNAP_IO_CSV_READ_H
#define CNAP_IO_CSV_READ_H

#include "base/arena.h"
#include "base/csv_write.h"
#include "base/err.h"

/* A member that is 0 takes its default. */
struct cnap_csv_limits { size_t max_bytes, max_rows, max_fields, max_field_bytes; }; /* default 4 MiB, 10,000, 1,000, 32,767 */
struct cnap_csv_limits cnap_csv_limits_default(void);

struct cnap_csv_row { size_t line; size_t n_fields; const char **fields; }; /* line: 1-based physical line where the record starts */
struct cnap_csv { struct cnap_csv_row *rows; size_t n_rows; const char *encoding; }; /* encoding: "UTF-8", "UTF-8（BOM付き）", "Shift_JIS（CP932）" */

/*
 * Parses data[0..len) into out; everything it points to (rows, fields,
 * their strings) is allocated in a and lives as long as a; encoding is a
 * static string.
 *
 * Encoding: a UTF-8 BOM means UTF-8 (the BOM is dropped: it never reaches
 * the first field). Without one, valid UTF-8 is UTF-8 and anything else is
 * converted from CP932 with iconv — unless it was good UTF-8 with three or
 * more multi-byte characters before its first bad byte: that is UTF-8 with a
 * broken byte, which CP932 would often "read" as mojibake. Text that is
 * neither is CNAP_EINVAL
 * 「文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）」
 * with where the line of the first byte that does not read (of the two
 * readings, the one that read further); a UTF-16 file says so.
 *
 * Syntax (RFC 4180): fields separated by ',', quoted fields with "" for a
 * quote and line breaks inside, records ended by CRLF, LF or CR, the last
 * one with or without a line end. A line break inside a quoted field comes
 * out as LF, whatever the file used. A record that is one empty field (an
 * empty line, or "") is a row with one field "" in the middle of the file;
 * at the end of the file such records are dropped. Fields are
 * NUL-terminated valid UTF-8.
 *
 * Errors, each with where = "12行目" (the line it is on; for a field, the
 * line where the field starts):
 *   CNAP_EINVAL  「引用符（"）が閉じられていません」 (where: the opening quote's line),
 *                a quote in the middle of an unquoted field, something after a
 *                closing quote other than ',' or a line end, NUL bytes, the
 *                encoding (above);
 *   CNAP_ETOOBIG over max_rows (where: the first row past it), max_fields
 *                in a record, max_field_bytes (UTF-8 bytes of one field), or
 *                max_bytes (the input as given; where is empty);
 *   CNAP_ENOMEM, and CNAP_EIO when iconv has no CP932.
 * Messages are Japanese sentences for the person who saved the file. On
 * error *out is zeroed.
 */
enum cnap_err cnap_csv_parse(const void *data, size_t len, const struct cnap_csv_limits *limits /* NULL = default */,
			     struct cnap_arena *a, struct cnap_csv *out, struct cnap_error *err);

#endif
