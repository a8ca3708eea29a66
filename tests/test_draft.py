"""Section drafting: the seeds' "Đặc điểm tình hình" figures with their sources, the latest
value of each measure, the commune's own wording per kind and topic, grounding and polish.

Phú Lâm below is a fictional commune with two reports: an older Party report (15/12/2025)
and a newer People's Committee report (18/6/2026).
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from knowledge import prompts
from knowledge.drafting.draft import draft_section
from knowledge.drafting.grounding import ground
from knowledge.drafting.kinds import DraftError, classify_heading, parse_section
from knowledge.drafting.measures import period_end
from knowledge.drafting.result import DraftSentence, SourceRef
from knowledge.qa.grounding import ungrounded
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db
from tests.conftest import seed_path

OLD = """ĐẢNG BỘ TỈNH HƯNG YÊN
ĐẢNG ỦY XÃ PHÚ LÂM
Số 30-BC/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM
Phú Lâm, ngày 15 tháng 12 năm 2025

BÁO CÁO
tổng kết công tác năm 2025, nhiệm vụ năm 2026

I. ĐẶC ĐIỂM TÌNH HÌNH

Xã Phú Lâm được thành lập theo Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã. Xã có diện tích tự nhiên 18,42 km², dân số 21.300 người với 6.015 hộ, được chia thành 14 thôn.

Đến ngày 30/11/2025, Đảng bộ có 905 đảng viên sinh hoạt tại 27 chi bộ trực thuộc, gồm 14 chi bộ thôn và 13 chi bộ cơ quan, trường học.

II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ

1. Cải cách hành chính

Thực hiện Kế hoạch số 35/KH-UBND ngày 08/01/2025 của UBND tỉnh Hưng Yên về cải cách hành chính năm 2025, Trung tâm Phục vụ hành chính công xã đã tiếp nhận 3.120 hồ sơ, trong đó 2.884 hồ sơ nộp trực tuyến, đạt 92,4%.

2. Chuyển đổi số

Toàn xã có 14 tổ công nghệ số cộng đồng; các thôn đều có nhóm Zalo để thông tin đến người dân.

III. TỒN TẠI, HẠN CHẾ

- Còn 12 hồ sơ đất đai giải quyết quá hạn do thiếu công chức địa chính.

IV. NHIỆM VỤ, GIẢI PHÁP NĂM 2026

1. Nâng tỷ lệ hồ sơ nộp trực tuyến lên trên 95%.

2. Hoàn thành số hóa hồ sơ đất đai của 14/14 thôn.

V. ĐỀ XUẤT, KIẾN NGHỊ

Đề nghị UBND tỉnh bố trí thêm 01 biên chế công chức địa chính cho xã.

Nơi nhận:
- Ban Tổ chức Tỉnh ủy;
- Lưu VPĐU.

T/M ĐẢNG ỦY
BÍ THƯ
Nguyễn Văn An
"""

NEW = """ỦY BAN NHÂN DÂN
XÃ PHÚ LÂM
Số: 52/BC-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Lâm, ngày 18 tháng 6 năm 2026

BÁO CÁO
Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2026

I. ĐẶC ĐIỂM TÌNH HÌNH

Xã Phú Lâm có diện tích tự nhiên 18,42 km², gồm 14 thôn; dân số tính đến ngày 31/5/2026 là 21.640 người.

II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026

1. Cải cách hành chính

Thực hiện Kế hoạch số 41/KH-UBND ngày 06/01/2026 của UBND tỉnh Hưng Yên về cải cách hành chính năm 2026, Trung tâm Phục vụ hành chính công xã đã tiếp nhận 1.987 hồ sơ, trong đó 1.905 hồ sơ nộp trực tuyến, đạt 95,9%.

Biểu 1: KẾT QUẢ GIẢI QUYẾT HỒ SƠ
Lĩnh vực\tTiếp nhận\tTrực tuyến\tĐúng hạn
Hộ tịch\t812\t790\t805
Đất đai\t301\t262\t288

2. Chuyển đổi số

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, xã đã cấp 9.850 tài khoản định danh điện tử mức độ 2.

