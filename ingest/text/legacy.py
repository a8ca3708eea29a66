"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC, the .VnTime fonts) and VNI (the VNI-Times fonts).

Before Unicode, Vietnamese text was typed in ordinary 8-bit fonts whose glyphs were redrawn:
the bytes are Latin-1 characters ("Uû ban nh©n d©n"), the font made them look Vietnamese.
Word files keep those characters with the font name (runs in .VnTime, .VnTimeH, VNI-Times);
text files keep only the bytes. This module owns, as pure functions:

- the two code tables (written from the published TCVN 5712:1993 VN3 and VNI-Windows
  layouts) and their conversions both ways (`to_unicode`, `from_unicode`);
- `font_encoding`: which encoding a font name implies (".VnTimeH": TCVN3 in capitals);
- `detect_legacy`: which encoding a text is in, by counting the words that become valid
  Vietnamese syllables under each reading (no font needed);
- `modern_tone_marks`: the tone mark of the open syllables oa/oe/uy moved to the modern
  place ("Uỷ" -> "Ủy", "hoà" -> "hòa"), applied to converted legacy text only.

TCVN3 has no capital letters with tone marks: they were typed in the capitals font
(.VnTimeH) with the lower-case codes, hence `upper=True` for those runs.
"""
from __future__ import annotations

import re
import unicodedata

from ingest.text.normal import nfc

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}


def converted_warning(encoding: str) -> str:
    """The Vietnamese note recorded on a document converted from a legacy encoding."""
    return f"Văn bản dùng bảng mã cũ {NAMES[encoding]}, đã được chuyển sang Unicode."

# ---- TCVN3 (VN3) ---------------------------------------------------------------------
# Each row: the letter, its own code (None when it is plain ASCII), then the codes of the
# letter with grave, hook above, tilde, acute and dot below, in that (the table's) order.
_TCVN3_ROWS: tuple[tuple[str, int | None, tuple[int, int, int, int, int]], ...] = (
    ("a", None, (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", 0xA8, (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", 0xA9, (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", None, (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", 0xAA, (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", None, (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", None, (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", 0xAB, (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", 0xAC, (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", None, (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", 0xAD, (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", None, (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
_TONE_MARKS = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # grave, hook, tilde, acute, dot
_TCVN3_SINGLE = {0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}


def _tcvn3_table() -> dict[int, str]:
    table = dict(_TCVN3_SINGLE)
    for letter, own, toned in _TCVN3_ROWS:
        if own is not None:
            table[own] = letter
        for code, mark in zip(toned, _TONE_MARKS):
            table[code] = nfc(letter + mark)
    return table


TCVN3_TO_UNICODE: dict[int, str] = _tcvn3_table()  # Latin-1 code point -> Unicode letter
UNICODE_TO_TCVN3: dict[str, str] = {u: chr(c) for c, u in TCVN3_TO_UNICODE.items()}

# ---- VNI ------------------------------------------------------------------------------
# A base letter followed by a mark character; a few letters are single characters.
_VNI_MARKS = {
    "ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_SINGLE.update({k.upper(): v.upper() for k, v in list(_VNI_SINGLE.items())})
_VNI_BASES = set("aeiouyAEIOUYơưƠƯ")
# which marks each base takes (circumflex on a/e/o, breve on a only, tones on every vowel)
_VNI_TONES_ONLY = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def _vni_mark_allowed(base: str, marks: str) -> bool:
    b = base.lower()
    if marks in _VNI_TONES_ONLY:
        return True
    if marks.startswith("\u0302"):
        return b in "aeo"
    return b == "a"  # breve


def _vni_encode_table() -> dict[str, str]:
    """Unicode letter -> VNI characters (the inverse of the decoder)."""
    out: dict[str, str] = {letter: single for single, letter in _VNI_SINGLE.items()}
    for mark_char, marks in _VNI_MARKS.items():
        for base in _VNI_BASES:
            if mark_char.isupper() != base.isupper() or not _vni_mark_allowed(base, marks):
                continue
            composed = nfc(base + marks)
            if len(composed) == 1 and composed not in out:
                out[composed] = out.get(base, base) + mark_char
    return out


UNICODE_TO_VNI: dict[str, str] = _vni_encode_table()

# ---- conversions ----------------------------------------------------------------------


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """TCVN3 characters to Unicode; `upper` for runs in a capitals font (.VnTimeH)."""
    out = nfc(text.translate(TCVN3_TO_UNICODE))
    return out.upper() if upper else out


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    for ch in text:
        marks = _VNI_MARKS.get(ch)
        if marks and out and out[-1] in _VNI_BASES and _vni_mark_allowed(out[-1], marks):
            out.append(marks)
        else:
            out.append(_VNI_SINGLE.get(ch, ch))
    return nfc("".join(out))


def to_unicode(text: str, encoding: str, upper: bool = False) -> str:
    """Legacy text (its bytes as Latin-1 characters) to Unicode, modern tone placement.

    TCVN3 without the capitals font: capital words keep their capitals ("§¶NG" -> "ĐẢNG").
    """
    if encoding == TCVN3:
        converted = tcvn3_to_unicode(text, upper)
        return modern_tone_marks(converted if upper else restore_capitals(converted))
    if encoding == VNI:
        return modern_tone_marks(vni_to_unicode(text))
    raise ValueError(f"unknown legacy encoding {encoding!r}")


_WORD = re.compile(r"[^\W\d_]+")


def restore_capitals(text: str) -> str:
    """Upper-case the text or words written in capitals but for TCVN3's lower-case codes.

    TCVN3 has no capitals with tone marks, so "ĐẢNG ỦY" comes out as "ĐảNG ủY". A text is all
    capitals when at least two of its words with tone marks have ASCII letters and those are all
    capitals ("BáO CáO", not "Số: 15/KH-UBND"); a word is when a capital follows a lower-case letter.
    """
    marked = [w for w in _WORD.findall(text) if not w.isascii() and any(ch.isascii() for ch in w)]
    if len(marked) >= 2 and all(ch.isupper() for w in marked for ch in w if ch.isascii()):
        return text.upper()
    return _WORD.sub(lambda m: m.group().upper() if _lower_then_upper(m.group()) else m.group(), text)


def _lower_then_upper(word: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def from_unicode(text: str, encoding: str) -> str:
    """Unicode to legacy characters, as the old keyboard drivers typed them.

    TCVN3 has no codes for capitals with tone marks ("Ủ", "Ấ"): like the drivers, they get the
    lower-case code, which the capitals font (.VnTimeH) displays as a capital.
    """
    if encoding == TCVN3:
        return "".join(UNICODE_TO_TCVN3.get(ch, UNICODE_TO_TCVN3.get(ch.lower(), ch)) for ch in nfc(text))
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in nfc(text))


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """(legacy encoding, capitals font) implied by a font name: ".VnTimeH" -> ("tcvn3", True)."""
    name = (font or "").strip()
    if name.lower().startswith(".vn"):
        return TCVN3, name.endswith("H")
    if re.match(r"vni[-\s_]", name, re.IGNORECASE):
        return VNI, False
    return None, False


# ---- tone placement -------------------------------------------------------------------

# (consonants)(o|u)(a|e|y)(tone) closing the word, in NFD: the old place of the tone mark
_OLD_TONE = re.compile(
    r"(?<![\w\u0300-\u036f])([b-df-hj-np-tv-zđ]*)([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])",
    re.IGNORECASE,
)
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def modern_tone_marks(text: str) -> str:
    """'Uỷ ban', 'hoà', 'khoẻ' -> 'Ủy ban', 'hòa', 'khỏe'; 'quý', 'hoàn', 'thuyền' unchanged."""

    def move(m: re.Match) -> str:
        onset, v1, v2, tone = m.groups()
        if (v1.lower(), v2.lower()) not in _PAIRS or onset[-1:].lower() == "q":
            return m.group()
        return onset + v1 + tone + v2

    return nfc(_OLD_TONE.sub(move, unicodedata.normalize("NFD", text)))


# ---- detection ------------------------------------------------------------------------

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = (
    "iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_CODA = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?P<n>{_NUCLEUS})(?P<c>{_CODA})?")
_EDGE = ".,;:!?()[]{}<>\"'“”‘’«»…-–—/*%"
_TONE_SET = set(_TONE_MARKS)


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable (letters only, at most one tone mark, sensible case): 'nhân', 'Ủy', 'NGHIÊNG'."""
    if word not in (word.lower(), word.upper(), word[:1].upper() + word[1:].lower()):
        return False  # "phÝ", "UÛy": a legacy code read as a Latin-1 capital
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in _TONE_SET for ch in decomposed)
    bare = nfc("".join(ch for ch in decomposed if ch not in _TONE_SET))
    m = _SYLLABLE.fullmatch(bare) if tones <= 1 else None
    return bool(m) and _rhyme_ok(m.group("n"), m.group("c") or "")


