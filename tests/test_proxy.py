"""nginx in front of gunicorn (deploy/nginx.conf), as ``make serve`` runs it.

The stack is started by scripts/serve.py (tests/conftest.py's ``served_stack``: nginx
-> gunicorn with 2 sync workers, local jobs). Slow clients (scripts/slow_clients.py:
headers or bodies a byte at a time, readers a kilobyte at a time) must not keep five
normal clients from their answers: straight to gunicorn, two such clients hold both
workers. Then gzip, cache headers, the body limit and the per-client connection limit.
Latency bounds are sanity bounds (seconds where a healthy answer takes milliseconds).
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time

import pytest
import requests
import slow_clients
import smoke_http

pytestmark = pytest.mark.slow

NORMAL_CLIENTS = 5
ANSWER_WITHIN_S = 3.0  # "a couple of seconds": a healthy answer here takes ~10 ms
HEADER_TIMEOUT_S = 5  # client_header_timeout in deploy/nginx.conf
LARGE_ANSWER_BYTES = 5_000_000  # more than a socket's send buffer takes (4 MB, tcp_wmem)


def host_port(served_stack) -> tuple[str, int]:
    return "127.0.0.1", served_stack.port


def normal_clients(base: str, seconds: float) -> list[tuple[str, float, int | str]]:
    """Five clients asking for /healthz and the page in turn for ``seconds``:
    (path, seconds, status or the error's name) of every request."""
    seen: list[tuple[str, float, int | str]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        session = requests.Session()
        paths = ("/healthz", "/") if k % 2 else ("/", "/healthz")
        n = 0
        while time.monotonic() < stop:
            path = paths[n % 2]
            n += 1
            start = time.monotonic()
            try:
                outcome: int | str = session.get(base + path, timeout=20).status_code
            except requests.RequestException as exc:
                outcome = type(exc).__name__
            with lock:
                seen.append((path, time.monotonic() - start, outcome))
            time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(NORMAL_CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


def assert_all_answered(seen) -> None:
    assert seen, "the normal clients made no request"
    bad = [s for s in seen if s[2] != 200 or s[1] > ANSWER_WITHIN_S]
    assert not bad, f"{len(bad)} of {len(seen)} normal requests slow or failed: {bad[:10]}"
    assert {path for path, _, _ in seen} == {"/healthz", "/"}


def test_slowloris_headers_and_bodies_do_not_stall_normal_clients(served_stack):
    host, port = host_port(served_stack)
    kinds = ("headers", "headers", "body", "body")
    with slow_clients.running(host, port, kinds) as clients:
        time.sleep(1)  # every slow client connected and trickling
        seen = normal_clients(served_stack.base, 12)
    assert_all_answered(seen)
    for client in clients[:2]:
        # nginx hung up on each half-sent header after client_header_timeout, and the
        # client came back (as the attackers did)
        assert client.tally.dropped_after, "nginx never dropped a slow header"
        assert all(HEADER_TIMEOUT_S - 1 < t < HEADER_TIMEOUT_S + 4
                   for t in client.tally.dropped_after), client.tally
        assert client.tally.connections >= 2
    for client in clients[2:]:
        # a body that keeps coming (a byte every 0.5 s, under client_body_timeout) is
        # read by nginx for as long as it lasts; gunicorn never sees it
        assert client.tally.connections == 1 and not client.tally.dropped_after


def download_request(base: str, overrides: dict) -> bytes:
    """The raw HTTP request of the spikes download (CSV) with the page's controls."""
    deps = json.loads(smoke_http.fetch(base + "/_dash-dependencies")[1])
    dep = next(d for d in deps if d["output"].startswith("..download.data..."))
    props = smoke_http.page_values(base, deps)
    body = smoke_http.network_request(dep, props, {"download-spikes": 1, **overrides})
    body["changedPropIds"] = ["download-spikes.n_clicks"]
    data = json.dumps(body).encode()
    host = base.removeprefix("http://")
    return (f"POST /_dash-update-component HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
            f"Connection: close\r\n\r\n").encode() + data


def test_slow_readers_of_a_large_download_do_not_block_others(served_stack):
    base = served_stack.base
    host, port = host_port(served_stack)
    # the original network without inhibition: every neuron fires on nearly every step,
    # 990,000 spikes in a fifth of a second (within the page's caps), a 14 MB answer
    request = download_request(base, {"exc-weight": 2.0, "inh-weight": 0.0})
    with socket.create_connection((host, port), timeout=120) as conn:
        conn.sendall(request)
        size = len(b"".join(iter(lambda: conn.recv(1 << 20), b"")))
    assert size > LARGE_ANSWER_BYTES, f"the download is only {size:,} bytes: pick a larger one"

    # as many as gunicorn has workers, each taking 8 kB every 0.5 s: a slow phone.
    # (nginx drops a reader that leaves it no room to write for send_timeout, 10 s: with
    # its 128k send buffer, one under about 10 kB/s.)
    readers = [slow_clients.SlowClient("reader", host, port, request=request, read_bytes=8192)
               for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        # both downloads computed and handed over (nginx buffers them, to a temp file)
        deadline = time.monotonic() + 60
        while min(r.tally.bytes_read for r in readers) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        seen = normal_clients(base, 10)
        still_reading = [r.tally.bytes_read for r in readers]
    finally:
        for reader in readers:
            reader.stop()
        for reader in readers:
            reader.join(timeout=15)
    assert_all_answered(seen)
    # the readers were slow indeed: they had a small part of their answer, and nginx
    # had not cut them off (it could write to them again within send_timeout each time)
    assert all(r.tally.statuses == [200] for r in readers), [r.tally for r in readers]
    assert all(0 < n < size // 10 for n in still_reading), still_reading
    assert all(not r.tally.dropped_after for r in readers), [r.tally for r in readers]


def test_json_javascript_and_css_are_gzipped(served_stack):
    base = served_stack.base
    smoke_http.check_compression(base)
    # the gzipped body is the very file gunicorn serves
    path = smoke_http.page_urls(base)["suite"]
    zipped = requests.get(base + path, headers=smoke_http.GZIP, timeout=30, stream=True)
    plain = requests.get(base + path, headers={"Accept-Encoding": "identity"}, timeout=30)
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.raw.read()) == plain.content
    assert len(plain.content) > 3 * int(zipped.headers.get("Content-Length") or 1)


def test_fingerprinted_urls_are_cached_a_year_and_the_page_is_not(served_stack):
    base = served_stack.base
    smoke_http.check_cache_headers(base)
    urls = smoke_http.page_urls(base)
    for path in urls.values():  # nginx keeps a copy: gunicorn serves it once
        requests.get(base + path, timeout=30)
        assert requests.get(base + path, timeout=30).headers["X-Proxy-Cache"] == "HIT"
    # an unversioned chunk (Dash loads its async components so) may change with Dash:
    # revalidated every time, never kept by nginx
    chunk = requests.get(base + slow_clients.READER_PATH, timeout=30)
    assert chunk.status_code == 200
    assert chunk.headers["Cache-Control"] == "no-cache"
    assert chunk.headers["X-Proxy-Cache"] == "BYPASS"
    for path in ("/", "/healthz", "/_dash-layout"):
        answer = requests.get(base + path, timeout=30)
        assert answer.headers["Cache-Control"] == "no-cache", path


def test_a_body_over_256_kb_is_refused_by_nginx(served_stack):
    base = served_stack.base
    answer = requests.post(base + "/_dash-update-component", data=b"x" * 300_000,
                           headers={"Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == 413
    assert "nginx" in answer.text  # refused in front, not by the app behind it
    # announced, not sent: refused at once, without waiting for the body
    host, port = host_port(served_stack)
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(f"POST /_dash-update-component HTTP/1.1\r\nHost: {host}\r\n"
                     f"Content-Length: 10000000\r\n\r\n".encode())
        assert conn.recv(200).startswith(b"HTTP/1.1 413")


def test_one_address_gets_at_most_64_requests_served_at_once(served_stack):
    base = served_stack.base
    host, port = host_port(served_stack)
    held = []
    try:
        # requests whose bodies are still to come count as being served
        for _ in range(64):
            conn = socket.create_connection((host, port), timeout=10)
            conn.sendall(f"POST /_dash-update-component HTTP/1.1\r\nHost: {host}\r\n"
                         f"Content-Length: 100\r\n\r\n".encode())
            held.append(conn)
        time.sleep(0.5)
        assert requests.get(base + "/healthz", timeout=10).status_code == 429
    finally:
        for conn in held:
            conn.close()
    deadline = time.monotonic() + 10
    while requests.get(base + "/healthz", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "the limit did not lift once the requests ended"
        time.sleep(0.2)
