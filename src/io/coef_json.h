/* The coefficient master file (data/coefficients/master.json) into model/coefficients.h. */
#ifndef CNAP_IO_COEF_JSON_H
#define CNAP_IO_COEF_JSON_H

#include "model/coefficients.h"

#define CNAP_COEF_FORMAT "cnap-coefficients"

/* Parse and check (positive values, unique code+edition, known types); allocated in a. */
enum cnap_err cnap_coef_json_parse(const char *json, size_t len, struct cnap_arena *a, struct cnap_coef_master *out,
				   struct cnap_error *err);

#endif
