"""Citations: unit tests on invented mentions, the dev gold set, and a smoke run on seeds 001/002."""
from __future__ import annotations

import difflib
import re
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

import pytest

from ingest.citations.keys import canonical_key, parse_symbol
from ingest.citations.mentions import extract_citations
from ingest.text.normal import nfc, squash
from tests.conftest import load_jsonl, seed_path


def one(text: str, commune: str | None = None):
    found = extract_citations(text, commune=commune)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def assert_spans(text: str, found) -> None:
    for c in found:
        assert text[c.start:c.end] == c.text


# ---------------------------------------------------------------- forms

def test_state_form_with_date_issuer_and_subject():
    text = ("Xã Hòa An được thành lập theo Nghị quyết số 1402/NQ-UBTVQH15, ngày 12/3/2025 của "
            "Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Bắc Mai. "
            "Xã có 12 thôn.")
    c = one(text)
    assert (c.kind, c.number, c.symbol) == ("Nghị quyết", "1402", "1402/NQ-UBTVQH15")
    assert (c.date, c.date_text) == ("2025-03-12", "12/3/2025")
    assert c.issuer == "Ủy ban Thường vụ Quốc hội"
    assert c.subject == "sắp xếp các đơn vị hành chính cấp xã của tỉnh Bắc Mai"
    assert c.text.startswith("Nghị quyết số 1402") and c.text.endswith("tỉnh Bắc Mai")
    assert text[c.start:c.end] == c.text
    assert not c.issued_by_commune
    assert c.key == "1402/nq-ubtvqh15"


def test_year_in_state_symbol_and_subject_without_ve():
    c = one("bình xét thi đua theo Nghị định số 45/2021/NĐ-CP ngày 3/5/2021 của Chính phủ "
            "quy định chi tiết thi hành Luật Thi đua, khen thưởng; các nội dung khác.")
    assert c.symbol == "45/2021/NĐ-CP" and c.issuer == "Chính phủ"
    assert c.subject == "quy định chi tiết thi hành Luật Thi đua, khen thưởng"


def test_mention_without_so_needs_a_full_symbol():
    c = one("rà soát văn bản theo Nghị quyết 88/2024/QH15 của Quốc hội.")
    assert (c.kind, c.number, c.symbol, c.issuer) == ("Nghị quyết", "88", "88/2024/QH15", "Quốc hội")
    assert extract_citations("theo Nghị quyết 88 của Quốc hội") == []


def test_letter_form_has_no_type():
    c = one("Thực hiện Công văn số 512/UBND-VP ngày 2/4/2024 của UBND huyện Lạc Dương về việc báo cáo quý I")
    assert (c.kind, c.symbol, c.issuer) == ("Công văn", "512/UBND-VP", "UBND huyện Lạc Dương")
    assert c.subject == "báo cáo quý I"


def test_party_form_and_party_year():
    c = one("Thực hiện Kế hoạch số 73-KH/TU ngày 5/6/2026 của Tỉnh ủy Bắc Mai về tổng kết công tác năm 2026.")
    assert (c.number, c.symbol, c.issuer) == ("73", "73-KH/TU", "Tỉnh ủy Bắc Mai")
    with_year = one("quán triệt Nghị quyết số 34-NQ/2025/TW, ngày 2/1/2025 của Bộ Chính trị về chuyển đổi số")
    assert with_year.symbol == "34-NQ/2025/TW"
    assert with_year.key == canonical_key("Nghị quyết", "34", "34-NQ/TW")


def test_so_colon_and_abbreviated_kind():
    text = "Ban hành Quy chế chi tiêu nội bộ kèm theo QĐ số: 07/QĐ-UBND ngày 15 tháng 01 năm 2024; Thông báo số: 3/TB-UBND."
    found = extract_citations(text)
    assert [(c.kind, c.symbol) for c in found] == [("Quyết định", "07/QĐ-UBND"), ("Thông báo", "3/TB-UBND")]
    assert found[0].date == "2024-01-15" and found[0].date_text == "15 tháng 01 năm 2024"
    assert found[0].text.startswith("QĐ số: 07")
    assert one("triển khai KH số 12/KH-UBND của UBND xã").kind == "Kế hoạch"


