#!/bin/sh
# run-unit.sh: run each unit-test binary, add up "N passed, N failed"
set -u
passed=0 failed=0 status=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^$'
	p=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n 1)
	if [ -z "$p" ]; then
		echo "FAIL $t: crashed or printed no summary (exit $rc)"
		p=0 f=1
	elif [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL $t: exit $rc (sanitizer?)"
		f=1
	fi
	passed=$((passed + p)) failed=$((failed + f))
	[ "$f" -ne 0 ] && status=1
done
echo "unit: $passed passed, $failed failed"
exit $status
