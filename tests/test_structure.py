"""Heading labels, the section tree and paragraph placement: unit strings, then the seeds."""
from __future__ import annotations

import re

import pytest

from ingest.model import Block
from ingest.normalize import normalize_blocks
from ingest.structure import build_outline, heading_label
from ingest.text.normal import squash
from tests.conftest import load_json, seed_path


def outline(*texts: str | Block):
    blocks = [t if isinstance(t, Block) else Block(text=t) for t in texts]
    return build_outline(blocks)


def tree(sections) -> list[tuple[int, str]]:
    return [(s.level, s.label) for s in sections]


LONG_ITEM = (
    "Tiếp tục rà soát, sắp xếp đội ngũ cán bộ, công chức theo vị trí việc làm, bảo đảm đúng người, "
    "đúng việc; ưu tiên bố trí cán bộ có năng lực, kinh nghiệm vào các vị trí trọng yếu; thực hiện "
    "tốt chính sách đối với cán bộ dôi dư sau sắp xếp, bảo đảm ổn định tư tưởng và tổ chức bộ máy "
    "của xã Phú Mỹ trong giai đoạn mới."
)


# ---- heading_label -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("PHẦN A", ("phan", "PHẦN A")),
        ("PHẦN THỨ HAI: NHIỆM VỤ NĂM 2025", ("phan", "PHẦN THỨ HAI")),
        ("Phần I. Kết quả", ("phan", "Phần I")),
        ("A. KẾT QUẢ THỰC HIỆN", ("letter", "A.")),
        ("II. ĐÁNH GIÁ CHUNG", ("roman", "II.")),
        ("IV/ Đề xuất", ("roman", "IV/")),
        ("3. Công tác kiểm tra", ("number", "3.")),
        ("2.1. Hạn chế", ("number2", "2.1.")),
        ("2.1 Hạn chế", ("number2", "2.1")),
        ("1.2.3. Chi tiết", ("number3", "1.2.3.")),
        ("b) Về tổ chức", ("alpha", "b)")),
        ("đ) Lĩnh vực đất đai", ("alpha", "đ)")),
        ("**I. ĐẶC ĐIỂM TÌNH HÌNH**", ("roman", "I.")),
    ],
)
def test_heading_labels(text, expected):
    assert heading_label(text) == expected


@pytest.mark.parametrize(
    "text",
    ["- Về chuyển đổi số", "+ Ngày 12/3/2024", "* Kết quả", "(1) Cần tăng cường", "2023. Tiếp tục",
     "1.280 đảng viên", "2.5 triệu đồng", "15/7/2024 của UBND", "21/BC-UBND ngày 06/4", "Phần lớn hộ dân",
     "V/v triển khai", "Số: 02/BC-UBND", "IIII. Sai số La Mã"],
)
def test_not_heading_labels(text):
    assert heading_label(text) is None


# ---- the tree ----------------------------------------------------------------------------


def test_title_block_before_the_first_heading_has_no_section():
    sections, paras = outline("BÁO CÁO", "tình hình quý I năm 2025", "Thực hiện Công văn số 15/UBND-VP, xã báo cáo như sau:",
                              "I. Đặc điểm tình hình", "Xã Phú Mỹ có 9.870 người.")
    assert [p.section for p in paras] == [None, None, None, 0, 0]
    assert paras[3].is_heading and sections[0].heading == "I. Đặc điểm tình hình"
    assert [p.index for p in paras] == list(range(5))


def test_schemes_nest_and_pop_back():
    sections, paras = outline(
        "I. KẾT QUẢ", "1. Công tác tuyên truyền", "1.1. Ở thôn", "a) Thôn Đông", "Nội dung a.",
        "b) Thôn Tây", "1.2. Ở trường học", "2. Công tác kiểm tra", "II. NHIỆM VỤ", "1. Nhiệm vụ chung",
    )
    assert tree(sections) == [(0, "I."), (1, "1."), (2, "1.1."), (3, "a)"), (3, "b)"), (2, "1.2."),
                              (1, "2."), (0, "II."), (1, "1.")]
    assert sections[4].path == ("I. KẾT QUẢ", "1. Công tác tuyên truyền", "1.1. Ở thôn", "b) Thôn Tây")
    assert sections[4].parent == 2
    assert paras[4].section == 3 and not paras[4].is_heading


