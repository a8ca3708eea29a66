"""Vietnamese-aware BM25: folded tokens, whole symbols, abbreviations both ways, restoring diacritics."""
from __future__ import annotations

import json
import unicodedata

import pytest

from ingest.text.tokens import tokenize
from knowledge.search.lexical import DiacriticRestorer, LexicalIndex

# Fictional commune and documents, written for these tests.
PASSAGES = {
    "p-dangvien": "Đảng bộ xã Tân Phước có 1.150 đảng viên sinh hoạt tại 41 chi bộ trực thuộc.",
    "p-danso": "Dân số toàn xã Tân Phước là 28.406 người, diện tích tự nhiên 31,5 km².",
    "p-nq": "Thực hiện Nghị quyết số 1742/NQ-UBTVQH15 ngày 12/5/2025 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính.",
    "p-kl": "Quán triệt Kết luận số 212-KL/TW của Bộ Chính trị và Kế hoạch số 07/KH-UBND của xã.",
    "p-cchc-abbr": "Kết quả công tác CCHC năm 2025: 100% TTHC được công khai trên Cổng DVC.",
    "p-cchc-full": "Đẩy mạnh cải cách hành chính, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức.",
    "p-hdnd": "Kỳ họp thứ năm Hội đồng nhân dân xã thông qua 09 nghị quyết về kinh tế - xã hội.",
    "p-ubnd": "UBND xã ban hành 1.742 văn bản chỉ đạo, điều hành trong 6 tháng đầu năm.",
    "p-dulich": "Phát triển du lịch sinh thái gắn với làng nghề truyền thống.",
    "p-dangdoan": "Ban Chấp hành Đoàn thanh niên đang triển khai đợt thi đua mới.",
}
IDS = list(PASSAGES)
TEXTS = list(PASSAGES.values())


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex().build(IDS, TEXTS)


def top(index: LexicalIndex, query: str, k: int = 3) -> list[str]:
    return [doc_id for doc_id, _ in index.search(query, k)]


# --- tokenize ---------------------------------------------------------------------------

def test_words_come_as_written_and_folded():
    tokens = tokenize("Đảng viên Tân Phước")
    assert tokens == ["đảng", "dang", "viên", "vien", "tân", "tan", "phước", "phuoc"]
    assert tokenize("xa tan phuoc") == ["xa", "tan", "phuoc"]


def test_decomposed_diacritics_and_nbsp_tokenize_like_composed():
    composed = "Ủy ban nhân dân xã Tân Phước"
    decomposed = unicodedata.normalize("NFD", composed).replace(" ", "\u00a0", 2)
    assert tokenize(decomposed) == tokenize(composed)


@pytest.mark.parametrize(
    "text, symbol, numbers",
    [
        ("theo Nghị quyết số 1742/NQ-UBTVQH15 ngày", "1742/nq-ubtvqh15", ["1742"]),
        ("Kết luận 212-KL/TW,", "212-kl/tw", ["212"]),
        ("Kế hoạch số 07/KH-UBND.", "07/kh-ubnd", ["07", "7"]),
        ("Nghị định số 88/2024/NĐ-CP", "88/2024/nđ-cp", ["88", "2024"]),
        ("Báo cáo số 05 -BC/BCĐ", "05-bc/bcđ", ["05", "5"]),
        ("Công văn 318/UBND-VP", "318/ubnd-vp", ["318"]),
    ],
)
def test_document_symbols_are_single_tokens_plus_number(text, symbol, numbers):
    tokens = tokenize(text)
    assert symbol in tokens
    for number in numbers:
        assert number in tokens
    # the symbol's letters are not loose words ("nq", "ubnd" would match unrelated passages)
    parts = symbol.replace("/", "-").split("-")
    loose = [p for p in parts if not p.isdigit()]
    assert not any(p in tokens for p in loose)


def test_party_symbol_with_d_bar_also_folded():
    tokens = tokenize("Nghị quyết 15-NQ/ĐU")
    assert "15-nq/đu" in tokens and "15-nq/du" in tokens


def test_dates_ranges_and_ratios_are_not_symbols():
    tokens = tokenize("từ 01/7/2025 - 15/10/2025, giai đoạn 2025-2030, đạt 53/53 hồ sơ")
    assert not any("/" in t or "-" in t for t in tokens)
    assert {"2025", "2030", "53", "15", "10"} <= set(tokens)


def test_vietnamese_numbers_stay_whole():
    tokens = tokenize("dân số 28.406 người, diện tích 31,5 km², 03 đồng chí")
    assert "28.406" in tokens and "28406" in tokens
    assert "31,5" in tokens
    assert "03" in tokens and "3" in tokens


@pytest.mark.parametrize(
    "abbreviation, expansion",
    [
        ("UBND", "ủy ban nhân dân"),
        ("HĐND", "hội đồng nhân dân"),
        ("MTTQ", "mặt trận tổ quốc"),
        ("CCHC", "cải cách hành chính"),
        ("TTHC", "thủ tục hành chính"),
        ("ĐU", "đảng ủy"),
        ("BCH", "ban chấp hành"),
        ("BTV", "ban thường vụ"),
        ("CBCCVC", "cán bộ công chức viên chức"),
        ("CB,CC,VC", "cán bộ công chức viên chức"),
        ("CB, CC, VC", "cán bộ công chức viên chức"),
        ("DVC", "dịch vụ công"),
        ("CNTT", "công nghệ thông tin"),
        ("QPPL", "quy phạm pháp luật"),
        ("KT-XH", "kinh tế xã hội"),
        ("ANTT", "an ninh trật tự"),
    ],
)
def test_abbreviations_carry_their_expansion(abbreviation, expansion):
    tokens = set(tokenize(f"công tác {abbreviation} của xã"))
    assert set(tokenize(expansion)) <= tokens


