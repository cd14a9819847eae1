#!/bin/sh
# API tokens can be listed and revoked: by their owner, or by the secretariat
# for anyone. A revoked token stops opening the API at once, also for a
# server that was already running.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1

"$CNAP" init --db t.db --sample >/dev/null
keep=$("$CNAP" user token --db t.db --login morioka --label nightly)
gone=$("$CNAP" user token --db t.db --login morioka --label laptop)
other=$("$CNAP" user token --db t.db --login ishida --label ishida-script)

expect 0 "an owner lists their own tokens" -- user token-list --db t.db --as morioka --login morioka --json
eq "$(jq -r 'map(.label) | join(",")' out)" "nightly,laptop" "... both, oldest first"
eq "$(jq -r '.[0].created_at' out)" "2023-10-01T09:00:00Z" "... with the time they were made"
lacks out "$keep" "... and never the token itself"
lacks out "hash" "... nor its hash"
keep_id=$(jq -r '.[0].id' out)
gone_id=$(jq -r '.[1].id' out)
expect 0 "the text list works too" -- user token-list --db t.db --as morioka --login morioka
has out "laptop" "... naming the label"

expect 0 "the secretariat lists anyone's tokens" -- user token-list --db t.db --as jimukyoku --login ishida --json
eq "$(jq -r '.[0].label' out)" "ishida-script" "... and sees the label"
other_id=$(jq -r '.[0].id' out)
expect 6 "a reviewer cannot list another user's tokens" -- user token-list --db t.db --as morioka --login ishida
expect 6 "... nor revoke them" -- user token-revoke --db t.db --as morioka --login ishida --id "$other_id"
expect 3 "another user's token id is not found" -- user token-revoke --db t.db --as morioka --login morioka --id "$other_id"
expect 3 "... and so is an id nobody has" -- user token-revoke --db t.db --as morioka --login morioka --id 999
expect 3 "an unknown user has no tokens to list" -- user token-list --db t.db --login nobody
expect 2 "--id must be a number" -- user token-revoke --db t.db --as morioka --login morioka --id x
expect 2 "--id is required" -- user token-revoke --db t.db --as morioka --login morioka

serve_start t.db serve
[ -n "$port" ] && pass "server started" || fail "server started" "$(cat serve.err)"
api() { curl -s -o body.json -w '%{http_code}' -H "Authorization: Bearer $1" "http://127.0.0.1:$port$2"; }

eq "$(api "$gone" /api/account)" 200 "the token opens the API before it is revoked"
eq "$(api "$gone" /api/account/tokens)" 200 "the API lists the caller's tokens"
eq "$(jq -r '.tokens | length' body.json)" 2 "... all of them"
eq "$(jq -r '.tokens[1].created_label' body.json)" "2023年10月1日 18:00" "... with the page's date label (JST)"

expect 0 "the owner revokes one" -- user token-revoke --db t.db --as morioka --login morioka --id "$gone_id"
eq "$(api "$gone" /api/account)" 401 "the running server refuses the revoked token"
eq "$(api "$keep" /api/account)" 200 "... and still takes the other one"
expect 0 "the list no longer has it" -- user token-list --db t.db --as morioka --login morioka --json
eq "$(jq -r 'map(.id) | join(",")' out)" "$keep_id" "... only the one kept"
expect 3 "revoking it again is not found" -- user token-revoke --db t.db --as morioka --login morioka --id "$gone_id"

# Through the API: another user's id is a 404, one's own is revoked.
post() { curl -s -o body.json -w '%{http_code}' -X POST -H "Authorization: Bearer $1" "http://127.0.0.1:$port$2"; }
eq "$(post "$keep" "/api/account/tokens/$other_id/revoke")" 404 "the API answers another user's token id with 404"
eq "$(api "$other" /api/account)" 200 "... and that token still works"
eq "$(post "$keep" "/api/account/tokens/$keep_id/revoke")" 200 "a token revokes itself through the API"
eq "$(api "$keep" /api/account)" 401 "... and is refused from then on"

expect 0 "the secretariat revokes another user's token" -- user token-revoke --db t.db --as jimukyoku --login ishida --id "$other_id"
eq "$(api "$other" /api/account)" 401 "... which stops working"
expect 0 "the audit trail has the revocations" -- audit list --db t.db --json
eq "$(jq '[.[] | select(.action == "token.revoke")] | length' out)" 3 "... one record each"

finish
