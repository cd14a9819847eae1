#include "base/compat.h"
#include "web/tmpl_html_state.h"

#include <string.h>

void html_state_init(struct html_state_m *m)
{
	memset(m, 0, sizeof(*m));
	m->st = HS_DATA;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static void append(char *dst, size_t size, char c)
{
	size_t n = strlen(dst);
	if (n + 1 < size) {
		dst[n] = lower(c);
		dst[n + 1] = '\0';
	}
}

/* '>' closing a start tag: script and style switch to raw text, everything else back to text. */
static void end_start_tag(struct html_state_m *m)
{
	if (strcmp(m->tag, "script") == 0 || strcmp(m->tag, "style") == 0) {
		m->st = HS_RAWTEXT;
		m->raw_match = 0;
	} else {
		m->st = HS_DATA;
	}
}

static void raw_text(struct html_state_m *m, char c)
{
	/* Leave raw text at "</" + the tag's own name, case-insensitively. */
	size_t taglen = strlen(m->tag);
	char want = m->raw_match == 0 ? '<' : m->raw_match == 1 ? '/' : m->tag[m->raw_match - 2];
	if (lower(c) == want) {
		if (++m->raw_match == taglen + 2) {
			m->st = HS_END_TAG;
			m->tag[0] = '\0';
		}
	} else {
		m->raw_match = c == '<' ? 1 : 0;
	}
}

static void feed1(struct html_state_m *m, char c)
{
	switch (m->st) {
	case HS_DATA:
		if (c == '<')
			m->st = HS_TAG_OPEN;
		break;
	case HS_TAG_OPEN:
		m->tag[0] = '\0';
		if (c == '/')
			m->st = HS_END_TAG;
		else if (c == '!')
			m->st = HS_BANG;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			m->st = HS_TAG_NAME;
			append(m->tag, sizeof(m->tag), c);
		} else
			m->st = HS_DATA;
		break;
	case HS_TAG_NAME:
		if (c == '>')
			end_start_tag(m);
		else if (is_space(c) || c == '/')
			m->st = HS_IN_TAG;
		else
			append(m->tag, sizeof(m->tag), c);
		break;
	case HS_END_TAG:
	case HS_DECL:
		if (c == '>')
			m->st = HS_DATA;
		break;
	case HS_IN_TAG:
		if (c == '>')
			end_start_tag(m);
		else if (!is_space(c) && c != '/') {
			m->st = HS_ATTR_NAME;
			m->attr[0] = '\0';
			append(m->attr, sizeof(m->attr), c);
		}
		break;
	case HS_ATTR_NAME:
		if (c == '>')
			end_start_tag(m);
		else if (c == '=')
			m->st = HS_BEFORE_VALUE;
		else if (is_space(c))
			m->st = HS_AFTER_ATTR_NAME;
		else if (c == '/')
			m->st = HS_IN_TAG;
		else
			append(m->attr, sizeof(m->attr), c);
		break;
	case HS_AFTER_ATTR_NAME:
		if (c == '=')
			m->st = HS_BEFORE_VALUE;
		else if (c == '>')
			end_start_tag(m);
		else if (!is_space(c)) {
			m->st = HS_ATTR_NAME;
			m->attr[0] = '\0';
			append(m->attr, sizeof(m->attr), c);
		}
		break;
	case HS_BEFORE_VALUE:
		if (c == '"')
			m->st = HS_VALUE_DQ;
		else if (c == '\'')
			m->st = HS_VALUE_SQ;
		else if (c == '>')
			end_start_tag(m);
		else if (!is_space(c))
			m->st = HS_VALUE_UNQ;
		break;
	case HS_VALUE_DQ:
		if (c == '"')
			m->st = HS_IN_TAG;
		break;
	case HS_VALUE_SQ:
		if (c == '\'')
			m->st = HS_IN_TAG;
		break;
	case HS_VALUE_UNQ:
		if (is_space(c))
			m->st = HS_IN_TAG;
		else if (c == '>')
			end_start_tag(m);
		break;
	case HS_BANG:
		m->st = c == '-' ? HS_BANG_DASH : c == '>' ? HS_DATA : HS_DECL;
		break;
	case HS_BANG_DASH:
		m->st = c == '-' ? HS_COMMENT : HS_DECL;
		m->dashes = 0;
		break;
	case HS_COMMENT:
		if (c == '>' && m->dashes >= 2)
			m->st = HS_DATA;
		m->dashes = c == '-' ? m->dashes + 1 : 0;
		break;
	case HS_RAWTEXT:
		raw_text(m, c);
		break;
	}
}

void html_state_feed(struct html_state_m *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		feed1(m, s[i]);
}

/* Inside a tag, between attributes: a section may add a boolean attribute ({{#x}} selected{{/x}}). */
static enum html_state coarse(enum html_state s)
{
	return s == HS_ATTR_NAME || s == HS_AFTER_ATTR_NAME ? HS_IN_TAG : s;
}

bool html_state_same(const struct html_state_m *a, const struct html_state_m *b)
{
	if (coarse(a->st) != coarse(b->st))
		return false;
	switch (a->st) {
	case HS_VALUE_DQ:
	case HS_VALUE_SQ:
	case HS_VALUE_UNQ:
		return strcmp(a->attr, b->attr) == 0 && strcmp(a->tag, b->tag) == 0;
	case HS_RAWTEXT:
		return strcmp(a->tag, b->tag) == 0;
	default:
		return true;
	}
}

const char *html_state_name(const struct html_state_m *m)
{
	switch (m->st) {
	case HS_DATA: return "text";
	case HS_TAG_OPEN:
	case HS_TAG_NAME: return "a tag name";
	case HS_END_TAG: return "an end tag";
	case HS_IN_TAG:
	case HS_AFTER_ATTR_NAME: return "a tag, between attributes";
	case HS_ATTR_NAME: return "an attribute name";
	case HS_BEFORE_VALUE:
	case HS_VALUE_UNQ: return "an unquoted attribute value";
	case HS_VALUE_DQ:
	case HS_VALUE_SQ: return "an attribute value";
	case HS_BANG:
	case HS_BANG_DASH:
	case HS_DECL: return "a <!...> declaration";
	case HS_COMMENT: return "an HTML comment";
	case HS_RAWTEXT: return "<script> or <style>";
	}
	return "?";
}
