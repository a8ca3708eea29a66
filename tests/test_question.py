"""Question analysis on questions written for these tests (fictional communes)."""
from __future__ import annotations

from knowledge.qa.question import analyse, find_communes

KNOWN = ["Tân Phong", "Hòa Bình", "Cẩm Giang"]


def test_intents():
    assert analyse("xa tan phong co bao nhieu dang vien?", KNOWN).intent == "figure"
    assert analyse("Theo kế hoạch nào của Huyện ủy?", KNOWN).intent == "directive"
    assert analyse("nghi quyet 12/NQ-HDND ban hanh ngay nao?", KNOWN).intent == "directive"
    assert analyse("Tân Phong và Hòa Bình, xã nào đông dân hơn?", KNOWN).intent == "compare"
    assert analyse("Xã Tân Phong còn những khó khăn gì?", KNOWN).intent == "passage"
    assert analyse("UBND xã có ban hành văn bản nào không?", KNOWN).intent == "passage"


def test_communes_with_and_without_diacritics():
    assert find_communes("dân số xã Tân Phong", KNOWN) == ["Tân Phong"]
    assert find_communes("dan so xa tan phong va hoa binh", KNOWN) == ["Tân Phong", "Hòa Bình"]
    # typed with diacritics, a different commune spelled alike is not matched
    assert find_communes("xã Cẩm Giàng có bao nhiêu thôn", KNOWN) == []


def test_asks_split_and_units():
    q = analyse("Xã Tân Phong ban hành bao nhiêu nghị quyết và bao nhiêu kế hoạch?", KNOWN)
    assert [a.unit for a in q.asks] == ["nghi quyet", "ke hoach"]
    q = analyse("Ban chỉ đạo gồm mấy người?", KNOWN)
    assert [a.unit for a in q.asks] == ["nguoi"]
    # "máy" (machine) typed without diacritics is not "mấy"
    assert analyse("xa con thieu may in khong", KNOWN).asks == ()
