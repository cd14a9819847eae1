#!/bin/sh
# Issue 14 item 3, the organisation half, from the CLI: a WG renamed (its code stays), an association's name
# and 業種 changed, an enrolment's 調査票 and place in the WG's bundle changed, an enrolment that holds nothing
# taken back; each audited. Refused in Japanese, naming the option, with nothing written: a code that exists,
# a bad code, an empty name, an unknown 調査票, enrolling twice, another 調査票 or taking back for an
# enrolment that holds questions, a place outside the bundle; and the secretariat's only.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db t.db --sample >/dev/null
dump() { sqlite3 t.db .dump >"$1"; }
audits() { "$CNAP" audit list --db t.db --json | jq -r --arg a "$1" '[.[] | select(.action == $a)] | length'; }
order() { "$CNAP" association list --db t.db --cycle 2023 --wg "$1" --json | jq -r '[.[].code] | join(",")'; }

# WGs
expect 0 "a WG is added" -- wg add --db t.db --cycle 2023 --code tekko --name 鉄鋼WG
dump before.sql
expect 5 "a WG code that exists is refused" -- wg add --db t.db --cycle 2023 --code tekko --name 別のWG
has err "--code: WGのコード「tekko」は令和5年度にすでにあります（鉄鋼WG）" "in Japanese, naming the option and the WG"
expect 4 "a code with a space is refused" -- wg add --db t.db --cycle 2023 --code "te kko" --name 鉄鋼WG
has err "WGのコードは半角の英字・数字" "saying what a code may hold"
expect 4 "an empty name is refused" -- wg add --db t.db --cycle 2023 --code kagaku --name "　"
has err "--name: WG名を入力してください" "saying the name is missing"
expect 3 "a cycle that does not exist is refused" -- wg add --db t.db --cycle 2030 --code kagaku --name 化学WG
has err "令和12年度（2030）のサイクルはありません" "naming it"
dump after.sql
same before.sql after.sql "the refusals wrote nothing"
expect 0 "a WG is renamed" -- wg edit --db t.db --cycle 2023 --code tekko --name 鉄鋼・非鉄WG
eq "$("$CNAP" wg list --db t.db --cycle 2023 --json | jq -r '.[] | select(.code == "tekko") | .name')" 鉄鋼・非鉄WG "under its code"
eq "$(audits wg.edit)" 1 "and audited"
expect 0 "renaming to the name it has" -- wg edit --db t.db --cycle 2023 --code tekko --name 鉄鋼・非鉄WG
eq "$(audits wg.edit)" 1 "writes no second record"
expect 3 "an unknown WG is not found" -- wg edit --db t.db --cycle 2023 --code nowg --name x
has err "WG「nowg」は令和5年度にありません" "and says so"
expect 4 "nor renamed to nothing" -- wg edit --db t.db --cycle 2023 --code tekko --name ""
expect 6 "a reviewer may not rename a WG" -- wg edit --db t.db --cycle 2023 --code tekko --name x --as morioka

# Associations
expect 0 "an association is added with its 業種" -- association add --db t.db --code jisf --name 日本鉄鋼連盟 --industry 鉄鋼業界
expect 5 "an association code that exists is refused" -- association add --db t.db --code jisf --name x
has err "業界団体のコード「jisf」はすでにあります（日本鉄鋼連盟）" "naming the one that has it"
expect 0 "its 業種 is changed, its name kept" -- association edit --db t.db --code jisf --industry 鉄鋼・非鉄業界
eq "$("$CNAP" association list --db t.db --json | jq -c '.[] | select(.code == "jisf")')" \
	'{"code":"jisf","name":"日本鉄鋼連盟","industry":"鉄鋼・非鉄業界"}' "as listed"
expect 0 "its 業種 is cleared" -- association edit --db t.db --code jisf --industry ""
eq "$("$CNAP" association list --db t.db --json | jq -r '.[] | select(.code == "jisf") | .industry // "none"')" none "to none"
eq "$(audits association.edit)" 2 "each change audited"
expect 4 "a name with a control character is refused" -- association edit --db t.db --code jisf --name "$(printf 'a\tb')"
has err "--name: 業界団体名に改行などの制御文字は使えません" "in Japanese"
expect 3 "an unknown association is not found" -- association edit --db t.db --code nobody --name x
expect 6 "an association user may not change even its own" -- association edit --db t.db --code bearing --name x --as bearing-staff

# Enrolments
expect 3 "an unknown 調査票 is refused" -- association join --db t.db --cycle 2023 --wg tekko --association jisf --template nope
has err "--template: 調査票「nope」は令和5年度にありません" "naming the option"
expect 0 "an association is enrolled" -- association join --db t.db --cycle 2023 --wg tekko --association jisf
expect 5 "enrolling it twice is refused" -- association join --db t.db --cycle 2023 --wg tekko --association jisf
has err "日本鉄鋼連盟はすでに鉄鋼・非鉄WGに参加しています" "and says where"
expect 0 "an enrolment that holds nothing takes another 調査票" -- association enrolment --db t.db --cycle 2023 --wg tekko --association jisf --template renumbered-iii-vi
has out "調査票 renumbered-iii-vi、順番 1" "and says what it is now"
dump before.sql
expect 5 "another 調査票 for an enrolment with questions is refused" -- association enrolment --db t.db --cycle 2023 --wg denshi --association bearing --template renumbered-iii-vi
has err "日本ベアリング工業会には提出された調査票1版、質問" "saying what it holds"
expect 4 "a place outside the bundle is refused" -- association enrolment --db t.db --cycle 2023 --wg denshi --association bearing --position 6
has err "--position: 順番は1から5までの数で指定してください" "saying which places there are"
expect 5 "taking back an enrolment with questions is refused" -- association leave --db t.db --cycle 2023 --wg denshi --association bearing
has err "参加を取り消せません（何も変更していません）" "and says nothing changed"
dump after.sql
same before.sql after.sql "and nothing was written"
eq "$(order denshi)" denki-denshi,bearing,sangyo-kikai,kensetsu-kikai,kosaku-kikai "the bundle as it was"
expect 0 "an association moves to first place" -- association enrolment --db t.db --cycle 2023 --wg denshi --association kosaku-kikai --position 1
eq "$(order denshi)" kosaku-kikai,denki-denshi,bearing,sangyo-kikai,kensetsu-kikai "the others follow in their order"
expect 0 "and to the end" -- association enrolment --db t.db --cycle 2023 --wg denshi --association kosaku-kikai --position 5
eq "$(order denshi)" denki-denshi,bearing,sangyo-kikai,kensetsu-kikai,kosaku-kikai "back as it was"
expect 0 "bearing to third" -- association enrolment --db t.db --cycle 2023 --wg denshi --association bearing --position 3
eq "$(order denshi)" denki-denshi,sangyo-kikai,bearing,kensetsu-kikai,kosaku-kikai "one step down"
expect 0 "the enrolment that holds nothing is taken back" -- association leave --db t.db --cycle 2023 --wg tekko --association jisf
eq "$(order tekko)" "" "the WG has no one left"
expect 3 "taking it back again finds none" -- association leave --db t.db --cycle 2023 --wg tekko --association jisf
has err "日本鉄鋼連盟は鉄鋼・非鉄WGに参加していません" "and says so"
expect 6 "a reviewer may not take an enrolment back" -- association leave --db t.db --cycle 2023 --wg denshi --association bearing --as morioka
eq "$(audits participation.edit)" 4 "each change of an enrolment audited"
eq "$(audits participation.remove)" 1 "and the one taken back"
expect 0 "the database is whole" -- verify --db t.db

finish
