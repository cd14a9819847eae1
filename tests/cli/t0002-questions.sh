#!/bin/sh
# Filing, editing, answering and withdrawing questions; roles; bad input writes nothing.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db q.db --sample >/dev/null
base="--db q.db --cycle 2023 --wg denshi"

expect 0 "the secretariat files a question" -- question file $base --association bearing --item II.4 --page 12 \
	--text "生産活動量の見通しの根拠をお示しください。" --json
eq "$(jq -r .status out)" approved "a secretariat question starts approved"
qid=$(jq -r .id out)
eq "$(jq -r .no out)" 7 "it is numbered after the association's existing questions"

before=$(audit_count q.db)
expect 3 "unknown item" -- question file $base --association bearing --item II.99 --text "x"
has err "II.99" "the message names the item"
expect 3 "unknown association" -- question file $base --association nobody --item II.4 --text "x"
expect 3 "unknown WG" -- question file --db q.db --cycle 2023 --wg nowg --association bearing --item II.4 --text "x"
expect 4 "empty text" -- question file $base --association bearing --item II.4 --text ""
has err "--text" "the message names the field"
printf 'bad \377 byte' > bad.txt
expect 4 "invalid UTF-8" -- question file $base --association bearing --item II.4 --text-file bad.txt
has err "UTF-8" "the message says UTF-8"
yes 'あ' | head -n 4500 | tr -d '\n' > long.txt
expect 4 "over-long text" -- question file $base --association bearing --item II.4 --text-file long.txt
has err "too long" "the message says too long"
expect 2 "page out of range" -- question file $base --association bearing --item II.4 --page 0 --text "x"
expect 2 "non-numeric page" -- question file $base --association bearing --item II.4 --page three --text "x"
eq "$(audit_count q.db)" "$before" "failed commands wrote nothing"

expect 0 "edit the text and page" -- question edit --db q.db --id "$qid" --text "改訂した質問" --page 13
expect 0 "show it" -- question show --db q.db --id "$qid" --json
eq "$(jq -r .text out)" "改訂した質問" "the edit is stored"
eq "$(jq -r .page out)" 13 "the page is stored"

expect 3 "the association cannot see an unsent question" -- question show --db q.db --as bearing-staff --id "$qid"
expect 0 "send it" -- question send --db q.db --id "$qid"
has out "団体へ送付済" "it is sent, said in Japanese"
expect 3 "another association cannot see it" -- question show --db q.db --as kosaku-kikai-staff --id "$qid"
expect 0 "its association can" -- question show --db q.db --as bearing-staff --id "$qid" --json
eq "$(jq 'has("author")' out)" false "the association does not see who asked"
expect 6 "an association cannot approve" -- question approve --db q.db --as bearing-staff --id "$qid"
expect 0 "the association saves a draft answer" -- answer --db q.db --as bearing-staff --id "$qid" --text "下書き" --draft
expect 0 "the association sees its own draft" -- question show --db q.db --as bearing-staff --id "$qid" --json
eq "$(jq -r .answer.text out)" "下書き" "with its text"
expect 0 "the secretariat shows the question" -- question show --db q.db --id "$qid" --json
eq "$(jq 'has("answer")' out)" false "but not the association's unsubmitted draft"
expect 0 "nor does a reviewer of the WG" -- question show --db q.db --as morioka --id "$qid"
lacks out "下書き" "the draft text is not printed"
expect 0 "and submits it" -- answer --db q.db --as bearing-staff --id "$qid" --text "2030年度の見通しは会員企業の計画を積み上げています。"
expect 0 "the secretariat reads the whole audit trail" -- audit list --db q.db --json
lacks out "下書き" "which never shows the words of the draft the submission replaced"
expect 0 "and the question's history" -- question show --db q.db --id "$qid" --history --json
lacks out "下書き" "nor does the question's history"
expect 4 "returning needs a comment" -- question return --db q.db --id "$qid"
expect 0 "the secretariat returns it with a comment" -- question return --db q.db --id "$qid" --comment "根拠の出典を追記してください。"
expect 0 "the association answers again" -- answer --db q.db --as bearing-staff --id "$qid" --text "出典：会員企業アンケート（2023年7月）。"
expect 0 "the secretariat accepts" -- question accept --db q.db --id "$qid"
expect 0 "show the history" -- question show --db q.db --id "$qid" --history --json
eq "$(jq -r '[.history[].action] | join(",")' out)" \
	"question.file,question.edit,question.send,answer.draft,answer.submit,question.answered,answer.return,question.return,answer.submit,question.answered,answer.accept,question.accept" \
	"every change left an audit record"
