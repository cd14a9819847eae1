/*
 * Test support for the Word reader and splitter: .docx files built at test
 * time on xlsx_fixture_zip, so that no binary fixture is committed. Every
 * buffer returned is the caller's to free().
 */
#ifndef CNAP_TEST_DOCX_FIXTURE_H
#define CNAP_TEST_DOCX_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

/* The namespaces a fixture's XML uses: w: (WordprocessingML) and r: (relationships). */
#define DOCX_NS                                                                                                \
	"xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                            \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/*
 * A package around word/document.xml: body_xml is what goes inside
 * <w:body> (or a whole document when it starts with "<?" or "<w:document").
 * styles_xml and numbering_xml are what goes inside <w:styles> and
 * <w:numbering> (NULL: the default styles, which define Heading1..3 with
 * outline levels, Normal, and no numbering). rels_xml holds extra
 * <Relationship> elements for the document (hyperlinks: Id "rIdL1"...),
 * footnotes_xml what goes inside <w:footnotes> (NULL: no footnotes part).
 */
unsigned char *docx_fixture(const char *body_xml, const char *styles_xml, const char *numbering_xml,
			    const char *rels_xml, const char *footnotes_xml, size_t *len);

/*
 * A document written as lines, for the splitter's tests and the fuzz seeds:
 *   # text, ## text, ### text   a Word heading of level 1, 2, 3
 *   - text   / "  - text"       a bulleted list item, two spaces per level
 *   1. text  / "  1. text"      a numbered one
 *   | a | b |                   table rows (consecutive lines, one table)
 *   anything else               a Normal paragraph; an empty line an empty one
 * [text](https://…) anywhere is an external link.
 */
unsigned char *docx_fixture_lines(const char *lines, size_t *len);

#endif
