#!/bin/sh
# Mail benchmark (issue 15; docs/performance.md "## Mail").
#
#   sh bench/mail/run.sh [ROUNDS] [RECIPIENTS]      (defaults 5 200)
#
# Two questions, each answered in the same run against its own yardstick:
# 1. What telling people costs the change that causes it. `cnap question send` writes, in the
#    question's transaction, a notice and an outbox message for every user of the association;
#    timed with RECIPIENTS users with an address against the same send with none (the sample's
#    bearing-staff has no address): the difference is the notices' cost.
# 2. How fast the outbox empties. `cnap mail send` renders, composes and hands RECIPIENTS
#    messages to a mail server on loopback (tests/mail/smtp_sink.py, aiosmtpd) over one
#    connection; the peer is Python's smtplib sending the very messages cnap sent (read back
#    from the sink) over one connection to the same server, so both meet the same server.
# Medians over ROUNDS fresh databases. A release cnap is built in build-bench-mail/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-5}
recipients=${2:-200}
build="$root/build-bench-mail"
out="$here/out"
cnap="$build/src/cli/cnap"
py=/usr/bin/python3
"$root/tools/install-deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$root" -Dtests=disabled --buildtype=release >/dev/null
ninja -C "$build" >/dev/null
rm -rf "$out"
mkdir -p "$out"
cd "$out"
now() { date +%s.%N; }
mkdir box
"$py" "$root/tests/mail/smtp_sink.py" --dir box --port-file port >sink.log 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
port=$(cat port)
printf 'smtp_url = smtp://127.0.0.1:%s\nstarttls = none\nfrom = noreply@example.jp\nbase_url = https://cnap.example.jp\n' \
	"$port" >mail.conf
{
	echo "ログインID,氏名,役割,業界団体,WG,メールアドレス"
	i=1
	while [ "$i" -le "$recipients" ]; do
		echo "kosaku-$i,工作 担当$i,業界団体,kosaku-kikai,,kosaku-$i@example.jp"
		i=$((i + 1))
	done
} >users.csv
: >times.tsv
r=1
while [ "$r" -le "$rounds" ]; do
	rm -f b.db box/*
	"$cnap" init --db b.db --sample >/dev/null
	"$cnap" user import --db b.db --file users.csv >/dev/null
	# the sample has an overdue question of kosaku-kikai: no reminders here, only the messages timed
	"$cnap" mail reminders --db b.db --cycle 2023 --days "" --overdue-every 0 >/dev/null
	for assoc in bearing kosaku-kikai; do
		"$cnap" question file --db b.db --cycle 2023 --wg denshi --association "$assoc" --item II.5 \
			--text "ベンチマークの質問" --json >q.json
		id=$(jq .id q.json)
		t0=$(now)
		"$cnap" question send --db b.db --id "$id" --due "$(date -d "+30 days" +%F)" >/dev/null
		t1=$(now)
		echo "send-$assoc	$(awk "BEGIN { print $t1 - $t0 }")" >>times.tsv
	done
	t0=$(now)
	"$cnap" mail send --db b.db --config mail.conf >send.out
	t1=$(now)
	echo "cnap-mail-send	$(awk "BEGIN { print $t1 - $t0 }")" >>times.tsv
	grep -q "送信 $recipients通" send.out || { echo "cnap sent other than $recipients: $(cat send.out)" >&2; exit 1; }
	mkdir -p again
	cp box/*.eml box/*.rcpt again/
	rm -f box/*
	t0=$(now)
	"$py" "$here/smtplib_send.py" "$port" again
	t1=$(now)
	echo "smtplib	$(awk "BEGIN { print $t1 - $t0 }")" >>times.tsv
	rm -rf again
	r=$((r + 1))
done
"$py" - "$recipients" <<'PY' | tee summary.md
import statistics, sys
n = int(sys.argv[1])
t = {}
for line in open('times.tsv'):
    k, v = line.split('\t')
    t.setdefault(k, []).append(float(v))
m = {k: statistics.median(v) for k, v in t.items()}
print(f"| what | median (s) | per message (ms) |")
print(f"|---|---|---|")
print(f"| question send, no one with an address | {m['send-bearing']:.3f} | |")
print(f"| question send, {n} users told | {m['send-kosaku-kikai']:.3f} | {(m['send-kosaku-kikai'] - m['send-bearing']) / n * 1000:.2f} (added) |")
print(f"| cnap mail send, {n} messages | {m['cnap-mail-send']:.3f} | {m['cnap-mail-send'] / n * 1000:.2f} |")
print(f"| python smtplib, the same {n} messages | {m['smtplib']:.3f} | {m['smtplib'] / n * 1000:.2f} |")
print(f"\ncnap / smtplib: {m['cnap-mail-send'] / m['smtplib']:.2f}; rounds: {len(t['smtplib'])}")
PY
