# lib.sh: shared pieces of the benchmark and load-check scripts (sourced)

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Wait until URL answers 200, at most 20 s.
wait_http() {
	i=0
	while [ $i -lt 200 ]; do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "no answer from $1" >&2
	return 1
}

# Log in as $2 on base URL $1; prints the token.
login_token() {
	curl -fs -X POST "$1/api/v1/auth/login" \
		-d "{\"login\":\"$2\",\"password\":\"demo\"}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# Start nginx serving directory $1 on port $2; pid file under $1.
start_nginx() {
	cat > "$1/nginx.conf" <<CONF
worker_processes auto;
daemon on;
pid $1/nginx.pid;
error_log $1/nginx-error.log;
events { worker_connections 4096; }
http {
	access_log off;
	open_file_cache max=100;
	sendfile on;
	keepalive_requests 1000000;
	client_body_temp_path $1;
	proxy_temp_path $1;
	fastcgi_temp_path $1;
	uwsgi_temp_path $1;
	scgi_temp_path $1;
	server {
		listen 127.0.0.1:$2;
		root $1/www;
		default_type application/json;
	}
}
CONF
	nginx -c "$1/nginx.conf" -p "$1"
}

stop_nginx() {
	[ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null
	true
}

# wrk -> "req/s p50_ms p99_ms errors" on one line.
wrk_summary() {
	awk '
	/Requests\/sec/ { rps = $2 }
	/^ +50%/ { p50 = $2 }
	/^ +99%/ { p99 = $2 }
	/Socket errors/ { err = $0; sub(/.*Socket errors: /, "", err) }
	/Non-2xx/ { non2xx = $NF }
	function ms(v) {
		if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
		if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
		if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
		return v
	}
	END {
		printf "%.0f %.3f %.3f %s\n", rps, ms(p50), ms(p99),
			(err == "" ? "0" : err) (non2xx == "" ? "" : " non2xx=" non2xx)
	}'
}

# CPU time (user + system) of process $1 so far, in clock ticks
cpu_ticks() {
	awk '{print $14 + $15}' /proc/$1/stat
}
