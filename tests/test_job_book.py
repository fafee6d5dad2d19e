"""The book of background jobs (dashboard.common.slots): order, slots, one job per page,
the queue's cap, abandoned and lost jobs; in the jobs folder and in a real Redis."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import smoke_http

from dashboard.common import slots
from dashboard.common.slots import DiskStore, JobBook, RedisStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: make test installs it (Debian's redis-server)")
    port = smoke_http.free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            proc.poll()
            assert proc.returncode is None, "redis-server exited"
            import time
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(params=["disk", "redis"])
def book(request, tmp_path):
    clock = Clock()
    if request.param == "disk":
        store = DiskStore(str(tmp_path / "book"))
    else:
        url = request.getfixturevalue("redis_url")
        store = RedisStore(url)
        store.redis.flushdb()
    return JobBook(store, slots=2, queue=3, clock=clock)


def test_jobs_start_in_order_in_as_many_slots_as_there_are(book):
    book.queue = 4
    for k in range(4):
        book.clock.now += 1
        book.submit(f"j{k}", page=f"p{k}", fn="f")
    # two slots free: the first two are starting, the others wait behind them
    assert [book.place(f"j{k}") for k in range(4)] == [0, 0, 1, 2]
    # the last asked cannot jump the line, the first two take the two slots
    assert book.try_start("j3") == "wait"
    assert book.try_start("j0") == "run"
    assert book.try_start("j2") == "wait"
    assert book.try_start("j1") == "run"
    assert book.try_start("j2") == "wait"  # both slots taken
    assert [book.place(f"j{k}") for k in range(4)] == [0, 0, 1, 2]
    book.finish("j0")
    assert book.place("j2") == 0 and book.place("j3") == 1
    assert book.try_start("j2") == "run"
    assert book.place("j3") == 1
    assert [slots.waiting_label(p) for p in (0, 1, 2)] == [
        "starting", "waiting for a free slot: 1st in line", "waiting for a free slot: 2nd in line"]


def test_one_job_per_page_and_a_capped_queue(book):
    book.submit("a", page="p", fn="f")
    book.submit("b", page="p", fn="f")  # the same page asks again: the first stops
    assert book.get("a")["state"] == "stopped" and book.get("a")["why"] == slots.REPLACED
    assert book.try_start("a") == "stop"
    book.submit("c", page="q", fn="f")
    book.submit("d", page="r", fn="f")
    with pytest.raises(slots.Busy, match="3 large runs are already waiting"):
        book.submit("e", page="s", fn="f")


def test_abandoned_and_lost_jobs_end_with_their_sentence(book):
    book.submit("run", page="p", fn="f")
    book.submit("wait", page="q", fn="f")
    assert book.try_start("run") == "run"
    book.clock.now += slots.LOST_S - 1
    assert book.beat("run") and book.polled("run") and book.polled("wait")
    assert book.ended_without_result(book.get("run")) is None
    # the job's heartbeat stops (a killed process): lost; the other page stops polling
    book.clock.now += slots.LOST_S + 0.5
    assert book.ended_without_result(book.get("run")) == slots.LOST
    assert not book.running("run")
    book.clock.now += slots.ABANDON_S
    rec = book.polled("wait")  # the other page's job was not polled: abandoned
    assert rec["state"] == "stopped" and rec["why"] == slots.ABANDONED
    assert book.ended_without_result(book.polled("nobody")) == slots.FORGOTTEN


def test_a_stopped_job_learns_it_at_its_next_heartbeat(book):
    book.submit("j", page="p", fn="f")
    assert book.try_start("j") == "run"
    assert book.beat("j")
    book.stop("j")
    assert not book.beat("j")
    assert book.ended_without_result(book.get("j")) == slots.CANCELLED


def test_finished_records_are_forgotten(book):
    book.submit("j", page="p", fn="f")
    book.try_start("j")
    book.finish("j")
    # the result is stored just after the job's body returns: a poll in between waits
    assert book.running("j") and book.ended_without_result(book.get("j")) is None
    book.clock.now += slots.LOST_S + 1
    assert not book.running("j") and book.ended_without_result(book.get("j")) == slots.LOST
    book.clock.now += slots.KEEP_S + 1
    book.submit("k", page="q", fn="f")  # any edit prunes
    assert book.get("j") is None


def test_default_slots_follow_the_cores_and_the_memory(monkeypatch):
    monkeypatch.delenv(slots.SLOTS_ENV, raising=False)
    n = slots.slot_count()
    assert 1 <= n <= slots.cores()
    monkeypatch.setenv(slots.SLOTS_ENV, "3")
    assert slots.slot_count() == 3
    assert slots.threads_per_job(3) == max(1, slots.cores() // 3)
    monkeypatch.setenv(slots.SLOTS_ENV, "zero")
    with pytest.raises(SystemExit, match="IZHI_JOB_SLOTS must be a whole number"):
        slots.slot_count()


def test_ordinals():
    assert [slots.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
