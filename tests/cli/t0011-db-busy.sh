#!/bin/sh
# A database write-locked by another process past the busy timeout is a
# temporary condition: the server says 503 with Retry-After, the CLI says busy.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1
raw="python3 $SRCDIR/tests/cli/http_raw.py"

"$CNAP" init --db h.db --sample >/dev/null
token=$("$CNAP" user token --db h.db --login jimukyoku)
"$CNAP" question file --db h.db --cycle 2023 --wg denshi --association bearing --item II.4 --text "版0" --json >out
qid=$(jq -r .id out)
serve_start h.db serve
[ -n "$port" ] && pass "server started" || fail "server started" "$(cat serve.err)"

# hold_lock SECONDS: another process takes the write lock of h.db for SECONDS (past the 5 s busy
# timeout); returns once it holds it, its pid in $lockpid.
hold_lock() {
	rm -f locked
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(float(sys.argv[2]))
' h.db "$1" &
	lockpid=$!
	pids="$pids $lockpid"
	for _ in $(seq 100); do [ -e locked ] && break; sleep 0.1; done
}

# A database write-locked by another process past the busy timeout: 503 with Retry-After.
hold_lock 9
curl -s -D busy.h -o busy.json -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
	-d '{"text":"ロック中"}' "http://127.0.0.1:$port/api/q/$qid/edit"
has busy.h "HTTP/1.1 503" "a write during another process's lock is 503"
has busy.h "Retry-After: " "... with Retry-After"
has busy.json '"code":"busy"' "... and the API names it busy"
wait "$lockpid"
expect 0 "the CLI writes once the lock is gone" -- question edit --db h.db --id "$qid" --text "版1"
hold_lock 8
expect 1 "the CLI during another process's lock fails (exit 1)" -- question edit --db h.db --id "$qid" --text "版2"
has err "busy" "... saying the database is busy"
wait "$lockpid"

finish
