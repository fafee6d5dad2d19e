"""The local engine's pipe to a worker: whole messages over a byte stream.

Each message is its length (8 bytes, little-endian) and a pickle. The parent sends
``(batch number, configs)``; the worker answers ``(batch number, metrics, None)`` or
``(batch number, None, traceback text)``. Plain functions of a stream, so that the
parent need not import the worker (and numba) to speak to it.
"""

from __future__ import annotations

import pickle
import struct
from typing import Any, BinaryIO

_LENGTH = struct.Struct("<Q")


def write_message(stream: BinaryIO, message: Any) -> None:
    """Send one message on ``stream`` and flush it."""
    view = memoryview(_framed(message))
    while view:  # an unbuffered pipe may take part of a large write
        view = view[stream.write(view):]
    stream.flush()


def _framed(message: Any) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    """``size`` bytes, or None at the stream's end; an unbuffered pipe returns what has
    arrived, so a message may come in several reads."""
    parts = []
    while size:
        part = stream.read(size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def read_message(stream: BinaryIO) -> Any:
    """The next message on ``stream``, or None at its end (the other side is gone)."""
    head = _read_exactly(stream, _LENGTH.size)
    if head is None:
        return None
    data = _read_exactly(stream, _LENGTH.unpack(head)[0])
    return None if data is None else pickle.loads(data)
