"""Old Word .doc files through antiword or LibreOffice (fixtures: tests/fixtures/make_doc_fixtures.py).

Two .doc files of the fictional xã Phú Lâm, written by LibreOffice: one in Unicode
(Times New Roman), one typed in TCVN3 with the .VnTime/.VnTimeH fonts.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.pipeline import parse_document
from ingest.readers import read_file
from ingest.readers.doc import BROKEN_REASON, MISSING_REASON, antiword_blocks, read_doc
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
UNICODE_DOC = FIXTURES / "phu_lam_bao_cao_quy_1_2024.doc"
TCVN3_DOC = FIXTURES / "phu_lam_bao_cao_vntime.doc"
PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN XÃ PHÚ LÂM",
    "BÁO CÁO",
    "Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội quý I năm 2024",
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "Dân số toàn xã có 12.345 người; tổng số hộ nghèo giảm còn 112 hộ.",
    "Đường giao thông nông thôn được bê tông hóa đạt 95,4%, thu ngân sách đạt 3.250 triệu đồng.",
    "II. NHIỆM VỤ QUÝ II",
    "Tiếp tục triển khai Kế hoạch số 15/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân xã.",
]
TABLE = (("Chỉ tiêu", "Kế hoạch", "Thực hiện"), ("Hộ nghèo", "120", "112"),
         ("Thu ngân sách (triệu đồng)", "3.000", "3.250"))
CONVERTERS = [pytest.param(name, marks=pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} absent"))
              for name in ("antiword", "soffice")]


@pytest.mark.parametrize("converter", CONVERTERS)
@pytest.mark.parametrize(("path", "encoding"), [(UNICODE_DOC, None), (TCVN3_DOC, "tcvn3")])
def test_doc_paragraphs_and_table(converter, path, encoding):
    doc = read_doc(path, (converter,))
    assert doc.fmt == "doc" and doc.path == str(path)
    assert [b.text for b in doc.blocks if b.text] == PARAGRAPHS
    assert [b.table for b in doc.blocks if b.table] == [TABLE]
    assert doc.encoding == encoding
    assert bool(doc.warnings) == (encoding is not None)


@pytest.mark.skipif(shutil.which("antiword") is None and shutil.which("soffice") is None, reason="no .doc converter")
def test_doc_end_to_end(tmp_path):
    parsed = parse_document(TCVN3_DOC)
    assert parsed.fmt == "doc" and parsed.metadata.doc_type == "Báo cáo"
    assert any(s.heading == "I. KẾT QUẢ ĐẠT ĐƯỢC" for s in parsed.sections)
    assert any(f.value == 12345 and f.unit == "người" for _, f in parsed.figures)
    assert len(parsed.tables) == 1
    db = open_db(tmp_path / "kb.db")
    outcome = ingest_file(db, UNICODE_DOC, max_bytes=10**7)
    assert outcome.status == "added" and outcome.figures >= 3
    assert db.execute("SELECT fmt FROM documents").fetchone()[0] == "doc"


def test_doc_without_a_converter_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(IngestError) as caught:
        read_file(UNICODE_DOC)
    assert caught.value.reason == MISSING_REASON and "apt-get install antiword" in MISSING_REASON


@pytest.mark.skipif(shutil.which("antiword") is None and shutil.which("soffice") is None, reason="no .doc converter")
def test_broken_doc(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(IngestError) as caught:
        read_file(path)
    assert caught.value.reason == BROKEN_REASON


def test_renamed_docx_is_read_as_docx(tmp_path):
    path = tmp_path / "doi_ten.doc"
    path.write_bytes((Path(__file__).resolve().parent.parent / "examples" / "tan_phong_bao_cao_6_thang_2026.docx")
                     .read_bytes())
    assert read_file(path).fmt == "docx"


def test_antiword_blocks():
    text = "\nBÁO CÁO\n\nDân số 12.345 người.\n\n|Chỉ tiêu  |Kết quả |\n|Hộ nghèo  |112     |\n\nHết.\n"
    blocks = antiword_blocks(text)
    assert [b.text for b in blocks if b.text] == ["BÁO CÁO", "Dân số 12.345 người.", "Hết."]
    assert [b.table for b in blocks if b.table] == [(("Chỉ tiêu", "Kết quả"), ("Hộ nghèo", "112"))]
