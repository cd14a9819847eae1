/* UTF-8 checks for hostile text. Pure functions; nothing is allocated. */
#ifndef CNAP_UTF8_H
#define CNAP_UTF8_H

#include "base/err.h"

#include <stdint.h>

/*
 * True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). On false, *bad_offset (if non-NULL) is the byte
 * offset of the first bad sequence.
 */
bool cnap_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/*
 * The code point at s[0..n) into *cp; returns the length of its sequence
 * (1-4), or 0 when n is 0 or the sequence is malformed (as for
 * cnap_utf8_valid).
 */
size_t cnap_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Number of code points in valid UTF-8. */
size_t cnap_utf8_count(const char *s, size_t n);

enum cnap_text_flags {
	CNAP_TEXT_MULTILINE = 1 << 0, /* allow LF, CR and TAB */
	CNAP_TEXT_OPTIONAL = 1 << 1,  /* allow NULL or empty */
};

/*
 * Validate a user-supplied text field: valid UTF-8, no C0 or C1 control
 * characters nor DEL (except line breaks and tabs with CNAP_TEXT_MULTILINE), not blank unless
 * optional, at most max_chars code points. field names the place for the
 * error message (e.g. "--text", "$.questions[2].text").
 */
enum cnap_err cnap_text_check(const char *s, size_t max_chars, unsigned flags,
			      const char *field, struct cnap_error *err);

#endif
