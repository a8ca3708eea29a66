"""Scoring a gold file (the ../shared/eval/qa_dev*.jsonl format) against the answerer, on the answer line.

The answer line is the text before the near misses, nearest passages and sources
(Answer.lead): a number or quote that stands only in a source was not given as the answer.
Per question type:
- figure / table: not abstained, and every gold value is among the numbers of the answer line;
- directive: not abstained, and the answer line holds every document symbol of the gold answer
  (spaces and case ignored) and every date written in the evidence quotes (as a calendar date,
  however written: "08/01/2026", "8/1/2026", "ngày 8 tháng 1 năm 2026");
- passage: not abstained, and an evidence quote stands in the answer line;
- compare: not abstained, and judged as what it compares: every gold value in the answer line
  (figures), else as a directive answer (when the gold answer names document symbols), else
  every evidence quote in the answer line;
- unanswerable: abstained.
Quotes are compared after whitespace folding and lower-casing. Evidence hit@5 (a quote inside
one of the top five sources) is reported apart, as a retrieval measure.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from ingest.text.dates import iso_date
from ingest.text.normal import has_diacritics, squash
from knowledge.qa.grounding import numbers_in
from knowledge.qa.question import SYMBOL
from knowledge.qa.render import Answer

_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b|\b(\d{1,2}) tháng (\d{1,2}) năm (\d{4})\b")


def read_gold(path: Path) -> list[dict]:
    """The questions of a gold file: one JSON object per line, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return squash(text).lower()


def evidence_hit(item: dict, answer: Answer, k: int = 5) -> bool:
    quotes = [_norm(q) for q in item.get("evidence", [])]
    sources = [_norm(s.quote) for s in answer.sources[:k]]
    return any(q in s for q in quotes for s in sources)


def _values_in(values: Sequence[float], text: str) -> bool:
    found = [v for _, v in numbers_in(text)]
    return all(any(abs(v - x) < 1e-6 for x in found) for v in values)


def _symbols(text: str) -> set[str]:
    return {re.sub(r"\s+", "", m.group(0)).lower() for m in SYMBOL.finditer(text)}


def directive_ok(item: dict, line: str) -> bool:
    wanted = _symbols(item["answer"])
    said = re.sub(r"\s+", "", line).lower()
    dates = {d for q in item.get("evidence", []) for d in _dates(q)}
    return all(s in said for s in wanted) and dates <= _dates(line)


def _dates(text: str) -> set[str]:
    """The calendar dates of a text (ISO), or a date as written when it is none."""
    out = set()
    for m in _DATE.finditer(text):
        d, mo, y = [g for g in m.groups() if g]
        out.add(iso_date(d, mo, y) or m.group(0))
    return out


def correct(item: dict, answer: Answer) -> bool:
    kind, line = item["type"], answer.lead
    if kind == "unanswerable":
        return answer.abstained
    if answer.abstained:
        return False
    quotes = [_norm(q) for q in item.get("evidence", [])]
    if kind in ("figure", "table"):
        return _values_in(item["values"], line)
    if kind == "directive":
        return directive_ok(item, line)
    if kind == "compare":  # judged as what it compares: figures, directives, else every passage quoted
        if item["values"]:
            return _values_in(item["values"], line)
        if _symbols(item["answer"]):
            return directive_ok(item, line)
        return all(q in _norm(line) for q in quotes)
    return any(q in _norm(line) for q in quotes)


def category(item: dict) -> str:
    m = re.search(r"cat:([\w-]+)", item.get("notes", ""))
    return m.group(1) if m else item["type"]


def evaluate(items: Sequence[dict], ask: Callable[[str], Answer]) -> dict:
    """Run every question through `ask` and compute the metrics (see the module docstring)."""
    rows = []
    for item in items:
        answer = ask(item["question"])
        rows.append({
            "id": item["id"], "type": item["type"], "category": category(item),
            "no_diacritics": not has_diacritics(item["question"]), "correct": correct(item, answer),
            "abstained": answer.abstained, "confidence": answer.confidence, "answer": answer.lead,
            "evidence_hit": evidence_hit(item, answer) if item.get("evidence") else None,
        })
    return {"metrics": metrics(rows), "rows": rows}


def _share(rows: Sequence[dict], key: str) -> float | None:
    values = [r[key] for r in rows if r[key] is not None]
    return round(sum(values) / len(values), 4) if values else None


def metrics(rows: Sequence[dict]) -> dict:
    by_type, by_category = defaultdict(list), defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
        by_category[r["category"]].append(r)
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    answered = [r for r in rows if not r["abstained"]]
    return {
        "questions": len(rows),
        "accuracy": _share(rows, "correct"),
        "wrong_of_answered": round(sum(not r["correct"] for r in answered) / len(answered), 4) if answered else None,
        "unanswerable_abstained": _share(by_type["unanswerable"], "correct"),
        "answerable_wrongly_abstained": _share(answerable, "abstained"),
        "accuracy_no_diacritics": _share([r for r in rows if r["no_diacritics"]], "correct"),
        "accuracy_with_diacritics": _share([r for r in rows if not r["no_diacritics"]], "correct"),
        "evidence_hit@5": _share(rows, "evidence_hit"),
        "accuracy_by_type": {t: _share(rs, "correct") for t, rs in sorted(by_type.items())},
        "accuracy_by_category": {c: _share(rs, "correct") for c, rs in sorted(by_category.items())},
    }
