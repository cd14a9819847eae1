#!/bin/sh
# Issue 14 part 1: the next cycle from this one. `cnap cycle new --year 2024 --from 2023` carries the WGs,
# participations, outlines (their own years moved on), reviewers' memberships; each association's final data
# and texts become its starting draft (last year's actuals in 前年度実績); questions marked 継続 become
# follow-ups under 昨年度フォローアップ, linked to the originals. A dry run shows the same and writes nothing;
# bad input is refused with nothing half-done.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db t.db --sample >/dev/null
echo "years-pass-2023" | "$CNAP" user passwd --db t.db --login bearing-staff >/dev/null
echo "years-pass-2023" | "$CNAP" user passwd --db t.db --login morioka >/dev/null
qid() { "$CNAP" question list --db t.db --cycle 2023 --association "$1" --json | jq -r --arg s "$2" '[.[] | select(.status == $s)][0].id'; }
acc=$(qid bearing accepted)
wd=$(qid denki-denshi withdrawn)

# 継続: the secretariat's mark, on a question that was asked
expect 0 "the secretariat marks a question 継続" -- question carry --db t.db --id "$acc"
has out "次年度に継続します" "and is told what it does"
eq "$("$CNAP" question show --db t.db --id "$acc" --json | jq -r .carry_forward)" true "the mark is kept"
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.action == "question.carry")] | length')" 1 "and audited"
expect 0 "marking it again changes nothing" -- question carry --db t.db --id "$acc"
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.action == "question.carry")] | length')" 1 "and leaves no second record"
expect 5 "a withdrawn question cannot go on" -- question carry --db t.db --id "$wd"
has err "取下げのため、次年度に継続できません" "and says why"
expect 6 "a reviewer may not mark it" -- question carry --db t.db --id "$acc" --as morioka
expect 6 "nor an association" -- question carry --db t.db --id "$acc" --as bearing-staff
eq "$("$CNAP" question show --db t.db --id "$acc" --as bearing-staff --json | jq -r '.carry_forward // "none"')" none \
	"and does not see the mark"
expect 0 "off again" -- question carry --db t.db --id "$acc" --off
expect 0 "and on" -- question carry --db t.db --id "$acc"

# The WG's 指摘: recorded by the secretariat, read by the association and the WG's reviewers
expect 0 "the secretariat records a 指摘" -- remark add --db t.db --cycle 2023 --wg denshi --association bearing --text "再エネ電力の調達量を示すこと"
has out "WGでの指摘" "and is told"
expect 4 "an empty 指摘 is refused" -- remark add --db t.db --cycle 2023 --wg denshi --association bearing --text "  "
expect 3 "for an association not in the WG" -- remark add --db t.db --cycle 2023 --wg denshi --association tekko --text "x"
expect 6 "a reviewer may not record one" -- remark add --db t.db --cycle 2023 --wg denshi --association bearing --text "x" --as morioka
expect 0 "the association reads it" -- remark list --db t.db --cycle 2023 --wg denshi --as bearing-staff --json
eq "$(jq -r '.[0] | "\(.position) \(.text)"' out)" "1 再エネ電力の調達量を示すこと" "its own 指摘"
expect 3 "but not another's" -- remark list --db t.db --cycle 2023 --wg denshi --association kosaku-kikai --as bearing-staff
expect 0 "a second one" -- remark add --db t.db --cycle 2023 --wg denshi --association bearing --text "取り消す指摘"
rid=$("$CNAP" remark list --db t.db --cycle 2023 --wg denshi --json | jq -r '.[1].id')
expect 0 "a 指摘 recorded by mistake is deleted" -- remark delete --db t.db --id "$rid"
eq "$("$CNAP" remark list --db t.db --cycle 2023 --wg denshi --json | jq length)" 1 "one is left"
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.entity == "remark")] | length')" 3 "each change audited"

