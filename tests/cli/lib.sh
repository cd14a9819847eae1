# TAP helpers for the CLI tests. Each test script sources this file.
# $CNAP is the binary under test; every script works in its own temp dir.
set -u
: "${CNAP:?CNAP must point at the cnap binary}"
T=$(mktemp -d)
# Background processes a test starts (servers, lock holders) end with it: their pids go in $pids.
pids=
stop_all() { for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap 'stop_all; rm -rf "$T"' EXIT
cd "$T"
# Obeyed by the test build only (src/base/testhook.h); the release binary keeps the real clock.
export CNAP_FIXED_NOW=2023-10-01T09:00:00Z
n=0
failed=0

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# run CMD...: runs cnap with the arguments; status in $rc, output in out/err files
run() {
	"$CNAP" "$@" >out 2>err
	rc=$?
}

# expect CODE DESCRIPTION -- ARGS...: run cnap and check the exit code
expect() {
	code=$1; desc=$2; shift 3
	run "$@"
	if [ "$rc" -eq "$code" ]; then
		pass "$desc"
	else
		fail "$desc" "exit $rc, expected $code" "stdout: $(head -c 400 out)" "stderr: $(head -c 400 err)"
	fi
}

# has FILE TEXT DESCRIPTION: the file contains the text
has() {
	if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3" "'$2' not in $1: $(head -c 300 "$1")"; fi
}

# lacks FILE TEXT DESCRIPTION
lacks() {
	if grep -qF -- "$2" "$1"; then fail "$3" "'$2' unexpectedly in $1"; else pass "$3"; fi
}

# same A B DESCRIPTION: byte-identical files
same() {
	if cmp -s "$1" "$2"; then pass "$3"; else fail "$3" "$1 and $2 differ"; fi
}

# eq ACTUAL EXPECTED DESCRIPTION
eq() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got '$1', expected '$2'"; fi
}

# serve_start DB NAME [ARGS...]: `cnap serve` on a free port in the background, output in NAME.out and
# NAME.err; its port in $port (empty if it did not start).
serve_start() {
	db=$1 name=$2
	shift 2
	"$CNAP" serve --db "$db" --listen 127.0.0.1:0 --threads 2 "$@" >"$name.out" 2>"$name.err" &
	pids="$pids $!"
	for _ in $(seq 100); do grep -qs listening "$name.out" && break; sleep 0.1; done
	port=$(sed -n 's|^listening on http://[0-9.]*:\([0-9]*\)/.*|\1|p' "$name.out")
}

# audit_count DB: number of audit records
audit_count() { "$CNAP" audit list --db "$1" --json | jq length; }

finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
