"""Ranking the citations that answer "which directive ...": subject words, abbreviations, years."""
from __future__ import annotations

from ingest.text.terms import terms
from knowledge.qa.directives import answer_directive
from knowledge.qa.question import analyse


def _citation(seq: int, symbol: str, date: str, subject: str) -> dict:
    y, m, d = date.split("-")
    sentence = f"Ngày {int(d)}/{int(m)}/{y}, UBND xã ban hành Kế hoạch số {symbol} về {subject}."
    return {"doc_id": "d1", "seq": seq, "kind": "Kế hoạch", "number": symbol.split("/")[0], "symbol": symbol,
            "date": date, "date_text": None, "issuer": "UBND xã Tân Phong", "subject": subject,
            "paragraph_text": sentence, "start": sentence.index("Kế hoạch"), "end": len(sentence) - 1}


def _best(question: str, citations: list[dict]) -> str:
    return answer_directive(analyse(question, ["Tân Phong"]), citations)[0].citation["symbol"]


def test_an_abbreviation_counts_by_the_words_it_stands_for():
    assert terms("kế hoạch CCHC") == terms("kế hoạch cải cách hành chính")


def test_subject_words_the_question_did_not_ask_count_against_by_their_weight():
    plain = _citation(1, "21/KH-UBND", "2026-03-02", "cải cách hành chính")
    wordy = _citation(2, "22/KH-UBND", "2026-03-02", "cải cách hành chính và tuyên truyền phổ biến giáo dục pháp luật")
    assert _best("Xã ban hành kế hoạch cải cách hành chính bằng văn bản nào?", [wordy, plain]) == "21/KH-UBND"


def test_the_year_a_plan_is_for_outweighs_the_year_it_was_issued():
    for_the_year = _citation(1, "58/KH-UBND", "2025-12-30", "cải cách hành chính năm 2026")
    issued_that_year = _citation(2, "11/KH-UBND", "2026-02-22", "kiểm tra cải cách hành chính")
    assert _best("Kế hoạch CCHC năm 2026 là văn bản nào?", [issued_that_year, for_the_year]) == "58/KH-UBND"
    # with no year in the subject, the year of issue decides
    older = _citation(3, "40/KH-UBND", "2025-05-06", "kiểm tra cải cách hành chính")
    assert _best("Kế hoạch kiểm tra CCHC năm 2026 là văn bản nào?", [older, issued_that_year]) == "11/KH-UBND"
    assert _best("Kế hoạch kiểm tra CCHC năm 2025 là văn bản nào?", [issued_that_year, older]) == "40/KH-UBND"
