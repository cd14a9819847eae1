#!/bin/sh
# Issue 11 item 4: an answer refers to one or more other answers of the same list, with or without words of its
# own before or after the reference, and every format prints the full item number (「Ⅵ．（１）」).
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db r.db --sample >/dev/null
base="--db r.db --cycle 2023 --wg denshi --association bearing"

file_sent() { # item page text → id of a question sent to bearing
	"$CNAP" question file $base --item "$1" --page "$2" --text "$3" --json | jq -r .id
}
vi1=$(file_sent VI.1 49 "革新的技術の削減見込量の算定根拠をお示しください。")
ii3=$(file_sent II.4 8 "要因分析の前提をお示しください。")
ref=$(file_sent VI.2 50 "ロードマップの見通しをお示しください。")
own=$(file_sent VI.3 51 "2022年度の取組実績を詳しくお示しください。")
for q in $vi1 $ii3 $ref $own; do "$CNAP" question send --db r.db --id "$q" >/dev/null; done
"$CNAP" answer --db r.db --as bearing-staff --id "$vi1" --text "会員企業の計画を積み上げています。" >/dev/null
"$CNAP" answer --db r.db --as bearing-staff --id "$ii3" --text "生産量の見通しは業界団体の推計です。" >/dev/null
unsent=$("$CNAP" question file $base --item VI.4 --text "まだ送付していない質問" --json | jq -r .id)
other=$("$CNAP" question list --db r.db --cycle 2023 --association kensetsu-kikai --json | jq -r '.[0].id')

before=$(audit_count r.db)
expect 4 "the association cannot refer to a question it was not sent" -- \
	answer --db r.db --as bearing-staff --id "$ref" --refers-to "$unsent"
has err "cannot see" "the message says the association cannot see it"
has err "--refers-to" "and names the option"
expect 4 "nor to another association's question" -- answer --db r.db --as bearing-staff --id "$ref" --refers-to "$other"
has err "another association" "the message says whose it is"
expect 4 "nor to itself" -- answer --db r.db --as bearing-staff --id "$ref" --refers-to "$ref"
expect 2 "an ID is a number" -- answer --db r.db --as bearing-staff --id "$ref" --refers-to x
eq "$(audit_count r.db)" "$before" "refused answers wrote nothing"

expect 0 "an answer that is only a reference to two others" -- \
	answer --db r.db --as bearing-staff --id "$ref" --refers-to "$ii3" --refers-to "$vi1"
expect 0 "another with words of its own and the reference before them" -- \
	answer --db r.db --as bearing-staff --id "$own" --text "実績は別紙のとおりです。" --refers-to "$vi1" --refers-first
expect 0 "show it" -- question show --db r.db --id "$ref" --json
eq "$(jq -c .refers_to out)" "[$ii3,$vi1]" "both references are kept, in order"
eq "$(jq -r .answer.text out)" "" "with no text of its own"
expect 0 "the answer's history" -- question show --db r.db --id "$ref" --history --json
has out "answer.refer" "the reference is audited"

for q in $vi1 $ii3 $ref $own; do "$CNAP" question accept --db r.db --id "$q" >/dev/null; done
expect 0 "publish the CSV" -- publish qa-list --db r.db --cycle 2023 --wg denshi --format csv --output r.csv
has r.csv "Ⅱ．（４）（P.8）及びⅥ．（１）（P.49）への質問の回答を参照願います。" "the CSV names both with their chapter"
has r.csv "Ⅵ．（１）（P.49）への質問の回答を参照願います。" "the CSV prints the one reference"
lacks r.csv "の質問への回答を参照" "no sentence without its chapter"
expect 0 "publish the PDF" -- publish qa-list --db r.db --cycle 2023 --wg denshi --format pdf --output r.pdf
pdftotext -layout r.pdf r.txt
has r.txt "Ⅵ．（１）" "the PDF text holds 「Ⅵ．（１）」"
tr -d ' \n' <r.txt >r1.txt
has r1.txt "Ⅱ．（４）（P.8）及びⅥ．（１）（P.49）への質問の回答を参照願います。" "the PDF prints the two-reference sentence"
has r1.txt "Ⅵ．（１）（P.49）への質問の回答を参照願います。実績は別紙のとおりです。" "the reference before the answer's words"
expect 0 "publish the HTML" -- publish qa-list --db r.db --cycle 2023 --wg denshi --format html --output r.html
has r.html "Ⅱ．（４）（P.8）及びⅥ．（１）（P.49）への質問の回答を参照願います。" "the HTML too"

# Export and import carry the references and where they stand
expect 0 "export" -- cycle export --db r.db --cycle 2023 --output r.json
eq "$(jq -c --arg id "q$ref" '.questions[] | select(.ref == $id) | .refers_to' r.json)" "[\"q$ii3\",\"q$vi1\"]" \
	"the export lists the references"
