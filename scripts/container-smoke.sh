#!/usr/bin/env bash
# Build the Dockerfile with podman and check the container really serves: CI's
# container step (.ci/run), also fine to run by hand as root.
#
# No registry image can be pulled here, so the base is made locally: Debian
# bookworm by debootstrap (python3, python3-venv, ca-certificates), from the
# mirror this machine's apt uses, cached in $IZHI_BASE_CACHE (one tarball a day;
# scripts/debian-base.sh).
# The image is then run as CI's class server would run it: read-only root, a
# tmpfs /tmp, non-root, no capabilities, explicit ulimits, a port on 127.0.0.1
# only; and /healthz, the page, one real callback (the seed's 7598 spikes), nginx
# in front (gzip, cache headers), the HEALTHCHECK, the users, the read-only root,
# the numba cache and a clean stop are checked. Then the same image runs as
# compose.yaml's class server (podman-compose: proxy, two web instances, Redis, the
# Celery worker), checked through its proxy, a large run included.
#
# Environment: IZHI_BASE_CACHE (/var/cache/izhi-base), IZHI_DEBIAN_MIRROR (from
# apt's sources), SMOKE_PORT (18050), SMOKE_COMPOSE_PORT (18052), PIP_CERT (pip's
# CA bundle for the build).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=localhost/izhi-explorer:smoke
PORT=${SMOKE_PORT:-18050}
COMPOSE_PORT=${SMOKE_COMPOSE_PORT:-18052}
CONTAINER=izhi-smoke-$$
PROJECT=izhismoke$$   # compose's project: containers ${PROJECT}_web_1, ...
COMPOSE_UP=
WEB_REPLICAS=2
APP_UID=10001
NOFILE=4096
NPROC=512
# Explicit: podman's defaults (nofile 1048576) exceed this machine's hard limits,
# and runc then refuses to start the container.
LIMITS=(--ulimit "nofile=$NOFILE:$NOFILE" --ulimit "nproc=$NPROC:$NPROC")
LOG=$(mktemp /tmp/izhi-smoke.XXXXXX.log)
START=$SECONDS
STEP_START=$SECONDS

fail() {
    echo "container-smoke: FAIL: $*" >&2
    exit 1
}

step() {
    echo "container-smoke: $* ($(( SECONDS - START )) s so far)"
    STEP_START=$SECONDS
}

done_step() {
    echo "    done in $(( SECONDS - STEP_START )) s"
}

compose() {
    IZHI_IMAGE=$IMAGE IZHI_SECRET_KEY=$SECRET WEB_REPLICAS=$WEB_REPLICAS \
        IZHI_PUBLISH=127.0.0.1:$COMPOSE_PORT \
        podman-compose -p "$PROJECT" -f compose.yaml --podman-run-args="--runtime runc" "$@"
}

cleanup() {
    local status=$?
    if [ -n "$COMPOSE_UP" ]; then
        if [ "$status" -ne 0 ]; then
            for c in $(podman ps -a --format '{{.Names}}' --filter "name=^${PROJECT}_"); do
                echo "---- last lines of $c's log ----" >&2
                podman logs --tail 20 "$c" >&2 2>&1 || true
            done
        fi
        compose down -t 5 >>"$LOG" 2>&1 || true
        podman network rm -f "${PROJECT}_default" >>"$LOG" 2>&1 || true
    fi
    if podman container exists "$CONTAINER" 2>/dev/null; then
        if [ "$status" -ne 0 ]; then
            echo "---- last lines of the container's log ----" >&2
            podman logs --tail 40 "$CONTAINER" >&2 2>&1 || true
        fi
        podman rm -f -t 5 "$CONTAINER" >>"$LOG" 2>&1 || true
    fi
    if [ "$status" -ne 0 ]; then
        if [ -s "$LOG" ]; then
            echo "---- last lines of $LOG ----" >&2
            tail -n 40 "$LOG" >&2 || true
        else
            rm -f "$LOG"
        fi
        echo "container-smoke: failed after $(( SECONDS - START )) s" >&2
    else
        rm -f "$LOG"
    fi
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root (podman builds and runs rootful here)"

# -- tools -----------------------------------------------------------------------------
scripts/need-debian.sh --for "the container check (make test-container)" \
    podman:podman buildah:buildah debootstrap:debootstrap runc:runc python3:python3
# compose's proxy finds the web instances by name: the network needs podman's DNS,
# aardvark-dns with netavark, the dnsname plugin with CNI (Debian's default podman).
case $(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null) in
    netavark) dns=aardvark-dns:/usr/lib/podman/aardvark-dns ;;
    *) dns=golang-github-containernetworking-plugin-dnsname:/usr/lib/cni/dnsname ;;
