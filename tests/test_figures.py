"""Figures: Vietnamese number notation, skip rules, labels, sentences; then recall on the dev gold."""
from __future__ import annotations

import pytest

from ingest.figures.cells import table_figures
from ingest.figures.prose import extract_figures
from ingest.tables import build_table
from ingest.text.normal import squash
from ingest.text.numbers import parse_number
from ingest.text.sentences import sentence_spans
from tests.conftest import load_jsonl, seed_path


def _values(text: str, **kw) -> list[float]:
    return [f.value for f in extract_figures(text, **kw)]


def _one(text: str, raw: str):
    found = [f for f in extract_figures(text) if f.raw == raw]
    assert len(found) == 1, [f.raw for f in extract_figures(text)]
    return found[0]


# ---------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    "raw, value",
    [
        ("1.280", 1280),
        ("3.825", 3825),
        ("1.250.000", 1250000),
        ("26,64", 26.64),
        ("99,2", 99.2),
        ("0,8", 0.8),
        ("1.77%", 1.77),
        ("98.23 %", 98.23),
        ("97.5", 97.5),
        ("03", 3),
        ("01", 1),
        ("0", 0),
        ("53/53", 53),
        ("11/11 chi bộ", 11),
        ("1.234,5", 1234.5),
        ("1,234,567", 1234567),
        ("525tỷ550 triệu đồng", 525550),
        ("1 tỷ 200 triệu đồng", 1200),
        ("57,5 triệu đồng/người/năm", 57.5),
        ("26,64 km²", 26.64),
        ("847,9km2", 847.9),
    ],
)
def test_parse_number_reads_vietnamese_notation(raw, value):
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["", "   ", "abc", "16/6/2025", "1.2.3", "xã 5"])
def test_parse_number_refuses_what_is_not_one_number(raw):
    assert parse_number(raw) is None


# ---------------------------------------------------------------- what is a figure


def test_prose_figures_with_value_raw_unit_and_label():
    text = (
        "Xã Hòa Lạc có tổng diện tích tự nhiên là 18,35 km², với dân số 21.407 người. "
        "Toàn đảng bộ có 912 đảng viên sinh hoạt ở 31 chi bộ trực thuộc."
    )
    figs = extract_figures(text)
    assert [(f.value, f.raw, f.unit) for f in figs] == [
        (18.35, "18,35", "km²"),
        (21407, "21.407", "người"),
        (912, "912", "đảng viên"),
        (31, "31", "chi bộ"),
    ]
    assert [f.label for f in figs[:3]] == ["tổng diện tích tự nhiên", "dân số", "đảng viên"]
    for f in figs:
        assert text[f.start:f.end] == f.raw
    assert figs[0].sentence == "Xã Hòa Lạc có tổng diện tích tự nhiên là 18,35 km², với dân số 21.407 người."
    assert figs[2].sentence.startswith("Toàn đảng bộ có 912")


def test_label_prefers_the_measure_phrase_before_the_number():
    text = "Trong quý, số hồ sơ trực tuyến là 120; tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%."
    figs = extract_figures(text)
    assert [(f.value, f.label) for f in figs] == [
        (120, "số hồ sơ trực tuyến"),
        (98, "tỷ lệ hồ sơ giải quyết đúng hạn"),
    ]
    assert figs[1].unit == "%"


def test_label_after_a_colon_and_shares_of_the_previous_figure():
    text = "- Tổng số tiếp nhận trực tiếp là: 42 hồ sơ đạt 3.15%. Trong đó: Cơ quan đảng: 7 biên chế."
    figs = extract_figures(text)
    assert [(f.value, f.label) for f in figs] == [
        (42, "Tổng số tiếp nhận trực tiếp"),
        (3.15, "Tổng số tiếp nhận trực tiếp"),
        (7, "Cơ quan đảng"),
    ]
    shares = extract_figures("Năm 2020: 24 đồng chí. 18 đồng chí hoàn thành xuất sắc = 75%.")
    assert [(f.value, f.label) for f in shares] == [
        (24, "đồng chí (Năm 2020)"),
        (18, "đồng chí"),
        (75, "đồng chí hoàn thành xuất sắc"),
    ]


