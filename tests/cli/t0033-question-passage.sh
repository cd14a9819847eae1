#!/bin/sh
# Issue 12 parts 4 and 6 from the command line: a question quotes the passage it asks about
# (question file --quote, --version), the association reads the quote without who asked, a
# version that changes the item marks the question 調査票更新あり, the author or the secretariat
# keeps it (question confirm), and the cycle JSON carries all of it.
. "$(dirname "$0")/lib.sh"
db=q.db
"$CNAP" init --db $db --sample >/dev/null
where="--cycle 2023 --wg denshi --association bearing"

# Filing with a quote: a terminal's CRLF and tabs become the stored form
expect 0 "a reviewer files a question quoting the survey" -- question file --db $db --as morioka $where \
	--item II.5 --page 13 --version 1 --quote "$(printf '  省エネ設備の導入により\r\n\tCO2排出量を削減した。  ')" \
	--text "削減効果の試算の前提を示してください。" --submit --json
id=$(jq -r .id out)
eq "$(jq -r .quote out)" "$(printf '省エネ設備の導入により\n CO2排出量を削減した。')" "the quote is stored with plain line breaks and no blanks around it"
eq "$(jq -r .version out)" 1 "and the version read"
expect 0 "show" -- question show --db $db --as morioka --id "$id"
has out "【引用箇所】" "show prints the quote"
has out "読んだ版: 第1版" "and the version read"

# Hostile or wrong quotes: a clear message naming --quote, nothing written
before=$(audit_count $db)
expect 4 "a control character is refused" -- question file --db $db --as morioka $where --item II.5 \
	--quote "$(printf 'a\033[31mb')" --text t
has err "--quote" "the message names --quote"
expect 4 "invalid UTF-8 is refused" -- question file --db $db --as morioka $where --item II.5 \
	--quote "$(printf 'a\377b')" --text t
expect 4 "2,001 characters are refused" -- question file --db $db --as morioka $where --item II.5 \
	--quote "$(python3 -c 'print("あ" * 2001)')" --text t
expect 0 "2,000 characters are a quote" -- question file --db $db --as morioka $where --item II.5 \
	--quote "$(python3 -c 'print("あ" * 2000)')" --text t --json
long=$(jq -r .id out)
expect 3 "a version that does not exist is refused" -- question file --db $db --as morioka $where --item II.5 \
	--version 9 --quote x --text t
has err "第9版はありません" "saying which version"
eq "$(audit_count $db)" "$((before + 1))" "the refusals wrote nothing"

# The association reads the quote, never who asked
"$CNAP" question approve --db $db --id "$id" >/dev/null
"$CNAP" question send --db $db --id "$id" >/dev/null
expect 0 "the association opens the question" -- question show --db $db --as bearing-staff --id "$id" --json
eq "$(jq -r .quote out)" "$(printf '省エネ設備の導入により\n CO2排出量を削減した。')" "it sees the quote"
eq "$(jq -r '.author // "none"' out)" none "and not the author"

# Nothing to keep before the survey changes
before=$(audit_count $db)
expect 5 "question confirm before any change is a conflict" -- question confirm --db $db --as morioka --id "$id"
has err "確認を待つ調査票の更新がありません" "saying so"
expect 6 "the association may not keep a question" -- question confirm --db $db --as bearing-staff --id "$id"
expect 6 "nor another reviewer" -- question confirm --db $db --as hirose --id "$id"
eq "$(audit_count $db)" "$before" "the refusals wrote nothing"

# The association rewrites the item: a new version marks the open questions on it
text() { "$CNAP" survey text set --db $db --as bearing-staff $where --item II.5 --text "$1" >/dev/null; }
text "$(printf '① 省エネ対策\n高効率モーターへの更新により、電力使用量を前年度比3.2%%削減した。')"
expect 0 "a question quoting version 2" -- question file --db $db --as morioka $where --item II.5 --version 2 \
	--quote "高効率モーターへの更新により" --text "投資額は？" --submit --json
