#!/bin/sh
# deps.sh: install the Debian packages mektep needs, skipping those present.
# usage: scripts/deps.sh build|check|bench
set -eu

build="make gcc pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev
libjansson-dev libpq-dev zlib1g-dev libbrotli-dev"
# postgresql and nginx-light: the PostgreSQL suite and make check-cluster
check="$build python3 sqlite3 curl wrk postgresql nginx-light clang
libclang-rt-14-dev chromium nodejs"
bench="$check"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
*) echo "usage: $0 build|check|bench" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
# npm comes with NodeSource's nodejs, as a package of its own in Debian's
[ "$want" = "$build" ] || command -v npm >/dev/null 2>&1 ||
	missing="$missing npm"
[ -z "$missing" ] && exit 0

echo "installing:$missing"
sudo=
[ "$(id -u)" -ne 0 ] && sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
