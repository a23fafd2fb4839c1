#!/bin/sh
# overload.sh: admission control at ten times the saturating load
# (docs/OVERLOAD.md). Finds the connection count of peak req/s on a mixed
# GET workload (a parent's /me, each child's diary and marks), then runs
# 10x that many connections (wrk -c: closed loop, each connection waiting
# for its answer; wrk has no open-loop pacing) against a server with the
# default limits and one with them off. A probe beside wrk sends one
# request at a time on its own keep-alive connection and times the ones
# let in (p99 of admitted requests). Then 10x the peak rate, paced (open
# loop) by bench/dayload.c, with the limits on and off. Figures only;
# asserts nothing.
# Called by bench/run.sh: overload.sh DIR SECONDS (DIR holds bench.db).
set -eu
. bench/lib.sh
dir=$1 secs=$2
bin=${BENCH_BIN:-build/mektep}
threads=${BENCH_THREADS:-4}

start() { # start PORT [ARGS...]: a server on the bench database; sets pid
	p=$1; shift
	$bin serve --db "$dir/bench.db" --listen "127.0.0.1:$p" --quiet \
		--threads "$threads" --per-address-conns 0 "$@" \
		2>>"$dir/overload.log" &
	pid=$!
	wait_http "http://127.0.0.1:$p/healthz"
}

rss_mb() { # resident memory of process $1 now, MB
	awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# probe BASE TOKEN SECONDS: "n200 n503 nother p50_ms p99_ms" of its 200s
probe() {
	python3 - "$1" "$2" "$3" <<'PY'
import http.client, sys, time
base, tok, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
host, port = base.split("//")[1].split(":")
lat, n = [], {200: 0, 503: 0, "other": 0}
end = time.monotonic() + secs
c = None
while time.monotonic() < end:
    t0 = time.monotonic()
    try:
        if c is None:
            c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("GET", "/api/v1/me",
                  headers={"Authorization": "Bearer " + tok})
        r = c.getresponse()
        r.read()
        st = r.status
        if r.will_close:
            c.close()
            c = None
    except Exception:
        st = "other"
        c = None
    dt = (time.monotonic() - t0) * 1000
    n[st if st in n else "other"] += 1
    if st == 200:
        lat.append(dt)
    time.sleep(0.02)
lat.sort()
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else 0
print("%d %d %d %.1f %.1f" % (n[200], n[503], n["other"], pct(0.5),
                              pct(0.99)))
PY
}

port=$(free_port)
start "$port"
on=$pid
base="http://127.0.0.1:$port"
ptoken=$(login_token "$base" parent)
curl -fs -H "Authorization: Bearer $ptoken" "$base/api/v1/me" |
	python3 -c 'import json, sys
print("/api/v1/me")
for k in json.load(sys.stdin)["children"]:
    print("/api/v1/students/%d/diary" % k["id"])
    print("/api/v1/students/%d/marks" % k["id"])' > "$dir/overload.txt"

load() { # load BASE CONNS SECS -> wrk_summary and the answer count
	wrk -t2 -c$2 -d${3}s --latency --timeout 5s -s bench/overload.lua \
		-H "Authorization: Bearer $ptoken" "$1" -- "$dir/overload.txt" \
		> "$dir/wrk.out"
	echo "$(wrk_summary < "$dir/wrk.out") total=$(awk \
		'/requests in/ { print $1 }' "$dir/wrk.out")"
}

echo "overload: mixed GET (/me, diary, marks of $(($(wc -l < \
	"$dir/overload.txt") / 2)) children), $threads threads, ${secs}s a run"
peak=0 peak_c=0
for c in 4 16 64; do
	set -- $(load "$base" $c "$secs")
	echo "  saturation search: $c connections: $1 req/s, p99 $3 ms"
	if [ "$1" -gt "$peak" ]; then peak=$1 peak_c=$c; fi
done
over=$((peak_c * 10))
echo "  peak $peak req/s at $peak_c connections; 10x: $over connections" \
	"(closed loop)"

port2=$(free_port)
start "$port2" --max-inflight 0 --queue-timeout-ms 0 \
	--max-conns $((threads * 120)) --request-timeout 0
off=$pid
trap 'kill $on $off 2>/dev/null || true' EXIT INT TERM

refused() { # refused BASE: the server's 503s so far, by reason
	curl -fs "$1/metrics" | sed -n \
		's/^mektep_http_refused_total{reason="\([a-z]*\)"} \([0-9]*\)/\1=\2/p' |
		tr '\n' ' '
}

measure() { # measure on|off CONNS: one row
	if [ $1 = on ]; then b=$base p=$on; else
		b="http://127.0.0.1:$port2" p=$off; fi
	probe "$b" "$ptoken" "$secs" > "$dir/probe.out" &
	ppid=$!
	sum=$(load "$b" $2 "$secs")
	wait $ppid
	set -- $sum
	rps=$1
	non2xx=$(echo "$sum" | sed -n 's/.*non2xx=\([0-9]*\).*/\1/p')
	tmo=$(echo "$sum" | sed -n 's/.*timeout \([0-9]*\).*/\1/p')
	total=$(echo "$sum" | sed -n 's/.*total=\([0-9]*\).*/\1/p')
	set -- $(cat "$dir/probe.out")
	echo "$rps ${non2xx:-0} ${total:-0} $peak $secs" | awk -v m="$mode" \
		-v c=$conns -v t="${tmo:-0}" -v p50="$4" -v p99="$5" \
		-v rss="$(rss_mb $p)" '{
		good = ($3 - $2) / $5
		printf "  %-14s %6d %8d %8.0f %7.2f %6.1f %8s %9s %9s %6s\n",
			"admission " m, c, $1, good, good / $4,
			($3 > 0 ? 100 * $2 / $3 : 0), t, p50, p99, rss }'
	echo "    probe: $1 answered 200, $2 answered 503, $3 failed;" \
		"server's 503s so far: $(refused "$b")"
}

