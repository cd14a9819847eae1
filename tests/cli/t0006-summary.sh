#!/bin/sh
# The WG summary report (進捗状況の概要) as PDF, from the calculation engine.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db s.db --sample >/dev/null
sum="publish summary --db s.db --cycle 2023 --wg denshi --format pdf"
expect 0 "publish the summary" -- $sum --output s1.pdf
expect 0 "twice" -- $sum --output s2.pdf
same s1.pdf s2.pdf "same data, same bytes"
pdfinfo s1.pdf > info.txt
has info.txt "842 x 595 pts (A4)" "A4 landscape"
eq "$(sed -n 's/^Pages: *//p' info.txt)" 6 "the overview and one page per association"
pdftotext -layout -f 1 -l 1 s1.pdf p1.txt
has p1.txt "進捗状況の概要（2022年度実績）" "the title names the actual year"
for h in 目標指標 基準年度/BAU 目標水準 当年度実績 進捗率 想定比 CO2排出量; do has p1.txt "$h" "column $h"; done
"$CNAP" calc --db s.db --cycle 2023 --json > calc.json
for a in denki-denshi bearing sangyo-kikai kosaku-kikai; do
	v=$(jq -r --arg a "$a" '.[] | select(.association == $a) | .indicators[] | select(.key == "progress_rate") | .shown' calc.json)
	has p1.txt "$v%" "the overview shows $a's 進捗率 $v% as cnap calc computes it"
done
has p1.txt "▲63%" "a negative 進捗率 with ▲"
pdftotext s1.pdf all.txt
has all.txt "要因分析" "association pages carry the decomposition"
has all.txt "逐次要因分解" "with its method in Japanese"
lacks all.txt "sequential" "not its code"
has all.txt "エネルギー原単位の推移" "and charts"
expect 2 "only pdf" -- $sum --format html --output x.html
expect 3 "unknown WG" -- publish summary --db s.db --cycle 2023 --wg nowg --format pdf --output x.pdf
finish
