#!/bin/sh
# fuzz.sh [SECONDS [TAP]]: builds the libFuzzer targets with clang (ASan+UBSan) and
# runs each for SECONDS (default 60) on its corpus in fuzz/corpus/<target>,
# adding what it finds there. Crashes are left as crash-* files in the top folder.
# With TAP (make check), the corpora are copied first so the tree is not changed,
# and each target's run is reported as one TAP case.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
tap=${2:-}
build=${FUZZ_BUILD:-build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" -Dfuzz=true -Dtests=disabled -Db_sanitize=address,undefined -Db_lundef=false \
		>"$build.setup.log" 2>&1 || { cat "$build.setup.log" >&2; [ -n "$tap" ] && echo "not ok 1 - clang fuzz build set-up"; exit 1; }
fi
if ! ninja -C "$build" >"$build.ninja.log" 2>&1; then
	cat "$build.ninja.log" >&2
	[ -n "$tap" ] && echo "not ok 1 - clang fuzz build (clang -Werror)"
	exit 1
fi
[ -n "$tap" ] && echo "ok 1 - clang build of every target with -Werror"
if [ -n "$tap" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	cp -r fuzz/corpus "$work/corpus"
	mkdir -p "$work/web" && cp -r fuzz/web/corpus "$work/web/corpus"
	n=1
	for f in "$build"/fuzz/fuzz_* "$build"/fuzz/web/fuzz_web_*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		name=${f##*/}
		case $name in
		fuzz_web_*) corpus="$work/web/corpus/${name#fuzz_web_}" ;;
		*) corpus="$work/corpus/${name#fuzz_}" ;;
		esac
		mkdir -p "$corpus"
		n=$((n + 1))
		bin=$(cd "$(dirname "$f")" && pwd)/$name
		if (cd "$work" && ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -max_len=65536 \
			"$corpus" >"$work/$name.log" 2>&1); then
			echo "ok $n - $name: $(grep -o 'Done [0-9]* runs' "$work/$name.log" | tail -1) without a finding"
		else
			echo "not ok $n - $name found a problem"
			tail -40 "$work/$name.log" | sed 's/^/# /'
		fi
	done
	echo "1..$n"
	exit 0
fi
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
