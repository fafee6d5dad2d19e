# The dashboard behind nginx and gunicorn, as a non-root user on a read-only root
# filesystem (only /tmp and /dev/shm are written). Build, run and settings:
# docs/deploy.md. The default command (scripts/serve.py --no-redis) runs nginx ->
# gunicorn with local jobs in one container; compose.yaml runs the same image as each
# service of a class server (proxy, web, worker, redis).
#
# BASE: any Debian-like image with python3 and its venv module; both stages use it,
# so the venv's interpreter has the same path in each. CI builds on a debootstrapped
# bookworm (scripts/container-smoke.sh), elsewhere the default works unchanged.
ARG BASE=python:3.11-slim

FROM ${BASE} AS builder
RUN python3 -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
# Behind a TLS-inspecting proxy pip needs its CA bundle: it comes in as a build
# secret (--secret id=pip_cert,src=...), mounted for this step only and in no layer.
RUN --mount=type=secret,id=pip_cert \
    if [ -s /run/secrets/pip_cert ]; then export PIP_CERT=/run/secrets/pip_cert; fi \
    && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check \
        -r /tmp/requirements.txt
WORKDIR /app
# app.py, gunicorn.conf.py, and worker.py (the Celery app) once it exists
COPY *.py ./
COPY assets/ assets/
COPY dashboard/ dashboard/
COPY izhi_core/ izhi_core/
COPY deploy/ deploy/
COPY scripts/compile_kernels.py scripts/entrypoint.sh scripts/serve.py scripts/nginx_conf.py \
     scripts/smoke_http.py scripts/
# numba's cache index keys on each source file's path and mtime: compiled here
# against /app, it stays valid in the final stage, which copies /app from this
# stage (COPY --from keeps mtimes). The app's bytecode is compiled now too, since
# the running container cannot write it.
RUN NUMBA_CACHE_DIR=/opt/numba-cache PYTHONPATH=/app \
        /opt/venv/bin/python scripts/compile_kernels.py \
    && /opt/venv/bin/python -m compileall -q /app

FROM ${BASE}
# Debian's nginx (the buffering proxy) and redis-server (the job queue, for compose's
# redis service), whatever release the base has: versions are not pinned, so that a
# rebuild picks up the release's security updates. apt's caches (some 80 MB) go.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx redis-server \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
RUN useradd --no-log-init --uid 10001 --user-group \
        --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin izhi
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /opt/numba-cache /opt/numba-cache-seed
COPY --from=builder /app /app
# The entrypoint copies /opt/numba-cache-seed into NUMBA_CACHE_DIR (a tmpfs) at start.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NUMBA_CACHE_DIR=/tmp/numba-cache \
    HOST=0.0.0.0 \
    PORT=8050 \
    WEB_CONCURRENCY=2 \
    GUNICORN_THREADS=1
WORKDIR /app
USER 10001:10001
EXPOSE 8050
# /healthz (through nginx by default, gunicorn's own in compose's web service) runs a
# tiny simulation and answers "ok". It waits in line behind the requests being served
# (one per worker), hence the generous timeout; the start period covers workers that
# compile their kernels (an image run on another CPU model than it was built on).
HEALTHCHECK --interval=30s --timeout=30s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; url = 'http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8050'); sys.exit(u.urlopen(url, timeout=25).read() != b'ok')"]
ENTRYPOINT ["/bin/sh", "/app/scripts/entrypoint.sh"]
# nginx on HOST:PORT -> gunicorn (WEB_CONCURRENCY workers) on a loopback port, jobs in
# /tmp; stops both cleanly on SIGTERM. compose.yaml's services run gunicorn, celery,
# redis-server and nginx_conf.py instead.
CMD ["python", "scripts/serve.py", "--no-redis"]
