#!/bin/sh
# Request framing (RFC 9112) in `cnap serve`: a request whose length can be read
# two ways is refused and its connection closed, so that what follows its body is
# never served as a request of its own (request smuggling); and the request log
# cannot be forged through the path. Raw sockets: tests/cli/http_raw.py.
. "$(dirname "$0")/lib.sh"
export CNAP_FAST_HASH=1
raw="python3 $SRCDIR/tests/cli/http_raw.py"

"$CNAP" init --db h.db --sample >/dev/null
serve_start h.db serve
[ -n "$port" ] && pass "server started" || fail "server started" "$(cat serve.err)"

# refused NAME REQUEST: REQUEST (printf format) is a request followed by a smuggled
# second one; the answer is a 400 and the connection closed, so the second is never
# served. (Where MHD refuses by itself — no Host, an unparsable Content-Length —
# 0.9.75 writes its status and headers twice before the body: still one 400.)
refused() {
	printf "$2" >req
	$raw send "$port" <req >resp
	got=$(sort -u resp | tr '\n' '|')
	eq "$got" "HTTP/1.1 400 Bad Request|closed|" "$1: 400, connection closed"
}

# The control: without ambiguity both pipelined requests are answered.
printf 'POST /login HTTP/1.1\nHost: t\nContent-Length: 3\n\nabcGET /login HTTP/1.1\nHost: t\nConnection: close\n\n' >req
$raw send "$port" <req >resp
eq "$(grep -c '^HTTP/1.1' resp)" 2 "a well-framed pipeline is answered twice"

refused "Content-Length with Transfer-Encoding" \
	'POST /login HTTP/1.1\nHost: t\nContent-Length: 5\nTransfer-Encoding: chunked\n\n0\n\nGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "two Transfer-Encoding headers" \
	'POST /login HTTP/1.1\nHost: t\nTransfer-Encoding: chunked\nTransfer-Encoding: identity\n\n0\n\nGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "Transfer-Encoding that does not end in chunked" \
	'POST /login HTTP/1.1\nHost: t\nTransfer-Encoding: gzip\n\n0\n\nGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "two different Content-Length values" \
	'POST /login HTTP/1.1\nHost: t\nContent-Length: 3\nContent-Length: 40\n\nabcGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "a Content-Length list" \
	'POST /login HTTP/1.1\nHost: t\nContent-Length: 3, 40\n\nabcGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "whitespace before the colon" \
	'POST /login HTTP/1.1\nHost: t\nContent-Length : 3\n\nabcGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "no Host" \
	'GET /login HTTP/1.1\n\nGET /smuggled HTTP/1.1\nHost: t\n\n'
refused "two Host headers" \
	'GET /login HTTP/1.1\nHost: a\nHost: b\n\nGET /smuggled HTTP/1.1\nHost: t\n\n'
lacks serve.err "/smuggled" "no smuggled request reached the router"

# The request log escapes what it prints: a %0A in the path cannot start a line of its own.
printf 'GET /nothing%%0Aforged%%20GET%%20/admin%%20200%%1B[2J%%FF HTTP/1.1\nHost: t\nConnection: close\n\n' >req
$raw send "$port" <req >resp
sleep 0.2
if grep -q '^forged' serve.err; then fail "a %0A in the path does not forge a log line" "$(grep '^forged' serve.err)"
else pass "a %0A in the path does not forge a log line"; fi
has serve.err 'GET /nothing\x0aforged GET /admin 200\x1b[2J\xff 404' "the log line shows the path escaped"

finish
