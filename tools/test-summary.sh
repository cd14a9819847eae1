#!/bin/sh
# test-summary.sh TESTLOG.json: counts single TAP cases of every test in a meson test
# log and prints "N passed, N failed" as the last line, with "N skipped" before it.
# A case whose directive is SKIP ("ok 3 - name # SKIP why", or cmocka's "not ok 3 # SKIP
# name") is skipped, neither passed nor failed; a test without TAP lines counts once, by
# its result (meson's SKIP, exit 77, is skipped). Exits 1 if anything failed or nothing
# passed.
set -eu
log=$1
if [ ! -s "$log" ]; then
	echo "no test log at $log"
	echo "0 passed, 1 failed"
	exit 1
fi
counts=$(jq -rs '
  def kind: if test("^(not )?ok( |$)[^#]*#\\s*skip"; "i") then "s" elif test("^ok( |$)") then "p" else "f" end;
  map(
    .name as $name
    | [(.stdout // "") | split("\n")[] | select(test("^(not )?ok( |$)")) | kind] as $cases
    | ([$cases[] | select(. == "p")] | length) as $p
    | ([$cases[] | select(. == "f")] | length) as $f
    | ([$cases[] | select(. == "s")] | length) as $s
    | if ($cases | length) == 0 then
        (if .result == "OK" or .result == "EXPECTEDFAIL" then {p:1,f:0,s:0}
         elif .result == "SKIP" then {p:0,f:0,s:1}
         else {p:0,f:1,s:0} end)
      else
        # a test that died without a "not ok" line still failed once
        {p:$p, s:$s, f:($f + (if .result == "OK" or .result == "SKIP" or $f > 0 then 0 else 1 end))}
      end
    | . + {name: $name}
  ) as $r
  | ($r[] | select(.s > 0) | "SKIPPED: \(.name) (\(.s))"),
    "\($r | map(.p) | add) \($r | map(.f) | add) \($r | map(.s) | add)"
' "$log") || { echo "0 passed, 1 failed"; exit 1; }
jq -r 'select(.result != "OK" and .result != "SKIP") | "FAILED: \(.name) (\(.result))"' "$log" || true
printf '%s\n' "$counts" | sed '$d'
set -- $(printf '%s\n' "$counts" | tail -1)
echo "$3 skipped"
echo "$1 passed, $2 failed"
[ "$1" -gt 0 ] && [ "$2" -eq 0 ]
