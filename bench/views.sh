#!/bin/sh
# views.sh: counting views (POST /lessons/{id}/views: one per pupil,
# lesson and day, noted in memory and written in batches) against nginx
# serving a small file, in the same run. Called by bench/run.sh with its
# server running: views.sh DIR BASE NGINX_PORT SECONDS. Figures only.
set -eu
. bench/lib.sh
dir=$1 base=$2 nport=$3 secs=$4
db="$dir/bench.db"

ptoken=$(login_token "$base" pupil)
# every lesson of the pupil's class this school year, of its subgroups
# only those the pupil is in (another subgroup's lesson is 404 to them)
sqlite3 "$db" "SELECT l.id FROM lessons l JOIN pupils p ON
	p.class_id = l.class_id JOIN people x ON x.id = p.person_id
	JOIN courses co ON co.id = l.course_id
	WHERE x.login = 'pupil' AND (co.subgroup_id IS NULL OR
	co.subgroup_id IN (SELECT subgroup_id FROM subgroup_members
	WHERE pupil_id = p.person_id)) ORDER BY l.date, l.period" \
	> "$dir/views.txt"
n=$(wc -l < "$dir/views.txt")
printf '' > "$dir/www/empty.json"

printf '%-28s %6s %10s %9s %9s %7s  %s\n' target conns req/s p50_ms \
	p99_ms ratio errors
for c in 64 128; do
	ng=$(wrk -t1 -c$c -d${secs}s --latency \
		"http://127.0.0.1:$nport/empty.json" | wrk_summary)
	vw=$(wrk -t1 -c$c -d${secs}s --latency -s bench/views.lua \
		-H "Authorization: Bearer $ptoken" "$base" -- "$dir/views.txt" |
		wrk_summary)
	set -- $ng
	nrps=$1
	printf '%-28s %6s %10s %9s %9s %7s  %s\n' "nginx file (0 B)" $c \
		$1 $2 $3 "1.00" "$4"
	set -- $vw
	printf '%-28s %6s %10s %9s %9s %7s  %s\n' "POST views ($n lessons)" \
		$c $1 $2 $3 "$(echo "$1 $nrps" | awk '{printf "%.2f", $1/$2}')" \
		"$(shift 3; echo "$@")"
done
# what reached the store (after the flushing thread's next turn)
sleep 6
echo "  views stored: $(sqlite3 "$db" 'SELECT COUNT(*) FROM lesson_views')" \
	"of $n lessons (one pupil, one day: each counted once)"
