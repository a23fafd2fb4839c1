#!/bin/sh
# day.sh: a national school day replayed (step 6). A country from
# `mektep gen --scale $BENCH_SCALE` (default 0.001: 3,400 pupils; 1 is the
# whole country), sessions for thousands of its users, then bench/dayload.c
# replays MISSION.md's daily mix (the weights below, requests a day) over
# 64 keep-alive connections for SECONDS: req/s, p50 and p99 by kind,
# errors, the server's peak memory, and the time a whole national day
# would take at the rate measured (an extrapolation from the slice, said
# so). In the same run nginx serves a file as large as a diary answer and
# the same driver reads it and the diaries alone: the diary/nginx ratio.
# Figures only, never assertions.
#
#   day.sh DIR NGINX_PORT SECONDS     from bench/run.sh (its nginx, its dir)
#   day.sh                            alone (make bench-national): its own
# BENCH_BIN the binary (build/mektep), BENCH_THREADS the server's threads
# (4), BENCH_DAY_PUPILS the pupils given sessions (3000), BENCH_GEN_DB a
# database made by `mektep gen` before, used in place (written to!)
# instead of generating one, BENCH_DAY_SPEEDUP a speed-up over real time
# (6: a national day in an hour) for one more run of the mix paced at
# that rate (latency from when each request was due).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh

bin=${BENCH_BIN:-build/mektep}
scale=${BENCH_SCALE:-0.001}
spid=
if [ $# -ge 3 ]; then
	dir=$1 nport=$2 secs=$3
	trap 'kill $spid 2>/dev/null || true' EXIT INT TERM
else
	secs=${BENCH_SECONDS:-30}
	dir=$(mktemp -d)
	mkdir -p "$dir/www"
	nport=$(free_port)
	trap 'kill $spid 2>/dev/null || true; stop_nginx $dir; rm -rf $dir' \
		EXIT INT TERM
	start_nginx "$dir" "$nport"
fi

# MISSION.md's day, requests a day for the whole country; "ours" are
# assumptions (docs/BENCHMARKS.md, "National school day")
weights="view=75000000"          # lesson views: 70-80 M a day
weights="$weights,diary=6000000"  # ours: 2 M daily users, 3 diaries each
weights="$weights,me=2000000"     # ours: each daily user opens the app
weights="$weights,attendance=2000000"  # 2 M lessons held, one register each
weights="$weights,marks=233000"   # 700,000 marks, 3 a request
weights="$weights,assignment=1000000"  # 1 M assignments set
weights="$weights,handin=2000000" # ours: two hand-ins an assignment
weights="$weights,report=500000"  # ours: report cards
weights="$weights,login=100000"   # ours: sessions last 14 days and slide
day=$(echo "$weights" | tr ',' '\n' | awk -F= '{s += $2} END {print s}')

cc -O2 -o "$dir/dayload" bench/dayload.c
if [ -n "${BENCH_GEN_DB:-}" ]; then
	db=$BENCH_GEN_DB
	genline="database $db, made before"
else
	db="$dir/day.db"
	rm -f "$db"
	genline=$($bin gen --db "$db" --scale "$scale" 2>&1 | tail -n 1)
fi
# the generated file on disk first: its writeback would stall the
# server's own syncs (every write waits for one) in the measured minutes
sync
today=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'demo_created'")
python3 bench/day_plan.py sessions "$db" "$dir/users.json" \
	"${BENCH_DAY_PUPILS:-3000}"
port=$(free_port)
$bin serve --db "$db" --listen "127.0.0.1:$port" --quiet --today "$today" \
	--threads "${BENCH_THREADS:-4}" 2>"$dir/day-serve.log" &
spid=$!
base="http://127.0.0.1:$port"
wait_http "$base/healthz"
python3 bench/day_plan.py requests "$db" "$base" "$dir/users.json" \
	"$dir/day.txt"

[ -z "${BENCH_GEN_DB:-}" ] || scale="of the database made before"
echo "national school day: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
	"scale $scale ($(sqlite3 "$db" "SELECT count(*) FROM pupils") pupils)," \
	"today $today, ${secs}s of the mix"
echo "  $genline"
# the server's memory: its own (RssAnon, the goal's 1 GB) and the pages
# of the database file it has mapped (RssFile: the kernel's page cache,
# shared and reclaimable, docs/ARCHITECTURE.md); VmHWM counts both
server_memory() {
	awk '/^(VmHWM|RssAnon|RssFile):/ {
		printf "%s%s %d MB", sep, $1, $2 / 1024; sep = ", " }
		END { printf "\n" }' /proc/$spid/status |
		sed "s/^/  server $1/"
}
cpu0=$(cpu_ticks $spid)
out=$("$dir/dayload" 127.0.0.1 "$port" "$dir/day.txt" "$weights" -c 64 \
	-d "$secs")
