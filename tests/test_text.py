"""The shared text homes: sentences, dates and numbers written back, document kinds, commune units."""
from __future__ import annotations

import re

import pytest

from ingest.model import Paragraph, Section
from ingest.passages import make_passages, split_long
from ingest.text.communes import ANY_PATTERN, FOLDED_PATTERN, UNIT_PATTERN, without_unit
from ingest.text.dates import iso_date, vn_date
from ingest.text.numbers import parse_number, vn_number
from ingest.text.sentences import (
    CLAUSE_ENDS,
    sentence_around,
    sentence_spans,
    sentences,
)
from ingest.text.units import unit_match
from ingest.text.vocabulary import (
    ABBREVIATIONS,
    DOC_TYPE_CODES,
    DOC_TYPE_WORDS,
    KIND_CODES,
    KIND_WORDS,
    KINDS,
    SYMBOL_TYPES,
)

# ---------------------------------------------------------------- sentences

REPORT = (
    "Đảng bộ xã có 1.173 đảng viên, tỷ lệ 26,64% theo Nghị quyết số 57-NQ/TW. "
    "UBND TP. Hải Dương và Tp. Hà Nội phối hợp; các xã triển khai. "
    "2.1. Kết quả: đạt 98.5%! "
    "Quyết định số 58/QĐ-UBND. ngày 30/3/2023 về kiện toàn “Ban Chỉ đạo.” Tiếp tục thực hiện…  "
    "- Hồ sơ trễ hẹn: 0 hồ sơ."
)


def test_sentences_end_before_a_capital_or_digit_not_inside_numbers_symbols_or_abbreviations():
    assert sentences(REPORT) == [
        "Đảng bộ xã có 1.173 đảng viên, tỷ lệ 26,64% theo Nghị quyết số 57-NQ/TW.",
        "UBND TP. Hải Dương và Tp. Hà Nội phối hợp; các xã triển khai.",
        "2.1. Kết quả: đạt 98.5%!",
        "Quyết định số 58/QĐ-UBND. ngày 30/3/2023 về kiện toàn “Ban Chỉ đạo.”",
        "Tiếp tục thực hiện…",
        "- Hồ sơ trễ hẹn: 0 hồ sơ.",
    ]
    assert [REPORT[a:b] for a, b in sentence_spans(REPORT)] == sentences(REPORT)


def test_list_labels_open_their_sentence():
    assert sentences("II. Nhiệm vụ năm 2026. B. Tuyên truyền. 1. Kiện toàn tổ.") == [
        "II. Nhiệm vụ năm 2026.", "B. Tuyên truyền.", "1. Kiện toàn tổ."]
    assert sentences("a. Tuyên truyền. Xong.") == ["a. Tuyên truyền.", "Xong."]


def test_clause_ends_add_semicolons_before_a_new_item():
    text = "Gồm 03 đảng bộ cơ sở; 02 chi bộ; các tổ chức khác. Hết."
    assert sentences(text, CLAUSE_ENDS) == ["Gồm 03 đảng bộ cơ sở;", "02 chi bộ; các tổ chức khác.", "Hết."]
    assert sentences(text) == ["Gồm 03 đảng bộ cơ sở; 02 chi bộ; các tổ chức khác.", "Hết."]


def test_starts_only_false_cuts_at_every_end_mark_followed_by_space():
    text = "Mạng internet,... cơ bản đảm bảo. 6. Tiếp tục theo Nghị định số 61/2018/NĐ-CP."
    assert sentences(text, starts_only=False) == [
        "Mạng internet,...", "cơ bản đảm bảo.", "6.", "Tiếp tục theo Nghị định số 61/2018/NĐ-CP."]
    assert sentences(text) == ["Mạng internet,... cơ bản đảm bảo.", "6. Tiếp tục theo Nghị định số 61/2018/NĐ-CP."]


def test_empty_and_unterminated_text():
    assert sentence_spans("") == [] and sentence_spans("   ") == []
    assert sentences("  Chưa có dấu chấm  ") == ["Chưa có dấu chấm"]


def test_sentence_around_a_span():
    start = REPORT.index("Nghị quyết số 57-NQ/TW")
    assert sentence_around(REPORT, start, start + len("Nghị quyết số 57-NQ/TW")) == sentences(REPORT)[0]
    cross = REPORT.index("Hà Nội")
    assert sentence_around(REPORT, cross, REPORT.index("Kết quả") + 3) == " ".join(sentences(REPORT)[1:3])
    text = "Thực hiện Kế hoạch số 5/KH-UBND; Kế hoạch số 6/KH-UBND. Xong."
    six = text.index("Kế hoạch số 6")
    assert sentence_around(text, six, six + 20, CLAUSE_ENDS) == "Kế hoạch số 6/KH-UBND."
    assert sentence_around(text, six, six + 20) == "Thực hiện Kế hoạch số 5/KH-UBND; Kế hoạch số 6/KH-UBND."


