#!/bin/sh
# cnap calc on the sample: every indicator with inputs and method; both decompositions.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db c.db --sample >/dev/null
expect 0 "calc for the whole cycle" -- calc --db c.db --cycle 2023 --json
cp out all.json
eq "$(jq length all.json)" 5 "one report per association"
pr() { jq -r --arg a "$1" '.[] | select(.association == $a) | .indicators[] | select(.key == "progress_rate") | .shown' all.json; }
eq "$(pr denki-denshi)" "72" "電機・電子: 進捗率 72% (annual-rate target)"
eq "$(pr sangyo-kikai)" "134" "産業機械: beyond its target"
eq "$(pr kensetsu-kikai)" "▲63" "建設機械: moved away from the target, shown with ▲"
eq "$(pr kosaku-kikai)" "80" "工作機械: BAU target"
eq "$(jq -r '.[] | select(.association == "sangyo-kikai") | .indicators[] | select(.key == "classification") | .text' all.json)" \
	"① 実績が目標水準を上回る" "the government classification"
eq "$(jq -r '.[0].indicators[] | select(.key == "progress_rate") | .inputs | map(.name) | join(",")' all.json)" \
	"X_base,X_t,X_target" "進捗率 names its inputs"
eq "$(jq -r '.[0].decomposition_method' all.json)" sequential "the method is printed"

# every decomposition sums to the total change (both methods)
sums_ok() {
	jq -r '[.[] | .indicators | map(select(.key | test("^decomp_(base|prev)_[a-z_]+$")) | select(.key | test("_pct$") | not) | select(.value != null))
	        | group_by(.key | capture("^decomp_(?<p>base|prev)_").p)[]
	        | ((map(select(.key | test("_total$")))[0].value) - (map(select(.key | test("_total$") | not) | .value) | add))
	        | fabs < 1e-6] | (length >= 8 and all)' "$1"
}
eq "$(sums_ok all.json)" true "sequential: factors add up to the CO2 change"
"$CNAP" cycle export --db c.db --cycle 2023 | jq '.cycle.decomposition_method = "lmdi"' > lmdi.json
expect 0 "a cycle with LMDI" -- cycle import --db l.db --file lmdi.json
expect 0 "calc with LMDI" -- calc --db l.db --cycle 2023 --json
eq "$(jq -r '.[0].decomposition_method' out)" "LMDI-I" "the method is LMDI-I"
eq "$(sums_ok out)" true "LMDI-I: factors add up to the CO2 change"
eq "$(jq -r '[.[] | .indicators[] | select(.value == null and (.key | test("^(activity|co2)$")))] | length' out)" 0 \
	"no NaN: missing values are null with a reason"
expect 0 "text output" -- calc --db c.db --cycle 2023 --association bearing
has out "進捗率" "shows 進捗率"
has out "要因分析" "shows 要因分析"
has out "要因分析の方法: 逐次要因分解" "the method in Japanese"
lacks out "sequential" "not its code"
expect 3 "unknown association" -- calc --db c.db --cycle 2023 --association nobody
expect 3 "unknown WG" -- calc --db c.db --cycle 2023 --wg nowg
jq '.participations[0].submissions[0].data.series[3].co2 = -1' lmdi.json | jq '.cycle.year = 2024' > neg.json
expect 4 "a negative value is refused on import" -- cycle import --db n.db --file neg.json
has err 'data.series[3].co2' "with its JSON path"

# a revised submission with new data becomes the basis of calc
"$CNAP" cycle export --db c.db --cycle 2023 | jq '.participations[] | select(.association == "bearing") | .submissions[0].data' > bdata.json
jq '(.series[] | select(.year == 2022) | .co2) |= . * 1.02' bdata.json > bdata2.json
expect 0 "record version 2 with revised data" -- submission add --db c.db --cycle 2023 --wg denshi --association bearing \
	--submitted-on 2023-11-02 --pages II.1=8 --data bdata2.json
has out "v2" "the new version is numbered 2"
expect 0 "calc after the revision" -- calc --db c.db --cycle 2023 --association bearing --json
eq "$(jq -r '.[0].submission_version' out)" 2 "calc uses the latest version"
jq '.series[0].energy = "many"' bdata.json > bad.json
expect 4 "bad data is refused" -- submission add --db c.db --cycle 2023 --wg denshi --association bearing --data bad.json
has err '$.series[0].energy' "with its JSON path"
expect 0 "the coefficient master" -- coefficients list --json
eq "$(jq '.crude_oil_kl_per_gj' out)" 0.0258 "0.0258 kl/GJ"
eq "$(jq -r '[.fuels[] | select(.code == "lng")] | length' out)" 2 "LNG in two editions"
eq "$(jq -r '[.fuels[] | select(.source == "")] | length' out)" 0 "every row names its source"

# Issue 10: the fuels behind the energy, converted with the master of the fiscal year
expect 0 "calc shows the fuel conversion" -- calc --db c.db --cycle 2023 --association denki-denshi --json
fy() { jq -r --argjson y "$1" ".[0].fuels[] | select(.year == \$y and (.forecast | not)) | $2" out; }
eq "$(fy 2022 '.lines | map(.fuel) | sort | join(",")')" "city_gas,electricity,fuel_oil_a,lpg" "the four fuels of 2022"
eq "$(fy 2022 '.lines[] | select(.fuel == "city_gas") | "\(.quantity) \(.gj_per_unit) \(.heat_gj)"')" "594000 45 26730000" \
	"city gas: 594,000 千m3 × 45 GJ/千m3 = 26,730,000 GJ"
eq "$(fy 2022 '.energy_man_kl * 10000 | round')" "6225060" "原油換算 = Σ GJ × 0.0258 (622.506 万kl)"
eq "$(fy 2022 '.energy_difference * 10 | round')" "18" "the difference from the reported 624.3 万kl is kept"
eq "$(fy 2022 '.lines[] | select(.fuel == "electricity") | .carbon_source')" "団体の報告した電力排出係数" \
	"electricity CO2 with the association's own factor of the year"
expect 0 "calc text shows it too" -- calc --db c.db --cycle 2023 --association denki-denshi
has out "燃料別エネルギー 2022年度実績" "a fuel section per year"
has out "原油換算 622.5060 万kl（報告値 624.3 万kl、差 1.8 万kl）" "reported, computed and the difference"
finish