cpu1=$(cpu_ticks $spid)
echo "$out" | sed 's/^/  /'
rate=$(echo "$out" | awk '$1 == "all" {print $3}')
nreq=$(echo "$out" | awk '$1 == "all" {print $2}')
echo "$day $rate" | awk '{
	s = $1 / $2
	printf "  a national day, %.1f M requests, at %.0f req/s: %.2f h " \
		"(extrapolated from the slice; goal 1 h), %.1fx real time " \
		"over a 6-hour day\n", $1 / 1e6, $2, s / 3600, 21600 / s }'
# the driver shares the cores: what the server itself spent a request,
# and the day at that cost on all the machine's cores
echo "$day $nreq $((cpu1 - cpu0)) $(getconf CLK_TCK) $(nproc)" | awk '{
	us = $3 / $4 / $2 * 1e6
	printf "  server CPU %.0f us a request (user + system, %d requests): " \
		"a national day on %d cores with nothing else on them %.2f h " \
		"(extrapolated)\n", us, $2, $5, $1 * us / 1e6 / $5 / 3600 }'
server_memory ""
if [ -n "${BENCH_DAY_SPEEDUP:-}" ]; then
	r=$(echo "$day $BENCH_DAY_SPEEDUP" | awk '{printf "%.0f", $1 * $2 / 21600}')
	echo "  the mix paced at ${BENCH_DAY_SPEEDUP}x real time ($r req/s):"
	"$dir/dayload" 127.0.0.1 "$port" "$dir/day.txt" "$weights" -c 64 \
		-d "$secs" -r "$r" | sed 's/^/  /'
fi

# the diary alone against nginx serving a file as large as one answer
path=$(awk -F'\t' '$1 == "diary" {print $3; exit}' "$dir/day.txt")
tok=$(awk -F'\t' '$1 == "diary" {print $4; exit}' "$dir/day.txt")
curl -fs -H "Authorization: Bearer $tok" "$base$path" > "$dir/www/day.json"
size=$(wc -c < "$dir/www/day.json")
printf 'static\tGET\t/day.json\t-\t-\n' > "$dir/static.txt"
ng=$("$dir/dayload" 127.0.0.1 "$nport" "$dir/static.txt" static=1 -c 64 \
	-d "$secs" | awk '$1 == "static" {print $3, $4, $5, $6}')
dy=$("$dir/dayload" 127.0.0.1 "$port" "$dir/day.txt" diary=1 -c 64 \
	-d "$secs" | awk '$1 == "diary" {print $3, $4, $5, $6}')
echo "$ng $dy $size" | awk '{
	printf "  nginx file (%d B): %.0f req/s, p50 %.2f ms, p99 %.2f ms\n",
		$9, $1, $2, $3
	printf "  diaries of %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, " \
		"errors %d: %.2f of nginx (goal 0.40)\n", "many pupils", $5,
		$6, $7, $8, $5 / $1 }'
server_memory "after all runs "
