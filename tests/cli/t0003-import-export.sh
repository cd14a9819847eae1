#!/bin/sh
# Whole-cycle JSON export and all-or-nothing import.
. "$(dirname "$0")/lib.sh"

"$CNAP" init --db a.db --sample >/dev/null
expect 0 "export the sample cycle" -- cycle export --db a.db --cycle 2023 --output a.json
eq "$(jq -r .format a.json)" cnap-cycle "the format is named"
eq "$(jq '.questions | length' a.json)" 57 "all questions are exported"
eq "$(jq '[.questions[] | select(.refers_to)] | length' a.json)" 2 "question references are kept"

expect 0 "import into a new database" -- cycle import --db b.db --file a.json
expect 0 "export it again" -- cycle export --db b.db --cycle 2023 --output b.json
same a.json b.json "export → import → export gives the same bytes"

expect 5 "importing the same cycle twice is refused" -- cycle import --db b.db --file a.json
has err "already exists" "the message says the cycle exists"

jq '.questions[3].item = "II.99"' a.json > bad-item.json
expect 3 "an unknown item is refused" -- cycle import --db c.db --file bad-item.json
has err '$.questions[3].item' "the message gives the JSON path"
jq '.questions[5].text = ""' a.json > bad-text.json
expect 4 "an empty question is refused" -- cycle import --db c.db --file bad-text.json
has err '$.questions[5].text' "the path of the empty text"
jq '.questions[0].colour = "red"' a.json > bad-key.json
expect 4 "an unknown key is refused" -- cycle import --db c.db --file bad-key.json
has err '$.questions[0].colour' "the path of the unknown key"
jq '.format_version = 2' a.json > newer.json
expect 7 "a newer format version is refused" -- cycle import --db c.db --file newer.json
printf '{"format": "cnap-cycle", "format_version": 1, "cycle": {"year": 2023,}' > broken.json
expect 4 "a JSON syntax error is refused" -- cycle import --db c.db --file broken.json
has err "line 1" "the message gives the line"
printf '{"format":"cnap-cycle","format_version":1,"format":"x"}' > dup.json
expect 4 "duplicate keys are refused" -- cycle import --db c.db --file dup.json
jq '.users[0].login = "jimukyoku"' a.json | jq '.users[1].login = "jimukyoku"' > dupuser.json
expect 5 "a duplicate login is refused" -- cycle import --db c.db --file dupuser.json
jq '.questions[56].refers_to = "nope"' a.json > badref.json
expect 3 "a dangling reference is refused" -- cycle import --db c.db --file badref.json
jq '.questions[56].text = "x\u0007y"' a.json > ctrl.json
expect 4 "control characters are refused" -- cycle import --db c.db --file ctrl.json
expect 0 "after all the failures" -- cycle list --db c.db --json
eq "$(jq length out)" 0 "nothing was imported"
eq "$(audit_count c.db)" 0 "and nothing was audited"
finish
