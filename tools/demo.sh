#!/bin/sh
# demo.sh CNAP: a fresh sample database, the sample WG's published list, then the
# web application on it with one demo account per role (Ctrl-C stops it).
# CNAP_LISTEN=ADDR:PORT changes where it listens (default 127.0.0.1:8080).
set -eu
cnap=$1
listen=${CNAP_LISTEN:-127.0.0.1:8080}
mkdir -p out
rm -f out/demo.db out/demo.db-wal out/demo.db-shm
"$cnap" init --db out/demo.db --sample
for fmt in html csv json pdf xlsx; do
	"$cnap" publish qa-list --db out/demo.db --cycle 2023 --wg denshi --format $fmt --output out/qa-list-denshi.$fmt
done
echo
echo "The sample WG's 事前質問・回答一覧 is in out/qa-list-denshi.html (open it in a browser, print to A4 landscape)."
echo "PDF: out/qa-list-denshi.pdf   Excel: out/qa-list-denshi.xlsx   CSV: out/qa-list-denshi.csv   JSON: out/qa-list-denshi.json   database: out/demo.db"

# The sample's users have no passwords; these demo ones are printed below, so use them only here.
for account in jimukyoku:demo-jimukyoku morioka:demo-morioka bearing-staff:demo-bearing; do
	echo "${account#*:}" | "$cnap" user passwd --db out/demo.db --login "${account%%:*}" >/dev/null
done
cat <<EOT

Web application: http://$listen/   (Ctrl-C stops it)
  事務局 (secretariat)        login jimukyoku      password demo-jimukyoku
  WG委員 (reviewer)           login morioka        password demo-morioka
  業界団体 (association)      login bearing-staff  password demo-bearing   (日本ベアリング工業会)

EOT
exec "$cnap" serve --db out/demo.db --listen "$listen"
