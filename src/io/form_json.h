/*
 * The survey's data tables (model/form.h) in JSON: the "tables" member of a
 * template in the cycle file (docs/json-format.md). The template keeps the
 * member's text (struct cnap_template.tables_json) so that it travels with
 * the cycle, and parses it with this when a table is shown or read back.
 */
#ifndef CNAP_IO_FORM_JSON_H
#define CNAP_IO_FORM_JSON_H

#include "model/form.h"

/*
 * Parse and check a tables array (its JSON text); where names path
 * ("$.templates[0].tables[1].lines[2].bind"). Allocated in a.
 */
enum cnap_err cnap_form_json_parse(const char *json, size_t len, const char *path, struct cnap_arena *a,
				   struct cnap_form_spec *out, struct cnap_error *err);

#endif