def test_bare_number_without_symbol():
    found = extract_citations("Ngày 2/8/2024 ban hành Quyết định số 41 về ban hành quy chế dân chủ; "
                              "báo cáo số 17 về kết quả rà soát.")
    assert [(c.kind, c.number, c.symbol) for c in found] == [("Quyết định", "41", None), ("Báo cáo", "17", None)]
    assert found[0].date == "2024-08-02"  # from the clause "Ngày ... ban hành"
    assert found[0].subject == "ban hành quy chế dân chủ"
    assert found[1].key == canonical_key("Báo cáo", "17", None) == "bao cao 17"


def test_lower_case_kind():
    c = one("- Ngày 22/02/2024, UBND xã ban hành kế hoạch số 58/KH-UBND, về tuyên truyền pháp luật năm 2024.")
    assert (c.kind, c.symbol, c.issuer, c.date) == ("Kế hoạch", "58/KH-UBND", "UBND xã", "2024-02-22")
    assert c.subject == "tuyên truyền pháp luật năm 2024" and c.issued_by_commune


def test_list_shares_the_last_symbol_and_each_item_has_its_span():
    text = "nhất là các Nghị quyết số 11, 12, 19 và 23-NQ/TW, với nhiều kết quả nổi bật."
    found = extract_citations(text)
    assert [c.number for c in found] == ["11", "12", "19", "23"]
    assert [c.symbol for c in found] == ["11-NQ/TW", "12-NQ/TW", "19-NQ/TW", "23-NQ/TW"]
    assert [c.text for c in found] == ["Nghị quyết số 11", "12", "19", "23-NQ/TW"]
    assert len({c.key for c in found}) == 4 and all(c.kind == "Nghị quyết" for c in found)
    assert found[0].subject is None  # ", với ..." is the sentence going on, not a subject
    assert_spans(text, found)


def test_list_of_full_symbols():
    found = extract_citations("Kế hoạch số 21/KH-UBND, 22/KH-UBND của UBND huyện Mai Sơn")
    assert [c.symbol for c in found] == ["21/KH-UBND", "22/KH-UBND"]
    assert all(c.issuer == "UBND huyện Mai Sơn" for c in found)


def test_errors_are_kept_as_written():
    c = one("Căn cứ Nghị định số 62/2019/QĐ-TTg ngày 12 tháng 5 năm 2019 của Chính phủ về cơ chế một cửa;")
    assert (c.kind, c.symbol) == ("Nghị định", "62/2019/QĐ-TTg")
    assert c.key == "62/2019/qd-ttg"
    bad = one("Thực hiện Kế hoạch số 88-KH/HU ngày 14/7/224 của Huyện ủy Mai Sơn về kiểm tra")
    assert (bad.date, bad.date_text) == (None, "14/7/224")
    assert bad.issuer == "Huyện ủy Mai Sơn"
    assert one("Quyết định số 5/QĐ-UBND ngày 30/2/2024 của UBND xã").date is None


def test_hard_wrap_inside_a_symbol_is_rejoined():
    text = "UBND xã ban hành Kế hoạch số 05/KH- UBND ngày 9/1/2024; Đảng ủy ra Nghị quyết số 31- NQ/ĐU ngày  4/3/2024 về chuyển đổi số."
    found = extract_citations(text)
    assert [c.symbol for c in found] == ["05/KH-UBND", "31-NQ/ĐU"]
    assert found[0].key == canonical_key("Kế hoạch", "05", "05/KH-UBND")
    assert found[1].date == "2024-03-04" and found[1].issuer == "Đảng ủy"
    assert_spans(text, found)


# ---------------------------------------------------------------- governing clause, commune

def test_issuer_from_the_governing_clause():
    text = ("Sau khi kế hoạch được thông qua, Đảng ủy đã ra Quyết định số 09-QĐ/ĐU ngày 2/3/2024 về kiện toàn "
            "Ban chỉ đạo xã.")
    c = one(text)
    assert c.issuer == "Đảng ủy" and c.issued_by_commune
    assert c.subject == "kiện toàn Ban chỉ đạo xã"
    assert c.text.startswith("Quyết định số 09")  # the governing issuer stays outside the span


