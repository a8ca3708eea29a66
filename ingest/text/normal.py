"""Unicode normal forms: NFC, diacritic folding, whitespace squashing."""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # combining marks


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lowercase, strip Vietnamese diacritics (đ -> d), NFC in: 'Cẩm Giàng' -> 'cam giang'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return _MARKS.sub("", decomposed)


def squash(text: str) -> str:
    """NFC and every run of whitespace (tabs, NBSP, newlines) as one space, trimmed."""
    return _WS.sub(" ", nfc(text).replace("\u00a0", " ")).strip()


def has_diacritics(text: str) -> bool:
    """Typed with Vietnamese diacritics (or đ)? "xa an khanh" no, "xã An Khánh" yes."""
    return fold(text) != text.lower().replace("đ", "d")
