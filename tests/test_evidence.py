"""A figure's evidence chain and the checks an ask puts it through, on paragraphs written for these tests."""
from __future__ import annotations

from knowledge.qa import checks, evidence, matching, members
from knowledge.qa.question import analyse
from knowledge.qa.sentences import kind_value, part_not_said
from knowledge.store.records import DocumentRecord, FigureRecord

DOC = DocumentRecord(id="d1", file="bc.txt", source="bc.txt", commune="Tân Phong", doc_type="Báo cáo",
                     title="Báo cáo kết quả năm 2023", number="12/BC-UBND", date="2023-12-20",
                     issuer="Ủy ban nhân dân xã Tân Phong", meta_commune="Tân Phong", period="năm 2023", signer=None,
                     fmt="txt", size=1)


def _fact(paragraph: str, raw: str, unit: str | None, nth: int = 0, section=("II. KẾT QUẢ",)) -> FigureRecord:
    start = -1
    for _ in range(nth + 1):
        start = paragraph.index(raw, start + 1)
    return FigureRecord(rowid=1, doc_id="d1", seq=0, paragraph=3, section=1, start=start, end=start + len(raw),
                        paragraph_text=paragraph, section_path=tuple(section), document=DOC, value=0.0, raw=raw,
                        unit=unit, label=unit or "", sentence=paragraph)


def _ask(text: str):
    return analyse(text, ["Tân Phong"]).asks[0]


def test_clause_keeps_what_the_number_counts():
    s = "Tổng số tiếp nhận trực tiếp là: 28 hồ sơ đạt 1,77%."
    assert evidence.clause_at(s, s.index("28")) == "Tổng số tiếp nhận trực tiếp là: 28 hồ sơ đạt 1,77%"
    s = "Trung tâm tiếp nhận 2.436 hồ sơ, trong đó 2.261 hồ sơ nộp trực tuyến, đạt 92,8%."
    assert evidence.clause_at(s, s.index("92,8")) == "trong đó 2.261 hồ sơ nộp trực tuyến, đạt 92,8%"
    s = "Thu ngân sách đạt 5,9 tỷ đồng, bằng 27,4% dự toán năm (21,5 tỷ đồng)."
    assert "dự toán năm" in evidence.clause_at(s, s.index("21,5"))
    s = "Đảng ủy kiện toàn Ban chỉ đạo Đề án, nhiệm kỳ 2020-2025 (gọi tắt là Ban chỉ đạo) gồm 13 đ/c."
    assert evidence.clause_at(s, s.index("13")) == "gọi tắt là Ban chỉ đạo) gồm 13 đ/c"


def test_period_nearest_the_number_wins_and_comparisons_are_not_periods():
    p = "Năm 2021: 20 đồng chí. Năm 2022: 18 đồng chí hoàn thành tốt nhiệm vụ."
    assert evidence.build(_fact(p, "18", "đồng chí"), []).period.start == "2022-01-01"
    p = "Đến ngày 31/5/2026, có 22.416 tài khoản, tăng 886 tài khoản so với quý I; tỷ lệ thanh toán đạt 48,2%."
    ev = evidence.build(_fact(p, "48,2", "%"), [])
    assert ev.period.kind == "point" and ev.period.end == "2026-05-31"
    # a period in a quoted name or a legal basis dates no figure: the report's own period does
    p = ("Căn cứ Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2020-2025; Đảng ủy triển khai Đề án “Nâng cao chất lượng "
         "giai đoạn 2020 - 2025”, đã tổ chức 14 hội nghị.")
    ev = evidence.build(_fact(p, "14", "hội nghị"), [])
    assert ev.period_level == "document" and ev.period.start == "2023-01-01"


def test_bullet_takes_its_group_line_as_lead():
    before = [(2, 1, "* Về công chức: 05 người."), (1, 1, "- Hoàn thành tốt nhiệm vụ: 07 người"),
              (0, 1, "* Về cán bộ là: 10 người.")]
    ev = evidence.build(_fact("- Hoàn thành tốt nhiệm vụ: 03 người", "03", "người"), before)
    assert [t for level, t in ev.chain if level == "lead"][:1] == ["* Về công chức: 05 người."]
    assert checks.qualifier_failure(_ask("có mấy cán bộ hoàn thành tốt nhiệm vụ?"), ev) == "contrast"
    assert checks.qualifier_failure(_ask("có mấy công chức hoàn thành tốt nhiệm vụ?"), ev) == ""