def test_governing_clause_covers_a_list_of_mentions():
    text = ("Ngay sau khi Ban Chấp hành Đảng bộ tỉnh Bắc Mai ban hành Quyết định số 301-QĐ/TU ngày 10/6/2025 "
            "về việc thành lập Đảng bộ xã Hòa An và Quyết định số 302-QĐ/TU ngày 12/6/2025 về việc chỉ định "
            "Ban Chấp hành, Ban Thường vụ Đảng ủy xã Hòa An, nhiệm kỳ 2025-2030.")
    a, b = extract_citations(text)
    assert a.issuer == b.issuer == "Ban Chấp hành Đảng bộ tỉnh Bắc Mai"
    assert a.subject == "thành lập Đảng bộ xã Hòa An"
    assert b.subject == "chỉ định Ban Chấp hành, Ban Thường vụ Đảng ủy xã Hòa An, nhiệm kỳ 2025-2030"
    assert not a.issued_by_commune and not b.issued_by_commune


def test_governing_clause_through_an_unnumbered_document():
    text = ("cụ thể: Ban chỉ đạo xã ra Thông báo phân công nhiệm vụ cho các thành viên; Kế hoạch số 03-KH/BCĐ "
            "ngày 5/7/2024 về việc tiếp tục thực hiện Đề án “Chính quyền thân thiện, vì dân; giai đoạn 2021 - 2025”. "
            "Nội dung Kế hoạch đã nêu rõ mục đích.")
    c = one(text)
    assert c.issuer == "Ban chỉ đạo xã" and c.issued_by_commune
    # a quoted title is kept whole, even with ";" and "," inside it
    assert c.subject == "tiếp tục thực hiện Đề án “Chính quyền thân thiện, vì dân; giai đoạn 2021 - 2025”"


def test_issuer_written_before_the_mention_without_a_verb():
    c = one("Căn cứ Quy chế làm việc; Ban chấp hành Đảng bộ xã Quyết định số 12-QĐ/ĐU ngày 3/1/2024 kiện toàn "
            "Tổ công tác (gọi tắt là Tổ)")
    assert c.issuer == "Ban chấp hành Đảng bộ xã" and c.subject == "kiện toàn Tổ công tác"


def test_issued_by_commune_uses_the_commune_name():
    own = one("Quyết định số 8/QĐ-UBND ngày 1/7/2025 của UBND xã Hòa An về kiện toàn", commune="Hòa An")
    other = one("Quyết định số 8/QĐ-UBND ngày 1/7/2025 của UBND xã Phú Lộc về kiện toàn", commune="Hòa An")
    province = one("Quyết định số 8/QĐ-UBND ngày 1/7/2025 của UBND tỉnh Bắc Mai", commune="Hòa An")
    party = one("theo Quyết định số 15-QĐ/ĐU ngày 1/7/2025")
    assert own.issued_by_commune and not other.issued_by_commune and not province.issued_by_commune
    assert party.issued_by_commune  # the symbol names the commune Party committee


# ---------------------------------------------------------------- where a mention ends

def test_preamble_ends_before_the_main_clause():
    c = one("Thực hiện Công văn số 77-CV/BTCTU, ngày 3/9/2025 của Ban Tổ chức- Tỉnh ủy Bắc Mai về việc báo cáo "
            "tình hình quý III năm 2025, Ban Thường vụ Đảng ủy xã Hòa An báo cáo kết quả như sau:")
    assert c.issuer == "Ban Tổ chức- Tỉnh ủy Bắc Mai"
    assert c.subject == "báo cáo tình hình quý III năm 2025"