def _rhyme_ok(nucleus: str, coda: str) -> bool:
    """The few nucleus/coda pairs Vietnamese never has: 'ơng', 'ơc', 'ing', 'ênh' is fine, 'onh' is not."""
    if coda in ("nh", "ch"):
        return nucleus[-1] in "aêiy"
    if coda in ("ng", "c"):
        return nucleus not in ("ơ", "i", "y", "ê")
    return True


def syllable_score(text: str) -> tuple[int, int]:
    """(words that are Vietnamese syllables, words with a non-ASCII character) over the text."""
    valid = total = 0
    for token in text.split():
        word = token.strip(_EDGE)
        if word and not word.isascii():
            total += 1
            valid += is_syllable(word)
    return valid, total


def _valid_words(text: str) -> int:
    return sum(is_syllable(t.strip(_EDGE)) for t in text.split() if t.strip(_EDGE))


def best_reading(candidates: dict[str, str], baseline: str) -> str:
    """The candidate reading with clearly more valid syllables than `baseline`'s (else baseline).

    `candidates` maps names to the same content read different ways, baseline included.
    "Clearly": at least one more valid word, and a quarter of the baseline's non-ASCII words.
    """
    base_text = candidates[baseline]
    base_valid = _valid_words(base_text)
    _, base_total = syllable_score(base_text)
    best, best_valid = baseline, base_valid
    for name, text in candidates.items():
        valid = _valid_words(text)
        if valid > best_valid:
            best, best_valid = name, valid
    if best != baseline and best_valid - base_valid >= max(1, base_total / 4):
        return best
    return baseline


