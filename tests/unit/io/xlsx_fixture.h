/*
 * Test support for the xlsx reader: workbooks built at test time, so that no
 * binary fixture is committed. Used by test_xlsx_read.c, the xlsx_dump tool
 * and the xlsx_read fuzz target. Every buffer returned is the caller's to
 * free().
 */
#ifndef CNAP_TEST_XLSX_FIXTURE_H
#define CNAP_TEST_XLSX_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

struct xlsx_part {
	const char *name;
	const char *data;
	size_t len;       /* 0: strlen(data) */
	bool encrypt;     /* AES-256 with the password "secret" */
};

/* A zip of the parts (deflated when compress), or NULL. */
unsigned char *xlsx_fixture_zip(const struct xlsx_part *parts, size_t n, bool compress, size_t *len);

/*
 * The smallest package around one sheet "Sheet1" at xl/worksheets/sheet1.xml:
 * content types, relationships and workbook, with sheet_xml, and the shared
 * strings and styles parts when not NULL. sheet_xml may be a whole
 * <worksheet> document, or only what goes inside <sheetData> (when it does
 * not start with "<?", "<worksheet" or "<x:worksheet").
 */
unsigned char *xlsx_fixture_book(const char *sheet_xml, const char *sst_xml, const char *styles_xml, size_t *len);

/*
 * The fuzz target's text form of a package: parts one after the other,
 * each introduced by a line "==> part/name", zipped without compression.
 * NULL when data does not start with "==> ".
 */
unsigned char *xlsx_fixture_unpack(const unsigned char *data, size_t size, size_t *len);

/*
 * The libxlsxwriter workbook the tests and tests/cli/t0014 read (and
 * LibreOffice converts): sheets 実績の総括表, Hidden (hidden) and Data;
 * numbers, strings, a rich string, a formula with a cached number and one
 * with a cached string, a date, a boolean, a merged range, a far cell and
 * the defined name cnap_marker. False if it could not be written.
 */
bool xlsx_fixture_xlsxwriter(const char *path);

/* The whole file into memory (NULL if it cannot be read). */
unsigned char *xlsx_fixture_read_file(const char *path, size_t *len);

#endif