def test_strict_qualifier_must_be_named_near_the_figure():
    ev = evidence.build(_fact("Đảng bộ có 1.156 đảng viên sinh hoạt tại 42 chi bộ.", "1.156", "đảng viên"), [])
    assert checks.qualifier_failure(_ask("Đảng bộ có bao nhiêu đảng viên nữ?"), ev) == "qualifier"
    assert checks.qualifier_failure(_ask("Đảng bộ có bao nhiêu đảng viên?"), ev) == ""
    # the sources' spelling slips still name the qualifier: "suất sắc" is "xuất sắc"
    ev = evidence.build(_fact("16 đồng chí hoàn thành suất sắc = 80%", "16", "đồng chí"), [])
    assert checks.qualifier_failure(_ask("bao nhiêu đồng chí hoàn thành xuất sắc?"), ev) == ""
    assert checks.qualifier_failure(_ask("bao nhiêu đồng chí hoàn thành tốt?"), ev) == "contrast"


def test_time_must_be_the_period_asked():
    ev = evidence.build(_fact("Năm 2025, toàn Đảng bộ kết nạp 36 đảng viên mới.", "36", "đảng viên"), [])
    assert checks.time_fit(analyse("Năm 2025 kết nạp bao nhiêu đảng viên?", []).period, ev) == 1.0
    assert checks.time_fit(analyse("Năm 2024 kết nạp bao nhiêu đảng viên?", []).period, ev) is None
    assert checks.time_fit(None, ev) == 0.0
    quarter = evidence.build(_fact("Trong quý III/2025 đã kết nạp 5 đảng viên.", "5", "đảng viên"), [])
    assert checks.time_fit(analyse("Năm 2025 kết nạp bao nhiêu?", []).period, quarter) is None  # a part is not the year
    stock = evidence.build(_fact("Đến ngày 30/11/2025, Đảng bộ có 1.156 đảng viên.", "1.156", "đảng viên"), [])
    assert checks.time_fit(analyse("Năm 2025 có bao nhiêu đảng viên?", []).period, stock) == 1.0
    # only the report's own period speaks for it: a weaker fit
    plain = evidence.build(_fact("Xã tiếp nhận 120 hồ sơ.", "120", "hồ sơ", section=()), [])
    assert checks.time_fit(analyse("Năm 2023 tiếp nhận bao nhiêu hồ sơ?", []).period, plain) == 0.5
    # asked without a year: the same months of any year
    half = evidence.build(_fact("6 tháng đầu năm đã kết nạp 17 đảng viên mới.", "17", "đảng viên"), [])
    assert checks.time_fit(analyse("6 tháng đầu năm kết nạp bao nhiêu?", []).period, half) == 1.0


def test_units_and_exclusions():
    ev = evidence.build(_fact("Công khai đầy đủ 286 TTHC thuộc thẩm quyền.", "286", "TTHC"), [])
    assert checks.unit_fits(_ask("có bao nhiêu thủ tục hành chính?"), ev)
    assert not checks.unit_fits(_ask("tỷ lệ TTHC được công khai?"), ev)  # a rate is asked, a count is stated
    ev = evidence.build(_fact("- Hồ sơ trả trước hạn là: 1.113 hồ sơ.", "1.113", "hồ sơ"), [])
    assert checks.excluded_hit(_ask("bao nhiêu hồ sơ trả đúng hạn (không tính hồ sơ trả trước hạn)?"), ev)


