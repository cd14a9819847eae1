#!/bin/sh
# run.sh [SECONDS]: build the web fuzz targets with clang and run each for a while
# (default 60 s), starting from the committed seeds in fuzz/web/corpus (which stay
# small: copy an input worth keeping there by hand). Crash files land in the
# current directory. Not part of `make check`, which replays the seeds.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-60}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
srcs="$root/src/web/tv.c $root/src/web/tmpl_compile.c $root/src/web/tmpl_render.c $root/src/web/tmpl_html_state.c
      $root/src/web/form.c $root/src/web/router.c $root/src/base/err.c $root/src/base/buf.c $root/src/base/arena.c
      $root/src/base/utf8.c"
for f in tmpl form cookie; do
	clang -std=c11 -g -O1 -I"$root/src" -fsanitize=fuzzer,address,undefined -o "$out/fuzz_$f" \
		"$here/fuzz_$f.c" $srcs
	mkdir -p "$out/corpus-$f"
	cp "$here/corpus/$f"/* "$out/corpus-$f/"
	"$out/fuzz_$f" -max_total_time="$secs" -max_len=4096 "$out/corpus-$f"
done
