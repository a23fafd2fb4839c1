#!/bin/sh
# run.sh: `make bench`: mektep against nginx serving a file of the same
# size, in the same run, with wrk (keep-alive). Prints figures; asserts
# nothing. BENCH_SECONDS sets each run's length (default 10).
set -eu
cd "$(dirname "$0")/.."
# wrk opens hundreds of connections from 127.0.0.1: no per-address limit
# for any server the bench scripts start (docs/OVERLOAD.md)
export MEKTEP_PER_ADDRESS_CONNS=0
[ "${BENCH_DB:-sqlite}" = pg ] && exec bench/pg.sh    # the PostgreSQL store
. bench/lib.sh

secs=${BENCH_SECONDS:-10}
bin=build/mektep
dir=$(mktemp -d)
trap 'kill $spid 2>/dev/null || true; stop_nginx $dir; rm -rf $dir' EXIT INT TERM

$bin demo --db "$dir/bench.db" --seed 1 >/dev/null 2>&1
port=$(free_port)
$bin serve --db "$dir/bench.db" --listen "127.0.0.1:$port" --quiet \
	--threads "${BENCH_THREADS:-4}" 2>"$dir/serve.log" &
spid=$!
base="http://127.0.0.1:$port"
wait_http "$base/healthz"
token=$(login_token "$base" teacher)

# the reference: nginx serving a file as big as the /me answer
mkdir -p "$dir/www"
curl -fs -H "Authorization: Bearer $token" "$base/api/v1/me" \
	> "$dir/www/me.json"
size=$(wc -c < "$dir/www/me.json")
nport=$(free_port)
start_nginx "$dir" "$nport"
wait_http "http://127.0.0.1:$nport/me.json"

echo "mektep bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
	"$(uname -m), ${secs}s a run, answer $size bytes"
printf '%-28s %6s %10s %9s %9s %7s  %s\n' target conns req/s p50_ms \
	p99_ms ratio errors
for c in 64 128 256; do
	n=$(wrk -t1 -c$c -d${secs}s --latency \
		"http://127.0.0.1:$nport/me.json" | wrk_summary)
	m=$(wrk -t1 -c$c -d${secs}s --latency \
		-H "Authorization: Bearer $token" "$base/api/v1/me" |
		wrk_summary)
	set -- $n
	nrps=$1
	printf '%-28s %6s %10s %9s %9s %7s  %s\n' "nginx file ($size B)" \
		$c $1 $2 $3 "1.00" "$4"
	set -- $m
	printf '%-28s %6s %10s %9s %9s %7s  %s\n' "mektep GET /api/v1/me" \
		$c $1 $2 $3 "$(echo "$1 $nrps" | awk '{printf "%.2f", $1/$2}')" \
		"$(echo "$m" | cut -d' ' -f4-)"
done
[ -x bench/journal.sh ] && bench/journal.sh "$dir" "$base" "$nport" "$secs"
[ -x bench/views.sh ] && bench/views.sh "$dir" "$base" "$nport" "$secs"
[ -x bench/overload.sh ] && bench/overload.sh "$dir" "$secs"
[ -x bench/day.sh ] && bench/day.sh "$dir" "$nport" "$secs"   # step 6
exit 0
