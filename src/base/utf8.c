#include "base/compat.h"
#include "base/utf8.h"

#include <string.h>

static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t cnap_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	return n ? utf8_seq((const unsigned char *)s, n, cp) : 0;
}

bool cnap_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_seq(p + i, n - i, &cp);
		if (!l) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += l;
	}
	return true;
}

size_t cnap_utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

enum cnap_err cnap_text_check(const char *s, size_t max_chars, unsigned flags,
			      const char *field, struct cnap_error *err)
{
	if (!s || !*s) {
		if (flags & CNAP_TEXT_OPTIONAL)
			return CNAP_OK;
		return cnap_fail(err, CNAP_EINVAL, field, "%s must not be empty", field);
	}
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, chars = 0;
	bool blank = true;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_seq(p + i, n - i, &cp);
		if (!l)
			return cnap_fail(err, CNAP_EINVAL, field,
					 "%s is not valid UTF-8 (bad byte 0x%02x at offset %zu)",
					 field, p[i], i);
		bool ws = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000;
		/* C1 (U+0080..U+009F) too: terminals read U+009B as CSI, as they read ESC [. */
		if ((cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) &&
		    !((flags & CNAP_TEXT_MULTILINE) && (cp == '\n' || cp == '\r' || cp == '\t')))
			return cnap_fail(err, CNAP_EINVAL, field,
					 "%s contains a control character (U+%04X) at offset %zu",
					 field, (unsigned)cp, i);
		if (!ws)
			blank = false;
		chars++;
		i += l;
	}
	if (blank && !(flags & CNAP_TEXT_OPTIONAL))
		return cnap_fail(err, CNAP_EINVAL, field, "%s must not be blank", field);
	if (chars > max_chars)
		return cnap_fail(err, CNAP_ETOOBIG, field,
				 "%s is too long: %zu characters, at most %zu allowed",
				 field, chars, max_chars);
	return CNAP_OK;
}
