#!/bin/sh
# fetch-unseen.sh - the second collection of bounces make crosscheck reads:
# the test corpus of Mail::DeliveryStatus::BounceParser (126 real bounces,
# 2003-2012, many spam and size rejections), from its Debian source package.
# Debian's binary package leaves the corpus out, so the pinned source tarball
# is fetched once into bench/work/bounceparser/.  Exits 0 without it when
# the network or curl is missing: the crosscheck then reads what it has.
cd "$(dirname "$0")/.."
dir=bench/work/bounceparser
[ -d "$dir/t/corpus" ] && exit 0
pkg=libmail-deliverystatus-bounceparser-perl
url=http://deb.debian.org/debian/pool/main/libm/$pkg/${pkg}_1.543+repacked.orig.tar.xz
command -v curl >/dev/null || { echo "fetch-unseen.sh: no curl; skipping BounceParser's corpus" >&2; exit 0; }
mkdir -p "$dir" || exit 2
if ! curl -fsSL "$url" | tar -xJ -C "$dir" --strip-components=1; then
	echo "fetch-unseen.sh: could not fetch $url; skipping BounceParser's corpus" >&2
	rm -rf "$dir"
fi
exit 0
