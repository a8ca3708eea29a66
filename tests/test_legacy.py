"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): tables, detection, conversion, and the readers using them.

Sentences are made up (fictional xã Phú Lâm); legacy bytes are typed by hand where the
test is about the table itself, and produced by ingest.text.legacy.from_unicode (the inverse
table) for round trips.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.pipeline import parse_document
from ingest.readers import read_file
from ingest.text import legacy
from ingest.text.legacy import (
    TCVN3,
    VNI,
    convert_lines,
    detect_legacy,
    font_encoding,
    from_unicode,
    is_syllable,
    modern_tone_marks,
    restore_lost_u_horn,
    tcvn3_to_unicode,
    to_unicode,
    vni_to_unicode,
)

SENTENCES = [
    "Ban Chỉ đạo xã Phú Lâm họp phiên thường kỳ tháng 3 năm 2024.",
    "Tổng số hộ nghèo giảm còn 112 hộ, tỷ lệ hộ nghèo còn 2,15%.",
    "Đường giao thông nông thôn được bê tông hóa đạt 95,4%, vượt kế hoạch huyện giao.",
    "Thu ngân sách trên địa bàn đạt 3.250 triệu đồng, bằng 108% dự toán năm.",
    "Tiếp tục triển khai Kế hoạch số 15/KH-UBND ngày 10/01/2024 về chuyển đổi số.",
    "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo được thực hiện đúng quy định.",
    "ĐẢNG ỦY XÃ PHÚ LÂM",
    "NGHỊ QUYẾT VỀ NHIỆM VỤ TRỌNG TÂM NĂM 2024",
]

_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def vietnamese_letters() -> set[str]:
    """The 134 Vietnamese letters beyond ASCII: 12 vowels x 6 tones (less the 12 plain ASCII ones) + đ/Đ."""
    vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    lower = {unicodedata.normalize("NFC", v + t) for v in vowels for t in _TONES} - set("aeiouy") | {"đ"}
    return lower | {ch.upper() for ch in lower}


# ---- the tables ------------------------------------------------------------------------


def test_the_issue_example():
    assert to_unicode("Uû ban nh©n d©n", TCVN3) == "Ủy ban nhân dân"
    assert detect_legacy("Uû ban nh©n d©n") == TCVN3


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("B¸o c¸o t×nh h×nh kinh tÕ - x· héi", "Báo cáo tình hình kinh tế - xã hội"),
        ("Tr­êng mÇm non Phó L©m", "Trường mầm non Phú Lâm"),
        ("n¨m häc míi, ®¹t chuÈn quèc gia", "năm học mới, đạt chuẩn quốc gia"),
        ("¡n uèng, ¢m nh¹c, £-®a, ¤ t«, ¥n huÖ, ¦u tiªn, §ång ý", "Ăn uống, Âm nhạc, Ê-đa, Ô tô, Ơn huệ, Ưu tiên, Đồng ý"),
    ],
)
def test_tcvn3_typed_by_hand(typed, expected):
    assert to_unicode(typed, TCVN3) == expected


def test_tcvn3_capitals_font_shows_lower_case_codes_as_capitals():
    assert tcvn3_to_unicode("b¸o c¸o kÕt qu¶", upper=True) == "BÁO CÁO KẾT QUẢ"
    # typed in the ordinary font with Caps Lock: the toned letters have no capital codes
    assert to_unicode("§¶NG ñY X· PHó L¢M", TCVN3) == "ĐẢNG ỦY XÃ PHÚ LÂM"
    assert to_unicode("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", TCVN3) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert to_unicode("Sè: 15/KH-UBND", TCVN3) == "Số: 15/KH-UBND"  # a capital word, not a capitals line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Uûy ban nhaân daân xaõ Phuù Laâm", "Ủy ban nhân dân xã Phú Lâm"),
        ("Tröôøng maàm non ñaït chuaån quoác gia", "Trường mầm non đạt chuẩn quốc gia"),
        ("ÑAÛNG UÛY XAÕ", "ĐẢNG ỦY XÃ"),
        ("naêm hoïc môùi, kyø hoïp thöù ba", "năm học mới, kỳ họp thứ ba"),
        ("chæ tieâu, tæ leä, dòch vuï, bò ñoäng, möïc nöôùc", "chỉ tiêu, tỉ lệ, dịch vụ, bị động, mực nước"),
    ],
)
def test_vni_typed_by_hand(typed, expected):
    assert to_unicode(typed, VNI) == expected