expect 0 "audit records carry before and after" -- audit list --db q.db --entity question --id "$qid" --json
eq "$(jq -r '.[1].before.text + " -> " + .[1].after.text' out)" "生産活動量の見通しの根拠をお示しください。 -> 改訂した質問" \
	"the edit's before/after"

a=$(jq -r '.[0].id' <<EOF2
$("$CNAP" question list --db q.db --cycle 2023 --association kensetsu-kikai --status accepted --json)
EOF2
)
b=$("$CNAP" question list --db q.db --cycle 2023 --association kensetsu-kikai --status accepted --json | jq -r '.[1].id')
expect 0 "a question may point to another's answer" -- question edit --db q.db --id "$a" --refers-to "$b"
expect 4 "but not in a circle" -- question edit --db q.db --id "$b" --refers-to "$a"
has err "refers to question" "the message explains the chain"
expect 0 "a reviewer files a draft" -- question file $base --as morioka --association kosaku-kikai --item II.2 --text "原単位悪化の要因は？" --json
rid=$(jq -r .id out)
eq "$(jq -r .status out)" draft "a reviewer's question starts as a draft"
expect 3 "another reviewer does not see the draft, so cannot edit it" -- question edit --db q.db --as ishida --id "$rid" --text "x"
expect 3 "nor show it (with its internal note)" -- question show --db q.db --as ishida --id "$rid"
expect 0 "the author submits it" -- question submit --db q.db --as morioka --id "$rid"
expect 0 "the secretariat approves" -- question approve --db q.db --id "$rid"
expect 6 "the author can no longer change it" -- question edit --db q.db --as morioka --id "$rid" --text "y"
expect 0 "withdraw it" -- question withdraw --db q.db --id "$rid"
expect 5 "a withdrawn question cannot be sent" -- question send --db q.db --id "$rid"
expect 0 "list withdrawn questions" -- question list --db q.db --cycle 2023 --status withdrawn --json
has out "原単位悪化の要因は？" "the withdrawn question is listed"
expect 0 "association users see only their own questions" -- question list --db q.db --as bearing-staff --cycle 2023 --json
eq "$(jq -r 'map(.association) | unique | join(",")' out)" bearing "only bearing"
eq "$(jq '[.[] | select(has("note") or has("author"))] | length' out)" 0 "and never an author or an internal note"
eq "$(jq '[.[] | select(.status == "draft" or .status == "submitted" or .status == "approved")] | length' out)" 0 "nor anything unsent"
expect 0 "a reviewer files a draft with an internal note" -- question file $base --as morioka --association bearing --item II.4 --text "内部確認中の質問" --note "秘密メモ" --json
did=$(jq -r .id out)
expect 0 "another reviewer lists the WG" -- question list --db q.db --as ishida --cycle 2023 --json
eq "$(jq --argjson id "$did" '[.[] | select(.id == $id)] | length' out)" 0 "without that draft"
expect 0 "the secretariat sees it" -- question show --db q.db --id "$did" --json
eq "$(jq -r .note out)" "秘密メモ" "with its internal note"
expect 0 "send with a deadline in one step" -- question submit --db q.db --as morioka --id "$did"
expect 0 "approve it" -- question approve --db q.db --id "$did"
expect 0 "send it with a deadline" -- question send --db q.db --id "$did" --due 2024-07-31
expect 0 "show it" -- question show --db q.db --id "$did" --json
eq "$(jq -r .due_on out)" 2024-07-31 "the deadline is set with the step"
before=$(audit_count q.db)
expect 4 "a deadline goes only with send" -- question accept --db q.db --id "$did" --due 2024-08-01
eq "$(audit_count q.db)" "$before" "the refused step wrote nothing"

