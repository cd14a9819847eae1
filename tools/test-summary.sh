#!/bin/sh
# test-summary.sh TESTLOG.json: counts single TAP cases ("ok"/"not ok" lines) of every
# test in a meson test log (a test without TAP lines counts once, by its result) and
# prints "N passed, N failed" as the last line. Exits 1 if anything failed or nothing ran.
set -eu
log=$1
if [ ! -s "$log" ]; then
	echo "no test log at $log"
	echo "0 passed, 1 failed"
	exit 1
fi
jq -rs '
  map(
    (.stdout // "") as $out
    | ($out | split("\n")) as $lines
    | ([$lines[] | select(test("^ok( |$)"))] | length) as $ok
    | ([$lines[] | select(test("^not ok( |$)"))] | length) as $nok
    | if ($ok + $nok) == 0 then
        (if .result == "OK" or .result == "EXPECTEDFAIL" or .result == "SKIP" then {p:1,f:0} else {p:0,f:1} end)
      else
        {p:$ok, f:($nok + (if .result == "OK" then 0 else (if $nok == 0 then 1 else 0 end) end))}
      end
    | . + {name: .name}
  ) as $r
  | ($r | map(.p) | add) as $p | ($r | map(.f) | add) as $f
  | "\($p) passed, \($f) failed"
' "$log" > /tmp/cnap-summary.$$ || { echo "0 passed, 1 failed"; exit 1; }
jq -r 'select(.result != "OK" and .result != "SKIP") | "FAILED: \(.name) (\(.result))"' "$log" || true
summary=$(cat /tmp/cnap-summary.$$)
rm -f /tmp/cnap-summary.$$
echo "$summary"
case "$summary" in
	"0 passed,"*) exit 1 ;;
	*", 0 failed") exit 0 ;;
	*) exit 1 ;;
esac