def test_parts_flows_and_targets_of_a_measure():
    ask = _ask("Đảng bộ có bao nhiêu đảng viên?")
    new = evidence.build(_fact("Năm 2025, toàn Đảng bộ kết nạp 36 đảng viên mới.", "36", "đảng viên"), [])
    assert checks.unasked_subset(ask, new) and not checks.unasked_subset(_ask("kết nạp bao nhiêu đảng viên mới?"), new)
    studied = evidence.build(_fact("Học tập nghị quyết về đổi mới sáng tạo cho 1.094 đảng viên.", "1.094", "đảng viên"), [])
    assert not checks.unasked_subset(ask, studied)  # "đổi mới" is no "mới"
    target = evidence.build(_fact("Kết nạp 36 đảng viên mới (chỉ tiêu 30 đảng viên).", "30", "đảng viên"), [])
    assert checks.states_target(target) and checks.qualifier_failure(_ask("kết nạp bao nhiêu đảng viên?"), target)
    assert not checks.qualifier_failure(_ask("chỉ tiêu kết nạp bao nhiêu đảng viên?"), target)


def test_a_bare_list_item_says_what_it_counts_with_the_line_introducing_it():
    before = [(0, 1, "Tổng số cán bộ, công chức xã được đánh giá, phân loại:")]
    ev = evidence.build(_fact("Năm 2024: 21 đồng chí.", "21", "đồng chí"), before)
    assert ev.clause.startswith("Tổng số cán bộ, công chức xã được đánh giá") and ev.period.start == "2024-01-01"
    ev = evidence.build(_fact("- Hoàn thành tốt nhiệm vụ: 07 người", "07", "người"), [(0, 1, "* Về cán bộ:")])
    assert ev.clause.endswith("Hoàn thành tốt nhiệm vụ: 07 người") and "cán bộ" not in ev.clause  # says it itself


def test_qualifier_members_match_longest_first():
    ask = _ask("Xã đạt chuẩn nông thôn mới nâng cao năm nào?")
    assert checks.sentence_qualifier_failure(ask, "Xã đạt chuẩn nông thôn mới năm 2018.", "I. TÌNH HÌNH")
    assert not checks.sentence_qualifier_failure(ask, "Năm 2024 xã đạt chuẩn nông thôn mới nâng cao.", "I. TÌNH HÌNH")
    plain = _ask("Xã đạt chuẩn nông thôn mới năm nào?")
    assert checks.sentence_qualifier_failure(plain, "Năm 2024 xã đạt chuẩn nông thôn mới kiểu mẫu.", "I. TÌNH HÌNH")
    assert not checks.sentence_qualifier_failure(plain, "Xã đạt chuẩn nông thôn mới năm 2018.", "I. TÌNH HÌNH")


def test_a_sentence_stating_a_target_does_not_answer_for_a_result():
    ask = _ask("Xã đạt chuẩn nông thôn mới nâng cao năm nào?")
    target = "Xã phấn đấu năm 2027 đạt chuẩn nông thôn mới nâng cao."
    assert checks.sentence_qualifier_failure(ask, target, "II. NHIỆM VỤ", "năm 2027")
    assert not checks.sentence_qualifier_failure(_ask("Xã phấn đấu đạt chuẩn nông thôn mới nâng cao năm nào?"),
                                                 target, "II. NHIỆM VỤ", "năm 2027")


def test_a_who_excerpt_keeps_the_one_acting():
    from knowledge.qa.sentences import excerpt
    long = ("Đồng chí Phó Bí thư Đảng ủy, Chủ tịch UBND xã đã phân công nhiệm vụ cho các thành viên Ban chỉ đạo; "
            + "tổ chức tuyên truyền sâu rộng trong cán bộ, đảng viên và nhân dân về các nội dung của đề án; " * 4
            + "chỉ đạo Ban chỉ đạo xây dựng Kế hoạch số 01-KH/BCĐ ngày 25/6/2025 về thực hiện đề án chuyển đổi số.")
    wanted = matching.text_terms("chỉ đạo xây dựng kế hoạch 01-KH/BCĐ")
    assert "Phó Bí thư" not in excerpt(long, wanted)  # the part most asked, and its neighbours
    said = excerpt(long, wanted, subject=True)
    assert said.startswith("Đồng chí Phó Bí thư Đảng ủy") and "Kế hoạch số 01-KH/BCĐ" in said


