/*
 * Internal to io: the "texts" member of a submission in the cycle file —
 * [{"item": "II.5", "blocks": [...]}, ...] as io/doc_json.h writes an item,
 * or {"item": "II.5", "text": "…"} typed as io/doc_text.h reads it (how a
 * person writes a cycle file by hand; the writer always emits blocks).
 */
#ifndef CNAP_IO_CYCLE_JSON_TEXTS_H
#define CNAP_IO_CYCLE_JSON_TEXTS_H

#include "io/json_reader.h"
#include "model/model.h"

/* Fills sub->texts (canonical JSON per item) and sets sub->texts_given. */
void jr_submission_texts(struct reader *r, json_t *arr, const char *path, struct cnap_submission *sub);
/* The member's value for sub (a new reference), or NULL when it carries none or memory ran out. */
json_t *submission_texts_json(const struct cnap_submission *sub);

#endif
