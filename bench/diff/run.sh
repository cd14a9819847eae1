#!/bin/sh
# Text comparison benchmark (issue 12 item 5; docs/performance.md "## Comparing texts").
#
#   sh bench/diff/run.sh [ROUNDS] [REPS]      (defaults 3 5)
#
# Builds src/base, src/model and src/calc (meson, release) in bench/diff/build,
# compiles bench_diff.c against them, generates the pairs (fixed seed), and runs
# ROUNDS rounds of [cnap: REPS passes per case, difflib and git: REPS passes
# per case], each after an untimed warm-up, in the same run on the same pairs.
# Prints the medians and the ratios (summary.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
reps=${2:-5}
build="$here/build"
out="$here/out"
py=/usr/bin/python3

echo "== build (meson release, static libraries of src/base, src/model, src/calc)"
libs=$(sh "$root/bench/engine_libs.sh" "$build" "$root")
# shellcheck disable=SC2086 # one path a word
gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$root/src" "$here/bench_diff.c" $libs -lm -o "$build/bench_diff"

rm -rf "$out"
mkdir -p "$out"
{
	echo "loadavg_start $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "rounds $rounds"
	echo "reps $reps"
	echo "versions gcc $(gcc -dumpfullversion), $($py --version), $(git --version)"
} >"$out/timings.txt"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "== round $i"
	if [ "$i" -eq 1 ]; then
		"$build/bench_diff" "$out" "$reps" all
		"$py" "$here/bench_peers.py" "$out" "$reps"
	else
		"$build/bench_diff" "$out" "$reps" time
		"$py" "$here/bench_peers.py" "$out" "$reps" --time-only
	fi
	cat "$out/c_timings.txt" >>"$out/timings.txt"
	i=$((i + 1))
done
cat "$out/peer_timings.txt" >>"$out/timings.txt"
echo "== result"
"$py" "$here/summary.py" "$out"
