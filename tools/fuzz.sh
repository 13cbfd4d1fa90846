#!/bin/sh
# fuzz.sh BUILD SECONDS NAME...: runs each libFuzzer target for SECONDS,
# starting from its seed corpus in tests/fuzz/corpus-NAME (read only) and
# a working corpus in BUILD/corpus-NAME. A crash leaves its input in
# BUILD/crash-NAME-*: add it to tests/fuzz/corpus-NAME as a regression.
# The dictionary is tests/fuzz/resmap.dict, plus tests/fuzz/NAME.dict when
# the target has words of its own. Exits 1 when any target found a crash,
# a leak, a timeout or ran out of memory (libFuzzer exits non-zero).
set -u
build=$1; secs=$2; shift 2
status=0
# As in `make test`: graphviz's own leaks (tests/lsan.supp) suppressed, and
# a UBSan report is a finding (the fuzz build lets UBSan recover, so
# without halt_on_error it would only print and go on).
: "${LSAN_OPTIONS:=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS UBSAN_OPTIONS
for t in "$@"; do
	mkdir -p "$build/corpus-$t"
	dict=tests/fuzz/resmap.dict
	if [ -f "tests/fuzz/$t.dict" ]; then
		cat tests/fuzz/resmap.dict "tests/fuzz/$t.dict" >"$build/dict-$t"
		dict=$build/dict-$t
	fi
	echo "fuzz: $t for ${secs}s"
	"$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
		-dict="$dict" -print_final_stats=1 \
		-artifact_prefix="$build/crash-$t-" \
		"$build/corpus-$t" "tests/fuzz/corpus-$t" 2>"$build/fuzz-$t.log"
	st=$?
	grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/fuzz-$t.log" | sed "s/^/fuzz: $t: /"
	if [ $st != 0 ]; then
		echo "fuzz: $t FOUND A CRASH (exit $st):"; grep -A20 "ERROR\|runtime error" "$build/fuzz-$t.log" | head -40
		ls "$build"/crash-"$t"-* 2>/dev/null
		status=1
	fi
done
exit $status
