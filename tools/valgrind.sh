#!/bin/sh
# valgrind.sh: the main CLI paths under valgrind memcheck on the plain (unsanitized)
# build; fails on any memory error or definite leak outside tests/valgrind.supp.
set -eu
cd "$(dirname "$0")/.."
make build >/dev/null
cnap=$PWD/build/src/cli/cnap
supp=$PWD/tests/valgrind.supp
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
run() {
	if valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
		--suppressions="$supp" "$cnap" "$@" >/dev/null 2>vg.log; then
		echo "ok - $*"
	else
		rc=$?
		[ "$rc" -eq 99 ] && { echo "not ok - $*"; cat vg.log; fails=$((fails + 1)); } || echo "ok - $* (exit $rc)"
	fi
}
run init --db v.db --sample
run calc --db v.db --cycle 2023 --json
run cycle export --db v.db --cycle 2023 --output v.json
run cycle import --db w.db --file v.json
run question file --db v.db --cycle 2023 --wg denshi --association bearing --item II.1 --text テスト
run question list --db v.db --cycle 2023 --json
run publish qa-list --db v.db --cycle 2023 --wg denshi --format html --output v.html
run publish qa-list --db v.db --cycle 2023 --wg denshi --association bearing --format pdf --output v.pdf
run publish summary --db v.db --cycle 2023 --wg denshi --format pdf --output s.pdf
run publish chart --db v.db --cycle 2023 --association bearing --output c.svg
run publish qa-list --db v.db --cycle 2023 --wg denshi --format xlsx --output v.xlsx
run question file --db v.db --cycle 2023 --wg denshi --association bearing --item nope --text x
echo "valgrind: $fails failing command(s)"
[ "$fails" -eq 0 ]
