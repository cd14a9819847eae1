#!/bin/sh
# Editions and corrections (issue 11, items 5 and 6): what is published, 第1版 stored byte for byte,
# 訂正のため再開 with a reason, 第2版 with its 正誤表, the audit trail, and who may do it.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db e.db --sample >/dev/null
for login in jimukyoku morioka bearing-staff; do echo 'a-long-password' | "$CNAP" user passwd --db e.db --login $login >/dev/null; done
ed="--db e.db --cycle 2023 --wg denshi"
file="question file --db e.db --cycle 2023 --wg denshi --association bearing --json"

# A question approved but never sent, one sent and waiting, one accepted: only the last is published.
unsent=$("$CNAP" $file --item II.4 --text "未送付の質問UNSENT" | jq .id)
waiting=$("$CNAP" $file --item II.4 --text "回答待ちの質問WAITING" | jq .id)
"$CNAP" question send --db e.db --id "$waiting" >/dev/null
fixed=$("$CNAP" $file --item II.5 --page 9 --text "訂正前の質問BEFORE" | jq .id)
"$CNAP" question send --db e.db --id "$fixed" >/dev/null
"$CNAP" answer --db e.db --as bearing-staff --id "$fixed" --text "訂正前の回答" >/dev/null
"$CNAP" question accept --db e.db --id "$fixed" >/dev/null

expect 0 "the list as it would be published" -- publish qa-list $ed --format csv --output pre.csv
lacks pre.csv "UNSENT" "an approved question never sent is left out"
lacks pre.csv "WAITING" "a question waiting for its answer is left out"
has pre.csv "訂正前の質問BEFORE" "an accepted question is in"
expect 0 "blockers included when asked" -- publish qa-list $ed --format csv --include "$unsent" --output inc.csv
has inc.csv "未送付の質問UNSENT" "the included question is printed"
has inc.csv "（回答待ち）" "with its placeholder"
lacks inc.csv "WAITING" "the others stay out"
expect 0 "every blocker with --include-all" -- publish qa-list $ed --format csv --include-all --output all.csv
has all.csv "WAITING" "未回答の質問も含める includes the waiting one"
expect 2 "--include takes ids" -- publish qa-list $ed --format csv --include x --output x.csv

# Only the secretariat publishes; readers of the WG list and download.
before=$(audit_count e.db)
expect 6 "a reviewer cannot publish" -- publish edition $ed --as morioka
expect 6 "an association cannot publish" -- publish edition $ed --as bearing-staff
eq "$(audit_count e.db)" "$before" "a refused publication writes nothing"
expect 0 "no editions yet" -- publish editions $ed --json
eq "$(jq length out)" 0 "an empty list"

expect 0 "the secretariat publishes 第1版" -- publish edition $ed --as jimukyoku
has out "第1版を公表しました" "it says which edition"
expect 5 "nothing changed: no 第2版" -- publish edition $ed --as jimukyoku
has err "変更がない" "and says why"
expect 0 "editions as JSON" -- publish editions $ed --json
eq "$(jq length out)" 1 "one edition"
eq "$(jq -r '.[0].files | map(.format) | join(",")' out)" "pdf,xlsx,html,csv,json" "its five files"
eq "$(jq -r '.[0].created_by' out)" jimukyoku "who published it"
cp out ed1.json
for f in pdf xlsx html csv json; do
	expect 0 "get 第1版 $f" -- publish edition-get $ed --edition 1 --format $f --output "e1.$f"
	eq "$(sha256sum < "e1.$f" | cut -d' ' -f1)" "$(jq -r --arg f $f '.[0].files[] | select(.format == $f) | .sha256' ed1.json)" \
		"第1版 $f is byte for byte what was stored"
done
lacks e1.csv "UNSENT" "the edition leaves the unsent question out"
eq "$("$CNAP" question show --db e.db --id "$fixed" --json | jq -r .status)" published "the accepted question is published"
expect 0 "a reviewer of the WG lists editions" -- publish editions $ed --as morioka
expect 0 "an association of the WG reads an edition" -- publish edition-get $ed --edition 1 --format json --output r.json --as bearing-staff
same r.json e1.json "the same bytes for a reader"
expect 3 "an unknown edition" -- publish edition-get $ed --edition 9 --format pdf --output x.pdf
expect 3 "第1版 has no 正誤表" -- publish edition-get $ed --edition 1 --format errata.csv --output x.csv

