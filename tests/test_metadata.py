"""extract_metadata: the dev gold seeds field by field, then fictional title blocks."""
from __future__ import annotations

import logging
import re

import pytest

from ingest.metadata.extract import extract_metadata
from ingest.model import DocMetadata
from ingest.text.normal import nfc, squash
from tests.conftest import load_json, seed_path

log = logging.getLogger(__name__)

FIELDS = ("doc_type", "title", "number", "date", "issuer", "commune", "period", "signer")

# old-style tone placement ("uỷ", "hoà") and the modern one ("ủy", "hòa") are the same word
_TONE = {"uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy", "oà": "òa", "oá": "óa",
         "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe"}
_FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?=/\d{4}\b)")


def _norm(value: str | None) -> str | None:
    if value is None:
        return None
    text = squash(value).casefold().replace("–", "-").replace("—", "-")
    text = re.sub("|".join(_TONE), lambda m: _TONE[m.group(0)], text)
    text = _FULL_DATE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}", text)
    return text.rstrip(" .,;:/") or None


def same(field: str, mine: str | None, gold: str | None) -> bool:
    """Fair equality: case, spacing runs, dash kind, date zero-padding and trailing dots aside."""
    if gold is None or mine is None:
        return gold is None and mine is None
    if _norm(mine) == _norm(gold):
        return True
    return field == "issuer" and _norm(mine) == _norm(gold.split("(")[0])


def test_comparison_is_fair_and_can_fail():
    assert same("period", "01/07/2025–15/10/2025", "01/7/2025-15/10/2025")
    assert same("issuer", "Ban Chỉ đạo Đề án xã Kim Tân", "Ban chỉ đạo Đề án xã Kim Tân (Đảng ủy xã Kim Tân)")
    assert same("issuer", "Đảng uỷ xã An Phú", "Đảng ủy xã An Phú")
    assert same("title", "Kết quả công tác năm 2025.", "kết quả  công tác năm 2025")
    assert not same("issuer", "Đảng ủy xã Kim Tân", "Ban chỉ đạo Đề án xã Kim Tân (Đảng ủy xã Kim Tân)")
    assert not same("number", "02-BC/BCĐ", "02 -BC/BCĐ")
    assert not same("signer", None, "PHẠM VĂN A")
    assert not same("signer", "PHẠM VĂN A", None)
    assert not same("period", "01/7/2025–15/10/2025", "01/7/2025–16/10/2025")
    assert same("date", None, None)


# ---------------------------------------------------------------- the dev gold seeds


def _seed_input(name: str) -> tuple[list[str], list[str], list[str]]:
    """(texts, headings, tables) as the pipeline passes them, else one paragraph per line."""
    path = seed_path(name[:3])
    try:
        from ingest.pipeline import parse_document

        doc = parse_document(path)
    except Exception as err:  # pipeline not assembled yet: fall back to the plain lines
        log.info("parse_document unavailable (%s): reading lines", err)
        text = nfc(path.read_text(encoding="utf-8"))
        return [squash(line) for line in text.splitlines() if squash(line)], [], []
    texts = [p.text for p in doc.paragraphs if p.table is None]
    tables = ["\n".join(t.row_text(r) for r in range(len(t.rows))) for t in doc.tables]
    return texts, [s.heading for s in doc.sections], tables


def test_dev_gold_documents_every_field():
    gold = load_json("documents_dev.json")
    assert len(gold) >= 3
    mismatches = []
    for item in gold:
        texts, headings, tables = _seed_input(item["seed"])
        meta = extract_metadata(texts, headings, tables=tables)
        for field in FIELDS:
            mine, expected = getattr(meta, field), item[field]
            if not same(field, mine, expected):
                mismatches.append(f"{item['seed'][:3]} {field}: got {mine!r}, gold {expected!r}")
    for line in mismatches:
        print(line)
    assert not mismatches, "\n".join(mismatches)


# ---------------------------------------------------------------- fictional title blocks