def test_every_vietnamese_letter_has_a_code():
    letters = vietnamese_letters()
    assert len(letters) == 134
    lower = {ch for ch in letters if ch.islower()}
    tcvn3 = set(legacy.TCVN3_TO_UNICODE.values())
    assert lower <= tcvn3  # capitals with tone marks have no TCVN3 code
    assert len(legacy.TCVN3_TO_UNICODE) == len(tcvn3) == 67 + 7  # + Ă Â Ê Ô Ơ Ư Đ
    assert all(0xA1 <= code <= 0xFE for code in legacy.TCVN3_TO_UNICODE)
    assert letters <= set(legacy.UNICODE_TO_VNI)
    for letter in letters:
        encoded = legacy.UNICODE_TO_VNI[letter]
        assert all(ord(ch) <= 0xFF for ch in encoded) and vni_to_unicode(encoded) == letter


# ---- round trips and detection -----------------------------------------------------------


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_round_trip_of_written_sentences(encoding):
    text = "\n".join(SENTENCES)
    typed = from_unicode(text, encoding)
    assert typed != text and all(ord(ch) <= 0xFF for ch in typed)
    assert detect_legacy(typed) == encoding
    lines, found = convert_lines(typed.split("\n"))
    assert found == encoding
    assert lines == [modern_tone_marks(s) for s in SENTENCES]


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_round_trip_of_a_real_report(encoding):
    from tests.conftest import seed_path

    text = unicodedata.normalize("NFC", seed_path("004").read_text(encoding="utf-8")).replace("\u00a0", " ")
    lines, found = convert_lines(from_unicode(text, encoding).split("\n"))
    assert found == encoding
    expected = modern_tone_marks(text).split("\n")
    if encoding == TCVN3:  # sentence-initial capitals with tone marks come back in lower case
        lines, expected = [x.lower() for x in lines], [x.lower() for x in expected]
    assert lines == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ủy ban nhân dân xã Phú Lâm báo cáo kết quả quý I.",
        "Hòa Bình, ngày 5 tháng 3 năm 2024",  # Unicode with Latin-1 letters only
        "Café crème, déjà vu, Müller, São Paulo",
        "UBND xa Phu Lam bao cao (khong dau)",
        "",
    ],
)
def test_unicode_text_is_not_legacy(text):
    assert detect_legacy(text) is None
    assert convert_lines(text.split("\n")) == (text.split("\n"), None)


def test_only_the_pasted_legacy_lines_are_converted():
    lines = ["Hòa Bình, ngày 5 tháng 3 năm 2024", from_unicode(SENTENCES[1], TCVN3), "Trần Văn Bình"]
    out, found = convert_lines(lines)
    assert found == TCVN3
    assert out == ["Hòa Bình, ngày 5 tháng 3 năm 2024", SENTENCES[1], "Trần Văn Bình"]


def test_syllables():
    for word in ["nhân", "Ủy", "NGHIÊNG", "quốc", "giữa", "khuya", "thuở", "oanh", "huỳnh"]:
        assert is_syllable(word), word
    for word in ["nh©n", "Uû", "phÝ", "đơng", "bỡnh", "Café", "aaa"]:
        assert not is_syllable(word), word


def test_modern_tone_marks():
    old_style = "Uỷ ban, hoà giải, khoẻ mạnh, thuỷ lợi, HOÀ BÌNH"
    assert modern_tone_marks(old_style) == "Ủy ban, hòa giải, khỏe mạnh, thủy lợi, HÒA BÌNH"
    unchanged = "quý, quà, hoàn thành, thuyền, khoảng, xoá bỏ"
    assert modern_tone_marks(unchanged) == unchanged.replace("xoá", "xóa")


