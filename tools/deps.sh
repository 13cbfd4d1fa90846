#!/bin/sh
# deps.sh build|test: installs the Debian packages resmap needs when they
# are missing (as root), or prints the exact apt-get command (otherwise).
set -u
what=${1:-build}

# package:probe — the probe is a pkg-config module, a command, a python3
# module or a graphviz plugin. libgvc6-plugins-gtk (which libgraphviz-dev
# pulls in anyway) carries the librsvg image loader that draws the world
# view's SVG into PNG and PDF.
build_pkgs="pkg-config:cmd:pkg-config libyaml-dev:pc:yaml-0.1 libyajl-dev:pc:yajl libgraphviz-dev:pc:libgvc graphviz:cmd:dot libgvc6-plugins-gtk:gv:rsvg"
test_pkgs="python3:cmd:python3 libcmocka-dev:pc:cmocka mandoc:cmd:mandoc libxml2-utils:cmd:xmllint clang:cmd:clang python3-jsonschema:py:jsonschema python3-yaml:py:yaml zsh:cmd:zsh fish:cmd:fish"
[ "$what" = test ] && pkgs="$build_pkgs $test_pkgs" || pkgs="$build_pkgs"

missing=
for entry in $pkgs; do
	pkg=${entry%%:*}; rest=${entry#*:}; kind=${rest%%:*}; probe=${rest#*:}
	case $kind in
	pc) pkg-config --exists "$probe" 2>/dev/null || missing="$missing $pkg" ;;
	cmd) command -v "$probe" >/dev/null 2>&1 || missing="$missing $pkg" ;;
	py) python3 -c "import $probe" >/dev/null 2>&1 || missing="$missing $pkg" ;;
	gv) ls "$(pkg-config --variable=libdir libgvc 2>/dev/null)/graphviz/libgvplugin_$probe.so.6" \
		>/dev/null 2>&1 || missing="$missing $pkg" ;;
	esac
done
# chromium is optional (browser test of the report): install it when we can.
if [ "$what" = test ] && ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	missing="$missing chromium"
fi
# so are node, which drives it over the DevTools protocol (zoom, layout,
# load time), and npm, which fetches axe-core for the accessibility check
# (tests/browser/report-test.sh): Debian has no axe-core package.
if [ "$what" = test ] && ! command -v node >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	missing="$missing nodejs"
fi
if [ "$what" = test ] && ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	missing="$missing npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null 2>&1 || true
	if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
		# chromium, node and npm are optional: retry without them before giving up
		rest=$(echo "$missing" | sed 's/ chromium//; s/ nodejs//; s/ npm//')
		[ -n "$rest" ] && apt-get install -y -qq --no-install-recommends $rest >/dev/null || {
			[ -z "$rest" ] && exit 0
			echo "deps: apt-get install failed:$rest" >&2; exit 1; }
	fi
	exit 0
fi
echo "deps: missing packages. Run as root:" >&2
echo "  apt-get install -y$missing" >&2
exit 1
