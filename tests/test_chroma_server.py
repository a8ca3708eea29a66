"""Chroma server mode: a real `chroma run` on 127.0.0.1 behind Settings.chroma_host/chroma_port.

The sample corpus (examples/, fictional xã Tân Phong) is ingested and indexed in the server,
then the same questions are asked of the server-backed and the embedded (PersistentClient)
services over the same SQLite store: retrieval and answers must agree. Skips when the
`chroma` CLI is missing or the server does not come up.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from knowledge.services import Services
from knowledge.settings import Settings
from tests.conftest import EXAMPLES

START_TIMEOUT_S = 30
QUESTIONS = [
    "Dân số xã Tân Phong là bao nhiêu?",
    "Đảng bộ xã có bao nhiêu đảng viên?",
    "Kết quả đánh giá, xếp loại chất lượng đảng viên năm 2025",
    "Nghị quyết 57-NQ/TW về chuyển đổi số",
    "thu ngan sach nha nuoc nam 2025",
]


def _chroma_cli() -> str | None:
    local = Path(sys.executable).with_name("chroma")
    return str(local) if local.exists() else shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _heartbeat(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """(host, port) of a `chroma run` subprocess, stopped whatever happens."""
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the chroma CLI is not installed")
    port = _free_port()
    log = tmp_path_factory.mktemp("chroma-log") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [cli, "run", "--host", "127.0.0.1", "--port", str(port), "--path",
             str(tmp_path_factory.mktemp("chroma-server"))],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _heartbeat(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"chroma run did not start: {log.read_text(errors='replace')[-500:]}")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def both(chroma_server, tmp_path_factory):
    """(server-backed, embedded) services over one SQLite store holding examples/."""
    host, port = chroma_server
    data = tmp_path_factory.mktemp("kb")
    server = Services.open(Settings(data_dir=data, chroma_host=host, chroma_port=port))
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".docx", ".pdf", ".txt"))
    assert len(files) == 3
    for path in files:
        assert server.ingest(path).status == "added"
    report = server.sync()
    assert report.added == report.total > 0
    # nothing was written to the embedded folder: the vectors live in the server
    assert not Settings(data_dir=data).chroma_path.exists()
    embedded = Services.open(Settings(data_dir=data))
    embedded.sync()  # every vector from the embedding cache: no new embedding
    yield server, embedded
    server.close()
    embedded.close()


def test_server_holds_every_passage(both, chroma_server):
    import chromadb

    server, embedded = both
    passages = server.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    assert server.retriever.vectors.count() == passages == embedded.retriever.vectors.count()
    # seen from a separate client: the data is in the server process, not in this one
    client = chromadb.HttpClient(host=chroma_server[0], port=chroma_server[1])
    assert client.get_collection(server.retriever.vectors.name).count() == passages
    assert sorted(server.retriever.vectors.ids()) == sorted(embedded.retriever.vectors.ids())


def test_sync_is_idempotent_against_server(both):
    server, _ = both
    report = server.sync()
    assert (report.added, report.removed) == (0, 0)


@pytest.mark.parametrize("question", QUESTIONS)
def test_same_retrieval_as_embedded(both, question):
    server, embedded = both
    remote = server.retriever.search(question, k=5)
    local = embedded.retriever.search(question, k=5)
    assert remote, question
    assert [h.pid for h in remote] == [h.pid for h in local]
    for r, l in zip(remote, local):
        assert r.dense == pytest.approx(l.dense, abs=1e-4)


@pytest.mark.parametrize("question", QUESTIONS[:3])
def test_same_answer_as_embedded(both, question):
    server, embedded = both
    remote = server.answerer.ask(question)
    local = embedded.answerer.ask(question)
    assert remote.text == local.text
    assert [s.doc_id for s in remote.sources] == [s.doc_id for s in local.sources]


def test_answer_with_sources_from_server(both):
    server, _ = both
    answer = server.answerer.ask("Dân số xã Tân Phong là bao nhiêu?")
    assert not answer.abstained
    assert answer.sources
    files = {s.file for s in answer.sources}
    assert files <= {p.name for p in EXAMPLES.iterdir()}