def test_a_long_paragraph_becomes_passage_pieces_cut_between_sentences_as_written():
    text = ("Xã có 26 thôn; 9.027 hộ dân. " * 6).strip()
    pieces = split_long(text, 80)
    assert all(len(p) <= 80 for p in pieces) and len(pieces) > 1
    assert " ".join(pieces) == text
    assert pieces[0] == "Xã có 26 thôn; 9.027 hộ dân. Xã có 26 thôn; 9.027 hộ dân. Xã có 26 thôn;"
    assert split_long("Gồm các thôn; đội ngũ cán bộ ổn định. Kết quả tốt.", 40) == [
        "Gồm các thôn; đội ngũ cán bộ ổn định.", "Kết quả tốt."]  # a lower-case item continues
    assert split_long("Ngắn.", 80) == ["Ngắn."]


# ---------------------------------------------------------------- dates and numbers written back


@pytest.mark.parametrize("iso, written", [("2025-06-16", "16/6/2025"), ("2023-01-05", "5/1/2023"), (None, ""), ("", "")])
def test_vn_date(iso, written):
    assert vn_date(iso) == written


def test_vn_date_reverses_iso_date():
    assert vn_date(iso_date("09", "07", "2024")) == "9/7/2024"


@pytest.mark.parametrize("value, written", [
    (34523, "34.523"), (26.64, "26,64"), (0.5, "0,5"), (1234567.891, "1.234.567,89"), (12.0, "12"),
    (0, "0"), (-3, "-3"), (-0.5, "-0,5"), (2.999, "3"), (1.004, "1"),
])
def test_vn_number(value, written):
    assert vn_number(value) == written


@pytest.mark.parametrize("raw", ["1.280", "26,64", "32.105", "0,5"])
def test_vn_number_reads_back(raw):
    assert vn_number(parse_number(raw)) == raw


# ---------------------------------------------------------------- document kinds


def test_kind_words_and_codes_fold():
    assert KIND_WORDS["nghi quyet"] == "Nghị quyết" and KIND_WORDS["van ban"] == "Văn bản"
    assert KIND_CODES["qd"] == "Quyết định" and KIND_CODES["ctr"] == "Chương trình"
    assert set(KIND_WORDS.values()) == set(KINDS)
    assert set(KIND_CODES.values()) <= set(KINDS)


def test_symbol_types_and_title_types():
    assert set(ABBREVIATIONS) <= SYMBOL_TYPES and {"TTLT", "CĐ"} <= SYMBOL_TYPES
    assert DOC_TYPE_CODES["BC"] == "Báo cáo" and DOC_TYPE_CODES["QĐI"] == "Quy định" and DOC_TYPE_CODES["BB"] == "Biên bản"
    assert DOC_TYPE_WORDS["bao cao"] == "Báo cáo" and DOC_TYPE_WORDS["bien ban"] == "Biên bản"
    assert "luat" not in DOC_TYPE_WORDS and "van ban" not in DOC_TYPE_WORDS
    assert set(DOC_TYPE_CODES.values()) <= set(DOC_TYPE_WORDS.values())


# ---------------------------------------------------------------- commune units


@pytest.mark.parametrize("name, bare", [
    ("xã Cẩm Giang", "Cẩm Giang"), ("XÃ KIM TÂN", "KIM TÂN"), ("thi tran gia loc", "gia loc"),
    ("Phường 3", "3"), ("Cẩm Giang", "Cẩm Giang"), ("xã", "xã"),
])
def test_without_unit(name, bare):
    assert without_unit(name) == bare


def test_unit_patterns():
    assert re.fullmatch(UNIT_PATTERN, "thị trấn") and re.fullmatch(UNIT_PATTERN, "PHƯỜNG", re.IGNORECASE)
    assert re.fullmatch(FOLDED_PATTERN, "thi tran") and not re.fullmatch(FOLDED_PATTERN, "thị trấn")
    assert all(re.fullmatch(ANY_PATTERN, w) for w in ("xa", "xã", "phuong", "phường", "thi tran", "thị trấn"))


@pytest.mark.parametrize("asked, unit, fits", [
    ("dong", "trieu dong", True),  # money at any scale
    ("dong", "dong/to/thang", True),  # money per something
    ("trieu dong", "dong", True),
    ("dong", "dong chi", False),  # "đồng chí" folds to "dong chi" and is a person
    ("nguoi", "dong chi", True),
    ("nguoi", "trieu dong", False),
    ("nguoi", "nguoi/km2", False),  # a density is no head count
    ("ho", "ho ngheo", True),
    ("ho", "ho so", False),  # "hộ" and "hồ sơ" fold alike
])
def test_units_counted(asked, unit, fits):
    assert unit_match(asked, {"unit": unit, "label": "", "start": 0}) is fits


def test_a_heading_with_nothing_under_it_is_its_own_passage():
    top, first, second = "IV. NHIỆM VỤ", "1. Giải quyết dứt điểm hồ sơ tồn đọng.", "2. Đẩy mạnh chuyển đổi số:"
    sections = [Section(0, None, 0, "IV.", top, (top,)), Section(1, 0, 1, "1.", first, (top, first)),
                Section(2, 0, 1, "2.", second, (top, second))]
    paragraphs = [Paragraph(0, top, 0, is_heading=True), Paragraph(1, first, 1, is_heading=True),
                  Paragraph(2, second, 2, is_heading=True), Paragraph(3, "a) Thanh toán trực tuyến trên 50%;", 2)]
    texts = [(p.context.split(" > ")[-1], p.text) for p in make_passages(paragraphs, sections, [])]
    assert texts == [(first, first), (second, "a) Thanh toán trực tuyến trên 50%;")]
