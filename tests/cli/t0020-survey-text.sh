#!/bin/sh
# Issue 12 item 1: the association's text under each outline item — set from a file or --text as a new version or
# as the working copy, shown back in the same form, submitted with the data, carried by every later version and by
# the cycle file; bad input refused with the place named and nothing written.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db t.db --sample >/dev/null
base="--db t.db --cycle 2023 --wg denshi --association bearing"
latest() { "$CNAP" survey text show $base --json | jq .latest_version; }
v0=$(latest)

cat >items.txt <<'TXT'
=== II.5 どの題でもよい（無視される）
【省エネ設備の導入】
会員企業は高効率の熱処理炉を導入した。
削減効果は年 1,200 t-CO2 である※1。

・高効率照明
  ・LED化
1. 空調の更新
|対策|投資額（百万円）|
|熱処理炉|120|
※1 会員企業の報告の合計。
詳しくは https://www.example-assoc.jp/report を参照。
=== Ⅱ．（６）
目標達成の蓋然性は高い。
TXT
expect 0 "a file of two items becomes a new version" -- survey text set $base --file items.txt --note "本文の登録"
has out "2項目の本文を第" "it says how many items and which version"
eq "$(latest)" "$((v0 + 1))" "the version count went up by one"
expect 0 "show it back" -- survey text show $base
has out "=== II.5 Ⅱ．（５） 実施した対策、投資額と削減効果の考察" "each item starts with its key, number and title"
has out "=== II.6 Ⅱ．（６）" "the item named by its printed number was found"
has out "【省エネ設備の導入】" "the sub-heading"
has out "※1 会員企業の報告の合計。" "the note"
cp out shown.txt
expect 0 "what show prints is read back by set" -- survey text set $base --file shown.txt
expect 0 "and shows the same again" -- survey text show $base
same out shown.txt "show → set → show is stable"

expect 0 "as JSON" -- survey text show $base --item II.5 --json
eq "$(jq -r '.items[0].number' out)" "Ⅱ．（５）" "the number with its chapter"
eq "$(jq -r '.items[0].blocks[0].type' out)" "heading" "the first block is the heading"
eq "$(jq -r '[.items[0].blocks[] | select(.type == "table")][0].rows[1][1][0]' out)" "120" "the table's cell"
eq "$(jq -r '[.items[0].blocks[] | .content[]? | objects | .href][0]' out)" "https://www.example-assoc.jp/report" \
	"the address is a link"

# Every later version carries the texts, whichever way it comes.
"$CNAP" survey export-csv $base --table summary --output s.csv >/dev/null
expect 0 "a data import makes a version" -- survey import-csv $base --table summary --file s.csv
expect 0 "whose texts are those of the version before" -- survey text show $base --item II.6
has out "目標達成の蓋然性は高い。" "the text was carried over"

# The working copy: saved item by item, invisible to reviewers, submitted with the data.
expect 0 "a working copy of one item" -- survey text set $base --item II.6 --text "見直し中の本文。" --draft --as bearing-staff
v1=$(latest)
eq "$v1" "$((v0 + 3))" "no version for a working copy"
expect 0 "the enterer sees it" -- survey text show $base --item II.6 --draft --as bearing-staff
has out "見直し中の本文。" "the draft text"
reviewer=$("$CNAP" user list --db t.db --json | jq -r '[.[] | select(.role == "reviewer")][0].login')
expect 6 "a reviewer may not see the working copy" -- survey text show $base --draft --as "$reviewer"
expect 0 "the reviewer reads the version" -- survey text show $base --item II.6 --as "$reviewer"
has out "目標達成の蓋然性は高い。" "the submitted text"
lacks out "見直し中" "and not the working copy"
expect 6 "a reviewer may not write" -- survey text set $base --item II.6 --text "x" --as "$reviewer"
expect 3 "another association's survey does not exist for an association user" -- \
	survey text show --db t.db --cycle 2023 --wg denshi --association kensetsu-kikai --as bearing-staff
expect 0 "submit the working copy" -- survey submit $base --as bearing-staff
has out "第$((v1 + 1))版として提出" "as the next version"
expect 0 "the new version has the edited item" -- survey text show $base --item II.6
has out "見直し中の本文。" "the working copy became the version"
expect 3 "nothing is left to submit" -- survey submit $base --as bearing-staff

