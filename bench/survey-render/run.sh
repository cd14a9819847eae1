#!/bin/sh
# The printed 調査票 benchmark (issue 12 part 3; docs/performance.md "## The printed 調査票").
#
#   sh bench/survey-render/run.sh [RUNS]      (default 7)
#
# Takes the sample's largest survey (the association whose rendering has the most pages) and times,
# each RUNS times after one untimed warm-up, under hyperfine (--shell=none):
#   cnap          cnap survey render --rendered: a whole process that opens the database, loads the
#                 version's texts and data, lays it out and writes the PDF;
#   LibreOffice   soffice --headless --convert-to pdf of the same text as a .docx (made untimed from
#                 `cnap survey text show` by texts_to_fodt.py and LibreOffice itself), with a private
#                 profile an untimed conversion created first;
# and, in one process, the layout alone (bench_layout.c against the release build's libraries: what a
# new version's page map costs), the median of RUNS x 5 layouts and the first one of the process.
# Prints the medians, the ratio and the pages as Markdown (out/summary.md).
# Not a test. Builds a release cnap in build-bench-survey/ (-O2 -Dtests=disabled).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-7}
build="$root/build-bench-survey"
out="$here/out"
cnap="$build/src/cli/cnap"

command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
command -v soffice >/dev/null || { echo "bench: LibreOffice is needed (apt-get install libreoffice-writer-nogui)" >&2; exit 1; }
[ -f "$build/build.ninja" ] || meson setup "$build" -Dtests=disabled >/dev/null
ninja -C "$build" src/cli/cnap >/dev/null

rm -rf "$out"
mkdir -p "$out/lo"
"$cnap" init --db "$out/s.db" --sample >/dev/null
best=
most=0
for a in $("$cnap" association list --db "$out/s.db" --cycle 2023 --wg denshi | awk '{print $1}'); do
	"$cnap" survey pages --db "$out/s.db" --cycle 2023 --wg denshi --association "$a" --json >"$out/$a.pages.json"
	n=$(jq '[.items[].page // 0] | max' "$out/$a.pages.json")
	[ "$n" -gt "$most" ] && most=$n && best=$a
done
base="--db $out/s.db --cycle 2023 --wg denshi --association $best"
echo "== the largest survey: $best (its last item begins on page $most)"

"$cnap" survey text show $base >"$out/texts.txt"
python3 "$here/texts_to_fodt.py" "$out/texts.txt" "$out/$best.pages.json" "$out/survey.fodt"
profile=$(mktemp -d /tmp/lo-profile-XXXXXX)
trap 'rm -rf "$profile"' EXIT
lo="soffice -env:UserInstallation=file://$profile --headless"
$lo --convert-to docx --outdir "$out" "$out/survey.fodt" >/dev/null 2>&1
[ -s "$out/survey.docx" ] || { echo "bench: LibreOffice made no .docx" >&2; exit 1; }

echo "== layout alone (one process, bench_layout.c)"
gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$root/src" -I "$build/src" "$here/bench_layout.c" \
	"$build/src/usecase/libcnap_usecase.a" "$build/src/auth/libcnap_auth.a" "$build/src/store/libcnap_store.a" \
	"$build/src/publish/libcnap_publish.a" "$build/src/io/libcnap_io.a" "$build/src/io/libcnap_io_pdf.a" \
	"$build/src/calc/libcnap_calc.a" "$build/src/model/libcnap_model.a" "$build/src/base/libcnap_base.a" \
	$(pkg-config --cflags --libs pangocairo poppler-glib libutf8proc sqlite3 jansson libzip expat xlsxwriter libsodium) \
	-lm -o "$out/bench_layout"
layout=$("$out/bench_layout" "$out/s.db" 2023 denshi "$best" $((runs * 5)))
echo "$layout"

echo "== whole runs (hyperfine)"
hyperfine --shell=none --warmup 1 --runs "$runs" --export-json "$out/times.json" \
	-n cnap "$cnap survey render $base --rendered --output $out/cnap.pdf" \
	-n libreoffice "$lo --convert-to pdf --outdir $out/lo $out/survey.docx" >"$out/hyperfine.txt"
cnap_pages=$(pdfinfo "$out/cnap.pdf" | sed -n 's/^Pages: *//p')
lo_pages=$(pdfinfo "$out/lo/survey.pdf" | sed -n 's/^Pages: *//p')
med() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000 | floor' "$out/times.json"; }
c=$(med cnap)
l=$(med libreoffice)
{
	echo "| what | median (ms) | pages |"
	echo "|---|---:|---:|"
	echo "| layout alone, in process (median; first of the process $(echo "$layout" | awk '{print $3}') ms) | $(echo "$layout" | awk '{print $1}') | $(echo "$layout" | awk '{print $2}') |"
	echo "| \`cnap survey render\` (whole process) | $c | $cnap_pages |"
	echo "| LibreOffice .docx → PDF (whole process) | $l | $lo_pages |"
	echo
	echo "LibreOffice / cnap: $(awk -v l="$l" -v c="$c" 'BEGIN { printf "%.1f", l / c }')×; $runs runs each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$out/summary.md"
