"""Ranking the citations that answer "which directive ...": subject words, abbreviations, years,
the issuer asked; and the document a report is titled after."""
from __future__ import annotations

from ingest.text.normal import fold
from ingest.text.terms import terms
from knowledge.qa.directives import answer_directive, titled
from knowledge.qa.question import analyse
from knowledge.store.records import DocumentRecord


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
    assert terms("cấp GCN lần đầu") == terms("cấp giấy chứng nhận lần đầu")


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


def test_a_citing_sentence_going_on_from_the_one_before_is_scored_with_it():
    paragraph = ("Ngày 13/4/2026, UBND xã tổ chức hội nghị sơ kết công tác chuyển đổi số quý I. "
                 "Đồng thời ban hành Báo cáo số 21/BC-UBND ngày 06/4/2026 của UBND xã. "
                 "Báo cáo số 55/BC-UBND ngày 20/5/2026 về kết quả chuyển đổi số.")
    cited = [{"doc_id": "d1", "seq": i, "kind": "Báo cáo", "number": sym.split("/")[0], "symbol": sym,
              "date": None, "date_text": None, "issuer": "UBND xã", "subject": subject, "paragraph_text": paragraph,
              "start": paragraph.index(sym) - 12, "end": paragraph.index(sym) + len(sym)}
             for i, (sym, subject) in enumerate([("21/BC-UBND", None),
                                                  ("55/BC-UBND", "kết quả chuyển đổi số")])]
    question = "Sau hội nghị sơ kết chuyển đổi số quý I, xã ban hành báo cáo số mấy?"
    assert _best(question, cited) == "21/BC-UBND"


def test_a_decision_issuing_the_kind_asked_answers_for_it():
    sentence = "Căn cứ Quyết định số 77/2006/QĐ-TTg ngày 13/4/2006 ban hành Quy chế làm việc mẫu của UBND xã."
    decision = {"doc_id": "d1", "seq": 1, "kind": "Quyết định", "number": "77", "symbol": "77/2006/QĐ-TTg",
                "date": "2006-04-13", "date_text": None, "issuer": "Thủ tướng Chính phủ",
                "subject": "ban hành Quy chế làm việc mẫu của UBND xã", "paragraph_text": sentence,
                "start": sentence.index("Quyết định"), "end": sentence.index(" ngày")}
    question = analyse("Quy chế làm việc của xã theo quy chế mẫu nào?", ["Tân Phong"])
    issuing = answer_directive(question, [decision])
    assert issuing and issuing[0].citation["symbol"] == "77/2006/QĐ-TTg"
    # the same decision not said to issue a Quy chế is a decision of another kind than asked
    other = {**decision, "subject": "Quy chế làm việc mẫu của UBND xã"}
    low = answer_directive(question, [other])
    assert not low or low[0].score < issuing[0].score - 0.5


def test_an_issuer_asked_rules_out_another_organs_directive():
    by_district = {**_citation(1, "02-ĐA/HU", "2021-05-10", "xây dựng chính quyền thân thiện"), "kind": "Đề án"}
    by_province = {**_citation(2, "15-ĐA/TU", "2021-03-01", "chuyển đổi số"), "kind": "Đề án"}
    unknown = {**_citation(3, "07/ĐA-BCĐ", "2021-03-01", "xây dựng chính quyền thân thiện"), "kind": "Đề án",
               "issuer": None}
    asked = "Xã đang triển khai đề án xây dựng chính quyền thân thiện nào của {}?"
    found = [h.citation["symbol"] for h in answer_directive(analyse(asked.format("tỉnh ủy"), ["Tân Phong"]),
                                                          [by_district, by_province, unknown])]
    assert found and "02-ĐA/HU" not in found  # an organ unknown is not ruled out
    found = answer_directive(analyse(fold(asked.format("huyện ủy")), ["Tân Phong"]), [by_district, by_province])
    assert found[0].citation["symbol"] == "02-ĐA/HU"


def _report(doc_id: str, title: str) -> DocumentRecord:
    return DocumentRecord(doc_id, f"{doc_id}.txt", "", "Tân Phong", "Báo cáo", title, None, None, None, None, None,
                          None, "txt", 1)


def test_a_report_titled_after_a_document_names_the_document_it_carries_out():
    about = _report("a", "V/v triển khai, thực hiện Đề án “Nâng cao chất lượng cải cách TTHC giai đoạn 2020 - 2025”")
    other = _report("b", "Kết quả công tác cải cách hành chính năm 2023")
    texts = {"a": "tren co so de an cua huyen uy, dang uy da xay dung ke hoach", "b": ""}
    found = titled(analyse("Xã đang triển khai đề án nào?", ["Tân Phong"]), [about, other], texts.get)
    assert found == [(about, "Đề án “Nâng cao chất lượng cải cách TTHC giai đoạn 2020 - 2025”")]
    # the issuer asked must be said of the kind: the Huyện ủy's đề án, not the Tỉnh ủy's
    assert titled(analyse("xã đang triển khai đề án nào của huyện ủy", ["Tân Phong"]), [about], texts.get)
    assert titled(analyse("xã đang triển khai đề án nào của tỉnh ủy", ["Tân Phong"]), [about], texts.get) == []
    # another kind asked, or a report asked about, is not what the title names
    assert titled(analyse("xã thực hiện kế hoạch nào?", ["Tân Phong"]), [about], texts.get) == []
    assert titled(analyse("báo cáo nào nói về cải cách hành chính?", ["Tân Phong"]), [about, other], texts.get) == []