UBND_REPORT = [
    "ỦY BAN NHÂN DÂN",
    "XÃ HƯNG LONG",
    "Số: 45/BC-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hưng Long, ngày 15 tháng 01 năm 2026",
    "BÁO CÁO",
    "Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội",
    "năm 2025 và phương hướng nhiệm vụ năm 2026",
    "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 20/12/2024 của Hội đồng nhân dân xã Hưng Long, "
    "Ủy ban nhân dân xã Hưng Long báo cáo kết quả thực hiện như sau:",
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "Tổng thu ngân sách xã đạt 12.450 triệu đồng, bằng 104% dự toán.",
    "Nơi nhận:",
    "- Thường trực HĐND xã;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "(Đã ký)",
    "Lê Thị Hồng Nhung",
]

PARTY_PLAN = [
    "ĐẢNG BỘ TỈNH NAM HÀ",
    "ĐẢNG ỦY XÃ PHÚ LẠC",
    "*",
    "Số 08-KH/ĐU",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Phú Lạc, ngày 3 tháng 6 năm 2026",
    "KẾ HOẠCH",
    "thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị",
    "về tổ chức đại hội đảng bộ các cấp",
    "-----",
    "Thực hiện Kế hoạch số 59-KH/TU ngày 21/5/2026 của Tỉnh ủy Nam Hà, Ban Thường vụ Đảng ủy "
    "xã Phú Lạc xây dựng kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Bảo đảm 100% chi bộ trực thuộc tổ chức đại hội đúng thời gian.",
    "Nơi nhận:",
    "- Các chi bộ trực thuộc,",
    "- Lưu VPĐU.",
    "**T/M BAN THƯỜNG VỤ",
    "BÍ THƯ**",
    "Hoàng Văn Tùng",
]


def test_ubnd_report_title_block():
    meta = extract_metadata(UBND_REPORT, ["I. KẾT QUẢ ĐẠT ĐƯỢC"])
    assert meta == DocMetadata(
        doc_type="Báo cáo",
        title="Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025 và phương hướng nhiệm vụ năm 2026",
        number="45/BC-UBND",
        date="2026-01-15",
        issuer="Ủy ban nhân dân xã Hưng Long",
        commune="Hưng Long",
        period="năm 2025",
        signer="Lê Thị Hồng Nhung",
    )


def test_party_plan_title_block():
    meta = extract_metadata(PARTY_PLAN)
    assert meta == DocMetadata(
        doc_type="Kế hoạch",
        title="thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị về tổ chức đại hội đảng bộ các cấp",
        number="08-KH/ĐU",
        date="2026-06-03",
        issuer="Đảng ủy xã Phú Lạc",  # the header's lowest body, not the text's Ban Thường vụ
        commune="Phú Lạc",
        period=None,  # the plan states none
        signer="Hoàng Văn Tùng",
    )


def test_nothing_stated_gives_all_none():
    texts = [
        "Tuần qua trời rét đậm, có mưa phùn rải rác.",
        "Bà con chú ý che chắn chuồng trại cho gia súc.",
    ]
    assert extract_metadata(texts) == DocMetadata()
    assert extract_metadata([]) == DocMetadata()


@pytest.mark.parametrize(
    "tables",
    [
        # cells keep their line breaks
        ["ĐẢNG BỘ TỈNH NAM HÀ\nĐẢNG ỦY XÃ TÂN HÒA\n*\tĐẢNG CỘNG SẢN VIỆT NAM\nSố 15-BC/ĐU\tTân Hòa, ngày 20 tháng 7 năm 2026",
         "Nơi nhận:\n- Ban Tổ chức Tỉnh ủy,\n- Lưu VPĐU.\tT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nĐỗ Minh Khang"],
        # a reader that squashed each cell to one line
        ["ĐẢNG BỘ TỈNH NAM HÀ ĐẢNG ỦY XÃ TÂN HÒA * Số 15-BC/ĐU\tĐẢNG CỘNG SẢN VIỆT NAM Tân Hòa, ngày 20 tháng 7 năm 2026",
         "Nơi nhận: - Ban Tổ chức Tỉnh ủy, - Lưu VPĐU.\tT/M BAN THƯỜNG VỤ PHÓ BÍ THƯ Đỗ Minh Khang"],
    ],
)
def test_header_and_signature_laid_out_as_tables(tables):
    texts = [
        "BÁO CÁO",
        "Sơ kết công tác dân vận 6 tháng đầu năm 2026",
        "1. Tình hình chung",
        "Các chi bộ duy trì sinh hoạt đều đặn; Đảng ủy xã Tân Hòa chỉ đạo sát sao.",
    ]
    meta = extract_metadata(texts, ["1. Tình hình chung"], tables=tables)
    assert (meta.number, meta.date, meta.issuer, meta.commune) == ("15-BC/ĐU", "2026-07-20", "Đảng ủy xã Tân Hòa", "Tân Hòa")
    assert (meta.doc_type, meta.period, meta.signer) == ("Báo cáo", "6 tháng đầu năm 2026", "Đỗ Minh Khang")
    without = extract_metadata(texts, ["1. Tình hình chung"])
    assert (without.number, without.date, without.signer) == (None, None, None)


