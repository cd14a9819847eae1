#!/bin/sh
# fuzz.sh [SECONDS]: builds the libFuzzer targets with clang (ASan+UBSan) and
# runs each for SECONDS (default 60) on its corpus in fuzz/corpus/<target>,
# adding what it finds there. Crashes are left as crash-* files in the top folder.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=disabled -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C build-fuzz
for f in build-fuzz/fuzz/fuzz_*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	name=${f##*/fuzz_}
	mkdir -p "fuzz/corpus/$name"
	echo "== $name ($secs s)"
	ASAN_OPTIONS=detect_leaks=1 "$f" -max_total_time="$secs" -max_len=65536 "fuzz/corpus/$name"
done
