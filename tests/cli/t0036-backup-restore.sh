#!/bin/sh
# Issue 14 part 4: `cnap restore`. A backup taken while a server writes, restored, gives a database whose
# cycle export equals the original's at the backup's moment. The input is checked before anything is
# replaced (a cnap database, not from a newer cnap, its pages, foreign keys, audit chain and FILE.sha256);
# a refused restore leaves the target as it was; a server that has the target open serves the restored data.
. "$(dirname "$0")/lib.sh"

# dump DB: the database's content as text, to tell whether a refused restore touched it
dump() { sqlite3 "$1" .dump | sha256sum; }
# load_numbers FILE: the numbers of the load's questions in a cycle export, sorted
load_numbers() { jq -c '[.questions[] | .text | select(startswith("負荷の質問 ")) | ltrimstr("負荷の質問 ") | tonumber] | sort' "$1"; }

"$CNAP" init --db live.db --sample >/dev/null
token=$("$CNAP" user token --db live.db --login jimukyoku | tail -n 1)
serve_start live.db srv --quiet
[ -n "$port" ] && pass "the server started" || fail "the server started" "$(cat srv.err)"
api="http://127.0.0.1:$port/api/c/2023/w/denshi/a/bearing"

# post_question TEXT: a question filed through the API of the server at $api; prints the HTTP status
post_question() {
	curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d "{\"item\":\"II.4\",\"page\":\"10\",\"text\":\"$1\"}" "$api/questions"
}
# The load: numbered questions filed one after another, each in its own transaction, until told to stop.
writer() {
	i=0
	while [ ! -e stop ]; do
		i=$((i + 1))
		post_question "負荷の質問 $i" >> writes.txt
	done
}
# wait_writes N: until the load has been answered N times (bounded; the counts below are checked, not the time)
wait_writes() { for _ in $(seq 300); do [ "$(wc -l < writes.txt 2>/dev/null || echo 0)" -ge "$1" ] && break; sleep 0.1; done; }
: > writes.txt
writer &
wpid=$!
pids="$pids $wpid"
wait_writes 3
before_backup=$(grep -c '^20[01]$\|^303$' writes.txt)
expect 0 "a backup while the load writes" -- backup --db live.db --output mid.db
has out "SHA-256: " "it prints the file's SHA-256"
after_backup=$(wc -l < writes.txt)
wait_writes $((after_backup + 3))
touch stop
wait "$wpid"
written=$(grep -c '^20[01]$\|^303$' writes.txt)
eq "$(grep -vc '^20[01]$\|^303$' writes.txt)" 0 "every write of the load succeeded"
eq "$(cut -d' ' -f1 mid.db.sha256)" "$(sha256sum mid.db | cut -d' ' -f1)" "mid.db.sha256 holds the file's SHA-256"
(sha256sum -c mid.db.sha256 >/dev/null) && pass "which sha256sum -c accepts" || fail "which sha256sum -c accepts"
input_sum=$(sha256sum mid.db)

expect 0 "the backup restores into a new database" -- restore --db fresh.db --input mid.db
has out "「mid.db.sha256」と一致" "after its SHA-256 was checked"
"$CNAP" cycle export --db fresh.db --cycle 2023 > fresh.json
k=$(jq length <<EOF
$(load_numbers fresh.json)
EOF
)
eq "$(load_numbers fresh.json)" "$(seq 1 "$k" | jq -cs .)" "the restored database holds a prefix of the load, 1..$k, none missing"
[ "$k" -ge "$before_backup" ] && pass "with every question written before the backup began ($k ≥ $before_backup)" ||
	fail "with every question written before the backup began" "k=$k, before=$before_backup"
[ "$written" -gt "$k" ] && pass "and none of those the load wrote after it ($written written in all)" ||
	fail "the load went on after the backup" "k=$k, written=$written"
"$CNAP" cycle export --db live.db --cycle 2023 > live.json
jq --argjson k "$k" 'del(.questions[] | select(.text | startswith("負荷の質問 ")) | select(.text | ltrimstr("負荷の質問 ") | tonumber > $k))' \
	live.json > live-at-k.json
eq "$(jq -S . fresh.json | sha256sum)" "$(jq -S . live-at-k.json | sha256sum)" \
	"its cycle export is the original's at the backup's moment (the final export without the load's questions after $k)"
cp mid.db mid-copy.db
"$CNAP" cycle export --db mid-copy.db --cycle 2023 > mid.json
same fresh.json mid.json "and the backup file's own export"
eq "$(sha256sum mid.db)" "$input_sum" "the restore did not write to its input"
[ -e mid.db-wal ] || [ -e mid.db-shm ] && fail "nor left files beside it" "$(ls)" || pass "nor left files beside it"
expect 0 "the restored database verifies" -- verify --db fresh.db
has out "データベースは正常です" "and is whole"
"$CNAP" audit list --db fresh.db --entity database --json > trail.json
eq "$(jq -r '.[-1].action' trail.json)" "database.restore" "the restore is the restored trail's last record"
eq "$(jq -r '.[-1].after | "\(.file) \(.sha256)"' trail.json)" "mid.db $(cut -d' ' -f1 mid.db.sha256)" \
	"naming the file and its SHA-256"
eq "$(jq -r '.[-1].actor' trail.json)" "cli:${USER:-operator}" "and who restored it"

