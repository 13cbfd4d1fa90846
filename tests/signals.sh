#!/bin/sh
# signals.sh BUILD: a run killed while it writes its output leaves no
# temporary file behind and the previous output as it was (issue 18,
# finding 10). Each case starts a run with a large output, waits until
# its temporary TARGET.tmp.XXXXXX appears, sends the signal, and checks
# the exit status (128 + signal), that no temporary is left and that the
# target still holds what it held. SIGXFSZ comes from `ulimit -f`.
# A run that ends before its temporary is seen is tried again, then
# counted as a failure (the output is made large enough not to).
set -u
B=$(cd "$1" && pwd)
R=$B/resmap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
"$B/gen-inventory" -n 20000 -o "$tmp/inv" >/dev/null 2>&1 || { echo "signals: cannot generate"; exit 1; }

# case NAME SIGNAL STATUS TARGET -- ARGS...: kill a run of resmap ARGS
case_kill() {
	name=$1 sig=$2 want=$3 target=$4; shift 5
	tries=0
	while [ $tries -lt 3 ]; do
		tries=$((tries + 1))
		echo previous >"$tmp/$target"
		# a background job of a script ignores SIGINT: give it back
		( cd "$tmp" && exec env --default-signal=INT "$R" "$@" ) >/dev/null 2>&1 &
		pid=$!
		seen=; i=0
		while [ $i -lt 4000 ]; do
			set -- "$tmp/$target".tmp.*
			if [ -e "$1" ]; then kill -s "$sig" $pid; seen=1; break; fi
			kill -0 $pid 2>/dev/null || break
			sleep 0.005; i=$((i + 1))
		done
		wait $pid; st=$?
		[ -n "$seen" ] && break
	done
	left=$(cd "$tmp" && ls -A | grep '\.tmp\.' | tr '\n' ' ')
	why=
	[ -n "$seen" ] || why="the run ended before its temporary was seen"
	[ "$st" = "$want" ] || why="$why; exit $st, want $want"
	[ -z "$left" ] || why="$why; left $left"
	[ "$(cat "$tmp/$target")" = previous ] || why="$why; target replaced"
	if [ -z "$why" ]; then
		pass=$((pass + 1)); echo "signals: ok   $name"
	else
		fail=$((fail + 1)); echo "signals: FAIL $name: $why"
	fi
	rm -f "$tmp"/*.tmp.*
}

case_kill map-json-int INT 130 out.json -- map inv -f json -o out.json
case_kill map-json-term TERM 143 out.json -- map inv -f json -o out.json
case_kill map-json-hup HUP 129 out.json -- map inv -f json -o out.json
case_kill map-csv-term TERM 143 out.csv -- map inv -f csv -o out.csv

# SIGXFSZ: the file size limit is reached while writing
echo previous >"$tmp/out.json"
( ulimit -c 0; ulimit -f 64; cd "$tmp" && exec "$R" map inv -f json -o out.json ) >/dev/null 2>&1
st=$?
left=$(cd "$tmp" && ls -A | grep '\.tmp\.' | tr '\n' ' ')
if [ "$st" = 153 ] && [ -z "$left" ] && [ "$(cat "$tmp/out.json")" = previous ]; then
	pass=$((pass + 1)); echo "signals: ok   map-json-xfsz"
else
	fail=$((fail + 1)); echo "signals: FAIL map-json-xfsz: exit $st, left '$left'"
fi

echo "signals: $pass passed, $fail failed"
[ $fail = 0 ]
