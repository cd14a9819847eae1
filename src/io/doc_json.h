/*
 * An item's text (model/doc.h) as JSON: how the store keeps it, how the
 * cycle file carries it ("texts" of a submission, docs/json-format.md) and
 * how the JSON API sends it. Canonical: the writer puts members in one order
 * with no spaces, so the same doc is the same bytes.
 *
 *   {"blocks":[
 *     {"type":"heading","content":["① 生産活動量"]},
 *     {"type":"paragraph","content":["本文", {"text":"経済産業省","href":"https://www.meti.go.jp/"}, "※1"]},
 *     {"type":"list","ordered":false,"items":[
 *        {"content":["一つ目"],"children":[{"type":"list","ordered":true,"items":[{"content":["入れ子"]}]}]}]},
 *     {"type":"table","header_rows":1,"rows":[[["年度"],["値"]],[["2022"],["1,234"]]]},
 *     {"type":"note","mark":"※1","content":["注の本文"]},
 *     {"type":"data","table":"summary"}]}
 *
 * Inline content is an array of spans: a string is plain text, an object
 * {"text":…,"href":…} a link. A table's rows all have the same number of
 * cells. Unknown members and types are refused, and every rule of
 * cnap_doc_check() applies; a message names its JSON path under path
 * ("$.submissions[0].texts[3].blocks[2].items[0].content[1].href").
 */
#ifndef CNAP_IO_DOC_JSON_H
#define CNAP_IO_DOC_JSON_H

#include "model/doc.h"

#include <jansson.h>

/* Largest JSON text of one item that is read. */
#define CNAP_DOC_MAX_JSON ((size_t)2 * 1024 * 1024)

/* Parse JSON text (an object with "blocks") into *out, allocated in a. */
enum cnap_err cnap_doc_json_parse(const char *json, size_t len, const char *path, struct cnap_arena *a,
				  struct cnap_doc *out, struct cnap_error *err);
/* The same from a jansson value already parsed (the cycle file). */
enum cnap_err cnap_doc_json_from_value(const json_t *v, const char *path, struct cnap_arena *a,
				       struct cnap_doc *out, struct cnap_error *err);
/* The canonical JSON text of doc (one that passes cnap_doc_check), appended to out. */
enum cnap_err cnap_doc_json_write(const struct cnap_doc *doc, struct cnap_buf *out);

#endif