def test_preamble_cut_needs_a_main_clause_and_brackets_close_a_mention():
    c = one("Căn cứ Quyết định số 41-QĐ/TU ngày 1/7/2025 của Tỉnh ủy Bắc Mai về việc chỉ định Ban Chấp hành, "
            "Ban Thường vụ Đảng ủy xã Hòa An nhiệm kỳ 2025-2030.")
    assert c.subject == "chỉ định Ban Chấp hành, Ban Thường vụ Đảng ủy xã Hòa An nhiệm kỳ 2025-2030"
    d = one("tuyên truyền rộng rãi (theo Kế hoạch số 9/KH-UBND về việc tuyên truyền pháp luật) đến nhân dân.")
    assert d.subject == "tuyên truyền pháp luật" and d.text.endswith("pháp luật")


def test_subject_stops_at_the_next_mention_but_keeps_an_embedded_one():
    text = ("gồm: Kết luận số 21-KL/TW ngày 4/7/2025 của Bộ Chính trị, Ban Bí thư về việc củng cố tổ chức cơ sở, "
            "Chỉ thị số 9-CT/TW ngày 5/8/2025 của Ban Bí thư về đổi thẻ đảng viên; Thông tư số 4/2019/TT-VPCP "
            "của Văn phòng Chính phủ hướng dẫn một số quy định của Nghị định số 62/2019/NĐ-CP của Chính phủ.")
    found = extract_citations(text)
    assert [c.symbol for c in found] == ["21-KL/TW", "9-CT/TW", "4/2019/TT-VPCP", "62/2019/NĐ-CP"]
    assert found[0].issuer == "Bộ Chính trị, Ban Bí thư"
    assert found[0].subject == "củng cố tổ chức cơ sở"
    assert found[1].subject == "đổi thẻ đảng viên"
    assert found[2].subject == "hướng dẫn một số quy định của Nghị định số 62/2019/NĐ-CP của Chính phủ"
    assert found[3].issuer == "Chính phủ" and found[3].subject is None
    assert_spans(text, found)


def test_issuer_stops_at_a_verb_or_a_place_phrase():
    a = one("theo Quyết định số 7-QĐ/ĐU ngày 1/7/2025 của Đảng ủy xã Hòa An trên cơ sở hợp nhất 3 chi bộ.")
    b = one("Kết luận số 30-KL/TW ngày 7/7/2025 của Bộ Chính trị và Ban Bí thư chỉ đạo tiếp tục sắp xếp bộ máy")
    assert (a.issuer, a.subject) == ("Đảng ủy xã Hòa An", None)
    assert b.issuer == "Bộ Chính trị và Ban Bí thư" and b.subject == "chỉ đạo tiếp tục sắp xếp bộ máy"


@pytest.mark.parametrize("tail, issuer", [
    ("của Sở Nội vụ tỉnh Bắc Mai về việc đánh giá cán bộ", "Sở Nội vụ tỉnh Bắc Mai"),
    ("của Bộ Tài nguyên và Môi trường quy định kỹ thuật", "Bộ Tài nguyên và Môi trường"),
    ("của Ban Chấp hành Trung ương Đảng khóa XII về đổi mới", "Ban Chấp hành Trung ương Đảng khóa XII"),
    ("của UBND TP. Hải Phòng về việc rà soát", "UBND TP. Hải Phòng"),
    ("của UBND tỉnh Ban hành Kế hoạch kiểm soát", "UBND tỉnh"),
    ("của đồng chí Bí thư về việc rà soát", None),
])
def test_issuer_names(tail, issuer):
    assert one(f"theo Hướng dẫn số 05/HD-SNV ngày 5/6/2025 {tail}.").issuer == issuer


def test_two_mentions_joined_by_va_share_the_issuer_written_after_them():
    a, b = extract_citations("Kế hoạch số 15/KH-UBND ngày 3/2/2025 và Kế hoạch số 16/KH-UBND ngày 4/2/2025 "
                             "của UBND xã về phòng chống thiên tai.")
    assert a.issuer == b.issuer == "UBND xã"
    assert a.subject is None and b.subject == "phòng chống thiên tai"


