#!/bin/sh
# cnap init, cycle/wg/association listing, and databases that are not ours.
. "$(dirname "$0")/lib.sh"

expect 0 "--version" -- --version
has out "test hooks: on" "a test build says it obeys the test hooks"

expect 0 "init --sample creates a database" -- init --db s.db --sample
has out "57 questions" "init reports what it loaded"
expect 5 "init refuses an existing database" -- init --db s.db
expect 0 "init without sample" -- init --db empty.db
expect 0 "cycle list on the sample" -- cycle list --db s.db --json
eq "$(jq -r '.[0].year' out)" 2023 "the sample cycle is 2023"
eq "$(jq -r '.[0].actual_fiscal_year' out)" 2022 "it reviews FY2022"
expect 0 "wg list --json" -- wg list --db s.db --cycle 2023 --json
eq "$(jq -r '.[0].name' out)" "電子・電機・産業機械等WG" "the sample WG"
eq "$(jq -r '.[0].associations | join(",")' out)" "denki-denshi,bearing,sangyo-kikai,kensetsu-kikai,kosaku-kikai" \
	"five associations in WG order"
expect 3 "unknown cycle is not found" -- wg list --db s.db --cycle 2030
has err "unknown cycle 2030" "the message names the cycle"
expect 3 "missing database file" -- wg list --db nowhere.db --cycle 2023
has err "does not exist" "the message says the file is missing"
expect 2 "unknown option is a usage error" -- wg list --db s.db --cycle 2023 --bogus
expect 2 "unknown command" -- frobnicate
expect 0 "--help on a subcommand" -- question file --help
has out "--item" "help lists the options"

printf 'this is not a database, just text\n%.0s' $(seq 1 200) > notdb.db
expect 7 "a file that is not a database is refused" -- cycle list --db notdb.db
has err "not a cnap database" "the message says so"
sqlite3 other.db "CREATE TABLE x(a); INSERT INTO x VALUES (1);"
expect 7 "another application's SQLite file is refused" -- cycle list --db other.db
sqlite3 other.db "SELECT count(*) FROM x" > cnt
eq "$(cat cnt)" 1 "and left untouched"
cp s.db newer.db
sqlite3 newer.db "PRAGMA user_version=99"
expect 7 "a database from a newer cnap is refused" -- cycle list --db newer.db
has err "newer than this cnap" "the message asks for an upgrade"

expect 4 "an empty --db path is refused" -- init --db ""
mkdir folder
expect 1 "a folder is not a database" -- init --db folder
has err "is a folder" "the message says it is a folder"
expect 3 "a missing folder" -- init --db nowhere/x.db
has err "does not exist" "the message names the folder"
: > zero.db
expect 7 "a read command does not turn an empty file into a database" -- wg list --db zero.db --cycle 2023
eq "$(wc -c < zero.db | tr -d ' ')" 0 "the empty file stays empty"
expect 0 "cycle add with templates" -- cycle add --db empty.db --year 2023 --templates "$SRCDIR/data/templates/2023.json"
expect 5 "a year that exists is refused" -- cycle add --db empty.db --year 2023 --templates "$SRCDIR/data/templates/2023.json"
expect 0 "nothing of the failed add was written" -- cycle list --db empty.db --json
eq "$(jq -r 'map(.year) | join(",")' out)" "2023" "only 2023 exists"
"$CNAP" init --db older.db >/dev/null
expect 0 "templates of another year are taken, their own years moved on" -- cycle add --db older.db --year 2025 --templates "$SRCDIR/data/templates/2023.json"
"$CNAP" association add --db older.db --code bearing --name "日本ベアリング工業会" --industry ベアリング業界 >/dev/null
"$CNAP" wg add --db older.db --cycle 2025 --code denshi --name "電子・電機・産業機械等WG" >/dev/null
"$CNAP" association join --db older.db --cycle 2025 --wg denshi --association bearing --template standard >/dev/null 2>err ||
	fail "an association joins with the shipped outline" "$(cat err)"
"$CNAP" outline show --db older.db --cycle 2025 --wg denshi --association bearing >o25
has o25 "（２） 2024年度における実績概要" "the outline names 2025's actuals"
expect 0 "a cycle without templates" -- cycle add --db older.db --year 2026
"$CNAP" wg add --db older.db --cycle 2026 --code denshi --name "電子・電機・産業機械等WG" >/dev/null
expect 3 "joining it says where the outline comes from" -- association join --db older.db --cycle 2026 --wg denshi --association bearing --template standard
has err "cnap cycle new --from" "naming both ways"
finish
