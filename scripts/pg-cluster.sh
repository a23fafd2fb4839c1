#!/bin/sh
# pg-cluster.sh: `make check-cluster`. A PostgreSQL primary and a streaming
# hot standby made by pg_basebackup (scripts/pg.sh); two `mektep serve` on
# the primary with the standby as their read replica (--db-replica); nginx
# in front balancing between them (docs/DEPLOY.md). Shows, failing loudly
# if one does not hold:
#   1. a mark written through server a is read back at once through b by
#      the same session, from the primary, even with the standby's replay
#      paused (read-your-writes); another user's session reads it through
#      b from the replica once replayed; the lag gauge is a number;
#   2. with one server killed, nginx answers through the other;
#   3. with the primary stopped, writes get 503 `unavailable` while a
#      session that has not written goes on reading from the replica;
#   4. with the primary back and the standby stopped, writes resume and
#      reads fall back to the primary (logged once, not per request).
#   scripts/pg-cluster.sh MEKTEP_BINARY
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
. bench/lib.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/mektep-cluster-XXXXXX")
pids=
cleanup() {
	rc=$?
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
	scripts/pg.sh stop "$dir/standby"
	scripts/pg.sh stop "$dir/primary"
	if grep -l 'AddressSanitizer\|runtime error:\|LeakSanitizer' \
	    "$dir"/*.log 2>/dev/null; then
		echo "check-cluster: FAIL: sanitizer report above" >&2
		rc=1
	fi
	rm -rf "$dir"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() {
	echo "check-cluster: FAIL: $*" >&2
	for f in "$dir"/*.log; do echo "--- $f" >&2; tail -n 5 "$f" >&2; done
	exit 1
}
say() { echo "check-cluster: $*"; }
today=2026-11-24

qp=$(scripts/pg.sh start "$dir/primary")
psql -X -q "postgresql:///postgres?$qp" -c "CREATE DATABASE mektep"
primary="postgresql:///mektep?$qp"
"$bin" demo --db "$primary" --schools 1 --seed 1 --today $today \
	>/dev/null 2>"$dir/demo.log" || fail "mektep demo"
qs=$(scripts/pg.sh standby "$dir/standby" "$dir/primary")
standby="postgresql:///mektep?$qs"
say "primary and streaming standby up, demo written"

serve() { # serve NAME: a server on a free port; sets $port
	port=$(free_port)
	"$bin" serve --db "$primary" --db-replica "$standby" \
		--listen "127.0.0.1:$port" --threads 2 --today $today \
		2>"$dir/$1.log" &
	pids="$pids $!"
	eval "pid_$1=$!"
	wait_http "http://127.0.0.1:$port/healthz" || fail "server $1"
}
serve a; pa=$port
serve b; pb=$port
pn=$(free_port)
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $dir;
	proxy_temp_path $dir;
	fastcgi_temp_path $dir;
	uwsgi_temp_path $dir;
	scgi_temp_path $dir;
	upstream mektep {
		server 127.0.0.1:$pa;
		server 127.0.0.1:$pb;
	}
	server {
		listen 127.0.0.1:$pn;
		location / {
			proxy_pass http://mektep;
			proxy_next_upstream error timeout;
		}
	}
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir" || fail "nginx"
lb="http://127.0.0.1:$pn"
wait_http "$lb/healthz" || fail "nginx in front"
say "servers a, b on the primary with the standby as replica; nginx in front"

# metric NAME BASE: its value in BASE/metrics, "none" when absent
metric() {
	curl -fs "$2/metrics" | python3 -c '
import sys
for line in sys.stdin:
    if line.startswith(sys.argv[1] + " "):
        print(line.split()[1]); break
else:
    print("none")' "$1"
}
lag_metric='mektep_db_replica_lag_seconds{replica="0"}'
reads_metric() { metric "mektep_db_reads_total{to=\"$1\"}" "$2"; }
# both servers have sampled the standby (twice a second)
for base in "http://127.0.0.1:$pa" "http://127.0.0.1:$pb"; do
	i=0
	while [ "$(metric "$lag_metric" "$base")" = none ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "no replica lag in $base/metrics"
		sleep 0.1
	done
done

token=$(login_token "$lb" teacher)
auth="Authorization: Bearer $token"
dtoken=$(login_token "$lb" director)
set -- $(psql -X -A -t -F ' ' "$primary" -c "SELECT l.id, p.person_id
	FROM lessons l JOIN courses co ON co.id = l.course_id
	JOIN people t ON t.id = l.teacher_id
	JOIN pupils p ON p.class_id = l.class_id
	WHERE t.login = 'teacher' AND co.subgroup_id IS NULL
	AND l.status = 'scheduled' AND l.date <= '$today'
	ORDER BY l.date DESC, p.person_id LIMIT 1")
lesson=$1 pupil=$2

# the formative mark of the pupil in the lesson, as server $1 shows it to
# the teacher (or to the session of token $2)
mark_on() {
	curl -fs -H "Authorization: Bearer ${2:-$token}" \
		"$1/api/v1/lessons/$lesson/marks/history" |
	python3 -c '
import json, sys
h = [e for e in json.load(sys.stdin)["history"]
     if e["student_id"] == int(sys.argv[1]) and e["what"] == "mark:formative"]
print(h[-1]["new_value"] if h else "none")' "$pupil"
}
put_mark() { # put_mark BASE VALUE: prints the status
	curl -s -o "$dir/put.json" -w '%{http_code}' -X PUT -H "$auth" \
		-H 'Content-Type: application/json' \
		-d "{\"marks\":[{\"student_id\":$pupil,\"kind\":\"formative\",\"value\":$2}]}" \
		"$1/api/v1/lessons/$lesson/marks"
}

# 1. written through a with the standby's replay paused: read back
# through b by the same session from the primary; by the director from
# the replica once it replays again
old=$(mark_on "http://127.0.0.1:$pa")
v=7
[ "$old" = 7 ] && v=8
psql -X -q -o /dev/null "$standby" -c "SELECT pg_wal_replay_pause()" ||
	fail "pausing the standby's replay"
st=$(put_mark "http://127.0.0.1:$pa" $v)
[ "$st" = 200 ] || fail "PUT through a: $st $(cat "$dir/put.json")"
p0=$(reads_metric primary "http://127.0.0.1:$pb")
r0=$(reads_metric replica "http://127.0.0.1:$pb")
got=$(mark_on "http://127.0.0.1:$pb")
[ "$got" = $v ] || fail "b reads $got after a wrote $v (read-your-writes)"
[ "$(reads_metric primary "http://127.0.0.1:$pb")" = $((p0 + 1)) ] &&
[ "$(reads_metric replica "http://127.0.0.1:$pb")" = "$r0" ] ||
	fail "the writer's read through b did not go to the primary"
psql -X -q -o /dev/null "$standby" -c "SELECT pg_wal_replay_resume()" ||
	fail "resuming the standby's replay"
# until the replica has replayed the mark and b's sampler has seen it
# catch up: then the director's read through b is the replica's
i=0
until [ "$(mark_on "http://127.0.0.1:$pb" "$dtoken")" = $v ] &&
    [ "$(reads_metric replica "http://127.0.0.1:$pb")" -gt "$r0" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the director never read the mark from the replica"
	sleep 0.1
done
lag=$(metric "$lag_metric" "http://127.0.0.1:$pb")
python3 -c 'import math, sys; v = float(sys.argv[1]); assert math.isfinite(v) and v >= 0' "$lag" ||
	fail "the replica lag in /metrics is not a number: $lag"
say "1. mark $v written through a: b shows it to its writer at once from the primary (replay paused), to the director from the replica; lag $lag s"

# 2. a killed: nginx answers through b, reads and writes
kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null || true
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(mark_on "$lb")" = $v ] || fail "GET through nginx with a dead"
done
v=$((v == 7 ? 8 : 7))
st=$(put_mark "$lb" $v)
[ "$st" = 200 ] || fail "PUT through nginx with a dead: $st"
say "2. a killed: 10 reads and a write through nginx answered by b"

# 3. the primary stopped: writes 503, the director's reads go on from the
# replica (the teacher wrote just now: their reads wait for the primary)
scripts/pg.sh down "$dir/primary"
st=$(put_mark "$lb" 5)
[ "$st" = 503 ] || fail "PUT with the primary down: $st"
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["code"] == "unavailable" and e["message"], e' "$dir/put.json" ||
	fail "the 503 is not in the error shape: $(cat "$dir/put.json")"
r0=$(reads_metric replica "http://127.0.0.1:$pb")
i=0
while [ "$(mark_on "$lb" "$dtoken")" != $v ]; do
	# until the standby has replayed the last mark (step 2's)
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the director's reads fail with the primary down"
	sleep 0.1
done
for i in 1 2 3 4 5; do
	got=$(mark_on "$lb" "$dtoken") ||
		fail "GET through nginx with the primary down"
	[ "$got" = $v ] || fail "read $got from the replica, wrote $v"
done
[ "$(reads_metric replica "http://127.0.0.1:$pb")" -ge $((r0 + 5)) ] ||
	fail "the reads with the primary down did not go to the replica"
kill -0 "$pid_b" || fail "server b died with its primary"
say "3. primary down: a write gets 503 unavailable, the director's reads go on from the replica"

# 4. the primary back and the standby stopped: writes resume (each thread
# reconnects by itself) and reads fall back to the primary, logged once
scripts/pg.sh up "$dir/primary"
scripts/pg.sh down "$dir/standby"
# a read that meets the dead replica connection before the sampler has
# seen it go (half a second at most) gets one 503: wait for the sampler
i=0
until [ "$(metric 'mektep_db_replica_up{replica="0"}' "http://127.0.0.1:$pb")" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "b never saw the standby go"
	sleep 0.1
done
v=$((v == 7 ? 8 : 7))
i=0
until [ "$(put_mark "$lb" $v)" = 200 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no write with the primary back: $(cat "$dir/put.json")"
	sleep 0.1
done
p0=$(reads_metric primary "http://127.0.0.1:$pb")
for i in 1 2 3 4 5; do
	got=$(mark_on "$lb" "$dtoken") ||
		fail "GET through nginx with the standby down"
	[ "$got" = $v ] || fail "read $got with the standby down, wrote $v"
done
[ "$(reads_metric primary "http://127.0.0.1:$pb")" -ge $((p0 + 5)) ] ||
	fail "the reads with the standby down did not go to the primary"
n=$(grep -c 'replica 0 .* does not answer' "$dir/b.log" || true)
[ "$n" = 1 ] || fail "b logged the standby away $n times, not once"
say "4. primary back, standby down: writes resume, reads from the primary, logged once"
say "all four hold"
