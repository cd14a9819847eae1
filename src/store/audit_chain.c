/*
 * The audit trail's chain (migration 0012): each record's chain is the
 * SHA-256 of the previous record's chain and of its own fields, each written
 * with its length so that no two records hash alike by moving bytes between
 * fields. A record edited, or removed from the middle, breaks the chain from
 * there on; cnap_store_audit_verify walks it.
 */
#include "base/compat.h"
#include "store/store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void add_field(crypto_hash_sha256_state *h, const char *v)
{
	if (!v) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-;", 2);
		return;
	}
	char len[32];
	int n = snprintf(len, sizeof(len), "%zu:", strlen(v));
	crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)n);
	crypto_hash_sha256_update(h, (const unsigned char *)v, strlen(v));
}

static void add_int(crypto_hash_sha256_state *h, int64_t v)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", (long long)v);
	add_field(h, s);
}

void audit_chain_of(const char *prev, const struct cnap_audit_entry *e, char out[AUDIT_CHAIN_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	add_field(&h, prev ? prev : "");
	add_int(&h, e->id);
	add_field(&h, e->at);
	add_field(&h, e->actor);
	add_field(&h, e->action);
	add_field(&h, e->entity);
	add_int(&h, e->entity_id);
	add_field(&h, e->before);
	add_field(&h, e->after);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, AUDIT_CHAIN_HEX, digest, sizeof(digest));
}

#define AUDIT_ROWS_SQL "SELECT id, at, actor, action, entity, entity_id, before, after, chain FROM audit ORDER BY id"

static void read_entry(struct cnap_store *s, struct cnap_stmt *st, struct cnap_audit_entry *e)
{
	e->id = col_int(s, st, 0);
	e->at = col_text(s, st, 1);
	e->actor = col_text(s, st, 2);
	e->action = col_text(s, st, 3);
	e->entity = col_text(s, st, 4);
	e->entity_id = col_int(s, st, 5);
	e->before = col_text(s, st, 6);
	e->after = col_text(s, st, 7);
}

enum cnap_err audit_chain_fill(struct cnap_store *s, struct cnap_error *err)
{
	struct cnap_stmt *rows, *set;
	enum cnap_err rc = st_prepare(s, AUDIT_ROWS_SQL, &rows, err);
	if (rc)
		return rc;
	if ((rc = st_prepare(s, "UPDATE audit SET chain = ?1 WHERE id = ?2 AND chain IS NULL", &set, err))) {
		st_free(s, rows);
		return rc;
	}
	char chain[AUDIT_CHAIN_HEX] = "";
	enum cnap_step r;
	while (!rc && (r = st_step(s, rows)) == CNAP_STEP_ROW) {
		struct cnap_audit_entry e;
		read_entry(s, rows, &e);
		const char *had = col_text(s, rows, 8);
		char next[AUDIT_CHAIN_HEX];
		audit_chain_of(chain, &e, next);
		if (!had) {
			s->drv->reset(set);
			st_text(s, set, 1, next);
			st_int(s, set, 2, e.id);
			if (st_step(s, set) == CNAP_STEP_ERROR)
				rc = st_step_error(s, err);
		}
		memcpy(chain, had ? had : next, sizeof(chain) - 1);
		chain[sizeof(chain) - 1] = '\0';
	}
	if (!rc && r == CNAP_STEP_ERROR)
		rc = st_step_error(s, err);
	st_free(s, set);
	st_free(s, rows);
	return rc;
}

enum cnap_err audit_chain_last(struct cnap_store *s, int64_t *id, char chain[AUDIT_CHAIN_HEX], struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, "SELECT id, chain FROM audit ORDER BY id DESC LIMIT 1", &st, err);
	if (rc)
		return rc;
	*id = 0;
	chain[0] = '\0';
	enum cnap_step r = st_step(s, st);
	if (r == CNAP_STEP_ROW) {
		*id = col_int(s, st, 0);
		const char *c = col_text(s, st, 1);
		snprintf(chain, AUDIT_CHAIN_HEX, "%s", c ? c : "");
		rc = st_row_status(s, st, err);
	} else if (r == CNAP_STEP_ERROR) {
		rc = st_step_error(s, err);
	}
	st_free(s, st);
	return rc;
}

enum cnap_err cnap_store_audit_verify(struct cnap_store *s, int64_t probe_id, struct cnap_audit_check *out,
				      struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s, AUDIT_ROWS_SQL, &st, err);
	if (rc)
		return rc;
	char chain[AUDIT_CHAIN_HEX] = "";
	int64_t last = 0;
	enum cnap_step r;
	while ((r = st_step(s, st)) == CNAP_STEP_ROW) {
		struct cnap_audit_entry e;
		read_entry(s, st, &e);
		const char *stored = col_text(s, st, 8);
		if (e.id != last + 1) {
			out->broken = CNAP_AUDIT_REMOVED;
			out->at_id = e.id;
			out->missing_from = last + 1;
			break;
		}
		char expect[AUDIT_CHAIN_HEX];
		audit_chain_of(chain, &e, expect);
		if (!stored || strcmp(stored, expect) != 0) {
			out->broken = CNAP_AUDIT_EDITED;
			out->at_id = e.id;
			break;
		}
		memcpy(chain, expect, sizeof(chain));
		if (e.id == probe_id)
			memcpy(out->probe_chain, expect, sizeof(out->probe_chain));
		last = e.id;
		out->records++;
	}
	if (r == CNAP_STEP_ERROR) {
		st_free(s, st);
		return st_step_error(s, err);
	}
	st_free(s, st);
	out->last_id = last;
	memcpy(out->head, chain, sizeof(out->head));
	return CNAP_OK;
}