def test_vv_in_quotes_and_a_new_sentence_starting_with_ve():
    c = one("Quyết định số 12/QĐ-UBND ngày 5/3/2025 của UBND tỉnh Bắc Mai “V/v phê duyệt danh mục thủ tục”, "
            "xã đã niêm yết.")
    assert c.subject == "phê duyệt danh mục thủ tục" and c.text.endswith("thủ tục”")
    d = one("+ Ngày 15/03/2024, ban hành báo cáo số 20/BC-UBND. Về tình hình tiếp nhận hồ sơ năm 2024; ")
    assert d.subject == "tình hình tiếp nhận hồ sơ năm 2024" and d.date == "2024-03-15"


# ---------------------------------------------------------------- not citations

@pytest.mark.parametrize("text", [
    "với tổng số 364 lượt người tham gia quán triệt",
    "Đảng ủy xã có tổng số 30 tổ chức đảng",
    "(biểu mẫu số 1 thống kê số liệu kèm theo)",
    "Số: 02 -BC/BCĐ",
    "Hòa An, ngày 16/6/2025",
    "Điện thoại: 0220 3855 123; Fax: 0220.3855.124",
    "UBND xã ban hành Kế hoạch số kiểm soát thủ tục hành chính",
    "Sau khi có Quyết định của Đảng ủy, Kế hoạch của UBND xã",
    "xác định Chỉ số CCHC năm 2023 và Báo cáo số liệu thống kê",
    "Thông báo số 3 đồng chí được phân công",
    "https://vanban.vn/vb/nghi-dinh-20-2008-nd-cp-tiep-nhan",
])
def test_things_that_are_not_citations(text):
    assert extract_citations(text) == []


def test_decomposed_input_keeps_spans_on_the_original_text():
    text = unicodedata.normalize("NFD", "Căn cứ Quyết định số 23/QĐ-UBND ngày 2/10/2018 của UBND tỉnh Bắc Mai.")
    c = one(text)
    assert text[c.start:c.end] == c.text and nfc(c.text).endswith("của UBND tỉnh Bắc Mai")
    assert c.issuer == nfc("UBND tỉnh Bắc Mai") and c.kind == "Quyết định"


# ---------------------------------------------------------------- keys and symbols

def test_canonical_key_joins_the_same_directive():
    assert canonical_key("Nghị quyết", "57", "57-NQ/2025/TW") == canonical_key("Nghị quyết", "57", "57-NQ/TW")
    assert canonical_key("Kế hoạch", "01", "01-KH/BCĐ") == canonical_key("Kế hoạch", "1", "1-KH/BCĐ") == "1-kh/bcd"
    assert canonical_key("Quyết định", "5", "5/qđ-ubnd") == canonical_key("Quyết định", "5", "5/QD-UBND")
    assert canonical_key("Kế hoạch", "02", "02/KH- UBND") == canonical_key("Kế hoạch", "02", "02/KH-UBND")
    assert canonical_key("Quyết định", "23", "23/QĐ-UBND") != canonical_key("Quyết định", "23", "23/2018/QĐ-UBND")
    assert canonical_key("Nghị quyết", "57", "57-NQ/TW") != canonical_key("Kết luận", "57", "57-KL/TW")
    assert canonical_key("Quyết định", "097", None) == "quyet dinh 97"
    assert canonical_key("Nghị định", "61", "61/2018") == "nghi dinh 61/2018"


@pytest.mark.parametrize("symbol, expected", [
    ("57-NQ/2025/TW", {"number": "57", "type": "NQ", "year": "2025", "issuer": "TW", "form": "party"}),
    ("59-KH/TU", {"number": "59", "type": "KH", "year": None, "issuer": "TU", "form": "party"}),
    ("1669/NQ-UBTVQH15", {"number": "1669", "type": "NQ", "year": None, "issuer": "UBTVQH15", "form": "state"}),
    ("61/2018/NĐ-CP", {"number": "61", "type": "NĐ", "year": "2018", "issuer": "CP", "form": "state"}),
    ("101/2023/QH15", {"number": "101", "type": None, "year": "2023", "issuer": "QH15", "form": "state"}),
    ("183/UBND-NV", {"number": "183", "type": None, "year": None, "issuer": "UBND-NV", "form": "letter"}),
    ("20- NQ/ĐU", {"number": "20", "type": "NQ", "year": None, "issuer": "ĐU", "form": "party"}),
])
def test_parse_symbol(symbol, expected):
    assert parse_symbol(symbol) == expected


