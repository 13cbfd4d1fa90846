#!/bin/sh
# tools/check-cycles.sh [BUILD]: fails when files of src/ form a circle,
# by includes (a header including, through others, itself) or by calls
# (object A uses a symbol object B defines, and B, through others, A).
# Calls are read from the objects' symbol tables (nm), so calls through
# a table of function pointers count where the table is (views.c lists
# the views: views.c -> view_deps.o, never back).
set -eu
BUILD=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# includes: "file header" pairs, headers named by their path under src/
for f in src/*/*.[ch]; do
	sed -n 's/^#include "\(.*\)"$/\1/p' "$f" | while read -r h; do
		[ -f "src/$h" ] && echo "${f#src/} $h"
	done
done > "$tmp/inc"
# calls: "user definer" pairs of objects
for o in "$BUILD"/obj/*/*.o; do
	n=${o#"$BUILD"/obj/}
	nm -g --defined-only "$o" | awk -v n="$n" 'NF == 3 { print $3, n }'
done | sort > "$tmp/def"
for o in "$BUILD"/obj/*/*.o; do
	n=${o#"$BUILD"/obj/}
	nm -u "$o" | awk -v n="$n" '{ print $NF, n }'
done | sort > "$tmp/use"
# The one circle allowed: `resmap completion` describes every command, so
# it reads the command table that lists it (as git's help reads its
# command list).
join "$tmp/use" "$tmp/def" | awk '$2 != $3 { print $2, $3 }' | sort -u |
	grep -vx 'cmd/cmd_completion.o cmd/commands.o' > "$tmp/call"
status=0
for kind in inc call; do
	# tsort reports a cycle on stderr; it prints an order either way
	if ! tsort "$tmp/$kind" >/dev/null 2>"$tmp/err" || [ -s "$tmp/err" ]; then
		echo "check-cycles: a circle of $kind between files:" >&2
		cat "$tmp/err" >&2
		echo >&2
		status=1
	else
		echo "check-cycles: $(wc -l < "$tmp/$kind") $kind edges between files, no circle"
	fi
done
exit $status
