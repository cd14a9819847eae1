/*
 * Cycles, WGs, associations and who takes part where. Changes are the
 * secretariat's (CNAP_ACT_ADMIN); listings show each actor what exists for
 * it: a reviewer their WGs, an association user the WGs it reports in and
 * itself. Strings live in the arena the caller passes.
 */
#ifndef CNAP_USECASE_ORGANISATION_H
#define CNAP_USECASE_ORGANISATION_H

#include "auth/policy.h"
#include "store/store.h"

/*
 * Whether actor may take act on a WG / an association in it (either NULL
 * for any): for a front end deciding which links and forms to offer. The
 * use case behind the link decides again.
 */
bool cnap_uc_may(const struct cnap_actor *actor, enum cnap_action act, const char *wg_code,
		 const char *association_code);
/* The same question with the policy's answer and reason: CNAP_OK, CNAP_EPERM or CNAP_ENOTFOUND. */
enum cnap_err cnap_uc_allowed(const struct cnap_actor *actor, enum cnap_action act, const char *wg_code,
			      const char *association_code, struct cnap_error *err);
/* The question statuses that exist for actor (bit set of 1u << status): the columns of its counts. */
unsigned cnap_uc_visible_statuses(const struct cnap_actor *actor);

/*
 * A new cycle, with the survey templates of templates (may be NULL), in one
 * transaction. Templates of another year (the shipped file) come with the
 * titles' own years moved on (model.h cnap_title_years_moved).
 */
enum cnap_err cnap_uc_cycle_add(struct cnap_store *s, const struct cnap_actor *actor, const struct cnap_cycle *c,
				const struct cnap_cycle_data *templates, struct cnap_error *err);
/* A whole cycle from its file: all or nothing. */
enum cnap_err cnap_uc_cycle_import(struct cnap_store *s, const struct cnap_actor *actor,
				   const struct cnap_cycle_data *d, struct cnap_error *err);
/* A whole cycle with internal notes and authors: the secretariat's. */
enum cnap_err cnap_uc_cycle_export(struct cnap_store *s, const struct cnap_actor *actor, int year,
				   struct cnap_arena *a, struct cnap_cycle_data *out, struct cnap_error *err);
/* Cycles, oldest first: every signed-in user may know which years exist. */
enum cnap_err cnap_uc_cycle_list(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				 struct cnap_cycle **out, size_t *n, struct cnap_error *err);
/* One cycle (its years and 要因分析 method): every signed-in user may know it. */
enum cnap_err cnap_uc_cycle_get(struct cnap_store *s, const struct cnap_actor *actor, int year, struct cnap_arena *a,
				struct cnap_cycle *out, struct cnap_error *err);
/* Close cycle year (read only from then on: auth/policy.h) or open it again: the secretariat's; audited. */
enum cnap_err cnap_uc_cycle_close(struct cnap_store *s, const struct cnap_actor *actor, int year, bool close,
				  struct cnap_error *err);
/* The newest cycle's year, 0 when there is none. */
int cnap_uc_latest_year(struct cnap_store *s);

enum cnap_err cnap_uc_wg_add(struct cnap_store *s, const struct cnap_actor *actor, int year, const struct cnap_wg *wg,
			     struct cnap_error *err);
/* The WGs of a cycle that exist for actor. */
enum cnap_err cnap_uc_wg_list(struct cnap_store *s, const struct cnap_actor *actor, int year, struct cnap_arena *a,
			      struct cnap_wg **out, size_t *n, struct cnap_error *err);

enum cnap_err cnap_uc_association_add(struct cnap_store *s, const struct cnap_actor *actor,
				      const struct cnap_association *as, struct cnap_error *err);
/*
 * year 0: every association (the secretariat's); else the participants of
 * (year, wg_code or all WGs) that exist for actor, in WG order.
 */
enum cnap_err cnap_uc_association_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
				       const char *wg_code, struct cnap_arena *a, struct cnap_association **out,
				       size_t *n, struct cnap_error *err);
/* One association, if it exists for actor (an association user: only its own). */
enum cnap_err cnap_uc_association_get(struct cnap_store *s, const struct cnap_actor *actor, const char *code,
				      struct cnap_arena *a, struct cnap_association *out, struct cnap_error *err);
/*
 * Display names of the users, for labelling what the actor was shown (an
 * author left in by the redaction): logins, names and roles only.
 */