def test_inconsistent_top_numbering_letter_then_roman_are_siblings():
    sections, _ = outline("A. TÌNH HÌNH QUÝ II", "1. Tình hình chung", "2. Kết quả", "2.1. Chi bộ thôn",
                          "II. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "III. NHIỆM VỤ QUÝ III")
    assert tree(sections) == [(0, "A."), (1, "1."), (1, "2."), (2, "2.1."), (0, "II."), (1, "1."), (0, "III.")]


def test_letters_above_roman_numerals_when_both_are_used():
    sections, _ = outline("A. KẾT QUẢ", "I. Kinh tế", "1. Nông nghiệp", "II. Văn hóa", "B. NHIỆM VỤ", "I. Kinh tế")
    assert tree(sections) == [(0, "A."), (1, "I."), (2, "1."), (1, "II."), (0, "B."), (1, "I.")]


def test_a_scheme_keeps_the_depth_it_first_took():
    sections, _ = outline("I. KẾT QUẢ", "A. Kinh tế", "B. Xã hội", "II. NHIỆM VỤ", "A. Kinh tế")
    assert tree(sections) == [(0, "I."), (1, "A."), (1, "B."), (0, "II."), (1, "A.")]


def test_letter_i_after_h_is_a_letter():
    body = [t for c in "ABCDEGHIK" for t in (f"{c}. Mục {c}", "Nội dung.")]
    sections, _ = outline(*body)
    assert all(s.level == 0 for s in sections) and len(sections) == 9


def test_bullets_are_never_headings():
    sections, paras = outline("I. KẾT QUẢ", "- Kết quả", "+ Chi tiết", "* Ghi chú", "• Điểm", "(1) Bài học")
    assert len(sections) == 1
    assert [p.is_heading for p in paras] == [True, False, False, False, False, False]
    assert all(p.section == 0 for p in paras)


def test_numbered_list_of_long_sentences_is_not_headings():
    sections, paras = outline(
        "V. NHIỆM VỤ, GIẢI PHÁP", f"1. {LONG_ITEM}", f"2. {LONG_ITEM}", f"3. {LONG_ITEM}", "VI. ĐỀ XUẤT",
    )
    assert tree(sections) == [(0, "V."), (0, "VI.")]
    assert [p.section for p in paras[1:4]] == [0, 0, 0]


def test_group_of_sentence_items_is_a_list_even_with_details_under_them():
    item = ("Tăng cường công tác kiểm tra, giám sát việc thực hiện nhiệm vụ cải cách hành chính "
            "tại các thôn, khu dân cư và bộ phận một cửa của xã Phú Mỹ.")
    sections, paras = outline("V. GIẢI PHÁP", f"1. {item}", "- Kiểm tra định kỳ.", f"2. {item}", "- Báo cáo hằng quý.",
                              "3. Khen thưởng kịp thời", "- Theo quy định.")
    assert tree(sections) == [(0, "V.")]
    assert all(p.section == 0 for p in paras)


def test_short_items_with_nothing_under_them_are_a_list():
    sections, paras = outline("I. SỐ LIỆU", "a) Thôn Đông: 320 hộ;", "b) Thôn Tây: 298 hộ;", "c) Thôn Nam: 305 hộ.",
                              "II. ĐÁNH GIÁ", "1. Ưu điểm", "Hoàn thành 12/12 chỉ tiêu.", "2. Hạn chế", "Còn chậm.")
    assert tree(sections) == [(0, "I."), (0, "II."), (1, "1."), (1, "2.")]
    assert [p.section for p in paras[1:4]] == [0, 0, 0]


def test_short_items_ending_with_semicolons_are_a_list_even_with_a_table_after_them():
    sections, paras = outline("1. Cải cách hành chính", "Các kết quả nổi bật:", "a) Công khai 286 thủ tục;",
                              "b) Số hóa 2.180 hồ sơ;", "c) Không có phản ánh quá hạn.", "Biểu 1. Kết quả giải quyết",
                              "Lĩnh vực\tTổng số", "Đất đai\t486")
    assert tree(sections) == [(0, "1.")]
    assert {p.section for p in paras[1:]} == {0}


def test_the_last_list_of_a_report_is_no_headings_above_its_closing_block():
    sections, paras = outline("IV. TỒN TẠI", "Còn chậm.", "V. NHIỆM VỤ QUÝ II", "1. Nâng tỷ lệ thanh toán trực tuyến.",
                              "2. Làm sạch dữ liệu đất đai.", "3. Kiện toàn tổ công nghệ số.", "Nơi nhận:", "- Lưu: VT.")
    assert tree(sections) == [(0, "IV."), (0, "V.")]
    assert [p.section for p in paras[3:6]] == [1, 1, 1]


def test_short_numbered_heading_ending_with_a_period_is_still_a_heading():
    short = "Về cơ sở vật chất, trang thiết bị, tài sản công."
    sections, _ = outline("III. KẾT QUẢ", "1. Kết quả sắp xếp", "Nội dung.", f"2. {short}", "Nội dung.")
    assert tree(sections) == [(0, "III."), (1, "1."), (1, "2.")]


def test_list_restarting_under_a_numbered_heading():
    sections, paras = outline(
        "V. NHIỆM VỤ",
        "1. Đối với việc nâng cao chất lượng cải cách thủ tục hành chính.",
        f"1. {LONG_ITEM}", f"2. {LONG_ITEM}", f"3. {LONG_ITEM}",
        "2. Đối với việc nâng cao hiệu lực, hiệu quả hoạt động của chính quyền xã Phú Mỹ.",
        f"1. {LONG_ITEM}", f"2. {LONG_ITEM}",
    )
    assert tree(sections) == [(0, "V."), (1, "1."), (1, "2.")]
    assert [p.section for p in paras] == [0, 1, 1, 1, 1, 2, 2, 2]


def test_phan_heading_takes_its_title_lines():
    sections, paras = outline(
        "PHẦN THỨ NHẤT", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "NĂM 2024", "I. Kinh tế", "Tổng thu ngân sách đạt 12,5 tỷ đồng.",
        "PHẦN THỨ HAI", "NHIỆM VỤ NĂM 2025", "I. Mục tiêu",
    )
    assert tree(sections) == [(0, "PHẦN THỨ NHẤT"), (1, "I."), (0, "PHẦN THỨ HAI"), (1, "I.")]
    assert sections[0].heading == "PHẦN THỨ NHẤT KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024"
    assert paras[0].text == sections[0].heading and len(paras) == 5


def test_word_heading_styles_and_rendered_numbering():
    sections, paras = outline(
        Block(text="BÁO CÁO", style="Title"),
        Block(text="Kết quả", style="Heading 1"),
        Block(text="Công tác tuyên truyền", style="Heading 2"),
        Block(text="Đã tổ chức 12 hội nghị.", style="Normal"),
        Block(text="Đánh giá chung", style="Heading 1"),
        Block(text="Ưu điểm", style="List Paragraph", numbering="1."),
    )
    assert [(s.level, s.heading) for s in sections] == [
        (0, "Kết quả"), (1, "Công tác tuyên truyền"), (0, "Đánh giá chung"), (1, "1. Ưu điểm")]
    assert paras[0].section is None and paras[3].section == 1


def test_tables_become_paragraphs_with_tab_joined_rows():
    grid1 = (("Thôn", "Số hộ"), ("Đông", "320"))
    grid2 = (("Tổng", "1.020"),)
    sections, paras = outline("I. SỐ LIỆU", Block(table=grid1), "Ghi chú.", Block(table=grid2))
    tables = [p for p in paras if p.table is not None]
    assert [(p.table, p.text, p.section) for p in tables] == [(0, "Thôn\tSố hộ\nĐông\t320", 0), (1, "Tổng\t1.020", 0)]


def test_annex_after_the_signature_starts_from_the_top():
    sections, paras = outline(
        "I. ĐẶC ĐIỂM", "II. KẾT QUẢ", "1. Văn bản", "Nơi nhận:", "- Như trên;", "T/M ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
        "NGUYỄN VĂN AN", "PHỤ LỤC SỐ LIỆU NĂM 2024", "1. SỐ LIỆU VĂN BẢN", Block(table=(("Tổng", "12"),)),
        "2. SỐ LIỆU HỘI NGHỊ",
    )
    assert tree(sections) == [(0, "I."), (0, "II."), (1, "1."), (0, ""), (1, "1."), (1, "2.")]
    assert sections[3].heading == "PHỤ LỤC SỐ LIỆU NĂM 2024"
    signature = [p for p in paras if p.text == "NGUYỄN VĂN AN"][0]
    assert signature.section == 2 and not signature.is_heading


# ---- the seeds ---------------------------------------------------------------------------


def _seed_outline(prefix: str):
    from ingest.readers import read_file

    raw = read_file(seed_path(prefix))
    return build_outline(normalize_blocks(raw.blocks, raw.fmt))


def _key(text: str) -> str:
    return squash(text).casefold()


def _closing_index(paras) -> int:
    return next((p.index for p in paras if re.match(r"(Nơi nhận|Nơi gửi)", p.text)), len(paras))


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_seed_top_level_headings_match_the_gold(prefix):
    gold = {d["seed"][:3]: d for d in load_json("documents_dev.json")}[prefix]
    sections, paras = _seed_outline(prefix)
    heading_para = {p.section: p.index for p in paras if p.is_heading}
    end = _closing_index(paras)
    top = [s for s in sections if s.parent is None]
    body_top = [_key(s.heading) for s in top if heading_para[s.index] < end]
    assert body_top == [_key(h) for h in gold["sections"]]
    # anything else at the top is an annex after the signature
    assert all(heading_para[s.index] > end for s in top[len(body_top):])


def test_seed_000_annex_tables_sit_under_their_numbered_titles():
    sections, paras = _seed_outline("000")
    tables = [p for p in paras if p.table is not None]
    assert [p.table for p in tables] == [0, 1, 2]
    for p in tables:
        section = sections[p.section]
        assert section.label in ("1.", "2.", "3.") and section.level == 1
        assert sections[section.parent].label == "" and sections[section.parent].parent is None
        rows = p.text.split("\n")
        assert len(rows) >= 3 and len({r.count("\t") for r in rows}) == 1


def test_seed_001_numbered_sections_nest_under_their_parents():
    sections, paras = _seed_outline("001")
    top = [s for s in sections if s.parent is None]
    assert [s.label for s in top] == ["I.", "II.", "III.", "IV.", "V.", "VI."]
    for s in sections:
        if s.label.count(".") == 2:  # "2.1." sits under "2."
            parent = sections[s.parent]
            assert parent.label == s.label.split(".")[0] + "." and parent.level == s.level - 1
        elif s.parent is not None:
            assert sections[s.parent].parent is None and re.fullmatch(r"\d+\.", s.label)
    assert any(s.label.count(".") == 2 for s in sections)
    # a section whose numbered paragraphs are long sentences holds them as a list, not headings
    numbered_prose = [p for p in paras if not p.is_heading and re.match(r"\d\. ", p.text)]
    assert len(numbered_prose) >= 3 and all(len(p.text) > 250 for p in numbered_prose)
    assert all(p.text.startswith("(") or not p.is_heading for p in paras if p.text.startswith("("))


def test_seed_002_parts_hold_the_roman_sections_and_take_their_titles():
    sections, paras = _seed_outline("002")
    top = [s for s in sections if s.parent is None]
    assert top and all(s.label.upper().startswith("PHẦN") for s in top)
    titled = [s for s in top if len(s.heading) > len(s.label) + 10]
    assert titled and all(s.heading.upper() == s.heading for s in titled)
    romans = [s for s in sections if re.fullmatch(r"[IVX]+\.", s.label)]
    assert romans and all(sections[s.parent].label.upper().startswith("PHẦN") for s in romans)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_outline_is_consistent(prefix):
    from ingest.readers import read_file

    raw = read_file(seed_path(prefix))
    nonblank = sum(1 for b in raw.blocks if b.text.strip())
    sections, paras = _seed_outline(prefix)
    assert nonblank / 8 <= len(paras) <= nonblank
    assert [p.index for p in paras] == list(range(len(paras)))
    assert [s.index for s in sections] == list(range(len(sections)))
    headings = [p for p in paras if p.is_heading]
    assert [p.section for p in headings] == list(range(len(sections)))
    for s in sections:
        assert s.path[-1] == s.heading
        assert (s.parent is None and s.level == 0) or (sections[s.parent].path == s.path[:-1] and s.level == len(s.path) - 1)
    first = headings[0].index
    assert all(p.section is None for p in paras[:first]) and all(p.section is not None for p in paras[first:])
    assert 3 <= len(sections) <= len(paras) / 2
