"""Cleaning lines and re-joining hard-wrapped text: unit strings, then the real seeds."""
from __future__ import annotations

import re
import unicodedata

import pytest

from ingest.model import Block
from ingest.normalize import clean_line, ends_sentence, is_label_line, normalize_blocks
from tests.conftest import seed_path


def lines(text: str, page: int | None = None) -> list[Block]:
    return [Block(text=line, page=page) for line in text.split("\n")]


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if b.table is None]


# ---- clean_line ---------------------------------------------------------------------------


def test_clean_line_composes_decomposed_diacritics():
    decomposed = unicodedata.normalize("NFD", "Xã Mẫu Sơn có dân số 12.450 người")
    assert decomposed != "Xã Mẫu Sơn có dân số 12.450 người"
    assert clean_line(decomposed) == "Xã Mẫu Sơn có dân số 12.450 người"


def test_clean_line_turns_unicode_spaces_into_one_space():
    raw = "diện tích\u00a026,5\u202fkm²,\u2003dân số\u00a0\u00a0 8.100 người"
    assert clean_line(raw) == "diện tích 26,5 km², dân số 8.100 người"


def test_clean_line_drops_invisible_and_control_characters():
    raw = "\ufeffKế\u200b hoạch số 07/KH-UBND về chuyển đổi\u00ad số\x07 năm 2024\u200d"
    assert clean_line(raw) == "Kế hoạch số 07/KH-UBND về chuyển đổi số năm 2024"


def test_clean_line_keeps_tabs_and_trims_spaces_around_them():
    assert clean_line("  Tổng \t 450 \t\t 88  ") == "Tổng\t450\t\t88"
    assert clean_line("\tNghị quyết\tBáo cáo") == "\tNghị quyết\tBáo cáo"


def test_clean_line_never_changes_letters():
    for word in ("chuẩn hoá", "chuẩn hóa", "Thuỵ", "Thụy", "khoẻ", "khỏe"):
        assert clean_line(word) == word


def test_clean_line_line_breaks_become_spaces():
    assert clean_line("Ủy ban nhân dân\nxã Mẫu Sơn") == "Ủy ban nhân dân xã Mẫu Sơn"


# ---- re-joining --------------------------------------------------------------------------

WRAPPED = """\
1. Công tác chỉ đạo, điều hành:
- Ngay từ đầu năm 2024, UBND xã Tân Phong đã tăng cường công tác chỉ
đạo, điều hành và tổ chức triển khai thực hiện các nhiệm vụ của công
tác cải cách hành chính trên địa bàn xã theo đúng hướng dẫn của huyện;

- Căn cứ Kế hoạch số 31/KH-UBND ngày 12 tháng 01 năm 2024 của

UBND huyện Lạc Thủy, về cải cách hành chính nhà nước trên địa bàn năm
2024.

+ Ngày 15/01/2024, UBND xã Tân Phong ban hành Kế hoạch số 04/KH-
UBND về công tác cải cách hành chính nhà nước trên địa bàn xã năm 2024;
II. Những hạn chế, tồn tại
- Một số công chức chưa sử dụng thành thạo phần mềm một cửa điện tử."""


def test_wrapped_lines_are_rejoined_into_paragraphs():
    out = texts(normalize_blocks(lines(WRAPPED), "pdf"))
    assert out[1] == (
        "- Ngay từ đầu năm 2024, UBND xã Tân Phong đã tăng cường công tác chỉ đạo, điều hành và tổ "
        "chức triển khai thực hiện các nhiệm vụ của công tác cải cách hành chính trên địa bàn xã theo "
        "đúng hướng dẫn của huyện;"
    )


def test_blank_line_inside_a_sentence_is_bridged():
    out = texts(normalize_blocks(lines(WRAPPED), "pdf"))
    assert (
        "- Căn cứ Kế hoạch số 31/KH-UBND ngày 12 tháng 01 năm 2024 của UBND huyện Lạc Thủy, về cải "
        "cách hành chính nhà nước trên địa bàn năm 2024."
    ) in out


def test_symbol_split_after_its_hyphen_is_glued_back():
    out = texts(normalize_blocks(lines(WRAPPED), "pdf"))
    assert any("Kế hoạch số 04/KH-UBND về công tác" in t for t in out)
    assert not any(re.search(r"\d+/[A-ZĐ]+-$", t) for t in out)


def test_headings_and_bullets_always_start_a_paragraph():
    out = texts(normalize_blocks(lines(WRAPPED), "pdf"))
    assert out[0] == "1. Công tác chỉ đạo, điều hành:"
    assert "II. Những hạn chế, tồn tại" in out
    starts = [t[:2] for t in out]
    assert starts.count("- ") == 3 and starts.count("+ ") == 1
    assert len(out) == 6


