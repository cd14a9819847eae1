#!/bin/sh
# The page cache is never stale (web/cache.h): a write committed by another
# process — the CLI, or a second server on the same file — shows in the very
# next GET. Pollers keep every worker's cache warm and busy meanwhile, so a
# cache that checked for changes only now and then would answer from memory.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1
loops=${CACHE_LOOPS:-200}

"$CNAP" init --db c.db --sample >/dev/null
echo cache-password-1 | "$CNAP" user passwd --db c.db --login jimukyoku >/dev/null
token=$("$CNAP" user token --db c.db --login jimukyoku)
"$CNAP" question file --db c.db --cycle 2023 --wg denshi --association bearing --item II.4 --text "版0" --json >out
qid=$(jq -r .id out)

# serve NAME: start `cnap serve` on a free port; its base URL in $base, its pid added to $pids.
serve() {
	serve_start c.db "$1" --quiet
	base="http://127.0.0.1:$port"
}

# poll URL ARGS...: GET the URL over and over in the background (two connections: both workers).
poll() {
	for _ in 1 2; do
		(while :; do curl -s -o /dev/null "$@"; done) &
		pids="$pids $!"
	done
}

serve a
a=$base
serve b
b=$base
[ -n "$a" ] && [ -n "$b" ] && pass "two servers on one file" || fail "two servers on one file" "$(cat a.err b.err)"

csrf=$(curl -s -c jar "$a/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -b jar -c jar -o /dev/null -d "_csrf=$csrf&login=jimukyoku&password=cache-password-1" "$a/login"
cookie="cnap_session=$(awk '$6 == "cnap_session" { print $7 }' jar)"
curl -s -H "Cookie: $cookie" "$a/q/$qid" >page
has page "版0" "the question page shows the filed text"

# 1. The CLI edits, then the page is fetched at once from server A.
poll -H "Cookie: $cookie" "$a/q/$qid"
stale=0
first=
i=1
while [ "$i" -le "$loops" ]; do
	"$CNAP" question edit --db c.db --id "$qid" --text "CLI版$i" >/dev/null 2>err || { fail "cli edit $i" "$(cat err)"; break; }
	curl -s -H "Cookie: $cookie" "$a/q/$qid" >page
	if ! grep -qF "CLI版$i<" page; then
		stale=$((stale + 1))
		[ -n "$first" ] || first="after edit $i: $(grep -o 'CLI版[0-9]*<' page | head -1)"
	fi
	i=$((i + 1))
done
eq "$stale" 0 "CLI edit, then an immediate GET: no stale page in $loops${first:+ (first: $first)}"

# 2. Server A writes through the API, then server B is asked at once.
poll -H "Authorization: Bearer $token" "$b/api/q/$qid"
stale=0
first=
i=1
while [ "$i" -le "$loops" ]; do
	curl -s -o edit.json -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
		-d "{\"text\":\"A版$i\"}" "$a/api/q/$qid/edit"
	curl -s -H "Authorization: Bearer $token" "$b/api/q/$qid" >q.json
	got=$(jq -r .q.text q.json 2>/dev/null)
	if [ "$got" != "A版$i" ]; then
		stale=$((stale + 1))
		[ -n "$first" ] || first="after edit $i: '$got' $(head -c 200 edit.json)"
	fi
	i=$((i + 1))
done
eq "$stale" 0 "write through server A, then GET through server B: no stale answer in $loops${first:+ (first: $first)}"

stop_all
pids=
for s in a b; do
	if grep -q ERROR "$s.err"; then fail "server $s ran clean" "$(head -c 600 "$s.err")"; else pass "server $s ran clean"; fi
done
finish
