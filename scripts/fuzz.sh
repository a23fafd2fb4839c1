#!/bin/sh
# fuzz.sh SECONDS BINDIR NAME...: run each libFuzzer driver for SECONDS,
# starting from its corpus in tests/fuzz/corpus/NAME (inputs found along
# the way go to a scratch directory, not into the repository). A crash
# stops the run: the input is kept under BINDIR/artifacts; add it to the
# driver's corpus once fixed, so it is replayed on every run.
set -eu
secs=$1 bindir=$2
shift 2
mkdir -p "$bindir/artifacts"
for name in "$@"; do
	seed=tests/fuzz/corpus/$name
	work=$(mktemp -d)
	mkdir -p "$seed"
	if ! "$bindir/$name" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=0 \
	    -artifact_prefix="$bindir/artifacts/$name-" \
	    "$work" "$seed" > "$bindir/$name.log" 2>&1; then
		echo "FAIL fuzz $name: see $bindir/$name.log"
		tail -40 "$bindir/$name.log"
		rm -rf "$work"
		exit 1
	fi
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$bindir/$name.log" |
		tail -1)
	echo "fuzz $name: ${runs:-?} inputs in ${secs}s, no crash" \
		"($(ls "$work" | wc -l) new corpus entries, not kept)"
	rm -rf "$work"
done
