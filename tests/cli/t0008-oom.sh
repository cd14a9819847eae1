#!/bin/sh
# Out of memory, tested as SQLite does: run a command once to count its
# allocations, then again with allocation N made to fail, for N over that
# count, in each series (cnap's own with jansson's, and SQLite's; see
# src/base/alloc.h). Each run must either
#   - fail cleanly: exit 1, "out of memory" on stderr, no sanitizer report
#     (leaks included), the database as it was, no output file; or
#   - succeed as if nothing happened (SQLite absorbs some failures itself):
#     the same output and database as the run without failures.
#
# Stepping N over every allocation of every path takes hours on
# 2 cores under ASan, so by default each path walks a budget of points
# spread with a prime stride (a stride that is a multiple of a loop's
# allocations per row would hit the same call every time). The paths share
# their first hundreds of allocations (options, opening the store, reading
# the cycle), so those are stepped one by one once, in calc. The PDF costs
# half a second a run, and its reading and document building are those of
# the HTML run, so it gets the fewest points. OOM_FULL=1 steps every N;
# OOM_ONLY='publish*' runs only the paths whose names match.
. "$(dirname "$0")/lib.sh"

export CNAP_FAST_HASH=1
unset CNAP_FAIL_ALLOC CNAP_FAIL_ALLOC_SQLITE CNAP_FAIL_ALLOC_LOG
full=${OOM_FULL:-0}

"$CNAP" init --db sample.db --sample >/dev/null || { fail "init the sample" "$(cat err)"; finish; exit 1; }
"$CNAP" init --db empty.db >/dev/null
"$CNAP" cycle export --db sample.db --cycle 2023 --output cycle.json 2>/dev/null
"$CNAP" survey export-xlsx --db sample.db --cycle 2023 --wg denshi --association bearing --output wb.xlsx >/dev/null
"$CNAP" survey export-csv --db sample.db --cycle 2023 --wg denshi --association bearing --table fuels \
	--output fuels.csv >/dev/null

is_prime() {
	p=$1
	[ "$p" -lt 2 ] && return 1
	d=2
	while [ $((d * d)) -le "$p" ]; do
		[ $((p % d)) -eq 0 ] && return 1
		d=$((d + 1))
	done
	return 0
}

# stride TOTAL BUDGET: 1 if the budget covers every allocation, else the next prime above TOTAL/BUDGET
stride() {
	if [ "$full" = 1 ] || [ "$1" -le "$2" ]; then echo 1; return; fi
	s=$((($1 + $2 - 1) / $2))
	while ! is_prime "$s"; do s=$((s + 1)); done
	echo "$s"
}

# state DB: the database's content (schema and rows), or "absent"
state() {
	if [ -e "$1" ]; then sqlite3 "$1" .dump 2>&1; else echo absent; fi
}

# unchanged BASE: w.db is as BASE was (the same bytes, or else the same content); BASE "-": no w.db at all
unchanged() {
	if [ "$1" = - ]; then
		! ls w.db w.db-wal w.db-shm >/dev/null 2>&1
		return
	fi
	{ cmp -s w.db "$1" && [ ! -e w.db-wal ]; } || [ "$(state w.db)" = "$before" ]
}

# leftovers OUT: files next to the output the command may have left (the output itself, temp files)
leftovers() {
	[ -n "$1" ] || return 0
	ls -d "$1" "$1".* 2>/dev/null
}

