"""Slow clients, as one student might aim them at the class server: the proxy tests
(tests/test_proxy.py) and the load bench (bench/bench_load.py) run them in the
background. Standard library only.

Three kinds, each a thread that reconnects whenever the server drops it:

- ``headers``: a request's headers a byte at a time, never finished (slowloris);
- ``body``: whole headers announcing a body, then the body a byte at a time;
- ``reader``: a large answer asked for, then read a kilobyte (``read_bytes``) at a
  time through a small receive buffer. At 2 kB/s nginx drops it after a while
  (send_timeout: its send buffer does not drain enough within 10 s to take more).

Without a buffering proxy each holds one gunicorn sync worker for as long as it
likes (or until GUNICORN_TIMEOUT); behind nginx, none reaches gunicorn until its
request is whole, and gunicorn hands its answer to nginx at once.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("headers", "body", "reader")
READER_PATH = "/_dash-component-suites/dash/dcc/async-mathjax.js"  # 2 MB, unversioned


@dataclass
class Tally:
    """What a slow client saw: how often it connected, and when the server hung up."""

    connections: int = 0
    dropped_after: list[float] = field(default_factory=list)  # s from connect to close
    bytes_read: int = 0
    statuses: list[int] = field(default_factory=list)  # a reader's, one per answer begun


class SlowClient(threading.Thread):
    """One slow client of ``kind`` against ``host``:``port``; one byte (or, for a
    reader, ``read_bytes``) every ``interval`` s until stopped."""

    def __init__(self, kind: str, host: str, port: int, interval: float = 0.5,
                 request: bytes | None = None, read_bytes: int = 1024) -> None:
        """``request``: for a reader, the raw HTTP request to send (GET READER_PATH);
        ``read_bytes``: what it takes each interval."""
        if kind not in KINDS:
            raise ValueError(f"a slow client is one of {KINDS}, not {kind!r}")
        super().__init__(daemon=True, name=f"slow-{kind}")
        self.kind, self.host, self.port, self.interval = kind, host, port, interval
        self.read_bytes = read_bytes
        self.request = request or (f"GET {READER_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                                   f"User-Agent: slow-reader\r\nConnection: close\r\n\r\n"
                                   ).encode()
        self.tally = Tally()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            start = time.monotonic()
            try:
                self.one_connection()
            except OSError:  # reset by the server (nginx: reset_timedout_connection)
                pass
            if not self.stopping.is_set():
                self.tally.dropped_after.append(time.monotonic() - start)
                self.stopping.wait(0.2)  # then at it again, as the clients did

    def one_connection(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as conn:
            if self.kind == "reader":
                # a small window: the server's writes block almost at once
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            # a reader waits as long as the answer takes to compute (its slowness is in
            # the reading); the others hear from the server only when it hangs up
            conn.settimeout(120 if self.kind == "reader" else 10)
            conn.connect((self.host, self.port))
            self.tally.connections += 1
            start_line = f"Host: {self.host}:{self.port}\r\nUser-Agent: slow-{self.kind}\r\n"
            if self.kind == "headers":
                conn.sendall(f"GET / HTTP/1.1\r\n{start_line}".encode())
                self.trickle(conn, b"X-Slow: " + b"a" * 100_000)
            elif self.kind == "body":
                body = b'{"output": "' + b"a" * 100_000 + b'"}'
                conn.sendall(f"POST /_dash-update-component HTTP/1.1\r\n{start_line}"
                             f"Content-Type: application/json\r\n"
                             f"Content-Length: {len(body)}\r\n\r\n".encode())
                self.trickle(conn, body)
            else:
                conn.sendall(self.request)
                first = True
                while not self.stopping.wait(self.interval):
                    chunk = conn.recv(self.read_bytes)
                    if not chunk:
                        return
                    if first:  # "HTTP/1.1 200 OK..."
                        self.tally.statuses.append(int(chunk.split(b" ", 2)[1]))
                        first = False
                    self.tally.bytes_read += len(chunk)

    def trickle(self, conn: socket.socket, data: bytes) -> None:
        """Send ``data`` a byte per interval; return when the server hangs up."""
        for k in range(len(data)):
            if self.stopping.wait(self.interval):
                return
            readable, _, _ = select.select([conn], [], [], 0)
            if readable:  # an answer or a hang-up: either way, this request is over
                return
            conn.sendall(data[k:k + 1])

    def stop(self) -> None:
        self.stopping.set()


@contextlib.contextmanager
def running(host: str, port: int, kinds: tuple[str, ...],
            interval: float = 0.5) -> Iterator[list[SlowClient]]:
    """Slow clients of ``kinds`` (one each) in the background while the block runs."""
    clients = [SlowClient(kind, host, port, interval) for kind in kinds]
    for client in clients:
        client.start()
    try:
        yield clients
    finally:
        for client in clients:
            client.stop()
        for client in clients:
            client.join(timeout=15)
