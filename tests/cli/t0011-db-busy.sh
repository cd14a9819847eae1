#!/bin/sh
# A database write-locked by another process past the busy timeout is a
# temporary condition: the server says 503 with Retry-After, the CLI says busy.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1
raw="python3 $SRCDIR/tests/cli/http_raw.py"
pids=
stop_all() { for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap 'stop_all; rm -rf "$T"' EXIT

"$CNAP" init --db h.db --sample >/dev/null
token=$("$CNAP" user token --db h.db --login jimukyoku)
"$CNAP" question file --db h.db --cycle 2023 --wg denshi --association bearing --item II.4 --text "版0" --json >out
qid=$(jq -r .id out)
"$CNAP" serve --db h.db --listen 127.0.0.1:0 --threads 2 >serve.out 2>serve.err &
pids="$pids $!"
for _ in $(seq 100); do grep -qs listening serve.out && break; sleep 0.1; done
port=$(sed -n 's|^listening on http://[0-9.]*:\([0-9]*\)/.*|\1|p' serve.out)
[ -n "$port" ] && pass "server started" || fail "server started" "$(cat serve.err)"

# A database write-locked by another process past the busy timeout: 503 with Retry-After.
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(9)
' h.db &
lockpid=$!
pids="$pids $lockpid"
for _ in $(seq 100); do [ -e locked ] && break; sleep 0.1; done
curl -s -D busy.h -o busy.json -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
	-d '{"text":"ロック中"}' "http://127.0.0.1:$port/api/q/$qid/edit"
has busy.h "HTTP/1.1 503" "a write during another process's lock is 503"
has busy.h "Retry-After: " "... with Retry-After"
has busy.json '"code":"busy"' "... and the API names it busy"
wait "$lockpid"
expect 0 "the CLI writes once the lock is gone" -- question edit --db h.db --id "$qid" --text "版1"
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked2", "w").close()
time.sleep(8)
' h.db &
lockpid=$!
pids="$pids $lockpid"
for _ in $(seq 100); do [ -e locked2 ] && break; sleep 0.1; done
expect 1 "the CLI during another process's lock fails (exit 1)" -- question edit --db h.db --id "$qid" --text "版2"
has err "busy" "... saying the database is busy"
wait "$lockpid"

finish
