#!/bin/sh
# refresh-test.sh: the built-in catalog is what the pinned provider sources
# and the hand-kept tables make of it, and tools/refresh-catalog refuses
# sources and overlays that disagree (make check-catalog).
#
#  1. tools/refresh-catalog on data/sources + data/reference writes exactly
#     data/reference/regions.tsv (and multiregions.tsv), and
#     tools/gen-catalog.sh on those writes exactly
#     data/{providers,regions,jurisdictions,multiregions}.yaml;
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
multi=
[ -f "$top/data/reference/multiregions-overlay.tsv" ] && multi=multiregions
mkdir "$tmp/ref"
if "$top/tools/refresh-catalog" --out-dir "$tmp/ref" 2>"$tmp/err"; then
	for f in regions $multi; do
		if cmp -s "$tmp/ref/$f.tsv" "$top/data/reference/$f.tsv"; then ok; else
			bad "data/reference/$f.tsv is not what tools/refresh-catalog makes:"
			diff -u "$top/data/reference/$f.tsv" "$tmp/ref/$f.tsv" | head -30
		fi
	done
else
	bad "tools/refresh-catalog fails on the pinned sources:"; cat "$tmp/err"
fi
mkdir "$tmp/out"
if sh "$top/tools/gen-catalog.sh" "$top/data/reference" "$tmp/out" 2>"$tmp/err"; then
	for f in providers regions jurisdictions $multi; do
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
	rm -rf "$tmp/c/out"; mkdir "$tmp/c/out"
	if refresh 2>"$tmp/c/err"; then
		bad "$1: refresh-catalog succeeded"; return
	fi
	if [ -n "$(ls "$tmp/c/out")" ]; then bad "$1: wrote its output despite failing"; return; fi
	if grep -qF -- "$2" "$tmp/c/err"; then ok; else
		bad "$1: message lacks '$2':"; cat "$tmp/c/err"
	fi
}
refresh() {
	"$top/tools/refresh-catalog" --sources "$tmp/c/sources" --reference "$tmp/c/reference" \
	    --catalog "$tmp/c/catalog.yaml" --out-dir "$tmp/c/out"
}
ov=$tmp/c/reference/regions-overlay.tsv
mov=$tmp/c/reference/multiregions-overlay.tsv
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

# multi-regions: members must be catalog regions, exceptions must be stale-free,
# and a rule takes in a new region of its area by itself
if [ -n "$multi" ]; then
	copy; edit 's/^\(gcp	eur4	[^	]*	[^	]*	\)europe-north1 /\1europe-north9 /' "$mov"
	expect "multi-region member not a region" \
		"gcp:eur4: 'gcp:europe-north9' is not a live or asserted region of the catalog"

	copy; edit 's/^\(gcp	asia	[^	]*	[^	]*	[^	]*	\)/\1us-east1 /' "$mov"
	expect "stale multi-region exception" "gcp:asia: except 'us-east1' is not given by rule 'prefix:asia-'"

	copy; edit 's/^\(gcp	eur5	[^	]*	[^	]*	[^	]*	[^	]*	\)[^	]*/\1/' "$mov"
	expect "multi-region without evidence" "gcp:eur5: a multi-region needs evidence"

	copy
	edit 's/"asia-east1": "Taiwan",/"asia-east1": "Taiwan", "europe-west99": "Berlin",/' \
		"$tmp/c/sources/gcp-gcping-regions.json"
	printf 'gcp\teurope-west99\tlive\t\tBerlin\tDE\t\t\t\t\n' >>"$ov"
	rm -rf "$tmp/c/out"; mkdir "$tmp/c/out"
	if refresh 2>"$tmp/c/err" &&
	    grep -q '^gcp	eu	[^	]*	[^	]*europe-west99' "$tmp/c/out/multiregions.tsv"; then ok; else
		bad "a new GCP region in an EU country is not a member of gcp:eu:"; cat "$tmp/c/err"
	fi
fi

echo "refresh-catalog: $pass passed, $fail failed"
[ "$fail" = 0 ]
