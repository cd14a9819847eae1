#!/bin/sh
# PDF publication benchmark (issue 5; docs/performance.md "## PDF publication").
#
#   sh bench/pdf/run.sh [ROUNDS] [REPS] [COPIES]      (defaults 3 5 9)
#
# Times, in one run on this machine, two ways of getting the whole-WG
# 事前質問・回答一覧 (the 電子・電機・産業機械等WG bundle) as PDF:
#   cnap      cnap publish qa-list --format pdf  (pango + cairo, from the database)
#   soffice   LibreOffice headless converting the same list, published by cnap
#             as HTML, to PDF (soffice --headless --convert-to pdf)
# for two sizes: the built-in sample (56 published questions) and a synthetic
# WG whose questions are the sample's copied COPIES times (new refs, numbers
# after each association's last; 513 questions, 504 published, with 9).
# Each timing is a whole process run: process start, fontconfig and font
# loading, reading the input, layout, writing the PDF. LibreOffice runs with
# a private profile (-env:UserInstallation) that an untimed warm-up conversion
# creates first, so profile creation is not timed; every timed command also
# gets an untimed warm-up run. A "floor" row times LibreOffice converting a
# one-line HTML page: its start-up cost alone.
#
# ROUNDS rounds, each timing every command REPS times in turn (cnap, then
# LibreOffice, per size), so that both see the same background load; the
# medians are over all ROUNDS x REPS runs of a command. Uses hyperfine
# (--shell=none) when present, otherwise a shell loop with date +%s.%N.
# Installs the project's packages through tools/install-deps.sh and, as
# benchmark-only dependencies kept out of
# packages.txt (make check does not need them), libreoffice-writer-nogui and
# hyperfine when missing. Builds a release cnap in build-bench-pdf/.
# Outputs (PDFs, HTML, raw timings, summary.md) go to bench/pdf/out/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
reps=${2:-5}
copies=${3:-9}
build="$root/build-bench-pdf"
out="$here/out"
cnap="$build/src/cli/cnap"

"$root/tools/install-deps.sh"

missing=""
# soffice alone (from libreoffice-calc-nogui, which the tests install) cannot import HTML: Writer is needed
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v hyperfine >/dev/null 2>&1 || missing="$missing hyperfine"
if [ -n "$missing" ]; then
	echo "== installing benchmark-only packages:$missing"
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
	$SUDO apt-get update -qq
	# hyperfine is optional (a shell loop replaces it); LibreOffice is not.
	# shellcheck disable=SC2086 # word splitting of $missing is intended
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
fi
command -v soffice >/dev/null 2>&1 || { echo "bench/pdf: soffice (LibreOffice) is not available" >&2; exit 1; }

echo "== build (meson release, cnap) in $build"
if [ ! -f "$build/build.ninja" ]; then
	# release (-O3) with the project's -Werror, so the benchmark builds what CI checks
	meson setup "$build" "$root" --buildtype=release -Dtests=disabled >"$build.setup.log" 2>&1 ||
		{ cat "$build.setup.log"; exit 1; }
	rm -f "$build.setup.log"
else
	# a build dir set up by hand is brought to these options
	meson configure "$build" --buildtype=release -Dtests=disabled >/dev/null
fi
ninja -C "$build" src/cli/cnap >/dev/null

rm -rf "$out"
mkdir -p "$out/lo"
prof=$(mktemp -d /tmp/lo-profile-XXXXXX)
trap 'rm -rf "$prof"' EXIT INT TERM
lo_env="-env:UserInstallation=file://$prof"

