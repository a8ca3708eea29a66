"""Answer behaviour on the seeds: sources, abstention, diacritics, commune scope, JSON shape."""
from __future__ import annotations

import re

from knowledge.qa.grounding import ungrounded
from knowledge.qa.render import NOT_FOUND


def test_figure_answer_leads_with_the_number_and_cites_its_sentence(seeded_services):
    answer = seeded_services.answerer.ask("Đảng bộ xã An Khánh có bao nhiêu đảng viên?")
    assert not answer.abstained and answer.intent == "figure"
    assert answer.text.startswith("1.400 đảng viên")
    top = answer.sources[0]
    assert "1.400 đảng viên" in top.quote and top.file.startswith("001_") and top.section
    assert ungrounded(answer.lead, [s.quote for s in answer.sources]) == []


def test_same_answer_with_or_without_diacritics(seeded_services):
    with_marks = seeded_services.answerer.ask("Dân số xã Cẩm Giang là bao nhiêu người?")
    without = seeded_services.answerer.ask("dan so xa cam giang la bao nhieu nguoi?")
    assert with_marks.lead == without.lead and with_marks.lead.startswith("34.523 người")


def test_unanswerable_abstains_with_nearest_passages_and_no_number(seeded_services):
    answer = seeded_services.answerer.ask("Xã Đại Sơn có bao nhiêu km đường giao thông nông thôn?")
    assert answer.abstained and answer.text.startswith(NOT_FOUND)
    assert answer.sources  # the nearest passages are shown


def test_commune_scope_is_respected(seeded_services):
    # a member who may only see Kim Tân never gets An Khánh's figure
    answer = seeded_services.answerer.ask("Đảng bộ xã An Khánh có bao nhiêu đảng viên?", allowed_communes=["Kim Tân"])
    assert "1.400" not in answer.text
    assert all(not s.file.startswith("001_") for s in answer.sources)


def test_directive_named_by_a_fragment(seeded_services):
    answer = seeded_services.answerer.ask("kết luận 176 ban hành ngày nào, về việc gì?")
    assert answer.intent == "directive" and not answer.abstained
    assert answer.text.startswith("Kết luận số 176-KL/TW ngày 4/7/2025")


def test_compare_two_communes(seeded_services):
    answer = seeded_services.answerer.ask("cam giang va an khanh xa nao rong hon?")
    assert answer.intent == "multi"
    assert answer.lead.startswith("Cẩm Giang rộng hơn (chênh 2,48 km²)")
    assert "Cẩm Giang: 26,64 km²" in answer.lead and "An Khánh: 24,16 km²" in answer.lead
    assert ungrounded("26,64 24,16 2,48", [s.quote for s in answer.sources]) == []  # stated, or their difference


def test_which_reports_mention_a_thing(seeded_services):
    answer = seeded_services.answerer.ask("Xã Quang Minh và xã Kim Tân có bao nhiêu TTHC cấp xã? "
                                          "Báo cáo nào có nhắc đến hòm thư góp ý?")
    # the first part compared (142 against 138), then which reports mention the second
    assert not answer.abstained and "142 TTHC" in answer.lead and "138 TTHC" in answer.lead
    mentions = answer.text[answer.text.index("Nhắc đến «hòm thư góp ý»"):]
    assert "xã Quang Minh không nhắc đến" in mentions and "xã Kim Tân có («" in mentions
    assert "hòm thư góp ý" in mentions.split("xã Kim Tân có", 1)[1].lower()


def test_passage_answer_quotes_the_report(seeded_services):
    answer = seeded_services.answerer.ask("Xã Đại Sơn còn thiếu những trang thiết bị gì phục vụ công việc?")
    assert answer.intent == "passage" and not answer.abstained
    assert "máy scan" in answer.text
    assert {"doc_id", "file", "title", "section", "quote"} <= set(answer.as_dict()["sources"][0])


def test_figure_from_one_of_several_communes_says_whose_it_is(seeded_services):
    unnamed = seeded_services.answerer.ask("Toàn đảng bộ có bao nhiêu đảng viên?")
    assert not unnamed.abstained
    whose = re.compile(r", xã ([^,()]+)\)$")  # the commune closes the answer line's parenthesis
    assert whose.search(unnamed.lead)[1] in seeded_services.answerer.communes()
    named = seeded_services.answerer.ask("Đảng bộ xã An Khánh có bao nhiêu đảng viên?")
    assert not whose.search(named.lead)  # the question already says whose
    alone = seeded_services.answerer.ask("Toàn đảng bộ có bao nhiêu đảng viên?", allowed_communes=["An Khánh"])
    assert alone.lead.startswith("1.400 đảng viên") and not whose.search(alone.lead)  # nothing to tell apart


def test_a_comparison_without_bao_nhieu_counts_the_noun_after_so():
    from knowledge.qa.operators import _measure_ask
    from knowledge.qa.question import analyse
    q = analyse("Số TTHC công khai ở xã Quang Minh và xã Kim Tân, xã nào nhiều hơn?", ["Quang Minh", "Kim Tân"])
    assert q.intent == "multi" and _measure_ask(q).target == "tthc"  # not "34 lĩnh vực" of the same sentence


def test_several_groups_asked_are_summed_from_one_figure_each(seeded_services):
    # the report gives "hoàn thành tốt" under "cán bộ" (07) and under "công chức" (03), no total
    answer = seeded_services.answerer.ask("Năm 2022 xã Quang Minh có bao nhiêu cán bộ, công chức hoàn thành tốt "
                                          "nhiệm vụ?")
    assert not answer.abstained and answer.lead.startswith("10 người — tổng 07 cán bộ + 03 công chức")
    assert len(answer.sources) >= 2  # each part's paragraph
    one = seeded_services.answerer.ask("Năm 2022 xã Quang Minh có bao nhiêu cán bộ hoàn thành tốt nhiệm vụ?")
    assert one.abstained or one.lead.startswith("07 người")


def test_a_report_titled_after_a_document_answers_which_one_the_commune_carries_out(seeded_services):
    answer = seeded_services.answerer.ask("kim tan thuc hien de an gi")
    assert not answer.abstained and answer.lead.startswith("Đề án “Nâng cao chất lượng cải cách TTHC")
    assert "trích yếu Báo cáo số 02 -BC/BCĐ" in answer.lead
    # the issuer asked must be the one whose đề án it is
    assert seeded_services.answerer.ask("Xã Kim Tân đang triển khai đề án nào của Tỉnh ủy?").abstained
    both = seeded_services.answerer.ask("Quang Minh và Kim Tân thực hiện đề án nào của huyện ủy, "
                                        "của xã nào bắt đầu sớm hơn?")
    assert both.lead.startswith("Kim Tân sớm hơn (2020 so với 2021).")
    assert "02-ĐA/HU" in both.lead and "2020 - 2025" in both.lead
