"""Views of the knowledge base for people and scripts: the document list and one document in full.

These dicts are the stable machine interface of `troly docs --json` and `troly show --json`;
the rows come from knowledge.store.reads.
"""
from __future__ import annotations

from dataclasses import asdict

from sqlite_utils import Database

from knowledge.store import reads
from knowledge.store.records import DocumentRecord
from knowledge.store.schema import read_snapshot


def _metadata(doc: DocumentRecord) -> dict:
    return {
        "type": doc.doc_type, "title": doc.title, "number": doc.number, "date": doc.date,
        "issuer": doc.issuer, "commune": doc.meta_commune, "period": doc.period,
        "signer": doc.signer, "file": doc.file,
    }


def list_documents(db: Database, communes: list[str] | None = None) -> list[dict]:
    """Every stored document (or those of the given communes), by file name."""
    with read_snapshot(db):
        counts, documents = reads.document_counts(db), reads.documents(db, communes)
    return [
        {"id": d.id, "scope": d.commune, **_metadata(d), "format": d.fmt, "size": d.size,
         "figures": counts[d.id][0], "citations": counts[d.id][1], "warnings": list(d.warnings)}
        for d in documents
    ]


def find_document(db: Database, ref: str) -> dict | None:
    """A document by id (or id prefix) or by file name: its DocumentRecord fields, None unless exactly one fits."""
    found = reads.matching_documents(db, ref)
    return asdict(found[0]) if len(found) == 1 else None


def show_document(db: Database, doc_id: str) -> dict:
    """One document: metadata, section tree, tables, figures and citations."""
    doc = reads.document(db, doc_id)
    sections = reads.sections(db, doc_id)
    return {
        "id": doc_id,
        "metadata": _metadata(doc),
        "warnings": list(doc.warnings),
        "sections": [{"path": " > ".join(s.path), "heading": s.heading, "level": s.level, "index": s.idx,
                      "parent": s.parent} for s in sections],
        "tables": [{"index": t.idx, "title": t.title, "header_rows": t.header_rows, "rows": [list(r) for r in t.rows]}
                   for t in reads.tables(db, doc_id)],
        "figures": [{"value": f.value, "raw": f.raw, "unit": f.unit, "label": f.label, "sentence": f.sentence,
                     "section": f.section_text if f.section is not None else None}
                    for f in reads.figures(db, doc_ids=[doc_id])],
        "citations": [{"kind": c.kind, "number": c.number, "symbol": c.symbol, "date": c.date, "issuer": c.issuer,
                       "subject": c.subject, "text": c.text, "issued_by_commune": c.issued_by_commune, "key": c.key}
                      for c in reads.citations(db, doc_ids=[doc_id])],
    }
