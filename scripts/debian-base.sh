#!/usr/bin/env bash
# A local Debian bookworm image made by debootstrap (no registry image can be pulled
# here), for scripts/container-smoke.sh and scripts/fresh-machine-check.sh. As root:
#
#     scripts/debian-base.sh REPO STEM PACKAGES    # prints REPO:bookworm-YYYYMMDD
#
# e.g. `scripts/debian-base.sh localhost/izhi-base bookworm-minbase python3,python3-venv`.
# The minbase rootfs with PACKAGES (comma-separated, for debootstrap --include) comes
# from the mirror this machine's apt uses and is cached as $IZHI_BASE_CACHE/STEM-DAY.tar
# (/var/cache/izhi-base; one tarball a day, so the base follows Debian's updates), then
# imported as REPO:bookworm-DAY. Its apt sources are a fresh Debian install's: bookworm
# and bookworm-updates from that mirror, bookworm-security from this machine's
# security mirror if it has one. Earlier days' tarballs of STEM and tags of REPO go.
#
# Environment: IZHI_BASE_CACHE, IZHI_DEBIAN_MIRROR and IZHI_DEBIAN_SECURITY (from
# apt's sources). Progress goes to stderr, the image's name alone to stdout.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: debian-base.sh REPO STEM PACKAGES" >&2; exit 2; }
REPO=$1
STEM=$2
PACKAGES=$3
BASE_CACHE=${IZHI_BASE_CACHE:-/var/cache/izhi-base}
DAY=$(date -u +%Y%m%d)
IMAGE=$REPO:bookworm-$DAY
TARBALL=$BASE_CACHE/$STEM-$DAY.tar
ROOTFS=

fail() {
    echo "debian-base: FAIL: $*" >&2
    exit 1
}

cleanup() {
    if [ -n "$ROOTFS" ] && [ -d "$ROOTFS" ]; then
        # a failed debootstrap can leave /proc or /sys mounted inside its target
        awk -v root="$ROOTFS/" 'index($2, root) == 1 {print $2}' /proc/mounts | sort -r \
            | xargs -r umount -l 2>/dev/null || true
        rm -rf --one-file-system "$ROOTFS" || true
    fi
    rm -f "$TARBALL.part.$$"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap, and podman runs rootful here)"

apt_uri() {
    # The first deb URI in apt's sources that serves suite $1 (one-line .list files and
    # deb822 .sources files alike).
    local files=()
    [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    [ ${#files[@]} -gt 0 ] || return 0
    awk -v suite="$1" '
        function flush() {
            if (!found && is_deb && has_suite && uri != "") { print uri; found = 1; exit }
            is_deb = 0; has_suite = 0; uri = ""
        }
        FNR == 1 { flush() }
        /^[[:space:]]*#/ { next }
        /^deb[[:space:]]/ {
            i = 2
            if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
            if ($(i + 1) == suite) { print $i; found = 1; exit }
            next
        }
        /^[[:space:]]*$/ { flush(); next }
        tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") is_deb = 1 }
        tolower($1) == "uris:" { uri = $2 }
        tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
        END { flush() }
    ' "${files[@]}"
}

if podman image exists "$IMAGE"; then
    echo "debian-base: $IMAGE is there" >&2
    echo "$IMAGE"
    exit 0
fi

mkdir -p "$BASE_CACHE"
# One debootstrap at a time per tarball, whoever else runs this script.
exec 9>"$BASE_CACHE/.$STEM.lock"
flock 9

if [ ! -s "$TARBALL" ]; then
    command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is missing (apt-get install debootstrap)"
    mirror=${IZHI_DEBIAN_MIRROR:-$(apt_uri bookworm)}
    security=${IZHI_DEBIAN_SECURITY:-$(apt_uri bookworm-security)}
    [ -n "$mirror" ] || fail "no Debian mirror serving bookworm in /etc/apt/sources.list(.d); set IZHI_DEBIAN_MIRROR"
    echo "debian-base: debootstrap bookworm (minbase + $PACKAGES) from $mirror" >&2
    start=$SECONDS
    ROOTFS=$(mktemp -d /var/tmp/izhi-rootfs.XXXXXX)
    log=$ROOTFS.log
    if ! debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOTFS" "$mirror" \
            >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        rm -f "$log"
        fail "debootstrap failed (its log's last lines above)"
    fi
    rm -f "$log"
    {
        echo "deb $mirror bookworm main"
        echo "deb $mirror bookworm-updates main"
        if [ -n "$security" ]; then echo "deb $security bookworm-security main"; fi
    } >"$ROOTFS/etc/apt/sources.list"
    # what an image needs no more: downloaded packages and package lists
    rm -rf --one-file-system "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    tar --numeric-owner -C "$ROOTFS" -cf "$TARBALL.part.$$" . && mv "$TARBALL.part.$$" "$TARBALL"
    rm -rf --one-file-system "$ROOTFS"
    ROOTFS=
    find "$BASE_CACHE" -maxdepth 1 -name "$STEM-*.tar*" ! -name "${TARBALL##*/}" -delete
    echo "    done in $(( SECONDS - start )) s" >&2
fi

if ! podman image exists "$IMAGE"; then
    echo "debian-base: importing $TARBALL as $IMAGE" >&2
    podman import -q --change 'CMD ["/bin/bash"]' "$TARBALL" "$IMAGE" >/dev/null \
        || fail "podman import failed"
fi
for old in $(podman images --format '{{.Repository}}:{{.Tag}}' "$REPO"); do
    [ "$old" = "$IMAGE" ] || podman untag "$old" >/dev/null 2>&1 || true
done
echo "$IMAGE"