# Bad inputs: each named, with its exit code, and the target as it was.
target=$(dump fresh.db)
expect 3 "a missing file" -- restore --db fresh.db --input nope.db --force
has err "「nope.db」がありません" "is named"
echo "これはデータベースではありません" > notes.txt
expect 7 "a text file" -- restore --db fresh.db --input notes.txt --force
has err "「notes.txt」はデータベースのファイルではありません" "is not a database"
sqlite3 other.db "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
expect 7 "another program's database" -- restore --db fresh.db --input other.db --force
has err "cnap のデータベースではありません" "is not cnap's"
: > empty.db
expect 7 "an empty file" -- restore --db fresh.db --input empty.db --force
mkdir folder
expect 7 "a folder" -- restore --db fresh.db --input folder --force
cp mid.db newer.db
sqlite3 newer.db "PRAGMA user_version = 999"
expect 7 "a database from a newer cnap" -- restore --db fresh.db --input newer.db --force
has err "新しい版" "says so"
has err "cnap を更新して" "and what to do"
# Bytes changed in the middle of the file: its SHA-256 no longer matches the one cnap backup wrote.
cp mid.db flipped.db
sed 's/mid\.db/flipped.db/' mid.db.sha256 > flipped.db.sha256
size=$(stat -c %s mid.db)
printf 'XXXXXXXX' | dd of=flipped.db bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
expect 4 "a backup with bytes changed mid-file" -- restore --db fresh.db --input flipped.db --force
has err "一致しません" "does not match its SHA-256"
# Without the .sha256 the pages are checked: a table's page overwritten is found.
cp mid.db broken.db
root=$(sqlite3 broken.db "SELECT rootpage FROM sqlite_schema WHERE name = 'questions'")
printf '\377\377\377\377\377\377\377\377' | dd of=broken.db bs=1 seek=$(( (root - 1) * 4096 )) conv=notrunc 2>/dev/null
expect 4 "a backup with a broken page" -- restore --db fresh.db --input broken.db --force
has err "「broken.db」は壊れています" "is broken"
cp mid.db edited.db
sqlite3 edited.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone-else' WHERE id = 20;"
expect 4 "a backup whose audit trail was edited" -- restore --db fresh.db --input edited.db --force
has err "監査記録は #20 で鎖が切れています" "names the record"
expect 5 "a database that holds data needs --force" -- restore --db fresh.db --input mid.db
has err "--force" "the message says so"
eq "$(dump fresh.db)" "$target" "none of the refused restores changed the target"
echo "restore-pass-2023" | "$CNAP" user passwd --db fresh.db --login bearing-staff >/dev/null
target=$(dump fresh.db)
expect 6 "an association user may not restore" -- restore --db fresh.db --input mid.db --force --as bearing-staff
eq "$(dump fresh.db)" "$target" "nor did the refused user's"
expect 3 "a refused restore into a new file" -- restore --db new.db --input nope.db
[ -e new.db ] && fail "leaves no file" "$(ls)" || pass "leaves no file"
expect 2 "--input is required" -- restore --db fresh.db

# Onto the database a running server has open: it serves the restored content at once (its caches
# are tagged with the change counter, which the restore sets above any the database had).
curl -s -H "Authorization: Bearer $token" "$api" > page-before.json
eq "$(grep -o '負荷の質問 [0-9]*' page-before.json | sort -u | wc -l)" "$written" "the server shows all the load's questions"
count_before=$(sqlite3 live.db "SELECT n FROM change_counter")
expect 0 "--force restores onto the database the server has open" -- restore --db live.db --input mid.db --force
[ "$(sqlite3 live.db "SELECT n FROM change_counter")" -gt "$count_before" ] &&
	pass "the change counter went up, not back" || fail "the change counter went up, not back"
curl -s -H "Authorization: Bearer $token" "$api" > page-after.json
eq "$(grep -o '負荷の質問 [0-9]*' page-after.json | sort -u | wc -l)" "$k" "the server then shows the backup's $k"
code=$(post_question "復元の後の質問")
case $code in 20[01] | 303) pass "and goes on writing to it ($code)" ;; *) fail "and goes on writing to it" "$code" ;; esac
expect 0 "the restored live database verifies" -- verify --db live.db
"$CNAP" cycle export --db live.db --cycle 2023 | jq 'del(.questions[] | select(.text == "復元の後の質問"))' > live-restored.json
eq "$(jq -S . live-restored.json | sha256sum)" "$(jq -S . fresh.json | sha256sum)" "with the backup's content"

# A page the server keeps must not be taken for the restored database's. Without the restore's raise the
# counter would come back to the very number the kept page has: that page was kept at the backup's number
# +1 (the backup's own record) +3 (three writes); the restored database counts the backup's number +1 (the
# restore's record) +3 (three writes after it). A database and server of its own: the counts are exact.
"$CNAP" init --db kept.db --sample >/dev/null
token=$("$CNAP" user token --db kept.db --login jimukyoku | tail -n 1)
serve_start kept.db srv2 --quiet
[ -n "$port" ] && pass "a second server started" || fail "a second server started" "$(cat srv2.err)"
api="http://127.0.0.1:$port/api/c/2023/w/denshi/a/bearing"
file_q() { post_question "$1" >> more.txt; }
expect 0 "a backup of it" -- backup --db kept.db --output b2.db
file_q "戻される質問 1"; file_q "戻される質問 2"; file_q "戻される質問 3"
curl -s -H "Authorization: Bearer $token" "$api" > kept.json
has kept.json "戻される質問 3" "the server shows the questions written after it"
expect 0 "it restores onto the served database" -- restore --db kept.db --input b2.db --force
file_q "別の質問 1"; file_q "別の質問 2"; file_q "別の質問 3"
curl -s -H "Authorization: Bearer $token" "$api" > page-new.json
has page-new.json "別の質問 3" "the server shows what was written after the restore"
lacks page-new.json "戻される質問" "and nothing of a page kept from before it"
eq "$(grep -vc '^20[01]$\|^303$' more.txt)" 0 "every one of those writes succeeded"
finish
