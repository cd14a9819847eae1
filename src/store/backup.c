/*
 * `cnap backup`: a consistent copy of the database in a file (store.h
 * cnap_store_backup), and beside it FILE.sha256 in sha256sum's format. The
 * page checks a restore makes cannot see a byte changed in a free page or in
 * the middle of a text; the digest can, and `sha256sum -c` reads it too.
 */
#include "base/compat.h"
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void store_remove_sidecars(const char *path)
{
	static const char *const ends[] = { "-journal", "-wal", "-shm" };
	char name[4096];
	for (size_t i = 0; i < CNAP_ARRAY_LEN(ends); i++)
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path, ends[i]) < sizeof(name))
			unlink(name);
}

enum cnap_err store_file_sha256(const char *path, const char *where, char hex[65], struct cnap_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cnap_fail(err, errno == ENOENT ? CNAP_ENOTFOUND : CNAP_EIO, where, "「%s」を読めません（%s）", path,
				 strerror(errno));
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char chunk[16384];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			enum cnap_err e = cnap_fail(err, CNAP_EIO, where, "「%s」を読めません（%s）", path, strerror(errno));
			close(fd);
			return e;
		}
		crypto_hash_sha256_update(&h, chunk, (unsigned long long)got);
	}
	close(fd);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
	return CNAP_OK;
}

/* "HEX  NAME\n", NAME without its folder: `sha256sum -c` run where the two files are. */
static enum cnap_err write_digest(const char *dest, const char *hex, struct cnap_error *err)
{
	char name[4200], part[4300];
	if ((size_t)snprintf(name, sizeof(name), "%s" CNAP_BACKUP_DIGEST_END, dest) >= sizeof(name) ||
	    (size_t)snprintf(part, sizeof(part), "%s.part", name) >= sizeof(part))
		return cnap_fail(err, CNAP_EINVAL, "backup.output", "出力先のパスが長すぎます：%s", dest);
	const char *base = strrchr(dest, '/');
	base = base ? base + 1 : dest;
	FILE *f = fopen(part, "w");
	if (!f)
		return cnap_fail(err, CNAP_EIO, "backup.output", "「%s」を作れません（%s）", name, strerror(errno));
	bool ok = fprintf(f, "%s  %s\n", hex, base) > 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(part, name) != 0) {
		unlink(part);
		return cnap_fail(err, CNAP_EIO, "backup.output", "「%s」に書き込めません", name);
	}
	return CNAP_OK;
}

enum cnap_err cnap_store_backup(struct cnap_store *s, const char *dest, bool overwrite, char sha256[65],
				struct cnap_error *err)
{
	sha256[0] = '\0';
	if (!dest || !*dest)
		return cnap_fail(err, CNAP_EINVAL, "backup.output", "バックアップの出力先を指定してください");
	if (!s->drv->backup)
		return cnap_fail(err, CNAP_EDB, "", "このデータベースはバックアップできません");
	struct stat st;
	if (stat(dest, &st) == 0 && !overwrite)
		return cnap_fail(err, CNAP_ECONFLICT, "backup.output",
				 "「%s」は既にあります（上書きするときは --force を付けてください）", dest);
	char part[4096];
	if ((size_t)snprintf(part, sizeof(part), "%s.part", dest) >= sizeof(part))
		return cnap_fail(err, CNAP_EINVAL, "backup.output", "出力先のパスが長すぎます：%s", dest);
	unlink(part);
	store_remove_sidecars(part);
	enum cnap_err rc = s->drv->backup(s->db, part, err);
	if (!rc)
		rc = store_file_sha256(part, "backup.output", sha256, err);
	if (!rc) {
		/* A -wal of an older file by that name would be read as part of the new one. */
		store_remove_sidecars(dest);
		if (rename(part, dest) != 0)
			rc = cnap_fail(err, CNAP_EIO, "backup.output", "「%s」に書き込めません", dest);
	}
	if (!rc)
		rc = write_digest(dest, sha256, err);
	if (rc) {
		unlink(part);
		store_remove_sidecars(part);
		return rc;
	}
	struct cnap_buf b;
	cnap_buf_init(&b, 0);
	cnap_buf_adds(&b, "{\"file\":");
	cnap_buf_add_json_str(&b, dest);
	cnap_buf_addf(&b, ",\"sha256\":\"%s\"}", sha256);
	char *after = cnap_buf_detach(&b, NULL);
	if (!after)
		return cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	if (!(rc = tx_enter(s, err)))
		rc = tx_leave(s, audit_add(s, "database.backup", "database", 0, NULL, after, err), err);
	free(after);
	return rc;
}
