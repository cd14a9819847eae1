#!/bin/sh
# bench/web/run.sh [RUNS] [SECONDS]: cnap serve against nginx, in the same run.
#
# The server runs with --per-ip-limit 0: wrk is one address, like a proxy.
# wrk -c64 fetches an association's Q&A page of the sample (電機・電子温暖化対策連絡会,
# the largest list, as its own staff see it: signed in, session cookie) from
# `cnap serve`, and the very same HTML bytes as a static file from nginx.
# Runs alternate between the two; medians of requests/s and p99 latency are
# printed with their ratio, as a Markdown table for docs/performance.md. A third
# measurement defeats cnap's page cache (a new query string per request, miss.lua).
# For cnap it also prints the server's CPU time per request (user + system, from
# /proc), which other load on the machine disturbs much less than requests/s.
# Not a test. Uses the optimized build (make build), not the sanitized one.
set -eu
[ -n "${BENCH_TRACE:-}" ] && set -x
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-5}
secs=${2:-10}
cnap=${CNAP:-$root/build/src/cli/cnap}
app_port=${APP_PORT:-18080}
static_port=${STATIC_PORT:-18081}
cpus=$(nproc)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$cnap" ] || { echo "bench: no $cnap; run 'make build' first" >&2; exit 1; }
command -v wrk >/dev/null && [ -x "$nginx" ] || { echo "bench: needs wrk and nginx (make deps)" >&2; exit 1; }

work=$(mktemp -d)
app_pid=
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
	sleep 0.2
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The sample, one association user with a password, and the server.
"$cnap" init --db "$work/bench.db" --sample >/dev/null
echo bench-password-1 | "$cnap" user passwd --db "$work/bench.db" --login denki-denshi-staff >/dev/null
"$cnap" serve --db "$work/bench.db" --listen "127.0.0.1:$app_port" --per-ip-limit 0 --quiet >"$work/serve.out" 2>&1 &
app_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -qs listening "$work/serve.out" && break; sleep 0.3; done
base="http://127.0.0.1:$app_port"
csrf=$(curl -s -c "$work/jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null -d "_csrf=$csrf&login=denki-denshi-staff&password=bench-password-1" "$base/login"
cookie="cnap_session=$(awk '$6 == "cnap_session" { print $7 }' "$work/jar")"
path=/c/2023/w/denshi/a/denki-denshi
mkdir -p "$work/www" "$work/tmp"
chmod 755 "$work" "$work/www" # nginx workers run as another user
status=$(curl -s -H "Cookie: $cookie" -o "$work/www/qa.html" -w '%{http_code}' "$base$path")
[ "$status" = 200 ] || { echo "bench: $path answered $status" >&2; exit 1; }

cat >"$work/nginx.conf" <<EOT
worker_processes $cpus;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  types { text/html html; }
  server { listen 127.0.0.1:$static_port; root $work/www; }
}
EOT
"$nginx" -c "$work/nginx.conf" -e "$work/nginx.err"
sleep 0.3
curl -s "http://127.0.0.1:$static_port/qa.html" | cmp -s - "$work/www/qa.html" || { echo "bench: nginx serves other bytes" >&2; exit 1; }

# One wrk run: "requests/s p99_ms".
wrk_run() {
	wrk -t"$cpus" -c64 -d"${secs}s" --latency "$@" | awk '
		/^Requests\/sec:/ { rps = $2 }
		/^ +99%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
		           ms = unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : v }
		END { printf "%.0f %.3f\n", rps, ms }'
}
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }
# One wrk run against cnap: "requests/s p99_ms server_cpu_us_per_request".
measure_app() {
	t0=$(cpu_ticks)
	r=$(wrk_run "$@")
	t1=$(cpu_ticks)
	echo "$r" | awk -v t=$((t1 - t0)) -v hz="$ticks" -v s="$secs" '{ printf "%s %s %.1f\n", $1, $2, t * 1e6 / hz / ($1 * s) }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure_app -H "Cookie: $cookie" "$base$path" >/dev/null # warm both up
wrk_run "http://127.0.0.1:$static_port/qa.html" >/dev/null
: >"$work/app"
: >"$work/static"
: >"$work/miss"
i=1
while [ "$i" -le "$runs" ]; do
	measure_app -H "Cookie: $cookie" "$base$path" >>"$work/app"
	wrk_run "http://127.0.0.1:$static_port/qa.html" >>"$work/static"
	measure_app -s "$here/miss.lua" -H "Cookie: $cookie" "$base$path" >>"$work/miss"
	echo "run $i: cnap $(tail -1 "$work/app")   nginx $(tail -1 "$work/static")   cnap uncached $(tail -1 "$work/miss")   (requests/s, p99 ms[, server CPU µs/request])" >&2
	i=$((i + 1))
done
app_rps=$(cut -d' ' -f1 "$work/app" | median)
app_p99=$(cut -d' ' -f2 "$work/app" | median)
app_cpu=$(cut -d' ' -f3 "$work/app" | median)
st_rps=$(cut -d' ' -f1 "$work/static" | median)
st_p99=$(cut -d' ' -f2 "$work/static" | median)
miss_rps=$(cut -d' ' -f1 "$work/miss" | median)
miss_p99=$(cut -d' ' -f2 "$work/miss" | median)
miss_cpu=$(cut -d' ' -f3 "$work/miss" | median)
bytes=$(wc -c <"$work/www/qa.html")
cat <<EOT

$(date -u +%Y-%m-%d), $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)),
wrk -t$cpus -c64 -d${secs}s, $runs alternating runs each, medians; page $path, $bytes bytes.

| server | requests/s | p99 latency | server CPU per request |
|---|---:|---:|---:|
| cnap serve ($cpus threads, signed in) | $app_rps | $app_p99 ms | $app_cpu µs |
| nginx $("$nginx" -v 2>&1 | sed 's/.*\///') (static file, $cpus workers) | $st_rps | $st_p99 ms | |
| ratio cnap / nginx | $(awk "BEGIN { printf \"%.2f\", $app_rps / $st_rps }") | | |
| cnap serve, every request rendered from the database (miss.lua) | $miss_rps | $miss_p99 ms | $miss_cpu µs |
EOT
