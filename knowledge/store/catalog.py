"""Read-only views of the knowledge base: the document list and one document in full.

These dicts are the stable machine interface of `troly docs --json` and `troly show --json`.
"""
from __future__ import annotations

import json

from sqlite_utils import Database


def _metadata(row: dict) -> dict:
    return {
        "type": row["doc_type"], "title": row["title"], "number": row["number"], "date": row["date"],
        "issuer": row["issuer"], "commune": row["meta_commune"], "period": row["period"],
        "signer": row["signer"], "file": row["file"],
    }


def list_documents(db: Database, communes: list[str] | None = None) -> list[dict]:
    """Every stored document (or those of the given communes), oldest first by file name."""
    where, params = "", []
    if communes is not None:
        where = f"WHERE commune IN ({', '.join('?' * len(communes))})"
        params = communes
    rows = db.execute_returning_dicts(
        f"""SELECT d.*, (SELECT count(*) FROM figures f WHERE f.doc_id = d.id) AS n_figures,
                   (SELECT count(*) FROM citations c WHERE c.doc_id = d.id) AS n_citations
            FROM documents d {where} ORDER BY d.file, d.id""",
        params,
    )
    return [
        {"id": r["id"], "scope": r["commune"], **_metadata(r), "format": r["fmt"], "size": r["size"],
         "figures": r["n_figures"], "citations": r["n_citations"],
         "warnings": json.loads(r["warnings"])}
        for r in rows
    ]


def find_document(db: Database, ref: str) -> dict | None:
    """A document by id (or id prefix) or by file name."""
    rows = db.execute_returning_dicts(
        "SELECT * FROM documents WHERE id LIKE ? OR file = ? OR source = ? ORDER BY id", [ref + "%", ref, ref]
    )
    return rows[0] if len(rows) == 1 else None


def show_document(db: Database, doc_id: str) -> dict:
    """One document: metadata, section tree, tables, figures and citations."""
    row = db.execute_returning_dicts("SELECT * FROM documents WHERE id = ?", [doc_id])[0]
    sections = db.execute_returning_dicts(
        "SELECT idx, parent, level, heading, path FROM sections WHERE doc_id = ? ORDER BY idx", [doc_id]
    )
    paths = {s["idx"]: " > ".join(json.loads(s["path"])) for s in sections}
    figures = db.execute_returning_dicts(
        "SELECT value, raw, unit, label, sentence, section FROM figures WHERE doc_id = ? ORDER BY seq", [doc_id]
    )
    citations = db.execute_returning_dicts(
        """SELECT kind, number, symbol, date, issuer, subject, text, issued_by_commune, key
           FROM citations WHERE doc_id = ? ORDER BY seq""",
        [doc_id],
    )
    tables = db.execute_returning_dicts(
        "SELECT idx, title, header_rows, rows FROM doc_tables WHERE doc_id = ? ORDER BY idx", [doc_id]
    )
    return {
        "id": doc_id,
        "metadata": _metadata(row),
        "warnings": json.loads(row["warnings"]),
        "sections": [{"path": paths[s["idx"]], "heading": s["heading"], "level": s["level"], "index": s["idx"],
                      "parent": s["parent"]} for s in sections],
        "tables": [{"index": t["idx"], "title": t["title"], "header_rows": t["header_rows"],
                    "rows": json.loads(t["rows"])} for t in tables],
        "figures": [{"value": f["value"], "raw": f["raw"], "unit": f["unit"], "label": f["label"],
                     "sentence": f["sentence"], "section": paths.get(f["section"])} for f in figures],
        "citations": [{"kind": c["kind"], "number": c["number"], "symbol": c["symbol"], "date": c["date"],
                       "issuer": c["issuer"], "subject": c["subject"], "text": c["text"],
                       "issued_by_commune": bool(c["issued_by_commune"]), "key": c["key"]} for c in citations],
    }
