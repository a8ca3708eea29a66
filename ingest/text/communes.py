"""The units a commune is named with: "xã Kim Tân", "phường 3", "thị trấn Gia Lộc".

UNITS as written and FOLDED ("xa", "phuong", "thi tran"); the *_PATTERN strings are regex
alternations of them for the extractors and answerers to build on (written forms with
re.IGNORECASE for capitals: "XÃ KIM TÂN").
"""
from __future__ import annotations

import re

from ingest.text.normal import fold

UNITS = ("xã", "phường", "thị trấn")
FOLDED = tuple(fold(u) for u in UNITS)
UNIT_PATTERN = "|".join(UNITS)
FOLDED_PATTERN = "|".join(FOLDED)
ANY_PATTERN = "|".join(f"{f}|{u}" for f, u in zip(FOLDED, UNITS))  # folded or written

_LEADING_UNIT = re.compile(rf"^(?:{ANY_PATTERN})\s+", re.IGNORECASE)


def without_unit(name: str) -> str:
    """ "xã Cẩm Giang" -> "Cẩm Giang", "thi tran gia loc" -> "gia loc"; a bare name unchanged."""
    return _LEADING_UNIT.sub("", name)