esac
scripts/need-debian.sh --for "the compose check (make test-container)" \
    podman-compose:podman-compose "$dns"

# -- base image: debootstrapped bookworm ------------------------------------------------
step "base image: debootstrapped bookworm (minbase + python3, python3-venv, ca-certificates)"
BASE_IMAGE=$(scripts/debian-base.sh localhost/izhi-base bookworm-minbase \
    python3,python3-venv,ca-certificates)
done_step

# -- build -------------------------------------------------------------------------------
# pip inside the build trusts the CA bundle this machine's pip trusts, as a build
# secret: it is mounted for the install step only and is in no layer of the image.
pip_cert=${PIP_CERT:-}
if [ -z "$pip_cert" ]; then
    pip_cert=$(python3 -m pip config get global.cert 2>/dev/null || true)
fi
[ -n "$pip_cert" ] || pip_cert=/etc/ssl/certs/ca-certificates.crt
secret=()
if [ -s "$pip_cert" ]; then
    secret=(--secret "id=pip_cert,src=$pip_cert")
fi

step "building $IMAGE on $BASE_IMAGE"
podman build --format docker --isolation chroot --network host \
    --build-arg "BASE=$BASE_IMAGE" "${secret[@]}" -t "$IMAGE" . >>"$LOG" 2>&1 \
    || fail "podman build failed (see the log below)"
done_step
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "    image size: $(( size / 1000000 )) MB"

# The CA bundle was a build secret: no file of the image may hold it (outside the
# base's own /etc/ssl store, which on a machine without a proxy is the same file),
# and no setting may point pip at it.
if [ -s "$pip_cert" ]; then
    cert_sum=$(cksum <"$pip_cert" | awk '{print $1, $2}')
    leaked=$(podman run --rm --runtime runc "${LIMITS[@]}" --user 0 --entrypoint "" \
        "$IMAGE" sh -c 'find / -xdev -path /etc/ssl -prune -o -type f -size "$1"c -exec cksum {} +' \
        _ "$(wc -c <"$pip_cert")" 2>>"$LOG" | awk -v sum="$cert_sum" '$1 " " $2 == sum {print $3}')
    [ -z "$leaked" ] || fail "the build's pip CA bundle is in the image: $leaked"
fi
if podman image inspect --format '{{.Config.Env}}' "$IMAGE" | grep -q PIP_CERT; then
    fail "the image's environment sets PIP_CERT"
fi
echo "  ok  pip's CA bundle is in no layer of the image"

# -- run ---------------------------------------------------------------------------------
step "running it: read-only root, tmpfs /tmp, uid $APP_UID, no capabilities, 127.0.0.1:$PORT"
run_start=$SECONDS
podman run -d --name "$CONTAINER" \
    --runtime runc \
    --read-only --tmpfs /tmp:rw,noexec,nosuid,nodev,size=256m \
    --user "$APP_UID:$APP_UID" \
    --cap-drop ALL --security-opt no-new-privileges \
    "${LIMITS[@]}" \
    --memory 2g --pids-limit 256 \
    --health-interval disable \
    -p "127.0.0.1:$PORT:8050" \
    "$IMAGE" >>"$LOG" 2>&1 || fail "podman run failed (see the log below)"

