#!/bin/sh
# pg.sh: a throwaway PostgreSQL 15 for tests and benchmarks.
#
#   scripts/pg.sh start DIR   initdb in DIR/data, start it listening only on
#                             a unix socket in DIR; prints the libpq URL
#                             query that reaches it ("host=DIR&port=5432&
#                             user=postgres"); DIR must not exist yet
#   scripts/pg.sh stop DIR    stop it and remove DIR
#   scripts/pg.sh down DIR    stop it, keeping DIR (tests of a database away)
#   scripts/pg.sh up DIR      start it again after down
#   scripts/pg.sh standby DIR PRIMARY_DIR
#                             a streaming hot standby of the server in
#                             PRIMARY_DIR (pg_basebackup), started; prints
#                             its URL query as start does
#
# The socket lives in the private DIR, so no TCP port is taken and several
# of these run side by side. Durability is switched off (fsync, full page
# writes): the data is thrown away. As root the server runs as the
# unprivileged user postgres (Debian's package creates it), since
# PostgreSQL refuses to run as root.
set -eu

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: $0 start|stop|down|up|standby DIR" >&2; exit 2; }

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# DIR, new, for the server's user (who must reach it: mkdtemp makes 0700)
make_dir() {
	mkdir "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$dir"
		up=$(cd "$(dirname "$dir")" && pwd)
		while [ "$up" != / ]; do
			runuser -u postgres -- test -x "$up" || chmod o+x "$up"
			up=$(dirname "$up")
		done
	fi
}

case "$cmd" in
start)
	[ -x "$bin/initdb" ] || {
		echo "$0: no $bin/initdb: run scripts/deps.sh check" >&2
		exit 1; }
	make_dir
	as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
		--locale=C >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2; exit 1; }
	cat >>"$dir/data/postgresql.conf" <<-EOF
	listen_addresses = ''
	unix_socket_directories = '$dir'
	port = 5432
	fsync = off
	full_page_writes = off
	synchronous_commit = off
	max_connections = 300
	shared_buffers = 64MB
	EOF
	"$0" up "$dir"
	echo "host=$dir&port=5432&user=postgres"
	;;
standby)
	primary=${3:?usage: $0 standby DIR PRIMARY_DIR}
	make_dir
	as_pg "$bin/pg_basebackup" -h "$primary" -p 5432 -U postgres -c fast \
		-D "$dir/data" -R -X stream >"$dir/basebackup.log" 2>&1 || {
		cat "$dir/basebackup.log" >&2; exit 1; }
	echo "unix_socket_directories = '$dir'" >>"$dir/data/postgresql.conf"
	"$0" up "$dir"
	echo "host=$dir&port=5432&user=postgres"
	;;
up)
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	;;
down)
	as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start|stop|down|up|standby DIR" >&2; exit 2 ;;
esac
