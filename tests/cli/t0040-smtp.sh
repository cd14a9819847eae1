#!/bin/sh
# Issue 15: sending through libcurl's SMTP (src/mail/smtp.c) to a real mail server on loopback that
# the test starts itself (tests/mail/smtp_sink.py on Debian's python3-aiosmtpd), with STARTTLS on a
# throwaway certificate and AUTH; what arrives is read back with python's email package. Each failure
# is told apart the way the outbox needs: try again later (RETRY) or not (REJECTED), and why.
. "$(dirname "$0")/lib.sh"
: "${SMTP_TRY:?SMTP_TRY must point at tests/mail/smtp_try}"
py=/usr/bin/python3 # Debian's, which has aiosmtpd
sink_py=$SRCDIR/tests/mail/smtp_sink.py
read_mail="$py $SRCDIR/tests/mail/read_mail.py"

openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >openssl.log 2>&1 &&
	pass "a throwaway certificate for 127.0.0.1" || fail "a throwaway certificate" "$(cat openssl.log)"

# sink NAME ARGS...: a mail server writing into NAME/ in the background; its port in $sink_port,
# its pid in $sink_pid (and in $pids, so it is stopped however the test ends)
sink() {
	name=$1
	shift
	mkdir -p "$name"
	"$py" "$sink_py" --dir "$name" --port-file "$name.port" "$@" >"$name.log" 2>&1 &
	sink_pid=$!
	pids="$pids $sink_pid"
	for _ in $(seq 100); do [ -s "$name.port" ] && break; sleep 0.1; done
	sink_port=$(cat "$name.port" 2>/dev/null)
}
stop_sink() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# conf FILE PORT [LINES...]: a mail.conf for the server on 127.0.0.1:PORT
conf() {
	file=$1 p=$2
	shift 2
	{
		echo "smtp_url = smtp://127.0.0.1:$p"
		echo "from = noreply@example.jp"
		echo "from_name = CN行動計画 事務局"
		echo "base_url = https://cnap.example.jp"
		echo "timeout_seconds = 20"
		for l in "$@"; do echo "$l"; done
	} >"$file"
}
# try CONF TO [COUNT]: smtp_try's outcome, code and detail in $outcome, $code, $detail (the last try's)
subject='【CN行動計画】電子WGから質問が届きました（令和5年度フォローアップ）'
body='ベアリング工業会 ご担当者様

電子WGの委員から質問が届きました。
https://cnap.example.jp/c/2023/w/denshi/a/bearing/questions/12'
try() {
	"$SMTP_TRY" "$1" "$2" "$subject" "$body" "${3:-1}" >try.out 2>try.err
	try_rc=$?
	outcome=$(sed -n 's/^outcome: //p' try.out | tail -n 1)
	code=$(sed -n 's/^code: //p' try.out | tail -n 1)
	detail=$(sed -n 's/^detail: //p' try.out | tail -n 1)
}

printf 's3cret\n' > smtp-password
chmod 600 smtp-password
printf 'wrong\n' > wrong-password
chmod 640 wrong-password

# 1. STARTTLS + AUTH: delivered, and what arrives reads as what was sent
sink tls --tls-cert cert.pem --tls-key key.pem --require-tls --auth cnap:s3cret \
	--reject gone@example.jp=550 --reject busy@example.jp=451
[ -n "$sink_port" ] && pass "the mail server listens (STARTTLS required, AUTH)" || fail "the mail server listens" "$(cat tls.log)"
conf tls.conf "$sink_port" "username = cnap" "password_file = smtp-password" "ca_file = cert.pem"
try tls.conf bearing@example.jp 2
eq "$try_rc:$outcome:$code" "0:SENT:250" "STARTTLS + AUTH: sent (250)"
eq "$(grep -c '^outcome: SENT' try.out)" 2 "two messages over one connection: both sent"
eq "$(ls tls/*.eml 2>/dev/null | wc -l)" 2 "the server holds both messages"
eq "$(cat tls/0001.rcpt)" "bearing@example.jp" "the envelope has the one recipient"
$read_mail tls/0001.eml > got.txt 2>read.err
eq "$(sed -n 's/^Subject: //p' got.txt)" "$subject" "the Japanese subject decodes to what was sent"
eq "$(sed -n 's/^From: //p' got.txt)" "CN行動計画 事務局 <noreply@example.jp>" "the From: display name decodes"
eq "$(sed '1,/^$/d' got.txt)" "$body" "the body decodes to what was sent"
has tls/0001.eml "Auto-Submitted: auto-generated" "the message says it was sent automatically"
if awk '{ sub(/\r$/, "") } /^$/ { exit } length($0) > 78 { bad = 1 } END { exit bad }' tls/0001.eml; then
	pass "no header line is longer than 78 characters"
else
	fail "no header line is longer than 78 characters" "$(head -12 tls/0001.eml)"
fi