def test_signature_in_text_gives_issuer_with_the_commune():
    texts = [
        "BÁO CÁO",
        "Kết quả công tác kiểm tra, giám sát của xã Bình Minh",
        "I. Kết quả",
        "Kiểm tra 4 tổ chức đảng.",
        "Nơi nhận:",
        "- Lưu VPĐU.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Lưu Quang Huy",
    ]
    meta = extract_metadata(texts)
    assert (meta.issuer, meta.commune, meta.signer) == ("Ban Thường vụ Đảng ủy xã Bình Minh", "Bình Minh", "Lưu Quang Huy")


def test_decision_title_stops_at_the_authority_line():
    texts = [
        "ỦY BAN NHÂN DÂN XÃ ĐÔNG PHONG",
        "Số: 112/QĐ-UBND",
        "Đông Phong, ngày 02 tháng 10 năm 2025",
        "QUYẾT ĐỊNH",
        "Về việc kiện toàn Tổ công tác cải cách hành chính xã",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG PHONG",
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
    ]
    meta = extract_metadata(texts)
    assert meta.doc_type == "Quyết định"
    assert meta.title == "Về việc kiện toàn Tổ công tác cải cách hành chính xã"
    assert (meta.number, meta.date, meta.commune) == ("112/QĐ-UBND", "2025-10-02", "Đông Phong")
    assert meta.issuer == "Ủy ban nhân dân xã Đông Phong"
    assert meta.signer is None and meta.period is None


def test_official_letter_and_blank_number_or_date():
    letter = [
        "ỦY BAN NHÂN DÂN XÃ MINH HẢI",
        "Số: 230/UBND-VP",
        "V/v rà soát hộ nghèo",
        "Minh Hải, ngày 9 tháng 11 năm 2025",
        "Kính gửi: Các thôn trên địa bàn xã.",
    ]
    meta = extract_metadata(letter)
    assert (meta.doc_type, meta.title, meta.number) == ("Công văn", "V/v rà soát hộ nghèo", "230/UBND-VP")
    assert meta.date == "2025-11-09"
    draft = ["ỦY BAN NHÂN DÂN XÃ MINH HẢI", "Số: /BC-UBND", "Minh Hải, ngày tháng 11 năm 2025", "BÁO CÁO", "Tình hình hộ nghèo"]
    meta = extract_metadata(draft)
    assert (meta.number, meta.date) == (None, None)  # left blank to fill in: not stated
    assert meta.doc_type == "Báo cáo" and meta.title == "Tình hình hộ nghèo"


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("Kết quả tiếp nhận hồ sơ từ ngày 01/3/2026 đến ngày 31/5/2026 như sau.", "01/3/2026–31/5/2026"),
        ("Đề án “Phát triển nông nghiệp giai đoạn 2021 - 2025” được triển khai.", None),
        ("Từ ngày 10/12/2025 đến nay, xã chưa nhận được phản ánh.", None),
    ],
)
def test_period_from_a_stated_range_only(sentence, period):
    texts = ["BÁO CÁO", "Công tác tiếp dân", "I. Kết quả", sentence]
    assert extract_metadata(texts).period == period


def test_period_without_its_year_takes_the_year_stated_later_in_the_title():
    meta = extract_metadata([
        "ỦY BAN NHÂN DÂN XÃ HÒA MỸ", "Số: 12/BC-UBND", "BÁO CÁO",
        "Kết quả thực hiện nhiệm vụ 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2027",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
    ])
    assert meta.period == "6 tháng đầu năm 2027"
