"""Question analysis on questions written for these tests (fictional communes)."""
from __future__ import annotations

from knowledge.qa.question import analyse, find_communes
from knowledge.qa.shorthand import spell_out
from knowledge.qa.terms import content_terms

KNOWN = ["Tân Phong", "Hòa Bình", "Cẩm Giang"]


def _asks(text: str) -> list[tuple[str, str]]:
    return [(a.kind, a.target) for a in analyse(text, KNOWN).asks]


def test_intents():
    assert analyse("xa tan phong co bao nhieu dang vien?", KNOWN).intent == "figure"
    assert analyse("Theo kế hoạch nào của Huyện ủy?", KNOWN).intent == "directive"
    assert analyse("nghi quyet 12/NQ-HDND ban hanh ngay nao?", KNOWN).intent == "directive"
    assert analyse("Tân Phong và Hòa Bình, xã nào đông dân hơn?", KNOWN).intent == "multi"
    assert analyse("Xã Tân Phong còn những khó khăn gì?", KNOWN).intent == "passage"
    assert analyse("UBND xã có ban hành văn bản nào không?", KNOWN).intent == "passage"
    assert analyse("Báo cáo quý I do ai ký?", KNOWN).intent == "signer"
    assert analyse("Báo cáo này gửi đến những cơ quan nào?", KNOWN).intent == "recipients"
    assert analyse("Chủ tịch UBND xã Tân Phong là ai?", KNOWN).intent == "post"
    assert analyse("số đảng viên tăng bao nhiêu so với năm 2025?", KNOWN).intent == "change"
    assert analyse("Báo cáo của Ban chỉ đạo đề ngày tháng năm nào?", KNOWN).intent == "report_date"


def test_communes_with_and_without_diacritics_and_out_of_reach():
    assert find_communes("dân số xã Tân Phong", KNOWN) == ["Tân Phong"]
    assert find_communes("dan so xa tan phong va hoa binh", KNOWN) == ["Tân Phong", "Hòa Bình"]
    assert find_communes("xã Cẩm Giàng có bao nhiêu thôn", KNOWN) == []  # another commune spelled alike
    assert analyse("Dân số xã Hòa Bình?", KNOWN, reach=["Tân Phong"]).foreign == ("Hòa Bình",)
    assert analyse("Dân số xã Bình Minh là bao nhiêu?", KNOWN).foreign == ("Bình Minh",)
    assert analyse("Xã Bình Minh có mấy thôn?", KNOWN).foreign == ("Bình Minh",)
    # a verb after "xã" is no commune, whatever its first letter ("đăng", "đi" are small letters)
    assert analyse("Trang thông tin điện tử của xã đăng bao nhiêu tin, bài?", KNOWN).foreign == ()
    assert analyse("Trung tâm Phục vụ hành chính công xã đi vào hoạt động từ ngày nào?", KNOWN).foreign == ()


def test_a_compound_is_one_term_though_a_syllable_folds_to_a_filler():
    terms = content_terms("Chế độ đối với bộ phận một cửa")
    assert {"che do", "mot cua", "bo phan"} <= terms and "che" not in terms
    assert "che" not in content_terms("cơ chế một cửa")  # "chế" of "cơ chế" says nothing of "chế độ"


def test_compound_asks_each_with_its_noun():
    assert _asks("Xã Tân Phong ban hành bao nhiêu nghị quyết và bao nhiêu kế hoạch?") == [
        ("count", "nghi quyet"), ("count", "ke hoach")]
    assert _asks("Ban chỉ đạo gồm mấy người, ai làm trưởng ban?") == [("count", "nguoi"), ("who", "")]
    # the counted noun keeps its qualifiers: a figure counting "hồ sơ" may answer it, the checks decide
    assert _asks("Số hồ sơ tiếp nhận trực tiếp là bao nhiêu, chiếm mấy phần trăm?") == [
        ("count", "ho so tiep nhan truc tiep"), ("percent", "%")]
    # one rate asked across a comma is one ask
    assert _asks("tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến đạt bao nhiêu?") == [("percent", "%")]
    # an abbreviated noun is spelled out for matching units
    assert _asks("Có bao nhiêu TTHC thuộc thẩm quyền?") == [("count", "thu tuc hanh chinh thuoc tham quyen")]


def test_kinds_of_ask():
    assert _asks("DVC trực tuyến mức độ mấy?") == [("ordinal", "muc do")]
    assert _asks("Đại hội tổ chức khi nào?") == [("date", "")]
    assert _asks("số liệu tính từ ngày nào đến ngày nào?") == [("range", "")]
    assert _asks("các cơ quan giúp việc gồm những cơ quan nào?") == [("list", "")]
    assert _asks("Mức độ hài lòng của người dân đạt bao nhiêu?") == [("percent", "%")]
    assert _asks("người dân đóng góp xây dựng ntm bao nhiêu tiền?") == [("count", "dong")]  # an amount
    assert _asks("năng suất lúa vụ chiêm xuân được bao nhiêu tạ/ha?") == [("count", "ta/ha")]  # "chiêm" no "chiếm"
    # "máy" (machine) typed without diacritics is not "mấy"
    assert _asks("xa con thieu may in khong") == [("yesno", "")]


