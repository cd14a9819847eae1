/* Many items' texts in one plain-text file (io/survey_text_file.h). */
#include "base/compat.h"
#include "base/utf8.h"
#include "io/doc_text.h"
#include "io/survey_text_file.h"

#include <stdio.h>
#include <string.h>

#define MARK "==="

static bool starts_mark(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, MARK, 3) == 0;
}

/* The item a marker line names: its first word after "===". */
static const struct cnap_survey_item *marker_item(const char *line, size_t n, const struct cnap_template *t,
						  struct cnap_arena *a, const char **word)
{
	size_t i = 3;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t j = i;
	while (j < n && line[j] != ' ' && line[j] != '\t')
		j++;
	*word = cnap_arena_strndup(a, line + i, j - i);
	return *word && **word ? cnap_template_item_find(a, t, *word) : NULL;
}

enum cnap_err cnap_survey_text_file_parse(const char *text, size_t len, const struct cnap_template *t,
					  struct cnap_arena *a, struct cnap_item_text **out, size_t *n,
					  struct cnap_error *err)
{
	*out = NULL;
	*n = 0;
	if (len > CNAP_SURVEY_TEXT_FILE_MAX)
		return cnap_fail(err, CNAP_ETOOBIG, "file", "ファイルが大きすぎます（%zu MiBまで）",
				 CNAP_SURVEY_TEXT_FILE_MAX >> 20);
	size_t bad;
	if (!cnap_utf8_valid(text, len, &bad)) {
		size_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += text[i] == '\n';
		char where[32];
		snprintf(where, sizeof(where), "%zu行目", line);
		return cnap_fail(err, CNAP_EINVAL, where, "UTF-8 として読めない文字があります（%zu行目）", line);
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	size_t cap = 0, line_no = 1, body_line = 0;
	const char *body = NULL;
	struct cnap_item_text *items = NULL;
	const char *key = NULL;
	for (size_t pos = 0; pos <= len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		bool marker = starts_mark(text + pos, end - pos);
		if (marker || end == len) {
			if (key) {
				size_t blen = (size_t)((marker ? text + pos : text + len) - body);
				char where[96];
				snprintf(where, sizeof(where), "%s（%zu行目から）", key, body_line);
				if (*n >= cap) {
					size_t ncap = cap ? cap * 2 : 32;
					struct cnap_item_text *v = cnap_arena_calloc(a, ncap, sizeof(*v));
					if (!v)
						return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
					if (*n)
						memcpy(v, items, *n * sizeof(*v));
					items = v;
					cap = ncap;
				}
				items[*n].item_key = key;
				enum cnap_err rc = cnap_doc_text_parse(body, blen, where, a, &items[*n].doc, err);
				if (rc)
					return rc;
				(*n)++;
				key = NULL;
			}
		}
		if (marker && !key && !*n) {
			for (size_t i = 0; i < pos; i++)
				if (text[i] != ' ' && text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
					return cnap_fail(err, CNAP_EINVAL, "1行目",
							 "最初の項目の前に本文があります。各項目は「=== Ⅱ．（５）」"
							 "のような行で始めてください");
		}
		if (marker) {
			char where[32];
			snprintf(where, sizeof(where), "%zu行目", line_no);
			const char *word;
			const struct cnap_survey_item *it = marker_item(text + pos, end - pos, t, a, &word);
			if (!word)
				return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
			if (!it)
				return cnap_fail(err, CNAP_ENOTFOUND, where, "「%s」という項目はこの団体の調査票にありません",
						 word);
			for (size_t i = 0; i < *n; i++)
				if (strcmp(items[i].item_key, it->key) == 0)
					return cnap_fail(err, CNAP_EINVAL, where, "項目「%s」が二度書かれています", word);
			key = it->key;
			body = nl ? nl + 1 : text + len;
			body_line = line_no + 1;
		}
		if (!nl)
			break;
		pos = end + 1;
		line_no++;
	}
	if (!*n)
		return cnap_fail(err, CNAP_EINVAL, "file",
				 "項目がひとつもありません。各項目は「=== Ⅱ．（５）」のような行で始めてください");
	*out = items;
	return CNAP_OK;
}

enum cnap_err cnap_survey_text_file_write(const struct cnap_item_text *items, size_t n, const struct cnap_template *t,
					  const struct cnap_association *as, struct cnap_arena *a,
					  struct cnap_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct cnap_survey_item *it = NULL;
		for (size_t k = 0; k < t->n_items; k++)
			if (strcmp(t->items[k].key, items[i].item_key) == 0)
				it = &t->items[k];
		const char *number = it ? cnap_item_number(a, t, it) : "";
		if (i)
			cnap_buf_addc(out, '\n');
		cnap_buf_addf(out, "=== %s", items[i].item_key);
		if (number && *number)
			cnap_buf_addf(out, " %s", number);
		const char *title = it ? (as ? cnap_item_title(a, it, as) : it->title) : NULL;
		if (title)
			cnap_buf_addf(out, " %s", title);
		cnap_buf_addc(out, '\n');
		struct cnap_buf body;
		cnap_buf_init(&body, out->max);
		if (cnap_doc_text_write(&items[i].doc, &body)) {
			cnap_buf_release(&body);
			return out->status = body.status ? body.status : CNAP_ENOMEM;
		}
		/* A line of the text that would read as a marker is kept as text. */
		const char *s = body.data ? body.data : "";
		for (size_t pos = 0; pos < body.len;) {
			const char *nl = memchr(s + pos, '\n', body.len - pos);
			size_t end = nl ? (size_t)(nl - s) : body.len;
			if (starts_mark(s + pos, end - pos))
				cnap_buf_addc(out, '\\');
			cnap_buf_add(out, s + pos, end - pos);
			cnap_buf_addc(out, '\n');
			pos = end + 1;
		}
		cnap_buf_release(&body);
	}
	return out->status;
}
