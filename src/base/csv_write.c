#include "base/compat.h"
#include "base/csv_write.h"

#include <string.h>

void cnap_csv_write_bom(struct cnap_buf *b)
{
	cnap_buf_add(b, "\xEF\xBB\xBF", 3);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [+-]digits[.digits][(e|E)[+-]digits], at least one digit before the exponent. */
static bool plain_number(const char *s)
{
	size_t digits = 0;
	if (*s == '+' || *s == '-')
		s++;
	for (; is_digit(*s); s++)
		digits++;
	if (*s == '.')
		for (s++; is_digit(*s); s++)
			digits++;
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!is_digit(*s))
			return false;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void cnap_csv_write_field(struct cnap_buf *b, const char *s, bool last_in_record)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	bool formula = n && strchr("=+-@\t\r", s[0]) && !plain_number(s);
	bool quote = formula || strpbrk(s, ",\"\r\n") || (n && (is_blank(s[0]) || is_blank(s[n - 1])));
	if (!quote) {
		cnap_buf_add(b, s, n);
	} else {
		cnap_buf_addc(b, '"');
		if (formula)
			cnap_buf_addc(b, '\'');
		for (;;) {
			size_t run = strcspn(s, "\"");
			cnap_buf_add(b, s, run);
			s += run;
			if (!*s)
				break;
			cnap_buf_add(b, "\"\"", 2);
			s++;
		}
		cnap_buf_addc(b, '"');
	}
	if (last_in_record)
		cnap_buf_add(b, "\r\n", 2);
	else
		cnap_buf_addc(b, ',');
}