# Bad input: the place named, nothing written.
before=$(audit_count t.db)
printf '=== II.5\n[リンク](javascript:alert(1))\n' >bad1.txt
expect 4 "a javascript: link" -- survey text set $base --file bad1.txt
has err "javascript" "the message names the address"
printf '=== II.5\nok\n=== X.99\ntext\n' >bad2.txt
expect 3 "an unknown item" -- survey text set $base --file bad2.txt
has err "3行目" "named by its line"
has err "X.99" "and by what was written"
printf '=== II.5\na\n=== Ⅱ．（５）\nb\n' >bad3.txt
expect 4 "an item twice" -- survey text set $base --file bad3.txt
printf 'まえがき\n=== II.5\nb\n' >bad4.txt
expect 4 "text before the first item" -- survey text set $base --file bad4.txt
printf '=== II.5\n\377\376\n' >bad5.txt
expect 4 "invalid UTF-8" -- survey text set $base --file bad5.txt
has err "UTF-8" "says so"
printf '=== II.5\na\001b\n' >bad6.txt
expect 4 "a control character" -- survey text set $base --file bad6.txt
python3 -c "print('=== II.5'); print('あ' * 150000)" >bad7.txt
expect 4 "150,000 characters in one item" -- survey text set $base --file bad7.txt
python3 -c "print('=== II.5'); print('x' * (17 * 1024 * 1024))" >bad8.txt
expect 4 "a 17 MiB file" -- survey text set $base --file bad8.txt
eq "$(audit_count t.db)" "$before" "refused texts wrote nothing"
eq "$(latest)" "$((v1 + 1))" "and made no version"

# The cycle file carries the texts, typed or as blocks, and an export imports to the same.
expect 0 "export" -- cycle export --db t.db --cycle 2023 --output t.json
jq -r '[.participations[] | select(.association == "bearing") | .submissions[-1].texts[] | .item] | join(",")' t.json >keys
"$CNAP" outline show $base --json | jq -r '[.[] | .key] | join(",")' >outline
has keys "II.4,II.5,II.6,II.7" "the latest version lists its items in outline order"
eq "$(tr ',' '\n' <keys | grep -c .)" "$(tr ',' '\n' <outline | grep -vx -e I -e II -e III -e IV -e V -e VI -e VII -e VIII | grep -c .)" \
	"every item but the chapters has its text"
"$CNAP" init --db u.db >/dev/null
expect 0 "import the export" -- cycle import --db u.db --file t.json
expect 0 "export again" -- cycle export --db u.db --cycle 2023 --output u.json
same u.json t.json "the same file"

jq '(.participations[] | select(.association == "bearing") | .submissions[-1].texts) = [{"item": "II.5", "text": "・手で書いた\n・箇条書き"}]' t.json >typed.json
"$CNAP" init --db w.db >/dev/null
expect 0 "a hand-written cycle file with typed text" -- cycle import --db w.db --file typed.json
expect 0 "reads as a list" -- survey text show --db w.db --cycle 2023 --wg denshi --association bearing --item II.5 --json
eq "$(jq -r '.items[0].blocks[0].type' out)" "list" "typed text became a list"
jq '(.participations[] | select(.association == "bearing") | .submissions[-1].texts) = [{"item": "II.5", "blocks": [{"type": "paragraph", "content": [{"text": "x", "href": "javascript:1"}]}]}]' t.json >badlink.json
"$CNAP" init --db x.db >/dev/null
expect 4 "a cycle file with a javascript: link is refused" -- cycle import --db x.db --file badlink.json
has err "texts[0]" "the message names the JSON path"
# The sample's questions cite pages of the printed survey that cnap renders: each lies inside its item's pages.
"$CNAP" init --db p.db --sample >/dev/null 2>&1
"$CNAP" cycle export --db p.db --cycle 2023 --output p.json >/dev/null 2>&1
python3 - p.json >outside <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
maps = {p["association"]: p["submissions"][-1].get("pages", {}) for p in d["participations"]}
for q in d["questions"]:
    m = maps[q["association"]]
    if not q.get("page"):
        continue
    start = m.get(q["item"])
    later = sorted(v for v in m.values() if start is not None and v > start)
    end = later[0] if later else start
    if start is None or not start <= q["page"] <= max(start, end):
        print(q["association"], q["item"], q["page"], start, end)
PY
eq "$(wc -l <outside)" "0" "every sample question's page lies within its item's pages in the rendered survey ($(head -1 outside))"
finish
