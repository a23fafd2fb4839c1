#!/bin/sh
# load-check.sh: the server keeps answering at 128 and 256 keep-alive
# connections (libmicrohttpd stalled at exactly 128 per epoll thread).
# Checks that every request got an answer and none timed out; speed is
# the bench's business, not this check's.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
bin=${1:-build/mektep}
dir=$(mktemp -d)
trap 'kill $spid 2>/dev/null || true; rm -rf $dir' EXIT INT TERM
$bin demo --db "$dir/l.db" --seed 1 --schools 1 >/dev/null 2>&1
port=$(free_port)
# wrk's 256 connections all come from 127.0.0.1: no per-address limit;
# no queue timeout either: a sanitizer build on a busy machine may keep
# a request waiting half a second, and this check is about answering at
# all (admission control has its own tests, tests/api/test_overload.py)
$bin serve --db "$dir/l.db" --listen "127.0.0.1:$port" \
	--per-address-conns 0 --queue-timeout-ms 0 --quiet 2>"$dir/serve.log" &
spid=$!
base="http://127.0.0.1:$port"
wait_http "$base/healthz"
token=$(login_token "$base" teacher)
passed=0 failed=0
for c in 128 256; do
	out=$(wrk -t2 -c$c -d3s --timeout 2s -H "Authorization: Bearer $token" \
		"$base/api/v1/me")
	total=$(echo "$out" | awk '/requests in/ { print $1 }')
	if echo "$out" | grep -q 'Socket errors\|Non-2xx' || [ "${total:-0}" -lt $((c * 10)) ]; then
		echo "FAIL load at $c connections:"; echo "$out"
		curl -fs "$base/metrics" | grep '^mektep_http_refused_total' || true
		failed=$((failed + 1))
	else
		echo "ok load at $c connections: $total answers in 3 s"
		passed=$((passed + 1))
	fi
done
kill $spid; wait $spid 2>/dev/null || true
if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$dir/serve.log"; then
	echo "FAIL sanitizer report in the server log:"; tail -30 "$dir/serve.log"
	failed=$((failed + 1))
fi
echo "load: $passed passed, $failed failed"
[ $failed -eq 0 ]
