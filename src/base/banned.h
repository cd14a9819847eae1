/*
 * Calls that are easy to misuse; use cnap_buf, snprintf and cnap_parse_* instead.
 * The heap goes through base/alloc.h, so a test build can fail any allocation.
 */
#ifndef CNAP_BANNED_H
#define CNAP_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gets
#define gets(x) BANNED(gets)

#undef malloc
#define malloc(n) BANNED(malloc)
#undef calloc
#define calloc(n, size) BANNED(calloc)
#undef realloc
#define realloc(p, n) BANNED(realloc)
#undef strdup
#define strdup(s) BANNED(strdup)
#undef strndup
#define strndup(s, n) BANNED(strndup)

#endif