def test_parse_symbol_rejects_non_symbols():
    assert parse_symbol("61/2018") is None and parse_symbol("16/6/2025") is None and parse_symbol("abc") is None


# ---------------------------------------------------------------- seeds

_TERMINAL = re.compile(r'(?<![sS]ố)[.:;!?”"]\s*$|’’\s*$')
_HEADING = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|PHẦN\b)")


def _split_paragraphs(text: str) -> list[str]:
    """Fallback when the pipeline is unavailable: a line joins the previous one when that one
    has no final punctuation and the line continues it (lower case, digits, a broken symbol,
    or the PDF habit of a trailing space before a hard wrap)."""
    paragraphs: list[list[str]] = []
    last_raw = ""
    for line in nfc(text).replace("\u00a0", " ").split("\n"):
        if not line.strip():
            continue
        stripped = line.strip()
        continues = paragraphs and not _TERMINAL.search(last_raw) and not _HEADING.match(last_raw) and (
            stripped[:1].islower() or (stripped[:1].isdigit() and not _HEADING.match(stripped))
            or re.search(r"[-/]\s*$", last_raw) or re.search(r"\S\s+$", last_raw))
        if continues and not re.match(r"[-+*•]\s", stripped):
            paragraphs[-1].append(stripped)
        else:
            paragraphs.append([stripped])
        last_raw = line
    return [" ".join(p) for p in paragraphs]


def seed_paragraphs(path: Path) -> tuple[list[str], str | None]:
    """Prose paragraphs of a seed and its commune: from the pipeline when it works."""
    try:
        from ingest.pipeline import parse_document
        doc = parse_document(path)
        return [p.text for p in doc.paragraphs if p.table is None], doc.metadata.commune
    except Exception as err:  # the pipeline belongs to other modules; do not let it hide this test
        warnings.warn(f"parse_document unavailable ({err!r}); splitting {path.name} by lines")
        return _split_paragraphs(path.read_text(encoding="utf-8")), None


def seed_citations(name: str):
    paragraphs, commune = seed_paragraphs(seed_path(name))
    out = []
    for text in paragraphs:
        found = extract_citations(text, commune=commune)
        assert_spans(text, found)
        out.extend(found)
    return out


def _norm(value: str | None) -> str | None:
    return None if value is None else squash(value).casefold().rstrip(" .,;:")


def _same_subject(mine: str | None, gold: str | None) -> bool:
    """Equal after squash + casefold + trailing punctuation, or differing only by one trailing
    clause: the longer one is the shorter plus ", <at most 6 words>" (a tail such as ", nhiệm kỳ
    2025-2030" that annotators may or may not keep). Anything else, including a cut inside a
    quoted title or a missing/extra subject, is wrong."""
    a, b = _norm(mine), _norm(gold)
    if a == b:
        return True
    if a is None or b is None:
        return False
    short, long = sorted((a, b), key=len)
    tail = long[len(short):]
    return long.startswith(short) and tail.startswith(",") and len(tail.split()) <= 6


