"""Directive lookup: fragment forms, ambiguity, errors kept as written, own texts, access scope.

The fictional reports below (communes Tân Phong and Hòa Bình) cite real national
directives and made-up local ones; a fictional resolution of Tân Phong's council is
ingested as its own text.
"""
from __future__ import annotations

import hashlib
import json
import statistics
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from knowledge.directives.lookup import describe, lookup, own_text_passages, parse_query
from knowledge.search.retrieval import Retriever
from knowledge.search.vectors import VectorIndex
from knowledge.store.loader import ingest_file
from knowledge.store.schema import open_db
from tests.conftest import seed_path

TAN_PHONG = """ĐẢNG BỘ TỈNH HƯNG YÊN
ĐẢNG ỦY XÃ TÂN PHONG
Số 41-BC/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM
Tân Phong, ngày 20 tháng 6 năm 2026

BÁO CÁO
sơ kết công tác 6 tháng đầu năm 2026

Thực hiện Kế hoạch số 59-KH/TU ngày 21/5/2026 của Tỉnh ủy Hưng Yên về việc sơ kết công tác 6 tháng đầu năm 2026, Ban Thường vụ Đảng ủy xã Tân Phong báo cáo như sau:

I. ĐẶC ĐIỂM TÌNH HÌNH

Xã Tân Phong được thành lập theo Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã năm 2025.

II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ

1. Công tác xây dựng Đảng

Đảng ủy tổ chức quán triệt Kết luận số 176-KL/TW ngày 04/7/2025 của Bộ Chính trị về một số nhiệm vụ trọng tâm của tổ chức cơ sở đảng đến toàn bộ các chi bộ. Đảng ủy tiếp tục thực hiện Nghị quyết số 57-NQ/2025/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.

2. Cải cách hành chính

Ủy ban nhân dân xã ban hành Kế hoạch số 02/KH-UBND ngày 10/01/2026 của UBND xã Tân Phong về cải cách hành chính năm 2026.

Thực hiện Kế hoạch số 02/KH-UBND ngày 05/01/2026 của UBND tỉnh Hưng Yên về kiểm soát thủ tục hành chính năm 2026, Trung tâm Phục vụ hành chính công đã rà soát toàn bộ thủ tục.

Trung tâm Phục vụ hành chính công vận hành theo Nghị định số 61/2018/QĐ-TTg ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông.

Thực hiện Nghị quyết số 12/NQ-HĐND ngày 20/12/2025 của Hội đồng nhân dân xã Tân Phong về việc hỗ trợ kinh phí cho Tổ công nghệ số cộng đồng năm 2026, các thôn đã kiện toàn tổ.
"""

HOA_BINH = """ĐẢNG BỘ TỈNH HƯNG YÊN
ĐẢNG ỦY XÃ HÒA BÌNH
Số 17-BC/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Bình, ngày 25 tháng 6 năm 2026

BÁO CÁO
kết quả chuyển đổi số 6 tháng đầu năm 2026

I. KẾT QUẢ THỰC HIỆN

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, Đảng ủy xã Hòa Bình đã ban hành chương trình hành động.

Ủy ban nhân dân xã ban hành Kế hoạch số 02/KH-UBND ngày 15/02/2026 của UBND xã Hòa Bình về chuyển đổi số năm 2026.

Bộ phận một cửa vận hành theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính.
"""

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
XÃ TÂN PHONG
Số: 12/NQ-HĐND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Phong, ngày 20 tháng 12 năm 2025

NGHỊ QUYẾT
Về việc hỗ trợ kinh phí cho Tổ công nghệ số cộng đồng năm 2026

HỘI ĐỒNG NHÂN DÂN XÃ TÂN PHONG
KHÓA I, KỲ HỌP THỨ BA

QUYẾT NGHỊ:

Điều 1. Hỗ trợ kinh phí hoạt động cho Tổ công nghệ số cộng đồng tại 26 thôn, mức hỗ trợ 500.000 đồng/tổ/tháng, thời gian thực hiện từ ngày 01/01/2026 đến ngày 31/12/2026.

