/*
 * The review-cycle domain: cycles, WGs, associations, survey outlines,
 * submissions with page maps, questions and answers, users.
 *
 * Plain structs, no I/O. Strings are borrowed: whoever filled a struct says
 * how long they live (store and io fill them from a struct cnap_arena the
 * caller passes and releases). Ids are database ids, 0 when not stored yet.
 */
#ifndef CNAP_MODEL_H
#define CNAP_MODEL_H

#include "base/arena.h"
#include "base/err.h"
#include "model/mail.h"

/* Size limits for text that users type (in code points). */
#define CNAP_MAX_CODE_CHARS 32       /* codes: wg, association, template, item key */
#define CNAP_MAX_NAME_CHARS 200      /* names and titles */
#define CNAP_MAX_QUESTION_CHARS 4000
#define CNAP_MAX_ANSWER_CHARS 20000
#define CNAP_MAX_NOTE_CHARS 4000
#define CNAP_MAX_QUOTE_CHARS 2000    /* the passage of the survey a question quotes */
#define CNAP_MAX_PAGE 9999

enum cnap_role {
	CNAP_ROLE_SECRETARIAT,
	CNAP_ROLE_REVIEWER,
	CNAP_ROLE_ASSOCIATION,
	CNAP_ROLE_COUNT
};

/* Question life cycle (docs/architecture.md has the diagram). */
enum cnap_qstatus {
	CNAP_Q_DRAFT,     /* reviewer is writing it */
	CNAP_Q_SUBMITTED, /* reviewer handed it to the secretariat */
	CNAP_Q_APPROVED,  /* secretariat accepted (possibly edited) it */
	CNAP_Q_SENT,      /* sent to the association; association has the ball */
	CNAP_Q_ANSWERED,  /* association submitted an answer */
	CNAP_Q_ACCEPTED,  /* secretariat accepted the answer */
	CNAP_Q_PUBLISHED, /* part of a published list */
	CNAP_Q_WITHDRAWN, /* taken back before publication */
	CNAP_Q_MERGED,    /* merged into another question */
	CNAP_Q_COUNT
};

enum cnap_astatus {
	CNAP_A_DRAFT,
	CNAP_A_SUBMITTED,
	CNAP_A_RETURNED, /* secretariat sent it back with a comment */
	CNAP_A_ACCEPTED,
	CNAP_A_COUNT
};

const char *cnap_role_name(enum cnap_role r);          /* "secretariat" */
const char *cnap_role_label_ja(enum cnap_role r);      /* "事務局" */
bool cnap_role_parse(const char *s, enum cnap_role *out);
const char *cnap_qstatus_name(enum cnap_qstatus s);    /* "sent" */
const char *cnap_qstatus_label_ja(enum cnap_qstatus s); /* "団体へ送付済" */
bool cnap_qstatus_parse(const char *s, enum cnap_qstatus *out);
const char *cnap_astatus_name(enum cnap_astatus s);
const char *cnap_astatus_label_ja(enum cnap_astatus s); /* "差戻し" */
/* An audit action on a question or its answer in Japanese ("question.send" → 業界団体へ送付). */
const char *cnap_audit_action_label_ja(const char *action);
bool cnap_astatus_parse(const char *s, enum cnap_astatus *out);
/* Whether a question in this state appears in a published list. */
bool cnap_qstatus_publishable(enum cnap_qstatus s);
/* Whether a question in this state is still being worked on (draft to answered): what a change of the survey concerns. */
bool cnap_qstatus_open(enum cnap_qstatus s);

struct cnap_cycle {
	int64_t id;
	int year;              /* follow-up year: 令和5年度 = 2023 */
	int actual_fiscal_year; /* fiscal year whose actuals it reviews: 2022 */
	const char *name;      /* optional label */
	const char *decomposition_method; /* 要因分析 method of the cycle: "sequential" or "lmdi"; NULL = sequential */
	int from_year;                    /* the cycle it was made from (cnap cycle new --from), 0: none */
	const char *closed_at;            /* when it was closed (read only from then), NULL: open */
	struct cnap_reminder_plan reminders; /* reminders of answer deadlines (issue 15; filled by the store) */
	bool reminders_given;                /* an import file gave them (else the shipped 7,2,0 and every 3) */
};

