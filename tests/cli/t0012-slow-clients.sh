#!/bin/sh
# Slow clients (slowloris) against `cnap serve`: a request's headers have a
# deadline that trickled bytes cannot extend, and one address cannot take every
# connection. bench/slowloris/run.sh is the full-size run.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1
raw="python3 $SRCDIR/tests/cli/http_raw.py"

"$CNAP" init --db h.db --sample >/dev/null
serve_start h.db serve
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