def test_gold_citations_dev():
    gold = load_jsonl("citations_dev.jsonl")
    seeds = sorted({g["seed"] for g in gold})
    extracted = {s: seed_citations(s[:3]) for s in seeds}

    def ident(kind, number, symbol):
        return (kind, number, symbol)

    matched = 0
    pairs = []
    for seed in seeds:
        pool = list(extracted[seed])
        for g in sorted((g for g in gold if g["seed"] == seed), key=lambda g: g["line"]):
            candidates = [c for c in pool if ident(c.kind, c.number, c.symbol) == ident(g["kind"], g["number"], g["symbol"])]
            if not candidates:
                print("MISSED", seed, g["line"], g["quote"][:80])
                continue
            # the same directive may be cited twice: take the mention whose text is closest to the quote
            best = max(candidates, key=lambda c: (difflib.SequenceMatcher(None, squash(c.text), squash(g["quote"])).ratio(),
                                                  -pool.index(c)))
            pool.remove(best)
            pairs.append((g, best))
            matched += 1
        for c in pool:
            print("EXTRA", seed, c.text[:80])

    total_extracted = sum(len(v) for v in extracted.values())
    recall, precision = matched / len(gold), matched / total_extracted
    scores = {}
    for field, same in (("date", lambda m, g: m == g), ("issuer", lambda m, g: _norm(m) == _norm(g)),
                        ("subject", _same_subject)):
        stated = [(g, c) for g, c in pairs if g[field] is not None]
        scores[field] = sum(same(getattr(c, field), g[field]) for g, c in stated) / len(stated)
        spurious = [c for g, c in pairs if g[field] is None and getattr(c, field) is not None]
        assert len(spurious) <= 0.1 * len(pairs), (field, [c.text for c in spurious])
    scores["issued_by_commune"] = sum(c.issued_by_commune == g["issued_by_this_commune"] for g, c in pairs) / len(pairs)
    scores["text==quote"] = sum(squash(c.text) == squash(g["quote"]) for g, c in pairs) / len(pairs)
    print(f"citations dev: gold={len(gold)} extracted={total_extracted} recall={recall:.3f} precision={precision:.3f} "
          + " ".join(f"{k}={v:.3f}" for k, v in scores.items()))
    assert recall >= 0.95 and precision >= 0.95
    assert scores["date"] >= 0.90 and scores["issuer"] >= 0.90 and scores["subject"] >= 0.90
    assert scores["issued_by_commune"] >= 0.90 and scores["text==quote"] >= 0.80


def test_seed_001_list_form_and_keys_across_reports():
    found = seed_citations("001")
    listed = [c for c in found if c.text == "Nghị quyết số 57"]
    assert len(listed) == 1
    start = found.index(listed[0])
    chain = found[start:start + 7]
    assert [c.number for c in chain] == ["57", "59", "66", "68", "70", "71", "72"]
    assert all(c.symbol == f"{c.number}-NQ/TW" for c in chain) and chain[-1].text == "72-NQ/TW"
    # the list's "57-NQ/TW" and the full "57-NQ/2025/TW" are one directive
    full = [c for c in found if c.symbol == "57-NQ/2025/TW"]
    assert full and full[0].key == chain[0].key and full[0].issuer == "Bộ Chính trị"
    # the same resolution cited by another commune's report has the same key
    assert {c.key for c in found if c.number == "1669"} == {c.key for c in seed_citations("000") if c.number == "1669"}
    assert not any(c.number in ("33.936", "1.400") for c in found)


def test_seed_002_so_colon_and_broken_mentions():
    found = seed_citations("002")
    by_symbol = Counter(c.symbol for c in found)
    for symbol in ("10/TB-UBND", "55/BC-UBND", "583/QĐ-UBND", "05/QĐ-UBND", "02/KH-UBND", "58/KH-UBND",
                   "117/2013/NĐ-CP", "883/HD-UBTVQH14", "183/UBND-NV", "101/2023/QH15", "02-ĐA/HU"):
        assert by_symbol[symbol] >= 1, symbol
    assert {c.kind for c in found if c.symbol == "05/QĐ-UBND"} == {"Quyết định"}  # "QĐ số: 05/QĐ-UBND"
    assert {c.kind for c in found if c.symbol == "183/UBND-NV"} == {"Hướng dẫn"}
    kept = [c for c in found if c.symbol == "61/2018/QĐ-TTg"]  # a decree cited with a decision's symbol
    assert kept and kept[0].kind == "Nghị định" and kept[0].date == "2018-04-23"
    bare = {(c.kind, c.number) for c in found if c.symbol is None}
    assert {("Quyết định", "97"), ("Quyết định", "96"), ("Báo cáo", "53")} <= bare
    assert not any(c.number and len(c.number) == 4 and c.symbol is None for c in found)  # no years taken as numbers
    own = [c for c in found if c.symbol == "32/KH-UBND"]
    assert own and own[0].issued_by_commune and own[0].date == "2023-08-14"
    assert 80 <= len(found) <= 110
