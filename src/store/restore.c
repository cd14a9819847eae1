/*
 * `cnap restore`: a backup file back in place of the database (store.h
 * cnap_store_restore). The input is never opened for writing: SQLite copies it
 * into a scratch file beside the database, and every check and the migration
 * of an older file run on that copy. Only a copy that passed them goes in,
 * through the driver's replace_from, which a running server sees as one commit.
 */
#include "base/compat.h"
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define INPUT "restore.input"

/* The input is a regular file we can read; its SHA-256 on the way, for the audit record. */
static enum cnap_err input_file(const char *input, char sha[65], struct cnap_error *err)
{
	struct stat sb;
	if (stat(input, &sb) != 0)
		return errno == ENOENT ? cnap_fail(err, CNAP_ENOTFOUND, INPUT, "「%s」がありません", input)
				       : cnap_fail(err, CNAP_EIO, INPUT, "「%s」を読めません（%s）", input, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return cnap_fail(err, CNAP_EFORMAT, INPUT, "「%s」はフォルダです。バックアップのファイルを指定してください", input);
	if (!S_ISREG(sb.st_mode))
		return cnap_fail(err, CNAP_EFORMAT, INPUT, "「%s」は通常のファイルではありません", input);
	if (sb.st_size == 0)
		return cnap_fail(err, CNAP_EFORMAT, INPUT, "「%s」は空のファイルで、cnap のデータベースではありません", input);
	return store_file_sha256(input, INPUT, sha, err);
}

/* The digest cnap backup wrote beside the file, when it is there: the file must still have it. */
static enum cnap_err check_digest(const char *input, const char *sha, bool *checked, struct cnap_error *err)
{
	char name[4200];
	if ((size_t)snprintf(name, sizeof(name), "%s" CNAP_BACKUP_DIGEST_END, input) >= sizeof(name))
		return cnap_fail(err, CNAP_EINVAL, INPUT, "パスが長すぎます：%s", input);
	FILE *f = fopen(name, "r");
	if (!f) {
		if (errno == ENOENT)
			return CNAP_OK;
		return cnap_fail(err, CNAP_EIO, INPUT, "「%s」を読めません（%s）", name, strerror(errno));
	}
	char line[160] = "";
	bool read_ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	size_t hex = strspn(line, "0123456789abcdefABCDEF");
	if (!read_ok || hex != 64 || (line[64] != ' ' && line[64] != '\n' && line[64] != '\0'))
		return cnap_fail(err, CNAP_EINVAL, INPUT, "「%s」は SHA-256 の検査値として読めません", name);
	if (strncasecmp(line, sha, 64) != 0)
		return cnap_fail(err, CNAP_EINVAL, INPUT,
				 "「%s」の SHA-256 が「%s」の値と一致しません（バックアップの後で壊れたか、書き換えられています）", input,
				 name);
	*checked = true;
	return CNAP_OK;
}

/* Whether the target holds anything a restore would lose. */
static enum cnap_err holds_data(struct cnap_store *s, bool *out, struct cnap_error *err)
{
	struct cnap_stmt *st;
	enum cnap_err rc = st_prepare(s,
				      "SELECT EXISTS (SELECT 1 FROM audit) OR EXISTS (SELECT 1 FROM cycles) OR "
				      "EXISTS (SELECT 1 FROM associations) OR EXISTS (SELECT 1 FROM users)",
				      &st, err);
	if (rc)
		return rc;
	enum cnap_step r = st_step(s, st);
	*out = r == CNAP_STEP_ROW && col_int(s, st, 0) != 0;
	st_free(s, st);
	return r == CNAP_STEP_ROW ? CNAP_OK : st_step_error(s, err);
}

/*
 * What the copy is, before the store opens it (an open migrates): a cnap database of this
 * cnap's schema or an older one, its pages and foreign keys whole.
 */
static enum cnap_err check_as_copied(const char *scratch, const char *input, int64_t *version,
				     struct cnap_error *err)
{
	struct cnap_db *db;
	struct cnap_error why = { 0 };
	enum cnap_err rc = cnap_db_sqlite.open(scratch, false, &db, &why);
	if (rc == CNAP_ENOMEM)
		return cnap_fail(err, rc, "", "out of memory");
	if (rc)
		return cnap_fail(err, CNAP_EFORMAT, INPUT, "「%s」はデータベースとして読めません（壊れているか、データベースではありません）",
				 input);
	int64_t app_id = 0;
	bool empty = true;
	struct cnap_store probe = { .drv = &cnap_db_sqlite, .db = db };
	struct cnap_db_check pages;
	if ((rc = cnap_db_sqlite.get_schema(db, &app_id, version, &empty, &why)))
		rc = cnap_fail(err, CNAP_EINVAL, INPUT, "「%s」は壊れています（%s）", input, why.message);
	else if (empty || app_id != CNAP_APPLICATION_ID || *version < 1)
		rc = cnap_fail(err, CNAP_EFORMAT, INPUT, "「%s」は cnap のデータベースではありません", input);
	else if (*version > cnap_store_schema_version())
		rc = cnap_fail(err, CNAP_EFORMAT, INPUT,
			       "「%s」はこの cnap より新しい版のデータベースです（スキーマ %lld、この cnap は %d まで）。"
			       "cnap を更新してから復元してください",
			       input, (long long)*version, cnap_store_schema_version());
	else if ((rc = store_check_pages(&probe, &pages, &why)))
		rc = rc == CNAP_ENOMEM ? cnap_fail(err, rc, "", "out of memory")
				       : cnap_fail(err, CNAP_EINVAL, INPUT, "「%s」は壊れています（%s）", input, why.message);
	else if (!pages.integrity_ok)
		rc = cnap_fail(err, CNAP_EINVAL, INPUT, "「%s」は壊れています（%s）", input, pages.integrity_first);
	else if (pages.fk_violations)
		rc = cnap_fail(err, CNAP_EINVAL, INPUT, "「%s」の参照に%lld件の不整合があります（最初: %s）", input,
			       (long long)pages.fk_violations, pages.fk_first);
	cnap_db_sqlite.close(db);
	return rc;
}

/* The record of the restore, in the restored trail: who, from which file, and the trail as it came. */
static enum cnap_err record_restore(struct cnap_store *copy, const char *input, const char *sha, int64_t version,
				    const struct cnap_audit_check *trail, struct cnap_error *err)
{
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "{\"file\":");
	cnap_buf_add_json_str(&b, input);
	cnap_buf_addf(&b, ",\"sha256\":\"%s\",\"schema\":%lld,\"records\":%lld,\"head\":\"%s\"}", sha, (long long)version,
		      (long long)trail->records, trail->head);
	char *after = cnap_buf_detach(&b, NULL);
	if (!after)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	enum cnap_err rc = tx_enter(copy, err);
	if (!rc)
		rc = tx_leave(copy, audit_add(copy, "database.restore", "database", 0, NULL, after, err), err);
	free(after);
	return rc;
}