def test_revenue_is_no_answer_for_spending_nor_near_poor_for_poor():
    ev = evidence.build(_fact("Tổng thu ngân sách nhà nước trên địa bàn đạt 5,9 tỷ đồng.", "5,9", "tỷ đồng"), [])
    assert checks.qualifier_failure(_ask("Tổng chi ngân sách năm 2023 là bao nhiêu?"), ev) == "contrast"
    assert checks.qualifier_failure(_ask("Tổng thu ngân sách năm 2023 là bao nhiêu?"), ev) == ""
    ev = evidence.build(_fact("Toàn xã còn 41 hộ cận nghèo.", "41", "hộ"), [])
    assert checks.qualifier_failure(_ask("Xã còn bao nhiêu hộ nghèo?"), ev) == "contrast"
    assert checks.qualifier_failure(_ask("Xã còn bao nhiêu hộ cận nghèo?"), ev) == ""


def test_a_strict_qualifier_in_a_sibling_bullet_above_does_not_qualify_a_group_total():
    before = [(1, 1, "- Hoàn thành tốt nhiệm vụ: 07 người"), (0, 1, "* Về cán bộ là: 10 người.")]
    ev = evidence.build(_fact("* Về công chức, người lao động là: 05 người.", "05", "người"), before)
    assert checks.qualifier_failure(_ask("có mấy công chức hoàn thành tốt nhiệm vụ?"), ev) == "qualifier"


def test_a_limitation_asked_is_answered_by_a_limitation():
    ask = _ask("Hạ tầng công nghệ thông tin của xã còn những hạn chế gì?")
    praise = "Đảng ủy đã quan tâm rà soát, củng cố hạ tầng công nghệ thông tin."
    assert part_not_said(ask, praise, "6. Về hạ tầng công nghệ")
    assert not part_not_said(ask, "Hạ tầng công nghệ thông tin còn một số hạn chế: máy tính cũ.", "6. Về hạ tầng")
    assert not part_not_said(ask, praise, "III. TỒN TẠI, HẠN CHẾ")  # under the part's own heading
    petitions = _ask("Xã nhận được bao nhiêu phản ánh, kiến nghị?")  # citizens' petitions: no report part
    assert not part_not_said(petitions, "Xã chưa nhận được phản ánh nào.", "2. Cải cách thủ tục")
    asks = _ask("Xã kiến nghị cấp trên những gì về chế độ cho cán bộ?")  # the report part, not petitions
    assert part_not_said(asks, "Xã giải quyết 12 phản ánh, kiến nghị của công dân.", "7. Tiếp công dân")
    assert part_not_said(asks, "Xã giải quyết xong 12 đơn.", "7. Tiếp công dân, phản ánh, kiến nghị")
    assert not part_not_said(asks, "Đề nghị có chế độ hỗ trợ cán bộ kiêm nhiệm.", "VI. ĐỀ XUẤT, KIẾN NGHỊ")


def test_a_one_syllable_noun_names_a_table_cell_only_standing_alone():
    def cell(label: str):
        fig = FigureRecord(rowid=1, doc_id="d1", seq=0, paragraph=3, section=1, start=-1, end=-1, paragraph_text=label,
                           section_path=("II.",), document=DOC, value=486.0, raw="486", unit=None, label=label,
                           sentence=label)  # a table cell: no offset in a paragraph
        return evidence.build(fig, [])
    households = _ask("so ho hien nay?")  # typed without diacritics: "hộ" and "hồ" fold alike
    assert not checks.unit_fits(households, cell("Biểu 1, Số hồ sơ tiếp nhận – Tổng số (Đất đai)"))
    assert not checks.unit_fits(households, cell("Biểu 1, Số hồ sơ – Tổng số (Hộ tịch)"))
    assert checks.unit_fits(households, cell("Biểu 2, Số hộ (Thôn Đông)"))


def test_which_places_is_answered_by_a_sentence_naming_them():
    ask = _ask("Xã Tân Phong được hợp nhất từ những xã nào?")
    assert kind_value(ask, "Xã được thành lập trên cơ sở nhập xã Phong Lạc, xã Tân Hòa và xã Ấp Đông.") == ","
    assert kind_value(ask, "Sau hợp nhất, bộ máy ổn định, hoạt động thông suốt, phục vụ người dân kịp thời.") == ""