def test_leading_zeros_ratios_and_money():
    text = (
        "Thường trực gồm 03 đồng chí; tiếp nhận và xử lý 27/27 đơn; năm 2021 đạt 410tỷ275 triệu đồng; "
        "thu nhập bình quân đầu người là 61,2 triệu đồng/người/năm; mật độ dân số 1.045 người/km2."
    )
    got = {f.raw: (f.value, f.unit) for f in extract_figures(text)}
    assert got == {
        "03": (3, "đồng chí"),
        "27/27": (27, "đơn"),
        "410tỷ275 triệu đồng": (410275, "triệu đồng"),
        "61,2": (61.2, "triệu đồng/người/năm"),
        "1.045": (1045, "người/km2"),
    }
    money = _one(text, "410tỷ275 triệu đồng")
    assert text[money.start:money.end] == money.raw


def test_glued_units_and_dot_decimal_percentages():
    figs = extract_figures("Diện tích của xã là 612,4km2, kéo dài hơn 7 km; hồ sơ trực tuyến đạt 96.45 %.")
    assert [(f.value, f.unit) for f in figs] == [(612.4, "km2"), (7, "km"), (96.45, "%")]


def test_comma_thousands_before_a_counted_noun():
    assert _values("Toàn xã có 2,415 người tham gia.") == [2415]
    assert _values("Tỷ lệ đạt 2,415%.") == [pytest.approx(2.415)]


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 14/3/2024, UBND xã ban hành kế hoạch.",
        "Ngày 11-12/9/2024, Đảng bộ xã tổ chức đại hội.",
        "Hội nghị diễn ra vào ngày 09 tháng 9 năm 2024.",
        "Trong tháng 9 năm 2024 và năm 2023 không có vụ việc.",
        "Báo cáo tình hình quý III/2024 của xã.",
        "Nhiệm kỳ 2025-2030 và giai đoạn 2021 - 2025, kỳ 2019- 2023.",
        "Từ ngày 01/7 đến 15/10/2024 xã triển khai.",
        "Cuộc họp bắt đầu lúc 8 giờ 30 phút, kết thúc 14h00.",
        "Liên hệ số điện thoại 0912.345.678 hoặc 0225 3846 123.",
        "Đại hội Đảng bộ xã Tân Phong lần thứ I thành công.",
        "Thực hiện Quyết định số 97 và biểu mẫu số 2 kèm theo Nghị quyết số 57, 59 và 72-NQ/TW.",
        "Căn cứ Kế hoạch số 58/KH-UBND và Hướng dẫn 36-HD/VPTW, Nghị quyết 101/2023/QH15.",
        "Theo quy định tại Điều 35, Điều 36 của Luật.",
        "Áp dụng ISO 9001:2015 và dịch vụ công mức độ 3, 4 trên Cổng https://dichvucong.vn/so-20-2008-nd.",
        "Đẩy mạnh ứng dụng phần mềm 3.0 trong chính quyền địa phương 2 cấp.",
        "Đến nay chưa có vụ Covid-19 nào tại tuyến Tỉnh lộ 390E.",
    ],
)
def test_skipped_numbers_are_not_figures(text):
    assert extract_figures(text) == []


def test_list_labels_at_the_start_are_skipped_but_not_counts():
    assert _values("1. Về công tác tổ chức: có 12 chi bộ.") == [12]
    assert _values("2.1. Kết quả: tiếp nhận 45 hồ sơ.") == [45]
    assert _values("a) Kết quả đạt 3 nội dung; (1) tiếp tục thực hiện.") == [3]
    assert _values("Năm 2022: 20 đồng chí. 14 đồng chí hoàn thành.") == [20, 14]
    assert _values("Tổng số chi bộ: 12. Tỷ lệ đạt 100%.") == [12, 100]
    assert _values("Gồm: 1) tiếp nhận 8 hồ sơ; 2) trả 7 hồ sơ.") == [8, 7]


def test_date_words_take_only_numbers_that_can_be_dates():
    assert _values("Bình quân mỗi năm 300 hồ sơ, mỗi tháng 25 hồ sơ.") == [300, 25]
    assert _values("Vào ngày 32 của đợt.") == [32]


def test_excluded_spans_are_skipped():
    text = "Theo Kế hoạch 15/KH-UBND có 15 nội dung."
    start = text.index("Kế hoạch")
    end = text.index(" có")
    figs = extract_figures(text, exclude=[(start, end)])
    assert [(f.value, f.start) for f in figs] == [(15, text.index("15 nội"))]


