"""Reading limits that hold for every reader (issue 12): each bad file is refused early with its own
Vietnamese reason, in bounded time and memory, and the rest of a batch goes on."""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from ingest.errors import IngestError, LimitExceeded
from ingest.pipeline import parse_bounded
from ingest.readers import DEFAULT_LIMITS, Limits, read_file
from ingest.readers.package import DTD_REASON
from knowledge.settings import Settings
from knowledge.store.documents import content_rows
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db
from tests import bad_files
from tests.conftest import EXAMPLES

MAX_BYTES = 50_000_000
VIETNAMESE = ("ă", "â", "đ", "ê", "ô", "ơ", "ư", "á", "à", "ả", "ạ", "ế", "ệ", "ớ", "ợ", "ứ", "ự")


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "data" / "troly.db")
    assert ingest_file(db, EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt", max_bytes=MAX_BYTES).status == "added"
    yield db
    db.close()


def _peaks(caplog) -> list[float]:
    """Peak resident memory of the parsing process, per file, as parse_bounded logs it."""
    return [r.peak_mb for r in caplog.records if hasattr(r, "peak_mb")]


def _refused(db, path: Path, reason: str, limits: Limits = DEFAULT_LIMITS) -> float:
    """Ingest a bad file: refused with `reason`, nothing stored changed; returns the seconds it took."""
    before = content_rows(db)
    started = time.monotonic()
    outcome = ingest_file(db, path, max_bytes=MAX_BYTES, limits=limits)
    seconds = time.monotonic() - started
    assert outcome.status == "failed" and path.name in outcome.message, outcome
    assert reason in outcome.message and any(ch in outcome.message for ch in VIETNAMESE), outcome.message
    assert "\n" not in outcome.message and "lỗi không mong đợi" not in outcome.message
    assert content_rows(db) == before
    return seconds


def test_zip_bomb_docx_is_refused_before_it_is_unpacked(db, tmp_path, caplog):
    path = bad_files.zip_bomb_docx(tmp_path / "bao cao.docx", unpacked_mb=1500)
    assert path.stat().st_size < 5_000_000
    caplog.set_level(logging.INFO, logger="ingest.pipeline")
    seconds = _refused(db, path, "khi giải nén chiếm 1.574 MB, quá giới hạn 150 MB")
    assert seconds < 10
    assert _peaks(caplog) and max(_peaks(caplog)) < 150  # nothing was inflated


def test_entity_bomb_docx_is_refused(db, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="ingest.pipeline")
    _refused(db, bad_files.entity_bomb_docx(tmp_path / "thuc the.docx"), DTD_REASON)
    assert max(_peaks(caplog)) < 150


def test_package_members_and_xml_size_have_their_own_limits(db, tmp_path):
    _refused(db, bad_files.many_members_docx(tmp_path / "nhieu phan.docx", 2_100), "2.117 thành phần, quá giới hạn 2.000")
    big_xml = bad_files.docx_with_document(tmp_path / "xml lon.docx", _document_xml(paragraphs=12_000))
    _refused(db, big_xml, "phần chữ (XML)", Limits(max_xml_mb=1))
    assert ingest_file(db, big_xml, max_bytes=MAX_BYTES).status == "added"  # within the default limits


def _document_xml(paragraphs: int) -> bytes:
    para = ('<w:p><w:r><w:t xml:space="preserve">Dân số xã Tân Phong có {n} người, tỷ lệ hộ nghèo còn 2,{n}%.'
            '</w:t></w:r></w:p>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "".join(para.format(n=n) for n in range(paragraphs)) + "</w:body></w:document>").encode()


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_characters_per_document_for_every_reader(tmp_path, fmt):
    text = bad_files.report_text(6_000)
    path = tmp_path / f"dai.{fmt}"
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "docx":
        import docx

        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        document.save(str(path))
    else:
        bad_files.text_pdf(path, [text[:2_000], text[2_000:4_000], text[4_000:]])
    assert read_file(path, Limits(max_chars=10_000)).blocks
    with pytest.raises(LimitExceeded) as caught:
        read_file(path, Limits(max_chars=3_000))
    assert caught.value.reason.startswith("tài liệu dài hơn 3.000 ký tự")


def test_pages_per_pdf_are_counted_before_any_is_read(tmp_path):
    path = bad_files.text_pdf(tmp_path / "ba trang.pdf", ["Trang một.", "Trang hai.", "Trang ba."])
    assert read_file(path, Limits(max_pages=3)).pages == 3
    with pytest.raises(LimitExceeded, match="tệp PDF có 3 trang, quá giới hạn 2 trang"):
        read_file(path, Limits(max_pages=2))


def test_a_50_mb_text_is_refused_at_once_in_bounded_memory(db, tmp_path, caplog):
    path = bad_files.big_text_file(tmp_path / "bao cao 50MB.txt", 50)
    caplog.set_level(logging.INFO, logger="ingest.pipeline")
    seconds = _refused(db, path, "dài hơn 1.000.000 ký tự")
    assert seconds < 10 and max(_peaks(caplog)) < 150  # refused from its size: never read


def test_a_stuck_converter_is_stopped_at_the_time_limit(db, tmp_path, monkeypatch):
    """A .doc whose converter hangs: the parsing process and the converter are both stopped."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "antiword.pid"
    (bin_dir / "antiword").write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 300\n")
    (bin_dir / "antiword").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    path = tmp_path / "treo.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    seconds = _refused(db, path, "đọc tệp quá 2 giây nên đã dừng", Limits(max_seconds=2))
    assert 2 <= seconds < 10
    assert _stops(int(pid_file.read_text()))


def _stops(pid: int, within: float = 5.0) -> bool:
    """The process is gone within a few seconds (a kill is delivered, not awaited: under load the
    converter may still be scheduled a moment after the refusal)."""
    deadline = time.monotonic() + within
    while _running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan waits there until init reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_memory_limit_stops_a_pdf_content_stream_bomb(db, tmp_path):
    path = bad_files.flate_bomb_pdf(tmp_path / "bom.pdf", unpacked_mb=600)
    assert path.stat().st_size < 2_000_000
    _refused(db, path, "cần hơn 200 MB bộ nhớ nên đã dừng", Limits(max_memory_mb=200))


def test_the_batch_goes_on_after_each_refusal(tmp_path, monkeypatch):
    monkeypatch.setenv("TROLY_INGEST_MAX_CHARS", "200000")
    folder = tmp_path / "hop thu"
    folder.mkdir()
    bad_files.zip_bomb_docx(folder / "1 bom nen.docx", unpacked_mb=300)
    bad_files.entity_bomb_docx(folder / "2 thuc the.docx")
    bad_files.big_text_file(folder / "3 qua dai.txt", 1)
    good = folder / "4 Báo cáo xã Phú Lâm.txt"
    good.write_text("BÁO CÁO\nDân số xã Phú Lâm có 12.345 người, 112 hộ nghèo.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), "ingest", str(folder)])
    output = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "1 tệp nạp được, 3 tệp lỗi" in output
    for reason in ("quá giới hạn 150 MB", "khai báo DTD", "dài hơn 200.000 ký tự"):
        assert reason in output, reason
    db = open_db(tmp_path / "data" / "troly.db")
    assert [r[0] for r in db.execute("SELECT file FROM documents")] == [good.name]


def test_limits_come_from_the_settings(monkeypatch):
    monkeypatch.setenv("TROLY_INGEST_MAX_PAGES", "40")
    monkeypatch.setenv("TROLY_INGEST_MAX_UNZIPPED_MB", "80")
    limits = Settings().ingest_limits
    assert (limits.max_pages, limits.max_unzipped_mb) == (40, 80)
    assert limits.max_chars == DEFAULT_LIMITS.max_chars == 1_000_000


def test_parse_bounded_gives_what_parse_document_gives(tmp_path):
    from ingest.pipeline import parse_document

    for path in sorted(EXAMPLES.glob("tan_phong_*")):
        assert parse_bounded(path) == parse_document(path)
    with pytest.raises(IngestError, match="tệp rỗng"):
        (tmp_path / "rong.txt").write_bytes(b"")
        parse_bounded(tmp_path / "rong.txt")
