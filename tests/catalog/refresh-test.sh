#!/bin/sh
# refresh-test.sh: the built-in catalog is what the pinned provider sources
# and the hand-kept tables make of it, and tools/refresh-catalog refuses
# sources and overlays that disagree (make check-catalog).
#
#  1. tools/refresh-catalog on data/sources + data/reference writes exactly
#     data/reference/regions.tsv, and tools/gen-catalog.sh on that writes
#     exactly data/{providers,regions,jurisdictions}.yaml;
#  2. on broken copies it fails, writes nothing, and says what is wrong.
# Needs python3 (standard library only); no network.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refresh-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT HUP INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- 1. the catalog in the repository is the one the tools make ----
if "$top/tools/refresh-catalog" --out "$tmp/regions.tsv" 2>"$tmp/err"; then
	if cmp -s "$tmp/regions.tsv" "$top/data/reference/regions.tsv"; then ok; else
		bad "data/reference/regions.tsv is not what tools/refresh-catalog makes:"
		diff -u "$top/data/reference/regions.tsv" "$tmp/regions.tsv" | head -30
	fi
else
	bad "tools/refresh-catalog fails on the pinned sources:"; cat "$tmp/err"
fi
mkdir "$tmp/out"
if sh "$top/tools/gen-catalog.sh" "$top/data/reference" "$tmp/out" 2>"$tmp/err"; then
	for f in providers regions jurisdictions; do
		if cmp -s "$tmp/out/$f.yaml" "$top/data/$f.yaml"; then ok; else
			bad "data/$f.yaml is not what tools/gen-catalog.sh makes (run it and review):"
			diff -u "$top/data/$f.yaml" "$tmp/out/$f.yaml" | head -30
		fi
	done
else
	bad "tools/gen-catalog.sh fails:"; cat "$tmp/err"
fi

# ---- 2. broken copies ----
# copy: a fresh copy of everything refresh-catalog reads, in $tmp/c
copy() {
	rm -rf "$tmp/c"; mkdir -p "$tmp/c"
	cp -R "$top/data/sources" "$top/data/reference" "$top/data/catalog.yaml" "$tmp/c/"
}
# expect NAME TEXT: refresh-catalog on $tmp/c fails, writes nothing, and
# its messages hold TEXT
expect() {
	rm -f "$tmp/c/out.tsv"
	if "$top/tools/refresh-catalog" --sources "$tmp/c/sources" --reference "$tmp/c/reference" \
	    --catalog "$tmp/c/catalog.yaml" --out "$tmp/c/out.tsv" 2>"$tmp/c/err"; then
		bad "$1: refresh-catalog succeeded"; return
	fi
	if [ -e "$tmp/c/out.tsv" ]; then bad "$1: wrote its output despite failing"; return; fi
	if grep -qF -- "$2" "$tmp/c/err"; then ok; else
		bad "$1: message lacks '$2':"; cat "$tmp/c/err"
	fi
}
ov=$tmp/c/reference/regions-overlay.tsv
edit() { sed "$1" "$2" >"$2.new" && mv "$2.new" "$2"; }

copy; edit '/^aws	me-west-1	/d' "$ov"
expect "missing overlay row" \
	"source region aws:me-west-1 (in npm-aws-sdk-core-3.981.2-partitions.json) has no overlay row"

copy; printf 'aws\tzz-nowhere-1\tlive\t\t\tDE\t\t\t\t\n' >>"$ov"
expect "overlay row without source" "aws:zz-nowhere-1 is live but no pinned source lists it"

copy; edit 's/^\(aws	eu-central-1	live	[^	]*	[^	]*	\)DE	/\1FR	/' "$ov"
expect "country against location text" \
	"aws:eu-central-1: country FR disagrees with npm-aws-sdk-core-3.981.2-partitions.json location text 'Europe (Frankfurt)' (DE)"

copy; edit 's/"asia-east1": "Taiwan"/"asia-east1": "Atlantis"/' "$tmp/c/sources/gcp-gcping-regions.json"
expect "unknown place" "location text 'Atlantis' names no known place"

copy; edit 's/^\(azure	westeurope	live	[^	]*	[^	]*	[^	]*	[^	]*	\)/\1uksouth/' "$ov"
expect "pair against the provider's" "azure:westeurope: pair 'uksouth' disagrees with azure-regions-list.md ('northeurope')"

copy; edit 's/^\(alibaba	cn-nanjing	retired	[^	]*	[^	]*	[^	]*	[^	]*	[^	]*	\)[^	]*/\1/' "$ov"
expect "retired without evidence" "a retired row needs evidence"

copy; edit 's/^\(alibaba	cn-nanjing	\)retired/\1closed/' "$ov"
expect "unknown status" "status 'closed' is not one of live, asserted, retired, excluded"

copy; edit 's/sources_date: "[^"]*"/sources_date: "2020-01-01"/' "$tmp/c/catalog.yaml"
expect "stale sources_date" 'sources_date must be "2026-11-24"'

copy; edit 's/	aws-partitions	/	aws-partitions-v9	/' "$tmp/c/sources/PINNED.tsv"
expect "unknown parser" "unknown parser 'aws-partitions-v9'"

echo "refresh-catalog: $pass passed, $fail failed"
[ "$fail" = 0 ]
