#!/bin/sh
# bench/slowloris/run.sh [CONNECTIONS] [SECONDS] [GAP]: the slow-client run of issue 9.
#
# CONNECTIONS (1,000) connections from 127.0.0.1 each send one byte of a request's
# headers every GAP (5) seconds for SECONDS (60), while a second client on
# 127.0.0.2 — loopback too, but another address — asks for /login every half
# second and must be answered each time. Prints one line for docs/performance.md:
# how many slow connections the server still held at the end, and the second
# client's answered count and latencies. The client is tests/cli/http_raw.py
# (tests/cli/t0012 is the short version in make check).
# Not a test. Uses the optimized build (make build), not the sanitized one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
conns=${1:-1000}
secs=${2:-60}
gap=${3:-5}
cnap=${CNAP:-$root/build/src/cli/cnap}
[ -x "$cnap" ] || { echo "bench: no $cnap; run 'make build' first" >&2; exit 1; }
# The client holds a socket per connection.
ulimit -n $((conns + 256)) 2>/dev/null || true

work=$(mktemp -d)
app_pid=
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	sleep 0.2
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$cnap" init --db "$work/bench.db" --sample >/dev/null
"$cnap" serve --db "$work/bench.db" --listen 127.0.0.1:0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
app_pid=$!
for _ in $(seq 50); do grep -qs listening "$work/serve.out" && break; sleep 0.2; done
port=$(sed -n 's|^listening on http://[0-9.]*:\([0-9]*\)/.*|\1|p' "$work/serve.out")
[ -n "$port" ] || { echo "bench: the server did not start: $(cat "$work/serve.err")" >&2; exit 1; }
echo "cnap serve $(sed -n 's/^listening on //p' "$work/serve.out"); $conns slow connections, a byte every ${gap}s for ${secs}s"
python3 "$root/tests/cli/http_raw.py" slow "$port" "$conns" "$secs" "$gap"