def detect_legacy(text: str) -> str | None:
    """"tcvn3" or "vni" when the text reads as Vietnamese only under that encoding, else None.

    Text with letters beyond Latin-1 ("ạ", "ệ", "ư") is Unicode already: legacy text never has them.
    """
    if text.isascii() or any(ord(ch) > 0xFF and ch.isalpha() for ch in text):
        return None
    candidates = {"": text, TCVN3: tcvn3_to_unicode(text), VNI: vni_to_unicode(text)}
    return best_reading(candidates, "") or None


def convert_if_legacy(text: str) -> tuple[str, str | None]:
    """(Unicode text, the legacy encoding it was in or None)."""
    encoding = detect_legacy(text)
    return (to_unicode(text, encoding), encoding) if encoding else (text, None)


def convert_lines(lines: list[str]) -> tuple[list[str], str | None]:
    """Lines with their legacy-encoded ones converted; the encoding detected (None: nothing converted).

    Detection pools the lines that could be legacy (non-ASCII, no letter beyond Latin-1); each
    of them is converted unless it reads worse converted, so in a Unicode document with a
    pasted TCVN3 paragraph only that paragraph is converted.
    """
    candidates = [i for i, line in enumerate(lines) if _maybe_legacy(line)]
    encoding = detect_legacy("\n".join(lines[i] for i in candidates)) if candidates else None
    if encoding is None:
        return list(lines), None
    out = list(lines)
    for i in candidates:
        converted = to_unicode(lines[i], encoding)
        if _reads_better(converted, lines[i]):
            out[i] = converted
    return out, encoding


def convert_font_text(text: str, encoding: str, upper: bool = False) -> str | None:
    """Text set in a legacy font, converted; None when it is Unicode typed in that font anyway.

    Documents styled in .VnTime often hold text typed later in Unicode: such text has letters
    beyond Latin-1 ("ệ", "ư"), or reads worse converted, and is left alone.
    """
    if not _maybe_legacy(text):
        return None
    converted = to_unicode(text, encoding, upper)
    return converted if _reads_better(converted, text) else None


def _reads_better(converted: str, original: str) -> bool:
    """At least as many valid words (a tie goes to the encoding the whole document is in)."""
    return _valid_words(converted) >= _valid_words(original)


def _maybe_legacy(text: str) -> bool:
    return not text.isascii() and not any(ord(ch) > 0xFF and ch.isalpha() for ch in text)


# ---- the lost "ư" -------------------------------------------------------------------------

# TCVN3's "ư" is 0xAD, the soft hyphen: tools that drop soft hyphens (antiword) lose it.
_HORN_O = re.compile(r"(?<!\w)([b-df-hj-np-tv-zđ]+)([ơớờởỡợ])([a-zđ]*)(?!\w)", re.IGNORECASE)
# words that are valid without the "ư" but, in reports, almost always lost it
_LOST_HORN_WORDS = {"ngơi": "ngươi", "ngời": "người", "mơi": "mươi"}


def restore_lost_u_horn(text: str) -> str:
    """'đờng', 'đợc', 'ngời' -> 'đường', 'được', 'người' (TCVN3 text whose 0xAD bytes were dropped).

    "ư" is put back before an "ơ" only where the word is not Vietnamese without it (ơ + ng/c/u)
    or is one of a few words that are rare as written but frequent with "ư" (người, mươi).
    """

    def fix(m: re.Match) -> str:
        onset, vowel, rest = m.groups()
        word = m.group()
        key = word.lower()
        if key in _LOST_HORN_WORDS:
            fixed = _LOST_HORN_WORDS[key]
            return fixed.capitalize() if word[0].isupper() else fixed
        restored = onset + ("Ư" if vowel.isupper() else "ư") + vowel + rest
        if not is_syllable(word) and is_syllable(restored):
            return restored
        return word

    return _HORN_O.sub(fix, nfc(text))
