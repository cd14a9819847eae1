# TAP helpers for the CLI tests. Each test script sources this file.
# $CNAP is the binary under test; every script works in its own temp dir.
set -u
: "${CNAP:?CNAP must point at the cnap binary}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
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

# audit_count DB: number of audit records
audit_count() { "$CNAP" audit list --db "$1" --json | jq length; }

finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