python3 scripts/smoke_http.py "http://127.0.0.1:$PORT" --wait 120 --proxy \
    || fail "HTTP checks against the container failed"
echo "    serving $(( SECONDS - run_start )) s after podman run"

podman healthcheck run "$CONTAINER" >>"$LOG" 2>&1 \
    || fail "the image's HEALTHCHECK did not pass"
echo "  ok  HEALTHCHECK (podman healthcheck run)"

# -- the container as the brief wants it -----------------------------------------------------
# every process: serve.py (pid 1), nginx's master and workers, gunicorn's
# shellcheck disable=SC2016  # expanded by the container's sh, not here
procs=$(podman exec "$CONTAINER" sh -c \
    'for d in /proc/[0-9]*; do echo "$(awk "/^Uid:/ {print \$2}" "$d/status") $(cat "$d/comm")"; done')
uids=$(awk '{print $1}' <<<"$procs" | sort -u | tr '\n' ' ')
[ "$uids" = "$APP_UID " ] || fail "the container's processes run as uids $uids, expected $APP_UID"
grep -q " nginx$" <<<"$procs" || fail "no nginx in the container: $procs"
echo "  ok  serve.py, nginx and gunicorn run as uid $APP_UID ($(wc -l <<<"$procs") processes)"

if out=$(podman exec --user 0 "$CONTAINER" touch /probe /app/probe 2>&1); then
    fail "the root filesystem is writable, even by root"
fi
case $out in
    *"Read-only file system"*) echo "  ok  root filesystem is read-only (even for root)" ;;
    *) fail "writing / failed, but not as a read-only file system: $out" ;;
esac

limits=$(podman exec "$CONTAINER" cat /proc/1/limits)
grep -Eq "^Max open files +$NOFILE +$NOFILE" <<<"$limits" || fail "nofile limit is not $NOFILE"
grep -Eq "^Max processes +$NPROC +$NPROC" <<<"$limits" || fail "nproc limit is not $NPROC"
echo "  ok  ulimits nofile=$NOFILE nproc=$NPROC"

# The kernels compiled at build time served every request: a kernel compiled at run
# time would have added or rewritten files in the writable cache.
# shellcheck disable=SC2016  # expanded by the container's sh, not here
cache_sums='cd "$1" && find . -type f -exec cksum {} + | sort'
seeded=$(podman exec "$CONTAINER" sh -c "$cache_sums" _ /opt/numba-cache-seed)
used=$(podman exec "$CONTAINER" sh -c "$cache_sums" _ /tmp/numba-cache)
[ -n "$seeded" ] || fail "the image has no numba cache in /opt/numba-cache-seed"
if [ "$seeded" != "$used" ]; then
    diff <(echo "$seeded") <(echo "$used") >&2 || true
    fail "numba compiled at run time: the build's cache did not cover the requests"
fi
echo "  ok  no numba compilation at run time ($(wc -l <<<"$seeded") cache files from the build)"

if podman logs "$CONTAINER" 2>&1 | grep -q "Traceback"; then
    podman logs "$CONTAINER" 2>&1 | grep -A 20 "Traceback" >&2
    fail "the server logged a traceback"
fi

# Whether the stopped container's log has a line matching $1. The log read just after
# podman stop returned once ended a few lines short, within the second of the SIGTERM
# (gunicorn's workers exiting, not yet its "Shutting down: Master" or serve.py's last
# line): looked for again for up to 5 s. The exit status below is checked as before.
stopped_log_says() {
    local _
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        podman logs "$CONTAINER" 2>&1 | grep -q "$1" && return 0
        sleep 0.5
    done
    return 1
}