def test_which_document_is_answered_by_a_sentence_naming_one_of_that_kind():
    ask = _ask("Quy chế làm việc của xã được xây dựng phù hợp với quy chế mẫu nào?")
    assert kind_value(ask, "Căn cứ Quyết định số 77/2006/QĐ-TTg ban hành Quy chế số 12/QC-UBND về làm việc.")
    assert kind_value(ask, "Quy chế được rà soát, phù hợp với quy chế mẫu của Thành ủy, UBND thành phố.") == ","
    assert kind_value(ask, "Quy chế làm việc được rà soát, bổ sung kịp thời, phù hợp với thực tiễn.") == ""
    project = _ask("Xã đang triển khai đề án nào?")
    assert kind_value(project, "Xã sơ kết Đề án “Nâng cao chất lượng cải cách” giai đoạn 2020-2025.").startswith("Đề án “")
    assert kind_value(project, "Sau khi kế hoạch được thông qua, Đảng ủy ra Nghị quyết số 20-NQ/ĐU.") == ""


def test_a_synonym_is_found_as_terms_are_matched_however_long():
    said = matching.text_terms("Bố trí phòng riêng cho Bộ phận tiếp nhận và trả kết quả, trang thiết bị làm việc đầy đủ")
    asked = matching.ask_terms(_ask("Bộ phận một cửa được trang bị những gì?"))
    assert {t for t in asked if not matching.found(t, said)} == set()
    # a synonym of several syllables is found only when all of it is said
    assert not matching.found("mot cua", matching.text_terms("kết quả tiếp nhận hồ sơ"))
    online = "chuc tuyen"  # "trực tuyến" with its onset merged, as an ask's pair is matched
    assert online in matching.ask_terms(_ask("bao nhiêu hồ sơ trực tuyến?"))
    assert matching.found(online, matching.text_terms("hồ sơ nộp qua mạng"))


def _cell(table: str, row: str, label: str, unit: str | None) -> FigureRecord:
    return FigureRecord(rowid=1, doc_id="d1", seq=0, paragraph=3, section=1, start=-1, end=-1, paragraph_text=table,
                        section_path=("II. KẾT QUẢ",), document=DOC, value=0.0, raw=row.split("\t")[2], unit=unit,
                        label=label, sentence=row)


def test_a_members_row_answers_only_an_ask_naming_it_the_total_row_any_other():
    table = ("TT\tLĩnh vực\tTiếp nhận\tTrễ hạn\n1\tHộ tịch\t2.318\t2\n3\tĐất đai\t1.124\t33\n"
             "8\tLĩnh vực khác\t225\t0\n\tTổng cộng\t3.667\t35")
    rows = table.split("\n")

    def failed(question: str, row: int, column: str = "Trễ hạn") -> str:
        name = rows[row].split("\t")[1]
        cell = _cell(table, rows[row], f"Biểu 2, {column} ({name})", "hồ sơ")
        return checks.qualifier_failure(_ask(question), evidence.build(cell, []))

    assert failed("số hồ sơ trễ hạn là bao nhiêu", 4) == ""
    assert failed("số hồ sơ trễ hạn là bao nhiêu", 1) == "contrast"  # a field's row, none asked
    assert failed("hs hộ tịch trễ hạn bn", 1) == ""
    assert failed("linh vuc dat dai tiep nhan bn hs", 2, "Tiếp nhận") == ""
    assert failed("linh vuc dat dai tiep nhan bn hs", 3, "Tiếp nhận") == "contrast"  # "lĩnh vực" alone is not it


def test_a_village_asked_must_be_named_by_the_figure():
    total = _fact("Toàn xã có 27.331 người đã kích hoạt tài khoản định danh điện tử mức 2.", "27.331 người", "người")
    ask = _ask("Thôn Phú Khương có bao nhiêu người kích hoạt định danh điện tử mức 2?")
    assert members.place_asked(ask) == "phu khuong"
    assert checks.qualifier_failure(ask, evidence.build(total, [])) == "qualifier"
    assert members.place_asked(_ask("bao nhiêu thôn đạt chuẩn nông thôn mới")) == ""
    assert members.place_asked(_ask("xã có mấy thôn")) == ""


