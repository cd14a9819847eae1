/*
 * Internal to io: the "document" member of a submission in the cycle file —
 * the version's document of record (the association's own PDF), so that an
 * export carries it and an import restores it byte for byte:
 *
 *   "document": {"filename": "調査票.pdf", "sha256": "…", "uploaded_by": "bearing-staff",
 *                "uploaded_at": "2023-10-02T09:00:00Z", "found": {"II.5": 12, "VI.5": 0},
 *                "pdf_base64": "JVBERi0x…"}
 *
 * found holds the page each item's heading was found on (0: not found); the
 * version's "pages" is its page map as corrected. The bytes must be a PDF
 * (they begin with %PDF-) of at most CNAP_DOC_RECORD_MAX_BYTES; that the
 * sha256 is theirs is checked by the import (usecase), which can hash.
 */
#ifndef CNAP_IO_CYCLE_JSON_DOCUMENT_H
#define CNAP_IO_CYCLE_JSON_DOCUMENT_H

#include "io/json_reader.h"
#include "model/model.h"

/* As io/pdf_read.h's CNAP_PDF_MAX_BYTES: what the web takes in one upload. */
#define CNAP_DOC_RECORD_MAX_BYTES ((size_t)20 * 1024 * 1024)

/* A page map {"II.5": 12, …} with pages min..CNAP_MAX_PAGE (cycle_json_read.c, for "pages" and "found"). */
void jr_page_map(struct reader *r, json_t *o, const char *path, int min, struct cnap_page_ref **out, size_t *n);
/* Fills sub->document (in r->a). */
void jr_submission_document(struct reader *r, json_t *obj, const char *path, struct cnap_submission *sub);
/* The member's value for sub (a new reference), or NULL when it has none or memory ran out. */
json_t *submission_document_json(const struct cnap_submission *sub);

#endif