def test_uppercase_continuation_needs_a_full_line_in_hard_wrapped_text():
    text = (
        "- Thực hiện Quyết định số 210/QĐ-UBND ngày 05/3/2024 của Chủ tịch UBND\n"
        "Huyện về việc công bố danh mục thủ tục hành chính thuộc thẩm quyền cấp xã.\n"
        "7.2. Tồn tại, hạn chế và nguyên nhân\n"
        "Xã chưa có công chức chuyên trách về công nghệ thông tin nên còn khó khăn."
    )
    out = texts(normalize_blocks(lines(text), "pdf"))
    assert out[0].endswith("Chủ tịch UBND Huyện về việc công bố danh mục thủ tục hành chính thuộc thẩm quyền cấp xã.")
    assert out[1:] == ["7.2. Tồn tại, hạn chế và nguyên nhân",
                       "Xã chưa có công chức chuyên trách về công nghệ thông tin nên còn khó khăn."]


def test_paragraph_per_line_text_is_not_glued_but_broken_sentences_are():
    text = (
        "BÁO CÁO\n\nkết quả thực hiện nhiệm vụ quý I năm 2025 của xã Đông Sơn\n\n"
        "I. Đặc điểm tình hình\n\n"
        "Xã Đông Sơn có diện tích tự nhiên 18,2 km², dân số 11.305 người, gồm 9 thôn và 2 khu dân cư.\n\n"
        "Đảng bộ xã có 560 đảng viên sinh hoạt tại 21 chi bộ trực thuộc.\n\n"
        "- Về chuyển đổi số: UBND xã đã triển khai nhiều giải pháp nhằm nâng cao kỹ năng\n\n"
        "sử dụng dịch vụ công trực tuyến cho người dân trên địa bàn xã.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu VP."
    )
    out = texts(normalize_blocks(lines(text), "txt"))
    assert out[:3] == ["BÁO CÁO", "kết quả thực hiện nhiệm vụ quý I năm 2025 của xã Đông Sơn", "I. Đặc điểm tình hình"]
    assert "Đảng bộ xã có 560 đảng viên sinh hoạt tại 21 chi bộ trực thuộc." in out
    assert ("- Về chuyển đổi số: UBND xã đã triển khai nhiều giải pháp nhằm nâng cao kỹ năng sử dụng "
            "dịch vụ công trực tuyến cho người dân trên địa bàn xã.") in out
    assert out[-3:] == ["Nơi nhận:", "- Như trên;", "- Lưu VP."]


def test_footnote_and_url_inside_a_sentence_move_after_it():
    text = (
        "Đảng ủy xã đã ban hành 312 văn bản các loại để lãnh đạo, chỉ đạo triển khai thực\n"
        "² Gồm: 12 kế hoạch, 40 quyết định, 260 công văn.\n"
        "hiện nhiệm vụ chính trị của địa phương.\n"
        "https://example.vn/van-ban/ke-hoach-12\n"
        "Tiếp theo là một đoạn mới."
    )
    out = texts(normalize_blocks(lines(text), "txt"))
    assert out[0] == ("Đảng ủy xã đã ban hành 312 văn bản các loại để lãnh đạo, chỉ đạo triển khai thực "
                      "hiện nhiệm vụ chính trị của địa phương.")
    assert out[1].startswith("² Gồm:")
    assert out[2] == "https://example.vn/van-ban/ke-hoach-12"
    assert out[3] == "Tiếp theo là một đoạn mới."


def test_page_numbers_and_rules_are_dropped_and_pages_kept():
    blocks = [
        Block(text="- Năm 2024 UBND xã Hòa Lạc tiếp nhận và giải quyết 1.240 hồ sơ, trong", page=3),
        Block(text="", page=3),
        Block(text="12", page=3),
        Block(text="đó 1.198 hồ sơ được giải quyết trước hạn.", page=4),
        Block(text="________________________", page=4),
        Block(text="- Tỷ lệ hồ sơ trực tuyến đạt 96,6%.", page=4),
    ]
    out = normalize_blocks(blocks, "pdf")
    assert [b.text for b in out] == [
        "- Năm 2024 UBND xã Hòa Lạc tiếp nhận và giải quyết 1.240 hồ sơ, trong đó 1.198 hồ sơ được giải quyết trước hạn.",
        "- Tỷ lệ hồ sơ trực tuyến đạt 96,6%.",
    ]
    assert [b.page for b in out] == [3, 4]