def test_lost_u_horn_restored():
    typed_without_ad = from_unicode("Đường giao thông được bê tông, 12.345 người, hai mươi, hướng dẫn", TCVN3)
    converted = to_unicode(typed_without_ad.replace("\u00ad", ""), TCVN3)
    assert converted == "Đờng giao thông đợc bê tông, 12.345 ngời, hai mơi, hớng dẫn"
    assert restore_lost_u_horn(converted) == "Đường giao thông được bê tông, 12.345 người, hai mươi, hướng dẫn"
    kept = "mời họp, hơn nữa, lớp học, thời gian"
    assert restore_lost_u_horn(kept) == kept


@pytest.mark.parametrize(
    ("font", "expected"),
    [(".VnTime", (TCVN3, False)), (".VnTimeH", (TCVN3, True)), (".VnArial NarrowH", (TCVN3, True)),
     ("VNI-Times", (VNI, False)), ("VNI-Helve", (VNI, False)), ("Times New Roman", (None, False)), (None, (None, False))],
)
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


# ---- readers --------------------------------------------------------------------------------


def _cp1258(text: str) -> bytes:
    """cp1258 bytes as Vietnamese Windows writes them: a base letter from the code page + a combining tone."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES[1:]))
            out += base.encode("cp1258") + "".join(c for c in decomposed if c in _TONES[1:]).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_txt_in_legacy_bytes(tmp_path, encoding):
    path = tmp_path / f"bao_cao_{encoding}.txt"
    path.write_bytes(from_unicode("\n".join(SENTENCES[:4]), encoding).encode("latin-1"))
    doc = read_file(path)
    assert doc.encoding == encoding
    assert [b.text for b in doc.blocks] == [modern_tone_marks(s) for s in SENTENCES[:4]]
    assert doc.warnings == (legacy.converted_warning(encoding),) and "Unicode" in doc.warnings[0]


def test_txt_in_cp1258_is_still_cp1258(tmp_path):
    path = tmp_path / "cp1258.txt"
    path.write_bytes(_cp1258("\n".join(SENTENCES[:3])))
    doc = read_file(path)
    assert doc.encoding == "cp1258" and [b.text for b in doc.blocks] == SENTENCES[:3] and not doc.warnings


def test_utf8_txt_with_a_pasted_tcvn3_paragraph(tmp_path):
    path = tmp_path / "dan.txt"
    path.write_text(f"{SENTENCES[0]}\n\n{from_unicode(SENTENCES[3], TCVN3)}\n", encoding="utf-8")
    doc = read_file(path)
    assert doc.encoding == "utf-8+tcvn3"
    assert [b.text for b in doc.blocks if b.text] == [SENTENCES[0], SENTENCES[3]]


def _docx(path: Path, paragraphs: list[tuple[str, str | None]], normal_font: str | None = None,
          cell: tuple[str, str | None] | None = None, soft_hyphen_run: tuple[str, str] | None = None) -> Path:
    """A .docx whose paragraphs are (text, run font) pairs; optionally a Normal-style font and a table cell."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def set_font(run, font):
        run.font.name = font
        run._element.get_or_add_rPr().rFonts.set(qn("w:hAnsi"), font)

    document = docx.Document()
    if normal_font:
        style = document.styles["Normal"]
        style.font.name = normal_font
        style.element.rPr.rFonts.set(qn("w:hAnsi"), normal_font)
    for text, font in paragraphs:
        run = document.add_paragraph().add_run(text)
        if font:
            set_font(run, font)
    if soft_hyphen_run:  # Word/LibreOffice store TCVN3's "ư" (0xAD) as an optional hyphen element
        before, after = soft_hyphen_run
        paragraph = document.add_paragraph()
        run = paragraph.add_run(before)
        set_font(run, ".VnTime")
        run._element.append(OxmlElement("w:softHyphen"))
        tail = OxmlElement("w:t")
        tail.text = after
        run._element.append(tail)
    if cell:
        table = document.add_table(rows=1, cols=2)
        run = table.rows[0].cells[0].paragraphs[0].add_run(cell[0])
        if cell[1]:
            set_font(run, cell[1])
        table.rows[0].cells[1].text = "112"
    document.save(str(path))
    return path


