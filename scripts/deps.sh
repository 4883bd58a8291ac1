#!/bin/sh
# deps.sh - make sure the Debian packages bouncediag builds with are here.
# Shared by the Makefile and .ci/run.  As root it installs what is missing
# with apt-get; as another user it prints the exact command and fails.
# usage: scripts/deps.sh [--dev | --bench | --crosscheck]
#   --dev:   also the tools of check-asan, fuzz, valgrind and the man page lint
#   --bench: also what make bench compares with (Sisimai) and measures with
#   --crosscheck: also the peers and the unseen bounces of make crosscheck
set -eu
pkgs="build-essential pkg-config libpcre2-dev libcmocka-dev zlib1g-dev libuchardet-dev"
case "${1:-}" in
--dev) pkgs="$pkgs clang valgrind mandoc python3 parallel" ;;
--bench) pkgs="$pkgs libsisimai-perl python3 bc time" ;;
--crosscheck) pkgs="$pkgs libsisimai-perl python3 python3-flufl.bounce" ;;
esac
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing Debian packages; run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
$cmd >/dev/null