struct cnap_wg {
	int64_t id;
	const char *code; /* e.g. "denshi" */
	const char *name; /* 電子・電機・産業機械等WG */
};

struct cnap_association {
	int64_t id;
	const char *code;     /* e.g. "jema" */
	const char *name;     /* 日本ベアリング工業会 */
	const char *industry; /* ベアリング業界: fills {industry} in item titles */
};

/* One row of a survey outline. key is stable across variants and years. */
struct cnap_survey_item {
	const char *key;        /* "II.4", "front.vision" */
	const char *parent_key; /* NULL for top level */
	const char *code;       /* display code as printed: "Ⅱ．", "（４）", "" */
	const char *title;      /* may contain {industry} */
	int depth;              /* 0 chapter/front matter, 1 section, ... */
};

struct cnap_template {
	const char *code; /* "standard", or a variant code */
	const char *name;
	struct cnap_survey_item *items; /* in printed order */
	size_t n_items;
	const char *tables_json; /* the data tables (model/form.h, io/form_json.h) as JSON text, or NULL */
};

struct cnap_page_ref {
	const char *item_key;
	int page;
};

struct cnap_survey_data;

/*
 * The text of one outline item in a version, as the store keeps it: the
 * canonical JSON of io/doc_json.h (model/doc.h is the tree).
 */
struct cnap_stored_text {
	const char *item_key;
	const char *doc_json;
};

/*
 * A version's document of record (issue 12): the association's own PDF of
 * its 調査票, kept byte for byte, and the page each item's heading was found
 * on in it.
 */
struct cnap_survey_document {
	int version;
	const char *filename;
	const unsigned char *bytes; /* NULL when read without them */
	size_t size;
	const char *sha256;      /* hex */
	const char *uploaded_by; /* login */
	const char *uploaded_at;
	const struct cnap_page_ref *found; /* per item, 0 = not found (a cycle file's import and export) */
	size_t n_found;
};

struct cnap_submission {
	int64_t id;
	int version;          /* 1, 2, ... per participation */
	const char *submitted_on; /* YYYY-MM-DD */
	const char *note;
	struct cnap_page_ref *pages;
	size_t n_pages;
	struct cnap_survey_data *data; /* quantitative data (model/survey_data.h), or NULL */
	const char *data_json;         /* the same as canonical JSON (io/cycle_json.h); the store keeps this text */
	/*
	 * Item texts in outline order. Read only on request
	 * (cnap_store_submission_texts), filled by a cycle import. On add: the
	 * texts given when texts_given, else the previous version's carried over.
	 */
	const struct cnap_stored_text *texts;
	size_t n_texts;
	bool texts_given;
	/* Its document of record, or NULL: filled by a cycle file and by the export (with the bytes). */
	const struct cnap_survey_document *document;
};

/* An association's participation in a WG for a cycle. */
struct cnap_participation {
	int64_t id;
	const char *wg_code;
	const char *association_code;
	const char *template_code;
	int position; /* order of the association inside the WG bundle */
	struct cnap_submission *submissions;
	size_t n_submissions;
	const char *const *remarks; /* the WG's 指摘 to it, in order (a cycle file's import and export) */
	size_t n_remarks;
};

struct cnap_answer {
	int64_t id;
	const char *text;
	const char *author; /* login; internal */
	enum cnap_astatus status;
	const char *return_comment; /* secretariat's reason when returned */
};

/* Whether a question's quoted passage is still in the survey (issue 12). */
enum cnap_quote_state {
	CNAP_QUOTE_UNCHECKED, /* no quote, or the item has not changed since the question was filed */
	CNAP_QUOTE_PRESENT,   /* found in the text of the item as changed_version has it */
	CNAP_QUOTE_GONE,      /* not there any more: 「引用箇所は新しい版にありません」 */
};

/*
 * What became of the survey item a question is anchored to after the question was
 * filed: the association's later version that changed it (its text or a number in it),
 * and the reviewer's or the secretariat's 「質問を維持」 after reading the change.
 * The mark 「調査票更新あり（第N版）」 stands while changed_version > confirmed_version
 * (cnap_question_anchor_marked).
 */
struct cnap_question_anchor {
	int changed_version;         /* the latest version that changed the item; 0 = no change seen */
	enum cnap_quote_state quote; /* the quote in that version's text */
	int confirmed_version;       /* 「質問を維持」 given at this version; 0 = never */
	const char *confirmed_by;    /* login; internal (NULL: the local operator, or redacted) */
	const char *confirmed_at;    /* ISO 8601 UTC, or NULL */
};

