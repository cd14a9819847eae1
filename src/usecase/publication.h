/*
 * The 事前質問・回答一覧 of a WG, or of one association in it: assembled from
 * the store, rendered in one of the formats of publish/qa_formats.h, dated by
 * the data's last change so that the same data gives the same bytes. The
 * secretariat publishes; a WG's other users do not reach this.
 */
#ifndef CNAP_USECASE_PUBLICATION_H
#define CNAP_USECASE_PUBLICATION_H

#include "auth/policy.h"
#include "publish/qa_doc.h"
#include "publish/qa_formats.h"
#include "store/store.h"

/*
 * What a published list holds: questions sent to the association, answered by
 * it and accepted by the secretariat (accepted, or already published). Every
 * other question the secretariat has let through is a blocker, of one of these
 * kinds, and is left out unless the secretariat includes it by name or all of them.
 */
enum cnap_uc_blocker_kind {
	CNAP_UC_BLOCK_UNSENT,   /* 承認済・未送付 */
	CNAP_UC_BLOCK_WAITING,  /* 回答待ち (sent) */
	CNAP_UC_BLOCK_CHECKING, /* 回答確認中 (answered, not yet accepted; also a reopened correction) */
	CNAP_UC_BLOCK_COUNT
};
/* The kind of a question that blocks, or -1 for one that is ready or never printed. */
int cnap_uc_blocker_kind(enum cnap_qstatus s);
/* 「承認済・未送付」 …; static storage. */
const char *cnap_uc_blocker_label(enum cnap_uc_blocker_kind k);

/* The blockers the secretariat includes (printed with their placeholder, 「（回答待ち）」). */
struct cnap_uc_pub_select {
	bool include_all;
	const int64_t *include; /* question ids; others are left out */
	size_t n_include;
};

/* A WG's members as the publication page offers them. */
struct cnap_uc_publication {
	int year;
	struct cnap_wg wg;
	struct cnap_association *members; /* in WG order */
	size_t n_members;
	size_t ready; /* accepted questions of the selection, waiting to be published */
	size_t published; /* questions of the selection already published */
	struct cnap_question *blockers; /* in WG order, then NO. */
	size_t n_blockers;
	size_t n_blocked[CNAP_UC_BLOCK_COUNT];
};
/* association_code NULL: the whole WG; another code must be a member (else ENOTFOUND). */
enum cnap_err cnap_uc_publication_load(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, const char *association_code, struct cnap_arena *a,
				       struct cnap_uc_publication *out, struct cnap_error *err);

/*
 * Render the list in format f to out (appended; unchanged on error).
 * sel NULL: no blocker included.
 * pinned_date "YYYY-MM-DDThh:mm:ss" or NULL for the data's last change. The
 * document built goes to *doc_out when non-NULL (strings in a).
 */
enum cnap_err cnap_uc_qa_list_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *association_code,
				     const struct cnap_qa_format *f, const struct cnap_uc_pub_select *sel,
				     const char *pinned_date, struct cnap_arena *a, struct cnap_buf *out,
				     struct cnap_qa_doc *doc_out, struct cnap_error *err);

/*
 * The WG's 進捗状況の概要 as PDF (appended to out): every member's latest
 * quantitative data through the calculation engine, in the cycle's 要因分析
 * method. *title_out (in a, may be NULL) is the report's title.
 */
enum cnap_err cnap_uc_summary_render(struct cnap_store *s, const struct cnap_actor *actor, int year,
				     const char *wg_code, const char *pinned_date, struct cnap_arena *a,
				     struct cnap_buf *out, const char **title_out, struct cnap_error *err);

/* The 正誤表 of an edition and a WG's editions, for the publish page and 'cnap publish editions'. */
#include "publish/errata.h"

struct cnap_uc_edition {
	struct cnap_edition e;
	struct cnap_edition_file *files; /* without bytes */
	size_t n_files;
	struct cnap_errata_row *errata; /* against the previous edition (none for 第1版) */
	size_t n_errata;
};
struct cnap_uc_editions {
	struct cnap_wg wg;
	struct cnap_uc_edition *editions; /* newest first */
	size_t n_editions;
};
/* Who may read a WG's published editions: the secretariat, the WG's reviewers, its associations. */
enum cnap_err cnap_uc_editions_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    const char *wg_code, struct cnap_arena *a, struct cnap_uc_editions *out,
				    struct cnap_error *err);
/* One stored file of edition number, byte for byte (in a). */
enum cnap_err cnap_uc_edition_file(struct cnap_store *s, const struct cnap_actor *actor, int year,
				   const char *wg_code, int number, const char *format, struct cnap_arena *a,
				   struct cnap_edition_file *out, struct cnap_error *err);

/*
 * Publish the WG's list as its next edition, all in one transaction: the
 * accepted questions become published, the list (with the blockers sel
 * includes) is rendered in every format and, from 第2版 on, with its 正誤表
 * against the previous edition, and everything is stored and audited.
 * note: the change note (NULL/"" gives 「正誤N件」 from 第2版 on).
 * ECONFLICT when there is nothing to publish, or nothing changed.
 */
struct cnap_uc_edition_made {
	int number;
	size_t published; /* questions marked published now */
	size_t questions; /* questions printed */
	size_t n_errata;
};
enum cnap_err cnap_uc_edition_publish(struct cnap_store *s, const struct cnap_actor *actor, int year,
				      const char *wg_code, const struct cnap_uc_pub_select *sel, const char *note,
				      struct cnap_uc_edition_made *out, struct cnap_error *err);

#endif
