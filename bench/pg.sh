#!/bin/sh
# pg.sh: `make bench BENCH_DB=pg`: the diary and durable marks/s with the
# store on a throwaway PostgreSQL 15 (scripts/pg.sh: unix socket, fsync on
# as in production). Prints figures; asserts nothing. BENCH_SECONDS sets
# each run's length (default 10). Called by bench/run.sh.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh

secs=${BENCH_SECONDS:-10}
bin=${BENCH_BIN:-build/mektep}
dir=$(mktemp -d)
pgdir="$dir/pg"
spid= spid0=
trap 'kill $spid $spid0 2>/dev/null || true; scripts/pg.sh stop "$pgdir";
	rm -rf "$dir"' EXIT INT TERM

q=$(scripts/pg.sh start "$pgdir")
# the figures are for a durable store: switch the test shortcuts off
psql -X -q "postgresql:///postgres?$q" -c "ALTER SYSTEM SET fsync = on" \
	-c "ALTER SYSTEM SET synchronous_commit = on" \
	-c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" \
	-c "CREATE DATABASE bench" >/dev/null
db="postgresql:///bench?$q"
t0=$(date +%s)
$bin demo --db "$db" --seed 1 >/dev/null 2>&1
echo "mektep bench (PostgreSQL 15): $(date -u +%Y-%m-%dT%H:%MZ)," \
	"$(nproc) cores, ${secs}s a run; demo written in $(($(date +%s) - t0)) s"

serve() { # serve PORT [ARGS...]: a server on the bench database
	port=$1
	shift
	$bin serve --db "$db" --listen "127.0.0.1:$port" --quiet \
		--threads "${BENCH_THREADS:-4}" "$@" 2>>"$dir/serve.log" &
}
port=$(free_port)
serve "$port"
spid=$!
base="http://127.0.0.1:$port"
wait_http "$base/healthz"
port0=$(free_port)
serve "$port0" --cache-mb 0
spid0=$!
wait_http "http://127.0.0.1:$port0/healthz"

printf '%-28s %6s %10s %9s %9s  %s\n' target conns req/s p50_ms p99_ms \
	errors
row() { # row LABEL CONNS SUMMARY
	label=$1 c=$2
	set -- $3
	printf '%-28s %6s %10s %9s %9s  %s\n' "$label" "$c" $1 $2 $3 \
		"$(shift 3; echo "$@")"
}
ptoken=$(login_token "$base" parent)
kid=$(curl -fs -H "Authorization: Bearer $ptoken" "$base/api/v1/me" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["id"])')
path="/api/v1/students/$kid/diary"
row "diary (week), kept" 64 "$(wrk -t1 -c64 -d${secs}s --latency \
	-H "Authorization: Bearer $ptoken" "$base$path" | wrk_summary)"
row "diary, built each time" 64 "$(wrk -t1 -c64 -d${secs}s --latency \
	-H "Authorization: Bearer $ptoken" "http://127.0.0.1:$port0$path" |
	wrk_summary)"

# marks: the demo teacher's past lessons and their first 30 pupils
ttoken=$(login_token "$base" teacher)
psql -X -A -t -F ' ' "$db" -c "SELECT l.id, (SELECT string_agg(
	CAST(person_id AS TEXT), ' ') FROM (SELECT person_id FROM pupils p
	WHERE p.class_id = l.class_id ORDER BY person_id LIMIT 30) s)
	FROM lessons l JOIN courses co ON co.id = l.course_id
	JOIN people t ON t.id = l.teacher_id
	WHERE t.login = 'teacher' AND co.subgroup_id IS NULL
	AND l.date <= (SELECT value FROM meta WHERE key = 'demo_created')
	AND l.status = 'scheduled' ORDER BY l.date DESC LIMIT 200" \
	> "$dir/marks.txt"
per=$(head -n 1 "$dir/marks.txt" | awk '{print NF - 1}')
for c in 16 64; do
	out=$(wrk -t1 -c$c -d${secs}s --latency -s bench/marks.lua \
		-H "Authorization: Bearer $ttoken" "$base" -- "$dir/marks.txt")
	row "PUT marks ($per/request)" $c "$(echo "$out" | wrk_summary)"
	# only the requests answered 200 stored their marks (a 503 of the
	# admission control under load stored none)
	echo "  durable marks/s at $c connections: $(echo "$out" | awk -v per=$per '
		/ requests in / { n = $1; t = $4; sub(/s,?$/, "", t) }
		/Non-2xx/ { bad = $NF }
		END { printf "%.0f", (n - bad) / t * per }')"
done
$bin audit verify --db "$db" | sed 's/^/  after the run: /'
