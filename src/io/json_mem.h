/*
 * jansson's memory. Every jansson allocation of the process goes through
 * base/alloc.h (set up before main), and each one that fails is counted per
 * thread: jansson reports a failed allocation while loading as if the text
 * were bad, and while building (json_pack, json_object_set_new) not at all.
 * A caller compares the count before and after to tell.
 */
#ifndef CNAP_IO_JSON_MEM_H
#define CNAP_IO_JSON_MEM_H

#include <jansson.h>
#include <stdbool.h>

unsigned long cnap_json_alloc_failures(void);

/*
 * json_loadb, but NULL whenever an allocation failed on the way (*oom), even
 * where jansson itself would return a tree; otherwise NULL means bad JSON,
 * described in jerr.
 */
json_t *cnap_json_load(const char *text, size_t len, size_t flags, json_error_t *jerr, bool *oom);

#endif
