#!/bin/sh
# Search benchmark (issue 13; docs/performance.md "## Search").
#
#   sh bench/search/run.sh [ROUNDS] [CNAP_REPS] [SCAN_REPS]      (defaults 3 20 3)
#
# Builds cnap (meson, release, in bench/search/build; ninja -j1, nice: the machine is
# shared) and bench_search.c against its static libraries. Generates the archive with a
# fixed seed (gen_archive.py: 10 cycles 2014-2023, 44 associations in 4 WGs, 10,000
# questions a year with their answers, every association's item texts) and loads it
# through cnap's own store, one `cnap cycle import` a cycle, so migration 0011's triggers
# build the index as they do for every write (import times in out/timings.txt). The
# database is kept (out/archive.db) while gen_archive.py and the cnap binary are
# unchanged (out/archive.stamp).
#
# bench_search then checks (FTS5 and LIKE find the same rows; both sides return the same
# number of hits, the association only its own) and times, in one process, ROUNDS rounds
# of: per query of out/queries.txt and per actor (the secretariat, one association's user),
# one untimed call of each side, CNAP_REPS calls of cnap_uc_search and SCAN_REPS LIKE
# scans. Last, `cnap search --reindex` on a copy (the index built from scratch). Prints
# the medians (summary.py). Not a test: nothing here runs in `make check`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
cnap_reps=${2:-20}
scan_reps=${3:-3}
build="$here/build"
out="$here/out"
cnap="$build/src/cli/cnap"
py=/usr/bin/python3
login=a05-staff # the association the benchmark searches as (its texts: the sample's 日本工作機械工業会's, refilled)

echo "== build (meson release in $build)"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" --buildtype=release -Dtests=disabled >"$here/build.setup.log" 2>&1 ||
		{ cat "$here/build.setup.log" >&2; exit 1; }
	rm -f "$here/build.setup.log"
fi
libs="src/usecase/libcnap_usecase.a src/auth/libcnap_auth.a src/store/libcnap_store.a src/publish/libcnap_publish.a
src/io/libcnap_io.a src/io/libcnap_io_pdf.a src/calc/libcnap_calc.a src/model/libcnap_model.a src/base/libcnap_base.a"
# shellcheck disable=SC2086 # one path a word
nice ninja -j1 -C "$build" src/cli/cnap $libs >/dev/null
set --
for l in $libs; do set -- "$@" "$build/$l"; done
# shellcheck disable=SC2046 # pkg-config's flags, a word each
nice gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$root/src" -I "$build/src" "$here/bench_search.c" "$@" \
	$(pkg-config --cflags --libs pangocairo poppler-glib libutf8proc sqlite3 jansson libzip expat xlsxwriter libsodium) \
	-lm -o "$build/bench_search"

mkdir -p "$out"
db="$out/archive.db"
stamp=$(cat "$here/gen_archive.py" "$cnap" | sha256sum | cut -c1-16)
if [ -f "$db" ] && [ "$(cat "$out/archive.stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "== archive: kept ($db)"
else
	echo "== archive: generating and importing (a minute or two)"
	rm -rf "$out"
	mkdir -p "$out"
	"$py" "$here/gen_archive.py" "$root" "$out/json"
	for f in "$out"/json/cycle-*.json; do
		year=$(basename "$f" .json | cut -d- -f2)
		t0=$(date +%s%N)
		nice "$cnap" cycle import --db "$db" --file "$f" >/dev/null
		t1=$(date +%s%N)
		echo "import_s $year $(echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) / 1e9 }')" | tee -a "$out/import.txt"
	done
	cp "$out/json/archive.txt" "$out/json/queries.txt" "$out/"
	rm -rf "$out/json"
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	echo "$stamp" >"$out/archive.stamp"
fi

{
	echo "loadavg_start $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "rounds $rounds"
	echo "cnap_reps $cnap_reps"
	echo "scan_reps $scan_reps"
	echo "login $login"
	echo "versions gcc $(gcc -dumpfullversion), SQLite $(sqlite3 --version | cut -d' ' -f1)," \
		"cnap $(git -C "$root" rev-parse --short HEAD)"
	echo "db_bytes $(stat -c %s "$db")"
	sqlite3 "$db" "SELECT 'table_bytes ' || name || ' ' || sum(pgsize) FROM dbstat GROUP BY name
		ORDER BY sum(pgsize) DESC"
	sqlite3 "$db" "SELECT 'docs ' || kind || ' ' || count(*) || ' ' || sum(length(body)) FROM search_docs GROUP BY kind"
	cat "$out/import.txt"
} >"$out/info.txt"
rm -f "$out/timings.txt"
echo "== bench_search: $rounds round(s), $cnap_reps cnap calls and $scan_reps scans a query and actor"
status=0
"$build/bench_search" "$db" "$out/queries.txt" "$out" "$rounds" "$cnap_reps" "$scan_reps" "$login" || status=$?

echo "== cnap search --reindex (on a copy)"
cp "$db" "$out/reindex.db"
t0=$(date +%s%N)
nice "$cnap" search --db "$out/reindex.db" --reindex
t1=$(date +%s%N)
{
	echo "reindex_s $(echo "$t0 $t1" | awk '{ printf "%.2f", ($2 - $1) / 1e9 }')"
	sqlite3 "$out/reindex.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	echo "reindex_db_bytes $(stat -c %s "$out/reindex.db")"
	echo "loadavg_end $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$out/info.txt"
rm -f "$out"/reindex.db*

echo "== result"
"$py" "$here/summary.py" "$out"
[ "$status" -eq 0 ] || { echo "bench: a check failed, see $out/checks.txt" >&2; exit 1; }
