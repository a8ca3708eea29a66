"""Putting the diacritics back on a query typed without them, from the corpus's own words.

Officials type "xa cam giang kiem nhiem chuc vu gi"; the embedder understands "xã cẩm giang
kiêm nhiệm chức vụ gì" far better. Every folded syllable is mapped to the written forms seen
in the stored passages, chosen by its neighbours (how often each written form follows the
previous word and precedes the next one), frequency only breaking ties. Unknown syllables stay as typed.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ingest.textutil import fold, nfc

_WORD = re.compile(r"\w+", re.UNICODE)
# Question phrases officials type that reports rarely contain, counted as if seen this often.
_QUESTION_WORDS = "bao nhiêu người, là bao nhiêu, có bao nhiêu, mấy, gì, nào, không, những, ai, ở đâu, khi nào, như thế nào, ra sao, hơn"
_QUESTION_WEIGHT = 20


class DiacriticRestorer:
    def __init__(self) -> None:
        self.unigram: dict[str, Counter] = defaultdict(Counter)
        self.left: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (written prev, folded cur)
        self.right: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (folded cur, folded next)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "DiacriticRestorer":
        restorer = cls()
        for text in [*[_QUESTION_WORDS] * _QUESTION_WEIGHT, *texts]:
            restorer.add(text)
        return restorer

    def add(self, text: str) -> None:
        words = [w.lower() for w in _WORD.findall(nfc(text))]
        folded = [fold(w) for w in words]
        for i, (w, f) in enumerate(zip(words, folded)):
            self.unigram[f][w] += 1
            if i:
                self.left[(words[i - 1], f)][w] += 1
            if i + 1 < len(words):
                self.right[(f, folded[i + 1])][w] += 1

    def restore(self, text: str) -> str:
        """The text with each known folded syllable replaced by its most likely written form."""
        words = _WORD.findall(text.lower())
        folded = [fold(w) for w in words]
        chosen: list[str] = []
        for i, (w, f) in enumerate(zip(words, folded)):
            forms = self.unigram.get(f)
            if w != f or not forms:  # typed with diacritics, or never seen: keep
                chosen.append(w)
                continue
            prev = chosen[-1] if chosen else None
            nxt = folded[i + 1] if i + 1 < len(words) else None
            left = self.left.get((prev, f), Counter()) if prev else Counter()
            right = self.right.get((f, nxt), Counter()) if nxt else Counter()
            # neighbours decide; frequency only breaks ties (or decides when no neighbour was seen)
            chosen.append(max(forms, key=lambda c: (left[c] + right[c], forms[c], c)))
        out, last = [], 0
        for m, word in zip(_WORD.finditer(text), chosen):
            out.append(text[last:m.start()] + word)
            last = m.end()
        return "".join(out) + text[last:]
