#include "base/compat.h"
#include "xlsx_fixture.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

unsigned char *xlsx_fixture_zip(const struct xlsx_part *parts, size_t n, bool compress, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	bool ok = za != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		size_t plen = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *ps = zip_source_buffer(za, parts[i].data, plen, 0);
		zip_int64_t idx = ps ? zip_file_add(za, parts[i].name, ps, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
		if (idx < 0) {
			zip_source_free(ps);
			ok = false;
			break;
		}
		/* 1980-01-01, as libxlsxwriter dates its entries: the same parts give the same bytes */
		ok = zip_file_set_mtime(za, (zip_uint64_t)idx, 315532800 + 12 * 3600, 0) == 0 &&
		     zip_set_file_compression(za, (zip_uint64_t)idx, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 9) == 0 &&
		     (!parts[i].encrypt || zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "secret") == 0);
	}
	if (za && (!ok || zip_close(za) != 0)) {
		zip_discard(za);
		ok = false;
	}
	unsigned char *out = NULL;
	zip_stat_t st;
	if (ok && zip_source_open(src) == 0) {
		zip_stat_init(&st);
		if (zip_source_stat(src, &st) == 0 && (out = cnap_malloc(st.size ? st.size : 1)) &&
		    zip_source_read(src, out, st.size) == (zip_int64_t)st.size) {
			*len = st.size;
		} else {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"</Types>";

static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"xl/workbook.xml\"/></Relationships>";

static const char workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
	"Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/></Relationships>";

unsigned char *xlsx_fixture_book(const char *sheet_xml, const char *sst_xml, const char *styles_xml, size_t *len)
{
	char *sheet = NULL;
	if (strncmp(sheet_xml, "<?", 2) != 0 && strncmp(sheet_xml, "<worksheet", 10) != 0 &&
	    strncmp(sheet_xml, "<x:worksheet", 12) != 0) {
		const char *head = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
				   "<sheetData>";
		const char *tail = "</sheetData></worksheet>";
		size_t n = strlen(head) + strlen(sheet_xml) + strlen(tail) + 1;
		if (!(sheet = cnap_malloc(n)))
			return NULL;
		snprintf(sheet, n, "%s%s%s", head, sheet_xml, tail);
		sheet_xml = sheet;
	}
	struct xlsx_part parts[6] = {
		{ "[Content_Types].xml", content_types, 0, false },
		{ "_rels/.rels", root_rels, 0, false },
		{ "xl/workbook.xml", workbook, 0, false },
		{ "xl/_rels/workbook.xml.rels", workbook_rels, 0, false },
		{ "xl/worksheets/sheet1.xml", sheet_xml, 0, false },
	};
	size_t n = 5;
	if (sst_xml)
		parts[n++] = (struct xlsx_part){ "xl/sharedStrings.xml", sst_xml, 0, false };
	if (styles_xml)
		parts[n++] = (struct xlsx_part){ "xl/styles.xml", styles_xml, 0, false };
	unsigned char *out = xlsx_fixture_zip(parts, n, true, len);
	free(sheet);
	return out;
}

unsigned char *xlsx_fixture_unpack(const unsigned char *data, size_t size, size_t *len)
{
	static const char mark[] = "==> ";
	const size_t mlen = sizeof(mark) - 1;
	struct xlsx_part parts[64];
	char names[64][256];
	size_t n = 0, i = 0;
	if (size < mlen || memcmp(data, mark, mlen) != 0)
		return NULL;
	while (i < size && n < 64) {
		/* at a mark: the name runs to the end of the line */
		i += mlen;
		size_t k = 0;
		while (i < size && data[i] != '\n') {
			if (k + 1 < sizeof(names[n]))
				names[n][k++] = (char)data[i];
			i++;
		}
		names[n][k] = '\0';
		if (i < size)
			i++;
		size_t start = i;
		while (i < size && !(data[i] == '\n' && size - i - 1 >= mlen && memcmp(data + i + 1, mark, mlen) == 0))
			i++;
		parts[n] = (struct xlsx_part){ names[n], (const char *)data + start, i - start, false };
		/* an empty part: zip_source_buffer with length 0 and len 0 would mean strlen */
		if (parts[n].len == 0)
			parts[n].data = "";
		n++;
		if (i < size)
			i++; /* the newline before the next mark */
	}
	return xlsx_fixture_zip(parts, n, false, len);
}

unsigned char *xlsx_fixture_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = cnap_malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		unsigned char *p = cnap_realloc(buf, cap *= 2);
		if (!p) {
			free(buf);
			buf = NULL;
		}
		buf = p;
	}
	fclose(f);
	*len = n;
	return buf;
}