Điều 2. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết này.

CHỦ TỊCH
Lê Văn Hòa
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    db = open_db(tmp_path / "data" / "troly.db")  # where `troly --data-dir tmp_path/data` looks
    ids = {}
    for name, text, commune in (("tan_phong_so_ket.txt", TAN_PHONG, "Tân Phong"),
                                ("hoa_binh_cds.txt", HOA_BINH, "Hòa Bình"),
                                ("nq_12_hdnd.txt", RESOLUTION, "Tân Phong")):
        outcome = ingest_file(db, _write(tmp_path, name, text), max_bytes=10**7, commune=commune)
        assert outcome.status == "added", outcome.message
        ids[name] = outcome.doc_id
    return db, ids


@pytest.mark.parametrize("fragment, key", [
    ("1669", "1669/nq-ubtvqh15"),
    ("nq 1669", "1669/nq-ubtvqh15"),
    ("nghi quyet 1669", "1669/nq-ubtvqh15"),
    ("Nghị quyết 1669/NQ-UBTVQH15", "1669/nq-ubtvqh15"),
    ("nghị quyết số 1669", "1669/nq-ubtvqh15"),
    ("kết luận 176", "176-kl/tw"),
    ("ket luan 176", "176-kl/tw"),
    ("KH 59-KH/TU", "59-kh/tu"),
    ("57-NQ/TW", "57-nq/tw"),
    ("57-NQ/2025/TW", "57-nq/tw"),
    ("57/NQ-TW", "57-nq/tw"),  # typed in the State form: still the same Party resolution
])
def test_fragment_forms_find_the_directive(corpus, fragment, key):
    db, _ids = corpus
    found = lookup(db, fragment)
    assert found, fragment
    assert found[0]["key"] == key
    assert len({f["key"] for f in found}) == 1  # nothing else matches these
    assert found[0]["citations"] and all(c["file"] and c["text"] for c in found[0]["citations"])


def test_entry_fields_and_citations(corpus):
    db, ids = corpus
    [entry] = lookup(db, "nq 1669")
    assert (entry["kind"], entry["symbol"], entry["date"]) == ("Nghị quyết", "1669/NQ-UBTVQH15", "2025-06-16")
    assert entry["issuer"] == "Ủy ban Thường vụ Quốc hội"
    assert entry["subject"] == "sắp xếp các đơn vị hành chính cấp xã năm 2025"
    [cite] = entry["citations"]
    assert cite["doc_id"] == ids["tan_phong_so_ket.txt"] and cite["section"] == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    assert cite["text"].startswith("Xã Tân Phong được thành lập theo Nghị quyết số 1669/NQ-UBTVQH15")
    assert describe(entry).startswith("Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội")


def test_party_symbol_with_year_is_one_directive_cited_twice(corpus):
    db, ids = corpus
    [entry] = lookup(db, "57-NQ/TW")
    assert entry["count"] == 2
    assert {c["doc_id"] for c in entry["citations"]} == {ids["tan_phong_so_ket.txt"], ids["hoa_binh_cds.txt"]}
    assert entry["issuer"] == "Bộ Chính trị" and entry["date"] == "2024-12-22"


@pytest.mark.parametrize("fragment", ["Kế hoạch số 02", "kh 02", "ke hoach 2", "02/KH-UBND"])
def test_ambiguous_fragment_lists_every_candidate(corpus, fragment):
    db, _ = corpus
    found = lookup(db, fragment)
    assert [(f["date"], f["issuer"]) for f in found] == [
        ("2026-02-15", "UBND xã Hòa Bình"), ("2026-01-10", "UBND xã Tân Phong"), ("2026-01-05", "UBND tỉnh Hưng Yên")]
    assert {f["subject"] for f in found} == {
        "chuyển đổi số năm 2026", "cải cách hành chính năm 2026", "kiểm soát thủ tục hành chính năm 2026"}
    assert all(len(f["citations"]) == 1 and any("3 văn bản" in n for n in f["notes"]) for f in found)