# Bad input: nothing half-done
before=$(audit_count t.db)
expect 3 "a --from cycle that does not exist" -- cycle new --db t.db --year 2024 --from 2020
has err "元にする令和2年度（2020）のサイクルがありません" "is named"
expect 5 "a target year that exists" -- cycle new --db t.db --year 2023 --from 2023
has err "令和5年度（2023）のサイクルはすでにあります" "is named"
expect 4 "a year before its source" -- cycle new --db t.db --year 2022 --from 2023
expect 4 "a move without =" -- cycle new --db t.db --year 2024 --from 2023 --move II.3
expect 4 "a move that is no key" -- cycle new --db t.db --year 2024 --from 2023 --move 'II.3=Ⅱ 3'
expect 4 "a move from a key last year did not have" -- cycle new --db t.db --year 2024 --from 2023 --move II.99=II.3
has err "項目「II.99」は令和5年度の調査票にありません" "is named"
expect 4 "a move to a key the new outline does not have" -- cycle new --db t.db --year 2024 --from 2023 --move II.3=II.30
# A new outline that loses II.3 (questions of denki-denshi are about it) and II.8
jq '.templates[0].items |= map(select(.key != "II.3" and .key != "II.8"))' "$SRCDIR/data/templates/2023.json" >lose.json
expect 4 "an outline that loses items with questions" -- cycle new --db t.db --year 2024 --from 2023 --templates lose.json
has err "新しい調査票にない項目があります" "is refused"
has err "の II.8 に質問があります" "naming the item"
has err "--move 旧キー=新キー" "and how to map it"
expect 4 "dropping an item with questions on purpose is refused too" -- cycle new --db t.db --year 2024 --from 2023 \
	--templates lose.json --move II.3=II.2 --move II.8=
eq "$("$CNAP" cycle list --db t.db --json | jq length)" 1 "no cycle was made"
eq "$(audit_count t.db)" "$before" "and nothing was recorded"

# A dry run: the same plan, nothing written
expect 0 "a dry run" -- cycle new --db t.db --year 2024 --from 2023 --dry-run --json
cp out dry.json
eq "$(jq -r .created dry.json)" false "says it created nothing"
eq "$(jq -r '.participations | length' dry.json)" 5 "the five associations"
eq "$(jq -r '[.participations[] | select(.data and .texts > 0)] | length' dry.json)" 5 "each with data and texts"
eq "$(jq -r '[.followups[].from] | join(" ")' dry.json)" "question remark" "two follow-ups: the 継続 question and the 指摘"
eq "$("$CNAP" cycle list --db t.db --json | jq length)" 1 "and nothing is there after it"
eq "$(audit_count t.db)" "$before" "nor in the trail"
expect 0 "the text form of the dry run" -- cycle new --db t.db --year 2024 --from 2023 --dry-run
has out "試行：まだ何も書き込んでいません" "says it is a trial"

# The real thing
expect 0 "cnap cycle new --year 2024 --from 2023" -- cycle new --db t.db --year 2024 --from 2023 --json
cp out new.json
eq "$(jq -c 'del(.created) | del(.followups[].id)' new.json)" "$(jq -c 'del(.created) | del(.followups[].id)' dry.json)" \
	"creates what the dry run showed"
eq "$(jq -r .created new.json)" true "and says so"
eq "$("$CNAP" cycle list --db t.db --json | jq -r '.[1] | "\(.year) \(.actual_fiscal_year) \(.name)"')" \
	"2024 2023 令和6年度フォローアップ（2023年度実績）" "the new cycle, its name's years moved on"
eq "$("$CNAP" wg list --db t.db --cycle 2024 --json | jq -r '.[].code')" denshi "its WG"
eq "$("$CNAP" association list --db t.db --cycle 2024 --json | jq -r '[.[].code] | join(" ")')" \
	"$("$CNAP" association list --db t.db --cycle 2023 --json | jq -r '[.[].code] | join(" ")')" "the same associations in the same order"
"$CNAP" outline show --db t.db --cycle 2024 --wg denshi --association bearing >o24
has o24 "（２） 2023年度における実績概要" "item titles name the new actuals' year"
has o24 "（５） 2024年度以降の取組予定" "and the new year"
has o24 "2030年度の目標達成の蓋然性" "a target's year stays"
expect 0 "the reviewer still sees the WG in 2024" -- wg list --db t.db --cycle 2024 --as morioka
has out denshi "their membership carried"
# last year's final data is the starting draft: 2022's actuals there for 前年度実績
"$CNAP" survey export-csv --db t.db --cycle 2024 --wg denshi --association bearing --table summary --output s24.csv >/dev/null 2>err ||
	fail "the 2024 summary table exports" "$(cat err)"
"$CNAP" survey export-csv --db t.db --cycle 2023 --wg denshi --association bearing --table summary --output s23.csv >/dev/null
has s24.csv "前年度実績（2022年度）" "the 2024 table's 前年度実績 is 2022"
eq "$(grep '^生産活動量' s24.csv | cut -d, -f4)" "$(grep '^生産活動量' s23.csv | cut -d, -f6)" \
	"and holds what 2023 reported as its 当年度実績"