printf '  %-14s %6s %8s %8s %7s %6s %8s %9s %9s %6s\n' limits conns \
	req/s goodput of_peak 503% timeouts probe_p50 probe_p99 rss_MB
# on and off in turn, twice: the machine's noise falls on both; then
# more connections than the server serves ($threads threads: $((threads *
# 100)) served, $((threads * 120)) accepted at most)
for step in "on $over" "off $over" "on $over" "off $over" \
    "on $((threads * 160))" "off $((threads * 160))"; do
	set -- $step
	mode=$1 conns=$2
	measure $mode $conns
done

# Paced: ten times the peak rate offered by bench/dayload.c (open loop:
# request k is due at k / rate and goes out on the first free one of 1024
# connections; its latency counts from when it was due, so requests the
# server cannot take in time wait in the driver and show in p99).
cc -O2 -o "$dir/dayload" bench/dayload.c
awk -v t="$ptoken" '{ printf "get\tGET\t%s\t%s\t-\n", $1, t }' \
	"$dir/overload.txt" > "$dir/overload.day"
rate=$((peak * 10))
echo "  paced at 10x the peak, $rate req/s offered (bench/dayload.c," \
	"1024 connections; p50/p99 of all answers from when each was due):"
printf '  %-14s %8s %8s %7s %6s %9s %9s %9s %9s %6s\n' limits sent% \
	goodput of_peak 503% p50 p99 probe_p50 probe_p99 rss_MB
for mode in on off; do
	if [ $mode = on ]; then b=$base p=$on pt=$port; else
		b="http://127.0.0.1:$port2" p=$off pt=$port2; fi
	probe "$b" "$ptoken" "$secs" > "$dir/probe.out" &
	ppid=$!
	"$dir/dayload" 127.0.0.1 "$pt" "$dir/overload.day" get=1 -c 1024 \
		-d "$secs" -r "$rate" > "$dir/day.out"
	wait $ppid
	set -- $(cat "$dir/probe.out")
	awk -v m="$mode" -v peak=$peak -v p50="$4" -v p99="$5" \
		-v rss="$(rss_mb $p)" '
	$1 == "get" { n = $2; ms50 = $4; ms99 = $5; errs = $6
		gsub(/[()]/, "", $8); s503 = $8 }
	$1 == "all" { secs = $(NF - 3) }
	/^paced/ { sent = $NF; gsub(/[()%]/, "", sent) }
	END {
		good = (n - errs) / secs
		printf "  %-14s %8s %8.0f %7.2f %6.1f %9s %9s %9s %9s %6s\n",
			"admission " m, sent, good, good / peak,
			(n > 0 ? 100 * s503 / n : 0), ms50, ms99, p50, p99, rss }
	' "$dir/day.out"
done
kill $on $off 2>/dev/null || true