echo "== data: the sample WG, and the sample's questions x$copies"
"$cnap" init --db "$out/sample.db" --sample >/dev/null
"$cnap" cycle export --db "$out/sample.db" --cycle 2023 --output "$out/sample.json" >/dev/null
jq --argjson k "$copies" '
	.questions as $q
	| ($q | group_by(.association) | map({key: .[0].association, value: (map(.no) | max)}) | from_entries) as $max
	| .questions = [range(0; $k) as $c | $q[]
		| .ref = (if $c == 0 then .ref else "\(.ref)-c\($c)" end)
		| .no = .no + $c * $max[.association]
		| if has("refers_to") and $c > 0 then .refers_to = (.refers_to | if type == "array" then map("\(.)-c\($c)") else "\(.)-c\($c)" end) else . end]
' "$out/sample.json" >"$out/large.json"
"$cnap" init --db "$out/large.db" >/dev/null
"$cnap" cycle import --db "$out/large.db" --file "$out/large.json"
for s in sample large; do
	"$cnap" publish qa-list --db "$out/$s.db" --cycle 2023 --wg denshi --format html --output "$out/$s.html"
done
printf '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>floor</title></head><body><p>一行</p></body></html>\n' >"$out/floor.html"

echo "== LibreOffice warm-up (creates the private profile; not timed)"
soffice "$lo_env" --headless --convert-to pdf --outdir "$out/lo" "$out/floor.html" >/dev/null 2>&1
[ -s "$out/lo/floor.pdf" ] || { echo "bench/pdf: the LibreOffice warm-up produced no PDF" >&2; exit 1; }