kept=$(jq -r .id out)
before=$(audit_count $db)
text "$(printf '① 省エネ対策\n高効率モーターへの更新により、電力使用量を前年度比2.9%%削減した。')"
expect 0 "show the question after version 3" -- question show --db $db --as morioka --id "$id"
has out "調査票更新あり（第3版）" "show says the survey changed"
has out "引用箇所は新しい版（第3版）にありません" "and that the quote is gone"
expect 0 "the JSON" -- question show --db $db --as morioka --id "$kept" --json
eq "$(jq -c .survey_changed out)" '{"version":3,"marked":true,"quote_present":true}' "a quote still there is found"
expect 0 "the association's view" -- question show --db $db --as bearing-staff --id "$id" --json
eq "$(jq -r '.survey_changed // "none"' out)" none "does not carry the mark"
"$CNAP" audit list --db $db --json >audit.json
eq "$(jq '[.[] | select(.action == "question.survey-changed")] | length' audit.json)" 5 \
	"one audit record per question and version: two at version 2, three at 3"
eq "$(jq -r '[.[] | select(.action == "question.survey-changed")][0].actor' audit.json)" bearing-staff "by who added the version"
"$CNAP" survey text set --db $db --as bearing-staff $where --item II.4 --text "別の項目の本文" >/dev/null
expect 0 "another item changes" -- question show --db $db --as morioka --id "$kept" --json
eq "$(jq -r .survey_changed.version out)" 3 "the question on II.5 keeps its mark of version 3"

# The cycle file carries quotes and marks, byte for byte
"$CNAP" cycle export --db $db --cycle 2023 --output a.json >/dev/null
"$CNAP" init --db m.db >/dev/null
expect 0 "a cycle file with marked questions imports" -- cycle import --db m.db --file a.json
"$CNAP" cycle export --db m.db --cycle 2023 --output m1.json >/dev/null
eq "$(jq -c '[.questions[] | select(.survey_changed) | .survey_changed.version] | sort' m1.json)" '[3,3,3]' "the marks came along"
"$CNAP" init --db m2.db >/dev/null
"$CNAP" cycle import --db m2.db --file m1.json >/dev/null
"$CNAP" cycle export --db m2.db --cycle 2023 --output m2.json >/dev/null
same m1.json m2.json "export → import → export is byte-identical with quotes and marks"

# Keeping it
expect 6 "another reviewer may not keep it" -- question confirm --db $db --as hirose --id "$id"
expect 6 "nor the association" -- question confirm --db $db --as bearing-staff --id "$id"
expect 0 "the author keeps it" -- question confirm --db $db --as morioka --id "$id"
has out "質問を維持します" "it says so"
expect 0 "show" -- question show --db $db --as morioka --id "$id" --json
eq "$(jq -r '.survey_changed.marked' out)" false "the mark is cleared"
eq "$(jq -r '.survey_changed.confirmed_version' out)" 3 "for version 3"
eq "$(jq -r '.survey_changed.confirmed_by' out)" morioka "by the author"
eq "$(jq -r '.survey_changed.confirmed_at' out)" 2023-10-01T09:00:00Z "at the time"
expect 5 "keeping it twice is a conflict" -- question confirm --db $db --id "$id"
expect 0 "the secretariat keeps the other" -- question confirm --db $db --id "$kept"
"$CNAP" audit list --db $db --json >audit.json
eq "$(jq '[.[] | select(.action == "question.confirm-anchor")] | length' audit.json)" 2 "one audit record each"
text "$(printf '① 省エネ対策\n全面的に書き直した。')"
expect 0 "changed again" -- question show --db $db --as morioka --id "$id" --json
eq "$(jq -c '[.survey_changed.version, .survey_changed.marked, .survey_changed.confirmed_version]' out)" '[5,true,3]' \
	"version 5 marks it again"

# Bad cycle files: a clear message with its JSON path, nothing imported
bad() { # CODE DESCRIPTION JQ-FILTER EXPECTED-TEXT
	jq --arg id "q$id" "$3" a.json >bad.json
	rm -f bad.db
	"$CNAP" init --db bad.db >/dev/null
	expect "$1" "$2" -- cycle import --db bad.db --file bad.json
	has err "$4" "  and names the place"
}
sel='(.questions[] | select(.ref == $id))'
bad 4 "a quote with a tab is refused" "$sel.quote = \"a\\tb\"" ".quote"
bad 3 "a mark for a version that does not exist" "$sel.survey_changed = {version: 7}" ".survey_changed.version"
bad 4 "kept at a later version than it changed" "$sel.survey_changed = {version: 2, confirmed_version: 3}" ".survey_changed.confirmed_version"
bad 4 "an unknown key in survey_changed" "$sel.survey_changed = {version: 2, by: \"x\"}" ".survey_changed"
finish
