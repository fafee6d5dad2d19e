#!/bin/sh
# The container's entrypoint: seed numba's writable cache with the kernels compiled
# at build time (so no worker compiles on its first request), then run the command
# (by default gunicorn). The root filesystem may be read-only: only
# NUMBA_CACHE_DIR (under /tmp, a tmpfs) is written.
set -eu

seed=/opt/numba-cache-seed
cache=${NUMBA_CACHE_DIR:?NUMBA_CACHE_DIR must name a writable folder}

if ! mkdir -p "$cache" 2>/dev/null || ! [ -w "$cache" ]; then
    echo "entrypoint: NUMBA_CACHE_DIR=$cache is not writable; run with a writable /tmp" \
         "(e.g. --tmpfs /tmp) or point NUMBA_CACHE_DIR at a writable volume." >&2
    exit 1
fi
if [ -d "$seed" ] && [ -z "$(ls -A "$cache")" ]; then
    cp -R "$seed/." "$cache/"
fi

exec "$@"
