#!/bin/sh
# demo.sh CNAP: a fresh sample database and the sample WG's published list.
set -eu
cnap=$1
mkdir -p out
rm -f out/demo.db out/demo.db-wal out/demo.db-shm
"$cnap" init --db out/demo.db --sample
for fmt in html csv json; do
	"$cnap" publish qa-list --db out/demo.db --cycle 2023 --wg denshi --format $fmt --output out/qa-list-denshi.$fmt
done
echo
echo "The sample WG's 事前質問・回答一覧 is in out/qa-list-denshi.html (open it in a browser, print to A4 landscape)."
echo "CSV for Excel: out/qa-list-denshi.csv   JSON: out/qa-list-denshi.json   database: out/demo.db"
echo "Try: $cnap question list --db out/demo.db --cycle 2023 --association bearing"