def test_error_in_source_is_kept_and_findable(corpus):
    db, ids = corpus
    [entry] = lookup(db, "61/2018/QĐ-TTg")
    assert entry["kind"] == "Nghị định" and entry["symbol"] == "61/2018/QĐ-TTg"  # as written, not corrected
    assert any("Quyết định" in n and "giữ nguyên" in n for n in entry["notes"])
    assert entry["citations"][0]["doc_id"] == ids["tan_phong_so_ket.txt"]
    # the decree asked for by kind and number: both the correct and the erroneous writing come back
    symbols = [f["symbol"] for f in lookup(db, "nghị định 61")]
    assert sorted(symbols) == ["61/2018/NĐ-CP", "61/2018/QĐ-TTg"]
    correct = lookup(db, "61/2018/NĐ-CP")
    assert correct[0]["symbol"] == "61/2018/NĐ-CP" and correct[0]["match"] == "symbol"


def test_own_text_is_linked_and_answers_from_its_text(corpus, tmp_path):
    db, ids = corpus
    [entry] = lookup(db, "nghị quyết 12")
    assert entry["doc_id"] == ids["nq_12_hdnd.txt"] and entry["file"] == "nq_12_hdnd.txt"
    assert entry["citations"][0]["doc_id"] == ids["tan_phong_so_ket.txt"]
    assert lookup(db, "12/NQ-HĐND")[0]["doc_id"] == ids["nq_12_hdnd.txt"]
    retriever = Retriever(db, _HashEmbedder(), VectorIndex(_HashEmbedder(), tmp_path / "chroma"))
    retriever.sync()
    hits = own_text_passages(retriever, entry, "mức hỗ trợ tổ công nghệ số cộng đồng bao nhiêu", k=2)
    assert hits and all(h.doc_id == ids["nq_12_hdnd.txt"] for h in hits)
    assert any("500.000 đồng/tổ/tháng" in h.text for h in hits)
    assert own_text_passages(retriever, lookup(db, "nq 1669")[0], "ngày nào") == []  # no own text: nothing


def test_access_scope_hides_other_communes_reports(corpus):
    db, ids = corpus
    [entry] = lookup(db, "57-NQ/TW", communes=["Hòa Bình"])
    assert [c["doc_id"] for c in entry["citations"]] == [ids["hoa_binh_cds.txt"]]
    assert [f["issuer"] for f in lookup(db, "kế hoạch 02", communes=["Hòa Bình"])] == ["UBND xã Hòa Bình"]
    assert lookup(db, "kết luận 176", communes=["Hòa Bình"]) == []
    assert lookup(db, "nghị quyết 12", communes=["Hòa Bình"]) == []  # Tân Phong's own resolution
    assert lookup(db, "kết luận 176", communes=["Tân Phong"])[0]["key"] == "176-kl/tw"


def test_no_match_and_query_parsing(corpus):
    db, _ = corpus
    assert lookup(db, "nq 9999") == []
    assert lookup(db, "quyết định 1669") == []  # a kind that does not fit is not a match
    q = parse_query("KH 59-KH/TU ngày 21/5/2026")
    assert q.kinds == ("Kế hoạch",) and [k for k, _ in q.symbols] == ["59-kh/tu"] and q.numbers == ()


def test_subject_words_find_directives_without_a_number(corpus):
    db, _ = corpus
    found = lookup(db, "sắp xếp đơn vị hành chính")
    assert found and found[0]["key"] == "1669/nq-ubtvqh15" and found[0]["match"] == "subject"


def test_registry_follows_new_documents(corpus, tmp_path):
    db, _ = corpus
    assert lookup(db, "kết luận 185") == []
    extra = "BÁO CÁO\nquý III\n\nThực hiện Kết luận số 185-KL/TW ngày 22/8/2025 của Bộ Chính trị về đại hội đảng bộ các cấp.\n"
    ingest_file(db, _write(tmp_path, "them.txt", extra), max_bytes=10**7, commune="Tân Phong")
    assert lookup(db, "kết luận 185")[0]["date"] == "2025-08-22"


