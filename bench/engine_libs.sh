#!/bin/sh
# engine_libs.sh BUILD ROOT: the static libraries of src/base, src/model and src/calc built with meson
# (release) in BUILD, for the benchmarks that link the engine alone; prints their paths, one a line.
set -eu
build=$1
root=$2
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" --buildtype=release -Dtests=disabled >"$build.setup.log" 2>&1 ||
		{ cat "$build.setup.log" >&2; exit 1; }
	rm -f "$build.setup.log"
fi
libs="src/calc/libcnap_calc.a src/model/libcnap_model.a src/base/libcnap_base.a"
# shellcheck disable=SC2086 # word splitting of $libs is intended
ninja -C "$build" $libs >/dev/null
for l in $libs; do printf '%s\n' "$build/$l"; done