III. ĐÁNH GIÁ CHUNG

1. Ưu điểm

Bộ máy vận hành thông suốt, phục vụ người dân kịp thời.

2. Tồn tại, hạn chế

Tỷ lệ thanh toán trực tuyến mới đạt 38%, chưa đạt chỉ tiêu của tỉnh.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""


def build_phu_lam(folder: Path):
    """A knowledge base holding Phú Lâm's two reports; returns (db, {"old": id, "new": id})."""
    db = open_db(folder / "troly.db")
    ids = {}
    for name, text in (("old", OLD), ("new", NEW)):
        path = folder / f"phu_lam_{name}.txt"
        path.write_text(text, encoding="utf-8")
        outcome = ingest_file(db, path, max_bytes=10**7, commune="Phú Lâm")
        assert outcome.status == "added", outcome.message
        ids[name] = outcome.doc_id
    return db, ids


@pytest.fixture
def phu_lam(tmp_path):
    return build_phu_lam(tmp_path)


def _sentence_with(draft, raw: str):
    return next(s for s in draft.sentences if raw in s.text)


# ---------------------------------------------------------------- the seeds

@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("seeds") / "kb.db")
    ids = {}
    for prefix in ("000", "001", "002", "003", "004"):
        outcome = ingest_file(db, seed_path(prefix), max_bytes=10**8)
        assert outcome.status == "added"
        ids[prefix] = outcome.doc_id
    return db, ids


# What each seed's "Đặc điểm tình hình" states (read from the seeds): measure -> (raw, value).
SEED_FACTS = {
    "000": ("Cẩm Giang", {"area": ("26,64", 26.64), "population": ("34.523", 34523),
                          "party_members": ("1.280", 1280), "party_orgs": ("48", 48)}),
    "001": ("An Khánh", {"area": ("24,16", 24.16), "population": ("33.936", 33936),
                         "party_members": ("1.400", 1400), "party_orgs": ("40", 40)}),
    "002": ("Quang Minh", {}),  # states no area, population or Party figures
    "003": ("Kim Tân", {"area": ("847,9", 847.9), "population": ("10.392", 10392)}),
    "004": ("Đại Sơn", {"party_members": ("1.173", 1173), "party_orgs": ("30", 30)}),
}


@pytest.mark.parametrize("seed", sorted(SEED_FACTS))
def test_seed_dac_diem_has_the_stated_figures_with_sources(seeds_db, seed):
    db, ids = seeds_db
    commune, facts = SEED_FACTS[seed]
    draft = draft_section(db, None, "Đặc điểm tình hình", commune)
    stated = {f["measure"]: f for f in draft.figures if f["measure"]}
    assert {m: (f["raw"], f["value"]) for m, f in stated.items()
            if m in ("area", "population", "party_members", "party_orgs")} == facts
    refs = {d["doc_id"]: d["ref"] for d in draft.documents}
    for measure, (raw, _) in facts.items():
        assert stated[measure]["doc_id"] == ids[seed]
        sentence = _sentence_with(draft, raw)
        assert any(src.doc_id == ids[seed] and raw in src.quote for src in sentence.sources)
        assert f"[{refs[ids[seed]]}]" in draft.marked(sentence)  # the figure's report is named in the text
    if facts:
        assert draft.text.splitlines()[0] == "I. ĐẶC ĐIỂM TÌNH HÌNH"
        assert f"[{refs[ids[seed]]}] Báo cáo" in draft.text and seed_path(seed).name in draft.text
    else:
        assert "Chưa tìm thấy số liệu về diện tích, dân số, đảng viên" in draft.text
    for s in draft.sentences:  # nothing stated without a source that states it
        assert s.sources and not ungrounded(s.text, [x.quote for x in s.sources] + [d["reference"] for d in
                                                                                   draft.documents])


def test_seed_drafts_of_every_kind_are_sourced(seeds_db):
    db, ids = seeds_db
    for section, topic in (("ket qua", "thủ tục hành chính"), ("ton tai", None), ("nhiem vu", None),
                           ("de xuat", None)):
        draft = draft_section(db, None, section, "Quang Minh", topic=topic)
        assert draft.sentences, section
        assert all(s.sources and all(x.doc_id == ids["002"] for x in s.sources) for s in draft.sentences)
        assert "Nơi nhận" not in draft.text and "https://" not in draft.text


