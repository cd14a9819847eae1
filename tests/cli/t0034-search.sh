#!/bin/sh
# Issue 13: `cnap search` — Japanese full-text search across questions, answers and survey texts of every
# cycle, scoped to who asks: the secretariat finds 「根拠」 in all three, an association only in its own sent
# questions, its answers and its own survey; the index follows every write (a draft, its sending, an edit,
# an answer, a new version), survives `cnap cycle import` and `--reindex`; bad queries get a clear message.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db t.db --sample >/dev/null
for u in morioka hirose bearing-staff kosaku-kikai-staff; do echo "search-pass-2023" | "$CNAP" user passwd --db t.db --login $u >/dev/null; done
S="--db t.db"
# hits KIND [ARGS...]: how many hits of that kind (any: all kinds) the search gives, at most 100
hits() {
	kind=$1
	shift
	"$CNAP" search $S --limit 100 --json "$@" | jq --arg k "$kind" '[.hits[] | select($k == "any" or .kind == $k)] | length'
}
assocs() { "$CNAP" search $S --limit 100 --json "$@" | jq -r '[.hits[].association] | unique | join(",")'; }
nonzero() { if [ "$1" -gt 0 ]; then pass "$2"; else fail "$2" "no hits"; fi; }

# --- 根拠, as each role finds it -----------------------------------------------------------------------
nonzero "$(hits question --q 根拠)" "the secretariat finds 根拠 in questions"
nonzero "$(hits answer --q 根拠)" "the secretariat finds 根拠 in answers"
nonzero "$(hits text --q 根拠)" "the secretariat finds 根拠 in survey texts"
eq "$(assocs --q 根拠 --kind text)" "bearing,denki-denshi,kensetsu-kikai,kosaku-kikai,sangyo-kikai" \
	"survey texts of every association for the secretariat"
nonzero "$(hits question --q 根拠 --as bearing-staff)" "an association finds 根拠 in its questions"
nonzero "$(hits answer --q 根拠 --as bearing-staff)" "an association finds 根拠 in its answers"
nonzero "$(hits text --q 根拠 --as bearing-staff)" "an association finds 根拠 in its survey text"
eq "$(assocs --q 根拠 --as bearing-staff)" "bearing" "an association finds only its own"
eq "$(assocs --q 根拠 --as bearing-staff --association kosaku-kikai)" "" "another association's, asked for by name, is nothing"
expect 0 "the plain listing" -- search $S --q 根拠 --limit 3
has out "〖根拠〗" "the words are marked in the snippet"
has out "令和5年度" "hits say their cycle as 令和"
has out "Ⅱ．（５）" "items are numbered with their chapter"
run search $S --q 根拠 --limit 1 --json
eq "$(jq -r '.hits[0].snippet as $s | .hits[0].marks[0] as $m | $s | .[$m[0]:$m[1]]' out)" "根拠" \
	"JSON marks point at the word in the snippet (code points)"
eq "$(jq -r '.more' out)" "true" "one hit of many says there are more"
first=$("$CNAP" search $S --q 根拠 --limit 2 --json | jq -c '[.hits[1] | .kind, .item, .question_id]')
second=$("$CNAP" search $S --q 根拠 --limit 1 --offset 1 --json | jq -c '[.hits[0] | .kind, .item, .question_id]')
eq "$second" "$first" "--offset pages on in the same order"

# --- one- and two-character words, width and case --------------------------------------------------
nonzero "$(hits any --q 目)" "one character is enough (目)"
nonzero "$(hits any --q 目標)" "two characters (目標)"
eq "$(hits any --q ＣＯ２)" "$(hits any --q CO2)" "ＣＯ２ finds what CO2 finds"
eq "$(hits any --q co2)" "$(hits any --q CO2)" "case does not matter"
eq "$(hits any --q ｶﾞｽ)" "$(hits any --q ガス)" "half-width ｶﾞｽ finds what ガス finds"
nonzero "$(hits any --q ガス)" "ガス is in the sample"
both=$(hits any --q "根拠 算定")
only=$(hits any --q 根拠)
if [ "$both" -gt 0 ] && [ "$both" -le "$only" ]; then pass "every word must be found (AND)"; else fail "AND" "$both vs $only"; fi

# --- queries that are not searches ------------------------------------------------------------------
expect 4 "an empty query" -- search $S --q ""
has err "検索語を入力してください" "says what to do"
expect 4 "spaces only" -- search $S --q "　  "
expect 4 "symbols only" -- search $S --q '"*()-'
has err "記号だけでは検索できません" "says symbols are not words"
expect 4 "a 10,000-character query" -- search $S --q "$(printf '%10000s' | tr ' ' 'a')"
has err "200文字まで" "says the limit"
expect 4 "invalid UTF-8" -- search $S --q "$(printf '\377\376根拠')"
has err "UTF-8" "names the encoding"
# FTS syntax is text: each query finds what its words, typed plainly, find (and is never an error)
only_words=$(hits any --q 根拠)
nonzero "$only_words" "the plain word finds something to compare with"
for q in '"根拠' '根拠*' '-根拠' '(根拠)' "根拠'" '^根拠'; do
	expect 0 "FTS syntax is text, not an error: $q" -- search $S --q "$q"
	eq "$(hits any --q "$q")" "$only_words" "and finds what 根拠 finds: $q"