def test_tab_rows_become_one_table_block_padded():
    text = (
        "2. SỐ LƯỢNG VĂN BẢN DO XÃ BAN HÀNH\n\n"
        "SỐ LƯỢNG\tĐẢNG ỦY\t\tUBND\n"
        "\tNghị quyết\tBáo cáo\n"
        "Tổng\t12\t30\t415\t\n\n"
        "Ghi chú:\tsố liệu tạm tính"
    )
    out = normalize_blocks(lines(text), "txt")
    tables = [b for b in out if b.table is not None]
    assert len(tables) == 1
    grid = tables[0].table
    assert grid[0] == ("SỐ LƯỢNG", "ĐẢNG ỦY", "", "UBND", "")
    assert grid[1] == ("", "Nghị quyết", "Báo cáo", "", "")
    assert grid[2] == ("Tổng", "12", "30", "415", "")
    assert texts(out) == ["2. SỐ LƯỢNG VĂN BẢN DO XÃ BAN HÀNH", "Ghi chú: số liệu tạm tính"]
    assert out.index(tables[0]) == 1


def test_docx_blocks_are_only_cleaned():
    blocks = [
        Block(text="I.\u00a0ĐẶC ĐIỂM TÌNH HÌNH", style="Heading 1"),
        Block(text="   "),
        Block(text="Xã Yên Lạc có\n1.020 hộ", numbering="-"),
        Block(text="không nối với đoạn trên"),
        Block(table=((" Tổng ", "12"), ("Chi bộ",))),
    ]
    out = normalize_blocks(blocks, "docx")
    assert [b.text for b in out[:3]] == ["I. ĐẶC ĐIỂM TÌNH HÌNH", "Xã Yên Lạc có 1.020 hộ", "không nối với đoạn trên"]
    assert out[0].style == "Heading 1" and out[1].numbering == "-"
    assert out[3].table == (("Tổng", "12"), ("Chi bộ", ""))


def test_ends_sentence_looks_through_closing_quotes():
    assert ends_sentence("giai đoạn 2021-2025”.")
    assert ends_sentence("“Dân vận khéo việc gì cũng thành công.”")
    assert not ends_sentence("giai đoạn 2021-2025”")


# ---- the seeds ---------------------------------------------------------------------------


def _normalized(prefix: str):
    from ingest.readers import read_file

    raw = read_file(seed_path(prefix))
    return raw, normalize_blocks(raw.blocks, raw.fmt)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_blocks_are_clean(prefix):
    raw, blocks = _normalized(prefix)
    assert blocks, "no block survived"
    for b in blocks:
        if b.table is not None:
            assert len({len(r) for r in b.table}) == 1
            continue
        assert b.text and b.text == b.text.strip()
        assert unicodedata.is_normalized("NFC", b.text)
        assert "\u00a0" not in b.text and "  " not in b.text and "\t" not in b.text


def test_seed_002_pdf_extraction_has_no_sentence_broken_across_paragraphs():
    raw, blocks = _normalized("002")
    out = [t for t in texts(blocks) if not t.startswith("http")]
    nonblank = sum(1 for b in raw.blocks if b.text.strip())
    assert len(out) < nonblank / 3  # hard-wrapped lines really were joined
    for prev, nxt in zip(out, out[1:]):
        assert nxt[:1].isupper() or nxt[:1] in "-+*“\"‘(" or nxt[:1].isdigit(), (prev[-60:], nxt[:60])
        if nxt[:1].islower():
            assert ends_sentence(prev)
    assert not any(re.search(r"\d+/[A-ZĐ]+-$", t) for t in out)
    assert not any(re.fullmatch(r"\d{1,3}", t) for t in out)


def test_seed_one_paragraph_per_line_texts_are_not_glued():
    for prefix in ("001", "003", "004"):
        raw, blocks = _normalized(prefix)
        out = texts(blocks)
        nonblank = [b.text.strip() for b in raw.blocks if b.text.strip()]
        # only lines starting in lower case were merged; lines without a letter or digit dropped
        merged = sum(1 for t in nonblank if t[:1].islower())
        junk = sum(1 for t in nonblank if not any(ch.isalnum() for ch in t))
        assert len(nonblank) - junk - merged <= len(out) <= len(nonblank) - junk
        for prev, nxt in zip(out, out[1:]):  # lower case only for a title under "BÁO CÁO"
            assert not nxt[:1].islower() or prev.isupper() or is_label_line(nxt), (prev[-60:], nxt[:60])