# ---------------------------------------------------------------- latest values, wording, directives

def test_latest_value_per_measure_with_as_of_date_and_source(phu_lam):
    db, ids = phu_lam
    draft = draft_section(db, None, "dac diem", "phu lam")
    by_measure = {f["measure"]: f for f in draft.figures if f["measure"]}
    assert {m: (f["raw"], f["doc_id"], f["as_of"]) for m, f in by_measure.items()} == {
        "area": ("18,42", ids["new"], "2026-06-18"),
        "villages": ("14", ids["new"], "2026-06-18"),
        "population": ("21.640", ids["new"], "2026-05-31"),  # "tính đến ngày 31/5/2026"
        "households": ("6.015", ids["old"], "2025-12-15"),  # only the older report states it
        "party_members": ("905", ids["old"], "2025-11-30"),
        "party_orgs": ("27", ids["old"], "2025-11-30"),
    }
    assert "21.300" not in draft.text  # the superseded population is not repeated
    party = _sentence_with(draft, "905 đảng viên")
    assert party.origin == "figures" and party.text.startswith("Đảng bộ xã Phú Lâm có 905 đảng viên, 27 chi bộ")
    assert "30/11/2025" in party.text and [x.doc_id for x in party.sources] == [ids["old"]]
    assert _sentence_with(draft, "21.640").origin == "reused"  # the newer report's own wording
    assert draft.text.index("21.640") < draft.text.index("905")
    assert [d["doc_id"] for d in draft.documents] == [ids["new"], ids["old"]]


def test_results_for_a_topic_reuse_that_topic_only(phu_lam):
    db, ids = phu_lam
    draft = draft_section(db, None, "Kết quả thực hiện", "Phú Lâm", period="6 tháng đầu năm 2026", topic="cchc")
    assert draft.blocks[0].text == "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 2026"
    assert "1.987 hồ sơ" in draft.text and "9.850" not in draft.text and "3.120" not in draft.text
    lead = draft.sentences[0]
    assert lead.origin == "lead_in" and lead.text.startswith(
        "Thực hiện Kế hoạch số 41/KH-UBND ngày 6/1/2026 của UBND tỉnh Hưng Yên về cải cách hành chính năm 2026")
    table = next(b for b in draft.blocks if b.kind == "table")
    assert table.rows[1] == ("Hộ tịch", "812", "790", "805") and table.sentences[0].sources[0].doc_id == ids["new"]
    digital = draft_section(db, None, "ket qua", "Phú Lâm", topic="chuyển đổi số")
    assert "9.850" in digital.text and "1.987" not in digital.text
    assert digital.sentences[0].text.startswith("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị "
                                                "về đột phá phát triển khoa học")
    assert "9.850" not in digital.sentences[0].text  # the subject stops before the report's own clause


def test_limitations_leave_out_strengths_and_older_reports(phu_lam):
    db, _ids = phu_lam
    draft = draft_section(db, None, "ton tai, han che", "Phú Lâm")
    assert "38%" in draft.text and "thông suốt" not in draft.text and "12 hồ sơ" not in draft.text
    tasks = draft_section(db, None, "Nhiệm vụ, giải pháp", "Phú Lâm")
    assert "trên 95%" in tasks.text and "14/14 thôn" in tasks.text
    proposals = draft_section(db, None, "kien nghi", "Phú Lâm")
    assert "01 biên chế" in proposals.text and "Nơi nhận" not in proposals.text and "Nguyễn Văn An" not in proposals.text


def test_as_dict_shape(phu_lam):
    db, _ids = phu_lam
    out = draft_section(db, None, "dac diem", "Phú Lâm").as_dict()
    assert {"text", "sentences", "figures"} <= set(out)
    assert all(set(x) == {"doc_id", "file", "section", "quote"} for s in out["sentences"] for x in s["sources"])
    assert all({"value", "unit", "label", "doc_id"} <= set(f) for f in out["figures"])
    assert out["text"].rstrip().splitlines()[-1].startswith("[2] Báo cáo số 30-BC/ĐU ngày 15/12/2025")
    json.dumps(out, ensure_ascii=False)


