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
# issue 15: a question's notices, reminders, the outbox through libcurl to a port nobody listens on
run 0 user edit --db v.db --login bearing-staff --email bearing-staff@example.jp
run 0 question file --db v.db --cycle 2023 --wg denshi --association bearing --item II.5 --text 送付の試験
run 0 question send --db v.db --id 59 --due 2023-10-03
run 0 mail remind --db v.db
printf 'smtp_url = smtp://127.0.0.1:9\nstarttls = none\nfrom = noreply@example.jp\nbase_url = https://cnap.example.jp\n' >mail.conf
run 0 mail send --db v.db --config mail.conf
run 0 mail outbox --db v.db --json
run 0 mail show --db v.db --id 1 --config mail.conf
run 0 notice list --db v.db --as bearing-staff --json
run 0 mail template preview --db v.db --event reminder --subject "{{団体名}}" --body "{{残り日数}}"
run 4 mail template set --db v.db --event reminder --subject "{{期日}}" --body x
# an unknown survey item is not found (3): the error path is checked too
run 3 question file --db v.db --cycle 2023 --wg denshi --association bearing --item nope --text x
echo "valgrind: $fails failing command(s)"
[ "$fails" -eq 0 ]
