#!/bin/sh
# mkdeb.sh BUILD: builds BUILD/resmap_VERSION_ARCH.deb with dpkg-deb from
# the binary, the man pages and the shell completions (`make deb`).
# Depends: the Debian packages that ship the shared libraries the binary
# links directly (found with objdump and dpkg -S), at the versions
# installed here or later.
set -eu
B=${1:-build}
command -v dpkg-deb >/dev/null || { echo "mkdeb: dpkg-deb is needed (a Debian system)" >&2; exit 2; }
ver=$(sed -n 's/^#define RESMAP_VERSION "\(.*\)"/\1/p' src/base/version.h)
arch=$(dpkg --print-architecture)
root=$B/deb/resmap_${ver}_$arch
rm -rf "$root"
mkdir -p "$root/DEBIAN"
make --no-print-directory BUILD="$B" DESTDIR="$root" PREFIX=/usr install >/dev/null
strip --strip-unneeded "$root/usr/bin/resmap"
gzip -9n "$root/usr/share/man/man1/resmap.1" "$root/usr/share/man/man5/resmap-inventory.5"
mkdir -p "$root/usr/share/doc/resmap"
cat >"$root/usr/share/doc/resmap/copyright" <<'EOT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: resmap
Comment: the built-in catalog's sources and their licences are listed in
 data/SOURCES.md of resmap's repository.
EOT
deps=
for so in $(objdump -p "$B/resmap" | awk '/NEEDED/ { print $2 }'); do
	pkg=$(dpkg -S "*/$so" 2>/dev/null | head -n 1 | cut -d: -f1)
	[ -n "$pkg" ] || { echo "mkdeb: no package ships $so" >&2; exit 2; }
	v=$(dpkg-query -W -f '${Version}' "$pkg" | sed 's/^[0-9]*://; s/-[^-]*$//')
	case " $deps " in *" $pkg "*) ;; *) deps="$deps $pkg (>= $v)," ;; esac
done
deps=$(echo "$deps" | sed 's/^ //; s/,$//')
size=$(du -sk "$root/usr" | cut -f1)
cat >"$root/DEBIAN/control" <<EOT
Package: resmap
Version: $ver
Architecture: $arch
Maintainer: resmap developers <resmap@localhost>
Installed-Size: $size
Depends: $deps
Section: utils
Priority: optional
Description: map which region stores what data, about whom, reachable by whom
 resmap reads YAML inventories of services, regions and tenants, derives
 every place each piece of data resides, checks that against policies,
 and draws dependency, jurisdiction and world views.
EOT
dpkg-deb --root-owner-group --build "$root" "$B/resmap_${ver}_$arch.deb" >/dev/null
echo "$B/resmap_${ver}_$arch.deb"
