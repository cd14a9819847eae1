#!/bin/sh
# valgrind.sh: the main CLI paths under valgrind memcheck on the plain (unsanitized)
# build; fails on any memory error or definite leak outside tests/valgrind.supp, on a
# crash, and on an exit code the command should not have.
set -eu
cd "$(dirname "$0")/.."
make build >/dev/null
cnap=$PWD/build/src/cli/cnap
supp=$PWD/tests/valgrind.supp
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
# run CODE ARGS...: cnap ARGS under memcheck must exit with CODE, and memcheck must say
# nothing. A signal (exit 128+N), memcheck's own 99 or any other code is a failure.
run() {
	want=$1
	shift
	rc=0
	valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99 \
		--suppressions="$supp" --log-file=vg.log "$cnap" "$@" >/dev/null 2>err.log || rc=$?
	if [ "$rc" -eq "$want" ] && [ ! -s vg.log ]; then
		echo "ok - $* (exit $rc)"
		return
	fi
	if [ "$rc" -gt 128 ]; then
		why="killed by signal $((rc - 128))"
	elif [ "$rc" -eq 99 ]; then
		why="memcheck errors"
	elif [ "$rc" -ne "$want" ]; then
		why="exit $rc, expected $want"
	else
		why="memcheck reported"
	fi
	echo "not ok - $* ($why)"
	sed 's/^/# /' vg.log err.log
	fails=$((fails + 1))
}
run 0 init --db v.db --sample
run 0 calc --db v.db --cycle 2023 --json
run 0 cycle export --db v.db --cycle 2023 --output v.json
run 0 cycle import --db w.db --file v.json
run 0 question file --db v.db --cycle 2023 --wg denshi --association bearing --item II.1 --text テスト
run 0 question list --db v.db --cycle 2023 --json
run 0 publish qa-list --db v.db --cycle 2023 --wg denshi --format html --output v.html
run 0 publish qa-list --db v.db --cycle 2023 --wg denshi --association bearing --format pdf --output v.pdf
run 0 publish summary --db v.db --cycle 2023 --wg denshi --format pdf --output s.pdf
run 0 publish chart --db v.db --cycle 2023 --association bearing --output c.svg
run 0 publish qa-list --db v.db --cycle 2023 --wg denshi --format xlsx --output v.xlsx
run 0 search --db v.db --q "根拠 目" --json
run 0 search --db v.db --q ＣＯ２ --as bearing-staff
run 0 search --db v.db --reindex
run 4 search --db v.db --q "\"*()"
# an unknown survey item is not found (3): the error path is checked too
run 3 question file --db v.db --cycle 2023 --wg denshi --association bearing --item nope --text x
echo "valgrind: $fails failing command(s)"
[ "$fails" -eq 0 ]
