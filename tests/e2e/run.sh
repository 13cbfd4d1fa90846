#!/bin/sh
# run.sh RESMAP: end-to-end golden tests.
#
# Each directory tests/e2e/cases/NAME/ holds:
#   cmd      one shell command line, run from that directory, with $RESMAP
#            set to the binary (absolute path)
#   stdout   expected standard output (absent: must be empty)
#   stderr   expected standard error (absent: must be empty)
#   status   expected exit status (absent: 0)
# UPDATE=1 rewrites the expected files from what the binary does now.
set -u
RESMAP=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export RESMAP NO_COLOR=1 SOURCE_DATE_EPOCH=1767225600
here=$(cd "$(dirname "$0")" && pwd)
pass=0; fail=0; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$here"/cases/*/; do
	[ -f "$dir/cmd" ] || continue
	name=$(basename "$dir")
	( cd "$dir" && sh ./cmd >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/st" )
	want_st=0; [ -f "$dir/status" ] && want_st=$(cat "$dir/status")
	got_st=$(cat "$tmp/st")
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/out" "$dir/stdout"; cp "$tmp/err" "$dir/stderr"
		echo "$got_st" >"$dir/status"
		[ -s "$dir/stdout" ] || rm -f "$dir/stdout"
		[ -s "$dir/stderr" ] || rm -f "$dir/stderr"
		[ "$got_st" = 0 ] && rm -f "$dir/status"
		continue
	fi
	ok=1
	[ -f "$dir/stdout" ] && exp_out="$dir/stdout" || exp_out=/dev/null
	[ -f "$dir/stderr" ] && exp_err="$dir/stderr" || exp_err=/dev/null
	cmp -s "$exp_out" "$tmp/out" || { echo "--- $name: stdout differs"; diff -u "$exp_out" "$tmp/out" | head -40; ok=0; }
	cmp -s "$exp_err" "$tmp/err" || { echo "--- $name: stderr differs"; diff -u "$exp_err" "$tmp/err" | head -40; ok=0; }
	[ "$want_st" = "$got_st" ] || { echo "--- $name: exit status $got_st, want $want_st"; ok=0; }
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
done
echo "e2e: $pass passed, $fail failed"
[ $fail = 0 ]