# 2. a wrong password: refused for good, with the server's own answer
conf wrong.conf "$sink_port" "username = cnap" "password_file = wrong-password" "ca_file = cert.pem"
try wrong.conf bearing@example.jp
eq "$outcome:$code" "REJECTED:535" "a wrong password: REJECTED (535)"
case $detail in 認証が拒否されました*"535 5.7.8"*) pass "the detail says the login was refused, with the server's line" ;;
*) fail "the detail says the login was refused" "$detail" ;; esac

# 3. a recipient refused for good (550) and for now (451)
try tls.conf gone@example.jp
eq "$outcome:$code" "REJECTED:550" "RCPT answered 550: REJECTED"
case $detail in 宛先が拒否されました*"550 5.1.1 <gone@example.jp>"*) pass "the detail names the recipient and the 550 line" ;;
*) fail "the detail names the recipient and the 550 line" "$detail" ;; esac
try tls.conf busy@example.jp
eq "$outcome:$code" "RETRY:451" "RCPT answered 451: RETRY"
case $detail in *"451 4.2.0"*あとで再送します) pass "the detail says it will be sent again later" ;;
*) fail "the detail says it will be sent again later" "$detail" ;; esac
eq "$(ls tls/*.eml | wc -l)" 2 "nothing refused reached the mailbox"
# a refusal does not spoil the sender: the next message through it is sent
try tls.conf gone@example.jp,bearing@example.jp
eq "$(sed -n 's/^outcome: //p' try.out | tr '\n' ' ')" "REJECTED SENT " "after a refused recipient the same sender delivers the next"
eq "$(cat tls/0003.rcpt)" "bearing@example.jp" "to its one recipient"

# 3b. the certificate is not trusted (no ca_file): the TLS handshake fails, RETRY (the operator fixes ca_file)
conf untrusted.conf "$sink_port" "username = cnap" "password_file = smtp-password"
try untrusted.conf bearing@example.jp
eq "$outcome" "RETRY" "a certificate nobody vouches for: RETRY"
case $detail in *証明書を確認できません*ca_file*) pass "the detail says the certificate could not be verified" ;;
*) fail "the detail says the certificate could not be verified" "$detail" ;; esac

# 4. the server not running: RETRY, it cannot connect
port_was=$sink_port
stop_sink "$sink_pid"
try tls.conf bearing@example.jp
eq "$try_rc:$outcome:$code" "0:RETRY:0" "the server stopped: RETRY, no reply code"
eq "$detail" "メールサーバーに接続できません（127.0.0.1:$port_was）" "the detail says it cannot connect, and where"

# 5. starttls = required against a server without TLS: not sent in clear text, and not retried (REJECTED),
# because trying again cannot make the server offer STARTTLS: the configuration or the server must change
sink plain
conf plain.conf "$sink_port"
try plain.conf bearing@example.jp
eq "$outcome" "REJECTED" "STARTTLS required, the server has none: REJECTED"
case $detail in *STARTTLSに対応していない*) pass "the detail says the server offers no STARTTLS" ;;
*) fail "the detail says the server offers no STARTTLS" "$detail" ;; esac
eq "$(ls plain/*.eml 2>/dev/null | wc -l)" 0 "and nothing went over the wire in clear text"
conf none.conf "$sink_port" "starttls = none"
try none.conf bearing@example.jp
eq "$outcome:$code" "SENT:250" "with starttls = none it is sent"
# smtps:// (TLS from the first byte) against a server that speaks plain SMTP: the handshake fails, RETRY
sed "s|^smtp_url = smtp://|smtp_url = smtps://|" plain.conf > smtps.conf
try smtps.conf bearing@example.jp
eq "$outcome:$code" "RETRY:0" "smtps:// to a plain server: RETRY"
case $detail in *TLS接続に失敗しました*|*通信が途中で切れました*) pass "the detail says the TLS connection failed" ;;
*) fail "the detail says the TLS connection failed" "$detail" ;; esac
stop_sink "$sink_pid"

# 5b. a server that accepts the connection and never answers: RETRY after timeout_seconds
"$py" -c '
import os, socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' mute.port 2>mute.log &
mute_pid=$!
pids="$pids $mute_pid"
for _ in $(seq 100); do [ -s mute.port ] && break; sleep 0.1; done
conf mute.conf "$(cat mute.port)"
sed -i 's/^timeout_seconds = .*/timeout_seconds = 1/' mute.conf
try mute.conf bearing@example.jp
eq "$outcome:$code" "RETRY:0" "a server that never answers: RETRY"
case $detail in *時間内に応答しません*) pass "the detail says it did not answer in time" ;;
*) fail "the detail says it did not answer in time" "$detail" ;; esac
stop_sink "$mute_pid"

# 6. a password file others may read is refused before anything is sent
chmod 644 wrong-password
try wrong.conf bearing@example.jp
eq "$try_rc" 1 "a password file others may read: refused"
has try.err "chmod 600" "saying how to fix it"
finish