# ---------------------------------------------------------------- grounding and polish

def _templates(tmp_path: Path, edit: tuple[str, str, str] | None = None) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(prompts.PROMPTS_DIR, folder)
    if edit:
        name, old, new = edit
        path = folder / f"{name}.txt"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_invented_number_is_dropped_and_logged(phu_lam, tmp_path, caplog):
    db, _ = phu_lam
    templates = _templates(tmp_path, ("draft_dac_diem_tinh_hinh", "Đảng bộ xã {commune} có {items} ({as_of}).",
                                      "Đảng bộ xã {commune} có {items}, tăng 4.321 đảng viên so với cùng kỳ ({as_of})."))
    with caplog.at_level(logging.WARNING, logger="knowledge.drafting.grounding"):
        draft = draft_section(db, None, "dac diem", "Phú Lâm", templates=templates)
    assert [d["numbers"] for d in draft.dropped] == [["4.321"]]
    assert "4.321" not in draft.text and "905" not in draft.text
    assert "21.640" in draft.text and "6.015" in draft.text  # the other sentences stand
    assert any("dropped" in r.message and "4.321" in r.message for r in caplog.records)
    plain = draft_section(db, None, "dac diem", "Phú Lâm", templates=_templates(tmp_path / "plain"))
    assert plain.dropped == () and "905" in plain.text


def test_ground_checks_each_sentence_against_its_own_sources():
    src = SourceRef("d1", "a.txt", "I.", "Xã có 905 đảng viên.")
    kept, dropped = ground([DraftSentence("Xã có 905 đảng viên.", (src,)),
                            DraftSentence("Xã có 950 đảng viên.", (src,)),
                            DraftSentence("Có 3 điểm mới.", ())], {})
    assert [s.text for s in kept] == ["Xã có 905 đảng viên."]
    assert [d["numbers"] for d in dropped] == [["950"], ["3"]]


def test_missing_template_variable_is_an_error(phu_lam, tmp_path):
    db, _ = phu_lam
    templates = _templates(tmp_path, ("draft_dac_diem_tinh_hinh", "Xã {commune} có {items} ({as_of}).",
                                      "Xã {commune} có {items} ({as_of}), {province}."))
    with pytest.raises(prompts.MissingVariable, match="province"):
        draft_section(db, None, "dac diem", "Phú Lâm", templates=templates)


def _sentence_of(prompt: str) -> str:
    return prompt.split("Câu gốc:\n", 1)[1].split("\n", 1)[0]


def test_polish_is_checked_like_the_draft(phu_lam):
    db, _ = phu_lam
    polished = draft_section(db, None, "dac diem", "Phú Lâm", polish=lambda p: "Nhìn chung, " + _sentence_of(p))
    assert all(s.text.startswith("Nhìn chung, ") for s in polished.sentences)
    inventing = draft_section(db, None, "dac diem", "Phú Lâm",
                              polish=lambda p: _sentence_of(p).rstrip(".") + ", tăng 7% so với năm trước.")
    plain = draft_section(db, None, "dac diem", "Phú Lâm")
    assert [s.text for s in inventing.sentences] == [s.text for s in plain.sentences]
    dropping = draft_section(db, None, "dac diem", "Phú Lâm", polish=lambda p: "Xã phát triển ổn định.")
    assert [s.text for s in dropping.sentences] == [s.text for s in plain.sentences]

    def broken(prompt: str) -> str:
        raise TimeoutError("model down")
    assert [s.text for s in draft_section(db, None, "dac diem", "Phú Lâm", polish=broken).sentences] == \
        [s.text for s in plain.sentences]


# ---------------------------------------------------------------- names and errors

