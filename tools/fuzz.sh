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
run_target() { # BINARY CORPUS_DIR
	[ -f "$1" ] && [ -x "$1" ] || return 0
	mkdir -p "$2"
	echo "== ${1##*/} ($secs s)"
	ASAN_OPTIONS=detect_leaks=1 "$1" -max_total_time="$secs" -max_len=65536 "$2"
}
for f in build-fuzz/fuzz/fuzz_*; do
	run_target "$f" "fuzz/corpus/${f##*/fuzz_}"
done
for f in build-fuzz/fuzz/web/fuzz_web_*; do
	run_target "$f" "fuzz/web/corpus/${f##*/fuzz_web_}"
done
