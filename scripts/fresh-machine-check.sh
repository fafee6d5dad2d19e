#!/usr/bin/env bash
# The README's commands on a fresh Debian machine: a developer's check (make test does
# not run it). As root:
#
#     scripts/fresh-machine-check.sh [test] [run]     # default: test
#
# Each goal gets a fresh clone of HEAD (commit first: uncommitted changes are not in
# it) and a fresh container made from a debootstrapped bookworm minbase with only
# python3, python3-venv, ca-certificates, make and git (scripts/debian-base.sh, cached
# a day), run as root with podman:
#   test  `make test`, on the host's network (it installs chromium with apt-get);
#   run   `make run` in the background, on a network of its own so that it can listen
#         on 127.0.0.1:8050: scripts/smoke_http.py checks /healthz answers ok, / is the
#         page and the main callback works; then it is stopped.
#
# The container gets this machine's network settings, none of the project's set-up:
# the CA certificates in /usr/local/share/ca-certificates (a TLS-inspecting proxy's;
# installed with update-ca-certificates), /etc/pip.conf, and the PIP_INDEX_URL,
# PIP_EXTRA_INDEX_URL, PIP_TRUSTED_HOST, PIP_CERT, PIP_DEFAULT_TIMEOUT and proxy
# variables, where set. Host-local package mirrors (file:// indexes, find-links
# folders) stay out: pip and apt use the network, as on a fresh machine.
#
# Environment: IZHI_BASE_CACHE, IZHI_DEBIAN_MIRROR, IZHI_DEBIAN_SECURITY (see
# scripts/debian-base.sh); FRESH_SHM (/dev/shm size, 2g: a machine's, not podman's 64m).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

GOALS=("$@")
[ ${#GOALS[@]} -gt 0 ] || GOALS=(test)
for goal in "${GOALS[@]}"; do
    case $goal in
        test | run) ;;
        *) echo "fresh-machine-check: unknown goal '$goal' (test, run)" >&2; exit 2 ;;
    esac
done

START=$SECONDS
WORK=
NAME=izhi-fresh-$$
say() { echo "fresh-machine-check: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

# shellcheck disable=SC2317  # run by the trap
cleanup() {
    local status=$?
    for goal in test run; do
        if podman container exists "$NAME-$goal" 2>/dev/null; then
            podman rm -f -t 5 "$NAME-$goal" >/dev/null 2>&1 || true
        fi
    done
    if [ -n "$WORK" ]; then
        if [ "$status" -eq 0 ]; then
            rm -rf --one-file-system "$WORK"
        else
            say "the clones and logs are kept in $WORK"
        fi
    fi
    return "$status"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap, and podman runs rootful here)"
scripts/need-debian.sh --for scripts/fresh-machine-check.sh \
    podman:podman buildah:buildah debootstrap:debootstrap runc:runc git:git

commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=normal)" ]; then
    say "warning: the work tree has uncommitted changes; checking HEAD ($commit) without them"
fi

BASE=$(scripts/debian-base.sh localhost/izhi-fresh bookworm-fresh \
    python3,python3-venv,ca-certificates,make,git)
WORK=$(mktemp -d /var/tmp/izhi-fresh.XXXXXX)

# -- this machine's network settings, for apt and pip in the container ------------------
machine=()
prelude=":"
cas=(/usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt)
if [ -e "${cas[0]}" ] || [ -e "${cas[1]}" ]; then
    machine+=(-v /usr/local/share/ca-certificates:/usr/local/share/ca-certificates:ro)
    prelude="{ update-ca-certificates >/tmp/ca.log 2>&1 || { cat /tmp/ca.log; false; }; }"
fi
if [ -f /etc/pip.conf ]; then machine+=(-v /etc/pip.conf:/etc/pip.conf:ro); fi
for var in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_CERT PIP_DEFAULT_TIMEOUT \
        http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    if [ -n "${!var:-}" ]; then machine+=(-e "$var"); fi
done
say "base $BASE; HEAD $commit; machine settings: ${machine[*]:-none}"

# The container as a machine: ulimits this host allows (podman's default nofile is
# over its hard limit), a machine-sized /dev/shm for chromium.
container=(podman --runtime runc run --rm
    --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --shm-size "${FRESH_SHM:-2g}"
    "${machine[@]}")

clone() {  # a fresh clone of HEAD in $WORK/$1
    git clone -q --no-hardlinks "$ROOT" "$WORK/$1"
    git -C "$WORK/$1" checkout -q --detach "$commit"
}

results=()

check_test() {
    clone test
    local log=$WORK/test.log start=$SECONDS status=0
    say "make test in a fresh container (log: $log)"
    "${container[@]}" --name "$NAME-test" --network host -v "$WORK/test:/src" "$BASE" \
        bash -c "$prelude && cd /src && make test" 2>&1 | tee "$log" || status=$?
    local line
    line=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$log" | tail -n 1 || true)
    results+=("make test: exit $status in $(( SECONDS - start )) s: ${line:-no pytest result line}")
    return "$status"
}

check_run() {
    clone run
    local log=$WORK/run.log start=$SECONDS status=0
    # make run in a session of its own (stopping it stops app.py too); /healthz waited
    # for while make sets up the venv, then scripts/smoke_http.py's checks
    cat >"$WORK/run-check.py" <<'EOF'
import os, signal, subprocess, sys, urllib.request
sys.path.insert(0, "scripts")
import smoke_http

URL = "http://127.0.0.1:8050"
make = subprocess.Popen(["make", "run"], start_new_session=True)
status = 1
try:
    smoke_http.wait_healthy(URL, 900, make)
    body = urllib.request.urlopen(URL + "/healthz", timeout=30).read()
    print(f"-- GET /healthz: {body!r}", flush=True)
    page = urllib.request.urlopen(URL + "/", timeout=30).read().decode()
    title = page.split("<title>", 1)[-1].split("</title>", 1)[0]
    print(f"-- GET /: {len(page)} bytes, <title>{title}</title>", flush=True)
    sys.argv = ["smoke_http.py", URL]
    status = smoke_http.main()
except smoke_http.SmokeFailure as exc:
    print(f"FAIL {exc}", flush=True)
finally:
    if make.poll() is None:
        os.killpg(make.pid, signal.SIGTERM)
        try:
            make.wait(timeout=30)
            print("-- make run stopped on SIGTERM", flush=True)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            print("FAIL make run did not stop within 30 s of SIGTERM", flush=True)
            status = 1
sys.exit(status)
EOF
    say "make run in a fresh container, checked over HTTP (log: $log)"
    "${container[@]}" --name "$NAME-run" -v "$WORK/run:/src" \
        -v "$WORK/run-check.py:/run-check.py:ro" "$BASE" \
        bash -c "$prelude && cd /src && python3 /run-check.py" 2>&1 | tee "$log" || status=$?
    results+=("make run: exit $status in $(( SECONDS - start )) s (/healthz, /, the main callback)")
    return "$status"
}

failed=0
for goal in "${GOALS[@]}"; do
    case $goal in
        test) check_test || failed=1 ;;
        run) check_run || failed=1 ;;
    esac
done

say "done in $(( SECONDS - START )) s:"
for line in "${results[@]}"; do echo "    $line" >&2; done
exit "$failed"
