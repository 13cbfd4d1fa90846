#!/bin/sh
# gen-man-diagnostics.sh [--check]: writes the message list of resmap(1)'s
# DIAGNOSTICS section from man/diagnostics.txt (between the markers
# ".\" BEGIN MESSAGES" and ".\" END MESSAGES"). With --check, only says
# whether the page is up to date (used by make test).
set -u
page=man/resmap.1
list=man/diagnostics.txt
tmp=$(mktemp); trap 'rm -f "$tmp" "$tmp.block"' EXIT
{
	echo '.Bl -item -compact'
	grep -v '^#' "$list" | grep -v '^[[:space:]]*$' |
	sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/" |
	while IFS= read -r line; do
		echo '.It'
		echo "$line"
	done
	echo '.El'
} >"$tmp.block"
awk -v block="$tmp.block" '
/^\.\\" BEGIN MESSAGES/ { print; while ((getline l < block) > 0) print l; skip = 1; next }
/^\.\\" END MESSAGES/ { skip = 0 }
!skip { print }' "$page" >"$tmp"
if [ "${1:-}" = --check ]; then
	if cmp -s "$tmp" "$page"; then exit 0; fi
	echo "man: resmap(1) DIAGNOSTICS is out of date with man/diagnostics.txt; run sh tools/gen-man-diagnostics.sh"
	exit 1
fi
cp "$tmp" "$page"
