#!/bin/sh
# bench.sh [BUILD]: the benchmark behind `make bench` (issue 8).
#
# Generates inventories of 1k, 10k and 100k services (1M with BENCH_LARGE=1)
# once into BUILD/bench/N/ with tools/gen-inventory.c, then measures wall
# time and peak RSS (tools/measure.c) of the libyaml floor
# (tools/yaml-floor.c) and of resmap's commands on them, as the median of
# several runs, and prints each resmap figure as a ratio to the floor of the
# same size measured in the same run. Last, the targets of issue 8 as
# PASS/FAIL. A command that fails (or is not implemented yet) is shown as
# "n/a (exit N)" and its targets as PENDING; the script goes on.
#
# Environment: BENCH_RUNS (runs per figure at 1k and 10k, default 5; at
# most 3 at 100k; 1 at 1M), BENCH_PAIR_RUNS (runs of each command of the
# pairs the targets compare, which run in turn; default 7), BENCH_LARGE=1, BENCH_TIMEOUT (seconds per run,
# default 900), BENCH_SIZES (override, e.g. "1000 10000"), BENCH_BASIS
# (cpu or wall: what the time targets are judged on; default cpu),
# BENCH_SHAPES (issue 17: the inventory shapes on which the floor and
# check run in turn at BENCH_SHAPE_N services, default 100000; default
# "default dag violations warnings deep onefile small", "" for none),
# BENCH_JOBS (the --jobs values check runs with, wall time against the
# floor at 100k; default "1 2", "" for none).
set -u
B=${1:-build}
RESMAP=$B/resmap GEN=$B/gen-inventory FLOOR=$B/yaml-floor MEASURE=$B/measure
GENPLAN=$B/gen-plan JFLOOR=$B/json-floor
for t in "$RESMAP" "$GEN" "$FLOOR" "$MEASURE"; do
	[ -x "$t" ] || { echo "bench: missing $t (run make bench)" >&2; exit 2; }
done
RUNS=${BENCH_RUNS:-5}
PAIR_RUNS=${BENCH_PAIR_RUNS:-7}
TIMEOUT=${BENCH_TIMEOUT:-900}
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
[ "${BENCH_LARGE:-}" = 1 ] && [ -z "${BENCH_SIZES:-}" ] && SIZES="$SIZES 1000000"
W=$B/bench
LOG=$W/logs
mkdir -p "$W" "$LOG" || exit 2
TMO=
command -v timeout >/dev/null 2>&1 && TMO="timeout -k 10 $TIMEOUT"

# gen DIR N POLICIES [PER-FILE [SHAPE]]: generate once; again only when
# the generator changed.
gen() {
	_stamp="$1.stamp" _want="n=$2 policies=$3 seed=1 per-file=${4:-0}${5:+ shape=$5}"
	if [ -d "$1" ] && [ -f "$_stamp" ] && [ "$(cat "$_stamp")" = "$_want" ] &&
	   ! [ "$GEN" -nt "$_stamp" ]; then
		return 0
	fi
	echo "bench: generating $2 services, $3 policies into $1" >&2
	rm -rf "$1" "$1.tmp"
	"$GEN" -n "$2" -o "$1.tmp" --policies "$3" --seed 1 --per-file "${4:-0}" \
		--shape "${5:-default}" || exit 2
	mv "$1.tmp" "$1" && echo "$_want" >"$_stamp"
}

