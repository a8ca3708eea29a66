"""What runs behind the conversation: the worker pool fair between users, the background indexer
(a stored report answerable before its passages are embedded), and a vector index another process
wrote while this one had it open."""
from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time

import pytest

from bot.workers import FairPool
from knowledge.qa.evaluate import correct
from knowledge.search.indexer import Indexer, IndexingCancelled
from knowledge.services import Services
from knowledge.settings import Settings
from tests.conftest import ROOT

REPORT = """ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
Số: 12/BC-UBND
Hòa Bình, ngày 02 tháng 3 năm 2026

BÁO CÁO
Tình hình kinh tế - xã hội tháng 02 năm 2026

I. ĐẶC ĐIỂM TÌNH HÌNH
Xã Hòa Bình có diện tích tự nhiên 15,4 km², gồm 9 thôn, dân số 11.260 người.

II. KẾT QUẢ
Trong tháng, xã trồng mới 3.500 cây xanh dọc các tuyến đường liên thôn.
"""
QUESTION = {"type": "figure", "question": "Dân số xã Hòa Bình là bao nhiêu người?", "values": [11260]}


class _Nothing:
    def close(self) -> None:
        pass


def test_fair_pool_takes_users_in_turn():
    order, hold = [], threading.Event()
    pool = FairPool("test", 1, _Nothing)

    def job(services, name):
        if name == "a1":
            assert hold.wait(10)
        order.append(name)

    futures = [pool.submit("a", job, "a1")]
    time.sleep(0.1)  # a1 holds the only worker
    futures += [pool.submit("a", job, "a2"), pool.submit("a", job, "a3"), pool.submit("b", job, "b1")]
    hold.set()
    for future in futures:
        future.result(10)
    pool.close()
    assert order == ["a1", "b1", "a2", "a3"]  # b waits for a's running job only, a's jobs keep their order


def test_fair_pool_runs_one_job_per_user_at_a_time():
    running, most, lock = {}, {}, threading.Lock()
    pool = FairPool("test", 3, _Nothing)

    def job(services, user):
        with lock:
            running[user] = running.get(user, 0) + 1
            most[user] = max(most.get(user, 0), running[user])
        time.sleep(0.05)
        with lock:
            running[user] -= 1

    futures = [pool.submit(user, job, user) for _ in range(5) for user in ("a", "b")]
    for future in futures:
        future.result(10)
    pool.close()
    assert most == {"a": 1, "b": 1}


class _Syncs:
    """Services whose sync is held until released, counting the syncs."""

    def __init__(self, release: threading.Event) -> None:
        self.release, self.count, self.started = release, 0, threading.Event()

    def sync(self, progress):
        self.count += 1
        self.started.set()
        for done in range(3):
            assert self.release.wait(10)
            progress(done + 1, 3)
        return self.count

    def close(self) -> None:
        pass


def test_indexer_serves_later_requests_with_the_next_sync_and_cancels_on_close():
    release = threading.Event()
    services = _Syncs(release)
    indexer = Indexer(lambda: services)
    first = indexer.request()
    assert services.started.wait(10)
    seen = []
    later = [indexer.request(lambda done, total: seen.append((done, total))) for _ in range(2)]
    release.set()
    assert first.result(10) == 1 and [f.result(10) for f in later] == [2, 2]  # one more sync serves both
    assert seen == [(done, 3) for done in (1, 2, 3) for _listener in later]  # each listener, each step
    release.clear()
    services.started.clear()
    running = indexer.request()
    assert services.started.wait(10)
    threading.Timer(0.2, release.set).start()
    indexer.close()
    with pytest.raises(IndexingCancelled):
        running.result(10)
    with pytest.raises(IndexingCancelled):
        indexer.request().result(1)


@pytest.fixture
def stored(tmp_path):
    """Services on a fresh knowledge base holding REPORT, not embedded."""
    settings = Settings(data_dir=tmp_path / "data")
    report = tmp_path / "hoa_binh_thang_2_2026.txt"
    report.write_text(REPORT, encoding="utf-8")
    services = Services.open(settings)
    assert services.ingest(report).status == "added"
    yield services
    services.close()


def test_stored_report_answerable_before_its_passages_are_embedded(stored):
    passages = stored.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    assert passages and stored.retriever.vectors.count() == 0
    assert correct(QUESTION, stored.answerer.ask(QUESTION["question"]))  # from its figures and BM25 alone
    indexer = Indexer(lambda: Services.open(stored.settings))
    try:
        assert indexer.request().result(120).added == passages
    finally:
        indexer.close()
    assert stored.retriever.vectors.count() == passages
    hits = stored.retriever.search("cây xanh dọc đường liên thôn", k=3)
    assert hits and hits[0].dense > 0  # the dense side has joined


def test_vectors_written_by_another_process_leave_lexical_search_working(stored, caplog):
    """Embedded Chroma does not follow other processes: a collection opened empty here and filled by
    another process cannot be read here. The search goes on with its lexical side, and says so."""
    assert stored.retriever.search("cây xanh", k=3)  # the collection is open here, still empty
    fill = "from knowledge.services import Services; from knowledge.settings import Settings; " \
           f"Services.open(Settings(data_dir={str(stored.settings.data_dir)!r})).sync()"
    subprocess.run([sys.executable, "-c", fill], check=True, cwd=ROOT, timeout=300)
    with caplog.at_level(logging.WARNING, logger="knowledge.search.retrieval"):
        hits = stored.retriever.search("cây xanh dọc đường liên thôn", k=3)
    assert "lexical search only" in caplog.text
    assert hits and "3.500 cây xanh" in hits[0].text and hits[0].lexical > 0 and hits[0].dense == 0
    assert correct(QUESTION, stored.answerer.ask(QUESTION["question"]))