def test_sentences_split_on_ends_not_on_decimals_or_abbreviations():
    text = (
        "Xã thuộc TP. Hải Dương có 1.280 đảng viên. Tỷ lệ đạt 26,64%. 2.1. Kết quả: đạt 98.5%! "
        "- Hồ sơ trễ hẹn: 0 hồ sơ."
    )
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Xã thuộc TP. Hải Dương có 1.280 đảng viên.",
        "Tỷ lệ đạt 26,64%.",
        "2.1. Kết quả: đạt 98.5%!",
        "- Hồ sơ trễ hẹn: 0 hồ sơ.",
    ]
    figs = extract_figures(text)
    assert [f.value for f in figs] == [1280, 26.64, 98.5, 0]
    assert figs[0].sentence == "Xã thuộc TP. Hải Dương có 1.280 đảng viên."


def test_a_number_without_counted_noun_has_no_unit():
    f = _one("Hồ sơ đã giải quyết: 1.204 (trước hạn 1.190 hồ sơ).", "1.204")
    assert f.unit is None and f.label == "Hồ sơ đã giải quyết" and f.value == 1204


def test_table_figures_cite_the_cell_and_quote_the_row():
    grid = (
        ("SỐ LƯỢNG", "ĐẢNG ỦY", "", "HĐND", ""),
        ("", "Nghị quyết", "Báo cáo", "Nghị quyết", "Báo cáo"),
        ("Quý I/2024", "3", "12", "2", "05"),
        ("Tổng", "15", "", "7", ""),
    )
    table = build_table(grid, 2, "2. SỐ LƯỢNG VĂN BẢN DO XÃ BAN HÀNH", None)
    figs = table_figures(table)
    assert [f.value for f in figs] == [3, 12, 2, 5, 15, 7]
    assert all(f.start == -1 and f.end == -1 and f.unit == "văn bản" for f in figs)
    assert figs[1].label == "Biểu 2, ĐẢNG ỦY – Báo cáo (Quý I/2024)"
    assert figs[1].sentence == "Quý I/2024\t3\t12\t2\t05"
    assert figs[5].label == "Biểu 2, HĐND (Tổng)"
    assert figs[5].sentence == table.row_text(3)


# ---------------------------------------------------------------- seeds and dev gold


def test_seed_figures_point_back_into_their_paragraph():
    from ingest.pipeline import parse_document

    path = seed_path("003")
    doc = parse_document(path)
    count = 0
    for p in doc.paragraphs:
        if p.table is not None:
            continue
        for f in extract_figures(p.text):
            assert p.text[f.start:f.end] == f.raw and f.sentence in p.text and f.raw in f.sentence
            assert f.label, f
            count += 1
    assert count > 20


def _seed_figures(seed: str):
    from ingest.pipeline import parse_document

    doc = parse_document(seed_path(seed[:3]))
    figs = []
    for p in doc.paragraphs:
        if p.table is None:
            figs.extend(extract_figures(p.text))
    for t in doc.tables:
        figs.extend(table_figures(t))
    return figs


def _evidence_matches(quote: str, sentence: str, raw: str) -> bool:
    """The quote is in the figure's sentence, or the sentence in the quote (a quote of two
    sentences), or they overlap end to start over >= 20 characters that hold the figure."""
    q, s, r = squash(quote), squash(sentence), squash(raw)
    if q in s or s in q:
        return True
    for k in range(min(len(q), len(s)), 19, -1):
        if (s.endswith(q[:k]) and r in q[:k]) or (q.endswith(s[:k]) and r in s[:k]):
            return True
    return False


def test_gold_figures_are_extracted_with_their_evidence():
    items = [i for i in load_jsonl("qa_dev.jsonl") if i["type"] in ("figure", "table")]
    assert items
    cache: dict[str, list] = {}
    hits, misses = 0, []
    for item in items:
        if item["seed"] not in cache:
            cache[item["seed"]] = _seed_figures(item["seed"])
        figs = cache[item["seed"]]
        missing = [
            v
            for v in item["values"]
            if not any(
                abs(f.value - v) < 1e-9 and any(_evidence_matches(q, f.sentence, f.raw) for q in item["evidence"])
                for f in figs
            )
        ]
        if missing:
            misses.append((item["id"], missing, item["evidence"]))
        else:
            hits += 1
    share = hits / len(items)
    print(f"gold figure recall: {hits}/{len(items)} = {share:.3f}")
    for miss in misses:
        print("MISS", *miss)
    assert share >= 0.95, misses
