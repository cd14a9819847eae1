/* Files compiled into the binary by tools/embed.sh (migrations, sample data, assets). */
#ifndef CNAP_EMBEDDED_H
#define CNAP_EMBEDDED_H

#include <stddef.h>

struct cnap_embedded {
	const char *name;          /* base name, e.g. "0001_init.sql"; NULL ends a table */
	const unsigned char *data; /* NUL-terminated, static */
	size_t len;                /* without the NUL */
};

#endif