# Issue 11: 'cnap question --help' is help, not a usage error
expect 0 "cnap question --help" -- question --help
for sub in file list show edit submit approve send accept return publish withdraw; do
	grep -q "^  $sub " out || fail "the help lists $sub" "$(cat out)"
done
pass "the help lists every subcommand"
expect 2 "cnap question without a subcommand is still a usage error" -- question

# --item as the UI shows it: 「Ⅱ．（５）」, 「Ⅱ.5」, 「II.5」, full-width digits
for it in 'Ⅱ．（５）' 'Ⅱ.5' 'II.5' 'Ⅱ．５' 'Ⅱ（５）'; do
	expect 0 "--item $it" -- question file $base --association bearing --item "$it" --text "対策の効果は？" --json
	eq "$(jq -r .item out)" II.5 "--item $it is II.5"
done
expect 0 "--item Ⅵ．（５） is another item" -- question file $base --association bearing --item 'Ⅵ．（５）' --text "x" --json
eq "$(jq -r .item out)" VI.5 "the chapter decides"
nid=$(jq -r .id out)
expect 0 "edit --item Ⅰ．（５）" -- question edit --db q.db --id "$nid" --item 'Ⅰ．（５）'
expect 0 "show it" -- question show --db q.db --id "$nid" --json
eq "$(jq -r .item out)" I.5 "moved to I.5"
expect 3 "an item number that does not exist" -- question file $base --association bearing --item 'Ⅱ．（９９）' --text "x"
has err "Ⅱ．（９９）" "the message names what was typed"
lacks err "0xe2" "and is not about bytes"

# Human outputs are Japanese: no ASCII status words in the text of list, show, steps and answers
status_words='draft|submitted|approved|sent|answered|accepted|published|withdrawn|merged|returned|reviewer|secretariat|association'
expect 0 "question list as text" -- question list --db q.db --cycle 2023
if grep -Eqw "$status_words" out; then fail "no English status word in question list" "$(grep -Ew "$status_words" out | head -3)"; else pass "no English status word in question list"; fi
has out "回答確定" "statuses in Japanese"
expect 0 "question show as text, with history" -- question show --db q.db --id "$qid" --history
if grep -Eqw "$status_words|question\.[a-z]+|answer\.[a-z]+" out; then fail "no English word in question show" "$(grep -Ew "$status_words|question\.[a-z]+|answer\.[a-z]+" out | head -3)"; else pass "no English word in question show"; fi
has out "（確定）" "the answer's state in Japanese"
has out "【履歴】" "the history is printed"
has out "回答を差戻し" "its steps in Japanese"
expect 0 "a reviewer asks for the history of a sent question" -- question show --db q.db --as bearing-staff --id "$qid" --history
has out "【履歴】" "an association user is told the history is not theirs, not left guessing"
expect 0 "user list as text" -- user list --db q.db
if grep -Eqw "$status_words" out; then fail "no English role in user list" "$(grep -Ew "$status_words" out | head -3)"; else pass "no English role in user list"; fi
has out "WG委員" "roles in Japanese"

# Issue 11: the answer's audit record carries the final text even when a draft (autosave) held the same words
expect 0 "a question to answer" -- question file $base --association bearing --item II.4 --text "根拠は？" --json
aid=$(jq -r .id out)
expect 0 "sent" -- question send --db q.db --id "$aid"
expect 0 "autosave: the draft holds the final words" -- answer --db q.db --as bearing-staff --id "$aid" --text "会員企業の計画の積上げです。" --draft
expect 0 "submit the same words" -- answer --db q.db --as bearing-staff --id "$aid" --text "会員企業の計画の積上げです。"
expect 0 "the audit trail" -- audit list --db q.db --entity question --id "$aid" --json
eq "$(jq -r '[.[] | select(.action == "answer.submit")][0].after.text' out)" "会員企業の計画の積上げです。" \
	"the submission's record carries the final text"
eq "$(jq -r '[.[] | select(.action == "answer.submit")][0].after.status' out)" submitted "as submitted"
expect 0 "the question's history" -- question show --db q.db --id "$aid" --history --json
eq "$(jq -r '[.history[].action] | join(",")' out)" "question.file,question.send,answer.draft,answer.submit,question.answered" \
	"the draft and the submission are both in the history"
finish