# A correction: a published question is edited only after 訂正のため再開, with a reason.
expect 5 "a published question cannot be edited as it is" -- question edit --db e.db --id "$fixed" --text "x"
has err "reopen" "the message says to reopen it"
expect 4 "reopening needs a reason" -- question reopen --db e.db --id "$fixed"
expect 6 "a reviewer cannot reopen" -- question reopen --db e.db --as morioka --id "$fixed" --comment "why"
expect 6 "an association cannot reopen" -- question reopen --db e.db --as bearing-staff --id "$fixed" --comment "why"
expect 0 "the secretariat reopens it" -- question reopen --db e.db --as jimukyoku --id "$fixed" --comment "誤記の訂正"
expect 0 "audit of the reopening" -- audit list --db e.db --entity question --id "$fixed" --json
eq "$(jq -r '[.[] | select(.action == "question.reopen")][0] | "\(.actor) \(.before.status)→\(.after.status) \(.after.reason)"' out)" \
	"jimukyoku published→answered 誤記の訂正" "who, from what to what, and why"
expect 0 "edit the question" -- question edit --db e.db --as jimukyoku --id "$fixed" --text "訂正後の質問AFTER"
expect 0 "correct the answer" -- answer --db e.db --as jimukyoku --id "$fixed" --text "訂正後の回答"
expect 0 "accept it again" -- question accept --db e.db --as jimukyoku --id "$fixed"
expect 0 "publish 第2版 with a note" -- publish edition $ed --as jimukyoku --note "質問と回答の誤記を訂正"
has out "第2版を公表しました" "第2版"
expect 0 "editions" -- publish editions $ed --json
eq "$(jq -r 'map(.number) | join(",")' out)" "2,1" "newest first"
eq "$(jq -r '.[0].note' out)" "質問と回答の誤記を訂正" "the change note"
eq "$(jq -r '.[0].files | map(.format) | join(",")' out)" "pdf,xlsx,html,csv,json,errata.html,errata.csv" "第2版 carries its 正誤表"
eq "$(jq -r '.[0].errata | map("\(.item) \(.no) \(.part) \(.before)→\(.after)") | join(" / ")' out)" \
	"Ⅱ．（５） $(jq -r '.[0].errata[0].no' out) 質問 訂正前の質問BEFORE→訂正後の質問AFTER / Ⅱ．（５） $(jq -r '.[0].errata[0].no' out) 回答 訂正前の回答→訂正後の回答" \
	"the 正誤表: where, what, before → after"
eq "$(jq -r '.[1].files | map(.sha256) | join(",")' out)" "$(jq -r '.[0].files | map(.sha256) | join(",")' ed1.json)" \
	"第1版 is unchanged by 第2版"
expect 0 "get the 正誤表 as CSV" -- publish edition-get $ed --edition 2 --format errata.csv --output errata.csv
has errata.csv "団体,項目番号,NO,箇所,訂正前,訂正後" "its header"
has errata.csv "日本ベアリング工業会,Ⅱ．（５）" "where"
has errata.csv "訂正前の質問BEFORE,訂正後の質問AFTER" "before and after"
expect 0 "get the 正誤表 as HTML" -- publish edition-get $ed --edition 2 --format errata.html --output errata.html
has errata.html "正誤表（第2版）" "its title"
has errata.html "質問と回答の誤記を訂正" "the change note"
expect 0 "get 第2版 as CSV" -- publish edition-get $ed --edition 2 --format csv --output e2.csv
has e2.csv "訂正後の質問AFTER" "第2版 prints the corrected question"
lacks e2.csv "訂正前の質問BEFORE" "and not the old text"
has e1.csv "訂正前の質問BEFORE" "第1版 keeps the old text"
expect 0 "audit of the editions" -- audit list --db e.db --entity edition --json
eq "$(jq -r 'map("\(.actor) \(.after.number)") | join(",")' out)" "jimukyoku 1,jimukyoku 2" "who published each edition"

# Editions cannot be changed behind the use cases' back.
if sqlite3 e.db "DELETE FROM edition_files" 2>/dev/null; then fail "an edition's files cannot be deleted"; else pass "an edition's files cannot be deleted"; fi
if sqlite3 e.db "UPDATE editions SET note = 'x'" 2>/dev/null; then fail "an edition cannot be changed"; else pass "an edition cannot be changed"; fi

finish
