/* ISO 8601 times as cnap stores them: "YYYY-MM-DDThh:mm:ss" in UTC, with or without a trailing Z. */
#ifndef CNAP_BASE_ISOTIME_H
#define CNAP_BASE_ISOTIME_H

#include <stdbool.h>
#include <time.h>

/* Seconds since the epoch of s; false (and *out 0) when s is not such a time. */
bool cnap_iso_parse(const char *s, time_t *out);
/* "YYYY-MM-DDThh:mm:ssZ" */
void cnap_iso_format(time_t t, char out[32]);

#endif