def test_a_target_is_said_by_the_words_leading_to_it_or_by_its_column():
    ask = _ask("tỷ lệ hộ nghèo năm 2023 là bao nhiêu")  # the report's own year: no target by its period
    planned = _fact("Chỉ tiêu năm 2023 phấn đấu giảm tỷ lệ hộ nghèo từ 1,2% trở lên.", "1,2%", "%")
    assert checks.states_target(evidence.build(planned, []))
    done = _fact("Chỉ tiêu giao quân năm 2023 đạt 100%.", "100%", "%")
    assert not checks.states_target(evidence.build(done, []))
    table = "TT\tChỉ tiêu\tĐVT\tKế hoạch năm 2023\tThực hiện 9 tháng\n1\tHồ sơ trực tuyến\t%\t70\t71,8"
    row = table.split("\n")[1]
    plan = _cell(table, row, "Biểu 3, Kế hoạch năm 2023 (Hồ sơ trực tuyến – %)", "%")
    result = _cell(table, row, "Biểu 3, Thực hiện 9 tháng (Hồ sơ trực tuyến – %)", "%")
    assert checks.states_target(evidence.build(plan, [])) and not checks.states_target(evidence.build(result, []))
    assert checks.qualifier_failure(ask, evidence.build(planned, [])) == "qualifier"


def test_a_bracketed_aside_before_a_colon_stays_in_the_clause_it_qualifies():
    s = "- Đăng ký biến động đất đai (chuyển nhượng, tặng cho, thế chấp): 1.024 hồ sơ; chuyển mục đích: 63 hồ sơ."
    assert evidence.clause_at(s, s.index("1.024")).startswith("- Đăng ký biến động đất đai (chuyển nhượng")
    s = "Ban được giao 05 biên chế (thực hiện nhiệm vụ của các ban) cần được bổ sung thêm 01 biên chế."
    assert "05" not in evidence.clause_at(s, s.index("01"))  # a bracket between two numbers still parts them


def test_a_paragraph_above_does_not_make_a_figure_a_target():
    above = (2, 1, "Công tác lập kế hoạch sử dụng đất năm 2026 của xã đang được triển khai theo hướng dẫn của Sở.")
    done = _fact("- Cấp giấy chứng nhận lần đầu: 146 giấy với diện tích 38,6 ha.", "38,6 ha", "ha")
    ev = evidence.build(done, [above])
    assert ev.period.start == "2026-01-01" and evidence.stated_period(ev).start == "2023-01-01"  # the report's
    assert not checks.states_target(ev)
    planned = _fact("- Cấp giấy chứng nhận lần đầu: 200 giấy.", "200 giấy", "giấy",
                    section=("III. NHIỆM VỤ NĂM 2024", "1. Đất đai"))
    assert checks.states_target(evidence.build(planned, [above]))  # its heading's year is after the report's


def test_a_person_is_named_by_a_title_or_by_a_family_name():
    ask = _ask("Ai chủ trì hội nghị đối thoại với nhân dân thôn Gò Dài?")
    said = "Ngày 26/8/2025, Chủ tịch UBND xã Lê Quang Vinh chủ trì Hội nghị đối thoại với Nhân dân thôn Gò Dài."
    assert kind_value(ask, said) == "Lê Quang Vinh"
    assert kind_value(ask, "Đồng chí Phạm Minh Tâm, Phó Chủ tịch UBND xã phụ trách.") == "Phạm Minh Tâm"
    assert kind_value(ask, "UBND xã Mỹ Hưng đã tổ chức hội nghị đối thoại với Nhân dân thôn Gò Dài.") == ""


def test_a_part_asked_by_what_follows_trong_do_is_no_unasked_subset():
    table = "TT\tLĩnh vực\tTiếp nhận\tTrong đó trực tuyến\n1\tHộ tịch\t2.318\t1.987"
    row = table.split("\n")[1]
    online = evidence.build(_cell(table, row, "Biểu 2, Trong đó trực tuyến (Hộ tịch)", "hồ sơ"), [])
    assert not checks.unasked_subset(_ask("Hồ sơ hộ tịch nộp online được bao nhiêu?"), online)
    assert checks.unasked_subset(_ask("Hồ sơ hộ tịch tiếp nhận được bao nhiêu?"), online)