def test_docx_runs_in_legacy_fonts(tmp_path):
    path = _docx(
        tmp_path / "phong_cu.docx",
        [(from_unicode("ỦY BAN NHÂN DÂN XÃ PHÚ LÂM", TCVN3), ".VnTimeH"),
         ("Uû ban nh©n d©n x· b¸o c¸o: ", ".VnTime"),
         (from_unicode(SENTENCES[3], VNI), "VNI-Times"),
         ("Hòa Bình, ngày 5 tháng 3 năm 2024", "Times New Roman")],
        cell=(from_unicode("Số hộ nghèo", TCVN3), ".VnTime"),
        soft_hyphen_run=("®", "êng giao th«ng"),
    )
    doc = read_file(path)
    texts = [b.text for b in doc.blocks if b.text]
    assert texts == ["ỦY BAN NHÂN DÂN XÃ PHÚ LÂM", "Ủy ban nhân dân xã báo cáo:", SENTENCES[3],
                     "Hòa Bình, ngày 5 tháng 3 năm 2024", "đường giao thông"]
    assert [b.table for b in doc.blocks if b.table] == [(("Số hộ nghèo", "112"),)]
    assert doc.encoding == "tcvn3+vni" and len(doc.warnings) == 2


def test_docx_font_from_the_normal_style(tmp_path):
    path = _docx(tmp_path / "kieu.docx", [(from_unicode(SENTENCES[1], TCVN3), None)], normal_font=".VnTime")
    assert [b.text for b in read_file(path).blocks if b.text] == [SENTENCES[1]]


def test_unicode_typed_in_a_legacy_font_is_left_alone(tmp_path):
    path = _docx(tmp_path / "go_unicode.docx", [(SENTENCES[1], None), ("Hòa Bình, ngày 5 tháng 3", None)],
                 normal_font=".VnTime")
    doc = read_file(path)
    assert [b.text for b in doc.blocks if b.text] == [SENTENCES[1], "Hòa Bình, ngày 5 tháng 3"]
    assert doc.encoding is None and not doc.warnings


def test_docx_without_legacy_fonts_is_detected_by_its_text(tmp_path):
    path = _docx(tmp_path / "mat_phong.docx",
                 [(from_unicode(s, VNI), "Arial") for s in SENTENCES[:3]],
                 cell=(from_unicode("Số hộ nghèo", VNI), None))
    doc = read_file(path)
    assert [b.text for b in doc.blocks if b.text] == [modern_tone_marks(s) for s in SENTENCES[:3]]
    assert [b.table for b in doc.blocks if b.table] == [(("Số hộ nghèo", "112"),)]
    assert doc.encoding == VNI


def test_unicode_docx_is_untouched(tmp_path):
    path = _docx(tmp_path / "moi.docx", [(s, "Times New Roman") for s in SENTENCES[:3]] + [("Hòa Bình", None)])
    doc = read_file(path)
    assert [b.text for b in doc.blocks if b.text] == SENTENCES[:3] + ["Hòa Bình"]
    assert doc.encoding is None and not doc.warnings


def test_legacy_docx_end_to_end_gives_figures(tmp_path):
    report = ["BÁO CÁO", "Kết quả quý I năm 2024", "I. TÌNH HÌNH CHUNG",
              "Dân số toàn xã có 12.345 người, tổng số hộ nghèo giảm còn 112 hộ."]
    path = _docx(tmp_path / "bao_cao.docx", [(from_unicode(x, TCVN3), ".VnTimeH" if x.isupper() else ".VnTime")
                                             for x in report])
    parsed = parse_document(path)
    assert [p.text for p in parsed.paragraphs] == report
    people = [f for _, f in parsed.figures if f.value == 12345]
    assert people and people[0].unit == "người"
