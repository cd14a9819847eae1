#!/bin/sh
# Slow clients (slowloris) against `cnap serve`: a request's headers have a
# deadline that trickled bytes cannot extend, and one address cannot take every
# connection. bench/slowloris/run.sh is the full-size run.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1
raw="python3 $SRCDIR/tests/cli/http_raw.py"
pids=
stop_all() { for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap 'stop_all; rm -rf "$T"' EXIT

"$CNAP" init --db h.db --sample >/dev/null
"$CNAP" serve --db h.db --listen 127.0.0.1:0 --threads 2 >serve.out 2>serve.err &
pids="$pids $!"
for _ in $(seq 100); do grep -qs listening serve.out && break; sleep 0.1; done
port=$(sed -n 's|^listening on http://[0-9.]*:\([0-9]*\)/.*|\1|p' serve.out)
[ -n "$port" ] && pass "server started" || fail "server started" "$(cat serve.err)"

# Slow clients: one connection that sends a header byte every second is hung up on
# by the header deadline, although it is never idle.
secs=$($raw trickle "$port" 40)
[ "$secs" != open ] && pass "a trickling header is cut off (after $secs s)" || fail "a trickling header is cut off" "still open after 40 s"

# 600 connections from one address, each sending a byte every 2 s (over the 512 the
# server takes in all): a client on another address is still answered, every time.
# Answered, not fast: the timeout is 10 s, so a slow machine does not fail it.
if $raw slow "$port" 600 10 2 >slow.out; then
	pass "600 slow connections from one address: $(cat slow.out)"
else
	fail "600 slow connections from one address: another address is answered" "$(cat slow.out)"
fi
finish