# bytes DIR: the inventory's size in bytes.
bytes() {
	cat "$1"/*.yaml | wc -c | tr -d ' '
}

label() {
	case $1 in
	1000) echo 1k ;; 10000) echo 10k ;; 100000) echo 100k ;; 1000000) echo 1M ;;
	*) echo "$1" ;;
	esac
}

# run KEY RUNS OKSTATUS CMD...: runs CMD RUNS times (stdout to /dev/null,
# stderr to the log), stores "median-seconds median-kb" or "n/a N" in
# $W/res/KEY. OKSTATUS: the largest exit status that means success (check
# exits 1 on findings). A failing run is not repeated.
rm -rf "$W/res"
mkdir -p "$W/res" || exit 2
begin() {
	: >"$W/res/$1.runs"
	rm -f "$W/res/$1.bad"
}
# once KEY OKSTATUS CMD...: one run, appended to KEY's runs.
once() {
	_k=$1 _ok=$2
	shift 2
	[ -f "$W/res/$_k.bad" ] && return
	$MEASURE "$W/res/$_k.one" $TMO "$@" >/dev/null 2>"$LOG/$_k.err" </dev/null
	read -r _st _secs _kb _cpu _flt _rest <"$W/res/$_k.one"
	if [ "$_st" -gt "$_ok" ]; then
		echo "$_st" >"$W/res/$_k.bad"
		return
	fi
	echo "$_secs $_kb $_cpu ${_flt:-0}" >>"$W/res/$_k.runs"
}
median() {
	cut -d' ' -f"$1" "$W/res/$2.runs" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}
# $W/res/KEY: median wall, median peak KiB, median CPU
finish() {
	if [ -f "$W/res/$1.bad" ]; then
		echo "n/a $(cat "$W/res/$1.bad")" >"$W/res/$1"
	else
		echo "$(median 1 "$1") $(median 2 "$1") $(median 3 "$1")" >"$W/res/$1"
	fi
}
run() {
	_rk=$1 _rn=$2 _rok=$3
	shift 3
	[ -t 2 ] && printf 'bench: %s (%s runs)\n' "$_rk" "$_rn" >&2
	begin "$_rk"
	_i=0
	while [ $_i -lt "$_rn" ] && [ ! -f "$W/res/$_rk.bad" ]; do
		once "$_rk" "$_rok" "$@"
		_i=$((_i + 1))
	done
	finish "$_rk"
}
# pair RUNS KEYA OKA CMDA... -- KEYB OKB CMDB...: runs A and B in turn, so
# that a change in the machine's load between them cannot bias their
# ratio (the words of CMDA are split on blanks: paths without spaces).
pair() {
	_pn=$1 _pa=$2 _poka=$3
	shift 3
	_pcmd=
	while [ "$1" != -- ]; do
		_pcmd="$_pcmd $1"
		shift
	done
	shift
	_pb=$1 _pokb=$2
	shift 2
	[ -t 2 ] && printf 'bench: %s and %s in turn (%s runs each)\n' "$_pa" "$_pb" "$_pn" >&2
	begin "$_pa"
	begin "$_pb"
	_i=0
	while [ $_i -lt "$_pn" ]; do
		# shellcheck disable=SC2086
		once "$_pa" "$_poka" $_pcmd
		once "$_pb" "$_pokb" "$@"
		_i=$((_i + 1))
	done
	finish "$_pa"
	finish "$_pb"
	# $W/res/pair-A-B: the medians of the runs' ratios B/A, wall and CPU
	if [ ! -f "$W/res/$_pa.bad" ] && [ ! -f "$W/res/$_pb.bad" ]; then
		paste -d' ' "$W/res/$_pa.runs" "$W/res/$_pb.runs" |
			awk '$1 > 0 && $3 > 0 { print $5 / $1, $7 / $3 }' >"$W/res/pair-$_pa-$_pb.runs"
		echo "$(median 1 "pair-$_pa-$_pb") $(median 2 "pair-$_pa-$_pb")" \
			>"$W/res/pair-$_pa-$_pb"
	fi
}

# Row of the table: label, then time/ratio/rss/ratio against floor key.
row() {
	if [ ! -f "$W/res/$1" ]; then
		printf '  %-44s %s\n' "$2" "not measured"
		return
	fi
	read -r _a _b _c <"$W/res/$1"
	if [ "$_a" = n/a ]; then
		_why=$(head -n 1 "$LOG/$1.err" 2>/dev/null | cut -c1-60)
		[ -n "$TMO" ] && { [ "$_b" = 124 ] || [ "$_b" = 137 ]; } &&
			_why="timed out after ${TIMEOUT}s"
		printf '  %-44s %s\n' "$2" "n/a (exit $_b${_why:+: $_why})"
		return
	fi
	read -r _ft _fm _fc <"$W/res/$3"
	[ "$_ft" = n/a ] && _ft=0 _fm=0 _fc=0   # no floor: no ratios
	awk -v w="$2" -v t="$_a" -v m="$_b" -v c="$_c" -v ft="$_ft" -v fm="$_fm" \
	    -v fc="$_fc" 'BEGIN {
		rt = ft > 0 ? sprintf("%.2fx", t / ft) : "-"
		rc = fc > 0 ? sprintf("%.2fx", c / fc) : "-"
		rm = fm > 0 ? sprintf("%.1fx", m / fm) : "-"
		printf "  %-44s %8.3f s %6s %8.3f s %6s %8.1f MiB %5s\n", w, t, rt, c, rc, m / 1024, rm
	}'
}

for n in $SIZES; do
	case $n in
	1000000) r=1 ;;
	100000) r=$RUNS; [ "$r" -gt 3 ] && r=3 ;;
	*) r=$RUNS ;;
	esac
	d=$W/$n
	gen "$d" "$n" 30
	if [ "$n" = 100000 ]; then
		# the target's pair: more runs, taken in turn
		pair "$PAIR_RUNS" "floor-$n" 0 "$FLOOR" "$d" -- "check-$n" 1 "$RESMAP" check "$d"
	else
		run "floor-$n" "$r" 0 "$FLOOR" "$d"
		run "check-$n" "$r" 1 "$RESMAP" check "$d"
	fi
	run "map-$n" "$r" 0 "$RESMAP" map --format json "$d"
	for v in deps jurisdiction data; do
		case $n in
		1000|10000) run "graph-$v-$n" "$r" 0 "$RESMAP" graph "$d" --view $v -o "$W/x.svg" ;;
		100000) run "graph-$v-$n" "$r" 0 "$RESMAP" graph "$d" --view $v \
			--collapse country -o "$W/x.svg" ;;
		*) echo "skipped" >"$W/res/graph-$v-$n" ;;
		esac
	done
	# report: not a target of issue 8; exit 1 means violations (fine)
	case $n in
	1000|10000|100000) run "report-$n" "$r" 1 "$RESMAP" report "$d" -o "$W/x.html" ;;
	esac
	if [ "$n" = 100000 ]; then
		gen "$W/100000-p2" 100000 2
		gen "$W/100000-p100" 100000 100
		pair "$PAIR_RUNS" check-p2 1 "$RESMAP" check "$W/100000-p2" -- \
			check-p100 1 "$RESMAP" check "$W/100000-p100"
		# the same services in one file: a document tree of 26 MB of YAML
		gen "$W/100000-onefile" 100000 30 100000
		run "floor-onefile" "$r" 0 "$FLOOR" "$W/100000-onefile"
		run "check-onefile" "$r" 1 "$RESMAP" check "$W/100000-onefile"
	fi
done

# Shapes (issue 17): the floor and check in turn on inventories of other
# shapes at SHAPE_N services. default: the inventory above; onefile: the
# same services in one file; small: in files of 10 services; the others
# are gen-inventory's --shape (see BENCHMARKS.md).
SHAPES=${BENCH_SHAPES-"default dag violations warnings deep onefile small"}
SHAPE_N=${BENCH_SHAPE_N:-100000}
for sh in $SHAPES; do
	case $sh in
	default) gen "$W/shape-$sh" "$SHAPE_N" 30 ;;
	onefile) gen "$W/shape-$sh" "$SHAPE_N" 30 "$SHAPE_N" ;;
	small) gen "$W/shape-$sh" "$SHAPE_N" 30 10 ;;
	*) gen "$W/shape-$sh" "$SHAPE_N" 30 0 "$sh" ;;
	esac
	pair "$PAIR_RUNS" "sfloor-$sh" 0 "$FLOOR" "$W/shape-$sh" -- \
		"scheck-$sh" 1 "$RESMAP" check "$W/shape-$sh"
done

# Both cores (issue 17): check reads files on --jobs threads; its wall
# time with one and with two, each in turn with the single-threaded floor.
if [ -n "${BENCH_JOBS-1 2}" ]; then
	gen "$W/100000" 100000 30
	for j in ${BENCH_JOBS-1 2}; do
		pair "$PAIR_RUNS" "jfloor-j$j" 0 "$FLOOR" "$W/100000" -- \
			"jcheck-j$j" 1 "$RESMAP" check -j "$j" "$W/100000"
	done
fi

# resmap import terraform on a generated plan (issue 15), against the bare
# yajl parse of the same file (tools/json-floor.c).
IMPORT_SIZES=${BENCH_IMPORT_SIZES:-100000}
[ "${BENCH_LARGE:-}" = 1 ] && [ -z "${BENCH_IMPORT_SIZES:-}" ] && IMPORT_SIZES="100000 1000000"
if [ -x "$GENPLAN" ] && [ -x "$JFLOOR" ]; then
	for n in $IMPORT_SIZES; do
		_plan="$W/plan-$n.json"
		if ! [ -f "$_plan" ] || [ "$GENPLAN" -nt "$_plan" ]; then
			echo "bench: generating a plan of $n resources" >&2
			"$GENPLAN" -n "$n" -o "$_plan.tmp" && mv "$_plan.tmp" "$_plan" || exit 2
		fi
		r=$RUNS
		[ "$n" -ge 100000 ] && r=3
		[ "$n" -ge 1000000 ] && r=1
		run "jfloor-$n" "$r" 0 "$JFLOOR" "$_plan"
		run "import-tf-$n" "$r" 0 "$RESMAP" import terraform --tenant bench "$_plan" -o /dev/null
	done
fi

echo
echo "resmap benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cpus," \
	"$(git describe --always --dirty 2>/dev/null || echo unknown))"
echo "median wall time, CPU time (user+sys) and peak RSS; ratios to the libyaml floor"
echo "of the same size measured in this run"
printf '\n  %-44s %10s %6s %10s %6s %11s %6s\n' "" "wall" "/floor" "cpu" "/floor" \
	"peak RSS" "/floor"
for n in $SIZES; do
	echo
	echo "$(label "$n") services: $(bytes "$W/$n") bytes in $(ls "$W/$n" | wc -l) files"
	row "floor-$n" "floor (libyaml events)" "floor-$n"
	row "check-$n" "resmap check" "floor-$n"
	row "map-$n" "resmap map --format json" "floor-$n"
	for v in deps jurisdiction data; do
		[ "$(cat "$W/res/graph-$v-$n" 2>/dev/null)" = skipped ] && continue
		c=
		[ "$n" = 100000 ] && c=" --collapse country"
		row "graph-$v-$n" "resmap graph $v$c" "floor-$n"
	done
	[ -f "$W/res/report-$n" ] && row "report-$n" "resmap report (html)" "floor-$n"
	if [ "$n" = 100000 ]; then
		row check-p2 "resmap check, 2 policies" "floor-$n"
		row check-p100 "resmap check, 100 policies" "floor-$n"
		row floor-onefile "floor, all services in one file" "floor-onefile"
		row check-onefile "resmap check, all services in one file" "floor-onefile"
	fi
done

for n in $IMPORT_SIZES; do
	[ -f "$W/res/jfloor-$n" ] || continue
	echo
	echo "terraform plan of $(label "$n") resources: $(wc -c <"$W/plan-$n.json" | tr -d ' ') bytes"
	row "jfloor-$n" "floor (yajl events, 64 KiB blocks)" "jfloor-$n"
	row "import-tf-$n" "resmap import terraform" "jfloor-$n"
done

# Targets. resmap and the floor are single-threaded and read warm files, so
# on an idle machine wall time equals CPU time; on a shared one wall time
# mostly measures the neighbours. The verdict therefore uses CPU time
# (BENCH_BASIS=wall to judge on wall time), and prints both. Even CPU time
# swung by 1.7x for seconds at a time on the shared machine this was
# written on (a virtual CPU runs slower while its neighbours work), so the
# two commands a target compares run in turn, and the verdict takes the
# median of the ratios of each turn's two runs, which a slow spell hits
# alike; the ratio of the two medians is printed beside it.
BASIS=${BENCH_BASIS:-cpu}
echo
echo "targets (issue 8; verdict on $BASIS time, both ratios shown)"
fig() { cut -d' ' -f"$2" "$W/res/$1" 2>/dev/null; }
# usable NAME KEY...: prints why not and fails when a figure is missing.
usable() {
	_name=$1
	shift
	for _k in "$@"; do
		if [ ! -f "$W/res/$_k" ]; then
			printf '  %-52s %s\n' "$_name" "not measured"
			return 1
		fi
		if [ "$(fig "$_k" 1)" = n/a ]; then
			printf '  %-52s %s\n' "$_name" "PENDING ($_k: exit $(fig "$_k" 2))"
			return 1
		fi
	done
}
# ratio NAME LIMIT PERCENT KEY BASE: KEY / BASE at most LIMIT; from the
# paired runs when the two ran in turn, else from the medians.
ratio() {
	usable "$1" "$4" "$5" || return 0
	_p=$W/res/pair-$5-$4
	awk -v name="$1" -v lim="$2" -v pct="$3" -v basis="$BASIS" \
	    -v t="$(fig "$4" 1)" -v bt="$(fig "$5" 1)" -v c="$(fig "$4" 3)" -v bc="$(fig "$5" 3)" \
	    -v pw="$([ -f "$_p" ] && fig "pair-$5-$4" 1)" -v pc="$([ -f "$_p" ] && fig "pair-$5-$4" 2)" \
	    'BEGIN {
		v = bt > 0 ? t / bt : 0; vc = bc > 0 ? c / bc : 0
		mv = v; mvc = vc
		how = ""
		if (pc != "") {
			v = pw; vc = pc
			how = pct ? sprintf("; ratio of medians cpu %+.0f%%", (mvc - 1) * 100) \
				  : sprintf("; ratio of medians cpu %.2fx", mvc)
			how = ", median of paired runs" how
		}
		if (pct)
			why = sprintf("(cpu %+.0f%%, wall %+.0f%%%s)", (vc - 1) * 100, (v - 1) * 100, how)
		else
			why = sprintf("(cpu %.2fx, wall %.2fx%s)", vc, v, how)
		ok = basis == "wall" ? v <= lim : vc <= lim
		printf "  %-52s %-4s %s\n", name, ok ? "PASS" : "FAIL", why
	}'
}
ratio "check at 100k within 1.5x the floor's time" 1.5 0 check-100000 floor-100000
ratio "100 policies add at most 20% to check (100k)" 1.2 1 check-p100 check-p2
if [ "${BENCH_LARGE:-}" = 1 ] || [ -f "$W/res/check-1000000" ]; then
	ratio "check time 100k -> 1M grows at most 12x" 12 0 check-1000000 check-100000
	if usable "check peak RSS at 1M at most 2x the inventory" check-1000000; then
		awk -v kb="$(fig check-1000000 2)" -v b="$(bytes "$W/1000000")" 'BEGIN {
			v = kb * 1024 / b
			printf "  %-52s %-4s (%.2fx: %.0f MiB for %.0f MiB)\n",
				"check peak RSS at 1M at most 2x the inventory",
				v <= 2 ? "PASS" : "FAIL", v, kb / 1024, b / 1048576
		}'
	fi
else
	printf '  %-52s %s\n' "check time 100k -> 1M grows at most 12x" "not measured (BENCH_LARGE=1)"
	printf '  %-52s %s\n' "check peak RSS at 1M at most 2x the inventory" "not measured (BENCH_LARGE=1)"
fi
# Per shape: every figure with its spread (min / median / max of the
# runs), page faults beside time, and the verdict "check within 1.5x the
# floor" on the median of the paired CPU ratios; not judged when the
# floor's own CPU time spread (max - min) exceeds 10% of its median.
# spread KEY COL: "min median max" of column COL of KEY's runs.
spread() {
	cut -d' ' -f"$2" "$W/res/$1.runs" | sort -n |
		awk '{a[NR]=$1} END{if (NR) print a[1], a[int((NR+1)/2)], a[NR]}'
}
if [ -n "$SHAPES" ]; then
	echo
	echo "shapes at $(label "$SHAPE_N") services (issue 17): CPU seconds and minor page faults," \
		"min / median / max of $PAIR_RUNS runs in turn"
	for sh in $SHAPES; do
		d=$W/shape-$sh
		echo
		echo "$sh: $(bytes "$d") bytes in $(ls "$d" | wc -l) files"
		if [ -f "$W/res/sfloor-$sh.bad" ] || [ -f "$W/res/scheck-$sh.bad" ]; then
			printf '  %s\n' "n/a: floor exit $(cat "$W/res/sfloor-$sh.bad" 2>/dev/null || echo 0)," \
				"check exit $(cat "$W/res/scheck-$sh.bad" 2>/dev/null || echo 0) (logs: $LOG)"
			printf '  %-40s %s\n' "check within 1.5x the floor" "PENDING"
			continue
		fi
		for k in sfloor scheck; do
			case $k in sfloor) w="floor (libyaml events)" ;; *) w="resmap check" ;; esac
			# shellcheck disable=SC2046
			set -- $(spread "$k-$sh" 3) $(spread "$k-$sh" 4) $(median 2 "$k-$sh")
			awk -v w="$w" 'BEGIN {
				printf "  %-26s cpu %6.3f / %6.3f / %6.3f s   faults %8d / %8d / %8d   rss %.1f MiB\n",
					w, ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7] / 1024
			}' "$@"
		done
		# shellcheck disable=SC2046
		set -- $(spread "pair-sfloor-$sh-scheck-$sh" 2) $(spread "pair-sfloor-$sh-scheck-$sh" 1) \
			$(spread "sfloor-$sh" 3)
		awk 'BEGIN {
			printf "  %-26s cpu %5.2fx / %5.2fx / %5.2fx   wall %5.2fx / %5.2fx / %5.2fx\n",
				"paired ratios check/floor", ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
			sp = ARGV[8] > 0 ? (ARGV[9] - ARGV[7]) / ARGV[8] : 1
			if (sp > 0.10)
				v = sprintf("not judged (noisy: floor spread %.0f%% > 10%%)", sp * 100)
			else
				v = sprintf("%s (median paired cpu ratio %.2fx; floor spread %.0f%%)",
					ARGV[2] <= 1.5 ? "PASS" : "FAIL", ARGV[2], sp * 100)
			printf "  %-40s %s\n", "check within 1.5x the floor", v
		}' "$@"
	done
fi

if [ -n "${BENCH_JOBS-1 2}" ]; then
	echo
	echo "both cores (issue 17): check at 100k with --jobs N, wall seconds, min / median / max" \
		"of $PAIR_RUNS runs in turn with the floor; $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
	for j in ${BENCH_JOBS-1 2}; do
		[ -f "$W/res/pair-jfloor-j$j-jcheck-j$j.runs" ] || continue
		# shellcheck disable=SC2046
		set -- $(spread "jfloor-j$j" 1) $(spread "jcheck-j$j" 1) \
			$(spread "pair-jfloor-j$j-jcheck-j$j" 1) $(spread "pair-jfloor-j$j-jcheck-j$j" 2)
		awk -v j="$j" 'BEGIN {
			printf "  -j %-3s floor %5.3f / %5.3f / %5.3f s   check %5.3f / %5.3f / %5.3f s   " \
				"wall ratio %4.2fx / %4.2fx / %4.2fx   (cpu ratio %4.2fx)\n", j,
				ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6],
				ARGV[7], ARGV[8], ARGV[9], ARGV[11]
		}' "$@"
	done
fi

echo
echo "logs: $LOG"
exit 0
