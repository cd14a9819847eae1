#!/bin/sh
# Issue 15: whoever has the ball is told. A question's every move writes, in its own transaction, a notice
# for the people who now have to act, and queues the mail of those who take it at once; `cnap mail send`
# hands the outbox to a real mail server on loopback (tests/mail/smtp_sink.py). Checked here: who is told
# and who never is (another association, the reviewer's name, a deactivated user), the outbox across a
# mail server that is down and comes back, a refusal, the resend; reminders of a deadline by the cycle's
# plan, each step once per person and none after the answer; the daily digest; templates; audit.
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3 # Debian's, which has aiosmtpd
sink_py=$SRCDIR/tests/mail/smtp_sink.py
read_mail="$py $SRCDIR/tests/mail/read_mail.py"

sink() { # sink NAME ARGS...: a mail server writing into NAME/, port in $sink_port, pid in $sink_pid
	name=$1
	shift
	mkdir -p "$name"
	rm -f "$name.port"
	"$py" "$sink_py" --dir "$name" --port-file "$name.port" "$@" >"$name.log" 2>&1 &
	sink_pid=$!
	pids="$pids $sink_pid"
	for _ in $(seq 100); do [ -s "$name.port" ] && break; sleep 0.1; done
	sink_port=$(cat "$name.port" 2>/dev/null)
}
stop_sink() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
conf() { # conf FILE PORT [LINES...]
	file=$1 p=$2
	shift 2
	{
		echo "smtp_url = smtp://127.0.0.1:$p"
		echo "starttls = none"
		echo "from = noreply@example.jp"
		echo "from_name = CN行動計画 事務局"
		echo "base_url = https://cnap.example.jp"
		echo "timeout_seconds = 20"
		for l in "$@"; do echo "$l"; done
	} >"$file"
}
at() { export CNAP_FIXED_NOW="$1"; } # the clock of the test build (JST = UTC+9)
outbox() { "$CNAP" mail outbox --db m.db --limit 1000 --json; }
# count JQ-FILTER: how many outbox entries match
count() { outbox | jq "[.[] | select($1)] | length"; }
notices() { "$CNAP" notice list --db m.db --as "$1" --limit 1000 --json; }

"$CNAP" init --db m.db --sample >/dev/null
for u in bearing-staff:bearing jimukyoku: morioka: denki-denshi-staff:; do
	"$CNAP" user edit --db m.db --login "${u%%:*}" --email "${u%%:*}@example.jp" >/dev/null
done
for u in bearing-2 bearing-gone bearing-nomail; do
	mail="--email $u@example.jp"
	[ "$u" = bearing-nomail ] && mail=""
	# shellcheck disable=SC2086
	echo "pass-$u-2023" | "$CNAP" user add --db m.db --login "$u" --name "ベアリング $u" --role association \
		--association bearing $mail >/dev/null
done
"$CNAP" user edit --db m.db --login bearing-gone --deactivate >/dev/null
eq "$(count 'true')" 0 "a new database's outbox is empty"

# --- a question's moves and who is told --------------------------------------------------------------
at 2023-10-01T00:30:00Z
expect 0 "a reviewer files and submits a question" -- question file --db m.db --as morioka --cycle 2023 --wg denshi \
	--association bearing --item II.5 --text "省エネ投資の効果を示してください。" --submit --json
q1=$(jq .id out)
eq "$(count '.event == "question_submitted" and .to == "jimukyoku@example.jp" and .state == "queued"')" 1 \
	"the secretariat's message is queued with the question"
eq "$(count '.to == "morioka@example.jp"')" 0 "nobody is told of their own action"
eq "$(notices jimukyoku | jq '.unread')" 1 "and the secretariat has it in its notices"
before=$(count 'true')
expect 5 "a step the state does not allow" -- question accept --db m.db --id "$q1"
eq "$(count 'true')" "$before" "writes no notice"
expect 0 "the secretariat approves it" -- question approve --db m.db --as jimukyoku --id "$q1"
eq "$(count '.event == "question_submitted" and .state == "cancelled"')" 1 \
	"the message about a question waiting for approval is cancelled once it is approved"
expect 0 "and sends it with a deadline eleven days ahead" -- question send --db m.db --as jimukyoku --id "$q1" --due 2023-10-12
eq "$(count '.event == "question_sent" and .question == '"$q1"' and .state == "queued"')" 2 \
	"the association's two users with an address and mail on get one message each"
eq "$(count '.event == "question_sent" and (.to | test("denki|gone|morioka|jimukyoku"))')" 0 \
	"nobody else: no other association, no deactivated user, not the reviewer nor the sender"
