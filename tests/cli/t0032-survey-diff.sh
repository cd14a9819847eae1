#!/bin/sh
# Issue 12 item 5: `cnap survey diff` — two versions of an association's survey compared item by item (texts at
# character level, the form's cells with the difference and the % change), or a version against last year's final
# one; --json; the defaults; another association's comparison does not exist for an association user; nothing
# written by a read.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db t.db --sample >/dev/null
base="--db t.db --cycle 2023 --wg denshi --association bearing"
latest() { "$CNAP" survey text show $base --json | jq .latest_version; }
v1=$(latest)

cat >a.txt <<'TXT'
=== II.1
2022年度のCO2排出量は前年度比で増加した。
生産量は1,234千トンであった。

省エネ設備の更新を進めている。
=== II.5
高効率ボイラーを導入した。効果は大きい。
=== II.8
この項目は次の版で消える。
TXT
cat >b.txt <<'TXT'
=== II.1
2022年度のCO2排出量は前年度比で減少した。
生産量は1,240千トンであった。

省エネ設備の導入を進めている。
=== II.5
高効率ボイラーを導入した。投資額は5億円である。効果は大きい。
=== II.6
新しく書いた項目。
TXT
"$CNAP" survey text set $base --file a.txt >/dev/null
va=$(latest)
"$CNAP" survey text set $base --file b.txt >/dev/null
# the texts set replace only the items given: II.8 is taken away by an empty text
"$CNAP" survey text set $base --item II.8 --text "" >/dev/null 2>&1 || true
vb=$(latest)
# one number of the summary table changed: 当年度実績 CO2 69.59 → 70
"$CNAP" survey export-csv $base --table summary --output s.csv >/dev/null
awk -F, 'BEGIN { OFS = "," } /^CO2排出量,/ { $6 = "70" } { print }' s.csv >s2.csv
"$CNAP" survey import-csv $base --table summary --file s2.csv >/dev/null
vc=$(latest)
eq "$vc" "$((v1 + 4))" "four versions were added"

before=$(sqlite3 t.db .dump | md5sum)
expect 0 "two versions' texts compared" -- survey diff $base --from "$va" --to "$vb"
has out "比較: 令和5年度 第$va版" "it names both versions"
has out "Ⅱ．（１） 実績の総括表（変更あり）" "a changed item: its number with the chapter, its title, the change"
has out "2022年度のCO2排出量は前年度比で[-増加-]{+減少+}した。" "a two-character change inside a sentence"
has out "生産量は[-1,234-]{+1,240+}千トンであった。" "a number in the text changes whole"
has out "高効率ボイラーを導入した。{+投資額は5億円である。+}効果は大きい。" "an inserted sentence, at its boundaries"
has out "Ⅱ．（６）" "an item written for the first time is listed"
has out "{+新しく書いた項目。+}" "with its text as an insertion"
has out "[-この項目は次の版で消える。-]" "a text taken away is a deletion"
lacks out "数値の変更:" "no number changed between the two"
has out "変更なし: " "the unchanged items are counted, not listed"
lacks out "本文の登録" "nothing but the comparison"
eq "$(sqlite3 t.db .dump | md5sum)" "$before" "a comparison writes nothing"

expect 0 "the numbers compared (the default: the latest against the one before)" -- survey diff $base
has out "第$vb版" "the one before the latest"
has out "第$vc版" "the latest"
has out "実績の総括表 › CO2排出量 › 当年度実績（2022年度）［万t-CO2］" "the cell named as the form names it"
has out "69.6" "the old value, as the form shows it"
has out "70.0" "the new value"
has out "+0.4" "the difference"
has out "+0.6%" "the % change, 四捨五入 to one decimal"
has out "CO2原単位" "the computed cell that follows it"
has out "（計算値）" "marked as computed"

expect 0 "as JSON" -- survey diff $base --from "$va" --to "$vc" --json
cp out d.json
eq "$(jq -r '.from.version' d.json)/$(jq -r '.to.version' d.json)" "$va/$vc" "both sides"
eq "$(jq -r '.items | length' d.json)" "$(jq -r '.items_total' d.json)" "every item of the outline is listed"
eq "$(jq -r '[.items[] | select(.item == "II.1")][0].number' d.json)" "Ⅱ．（１）" "the number with its chapter"
eq "$(jq -r '[.items[] | select(.item == "II.6")][0].change' d.json)" "changed" "an item with new text changed"
eq "$(jq -r '[.items[] | select(.item == "II.2")][0].change' d.json)" "same" "an item left alone is the same"
eq "$(jq -r '[.items[] | select(.item == "II.1")][0].text.ops | map(select(.op == "delete") | .text) | join("|")' d.json)" \
	"増加|1,234|更新" "the deletions, each a word or a whole number"