# texts: the starting draft, the same as last year's final
"$CNAP" survey text show --db t.db --cycle 2023 --wg denshi --association bearing >t23.txt
"$CNAP" survey submit --db t.db --as bearing-staff --cycle 2024 --wg denshi --association bearing >/dev/null 2>err ||
	fail "the association submits its starting draft" "$(cat err)"
"$CNAP" survey text show --db t.db --cycle 2024 --wg denshi --association bearing >t24.txt
# (a chapter's heading holds no text of its own: those are the items with a dot in their key)
eq "$(grep -c '^=== [^ ]*[.]' t24.txt)" "$(grep -c '^=== [^ ]*[.]' t23.txt)" "every item's text carried"
eq "$(sed -n '/^=== II.5 /,/^=== /p' t24.txt | tail -n +2 | head -5)" "$(sed -n '/^=== II.5 /,/^=== /p' t23.txt | tail -n +2 | head -5)" \
	"word for word"
# the follow-up
fu=$(jq -r '.followups[0].id' new.json)
"$CNAP" question show --db t.db --id "$fu" --json >fu.json
eq "$(jq -r '[.item, .status, .follows.id, .follows.cycle] | join(" ")' fu.json)" "front.followup draft $acc 2023" \
	"the 継続 question is a draft follow-up under 昨年度フォローアップ, linked to the original"
eq "$(jq -r .text fu.json)" "$("$CNAP" question show --db t.db --id "$acc" --json | jq -r .text)" "asking the same"
"$CNAP" question show --db t.db --id "$fu" >fu.txt
has fu.txt "令和5年度の質問 No." "the text form says where it comes from"
fr=$(jq -r '.followups[1].id' new.json)
"$CNAP" question show --db t.db --id "$fr" --json >fr.json
eq "$(jq -r '[.item, .status, .text, .follows_remark.cycle, .follows_remark.position] | join(" ")' fr.json)" \
	"front.followup draft 再エネ電力の調達量を示すこと 2023 1" "the 指摘 is a draft follow-up too, linked to it"
expect 5 "a 指摘 a follow-up continues is kept" -- remark delete --db t.db --id "$(jq -r .follows_remark.id fr.json)"
eq "$("$CNAP" question list --db t.db --cycle 2024 --json | jq length)" 2 "no other question in the new cycle"
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.action == "cycle.new")] | length')" 1 "the creation is audited"
expect 0 "the audit chain holds" -- audit verify --db t.db
expect 5 "and the year cannot be made twice" -- cycle new --db t.db --year 2024 --from 2023
expect 6 "an association may not make a cycle" -- cycle new --db t.db --year 2025 --from 2024 --as bearing-staff

# A closed cycle is read only: every write refused with the reason, reads and 継続 still work; reopened, it changes again
expect 6 "an association may not close a cycle" -- cycle close --db t.db --year 2023 --as bearing-staff
expect 0 "the secretariat closes 令和5年度" -- cycle close --db t.db --year 2023
has out "令和5年度を締め切りました（閲覧のみ）" "and is told"
eq "$("$CNAP" cycle list --db t.db --json | jq -r '.[0].closed')" true "the list says closed"
before=$(audit_count t.db)
sent=$("$CNAP" question list --db t.db --cycle 2023 --association bearing --json | jq -r '[.[] | select(.status == "accepted")][1].id')
expect 5 "no question is filed in it" -- question file --db t.db --cycle 2023 --wg denshi --association bearing --item II.4 --text "締切後の質問"
has err "この年度は締め切られています（閲覧のみ）" "saying why"
expect 5 "no question is edited" -- question edit --db t.db --id "$sent" --text changed
has err "締め切られています" "saying why"
expect 5 "no step is taken" -- question publish --db t.db --id "$sent"
expect 5 "no survey text is set" -- survey text set --db t.db --cycle 2023 --wg denshi --association bearing --item II.5 --text "締切後"
has err "締め切られています" "saying why"
expect 5 "no data is imported" -- survey import-csv --db t.db --cycle 2023 --wg denshi --association bearing --table summary --file s23.csv
eq "$(audit_count t.db)" "$before" "nothing was written"
expect 0 "it is still read" -- question show --db t.db --id "$sent"
has out "質問 $sent " "the question itself"
expect 0 "and published" -- publish qa-list --db t.db --cycle 2023 --wg denshi --format csv --output closed.csv
has closed.csv "日本ベアリング工業会" "the list holds its associations"
expect 0 "and 継続 can still be marked, for the next cycle" -- question carry --db t.db --id "$sent"
expect 0 "2024 is not closed by it" -- question file --db t.db --cycle 2024 --wg denshi --association bearing --item II.4 --text "新しい年度の質問"
expect 0 "reopened" -- cycle close --db t.db --year 2023 --reopen
has out "令和5年度を再開しました" "and is told"
expect 0 "and changed again" -- question edit --db t.db --id "$sent" --text changed
eq "$("$CNAP" audit list --db t.db --json | jq -r '[.[] | select(.action == "cycle.close" or .action == "cycle.reopen")] | length')" 2 \
	"closing and reopening are audited"