eq "$(jq -r --arg id "q$own" '.questions[] | select(.ref == $id) | .refers_first' r.json)" true "and their place"
"$CNAP" init --db r2.db >/dev/null
expect 0 "import into an empty database" -- cycle import --db r2.db --file r.json
expect 0 "export again" -- cycle export --db r2.db --cycle 2023 --output r2.json
"$CNAP" publish qa-list --db r2.db --cycle 2023 --wg denshi --format csv --output r2.csv >/dev/null
same r.csv r2.csv "the round trip prints the same list"
# A file written before several references were possible: one ref as a string
jq --arg id "q$ref" --arg to "q$vi1" '(.questions[] | select(.ref == $id) | .refers_to) = $to | del(.questions[].refers_first)' r.json >old.json
"$CNAP" init --db r3.db >/dev/null
expect 0 "an older file with a single reference imports" -- cycle import --db r3.db --file old.json
"$CNAP" publish qa-list --db r3.db --cycle 2023 --wg denshi --format csv --output r3.csv >/dev/null
has r3.csv "Ⅵ．（１）（P.49）への質問の回答を参照願います。" "and prints it"

# A database from before the migration: the single pointer moves to the new table
if command -v sqlite3 >/dev/null; then
	cp r3.db r4.db
	# Schema 6 is the one before 0007; what later migrations added goes too, so that they run again.
	# The search index (0011) needs cnap's tokenizer even to be dropped: its entries go from the schema, and
	# VACUUM leaves its pages behind; the migration then builds it anew from the rows.
	sqlite3 r4.db "DROP TRIGGER search_question_filed; DROP TRIGGER search_question_edited; DROP TRIGGER search_question_moved;
		DROP TRIGGER search_answer_written; DROP TRIGGER search_answer_rewritten; DROP TRIGGER search_version_added;
		DROP TRIGGER search_text_added; DROP TRIGGER search_answer_state; DROP VIEW search_text_bodies;
		DROP VIEW search_doc_next; DROP VIEW search_doc_base; DROP TABLE search_docs;
		PRAGMA writable_schema = ON; DELETE FROM sqlite_schema WHERE name LIKE 'search_index%'; PRAGMA writable_schema = OFF;" 2>err &&
	# 0014's guards of closed cycles: every one goes (they would refuse nothing here, but the schema must be 6's)
	sqlite3 r4.db "$(sqlite3 r4.db "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'closed\_%' ESCAPE '\\'")" 2>>err ||
		fail "dropped the closed-cycle triggers" "$(cat err)"
	sqlite3 r4.db "UPDATE questions SET refers_to = (SELECT target_id FROM answer_refs WHERE question_id = questions.id AND position = 1);
		DELETE FROM answer_refs; DROP TABLE answer_refs; ALTER TABLE questions DROP COLUMN refs_first;
		DROP TABLE submission_texts; DROP TABLE text_drafts; DROP TABLE survey_document_pages; DROP TABLE survey_documents;
		DROP TABLE question_anchors; ALTER TABLE questions DROP COLUMN quote;
		DROP TRIGGER audit_no_update; ALTER TABLE audit DROP COLUMN chain;
		DROP INDEX questions_by_follows; ALTER TABLE questions DROP COLUMN follows_id; ALTER TABLE questions DROP COLUMN carry_forward; ALTER TABLE questions DROP COLUMN follows_remark_id;
		ALTER TABLE cycles DROP COLUMN from_year; ALTER TABLE cycles DROP COLUMN closed_at;
		DROP TABLE item_key_maps; DROP TABLE wg_remarks; ALTER TABLE users DROP COLUMN email; ALTER TABLE users DROP COLUMN active;
		DROP TABLE notifications; DROP TABLE outbox; DROP TABLE mail_templates; ALTER TABLE users DROP COLUMN mail_mode;
		ALTER TABLE cycles DROP COLUMN reminder_days; ALTER TABLE cycles DROP COLUMN overdue_every;
		CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
		PRAGMA user_version = 6;" 2>err && sqlite3 r4.db "VACUUM; PRAGMA integrity_check;" >integrity 2>>err ||
		fail "made an old database" "$(cat err)"
	cp r4.db r4-backup.db # a backup from that older cnap, for cnap restore below
	"$CNAP" publish qa-list --db r4.db --cycle 2023 --wg denshi --format csv --output r4.csv >/dev/null 2>err ||
		fail "the old database opens" "$(cat err)"
	same r3.csv r4.csv "the old single reference prints as before the migration"
	eq "$(cat integrity)" "ok" "the old database was whole before cnap opened it"
	"$CNAP" search --db r4.db --q 回答 --limit 100 --json >r4s.json 2>err || fail "the migrated database is searched" "$(cat err)"
	# (its texts went with submission_texts above: questions and answers are what both hold)
	qa='[.hits[] | select(.kind != "text") | .question_id] | sort'
	eq "$(jq -c "$qa" r4s.json)" "$("$CNAP" search --db r3.db --q 回答 --limit 100 --json | jq -c "$qa")" \
		"the migration indexes what the database held"
	"$CNAP" audit verify --db r4.db >verify.out 2>err || fail "the migrated trail is chained" "$(cat verify.out err)"
	has verify.out "監査記録は正常です" "the migration chains the trail it found"
	expect 0 "a backup from an older cnap restores" -- restore --db r5.db --input r4-backup.db
	has out "スキーマを 6 から" "migrated on the way in"
	eq "$(sqlite3 r4-backup.db 'PRAGMA user_version')" 6 "on a copy: the backup file itself stays as it was"
	expect 0 "the restored database is whole" -- verify --db r5.db
	"$CNAP" publish qa-list --db r5.db --cycle 2023 --wg denshi --format csv --output r5.csv >/dev/null
	same r4.csv r5.csv "and prints as the migrated original"
fi
finish