eq "$(jq -r '[.items[] | select(.item == "II.1")][0].text.ops | map(select(.op != "insert") | .text) | join("")' d.json)" \
	"$(jq -r '[.items[] | select(.item == "II.1")][0].text.old' d.json)" "equal and deleted pieces make the old text"
eq "$(jq -r '[.items[] | select(.item == "II.1")][0].text.ops | map(select(.op != "delete") | .text) | join("")' d.json)" \
	"$(jq -r '[.items[] | select(.item == "II.1")][0].text.new' d.json)" "equal and inserted pieces make the new text"
cell='[.items[] | select(.item == "II.1")][0].cells | map(select(.table == "summary" and .line == "co2"))[0]'
eq "$(jq -r "$cell | [.row, .column, .unit, .old, .new, .difference_text, .percent_text] | join(\"/\")" d.json)" \
	"CO2排出量/当年度実績（2022年度）/万t-CO2/69.59/70/+0.4/+0.6%" "a cell's place, values, difference and % change"
eq "$(jq -r "$cell | .percent * 1000 | round" d.json)" "589" "the unrounded % change is there too"
expect 0 "the same comparison twice" -- survey diff $base --from "$va" --to "$vc" --json
same out d.json "gives the same bytes"

# Last year's final version: a 2022 cycle in which bearing took part, in another WG.
jq '.cycle.year = 2022 | .cycle.actual_fiscal_year = 2021' "$SRCDIR/data/templates/2023.json" >tmpl.json
"$CNAP" cycle add --db t.db --year 2022 --templates tmpl.json >/dev/null
"$CNAP" wg add --db t.db --cycle 2022 --code kikai --name "機械WG" >/dev/null
"$CNAP" association join --db t.db --cycle 2022 --wg kikai --association bearing >/dev/null
"$CNAP" cycle export --db t.db --cycle 2023 --output c.json >/dev/null 2>&1
jq '.participations[] | select(.association == "bearing") | .submissions[0].data
	| .series |= map(if .year == 2021 then .co2 = 75 else . end)' c.json >ly.json
"$CNAP" submission add --db t.db --cycle 2022 --wg kikai --association bearing --data ly.json >/dev/null
"$CNAP" survey text set --db t.db --cycle 2022 --wg kikai --association bearing --item II.1 \
	--text "2021年度のCO2排出量は前年度比で増加した。" >/dev/null
expect 0 "against last year's final version" -- survey diff $base --last-year --json
eq "$(jq -r '.from.cycle' out)/$(jq -r '.from.wg' out)/$(jq -r '.from.version' out)" "2022/kikai/2" \
	"last year's cycle, WG and last version"
eq "$(jq -r '.last_year' out)" "true" "said so"
eq "$(jq -r '[.items[] | select(.item == "II.1")][0].text.ops | map(select(.op == "delete") | .text) | join("|")' out)" \
	"2021|増加" "the texts across the years"
lycell='[.items[] | select(.item == "II.1")][0].cells | map(select(.line == "co2" and (.column | startswith("当年度実績"))))[0]'
eq "$(jq -r "$lycell | [.column, .old, .new, .difference_text, .percent_text] | join(\"/\")" out)" \
	"当年度実績（2021年度→2022年度）/75/70/▲5.0/▲6.7%" \
	"the same cell of the form, last year's 当年度実績 against this year's, ▲ for a decrease"
expect 0 "as text" -- survey diff $base --last-year
has out "比較: 令和4年度 第2版" "last year named by its era"

# Bad requests and the defaults' limits.
expect 3 "no version before the first" -- survey diff $base --to 1
has err "第1版より前の版はありません" "said in Japanese"
expect 3 "a version that does not exist" -- survey diff $base --from 99
expect 2 "--from and --last-year together" -- survey diff $base --from 1 --last-year
expect 2 "a version that is not a number" -- survey diff $base --to x
expect 3 "no survey last year" -- survey diff --db t.db --cycle 2023 --wg denshi --association kosaku-kikai --last-year
has err "昨年度（令和4年度）のこの団体の調査票はありません" "which year it looked for"

# Scope: an association user compares its own surveys and no other's.
printf 'diff-pass-2023\n' | "$CNAP" user passwd --db t.db --login bearing-staff >/dev/null 2>&1
expect 0 "an association user compares its own" -- survey diff $base --from "$va" --to "$vb" --as bearing-staff
expect 3 "another association's comparison does not exist for it" -- \
	survey diff --db t.db --cycle 2023 --wg denshi --association kosaku-kikai --from 1 --to 1 --as bearing-staff
lacks out "工作機械" "and tells nothing of it"
expect 3 "nor last year's of another" -- \
	survey diff --db t.db --cycle 2023 --wg denshi --association kosaku-kikai --last-year --as bearing-staff

finish