eq "$(notices bearing-nomail | jq '[.notices[] | select(.mail == "none")] | length')" 1 \
	"a user without an address has the notice in the application only"
eq "$(sqlite3 m.db "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'bearing-gone'")" 0 \
	"a deactivated user is told nothing"

# --- delivery to a real server -----------------------------------------------------------------------
sink box
[ -n "$sink_port" ] && pass "a mail server on loopback (port $sink_port)" || fail "the mail server started" "$(cat box.log)"
conf mail.conf "$sink_port" "retry_first_seconds = 60" "retry_max_seconds = 600" "max_attempts = 3"
expect 0 "cnap mail send hands the outbox to the server" -- mail send --db m.db --config mail.conf --json
eq "$(jq .sent out)" 2 "two messages sent"
eq "$(count '.event == "question_sent" and .state == "sent"')" 2 "and the outbox says sent"
eml=""
for f in box/*.rcpt; do grep -qx "bearing-staff@example.jp" "$f" && eml=${f%.rcpt}.eml; done
[ -n "$eml" ] && pass "bearing-staff's message arrived" || fail "bearing-staff's message arrived" "$(ls box)"
$read_mail "$eml" >mail.txt
has mail.txt "Subject: 【CN行動計画】事前質問が届きました" "its subject in Japanese, decoded from RFC 2047"
has mail.txt "To: 宮田 里美 <bearing-staff@example.jp>" "to that user by name"
has mail.txt "日本ベアリング工業会あて" "the association's name in the body"
has mail.txt "2023年10月12日（木）" "the deadline as a Japanese date with its weekday"
has mail.txt "省エネ投資の効果を示してください。" "the question itself"
has mail.txt "https://cnap.example.jp/q/$q1" "and a link to it under the configured address"
lacks mail.txt "森岡" "the reviewer who asked is not named"
lacks "$eml" "bearing-2@" "one recipient a message: no other address in it"
grep -q '^Content-Type: text/plain; charset=UTF-8' "$eml" && pass "a UTF-8 text message" ||
	fail "a UTF-8 text message" "$(head -20 "$eml")"
grep -q '^Auto-Submitted: auto-generated' "$eml" && pass "marked as sent by a program" || fail "Auto-Submitted" "$(head -20 "$eml")"
expect 0 "another run with nothing due" -- mail send --db m.db --config mail.conf --json
eq "$(jq .sent out)" 0 "sends nothing twice"

# --- the mail server down, then back ------------------------------------------------------------------
stop_sink "$sink_pid"
at 2023-10-01T01:00:00Z
expect 0 "the association answers while the mail server is down" -- answer --db m.db --as bearing-staff --id "$q1" \
	--text "設備更新による削減量を第2版に記載しました。"
eq "$("$CNAP" question show --db m.db --id "$q1" --json | jq -r .status)" answered "the answer is in"
expect 0 "a send with the server down" -- mail send --db m.db --config mail.conf --json
eq "$(jq '.sent, .retried' out | tr '\n' ' ')" "0 1 " "the secretariat's message waits for another try"
id=$(outbox | jq '[.[] | select(.event == "answer_submitted")][0].id')
outbox | jq -r ".[] | select(.id == $id) | .last_error" >why
has why "メールサーバーに接続できません" "with why it could not go"
eq "$(outbox | jq -r ".[] | select(.id == $id) | .next_at")" 2023-10-01T01:01:00Z "the next try after retry_first_seconds"
expect 0 "a send before that" -- mail send --db m.db --config mail.conf --json
eq "$(jq .retried out)" 0 "does not try it early"
at 2023-10-01T01:01:30Z
"$CNAP" mail send --db m.db --config mail.conf >/dev/null
eq "$(outbox | jq -r ".[] | select(.id == $id) | .next_at")" 2023-10-01T01:03:30Z "the second wait is twice the first"
at 2023-10-01T01:04:00Z
"$CNAP" mail send --db m.db --config mail.conf >/dev/null
eq "$(outbox | jq -r ".[] | select(.id == $id) | .state")" failed "after max_attempts tries it is 送信失敗"
has why "接続できません" "the reason stays with it"
expect 0 "the secretariat resends it" -- mail resend --db m.db --as jimukyoku --id "$id"
expect 5 "a message that is not failed cannot be resent" -- mail resend --db m.db --id "$id"
sink box2 --port "$sink_port"
expect 0 "the mail server is back: the next send" -- mail send --db m.db --config mail.conf --json
eq "$(jq .sent out)" 1 "delivers it"
eq "$(ls box2/*.eml | wc -l | tr -d ' ')" 1 "exactly once"
$read_mail box2/0001.eml >mail2.txt
has mail2.txt "Subject: 【CN行動計画】" "the secretariat's message arrived"
has mail2.txt "設備更新による削減量を第2版に記載しました。" "with the answer"
"$CNAP" audit list --db m.db --json >audit.json
eq "$(jq '[.[] | select(.action == "mail.resend")] | length' audit.json)" 1 "the resend is audited"

# --- a refusal -----------------------------------------------------------------------------------------
stop_sink "$(cat box2.port >/dev/null; echo "$sink_pid")"
sink box3 --reject "denki-denshi-staff@example.jp=550"
conf mail3.conf "$sink_port"
expect 5 "cnap mail test to an address the server refuses" -- mail test --db m.db --config mail3.conf --to denki-denshi-staff@example.jp
has out "550" "says the server's answer"
expect 0 "cnap mail test to one it takes" -- mail test --db m.db --config mail3.conf --to jimukyoku@example.jp
has out "送信しました" "says it was sent"
$read_mail box3/0001.eml >test.txt
has test.txt "Subject: 【CN行動計画】" "the test message arrived"
expect 6 "an association user may not send test messages" -- mail test --db m.db --as bearing-staff --config mail3.conf --to x@example.jp
expect 6 "nor read the outbox" -- mail outbox --db m.db --as bearing-staff
expect 4 "a test to no address" -- mail test --db m.db --config mail3.conf --to "not an address"
expect 4 "cnap mail send without a configuration" -- mail send --db m.db
[ "$rc" -ne 0 ] && has err "--config" "says what is missing"

# --- reminders of the deadline -------------------------------------------------------------------------
expect 0 "the cycle's reminder plan as shipped" -- mail reminders --db m.db --cycle 2023
has out "期限の7日前、2日前、当日。期限後は3日ごと" "7 and 2 days before, on the day, every 3 days after"
expect 4 "a plan with a word in it" -- mail reminders --db m.db --cycle 2023 --days "7,x"
expect 0 "the return sends the question back to the association" -- question return --db m.db --as jimukyoku --id "$q1" \
	--comment "数値の根拠を追記してください。"
at 2023-10-05T00:00:00Z # JST 10-05 09:00: seven days before 10-12
expect 0 "reminders seven days before" -- mail remind --db m.db --json
eq "$(jq .reminders out)" 3 "one for each of the association's three active users"
expect 0 "the same day again" -- mail remind --db m.db --json
eq "$(jq .reminders out)" 0 "gives none twice"
eq "$(count '.event == "reminder" and .question == '"$q1"'')" 2 "two of them by mail (the third has no address)"
at 2023-10-10T00:00:00Z
"$CNAP" mail remind --db m.db >/dev/null
"$CNAP" mail remind --db m.db >/dev/null
eq "$(count '.event == "reminder" and .question == '"$q1"'')" 4 "two days before: one more each"
eq "$(notices bearing-staff | jq '[.notices[] | select(.event == "reminder")] | length')" 2 \
	"bearing-staff has exactly one reminder per step so far"
notices bearing-staff | jq -r '.notices[] | select(.event == "reminder") | .title' | head -1 >title
has title "あと2日" "the reminder says how many days are left"
expect 0 "the association answers" -- answer --db m.db --as bearing-staff --id "$q1" --text "根拠を追記しました。"
at 2023-10-12T00:00:00Z
expect 0 "on the deadline day" -- mail remind --db m.db --json
eq "$(jq .reminders out)" 0 "no reminder after the answer"
at 2023-10-20T00:00:00Z
"$CNAP" mail remind --db m.db >/dev/null
eq "$(count '.event == "overdue" and .question == '"$q1"'')" 0 "nor when the deadline has passed"

# A deadline two days away from the start
at 2023-10-13T00:00:00Z
"$CNAP" question file --db m.db --cycle 2023 --wg denshi --association bearing --item II.5 --text "再エネの調達計画を示してください。" --json >q2.json
q2=$(jq .id q2.json)
expect 0 "a question sent with its deadline two days away" -- question send --db m.db --id "$q2" --due 2023-10-15
eq "$("$CNAP" mail remind --db m.db --json | jq .reminders)" 0 "no reminder the day it arrives: its notice gave the deadline"
at 2023-10-14T00:00:00Z
"$CNAP" mail remind --db m.db >/dev/null; "$CNAP" mail remind --db m.db >/dev/null
eq "$(notices bearing-staff | jq "[.notices[] | select(.event == \"reminder\" and (.link == \"/q/$q2\"))] | length")" 1 \
	"the next day: the two-days step, once"
notices bearing-staff | jq -r "[.notices[] | select(.link == \"/q/$q2\" and .event == \"reminder\")][0].title" >title2
has title2 "あと1日" "telling the days actually left"
at 2023-10-15T00:00:00Z
"$CNAP" mail remind --db m.db >/dev/null; "$CNAP" mail remind --db m.db >/dev/null
eq "$(notices bearing-staff | jq "[.notices[] | select(.event == \"reminder\" and (.link == \"/q/$q2\"))] | length")" 2 \
	"on the day: once more"
at 2023-10-17T00:00:00Z
eq "$("$CNAP" mail remind --db m.db --json | jq .reminders)" 0 "two days overdue: not yet (every 3 days)"
at 2023-10-18T00:00:00Z
eq "$("$CNAP" mail remind --db m.db --json | jq .reminders)" 3 "three days overdue: one each"
oid=$(outbox | jq "[.[] | select(.event == \"overdue\" and .question == $q2)][0].id")
"$CNAP" mail show --db m.db --id "$oid" >overdue.txt
has overdue.txt "3日" "saying how long it is overdue"
at 2023-10-19T00:00:00Z
eq "$("$CNAP" mail remind --db m.db --json | jq .reminders)" 0 "four days: none"
expect 0 "the secretariat changes the plan" -- mail reminders --db m.db --cycle 2023 --days "10，3、0" --overdue-every 0
has out "期限の10日前、3日前、当日。期限後はなし" "full-width comma and 、 are read"
at 2023-10-21T00:00:00Z
"$CNAP" mail remind --db m.db >/dev/null
eq "$(notices bearing-staff | jq "[.notices[] | select(.event == \"overdue\" and (.link == \"/q/$q2\"))] | length")" 1 \
	"no overdue reminders once switched off"
"$CNAP" audit list --db m.db --json | jq '[.[] | select(.action == "cycle.reminders")] | length' >n
eq "$(cat n)" 1 "the plan's change is audited"

# The ball moving cancels a reminder not yet sent
"$CNAP" mail reminders --db m.db --cycle 2023 --days "7,2,0" --overdue-every 3 >/dev/null
at 2023-10-24T00:00:00Z # nine days overdue
"$CNAP" mail remind --db m.db >/dev/null
eq "$(count '.event == "overdue" and .question == '"$q2"' and .state == "queued"')" 2 \
	"an overdue reminder waits to be sent, and takes the place of the one before it not yet sent"
"$CNAP" answer --db m.db --as bearing-2 --id "$q2" --text "調達計画を添付しました。" >/dev/null
eq "$(count '.event == "overdue" and .question == '"$q2"' and .state == "queued"')" 0 "the answer cancels it"
eq "$(count '.event == "overdue" and .question == '"$q2"' and .state == "cancelled"')" 4 "those and the ones they replaced"

# --- the daily digest ------------------------------------------------------------------------------------
expect 0 "a user takes one message a day" -- user mail --db m.db --as bearing-2 --mode digest
expect 6 "but may not choose for someone else" -- user mail --db m.db --as bearing-2 --login bearing-staff --mode off
"$CNAP" question file --db m.db --cycle 2023 --wg denshi --association bearing --item II.5 --text "追加の質問A" --json >q3.json
"$CNAP" question file --db m.db --cycle 2023 --wg denshi --association bearing --item II.5 --text "追加の質問B" --json >q4.json
at 2023-10-24T22:00:00Z # JST 10-25 07:00, before digest_hour 8
"$CNAP" question send --db m.db --id "$(jq .id q3.json)" >/dev/null
"$CNAP" question send --db m.db --id "$(jq .id q4.json)" >/dev/null
eq "$(count '.to == "bearing-2@example.jp" and .event == "question_sent" and .state == "queued"')" 0 \
	"no message of its own for a digest user"
expect 0 "before the digest hour" -- mail remind --db m.db --json
eq "$(jq .digests out)" 0 "no digest yet"
at 2023-10-24T23:30:00Z # JST 08:30
expect 0 "after it" -- mail remind --db m.db --json
eq "$(jq .digests out)" 1 "one digest"
eq "$("$CNAP" mail remind --db m.db --json | jq .digests)" 0 "and only one a day"
did=$(outbox | jq '[.[] | select(.event == "digest")][0].id')
"$CNAP" mail show --db m.db --id "$did" --config mail.conf >digest.txt
has digest.txt "■ 【CN行動計画】事前質問が届きました" "the digest lists the day's notices"
has digest.txt "https://cnap.example.jp/q/$(jq .id q3.json)" "each with its link"
expect 0 "the digest goes out" -- mail send --db m.db --config mail3.conf --json
eq "$(outbox | jq -r ".[] | select(.id == $did) | .state")" sent "and is sent"

# --- templates -------------------------------------------------------------------------------------------
expect 4 "a template with a placeholder that does not exist" -- mail template set --db m.db --event question_sent \
	--subject "【CN】{{団体名}}へ" --body "$(printf '様\n{{期日}}までに')"
has err "{{期日}}" "the message names it"
has err "2行目" "and its line"
expect 0 "a template the secretariat writes" -- mail template set --db m.db --as jimukyoku --event question_sent \
	--subject "【CN】{{団体名}}への事前質問" --body "$(printf '{{宛先名}} 様\n期限：{{回答期限}}\n{{リンク}}')"
expect 0 "its preview with sample values" -- mail template preview --db m.db --event question_sent \
	--subject "【CN】{{団体名}}への事前質問" --body "期限：{{回答期限}}"
lacks out "{{" "fills every placeholder"
"$CNAP" question file --db m.db --cycle 2023 --wg denshi --association bearing --item II.5 --text "追加の質問C" --json >q5.json
"$CNAP" question send --db m.db --id "$(jq .id q5.json)" --due 2023-11-30 >/dev/null
eq "$(count '.event == "question_sent" and .subject == "【CN】日本ベアリング工業会への事前質問"')" 1 "the next message uses it"
expect 0 "back to the shipped text" -- mail template reset --db m.db --event question_sent
"$CNAP" mail template show --db m.db --event question_sent >tmpl.txt
has tmpl.txt "件名：【CN行動計画】事前質問が届きました" "the shipped subject again"
"$CNAP" audit list --db m.db --json | jq '[.[] | select(.action | startswith("mail.template"))] | length' >n
eq "$(cat n)" 2 "both changes are audited"

# --- notices -----------------------------------------------------------------------------------------------
mine=$(notices bearing-staff | jq '.notices[0].id')
theirs=$(notices jimukyoku | jq '.notices[0].id')
expect 3 "another user's notice does not exist for one" -- notice read --db m.db --as bearing-staff --id "$theirs"
expect 0 "one's own is marked read" -- notice read --db m.db --as bearing-staff --id "$mine"
expect 0 "all of them" -- notice read --db m.db --as bearing-staff --all
eq "$(notices bearing-staff | jq .unread)" 0 "none unread"

# --- year after year, and the cycle file -------------------------------------------------------------------
"$CNAP" mail reminders --db m.db --cycle 2023 --days "5,1" --overdue-every 2 >/dev/null
expect 0 "the next cycle" -- cycle new --db m.db --year 2024 --from 2023
expect 0 "keeps the reminder plan" -- mail reminders --db m.db --cycle 2024
has out "期限の5日前、1日前。期限後は2日ごと" "as the secretariat last set it"
expect 0 "the cycle file" -- cycle export --db m.db --cycle 2023 --output c.json
eq "$(jq -c .cycle.reminders c.json)" '{"days_before":[5,1],"overdue_every":2}' "carries the plan"
eq "$(jq -r '.users[] | select(.login == "bearing-2") | .mail' c.json)" digest "and how each user takes mail"
"$CNAP" init --db c.db >/dev/null
expect 0 "imported into an empty database" -- cycle import --db c.db --file c.json
expect 0 "the plan is there" -- mail reminders --db c.db --cycle 2023
has out "期限の5日前、1日前。期限後は2日ごと" "the same plan"
eq "$(sqlite3 c.db "SELECT mail_mode FROM users WHERE login = 'bearing-2'")" digest "and the user's choice"
jq '.cycle.reminders.days_before = [7, 99]' c.json >bad.json
"$CNAP" init --db bad.db >/dev/null
expect 4 "a plan out of range in a file" -- cycle import --db bad.db --file bad.json
has err '$.cycle.reminders.days_before[1]' "is named by its JSON path"

# --- a closed cycle ----------------------------------------------------------------------------------------
"$CNAP" cycle close --db m.db --year 2023 >/dev/null
expect 5 "a closed cycle's plan stays as it was" -- mail reminders --db m.db --cycle 2023 --days 1
at 2023-12-31T00:00:00Z
eq "$("$CNAP" mail remind --db m.db --json | jq .reminders)" 0 "and its questions are reminded of nothing"
expect 0 "the audit chain holds" -- audit verify --db m.db
finish
