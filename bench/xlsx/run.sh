#!/bin/sh
# Survey workbook import benchmark (issue 10 item 7; docs/performance.md "## Survey workbook import").
#
#   sh bench/xlsx/run.sh [ROUNDS] [ASSOCIATIONS] [YEARS]      (defaults 5 44 20)
#
# Makes a synthetic cycle (gen_cycle.py: ASSOCIATIONS associations, YEARS fiscal
# years of series and fuels, records tables as long as YEARS years make them),
# imports it, and exports one workbook per association (cnap survey
# export-xlsx). Then ROUNDS rounds, alternating the order every round, of:
#   cnap       cnap survey import-xlsx of every workbook, one process each, on a
#              fresh copy of the database (import_all.py: posix_spawn + wait4
#              for exact wall and CPU times; each must exit 0 and say 第2版;
#              after the round every association must be at version 2, else
#              the script fails);
#   openpyxl   one /usr/bin/python3 process: load_workbook(data_only=True) and
#              every value of every sheet of every workbook (bench_openpyxl.py);
#   openpyxl read-only   the same with read_only=True;
#   bench_read cnap's bare reader (src/io/xlsx_read.h) over every workbook, one
#              process (bench_read.c, compiled against the release build's
#              static libraries);
#   one file   openpyxl and bench_read on the first workbook alone.
# Every process runs under /usr/bin/time (peak RSS, %M; CPU, %U %S, for the
# readers); their wall times are date +%s%N around it. Every reader must count the same non-empty
# cells, else the script fails. Prints the medians over the rounds
# (summary.py) as a Markdown table for docs/performance.md.
# Not a test. Uses the optimized build (make build), not the sanitized one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-5}
n_assoc=${2:-44}
years=${3:-20}
cnap=${CNAP:-$root/build/src/cli/cnap}
py=/usr/bin/python3 # Debian's, with python3-openpyxl from apt
out="$here/out"
build="$here/build"
timer=/usr/bin/time # Debian's time package (packages.txt)

sh "$root/tools/install-deps.sh"
[ -x "$cnap" ] || { echo "bench: no $cnap; run 'make build' first" >&2; exit 1; }
[ -f "$root/build/src/io/libcnap_io.a" ] || { echo "bench: no release build; run 'make build' first" >&2; exit 1; }
"$py" -c 'import openpyxl' || { echo "bench: $py has no openpyxl (apt install python3-openpyxl)" >&2; exit 1; }

echo "== bench_read (cnap's xlsx reader, the release build's static libraries)"
mkdir -p "$build"
gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$root/src" "$here/bench_read.c" \
	"$root/build/src/io/libcnap_io.a" "$root/build/src/base/libcnap_base.a" -lzip -lexpat -lm -o "$build/bench_read"

echo "== data: $n_assoc associations x $years years, one workbook each"
rm -rf "$out"
mkdir -p "$out/wb"
"$py" "$here/gen_cycle.py" "$n_assoc" "$years" "$root/data/templates/2023.json" "$out/cycle.json"
"$cnap" cycle import --db "$out/base.db" --file "$out/cycle.json" >/dev/null
codes=$(i=0; while [ "$i" -lt "$n_assoc" ]; do printf 'a%02d ' "$i"; i=$((i + 1)); done)
for a in $codes; do
	"$cnap" survey export-xlsx --db "$out/base.db" --cycle 2023 --wg bench --association "$a" --output "$out/wb/$a.xlsx" >/dev/null
done
set --
for a in $codes; do set -- "$@" "$out/wb/$a.xlsx"; done
first=$1
bytes=$(cat "$@" | wc -c)

