"""How officials shorten words in a chat, spelled out before the question is read.

Only questions are spelled out: in the reports these letters may stand for other things.
"""
from __future__ import annotations

import re

from ingest.text.normal import fold, has_diacritics

_CHAT_WORDS = {"bc": "báo cáo", "tk": "tài khoản", "vb": "văn bản", "hs": "hồ sơ", "đv": "đảng viên",
               "dv": "đảng viên", "sl": "số lượng", "nv": "nhiệm vụ", "pct": "phó chủ tịch", "pbt": "phó bí thư",
               "bn": "bao nhiêu", "bq": "bình quân", "ko": "không", "dc": "được", "đc": "được",
               "ntn": "như thế nào", "tl": "tỷ lệ", "sx": "sản xuất"}
_CHAT_WORD = re.compile(rf"(?i)(?<![\w/-])({'|'.join(_CHAT_WORDS)})(?![\w/-])")
# "q1/2026", "q.2", "quý 2": a quarter as the reports write it ("quý II")
_CHAT_QUARTER = re.compile(r"(?i)(?<![\w/-])(?:q\.?|qu[yý]\s)\s?([1-4])(?=$|[\s/?.,]|nam\b)")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_CHAT_MONTHS = re.compile(r"(?i)(?<![\w/-])(\d{1,2})\s?t(?=$|[\s?.,])")  # "6t đầu năm"


def spell_out(question: str) -> str:
    """A chat question with its shorthands written out, without diacritics when it has none:
    "so dv moi 6t dau nam q1" -> "so dang vien moi 6 thang dau nam quy I"."""
    plain = (lambda w: w) if has_diacritics(question) else fold
    text = _CHAT_QUARTER.sub(lambda m: plain(f"quý {_ROMAN[m.group(1)]}"), question)
    text = _CHAT_MONTHS.sub(lambda m: plain(f"{m.group(1)} tháng"), text)
    return _CHAT_WORD.sub(lambda m: plain(_CHAT_WORDS[m.group(1).lower()]), text)
