/*
 * The next cycle from this one (issue 14): `cnap cycle new --year 2024
 * --from 2023` and its page in the browser. One transaction makes the new
 * cycle with
 *   - last year's WGs, participations and reviewers' memberships;
 *   - its outlines and data tables (the titles' own years moved on), or the
 *     new outline given, with the moves of item keys between the two;
 *   - each association's starting draft: last year's final data (which
 *     holds last year's actuals for 前年度実績) and its item texts;
 *   - a follow-up for every question marked 継続, filed under
 *     「昨年度フォローアップを踏まえた取組状況」 and linked to the original.
 * A dry run does all of it and rolls it back, so what it shows is what a
 * run creates. The secretariat's. Strings live in the arena passed.
 */
#ifndef CNAP_USECASE_CYCLE_NEW_H
#define CNAP_USECASE_CYCLE_NEW_H

#include "auth/policy.h"
#include "store/store.h"

/* The item follow-ups are filed under, when the new outline has it. */
#define CNAP_FOLLOWUP_ITEM "front.followup"

struct cnap_cycle_new_request {
	int from_year;
	int year;
	int actual_fiscal_year; /* 0: from's moved on as the year is */
	const char *name;       /* NULL: from's name with its years moved on */
	/* The new outlines (a templates file), or NULL: last year's, their titles' years moved on. */
	const struct cnap_cycle_data *templates;
	const struct cnap_key_move *moves; /* old key → new key (NULL: dropped on purpose) */
	size_t n_moves;
	bool dry_run;
};

struct cnap_cycle_new_participant {
	const char *wg_code, *association_code, *association_name;
	int from_version;  /* last year's final version (0: it had none) */
	bool data;         /* its data is the new starting draft */
	size_t n_texts;    /* item texts carried as the starting draft */
	size_t n_followups;
};

struct cnap_cycle_new_followup {
	int64_t from_id;
	int from_no;
	const char *wg_code, *association_code;
	const char *item_key; /* where it is filed in the new cycle */
	int64_t id;           /* the new question (a dry run's is rolled back) */
	int no;
};

struct cnap_cycle_new_plan {
	struct cnap_cycle cycle;
	size_t n_templates, n_wgs, n_reviewer_memberships;
	struct cnap_cycle_new_participant *participants;
	size_t n_participants;
	struct cnap_cycle_new_followup *followups;
	size_t n_followups;
	struct cnap_key_move *moves; /* the keys that moved or were dropped, old key order */
	size_t n_moves;
	bool created; /* false for a dry run */
};

/*
 * CNAP_ENOTFOUND for a from cycle that does not exist; CNAP_ECONFLICT for a
 * year that does; CNAP_EINVAL for a year not after from, a move naming a
 * key neither outline has, or an outline that loses an item last year's
 * questions or texts are about (every such item named at once, with
 * where "move").
 */
enum cnap_err cnap_uc_cycle_new(struct cnap_store *s, const struct cnap_actor *actor,
				const struct cnap_cycle_new_request *req, struct cnap_arena *a,
				struct cnap_cycle_new_plan *out, struct cnap_error *err);

/* "II.3=II.3a" or "II.8=" (dropped) into *out (strings in a); CNAP_EINVAL naming where. */
enum cnap_err cnap_key_move_parse(const char *text, const char *where, struct cnap_arena *a,
				  struct cnap_key_move *out, struct cnap_error *err);

#endif
