#include "base/compat.h"
#include "io/doc_text_syntax.h"
#include "model/doc.h"

#include <string.h>

#define FW_SPACE "\xE3\x80\x80" /* U+3000 */

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);
	return n >= l && memcmp(s, prefix, l) == 0;
}

static bool ends(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && memcmp(s + n - l, suffix, l) == 0;
}

size_t doc_space_len(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	return starts(s, n, FW_SPACE) ? 3 : 0;
}

size_t doc_escapable(const char *s, size_t n)
{
	if (!n)
		return 0;
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	    (c >= '{' && c <= '~'))
		return 1;
	return starts(s, n, FW_SPACE) ? 3 : 0;
}

/* A digit, half- or full-width: its length, else 0. */
static size_t digit(const char *s, size_t n)
{
	if (n && s[0] >= '0' && s[0] <= '9')
		return 1;
	const unsigned char *u = (const unsigned char *)s;
	return n >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99 ? 3 : 0;
}

/* One space (half- or full-width, not a tab) at s: its length, else 0. */
size_t doc_one_space(const char *s, size_t n)
{
	if (n && s[0] == ' ')
		return 1;
	return starts(s, n, FW_SPACE) ? 3 : 0;
}

/* The marker of a list item at s: the length up to its text (one space after it eaten), else 0. */
static size_t item_marker(const char *s, size_t n, bool *ordered)
{
	*ordered = false;
	if (starts(s, n, "・"))
		return strlen("・") + doc_one_space(s + strlen("・"), n - strlen("・"));
	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
		return 2;
	*ordered = true;
	size_t i = 0, digits = 0, l;
	bool paren = false;
	if (starts(s, n, "(")) {
		i = 1;
		paren = true;
	} else if (starts(s, n, "（")) {
		i = strlen("（");
		paren = true;
	}
	while (digits < 4 && (l = digit(s + i, n - i))) {
		i += l;
		digits++;
	}
	if (!digits)
		return 0;
	if (paren) {
		if (starts(s + i, n - i, ")"))
			i += 1;
		else if (starts(s + i, n - i, "）"))
			i += strlen("）");
		else
			return 0;
		return i + doc_one_space(s + i, n - i);
	}
	if (starts(s + i, n - i, "．"))
		return i + strlen("．") + doc_one_space(s + i + strlen("．"), n - i - strlen("．"));
	if (starts(s + i, n - i, ".") && (i + 1 == n || s[i + 1] == ' '))
		return i + 1 + (i + 1 < n);
	return 0;
}

/* The mark of a note at s ("※", "※12", "注3"): its length, else 0. */
static size_t note_mark(const char *s, size_t n)
{
	size_t i, l;
	bool need_digit;
	if (starts(s, n, "※")) {
		i = strlen("※");
		need_digit = false;
	} else if (starts(s, n, "注")) {
		i = strlen("注");
		need_digit = true;
	} else {
		return 0;
	}
	while ((l = digit(s + i, n - i)) && i + l <= CNAP_DOC_MAX_MARK) {
		i += l;
		need_digit = false;
	}
	return need_digit ? 0 : i;
}

/* A tab, or a '|' not escaped by a backslash. */
static bool has_separator(const char *s, size_t n)
{
	size_t backslashes = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t' || (s[i] == '|' && backslashes % 2 == 0))
			return true;
		backslashes = s[i] == '\\' ? backslashes + 1 : 0;
	}
	return false;
}

void doc_line_classify(const char *s, size_t n, struct line_class *out)
{
	memset(out, 0, sizeof(*out));
	size_t i = 0, l;
	while (i < n && (l = doc_one_space(s + i, n - i)))
		i += l;
	if (i == n) {
		out->kind = LINE_BLANK;
		return;
	}
	if (s[0] == '\\') {
		/* "\・…" drops its backslash; "\[…" keeps it, for the text after it to read as "\[". */
		out->kind = LINE_ESCAPED;
		out->body = doc_escapable(s + 1, n - 1) ? 0 : 1;
		return;
	}
	if (starts(s, n, "# ")) {
		out->kind = LINE_HEADING_MARK;
		out->body = 2;
		return;
	}
	const unsigned char *u = (const unsigned char *)s;
	/* ① … ⑳ are U+2460 … U+2473. */
	if ((starts(s, n, "【") && ends(s, n, "】")) ||
	    (n >= 3 && u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xA0 && u[2] <= 0xB3)) {
		out->kind = LINE_HEADING;
		return;
	}
	const char *data_open = starts(s, n, "[表:") ? "[表:" : starts(s, n, "[表：") ? "[表：" : NULL;
	if (data_open && s[n - 1] == ']' && n - 1 - strlen(data_open) <= CNAP_DOC_MAX_CODE) {
		char code[CNAP_DOC_MAX_CODE + 1];
		size_t l0 = strlen(data_open), cl = n - 1 - l0;
		memcpy(code, s + l0, cl);
		code[cl] = '\0';
		if (cnap_doc_table_code_ok(code)) {
			out->kind = LINE_DATA;
			out->body = l0;
			out->mark_len = cl;
			return;
		}
	}
	if ((l = note_mark(s, n))) {
		out->kind = LINE_NOTE;
		out->mark_len = l;
		out->body = l + doc_one_space(s + l, n - l);
		return;
	}
	/* Indentation: two spaces or one full-width space a level; a tab is a cell separator, not indentation. */
	size_t spaces = 0, wide = 0;
	for (i = 0; i < n;) {
		if (s[i] == ' ') {
			spaces++;
			i++;
		} else if (starts(s + i, n - i, FW_SPACE)) {
			wide++;
			i += 3;
		} else {
			break;
		}
	}
	bool ordered;
	if ((l = item_marker(s + i, n - i, &ordered))) {
		out->kind = LINE_ITEM;
		out->body = i + l;
		out->level = (int)(spaces / 2 + wide > 1000 ? 1000 : spaces / 2 + wide);
		out->ordered = ordered;
		return;
	}
	if (has_separator(s, n)) {
		out->kind = LINE_ROW;
		return;
	}
	out->kind = LINE_PARAGRAPH;
}

static bool url_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-._~:/?#@!$&'()*+,;=%", c));
}

static bool prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);
	if (n < l)
		return false;
	for (size_t i = 0; i < l; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != prefix[i])
			return false;
	}
	return true;
}

size_t doc_scheme_len(const char *s, size_t n)
{
	if (prefix_ci(s, n, "http://"))
		return 7;
	if (prefix_ci(s, n, "https://"))
		return 8;
	return 0;
}

bool doc_all_dashes(const char *s, size_t n)
{
	size_t i = 0, dashes = 0;
	if (i < n && s[i] == ':')
		i++;
	while (i < n && s[i] == '-') {
		i++;
		dashes++;
	}
	if (i < n && s[i] == ':')
		i++;
	return dashes && i == n;
}

size_t doc_autolink_len(const char *s, size_t n)
{
	size_t scheme = doc_scheme_len(s, n);
	if (!scheme)
		return 0;
	size_t end = scheme, open = 0, close = 0;
	while (end < n && url_char((unsigned char)s[end])) {
		open += s[end] == '(';
		close += s[end] == ')';
		end++;
	}
	while (end > scheme) {
		char c = s[end - 1];
		if (c && strchr(".,;:!?'", c)) {
			end--;
		} else if (c == ')' && close > open) {
			close--;
			end--;
		} else {
			break;
		}
	}
	return end > scheme && s[scheme] != '/' ? end : 0;
}
