#!/bin/sh
# with-pg.sh: run a command with a throwaway PostgreSQL 15 up; the command
# finds it in MEKTEP_TEST_PG (the libpq URL query scripts/pg.sh prints).
# When MEKTEP_TEST_PG is already set, the command just runs.
#   scripts/with-pg.sh CMD [ARG...]
set -u
[ -n "${MEKTEP_TEST_PG:-}" ] && exec "$@"
here=$(dirname "$0")
dir=$(mktemp -u "${TMPDIR:-/tmp}/mektep-pg-XXXXXX")
q=$("$here/pg.sh" start "$dir") || exit 1
trap '"$here/pg.sh" stop "$dir"' EXIT
trap 'exit 130' INT TERM
MEKTEP_TEST_PG=$q "$@"