def test_a_programmes_vision_year_dates_no_figure():
    said = ("Thực hiện Đề án 06 giai đoạn 2022-2025, tầm nhìn đến năm 2030, Công an xã đã kích hoạt "
            "19.874 tài khoản định danh điện tử.")
    ev = evidence.build(_fact(said, "19.874 tài khoản", "tài khoản"), [])
    assert ev.period.end[:4] != "2030" and not checks.states_target(ev)


def test_the_other_bullets_of_a_part_asked_answer_with_the_best():
    from knowledge.qa.asks import co_answers
    from knowledge.qa.confidence import Linear
    from knowledge.qa.sentences import SentenceHit
    from knowledge.search.retrieval import Hit

    ask = _ask("vì sao tỷ lệ tham gia bảo hiểm y tế chưa đạt?")
    ranker = Linear({"cov": 3.0}, 0.0)

    def said(text: str, cov: float, part: float = 1.0, doc: str = "d1") -> SentenceHit:
        hit = Hit(f"{doc}:1", doc, 1, "passage", text, "III. ĐÁNH GIÁ > 3. Nguyên nhân", 0.0, 0.0, 0.0)
        return SentenceHit(ask, text, text, hit, 0, {"cov": cov, "report_part": part}, "")

    best = said("- Công tác tuyên truyền về bảo hiểm y tế chưa thường xuyên.", 0.8)
    cause = said("- Người dân chưa tái tục thẻ bảo hiểm y tế do thu nhập thấp.", 0.6)
    far = said("- Cán bộ chưa thích ứng với nhiệm vụ mới.", 0.1)
    elsewhere = said("- Tỷ lệ bao phủ bảo hiểm y tế đạt 93,8%.", 0.7, part=0.0)
    other_report = said("- Người dân chưa tái tục thẻ.", 0.7, doc="d2")
    assert co_answers(ranker, [best, cause, far, elsewhere, other_report], best) == [cause]
    assert co_answers(ranker, [elsewhere, cause], elsewhere) == []  # no part asked: one sentence answers


def test_a_flow_of_a_stock_answers_only_an_ask_naming_it():
    died = evidence.build(_fact("Trong năm có 23 đảng viên từ trần.", "23 đảng viên", "đảng viên"), [])
    assert checks.qualifier_failure(_ask("Khối chi bộ thôn có tổng cộng bao nhiêu đảng viên?"), died) == "qualifier"
    assert checks.qualifier_failure(_ask("bn dv qua doi trong nam"), died) == ""  # "qua đời" is "từ trần"
    new = evidence.build(_fact("Trong số đảng viên mới có 22 nữ.", "22", None), [])
    assert checks.qualifier_failure(_ask("đảng viên nữ của Đảng bộ xã bao nhiêu"), new) == "qualifier"
    target = evidence.build(_fact("Phấn đấu kết nạp từ 32 đảng viên mới trở lên.", "32 đảng viên", "đảng viên"), [])
    assert checks.qualifier_failure(_ask("Mục tiêu kết nạp đảng viên là bao nhiêu?"), target) == ""


def test_a_number_or_a_subgroup_the_ask_names_must_be_the_figures():
    badges = evidence.build(_fact("Tặng Huy hiệu Đảng cho 114 đảng viên.", "114 đảng viên", "đảng viên"), [])
    assert checks.qualifier_failure(_ask("Có bao nhiêu đảng viên được tặng Huy hiệu 75 năm tuổi Đảng?"), badges)
    assert checks.qualifier_failure(_ask("Có bao nhiêu đảng viên được tặng Huy hiệu Đảng?"), badges) == ""
    admitted = evidence.build(_fact("Toàn Đảng bộ kết nạp được 48 đảng viên mới.", "48 đảng viên", "đảng viên"), [])
    assert checks.qualifier_failure(_ask("so dv dan toc thieu so duoc ket nap moi 2023"), admitted) == "qualifier"
    made_full = evidence.build(_fact("Đảng viên chính thức 1.812 đồng chí.", "1.812 đồng chí", "đồng chí"), [])
    assert checks.qualifier_failure(_ask("chuyển đảng chính thức bao nhiêu đảng viên"), made_full) == "qualifier"