# measure NAME CMD...: REPS timed runs (after one untimed), appended to $out/times-NAME.txt, seconds, one a line
measure() {
	name=$1
	shift
	if command -v hyperfine >/dev/null 2>&1; then
		# hyperfine --shell=none takes one string and splits it on spaces: no argument here has one
		hyperfine --shell=none --warmup 1 --runs "$reps" --style none \
			--export-json "$out/hf.json" "$*" >/dev/null 2>"$out/hf.err" ||
			{ cat "$out/hf.err" >&2; return 1; }
		jq -r '.results[0].times[]' "$out/hf.json" >>"$out/times-$name.txt"
	else
		"$@" >/dev/null 2>&1
		n=0
		while [ "$n" -lt "$reps" ]; do
			t0=$(date +%s.%N)
			"$@" >/dev/null 2>&1
			t1=$(date +%s.%N)
			awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$out/times-$name.txt"
			n=$((n + 1))
		done
	fi
}
minimum() { sort -g "$1" | head -1; }
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if command -v hyperfine >/dev/null 2>&1; then timer="hyperfine $(hyperfine --version | awk '{print $2}'), --shell=none"; else timer="shell loop, date +%s.%N"; fi
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== timing ($rounds rounds x $reps runs of each command, each batch after 1 warm-up; $timer; load average $load0)"
r=1
while [ "$r" -le "$rounds" ]; do
	echo "   round $r: cnap pdf, cnap html, soffice (sample, large); soffice floor"
	for s in sample large; do
		measure "cnap-$s" "$cnap" publish qa-list --db "$out/$s.db" --cycle 2023 --wg denshi --format pdf --output "$out/cnap-$s.pdf"
		measure "cnap-html-$s" "$cnap" publish qa-list --db "$out/$s.db" --cycle 2023 --wg denshi --format html --output "$out/cnap-$s.html"
		measure "lo-$s" soffice "$lo_env" --headless --convert-to pdf --outdir "$out/lo" "$out/$s.html"
	done
	measure "lo-floor" soffice "$lo_env" --headless --convert-to pdf --outdir "$out/lo" "$out/floor.html"
	r=$((r + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$out/hf.json" "$out/hf.err"

echo "== outputs are real PDFs with the content?"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
psize() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *//p'; }
bytes() { wc -c <"$1" | tr -d ' '; }
# every published question's first 12 characters must appear in the text (spaces and line ends removed)
jq -r '.questions[] | select(.status != "withdrawn") | .text[0:12] | gsub("[[:space:]]"; "")' "$out/sample.json" >"$out/openings.txt"
nq=$(wc -l <"$out/openings.txt" | tr -d ' ')
fail=0
for f in "$out/cnap-sample.pdf" "$out/lo/sample.pdf" "$out/cnap-large.pdf" "$out/lo/large.pdf"; do
	p=$(pages "$f")
	if [ -z "$p" ] || [ "$p" -le 0 ]; then
		echo "   $f: not a PDF with pages" >&2
		fail=1
		continue
	fi
	pdftotext -raw "$f" - | tr -d ' \n' >"$out/text.tmp"
	miss=0
	while IFS= read -r o; do grep -qF "$o" "$out/text.tmp" || miss=$((miss + 1)); done <"$out/openings.txt"
	echo "   $(basename "$(dirname "$f")")/$(basename "$f"): $p pages, $(psize "$f"), $(bytes "$f") bytes; $((nq - miss)) of $nq question openings found"
	[ "$miss" -eq 0 ] || fail=1
done
rm -f "$out/text.tmp"
[ "$fail" -eq 0 ] || { echo "bench/pdf: an output is missing or lacks content" >&2; exit 1; }

echo "== peak RSS (/usr/bin/time -f %M, KB, one run each)"
rss() { if [ -x /usr/bin/time ]; then /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; else echo "?"; fi; }
for s in sample large; do
	echo "$(rss "$cnap" publish qa-list --db "$out/$s.db" --cycle 2023 --wg denshi --format pdf --output "$out/cnap-$s.pdf")" >"$out/rss-cnap-$s.txt"
	echo "$(rss soffice "$lo_env" --headless --convert-to pdf --outdir "$out/lo" "$out/$s.html")" >"$out/rss-lo-$s.txt"
done

echo "== result"
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(GIT_OPTIONAL_LOCKS=0 git -C "$root" status --porcelain -- src 2>/dev/null)" ]; then rev="$rev (+ uncommitted changes in src/)"; fi
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
lover=$(soffice "$lo_env" --version 2>/dev/null | head -1)
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
{
	echo "machine: $(nproc) CPUs, $cpu; $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release)"
	echo "cnap: $rev, meson release build (-O3); cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango)"
	echo "LibreOffice: $lover"
	echo "timer: $timer; $rounds rounds x $reps runs per command (each batch after 1 warm-up), interleaved; median (min) of the $((rounds * reps)) runs"
	echo "load average (1, 5, 15 min) before timing: $load0; after: $load1"
	echo
	echo "| bundle | questions | cnap PDF | LibreOffice (HTML → PDF) | ratio of medians | pages cnap / LO | KB cnap / LO | peak RSS cnap / soffice (KB, largest process of the tree) |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	for s in sample large; do
		c=$(median "$out/times-cnap-$s.txt")
		l=$(median "$out/times-lo-$s.txt")
		q=$(jq '[.questions[] | select(.status != "withdrawn")] | length' "$out/$s.json")
		echo "| $s | $q | $(ms "$c") ms ($(ms "$(minimum "$out/times-cnap-$s.txt")")) | $(ms "$l") ms ($(ms "$(minimum "$out/times-lo-$s.txt")")) | $(ratio "$l" "$c")× | $(pages "$out/cnap-$s.pdf") / $(pages "$out/lo/$s.pdf") | $(($(bytes "$out/cnap-$s.pdf") / 1024)) / $(($(bytes "$out/lo/$s.pdf") / 1024)) | $(cat "$out/rss-cnap-$s.txt") / $(cat "$out/rss-lo-$s.txt") |"
	done
	echo
	for s in sample large; do
		echo "cnap HTML of the $s bundle (LibreOffice's input, not in its time): $(ms "$(median "$out/times-cnap-html-$s.txt")") ms"
	done
	echo "LibreOffice floor (one-line HTML page → PDF): $(ms "$(median "$out/times-lo-floor.txt")") ms"
} >"$out/summary.md"
cat "$out/summary.md"