podman stop -t 10 "$CONTAINER" >>"$LOG" 2>&1 || fail "the container did not stop"
stopped_log_says "Shutting down: Master" || fail "gunicorn did not shut down cleanly on SIGTERM"
stopped_log_says "^serve: stopped" || fail "serve.py did not stop cleanly on SIGTERM"
[ "$(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER")" = 0 ] \
    || fail "the container exited with status $(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER")"
echo "  ok  nginx and gunicorn shut down cleanly on stop (exit 0)"

# -- compose.yaml: the class server ------------------------------------------------------
services=(proxy web worker redis)
step "compose.yaml with podman-compose: ${services[*]} ($WEB_REPLICAS web instances), 127.0.0.1:$COMPOSE_PORT"
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
COMPOSE_UP=1
compose up -d --no-build "${services[@]}" >>"$LOG" 2>&1 || fail "podman-compose up failed"
python3 scripts/smoke_http.py "http://127.0.0.1:$COMPOSE_PORT" --wait 180 --quick --proxy \
    || fail "HTTP checks through compose's proxy failed"

# the proxy spreads requests over both instances (the name resolves to both)
python3 -c 'import sys, urllib.request as u
for _ in range(30):
    assert u.urlopen(sys.argv[1] + "/healthz", timeout=30).read() == b"ok"' \
    "http://127.0.0.1:$COMPOSE_PORT" || fail "/healthz through compose's proxy failed"
for k in $(seq 1 "$WEB_REPLICAS"); do
    n=$(podman logs "${PROJECT}_web_$k" 2>&1 | grep -c '"GET /healthz HTTP/1.0" 200' || true)
    [ "$n" -gt 0 ] || fail "web instance $k got no request through the proxy"
    echo "  ok  web instance $k answered $n of the proxy's /healthz"
done
podman exec "${PROJECT}_web_1" python -c \
    'import os, redis; assert redis.Redis.from_url(os.environ["REDIS_URL"]).ping()' \
    >>"$LOG" 2>&1 || fail "web cannot reach Redis at its REDIS_URL"
echo "  ok  web reaches Redis by its service name"
for _ in $(seq 1 90); do
    podman logs "${PROJECT}_worker_1" 2>&1 | grep -q " ready\." && break
    sleep 1
done
podman logs "${PROJECT}_worker_1" 2>&1 | grep -q " ready\." \
    || fail "the Celery worker did not come up within 90 s"
echo "  ok  the Celery worker is ready, on Redis by its service name"

# A large run as the page asks for it, through the proxy, from inside the project's
# network: its start and polls land on either web instance, the worker runs it, and
# whichever instance a poll reaches answers it (scripts/jobs_client.py, which the
# image does not ship, goes in on stdin).
podman exec -i "${PROJECT}_web_1" sh -c 'cat > /tmp/jobs_client.py' <scripts/jobs_client.py
run_start=$SECONDS
out=$(podman exec -w /app -e PYTHONPATH=/app/scripts:/tmp "${PROJECT}_web_1" python -c '
from jobs_client import JobClient, alert_of
client = JobClient("http://proxy:8050")
assert client.start({"ne": 80000, "ni": 20000, "inputs": 100, "mode": "fast"}).status_code == 200
response = client.wait(180)
assert not alert_of(response), alert_of(response)
print(response["card-spikes"]["children"], "spikes; progress:", " / ".join(client.labels[-2:]))
' 2>&1) || fail "a large run through compose's proxy failed: $out"
echo "  ok  a 100,000-neuron run through the proxy, by the worker: $out ($(( SECONDS - run_start )) s)"
compose down -t 10 >>"$LOG" 2>&1 || fail "podman-compose down failed"
podman network rm -f "${PROJECT}_default" >>"$LOG" 2>&1 || true
COMPOSE_UP=
done_step

# The build layers on earlier days' base images (scripts/debian-base.sh untagged
# those); today's stay as the next run's build cache.
podman image prune -f --filter until=24h >>"$LOG" 2>&1 || true

echo "container-smoke: passed in $(( SECONDS - START )) s (image $(( size / 1000000 )) MB)"