def test_each_item_of_a_list_is_its_own_ask():
    asks = analyse("Đảng ủy, HĐND, UBND mỗi nơi tổ chức bao nhiêu hội nghị?", KNOWN).asks
    assert len(asks) == 3 and all(a.target == "hoi nghi" for a in asks)
    assert [("hoi dong" in a.terms) for a in asks] == [False, True, False]  # HĐND by its words


def test_new_is_not_each():
    assert "moi" in analyse("kết nạp bao nhiêu đảng viên mới?", KNOWN).asks[0].words.split()
    assert "moi" not in analyse("mỗi thôn có bao nhiêu hộ?", KNOWN).asks[0].words.split()
    assert "moi" not in analyse("moi thon co bao nhieu ho?", KNOWN).asks[0].words.split()


def test_exclusions_and_periods():
    q = analyse("Năm 2022 có mấy cán bộ (không kể công chức) hoàn thành tốt nhiệm vụ?", KNOWN)
    assert q.period.kind == "year" and q.period.start == "2022-01-01"
    assert q.asks[0].excluded == {"cong", "chuc"} and "can" in q.asks[0].terms
    assert analyse("dân số hiện nay là bao nhiêu?", KNOWN).latest


def test_chat_shorthands_are_spelled_out():
    # a question typed without diacritics stays without: its commune names are matched folded
    assert spell_out("so dv moi 6t dau nam q1 kim tan") == "so dang vien moi 6 thang dau nam quy i kim tan"
    assert spell_out("Số đv mới q1, bn?") == "Số đảng viên mới quý I, bao nhiêu?"
    assert spell_out("tong thu ngan sach q1/2026, HS qua han?") == "tong thu ngan sach quy i/2026, ho so qua han?"
    assert spell_out("nhiệm vụ quý 2") == "nhiệm vụ quý II"  # as the reports write it
    assert spell_out("báo cáo 21/BC-UBND") == "báo cáo 21/BC-UBND"  # a symbol is no shorthand
    q = analyse("tong thu ngan sach q1/2026", KNOWN)
    assert [(a.kind, a.target) for a in q.asks] == [("count", "dong")] and q.period.kind == "quarter"
    assert analyse("ai ky bc 6 thang", KNOWN).symbols == ()  # a report of 6 months, not report number 6
    assert analyse("bc 21 ngay nao", KNOWN).symbols == ("bao cao 21",)


def test_a_measure_named_first_is_what_is_counted_and_satisfaction_is_a_rate():
    def asked(text: str) -> list[tuple[str, str]]:
        return [(a.kind, a.target) for a in analyse(text, []).asks]

    assert asked("hs tthc nop truc tuyen 9 thang bn") == [("count", "ho so")]  # not money for "nộp"
    assert asked("Hồ sơ hộ tịch nộp online được bao nhiêu?") == [("count", "ho so")]
    assert asked("nộp ngân sách bao nhiêu") == [("count", "dong")]
    assert asked("chỉ tiêu kết nạp đảng viên năm 2025 là bao nhiêu?")[0][1] != "chi tieu"  # a target asked
    assert asked("Người dân hài lòng với việc giải quyết thủ tục ở xã tới mức nào?") == [("percent", "%")]
    assert asked("người dân hài lòng đạt bao nhiêu") == [("percent", "%")]


def test_the_day_of_a_directive_asked_any_way():
    for text in ("Công văn 1865 của tỉnh đề ngày mấy?", "nghị quyết 57 ban hành khi nào", "kh 45 ngay may"):
        assert analyse(text, []).intent == "directive", text


def test_dieu_gi_asks_what_not_which_article():
    assert analyse("UBND xã đề nghị Sở Nội vụ điều gì?", []).asks[0].kind == "text"
    assert analyse("theo Điều mấy của Luật?", []).asks[0].kind == "ordinal"


def test_a_unit_opening_with_a_stop_word_is_kept_whole_and_a_who_lends_its_subject():
    assert [(a.kind, a.target) for a in analyse("được bao nhiêu tài khoản?", []).asks] == [("count", "tai khoan")]
    assert analyse("bao nhiêu hộ tại thôn Gò Dài", []).asks[0].target == "ho"
    who, count = analyse("Ai phụ trách kích hoạt định danh điện tử, được bao nhiêu tài khoản?", []).asks
    assert who.kind == "who" and count.kind == "count" and "dinh danh" in count.terms
