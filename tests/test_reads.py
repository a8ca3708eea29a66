"""Typed reads of the store (knowledge.store.reads): figures and citations with their paragraph,
section path and document; how a document is named; the directive phraser; the commune resolver."""
from __future__ import annotations

import dataclasses

import pytest

from ingest.model import (
    Citation,
    DocMetadata,
    Figure,
    Paragraph,
    ParsedDocument,
    Section,
)
from knowledge.directives.phrasing import DirectiveFacts, directive_phrase
from knowledge.store import reads
from knowledge.store.communes import AmbiguousCommune, match_commune
from knowledge.store.documents import store_document
from knowledge.store.records import CitationRecord, FigureRecord, document_label
from knowledge.store.schema import open_db

PARAGRAPH = "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND huyện Mẫu; dân số 12.000 người."


def _doc(content_hash: str, commune: str, date: str | None) -> ParsedDocument:
    start = PARAGRAPH.index("Kế hoạch")
    cite = Citation(kind="Kế hoạch", number="12", symbol="12/KH-UBND", date="2026-01-05", date_text="05/01/2026",
                    issuer="UBND huyện Mẫu", subject=None, issued_by_commune=False, text="Kế hoạch số 12/KH-UBND",
                    start=start, end=start + 22, key="12/kh-ubnd")
    at = PARAGRAPH.index("12.000")
    fig = Figure(value=12000, raw="12.000", unit="người", label="dân số", sentence="dân số 12.000 người.",
                 start=at, end=at + 6)
    return ParsedDocument(
        path="/tmp/a.txt", fmt="txt", content_hash=content_hash,
        metadata=DocMetadata(doc_type="Báo cáo", title="Kết quả 6 tháng", number="30/BC-UBND", date=date,
                             commune=commune),
        sections=(Section(0, None, 1, "I.", "I. ĐẶC ĐIỂM", ("I. ĐẶC ĐIỂM",)),
                  Section(1, 0, 2, "1.", "1. Dân số", ("I. ĐẶC ĐIỂM", "1. Dân số"))),
        paragraphs=(Paragraph(0, "I. ĐẶC ĐIỂM", 0, True), Paragraph(1, "1. Dân số", 1, True),
                    Paragraph(2, PARAGRAPH, 1)),
        tables=(), citations=((2, cite),), figures=((2, fig),),
    )


@pytest.fixture
def kb():
    db = open_db(None)
    old = store_document(db, _doc("a" * 64, "Tân Mẫu", "2025-12-15"), source="old.txt", size=1, commune="Tân Mẫu")
    new = store_document(db, _doc("b" * 64, "Hòa Lạc", "2026-06-18"), source="new.txt", size=1, commune="Hòa Lạc")
    return db, (old.doc_id, new.doc_id)


def test_figures_come_with_paragraph_section_and_document(kb):
    db, (old, new) = kb
    found = reads.figures(db)
    assert all(isinstance(f, FigureRecord) for f in found) and len(found) == 2
    f = next(f for f in found if f.doc_id == new)
    assert (f.raw, f.unit, f.label, f.paragraph_text) == ("12.000", "người", "dân số", PARAGRAPH)
    assert f.section_path == ("I. ĐẶC ĐIỂM", "1. Dân số") and f.section_text == "I. ĐẶC ĐIỂM > 1. Dân số"
    assert (f.document.commune, f.document.date, f.document.title, f.document.number, f.document.file) == (
        "Hòa Lạc", "2026-06-18", "Kết quả 6 tháng", "30/BC-UBND", "new.txt")
    assert [x.doc_id for x in reads.figures(db, doc_ids=[old])] == [old]
    assert reads.figures(db, rowids=[f.rowid]) == [f]
    assert reads.figures(db, doc_ids=[]) == [] and reads.figures(db, rowids=[]) == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = 1  # type: ignore[misc]


def test_citations_latest_document_first_with_their_context(kb):
    db, (old, new) = kb
    found = reads.citations(db)
    assert [c.doc_id for c in found] == [new, old]
    c = found[0]
    assert isinstance(c, CitationRecord) and c.issued_by_commune is False
    assert PARAGRAPH[c.start:c.end] == c.text and c.paragraph_text == PARAGRAPH
    assert c.section_text == "I. ĐẶC ĐIỂM > 1. Dân số" and c.document.commune == "Hòa Lạc"
    assert reads.citations(db, rowids=[found[1].rowid], doc_ids=[old]) == [found[1]]


def test_documents_and_how_they_are_named(kb):
    db, (old, new) = kb
    assert reads.document_communes(db) == ["Hòa Lạc", "Tân Mẫu"]
    assert [d.id for d in reads.documents(db, ["Tân Mẫu"])] == [old]
    doc = reads.document(db, new)
    assert doc.label == "«Kết quả 6 tháng» số 30/BC-UBND ngày 18/6/2026"
    assert doc.reference == "Báo cáo số 30/BC-UBND ngày 18/6/2026 «Kết quả 6 tháng» (tệp new.txt)"
    assert document_label(None, None, None, "a.docx") == "a.docx"
    assert reads.document(db, "nothing") is None


def test_directive_phrase_says_a_date_it_could_not_read_as_written(kb):
    db, _ = kb
    cite = reads.citations(db)[0]
    assert directive_phrase(cite) == "Kế hoạch số 12/KH-UBND ngày 5/1/2026 của UBND huyện Mẫu"
    facts = DirectiveFacts(kind=None, number="101", symbol=None, date=None, date_text="26/6/223", issuer=None,
                           subject="kiểm tra")
    assert directive_phrase(facts) == "Văn bản số 101 ngày 26/6/223 (ghi như trong văn bản) về kiểm tra"


def test_one_commune_resolver():
    known = ["Tân Phong", "Tấn Phong", "Hòa Lạc"]
    assert match_commune("Tấn Phong", known) == "Tấn Phong"  # as typed wins
    assert match_commune("xã hoa lac", known) == "Hòa Lạc"
    assert match_commune("Phường Mới", known) is None
    with pytest.raises(AmbiguousCommune, match="«tan phong» có thể là: Tân Phong, Tấn Phong. Hãy gõ tên xã có dấu."):
        match_commune("tan phong", known)