enum cnap_err cnap_uc_user_names(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_arena *a,
				 struct cnap_user **out, size_t *n, struct cnap_error *err);
/*
 * The secretariat's changes to the organisation (organisation_admin.c), each in one transaction, audited,
 * with a message in Japanese naming the field (where: wg.code, wg.name, association.code,
 * association.name, association.industry, participation.wg, participation.association,
 * participation.template, participation.position; participation for a refusal of the whole).
 * Adding a WG or association whose code exists, or enrolling one twice, is CNAP_ECONFLICT.
 */
enum cnap_err cnap_uc_participation_add(struct cnap_store *s, const struct cnap_actor *actor, int year,
					const char *wg_code, const char *association_code, const char *template_code,
					struct cnap_error *err);
/* A WG's name; its code stays (everything refers to it by code). */
enum cnap_err cnap_uc_wg_rename(struct cnap_store *s, const struct cnap_actor *actor, int year, const char *code,
				const char *name, struct cnap_error *err);
/* An association's name and industry (業種, {industry} in item titles; empty: none), by as->code. */
enum cnap_err cnap_uc_association_edit(struct cnap_store *s, const struct cnap_actor *actor,
				       const struct cnap_association *as, struct cnap_error *err);
/* The cycle's participations by WG and bundle order, with what each holds. */
enum cnap_err cnap_uc_participation_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 struct cnap_arena *a, struct cnap_participation_row **out, size_t *n,
					 struct cnap_error *err);
/* Whether a participation holds nothing: it may be taken back or given another outline. */
bool cnap_uc_participation_holds_nothing(const struct cnap_participation_row *r);
/* The survey outlines (調査票) of a cycle, to enrol with. */
enum cnap_err cnap_uc_template_list(struct cnap_store *s, const struct cnap_actor *actor, int year,
				    struct cnap_arena *a, struct cnap_template **out, size_t *n, struct cnap_error *err);
/*
 * Another outline (template_code NULL or the same: kept) and place in the WG's bundle (position 0 or the
 * same: kept; 1..n). Another outline for a participation that holds anything is CNAP_ECONFLICT.
 */
enum cnap_err cnap_uc_participation_edit(struct cnap_store *s, const struct cnap_actor *actor, int year,
					 const char *wg_code, const char *association_code, const char *template_code,
					 int position, struct cnap_error *err);
/* Taken back: only one that holds nothing (else CNAP_ECONFLICT, nothing changed). */
enum cnap_err cnap_uc_participation_remove(struct cnap_store *s, const struct cnap_actor *actor, int year,
					   const char *wg_code, const char *association_code, struct cnap_error *err);

/* Whether the database is whole (store.h cnap_store_verify): the secretariat's. */
enum cnap_err cnap_uc_verify(struct cnap_store *s, const struct cnap_actor *actor, struct cnap_db_check *out,
			     struct cnap_error *err);

/* The audit trail checked against its chain (store.h cnap_store_audit_verify): the secretariat's. */
enum cnap_err cnap_uc_audit_verify(struct cnap_store *s, const struct cnap_actor *actor, int64_t probe_id,
				   struct cnap_audit_check *out, struct cnap_error *err);

/* The audit trail (entity NULL: all; entity_id 0: all of that entity), oldest first: the secretariat's. */
enum cnap_err cnap_uc_audit_list(struct cnap_store *s, const struct cnap_actor *actor, const char *entity,
				 int64_t entity_id, struct cnap_arena *a, struct cnap_audit_entry **out, size_t *n,
				 struct cnap_error *err);

/*
 * A consistent copy of the whole database in the file dest, safe while servers write
 * (the secretariat's; audited), its SHA-256 beside it (store.h). An existing dest is CNAP_ECONFLICT unless overwrite.
 */
enum cnap_err cnap_uc_backup(struct cnap_store *s, const struct cnap_actor *actor, const char *dest, bool overwrite,
			     char sha256[65], struct cnap_error *err);

/*
 * The whole database replaced by a backup file, checked before anything is replaced and
 * recorded in the restored trail (store.h cnap_store_restore): the secretariat's. A database
 * that holds anything is CNAP_ECONFLICT unless overwrite.
 */
enum cnap_err cnap_uc_restore(struct cnap_store *s, const struct cnap_actor *actor, const char *input, bool overwrite,
			      struct cnap_restore_report *out, struct cnap_error *err);

#endif