def test_folded_abbreviation_typed_without_diacritics_expands():
    assert set(tokenize("hội đồng nhân dân")) <= set(tokenize("hdnd"))


def test_du_is_not_read_as_dang_uy():
    assert "đảng" not in tokenize("du lịch")
    assert "đảng" in tokenize("ĐU xã")


# --- LexicalIndex -------------------------------------------------------------------------

def test_query_without_diacritics_finds_the_passage(index):
    assert top(index, "xa tan phuoc co bao nhieu dang vien")[0] == "p-dangvien"
    assert top(index, "dan so xa tan phuoc")[0] == "p-danso"


def test_diacritics_rank_the_exact_word_first(index):
    # "đang" (verb) folds to the same "dang" as "đảng" (party): diacritics decide
    assert top(index, "đảng viên")[0] == "p-dangvien"
    assert top(index, "đang triển khai")[0] == "p-dangdoan"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("1742/NQ-UBTVQH15", "p-nq"),
        ("nghị quyết 1742", "p-nq"),
        ("nq 1742", "p-nq"),
        ("212-KL/TW", "p-kl"),
        ("ket luan 212", "p-kl"),
        ("07/KH-UBND", "p-kl"),
    ],
)
def test_symbol_queries(index, query, expected):
    assert top(index, query, 1) == [expected]


def test_symbol_query_prefers_the_symbol_over_the_same_number(index):
    # "1.742 văn bản" (a count) also yields the token 1742; the whole symbol outranks it
    assert top(index, "1742/NQ-UBTVQH15") == ["p-nq", "p-ubnd"]


def test_abbreviation_query_finds_the_expanded_passage_and_back(index):
    assert "p-cchc-full" in top(index, "cchc")
    assert "p-cchc-abbr" in top(index, "cải cách hành chính")
    assert "p-cchc-full" in top(index, "doi ngu cb,cc,vc", 1)
    assert top(index, "hdnd thong qua nghi quyet", 1) == ["p-hdnd"]
    assert top(index, "ủy ban nhân dân ban hành văn bản", 1) == ["p-ubnd"]


def test_allowed_ids_restrict_candidates(index):
    assert len(top(index, "xa tan phuoc", 5)) > 1
    hits = index.search("xa tan phuoc", 5, allowed_ids={"p-danso", "not-indexed"})
    assert [doc_id for doc_id, _ in hits] == ["p-danso"]
    assert index.search("xa tan phuoc", 5, allowed_ids=[]) == []


def test_scores_positive_and_sorted(index):
    hits = index.search("xã tân phước cải cách hành chính", 10)
    scores = [s for _, s in hits]
    assert scores and all(s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_no_match_and_empty_index():
    index = LexicalIndex().build(["a"], ["Dân số toàn xã"])
    assert index.search("ngân sách", 5) == []
    assert index.search("", 5) == []
    assert LexicalIndex().build([], []).search("dân số", 5) == []
    with pytest.raises(ValueError):
        LexicalIndex().build(["a", "a"], ["x", "y"])


def test_save_and_load_round_trip(index, tmp_path):
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    for query in ("xa tan phuoc co bao nhieu dang vien", "nq 1742", "cchc"):
        assert loaded.search(query, 5) == index.search(query, 5)
    assert loaded.restore_diacritics("dang vien") == "đảng viên"


def test_load_refuses_another_tokenizer_version(index, tmp_path):
    index.save(tmp_path / "lex")
    meta_path = tmp_path / "lex" / "lexical.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["tokenizer_version"] = -1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="rebuild"):
        LexicalIndex.load(tmp_path / "lex")
    with pytest.raises(FileNotFoundError):
        LexicalIndex.load(tmp_path / "absent")


# --- DiacriticRestorer ------------------------------------------------------------------------

def test_restores_query_from_corpus_words(index):
    assert index.restore_diacritics("xa tan phuoc co bao nhieu dang vien") == (
        "xã tân phước có bao nhiêu đảng viên"
    )
    assert index.restore_diacritics("Dan so xa Tan Phuoc?") == "Dân số xã Tân Phước?"


def test_restorer_keeps_typed_diacritics_abbreviations_and_unknown_words(index):
    assert index.restore_diacritics("đang triển khai") == "đang triển khai"
    assert index.restore_diacritics("ke hoach 07/KH-UBND") == "kế hoạch 07/KH-UBND"
    assert index.restore_diacritics("zalo qwerty") == "zalo qwerty"


def test_restorer_uses_context_for_ambiguous_words():
    restorer = DiacriticRestorer.from_texts(
        ["Đảng viên mới được kết nạp.", "Đảng viên gương mẫu.", "Công trình đang thi công."]
    )
    assert restorer.restore("dang vien") == "đảng viên"
    assert restorer.restore("dang thi cong") == "đang thi công"