struct cnap_question {
	int64_t id;
	int cycle_year;       /* the cycle it belongs to (filled by the store) */
	const char *ref;      /* id inside an export file ("q12"); NULL in the db */
	const char *wg_code;
	const char *association_code;
	int no;               /* display order inside the association list */
	const char *item_key;
	int page;             /* page as the reviewer saw it; 0 = not given */
	int submission_version; /* version the reviewer read; 0 = latest */
	const char *text;
	const char *author;   /* login; never published */
	const char *note;     /* reviewer-internal note; never published */
	enum cnap_qstatus status;
	/*
	 * Other answers this answer points to (「Ⅵ．（１）への質問の回答を参照願います。」),
	 * in the order printed: db ids, and the same as export refs ("q12"); the
	 * store fills both, an import gives the refs. refers_first puts the
	 * reference sentence before the answer's own text instead of after it.
	 */
	const int64_t *refers_to_ids;
	const char *const *refers_to_refs;
	size_t n_refers_to;
	bool refers_first;
	const char *due_on;   /* YYYY-MM-DD or NULL */
	bool has_answer;
	struct cnap_answer answer;
	/*
	 * The passage of the survey the reviewer quoted (selected while reading it), or NULL:
	 * at most CNAP_MAX_QUOTE_CHARS characters of UTF-8 with no control character but
	 * '\n' (cnap_check_quote). Shown with the question, to the association too.
	 */
	const char *quote;
	struct cnap_question_anchor anchor; /* what the item has become since (issue 12) */
	/*
	 * 継続: the secretariat's mark that the question goes on into the next
	 * cycle, where `cnap cycle new` files it again as a follow-up (internal).
	 */
	bool carry_forward;
	/* The question of an earlier cycle this one follows up (0: none), its cycle and No. (filled by the store). */
	int64_t follows_id;
	int follows_year, follows_no;
	bool cycle_closed; /* its cycle is closed: read only (filled by the store) */
	int64_t follows_remark_id; /* the WG's 指摘 of an earlier cycle this one follows up (0: none) */
	int follows_remark_year, follows_remark_position;
};

/*
 * One of the WG's 指摘 to an association after its meeting (議事要旨), kept
 * per participation; the next cycle files each as a follow-up question.
 */
struct cnap_wg_remark {
	int64_t id;
	const char *wg_code, *association_code;
	int position; /* 1, 2, … in the association's list */
	const char *text;
	const char *created_at;
};

/* At most this many answers referred to by one answer. */
#define CNAP_MAX_REFERS 8

struct cnap_user {
	int64_t id;
	const char *login;
	const char *name;
	enum cnap_role role;
	const char *association_code; /* association users */
	const char **wg_codes;         /* reviewers */
	size_t n_wg_codes;
	const char *email;             /* NULL: none given (cnap_check_email) */
	/*
	 * false: deactivated, cannot log in or use a token (issue 14). Read from the
	 * store; a new user is always created active, whatever this says.
	 */
	bool active;
	enum cnap_mail_mode mail_mode; /* how they take notices by mail (issue 15); read from the store */
};

/* An e-mail address is at most this many bytes (RFC 5321's path limit), its local part at most 64. */
#define CNAP_MAX_EMAIL_BYTES 254
#define CNAP_MAX_EMAIL_LOCAL_BYTES 64
/*
 * How an outline item's key moved from one cycle to the next (cnap cycle new
 * --move OLD=NEW): new_key NULL when the item was dropped on purpose. Items
 * whose key stays need none.
 */
struct cnap_key_move {
	const char *old_key;
	const char *new_key;
};

/*
 * title with the years that are the cycle's own moved on by delta: the
 * follow-up year and the actuals' year as four digits (2022年度 → 2023年度)
 * and as 令和N; other years (a target's 2030年度) stay. In a; NULL on
 * exhaustion or for NULL.
 */
const char *cnap_title_years_moved(struct cnap_arena *a, const char *title, int from_year, int from_actual, int delta);

