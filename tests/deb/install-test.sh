#!/bin/sh
# install-test.sh BUILD: `make deb`'s package installed by dpkg into a
# scratch root (dpkg --root: the host's packages are not touched), then
# run from there: --version, a check of the shipped example, the man
# pages in place; and every package it depends on is installed here.
# Root only (dpkg refuses otherwise); skipped, saying so, for other users.
set -u
B=${1:-build}
if [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null 2>&1; then
	echo "deb: skipped (needs root and dpkg)"; exit 0
fi
deb=$(sh tools/mkdeb.sh "$B") || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/var/lib/dpkg/info" "$tmp/var/lib/dpkg/updates"
: >"$tmp/var/lib/dpkg/status"
# --force-depends: the scratch root's database knows no other package;
# the dependencies are checked against the host's below instead.
dpkg --root="$tmp" --force-depends --force-script-chrootless -i "$deb" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; echo "deb: dpkg -i failed"; exit 1; }
fail=0
"$tmp/usr/bin/resmap" --version | grep -q '^resmap ' || { echo "deb: --version"; fail=1; }
"$tmp/usr/bin/resmap" check examples/story >/dev/null 2>&1
[ $? = 1 ] || { echo "deb: check of the example did not find its violations"; fail=1; }
for f in usr/share/man/man1/resmap.1.gz usr/share/man/man5/resmap-inventory.5.gz \
	usr/share/doc/resmap/copyright usr/share/bash-completion/completions/resmap \
	usr/share/zsh/vendor-completions/_resmap usr/share/fish/vendor_completions.d/resmap.fish; do
	[ -s "$tmp/$f" ] || { echo "deb: $f missing"; fail=1; }
done
dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/ //g' | while read -r p; do
	[ -n "$p" ] || continue
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		{ echo "deb: dependency $p is not installed here"; exit 1; }
done || fail=1
dpkg --root="$tmp" -r resmap >/dev/null 2>&1 || { echo "deb: dpkg -r failed"; fail=1; }
[ -e "$tmp/usr/bin/resmap" ] && { echo "deb: dpkg -r left the binary"; fail=1; }
[ $fail = 0 ] && echo "deb: ok ($(basename "$deb") installed, run and removed by dpkg)"
exit $fail