@pytest.mark.parametrize("typed, key", [
    ("Đặc điểm tình hình", "dac_diem"), ("dac diem tinh hinh", "dac_diem"), ("đặc điểm", "dac_diem"),
    ("Kết quả thực hiện", "ket_qua"), ("ket qua", "ket_qua"), ("Tồn tại, hạn chế, nguyên nhân", "ton_tai"),
    ("ton tai han che", "ton_tai"), ("han che", "ton_tai"), ("Nhiệm vụ, giải pháp", "nhiem_vu"),
    ("nhiem vu", "nhiem_vu"), ("Đề xuất, kiến nghị", "de_xuat"), ("kien nghi", "de_xuat"),
])
def test_section_names(typed, key):
    assert parse_section(typed).key == key


def test_unknown_section_and_commune(phu_lam):
    db, _ = phu_lam
    with pytest.raises(DraftError, match="Các phần soạn được"):
        parse_section("mục lục")
    with pytest.raises(DraftError, match="Chưa có báo cáo nào của xã «Hòa Bình»"):
        draft_section(db, None, "dac diem", "Hòa Bình")


def test_ambiguous_commune_lists_the_candidates(phu_lam, tmp_path):
    db, _ = phu_lam
    other = tmp_path / "phu_lam_khac.txt"
    other.write_text(OLD.replace("Phú Lâm", "Phù Lâm").replace("PHÚ LÂM", "PHÙ LÂM"), encoding="utf-8")
    assert ingest_file(db, other, max_bytes=10**7, commune="Phù Lâm").status == "added"
    with pytest.raises(DraftError, match="«phu lam» có thể là: Phù Lâm, Phú Lâm"):
        draft_section(db, None, "dac diem", "phu lam")
    assert draft_section(db, None, "dac diem", "xã Phù Lâm").commune == "Phù Lâm"


@pytest.mark.parametrize("heading, label, kind", [
    ("I. ĐẶC ĐIỂM TÌNH HÌNH", "I.", "dac_diem"), ("1. Tình hình chung", "1.", "dac_diem"),
    ("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG", "II.", "ket_qua"), ("IV. TỒN TẠI, HẠN CHẾ.", "IV.", "ton_tai"),
    ("2. Hạn chế, khó khăn, vướng mắc và nguyên nhân", "2.", "ton_tai"),
    ("PHẦN THỨ HAI PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026", "PHẦN THỨ HAI", "nhiem_vu"),
    ("VI. ĐỀ XUẤT, KIẾN NGHỊ.", "VI.", "de_xuat"), ("1. Ưu điểm", "1.", "uu_diem"),
    ("7. Về công tác tiếp công dân, giải quyết khiếu nại, tố cáo, phản ánh, kiến nghị", "7.", None),
])
def test_heading_kinds(heading, label, kind):
    assert classify_heading(heading, label) == kind


@pytest.mark.parametrize("period, end", [
    ("01/7/2025–25/5/2026", "2026-05-25"), ("quý III năm 2025", "2025-09-30"), ("năm 2023", "2023-12-31"),
    ("6 tháng đầu năm 2026", "2026-06-30"), (None, None),
])
def test_period_end(period, end):
    assert period_end(period) == end


def test_cli_draft_json_and_docx(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    db, _ids = build_phu_lam(data)
    db.close()
    runner = CliRunner()
    out = tmp_path / "du_thao.docx"
    result = runner.invoke(app, ["--data-dir", str(data), "draft", "dac diem", "--commune", "phu lam", "--json",
                                 "--docx", str(out)])
    assert result.exit_code == 0, result.output
    drafted = json.loads(result.output)
    assert "21.640" in drafted["text"] and drafted["docx"] == str(out) and out.stat().st_size > 0
    assert {f["raw"] for f in drafted["figures"]} >= {"18,42", "21.640", "905"}
    text = runner.invoke(app, ["--data-dir", str(data), "draft", "Kết quả thực hiện", "--commune", "Phú Lâm",
                               "--topic", "chuyển đổi số"])
    assert text.exit_code == 0 and "9.850" in text.output and "Nguồn số liệu:" in text.output
    bad = runner.invoke(app, ["--data-dir", str(data), "draft", "dac diem", "--commune", "Hòa Bình"])
    assert bad.exit_code == 1 and "Chưa có báo cáo nào" in bad.output