/* A whole cycle, as exported to and imported from JSON. */
struct cnap_cycle_data {
	struct cnap_cycle cycle;
	struct cnap_template *templates;
	size_t n_templates;
	struct cnap_wg *wgs;
	size_t n_wgs;
	struct cnap_association *associations;
	size_t n_associations;
	struct cnap_participation *participations;
	size_t n_participations;
	struct cnap_user *users;
	size_t n_users;
	struct cnap_question *questions;
	size_t n_questions;
	const struct cnap_key_move *moves; /* how the outline's keys moved from cycle.from_year */
	size_t n_moves;
};

/* Validation of single values; field names the place for the message. */
enum cnap_err cnap_check_code(const char *s, const char *field, struct cnap_error *err);
enum cnap_err cnap_check_year(int year, const char *field, struct cnap_error *err);
enum cnap_err cnap_check_page(int page, const char *field, struct cnap_error *err);
enum cnap_err cnap_check_date(const char *s, const char *field, struct cnap_error *err);
/*
 * A pragmatic e-mail check, not RFC 5322's grammar: valid UTF-8, at most
 * CNAP_MAX_EMAIL_BYTES, no white space or control character, exactly one '@'
 * with a local part of 1..CNAP_MAX_EMAIL_LOCAL_BYTES bytes before it and a
 * domain after it that has a dot, neither first nor last. The message is
 * Japanese and names the field as 「メールアドレス」.
 */
enum cnap_err cnap_check_email(const char *s, const char *field, struct cnap_error *err);

/*
 * Check a whole cycle for consistency (every reference resolves, codes are
 * unique, texts within limits). Collects nothing; stops at the first problem
 * and names it by JSON path ($.questions[3].item).
 */
enum cnap_err cnap_cycle_data_validate(const struct cnap_cycle_data *d,
				       struct cnap_error *err);

/*
 * A question's quote (issue 12). cnap_quote_normalize makes what a browser or a
 * terminal hands over into the stored form: line breaks as '\n' (a form sends CRLF),
 * tabs (between table cells) as spaces, and no blank around it; NULL when nothing
 * is left (or out of memory: *oom). In a.
 */
const char *cnap_quote_normalize(struct cnap_arena *a, const char *s, bool *oom);
/* NULL is no quote; else 1..CNAP_MAX_QUOTE_CHARS characters, valid UTF-8, no control character but '\n'. */
enum cnap_err cnap_check_quote(const char *s, const char *field, struct cnap_error *err);
/*
 * Whether quote occurs in text as a reader sees it: white space (line breaks, tabs,
 * spaces, U+3000) is not compared, since a selection across paragraphs or table
 * cells has other breaks than the stored text. CNAP_ENOMEM only.
 */
enum cnap_err cnap_quote_found(const char *quote, const char *text, bool *found);
/* The mark 「調査票更新あり」: an open question whose item changed after the last 「質問を維持」. */
bool cnap_question_anchor_marked(const struct cnap_question *q);

/* Look-ups in a cycle_data; NULL when absent. Pointers borrow from d. */
const struct cnap_template *cnap_cycle_data_template(const struct cnap_cycle_data *d,
						     const char *code);
const struct cnap_survey_item *cnap_template_item(const struct cnap_template *t,
						  const char *key);

/*
 * Title of an item as printed for an association: {industry} replaced.
 * Allocated in a.
 */
const char *cnap_item_title(struct cnap_arena *a, const struct cnap_survey_item *it,
			    const struct cnap_association *assoc);

/*
 * The item's full number as people cite it: the codes of its chapter and of
 * every level down to it, 「Ⅱ．（５）」 for II.5, 「Ⅱ．」 for the chapter itself.
 * An item without a code of its own (the front matter, 「その他」) has none: "".
 * The one place an item's number is made; every screen and output that shows
 * one takes it from here. Allocated in a (NULL when out of memory).
 */
const char *cnap_item_number(struct cnap_arena *a, const struct cnap_template *t,
			     const struct cnap_survey_item *it);

/*
 * The item a person names: its key ("II.5") or its number as shown, in any of the
 * forms people type it (「Ⅱ．（５）」, 「Ⅱ.5」, 「II.5」, 「Ⅱ（５）」, full-width digits and
 * dots): both are reduced to one plain form and compared. NULL when none matches.
 */
const struct cnap_survey_item *cnap_template_item_find(struct cnap_arena *a, const struct cnap_template *t,
						       const char *text);

#endif
