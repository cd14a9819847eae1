/*
 * The cycle JSON format (docs/json-format.md): parsing with full validation
 * and writing. Parsing never touches a database; the store imports the
 * parsed struct in one transaction.
 */
#ifndef CNAP_IO_CYCLE_JSON_H
#define CNAP_IO_CYCLE_JSON_H

#include "base/buf.h"
#include "model/model.h"

#define CNAP_CYCLE_FORMAT "cnap-cycle"
#define CNAP_CYCLE_FORMAT_VERSION 1
#define CNAP_MAX_JSON_FILE ((size_t)64 * 1024 * 1024)

/*
 * Parse text[0..len) into *out; strings and arrays are allocated in a.
 * Problems are reported with their JSON path ($.questions[3].item) or
 * line:column for syntax errors. Templates may be absent when
 * allow_no_templates is set (they come from another file, see merge).
 * The result is structurally checked; cnap_cycle_data_validate() checks
 * the references once templates are merged.
 */
enum cnap_err cnap_cycle_json_parse(const char *text, size_t len, bool allow_no_templates,
				    struct cnap_arena *a, struct cnap_cycle_data *out, struct cnap_error *err);

/* Take the templates of src into dst (which must have none); same cycle year required. */
enum cnap_err cnap_cycle_json_merge_templates(struct cnap_cycle_data *dst, const struct cnap_cycle_data *src,
					      struct cnap_error *err);

/* Write d as pretty-printed JSON (stable key order) into out. */
enum cnap_err cnap_cycle_json_write(const struct cnap_cycle_data *d, struct cnap_buf *out, struct cnap_error *err);

/*
 * The quantitative data of a submission from its canonical JSON text (as
 * the store keeps it), validated; allocated in a. path prefixes messages.
 */
struct cnap_survey_data;
enum cnap_err cnap_survey_data_parse(const char *json, size_t len, const char *path, struct cnap_arena *a,
				     struct cnap_survey_data **out, struct cnap_error *err);

/* Canonical JSON text of survey data (what the store keeps); in a, NULL on exhaustion. */
const char *cnap_survey_data_to_text(struct cnap_arena *a, const struct cnap_survey_data *d);

#endif
