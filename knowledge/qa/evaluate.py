"""Scoring a gold file (the ../shared/eval/qa_dev.jsonl format) against the answerer.

Per question, what 'right' means depends on its type:
- figure / table / compare: every gold value is among the numbers of the answer text;
- directive: the answer's first cited document has the gold symbol (or number) and date;
- passage: a gold evidence quote stands inside one of the top-5 sources;
- unanswerable: the answer abstains.
Evidence hit@5 is measured on every question with evidence quotes. Quotes and sources are
compared after whitespace folding (tabs, NBSP, double spaces) and NFC.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from ingest.citations.keys import canonical_key
from ingest.citations.mentions import extract_citations
from ingest.text.dates import iso_date
from ingest.text.normal import has_diacritics, squash
from knowledge.qa.answer import Answer
from knowledge.qa.grounding import numbers_in
from knowledge.qa.question import SYMBOL


def evidence_hit(item: dict, answer: Answer, k: int = 5) -> bool:
    quotes = [squash(q) for q in item.get("evidence", [])]
    sources = [squash(s.quote) for s in answer.sources[:k]]
    return any(q in s for q in quotes for s in sources)


def values_ok(item: dict, answer: Answer) -> bool:
    found = [v for _, v in numbers_in(answer.text)]
    return not answer.abstained and all(any(abs(v - x) < 1e-6 for x in found) for v in item["values"])


def _first_directive(text: str) -> tuple[str, str | None] | None:
    cites = extract_citations(text.split("\n")[0])
    if not cites:
        return None
    c = cites[0]
    return canonical_key(c.kind, c.number, c.symbol), c.date


def _first_date(text: str) -> str | None:
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b", text)
    return iso_date(m.group(1), m.group(2), m.group(3)) if m else None


def _gold_directive(item: dict) -> tuple[str, str | None] | None:
    """The gold answer's directive; when the answer only gives its date and subject, the question names it."""
    gold = _first_directive(item["answer"])
    if gold is None:
        symbol = SYMBOL.search(item["question"])
        gold = symbol and (canonical_key("", None, symbol.group(0)), _first_date(item["answer"]))
    return gold


def directive_ok(item: dict, answer: Answer) -> bool:
    gold = _gold_directive(item)
    ours = _first_directive(answer.text)
    if answer.abstained or gold is None or ours is None:
        return False
    same_doc = gold[0] == ours[0] or gold[0].split(" ")[-1] == ours[0].split(" ")[-1]
    return same_doc and (gold[1] is None or gold[1] == ours[1])


def correct(item: dict, answer: Answer) -> bool:
    kind = item["type"]
    if kind == "unanswerable":
        return answer.abstained
    if kind in ("figure", "table", "compare"):
        return values_ok(item, answer)
    if kind == "directive":
        return directive_ok(item, answer)
    return not answer.abstained and evidence_hit(item, answer)


def evaluate(items: Sequence[dict], ask: Callable[[str], Answer]) -> dict:
    """Run every question through `ask` and compute the metrics (see the module docstring)."""
    rows = []
    for item in items:
        answer = ask(item["question"])
        rows.append({
            "id": item["id"], "type": item["type"], "no_diacritics": not has_diacritics(item["question"]),
            "correct": correct(item, answer), "abstained": answer.abstained,
            "evidence_hit": evidence_hit(item, answer) if item.get("evidence") else None,
        })
    return {"metrics": metrics(rows), "rows": rows}


def _share(rows: Sequence[dict], key: str) -> float | None:
    values = [r[key] for r in rows if r[key] is not None]
    return round(sum(values) / len(values), 4) if values else None


def metrics(rows: Sequence[dict]) -> dict:
    by_type = defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    values_rows = [r for r in rows if r["type"] in ("figure", "table")]
    return {
        "questions": len(rows),
        "evidence_hit@5": _share(rows, "evidence_hit"),
        "figure_table_values": _share(values_rows, "correct"),
        "directive_symbol_date": _share(by_type["directive"], "correct"),
        "compare_values": _share(by_type["compare"], "correct"),
        "passage_evidence": _share(by_type["passage"], "correct"),
        "unanswerable_abstained": _share(by_type["unanswerable"], "correct"),
        "answerable_wrongly_abstained": _share(answerable, "abstained"),
        "accuracy": _share(rows, "correct"),
        "accuracy_no_diacritics": _share([r for r in rows if r["no_diacritics"]], "correct"),
        "accuracy_with_diacritics": _share([r for r in rows if not r["no_diacritics"]], "correct"),
        "accuracy_by_type": {t: _share(rs, "correct") for t, rs in sorted(by_type.items())},
    }