done
for q in 'NEAR(根拠 目標)|near 根拠 目標' '根拠 OR 目標|根拠 or 目標' 'col:根拠|col 根拠'; do
	eq "$(hits any --q "${q%%|*}")" "$(hits any --q "${q#*|}")" "operators are words: ${q%%|*}"
done
nonzero "$(hits any --q '(根拠)')" "punctuation around a word still finds it"
eq "$(hits any --q NEAR)" "0" "NEAR is a word like any other"
expect 2 "an unknown --kind" -- search $S --q 根拠 --kind memo
expect 3 "an unknown association" -- search $S --q 根拠 --association nobody
expect 3 "an unknown cycle" -- search $S --q 根拠 --cycle 2031
expect 3 "an unknown item" -- search $S --q 根拠 --item IX.9
nonzero "$(hits any --q 根拠 --item 'Ⅱ．（５）')" "an item as printed"
eq "$(hits any --q 根拠 --item 'Ⅱ．（５）')" "$(hits any --q 根拠 --item II.5)" "the same as its key"
eq "$(hits text --q 根拠 --status sent)" "0" "a status filter leaves texts out"

# --- the index follows every write, and who sees what ------------------------------------------------
base="--cycle 2023 --wg denshi --association bearing --item II.5 --page 9"
qid=$("$CNAP" question file $S --as morioka $base --text "検索試験アルファの根拠は何ですか。" --note "内部メモ検索試験ベータ" --json | jq .id)
eq "$(hits question --q 検索試験アルファ)" "1" "a draft is found by the secretariat at once"
eq "$(hits question --q 検索試験アルファ --as morioka)" "1" "and by the reviewer who wrote it"
eq "$(hits question --q 検索試験アルファ --as hirose)" "0" "not by another reviewer"
eq "$(hits question --q 検索試験アルファ --as bearing-staff)" "0" "not by the association before it is sent"
eq "$(hits any --q 内部メモ検索試験ベータ)" "0" "internal notes are never searched"
"$CNAP" question submit $S --as morioka --id "$qid" >/dev/null
"$CNAP" question approve $S --id "$qid" >/dev/null
"$CNAP" question send $S --id "$qid" >/dev/null
eq "$(hits question --q 検索試験アルファ --as bearing-staff)" "1" "the association finds it once sent"
eq "$(hits question --q 検索試験アルファ --as kosaku-kikai-staff)" "0" "another association never does"
run search $S --q 検索試験アルファ --as bearing-staff --json
lacks out "morioka" "an association's hits name no author"
lacks out "森岡" "nor the author's name"
"$CNAP" answer $S --as bearing-staff --id "$qid" --text "回答の下書きガンマです。" --draft >/dev/null
eq "$(hits answer --q 下書きガンマ --as bearing-staff)" "1" "the association finds its answer draft"
eq "$(hits answer --q 下書きガンマ)" "0" "the secretariat does not, until it is submitted"
eq "$(hits answer --q 下書きガンマ --as morioka)" "0" "nor a reviewer"
"$CNAP" answer $S --as bearing-staff --id "$qid" --text "提出した回答デルタです。" >/dev/null
eq "$(hits answer --q 提出した回答デルタ)" "1" "a submitted answer is found by the secretariat"
eq "$(hits answer --q 下書きガンマ --as bearing-staff)" "0" "the replaced draft's words are gone"
"$CNAP" question edit $S --id "$qid" --text "検索試験イプシロンに書き換えた質問" >/dev/null
eq "$(hits question --q 検索試験アルファ)" "0" "an edited question's old words are gone"
eq "$(hits question --q 検索試験イプシロン)" "1" "its new words are found"
v="--cycle 2023 --wg denshi --association bearing"
"$CNAP" survey text set $S $v --item II.5 --text "新しい版の本文ゼータです。" >/dev/null
eq "$(hits text --q 本文ゼータ)" "1" "a new version's text is found"
"$CNAP" survey text set $S $v --item II.5 --text "その次の版の本文エータです。" >/dev/null
eq "$(hits text --q 本文ゼータ)" "0" "only the latest version is searched"
eq "$(hits text --q 本文エータ --as bearing-staff)" "1" "the association finds its latest text"
eq "$(hits text --q 本文エータ --as kosaku-kikai-staff)" "0" "another association does not"
run search $S --q 本文エータ --json
eq "$(jq '.hits[0].version' out)" "$("$CNAP" survey text show $S $v --json | jq .latest_version)" "a text hit names its version"

# --- searching writes nothing; the index is rebuilt and survives an import ----------------------------
before=$(audit_count t.db)
"$CNAP" search $S --q 根拠 >/dev/null
eq "$(audit_count t.db)" "$before" "a search leaves no audit record"
norm() { jq -c '[.hits[] | [.kind, .cycle, .wg, .association, .item, .snippet, .marks]]'; }
"$CNAP" search $S --q 根拠 --limit 100 --json | norm >before.json
expect 6 "an association may not rebuild the index" -- search $S --as bearing-staff --reindex
expect 0 "the operator rebuilds the index" -- search $S --reindex
has out "検索索引を作り直しました" "and is told how many rows"
"$CNAP" search $S --q 根拠 --limit 100 --json | norm >after.json
same before.json after.json "the rebuilt index finds the same, in the same order"
eq "$("$CNAP" audit list --db t.db --json | jq '[.[] | select(.action == "search.reindex")] | length')" "1" \
	"the rebuild is audited"
"$CNAP" cycle export $S --cycle 2023 --output cycle.json
"$CNAP" init --db n.db >/dev/null
expect 0 "the cycle imports into an empty database" -- cycle import --db n.db --file cycle.json
"$CNAP" search --db n.db --q 根拠 --limit 100 --json | norm >imported.json
same before.json imported.json "the imported cycle is searched as the original"
finish