# The cycle file carries it all: both cycles exported, imported into an empty database, export the same bytes
"$CNAP" user edit --db t.db --login morioka --email morioka@example.jp >/dev/null
"$CNAP" user edit --db t.db --login hirose --deactivate >/dev/null
"$CNAP" cycle close --db t.db --year 2023 >/dev/null
"$CNAP" cycle export --db t.db --cycle 2023 --output x23.json >/dev/null
"$CNAP" cycle export --db t.db --cycle 2024 --output x24.json >/dev/null
eq "$(jq -r '.cycle.closed_at != null' x23.json)" true "the file says 2023 is closed"
eq "$(jq -r '.participations[] | select(.association == "bearing") | .remarks[0]' x23.json)" "再エネ電力の調達量を示すこと" \
	"it carries the WG's 指摘"
eq "$(jq -r --argjson id "$acc" '.questions[] | select(.ref == "q\($id)") | .carry_forward' x23.json)" true "and the 継続 marks"
eq "$(jq -c '[.users[] | select(.login == "morioka" or .login == "hirose") | [.login, .email, .active]]' x23.json)" \
	'[["hirose",null,false],["morioka","morioka@example.jp",null]]' "users' e-mail and a deactivated user"
eq "$(jq -r '.cycle.from_year' x24.json)" 2023 "2024's file says where it came from"
eq "$(jq -c '[.questions[] | (.follows // .follows_remark // {}) | .cycle] | map(select(. != null))' x24.json)" "[2023,2023]" \
	"and which of last year's its follow-ups continue"
"$CNAP" init --db x.db >/dev/null
expect 0 "2023 imports into an empty database" -- cycle import --db x.db --file x23.json
expect 0 "then 2024" -- cycle import --db x.db --file x24.json
"$CNAP" cycle export --db x.db --cycle 2023 --output y23.json >/dev/null
"$CNAP" cycle export --db x.db --cycle 2024 --output y24.json >/dev/null
same x23.json y23.json "2023 comes back the same, closed"
same x24.json y24.json "2024 too, its follow-ups linked again"
"$CNAP" user list --db x.db --json >ux.json
eq "$(jq -r '.[] | select(.login == "hirose") | .active' ux.json)" false "the deactivated user stays so"
expect 5 "the imported 2023 is read only" -- question file --db x.db --cycle 2023 --wg denshi --association bearing --item II.4 --text "x"
"$CNAP" cycle close --db t.db --year 2023 --reopen >/dev/null

# An outline that changes: II.3 renumbered II.9, a new item, II.8's text dropped on purpose when it has no question
"$CNAP" init --db m.db --sample >/dev/null
jq '.templates[0].items |= map(if .key == "II.3" then .key = "II.9" else . end) | .templates[0].items += [{"key":"II.10","parent":"II","code":"（１０）","title":"新しい項目"}]' \
	"$SRCDIR/data/templates/2023.json" >moved.json
expect 4 "a renumbered item with questions needs its move" -- cycle new --db m.db --year 2024 --from 2023 --templates moved.json
expect 0 "with --move II.3=II.9" -- cycle new --db m.db --year 2024 --from 2023 --templates moved.json --move II.3=II.9 --json
eq "$(jq -c .moves out)" '[{"from":"II.3","to":"II.9"}]' "the move is reported"
"$CNAP" survey submit --db m.db --cycle 2024 --wg denshi --association bearing >/dev/null 2>err || fail "submit" "$(cat err)"
"$CNAP" survey text show --db m.db --cycle 2023 --wg denshi --association bearing | sed -n '/^=== II.3 /,/^=== /p' | sed '1d;$d' >ii3.txt
"$CNAP" survey text show --db m.db --cycle 2024 --wg denshi --association bearing | sed -n '/^=== II.9 /,/^=== /p' | sed '1d;$d' >ii9.txt
same ii3.txt ii9.txt "II.3's text is II.9's in the new cycle"
finish
