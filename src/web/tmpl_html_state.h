/*
 * Where in an HTML document a template tag falls: a small tokenizer state,
 * fed the template's literal text, that the compiler consults before it
 * lets a value into that place. Only as much HTML as our templates need.
 */
#ifndef CNAP_WEB_TMPL_HTML_STATE_H
#define CNAP_WEB_TMPL_HTML_STATE_H

#include "base/compat.h"

enum html_state {
	HS_DATA, HS_TAG_OPEN, HS_TAG_NAME, HS_END_TAG, HS_IN_TAG, HS_ATTR_NAME, HS_AFTER_ATTR_NAME,
	HS_BEFORE_VALUE, HS_VALUE_DQ, HS_VALUE_SQ, HS_VALUE_UNQ, HS_BANG, HS_BANG_DASH, HS_COMMENT, HS_DECL,
	HS_RAWTEXT,
};

struct html_state_m {
	enum html_state st;
	char tag[16];   /* lower-case name of the tag being read or whose raw text we are in */
	char attr[32];  /* lower-case name of the attribute being read */
	unsigned dashes; /* consecutive '-' in a comment */
	unsigned raw_match; /* progress through "</tag" inside raw text */
};

void html_state_init(struct html_state_m *m);
void html_state_feed(struct html_state_m *m, const char *s, size_t n);
/* Same place for the purpose of template checks (state, and tag/attribute where they matter). */
bool html_state_same(const struct html_state_m *a, const struct html_state_m *b);
/* Human description of the state for error messages ("inside <script>"). */
const char *html_state_name(const struct html_state_m *m);

#endif
