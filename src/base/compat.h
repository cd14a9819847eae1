/* First include of every cnap .c file: feature macros and the banned list. */
#ifndef CNAP_COMPAT_H
#define CNAP_COMPAT_H

#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* System headers come before banned.h, whose macros would break their inline definitions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CNAP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Broken invariant inside the library: abort with file:line (never for user input). */
#define CNAP_BUG(msg) cnap_bug(__FILE__, __LINE__, (msg))
_Noreturn void cnap_bug(const char *file, int line, const char *msg);

#include "base/alloc.h"
#include "base/banned.h"

#endif
