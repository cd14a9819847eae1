#!/bin/sh
# Issue 14 parts 4 and 5: `cnap verify` (pages, foreign keys, the search index, the audit chain) and a
# tamper-evident audit trail. Every record carries the hash of the one before it and of its
# own fields; `cnap audit verify` finds a record edited, one removed from the middle, and (against a head noted
# earlier with --head) records removed from the end. The secretariat's only; a read that writes nothing.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db t.db --sample >/dev/null
expect 0 "a fresh trail verifies" -- audit verify --db t.db
has out "監査記録は正常です" "and says so"
has out "--head " "and prints the head to note down"
head=$("$CNAP" audit verify --db t.db --json | jq -r '"\(.last_id):\(.head)"')
eq "$("$CNAP" audit verify --db t.db --json | jq -r .state)" "whole" "--json says whole"
"$CNAP" question file --db t.db --cycle 2023 --wg denshi --association bearing --item II.4 --text "追加の質問です" >/dev/null
expect 0 "records added later chain on from the noted head" -- audit verify --db t.db --head "$head"
before=$(audit_count t.db)
"$CNAP" audit verify --db t.db >/dev/null
eq "$(audit_count t.db)" "$before" "verifying writes no record"
echo "audit-pass-2023" | "$CNAP" user passwd --db t.db --login bearing-staff >/dev/null
expect 6 "an association may not verify the trail" -- audit verify --db t.db --as bearing-staff
expect 2 "a malformed --head" -- audit verify --db t.db --head nonsense
expect 0 "cnap verify: a fresh database is whole" -- verify --db t.db
has out "データベースは正常です" "and says so"
eq "$("$CNAP" verify --db t.db --json | jq -c '[.whole, .integrity, .foreign_key_violations, .search_index, .audit_chain]')" \
	'[true,true,0,true,true]' "--json has each check"
expect 6 "an association may not run it" -- verify --db t.db --as bearing-staff

if command -v sqlite3 >/dev/null; then
	cp t.db e.db
	sqlite3 e.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone-else' WHERE id = 20;"
	expect 7 "an edited record is found" -- audit verify --db e.db
	has out "#20 の内容が記録時と一致しません" "and named"
	eq "$("$CNAP" audit verify --db e.db --json | jq -c '[.state, .at_id, .records]')" '["edited",20,19]' \
		"--json names it, with the records that check out before it"
	cp t.db f.db
	sqlite3 f.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = actor || 'x' WHERE id = (SELECT max(id) FROM audit);"
	expect 7 "an edit of the last record is found" -- audit verify --db f.db
	cp t.db g.db
	sqlite3 g.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 30;"
	expect 7 "a record removed from the middle is found" -- audit verify --db g.db
	has out "#30 から #31 の前までがありません" "and the gap named"
	cp t.db h.db
	sqlite3 h.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > 100;"
	expect 0 "records removed from the end leave a whole chain" -- audit verify --db h.db
	expect 7 "but not against the head noted before" -- audit verify --db h.db --head "$head"
	has out "控えの #" "which says how far the trail should reach"
	cp t.db k.db
	last=${head%%:*}
	sqlite3 k.db "DROP TRIGGER audit_no_update; UPDATE audit SET action = action WHERE id = $last;
		UPDATE audit SET chain = 'ab' || substr(chain, 3) WHERE id = $last;"
	expect 7 "a head that changed is found" -- audit verify --db k.db --head "$head"
	expect 7 "cnap verify finds the edited record too" -- verify --db e.db
	has out "監査記録: #20 で鎖が切れています" "and says where"
	cp t.db m.db
	sqlite3 m.db "UPDATE search_docs SET body = 'ずれた本文' WHERE id = (SELECT min(id) FROM search_docs);"
	expect 7 "a search index out of step with its rows is found" -- verify --db m.db
	has out "検索索引: 索引が本文と一致しません" "and the way out named"
	"$CNAP" search --db m.db --reindex >/dev/null
	expect 0 "after --reindex the database is whole again" -- verify --db m.db
	cp t.db p.db
	sqlite3 p.db "INSERT INTO user_wgs (user_id, wg_id) VALUES (9999, 9999);"
	expect 7 "a broken foreign key is found" -- verify --db p.db
	has out "外部キー: 2件の不整合" "and counted"
	if sqlite3 t.db "UPDATE audit SET actor = 'x' WHERE id = 1" 2>/dev/null; then
		fail "the trail refuses an update"
	else
		pass "the trail refuses an update"
	fi
	if sqlite3 t.db "UPDATE audit SET chain = NULL WHERE id = 1" 2>/dev/null; then
		fail "a chain cannot be taken away"
	else
		pass "a chain cannot be taken away"
	fi
fi
finish