/* The copy opened by the store (migrated when older), checked whole, and the restore recorded in it. */
static enum cnap_err ready_copy(const char *scratch, const char *input, const char *actor,
				struct cnap_restore_report *out, struct cnap_error *err)
{
	struct cnap_store *copy;
	struct cnap_error why = { 0 };
	enum cnap_err rc = cnap_store_open(scratch, 0, &copy, &why);
	if (rc)
		return cnap_fail(err, rc, INPUT, "「%s」をこの cnap の版に移せません（%s）", input, why.message);
	cnap_store_set_actor(copy, actor);
	struct cnap_db_check chk;
	if ((rc = cnap_store_verify(copy, &chk, err)))
		goto done;
	if (!chk.integrity_ok || chk.fk_violations) {
		rc = cnap_fail(err, CNAP_EINVAL, INPUT, "「%s」は版を移したあと壊れています（%s）", input,
			       chk.integrity_ok ? chk.fk_first : chk.integrity_first);
		goto done;
	}
	if (chk.audit.broken != CNAP_AUDIT_WHOLE) {
		rc = cnap_fail(err, CNAP_EINVAL, INPUT,
			       "「%s」の監査記録は #%lld で鎖が切れています（書き換えられたか、壊れています）", input,
			       (long long)chk.audit.at_id);
		goto done;
	}
	if (!chk.index_ok) {
		int64_t rows;
		if ((rc = cnap_store_search_reindex(copy, &rows, err)))
			goto done;
		out->reindexed = true;
	}
	if ((rc = record_restore(copy, input, out->sha256, out->schema_from, &chk.audit, err)))
		goto done;
	struct cnap_audit_check trail;
	if (!(rc = cnap_store_audit_verify(copy, 0, &trail, err)))
		out->audit_records = trail.records;
done:
	cnap_store_close(copy);
	return rc;
}

static void remove_scratch(const char *path)
{
	unlink(path);
	store_remove_sidecars(path);
}

enum cnap_err cnap_store_restore(struct cnap_store *s, const char *input, bool overwrite,
				 struct cnap_restore_report *out, struct cnap_error *err)
{
	memset(out, 0, sizeof(*out));
	out->schema_to = cnap_store_schema_version();
	if (!input || !*input)
		return cnap_fail(err, CNAP_EINVAL, INPUT, "復元するバックアップのファイルを指定してください");
	if (s->tx_depth > 0 || s->read_open)
		CNAP_BUG("restore inside a transaction");
	bool full;
	enum cnap_err rc = holds_data(s, &full, err);
	if (rc)
		return rc;
	if (full && !overwrite)
		return cnap_fail(err, CNAP_ECONFLICT, "restore.target",
				 "「%s」には既にデータがあります（置き換えるときは --force を付けてください）", s->path);
	if ((rc = input_file(input, out->sha256, err)) || (rc = check_digest(input, out->sha256, &out->digest_checked, err)))
		return rc;
	char scratch[4200];
	if ((size_t)snprintf(scratch, sizeof(scratch), "%s.restore-XXXXXX", s->path) >= sizeof(scratch))
		return cnap_fail(err, CNAP_EINVAL, "restore.target", "データベースのパスが長すぎます：%s", s->path);
	int fd = mkstemp(scratch);
	if (fd < 0)
		return cnap_fail(err, CNAP_EIO, "restore.target", "「%s」の隣に作業用のファイルを作れません（%s）", s->path,
				 strerror(errno));
	close(fd);
	/* The empty file mkstemp made is what SQLite takes for a new database: the copy goes into it. */
	if (!(rc = s->drv->copy_file(input, scratch, err)) && !(rc = check_as_copied(scratch, input, &out->schema_from, err)) &&
	    !(rc = ready_copy(scratch, input, s->actor, out, err)))
		rc = s->drv->replace_from(s->db, scratch, err);
	remove_scratch(scratch);
	return rc;
}