def test_warm_lookup_is_fast(corpus):
    db, _ = corpus
    lookup(db, "1669")
    times = []
    for fragment in ["1669", "nq 1669", "kết luận 176", "KH 59-KH/TU", "57-NQ/TW", "kh 02"] * 5:
        start = time.perf_counter()
        lookup(db, fragment)
        times.append(time.perf_counter() - start)
    assert statistics.quantiles(times, n=20)[-1] < 0.05


# ---------------------------------------------------------------- the seeds

@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("seeds") / "kb.db")
    for prefix in ("000", "001", "002", "003", "004"):
        assert ingest_file(db, seed_path(prefix), max_bytes=10**8).status == "added"
    return db


@pytest.mark.parametrize("fragment, symbol, files", [
    ("1669", "1669/NQ-UBTVQH15", {"000", "001"}),
    ("kết luận 176", "176-KL/TW", {"004"}),
    ("KH 59-KH/TU", "59-KH/TU", {"001"}),
    ("61/2018/QĐ-TTg", "61/2018/QĐ-TTg", {"002"}),
])
def test_seed_fragments(seeds_db, fragment, symbol, files):
    found = lookup(seeds_db, fragment)
    assert found[0]["symbol"] == symbol
    assert {c["file"][:3] for c in found[0]["citations"]} == files


def test_seed_party_resolution_written_with_and_without_year(seeds_db):
    [entry] = lookup(seeds_db, "57-NQ/TW")
    written = {c["mention"] for c in entry["citations"]}
    assert entry["count"] >= 2 and any("57-NQ/2025/TW" in m for m in written)


# ---------------------------------------------------------------- the command line

def test_cli_lookup_json_and_text(corpus, tmp_path):
    db, _ = corpus
    db.close()
    data = tmp_path / "data"
    runner = CliRunner()
    result = runner.invoke(app, ["--data-dir", str(data), "lookup", "--json", "ke hoach 02"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert len(found) == 3
    assert all({"kind", "number", "symbol", "date", "issuer", "subject", "citations"} <= set(f) for f in found)
    assert all({"doc_id", "file", "section", "text"} <= set(c) for f in found for c in f["citations"])
    text = runner.invoke(app, ["--data-dir", str(data), "lookup", "nq 12"])
    assert text.exit_code == 0 and "Đã có toàn văn: nq_12_hdnd.txt" in text.output
    missing = runner.invoke(app, ["--data-dir", str(data), "lookup", "nq 9999"])
    assert missing.exit_code == 1 and "Không tìm thấy" in missing.output


class _HashEmbedder:
    """A tiny deterministic embedder (hashed folded words) so retrieval tests need no model."""

    name = "test-hash-64"
    dim = 64

    def _vec(self, text: str) -> list[float]:
        from ingest.text.normal import fold

        v = [0.0] * self.dim
        for word in fold(text).split():
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = sum(x * x for x in v) ** 0.5 or 1.0
        return [x / norm for x in v]

    def embed_queries(self, texts):
        return [self._vec(t) for t in texts]

    def embed_passages(self, texts):
        return [self._vec(t) for t in texts]


def test_questions_about_a_directive_with_its_own_text_are_answered_from_it(corpus, tmp_path):
    from knowledge.qa.answer import Answerer

    db, ids = corpus
    retriever = Retriever(db, _HashEmbedder(), VectorIndex(_HashEmbedder(), tmp_path / "chroma2"))
    retriever.sync()
    answer = Answerer(db, retriever).ask("Nghị quyết 12/NQ-HĐND hỗ trợ tổ công nghệ số cộng đồng bao nhiêu?")
    assert not answer.abstained and answer.lead.startswith("500.000 đồng")
    assert answer.sources[0].doc_id == ids["nq_12_hdnd.txt"]
