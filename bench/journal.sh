#!/bin/sh
# journal.sh: the diary against nginx serving a file of the same size, and
# durable marks/s with PUT /lessons/{id}/marks of 30 marks a request
# (each commit on disk before its answer: group commit). Called by bench/run.sh with its server running:
# journal.sh DIR BASE NGINX_PORT SECONDS
set -eu
. bench/lib.sh
dir=$1 base=$2 nport=$3 secs=$4
db="$dir/bench.db"

ptoken=$(login_token "$base" parent)
kid=$(curl -fs -H "Authorization: Bearer $ptoken" "$base/api/v1/me" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["id"])')
diary="$base/api/v1/students/$kid/diary"
curl -fs -H "Authorization: Bearer $ptoken" "$diary" > "$dir/www/diary.json"
size=$(wc -c < "$dir/www/diary.json")

printf '%-28s %6s %10s %9s %9s %7s  %s\n' target conns req/s p50_ms \
	p99_ms ratio errors
n=$(wrk -t1 -c64 -d${secs}s --latency \
	"http://127.0.0.1:$nport/diary.json" | wrk_summary)
m=$(wrk -t1 -c64 -d${secs}s --latency -H "Authorization: Bearer $ptoken" \
	"$diary" | wrk_summary)
set -- $n
nrps=$1
printf '%-28s %6s %10s %9s %9s %7s  %s\n' "nginx file ($size B)" 64 \
	$1 $2 $3 "1.00" "$4"
row() { # row LABEL SUMMARY
	label=$1
	set -- $2
	printf '%-28s %6s %10s %9s %9s %7s  %s\n' "$label" 64 $1 $2 $3 \
		"$(echo "$1 $nrps" | awk '{printf "%.2f", $1/$2}')" \
		"$(shift 3; echo "$@")"
}
row "mektep diary (week)" "$m"

# the same week revalidated by a phone that has it (If-None-Match: 304)
tag=$(curl -fs -D - -o /dev/null -H "Authorization: Bearer $ptoken" \
	"$diary" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
row "mektep diary, 304" "$(wrk -t1 -c64 -d${secs}s --latency \
	-H "Authorization: Bearer $ptoken" -H "If-None-Match: $tag" \
	"$diary" | wrk_summary)"

# the week built for every request: a second server that keeps nothing
port0=$(free_port)
build/mektep serve --db "$db" --listen "127.0.0.1:$port0" --quiet \
	--cache-mb 0 --threads "${BENCH_THREADS:-4}" 2>/dev/null &
pid0=$!
wait_http "http://127.0.0.1:$port0/healthz"
row "mektep diary, no keeping" "$(wrk -t1 -c64 -d${secs}s --latency \
	-H "Authorization: Bearer $ptoken" \
	"http://127.0.0.1:$port0/api/v1/students/$kid/diary" | wrk_summary)"
kill $pid0

# marks: the demo teacher's past lessons and their first 30 pupils
ttoken=$(login_token "$base" teacher)
sqlite3 "$db" "SELECT l.id, (SELECT group_concat(person_id, ' ') FROM
	(SELECT person_id FROM pupils p WHERE p.class_id = l.class_id
	ORDER BY person_id LIMIT 30)) FROM lessons l
	JOIN courses co ON co.id = l.course_id
	JOIN people t ON t.id = l.teacher_id
	WHERE t.login = 'teacher' AND co.subgroup_id IS NULL
	AND l.date <= (SELECT value FROM meta WHERE key = 'demo_created')
	AND l.status = 'scheduled' ORDER BY l.date DESC LIMIT 200" |
	tr '|' ' ' > "$dir/marks.txt"
for c in 16 64; do
	out=$(wrk -t1 -c$c -d${secs}s --latency -s bench/marks.lua \
		-H "Authorization: Bearer $ttoken" "$base" -- "$dir/marks.txt")
	sum=$(echo "$out" | wrk_summary)
	set -- $sum
	per=$(head -n 1 "$dir/marks.txt" | awk '{print NF - 1}')
	printf '%-28s %6s %10s %9s %9s %7s  %s\n' \
		"PUT marks ($per/request)" $c $1 $2 $3 "-" \
		"$(echo "$sum" | cut -d' ' -f4-)"
	echo "  durable marks/s at $c connections: $(echo "$1 $per" |
		awk '{printf "%.0f", $1 * $2}')"
done
build/mektep audit verify --db "$db" | sed 's/^/  after the run: /'
