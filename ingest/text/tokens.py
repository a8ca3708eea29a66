"""Index and query tokens of Vietnamese text, the one tokenizer of BM25 and the answerers' terms.

Tokens are built so that what officials type matches what reports write:
- every word twice: lowercase as written ("xã") and diacritic-folded ("xa"), so a query
  typed without diacritics still matches, and one with diacritics matches exactly a bit higher;
- document symbols stay whole ("1669/nq-ubtvqh15", "176-kl/tw", "02-bc/bcđ" from "02 -BC/BCĐ")
  plus their pure-number parts ("1669"), so "nq 1669" and "1669/NQ-UBTVQH15" both hit;
- administrative abbreviations (UBND, HĐND, CCHC, "CB,CC,VC", KT-XH, ...) add the tokens of
  their expansion on both sides (query and passage), so "cchc" matches "cải cách hành chính"
  and "cải cách hành chính" matches a passage that only says "CCHC".
"""
from __future__ import annotations

import re

from ingest.text.normal import fold, squash

# Bump when tokenize() changes: a saved index built with other tokens must be rebuilt.
TOKENIZER_VERSION = 3

# Abbreviation (lowercase, as written) -> expansion. Folded spellings are accepted too
# (see ABBREVIATION_WORDS) except where the folded form is an ordinary word ("đu" -> "du").
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "cchc": "cải cách hành chính",
    "tthc": "thủ tục hành chính",
    "đu": "đảng ủy",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "bcđ": "ban chỉ đạo",
    "cbccvc": "cán bộ công chức viên chức",
    "cbcc": "cán bộ công chức",
    "dvc": "dịch vụ công",
    "cntt": "công nghệ thông tin",
    "qppl": "quy phạm pháp luật",
    "ktxh": "kinh tế xã hội",
    "antt": "an ninh trật tự",
    "qpan": "quốc phòng an ninh",
    "ldtbxh": "lao động thương binh và xã hội",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "nsnn": "ngân sách nhà nước",
    "pvhcc": "phục vụ hành chính công",
    "gpmb": "giải phóng mặt bằng",
    "ntm": "nông thôn mới",
    "cđs": "chuyển đổi số",
    "csdl": "cơ sở dữ liệu",
    "ubkt": "ủy ban kiểm tra",
    "vbqppl": "văn bản quy phạm pháp luật",
    "nq": "nghị quyết",
    "qđ": "quyết định",
    "kl": "kết luận",
    "kh": "kế hoạch",
    "gcn": "giấy chứng nhận",
    "qsdđ": "quyền sử dụng đất",
    "atgt": "an toàn giao thông",
    "attp": "an toàn thực phẩm",
    "dtts": "dân tộc thiểu số",
    "ctmtqg": "chương trình mục tiêu quốc gia",
}
_FOLDED_ALIAS_BLOCKLIST = {"du"}  # "đu" folded is the ordinary syllable "du" (du lịch)

# Written forms joined into one abbreviation before tokenizing: "CB, CC, VC", "KT-XH", "QP-AN".
_JOINED_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcb\s*[,;/-]\s*cc\s*[,;/-]\s*vc\b"), "cbccvc"),
    (re.compile(r"\bcb\s*[,;/-]\s*cc\b"), "cbcc"),
    (re.compile(r"\bkt\s*[-–/]\s*xh\b"), "ktxh"),
    (re.compile(r"\bqp\s*[-–/]\s*an\b"), "qpan"),
    (re.compile(r"\blđtb\s*(?:&|và|-)\s*xh\b|\bldtb\s*(?:&|va|-)\s*xh\b"), "ldtbxh"),
)

# A run starting with a digit and joined by "/" or "-" (one optional space each side):
# a document symbol when it has a "/" and a letter, else a date/range/ratio split into words.
_TOKEN = re.compile(
    r"(?P<sym>\d[^\W_]*(?:\s?[-/]\s?[^\W_]+)+)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W_]+)"
)
_PLAIN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _build_abbrev_lookup() -> dict[str, tuple[str, ...]]:
    lookup: dict[str, tuple[str, ...]] = {}
    for abbr, expansion in ABBREVIATIONS.items():
        words = tuple(expansion.split())
        lookup[abbr] = words
        folded = fold(abbr)
        if folded != abbr and folded not in _FOLDED_ALIAS_BLOCKLIST:
            lookup.setdefault(folded, words)
    return lookup


ABBREVIATION_WORDS = _build_abbrev_lookup()  # abbreviation token -> the words it stands for
ABBREVIATION_TOKENS = frozenset(ABBREVIATION_WORDS)  # tokens that stand for words (expanded by tokenize)


def _word_forms(word: str) -> list[str]:
    """A lowercase word as written and folded (once when they are equal)."""
    folded = fold(word)
    return [word] if folded == word else [word, folded]


def _number_forms(raw: str) -> list[str]:
    """"1.280" -> ["1.280", "1280"]; "02" -> ["02", "2"]; "26,64" -> ["26,64"]."""
    forms = [raw]
    if _THOUSANDS.fullmatch(raw):
        forms.append(raw.replace(".", ""))
    elif raw.isdigit() and len(raw) > 1 and raw.startswith("0"):
        forms.append(raw.lstrip("0") or "0")
    return forms


def _symbol_forms(raw: str) -> list[str]:
    """"1669/nq-ubtvqh15" -> itself (and folded if it differs) plus its pure-number parts."""
    symbol = re.sub(r"\s+", "", raw)
    forms = _word_forms(symbol)
    for part in re.split(r"[-/]", symbol):
        if part.isdigit():
            forms.extend(_number_forms(part))
    return forms


def _plain_tokens(span: str) -> list[str]:
    out: list[str] = []
    for match in _PLAIN.finditer(span):
        piece = match.group()
        out.extend(_number_forms(piece) if piece[0].isdigit() else _expand_word(piece))
    return out


def _expand_word(word: str) -> list[str]:
    forms = _word_forms(word)
    expansion = ABBREVIATION_WORDS.get(word)
    if expansion:
        for part in expansion:
            forms.extend(_word_forms(part))
    return forms


def tokenize(text: str) -> list[str]:
    """Index/query tokens of `text` (see the module docstring). Order follows the text."""
    low = squash(text).lower()
    for pattern, joined in _JOINED_FORMS:
        low = pattern.sub(joined, low)
    tokens: list[str] = []
    for match in _TOKEN.finditer(low):
        kind, piece = match.lastgroup, match.group()
        if kind == "sym":
            if "/" in piece and any(ch.isalpha() for ch in piece):
                tokens.extend(_symbol_forms(piece))
            else:
                tokens.extend(_plain_tokens(piece))
        elif kind == "num":
            tokens.extend(_number_forms(piece))
        else:
            tokens.extend(_expand_word(piece))
    return tokens
