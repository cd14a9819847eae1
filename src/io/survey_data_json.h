/* Internal to io: the "data" object of a submission (docs/json-format.md) in and out of JSON. */
#ifndef CNAP_IO_SURVEY_DATA_JSON_H
#define CNAP_IO_SURVEY_DATA_JSON_H

#include "io/json_reader.h"
#include "model/survey_data.h"

/* Parse and validate; the result lives in r->a. NULL with r->rc set on failure. */
struct cnap_survey_data *jr_survey_data(struct reader *r, json_t *o, const char *path);

/* A new JSON object (the caller owns the reference). */
json_t *survey_data_to_json(const struct cnap_survey_data *d);

#endif
