#!/bin/sh
# Calculation-engine benchmark (issue 4; docs/performance.md "## Calculation engine").
#
#   sh bench/calc/run.sh [ROUNDS] [REPS] [COMPANIES]      (defaults 3 7 10000)
#
# Builds the engine's static libraries (meson, release) in bench/calc/build,
# compiles bench_calc.c against them, generates the synthetic data, and runs
# ROUNDS rounds of [C: REPS timed passes, pandas: REPS timed passes], each
# after one untimed warm-up. Round 1 also writes every result and checks
# that C and pandas agree (compare.py); it fails if they do not. Prints the
# medians over all rounds, throughput and the ratio to pandas.
# Installs nothing itself beyond tools/install-deps.sh (packages.txt).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
reps=${2:-7}
companies=${3:-10000}
build="$here/build"
out="$here/out"
py=/usr/bin/python3 # Debian's, with python3-pandas from apt

sh "$root/tools/install-deps.sh"

echo "== build (meson release, static libraries of src/base, src/model, src/calc)"
libs=$(sh "$root/bench/engine_libs.sh" "$build" "$root")
# shellcheck disable=SC2086 # one path a word
gcc -std=c11 -O2 -Wall -Wextra -Werror -pthread -I "$root/src" "$here/bench_calc.c" $libs -lm -o "$build/bench_calc"

rm -rf "$out"
mkdir -p "$out"
echo "loadavg_start $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/timings.txt"
i=1
while [ "$i" -le "$rounds" ]; do
	if [ "$i" -eq 1 ]; then
		echo "== round 1: data, results and timings (C, then pandas)"
		"$build/bench_calc" "$out" "$reps" "$companies" all
		"$py" "$here/bench_pandas.py" "$out" "$reps"
		echo "== C and pandas agree?"
		"$py" "$here/compare.py" "$out"
	else
		echo "== round $i: timings"
		"$build/bench_calc" "$out" "$reps" "$companies" time
		"$py" "$here/bench_pandas.py" "$out" "$reps" --time-only
	fi
	cat "$out/c_timings.txt" "$out/py_timings.txt" >>"$out/timings.txt"
	i=$((i + 1))
done

echo "== result"
"$py" "$here/summary.py" "$out"
