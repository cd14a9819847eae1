#!/bin/sh
# cnap backup: SQLite's online backup of a database in WAL mode, taken while a server writes to it.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db live.db --sample >/dev/null
eq "$(sqlite3 live.db 'PRAGMA journal_mode')" wal "the database is in WAL mode (copying the file alone is not a backup)"
expect 0 "a backup" -- backup --db live.db --output b0.db
has out "b0.db" "it says where it wrote"
eq "$(sqlite3 b0.db 'PRAGMA integrity_check')" ok "the copy passes integrity_check"
expect 0 "and opens with cnap" -- question list --db b0.db --cycle 2023 --json
eq "$(jq length out)" "$("$CNAP" question list --db live.db --cycle 2023 --json | jq length)" "with every question"
before=$(audit_count live.db)
expect 5 "an existing file is not overwritten" -- backup --db live.db --output b0.db
has err "--force" "the message says how to overwrite"
eq "$(audit_count live.db)" "$before" "the refused backup wrote nothing"
echo "not a database" > keep.txt
expect 5 "nor any other file" -- backup --db live.db --output keep.txt
eq "$(cat keep.txt)" "not a database" "which is left as it was"
expect 0 "--force overwrites" -- backup --db live.db --output keep.txt --force
eq "$(sqlite3 keep.txt 'PRAGMA integrity_check')" ok "with a database"
expect 6 "an association user may not take a backup" -- backup --db live.db --as bearing-staff --output b1.db
[ -e b1.db ] && fail "no file for a refused backup" || pass "no file for a refused backup"
expect 0 "the backup is in the audit trail" -- audit list --db live.db --entity database --json
eq "$(jq -r '[.[] | select(.action == "database.backup")] | length' out)" 2 "one record per backup"
eq "$(jq -r '[.[] | select(.action == "database.backup")][0].after.file' out)" b0.db "naming the file"

# While a server writes: questions filed through the API as fast as it answers, backups taken meanwhile.
token=$("$CNAP" user token --db live.db --login jimukyoku | tail -n 1)
serve_start live.db srv --quiet
[ -n "$port" ] && pass "the server started" || fail "the server started" "$(cat srv.err)"
writer() {
	i=0
	while [ ! -e stop ]; do
		i=$((i + 1))
		curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			-d "{\"item\":\"II.4\",\"page\":\"10\",\"text\":\"書込み中の質問 $i\"}" \
			"http://127.0.0.1:$port/api/c/2023/w/denshi/a/bearing/questions" >> writes.txt
	done
}
writer &
wpid=$!
pids="$pids $wpid"
for _ in $(seq 50); do [ -s writes.txt ] && break; sleep 0.1; done
ok=1 last=0
for k in 1 2 3 4 5; do
	"$CNAP" backup --db live.db --output "w$k.db" >/dev/null 2>"w$k.err" || { ok=0; echo "# backup $k: $(cat "w$k.err")"; }
	[ "$(sqlite3 "w$k.db" 'PRAGMA integrity_check' 2>&1)" = ok ] || { ok=0; echo "# backup $k fails integrity_check"; }
	c=$("$CNAP" question list --db "w$k.db" --cycle 2023 --association bearing --json | jq length) || { ok=0; c=0; }
	[ "$c" -ge "$last" ] || { ok=0; echo "# backup $k has $c questions, the one before $last"; }
	last=$c
	sleep 0.2
done
touch stop
wait "$wpid"
eq "$ok" 1 "five backups taken while the server writes are whole databases that cnap opens"
writes=$(grep -c '^201$\|^200$\|^303$' writes.txt)
[ "$writes" -ge 5 ] && pass "the server wrote meanwhile ($writes questions)" || fail "the server wrote meanwhile" "$(sort writes.txt | uniq -c)"
[ "$last" -gt "$("$CNAP" question list --db b0.db --cycle 2023 --association bearing --json | jq length)" ] &&
	pass "the later backups hold the questions written meanwhile" || fail "the later backups hold the new questions" "last=$last"
expect 0 "a backup after the writes" -- backup --db live.db --output end.db
eq "$("$CNAP" question list --db end.db --cycle 2023 --json | jq length)" \
	"$("$CNAP" question list --db live.db --cycle 2023 --json | jq length)" "holds exactly what the live database holds"
finish