# The non-empty cells, counted by openpyxl and by cnap's reader (also the warm-up of both).
cells=$("$py" "$here/bench_openpyxl.py" "$@" | awk '$1 == "total" { print $3 }')
cells_c=$("$build/bench_read" "$@" | awk '$1 == "total" { print $3 }')
[ "$cells" = "$cells_c" ] || { echo "bench: openpyxl counts $cells cells, cnap's reader $cells_c" >&2; exit 1; }
cells_one=$("$py" "$here/bench_openpyxl.py" "$first" | awk '$1 == "total" { print $3 }')
echo "$# workbooks, $bytes bytes, $cells non-empty cells ($cells_one in $first)"

ns() { date +%s%N; }
# run LABEL ROUND CMD...: one timed process; appends "LABEL ROUND WALL_S CPU_S RSS_KB" to timings.txt,
# its standard output to $out/last.out.
run() {
	label=$1 round=$2
	shift 2
	t0=$(ns)
	if ! "$timer" -f '%U %S %M' -o "$out/time.one" "$@" >"$out/last.out" 2>&1; then
		echo "bench: failed: $*" >&2
		cat "$out/last.out" "$out/time.one" >&2
		exit 1
	fi
	t1=$(ns)
	awk -v l="$label" -v r="$round" -v ns=$((t1 - t0)) 'END { printf "%s %s %.6f %.2f %s\n", l, r, ns / 1e9, $1 + $2, $3 }' \
		"$out/time.one" >>"$out/timings.txt"
}
# The reader's own per-file times ("file SECONDS CELLS" lines) and its cell count.
inner() {
	awk -v l="$1" -v r="$2" '$1 == "file" { printf "%s_file %s %s\n", l, r, $2 }' "$out/last.out" >>"$out/timings.txt"
	got=$(awk '$1 == "total" { print $3 }' "$out/last.out")
	[ "$got" = "$3" ] || { echo "bench: $1 read $got cells, not $3" >&2; exit 1; }
}

round_cnap() {
	r=$1
	rm -f "$out/round.db" "$out/round.db-wal" "$out/round.db-shm"
	cp "$out/base.db" "$out/round.db"
	set --
	for a in $codes; do set -- "$@" "$a=$out/wb/$a.xlsx"; done
	"$py" "$here/import_all.py" "$r" "$out/timings.txt" "$out/import.out" "$cnap" "$out/round.db" "$@"
	at2=$(sqlite3 "$out/round.db" "SELECT count(*) FROM (SELECT p.id FROM participations p JOIN submissions s ON
		s.participation_id = p.id GROUP BY p.id HAVING max(s.version) = 2 AND count(*) = 2)")
	[ "$at2" = "$n_assoc" ] || { echo "bench: $at2 of $n_assoc associations at version 2" >&2; exit 1; }
}
round_py() {
	r=$1
	shift
	run openpyxl "$r" "$py" "$here/bench_openpyxl.py" "$@"
	inner openpyxl "$r" "$cells"
	run openpyxl_ro "$r" "$py" "$here/bench_openpyxl.py" --read-only "$@"
	inner openpyxl_ro "$r" "$cells"
}

# One untimed import of the first workbook, so the page cache holds cnap and its libraries.
cp "$out/base.db" "$out/warm.db"
"$cnap" survey import-xlsx --db "$out/warm.db" --cycle 2023 --wg bench --association a00 --file "$first" >/dev/null
rm -f "$out/warm.db"*

echo "loadavg_start $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/load.txt"
: >"$out/timings.txt"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "== round $i of $rounds (load $(cut -d' ' -f1 /proc/loadavg))"
	if [ $((i % 2)) -eq 1 ]; then
		round_cnap "$i"
		round_py "$i" "$@"
	else
		round_py "$i" "$@"
		round_cnap "$i"
	fi
	run bench_read "$i" "$build/bench_read" "$@"
	inner bench_read "$i" "$cells"
	run openpyxl_one "$i" "$py" "$here/bench_openpyxl.py" "$first"
	run bench_read_one "$i" "$build/bench_read" "$first"
	i=$((i + 1))
done
echo "loadavg_end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/load.txt"

echo "== result"
"$py" "$here/summary.py" "$out" "$#" "$cells" "$bytes"