# oom NAME DB OUT DENSE BUDGET_OWN BUDGET_SQLITE -- ARGS...
#   Allocations 1..DENSE of both series are each failed in turn; after that
#   BUDGET points are spread over the rest.
#   DB: the pristine database copied to w.db before each run ("-": none; the
#   command creates w.db). OUT: the file the command writes ("" for stdout
#   only). ARGS use w.db and, for files, OUT.
oom() {
	name=$1 base=$2 outf=$3 dense=$4 budget_own=$5 budget_sqlite=$6
	shift 7
	# shellcheck disable=SC2254
	case "$name" in ${OOM_ONLY:-*}) ;; *) return ;; esac
	rm -f w.db w.db-wal w.db-shm
	[ "$base" != - ] && cp "$base" w.db
	before=$(state w.db)
	rm -f count.log
	[ -n "$outf" ] && rm -f "$outf" "$outf".*
	CNAP_FAIL_ALLOC_LOG=count.log "$CNAP" "$@" >ref.out 2>ref.err
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$name: runs without failures" "exit $rc" "$(head -c 400 ref.err)"
		return
	fi
	[ -n "$outf" ] && mv "$outf" ref.file
	after=$(state w.db)
	for series in own sqlite; do
		total=$(sed -n "s/^count $series //p" count.log)
		if [ "$series" = own ]; then budget=$budget_own var=CNAP_FAIL_ALLOC; else budget=$budget_sqlite var=CNAP_FAIL_ALLOC_SQLITE; fi
		step=$(stride "$total" "$budget")
		bad=0 runs=0 failed_clean=0 absorbed=0 notes=""
		i=1
		while [ "$i" -le "$total" ]; do
			rm -f w.db w.db-wal w.db-shm fail.log
			[ "$base" != - ] && cp "$base" w.db
			env "$var=$i" CNAP_FAIL_ALLOC_LOG=fail.log "$CNAP" "$@" >run.out 2>run.err
			rc=$?
			runs=$((runs + 1))
			problem=""
			if grep -q -e 'Sanitizer' -e 'runtime error' run.err; then
				problem="sanitizer report: $(grep -m1 -e 'ERROR' -e 'runtime error' run.err)"
			elif ! grep -q "^failed $series $i\$" fail.log 2>/dev/null; then
				problem="allocation $i was never asked for (the count said $total)"
			elif [ "$rc" -eq 0 ]; then
				absorbed=$((absorbed + 1))
				if [ "$(state w.db)" != "$after" ]; then
					problem="exit 0 but the database differs from a run without failures"
				elif [ -n "$outf" ] && ! cmp -s "$outf" ref.file; then
					problem="exit 0 but $outf differs from a run without failures"
				elif ! cmp -s run.out ref.out; then
					problem="exit 0 but the standard output differs: $(head -c 200 run.out)"
				fi
			elif [ "$rc" -ne 1 ]; then
				problem="exit $rc, not 1: $(head -c 300 run.err)"
			elif ! grep -q 'out of memory' run.err; then
				problem="no 'out of memory' message: $(head -c 300 run.err)"
			elif ! unchanged "$base"; then
				problem="the failed command changed the database"
			elif [ -n "$(leftovers "$outf")" ]; then
				problem="the failed command left $(leftovers "$outf" | tr '\n' ' ')"
			else
				failed_clean=$((failed_clean + 1))
			fi
			[ -n "$outf" ] && rm -f "$outf" "$outf".*
			if [ -n "$problem" ]; then
				bad=$((bad + 1))
				[ "$bad" -le 8 ] && notes="$notes
$var=$i: $problem"
			fi
			if [ "$i" -lt "$dense" ]; then i=$((i + 1)); else i=$((i + step)); fi
		done
		if [ "$bad" -eq 0 ]; then
			pass "$name: $series allocations 1..$total (each to $dense, then step $step): $failed_clean clean failures, $absorbed absorbed"
		else
			fail "$name: $series allocations 1..$total (each to $dense, then step $step): $bad of $runs runs wrong"
			printf '%s\n' "$notes" | sed '/^$/d; s/^/#   /'
		fi
	done
}

pub="publish qa-list --db w.db --cycle 2023 --wg denshi"
oom "calc" sample.db "" 250 80 60 -- calc --db w.db --cycle 2023 --json
oom "question file" sample.db "" 100 100 100 -- question file --db w.db --cycle 2023 --wg denshi --association bearing \
	--item II.1 --text "削減見通しの根拠を示してください"
oom "cycle import" empty.db "" 0 80 40 -- cycle import --db w.db --file cycle.json
oom "init --sample" - "" 0 40 20 -- init --db w.db --sample
wb="--cycle 2023 --wg denshi --association bearing"
oom "survey import-xlsx" sample.db "" 0 90 30 -- survey import-xlsx --db w.db $wb --file wb.xlsx
oom "survey export-xlsx" sample.db out.xlsx 0 60 15 -- survey export-xlsx --db w.db $wb --output out.xlsx
oom "survey import-csv" sample.db "" 0 40 15 -- survey import-csv --db w.db $wb --table fuels --file fuels.csv
# two versions compared (issue 12 item 5): a read, in JSON and as text
cp sample.db diff.db
"$CNAP" survey text set --db diff.db $wb --item II.5 --text "高効率ボイラーを導入した。投資額は5億円である。" >/dev/null
oom "survey diff" diff.db "" 0 60 20 -- survey diff --db w.db $wb --json
oom "survey diff text" diff.db "" 0 30 10 -- survey diff --db w.db $wb
# the search (issue 13): a read with snippets, and the rebuild of the index, a write of every row
oom "search" sample.db "" 0 60 20 -- search --db w.db --q "根拠 目" --json
oom "search reindex" sample.db "" 0 30 15 -- search --db w.db --reindex
for f in html csv json xlsx; do
	oom "publish $f" sample.db "out.$f" 0 70 25 -- $pub --format "$f" --output "out.$f"
done
# cairo's and fontconfig's own leaks are suppressed by stack (tests/lsan.supp): that needs the slow unwinder
asan=${ASAN_OPTIONS:-}
export ASAN_OPTIONS="$asan:fast_unwind_on_malloc=0"
oom "publish pdf" sample.db out.pdf 0 20 8 -- $pub --format pdf --output out.pdf
export ASAN_OPTIONS="$asan"
finish
