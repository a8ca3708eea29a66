"""Places and institutions: the "xã X" / "phường X" / "thị trấn X" names of a text, the commune
a document is about, caps names in the case running text writes them."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ingest.metadata.shapes import fold_line, is_caps, tokens
from ingest.text.communes import FOLDED, UNIT_PATTERN

# units that introduce a place name, folded (not "ban"/"ap": they fold like "Ban ..."/"áp")
_PLACE_UNITS = FOLDED + ("huyen", "tinh", "thanh pho", "quan", "thi xa", "thon", "to dan pho", "xom")
# fixed spellings of institution names, by folded token sequence
INSTITUTIONS = {
    "dang uy": "Đảng ủy", "dang bo": "Đảng bộ", "uy ban nhan dan": "Ủy ban nhân dân",
    "hoi dong nhan dan": "Hội đồng nhân dân", "ban thuong vu": "Ban Thường vụ",
    "ban chap hanh": "Ban Chấp hành", "ban chi dao": "Ban Chỉ đạo", "uy ban kiem tra": "Ủy ban Kiểm tra",
    "mat tran to quoc viet nam": "Mặt trận Tổ quốc Việt Nam", "ban to chuc": "Ban Tổ chức",
    "ban tuyen giao": "Ban Tuyên giáo", "ban dan van": "Ban Dân vận", "ban xay dung dang": "Ban Xây dựng Đảng",
    "van phong": "Văn phòng", "chi bo": "Chi bộ", "huyen uy": "Huyện ủy", "tinh uy": "Tỉnh ủy",
    "thanh uy": "Thành ủy", "cong an": "Công an", "de an": "Đề án", "thuong truc": "Thường trực",
}
_KEEP_UPPER = {"UBND", "HĐND", "MTTQ", "BCĐ", "BTV", "BCH", "CCHC", "TTHC"}


def starts_with_unit(folded: str) -> bool:
    """A folded text starting with a place unit ("xa kim tan")."""
    return any(folded == u or folded.startswith(u + " ") for u in _PLACE_UNITS)


def has_unit(folded: str) -> bool:
    """A folded text naming a place unit anywhere."""
    return any(re.search(rf"\b{u}\b", folded) for u in _PLACE_UNITS)


def unit_names(text: str) -> list[tuple[str, bool]]:
    """Every "xã X" / "phường X" / "thị trấn X" name in a text: (name as written, written in caps)."""
    toks = tokens(text)
    found: list[tuple[str, bool]] = []
    k = 0
    while k < len(toks):
        word = fold_line(toks[k][0])
        width = 0
        if word == "xa" and not (k and fold_line(toks[k - 1][0]) == "thi"):
            width = 1
        elif word == "phuong":
            width = 1
        elif word == "thi" and k + 1 < len(toks) and fold_line(toks[k + 1][0]) == "tran":
            width = 2
        if not width:
            k += 1
            continue
        unit_caps = toks[k][0].isupper() and len(toks[k][0]) > 1
        names = []
        pos = toks[k + width - 1][2]
        for tok, s, e in toks[k + width:k + width + 4]:
            if text[pos:s].strip() or not tok[0].isupper() or tok.isdigit():
                break
            if unit_caps != (tok.isupper() and (len(tok) > 1 or not names)):
                break
            names.append(tok)
            pos = e
        if names and fold_line(" ".join(names[:3])) != "hoi chu nghia":
            found.append((" ".join(names), unit_caps))
        k += width + len(names)
    return found


def as_written(name: str, texts: Sequence[str]) -> str:
    """A caps name in the case running text uses ("KIM TÂN" -> "Kim Tân"), else title-cased."""
    if not is_caps(name):
        return name
    target = fold_line(name)
    for text in texts:
        for written, caps in unit_names(text):
            if not caps and fold_line(written) == target:
                return written
    return name.title()


def find_commune(region_bodies: Sequence[str], title: str | None, opening: Sequence[str], lines: Sequence[str]) -> str | None:
    """The commune: from the lowest header body, else the title, the opening, the running text."""
    for body in reversed(region_bodies):
        names = unit_names(body)
        if names:
            return as_written(names[-1][0], lines)
    for scope, prefer_last in (([title] if title else [], False), (list(opening), True)):
        names = [n for text in scope for n, _ in unit_names(text)]
        if names:
            return as_written(_most_frequent(names, prefer_last), lines)
    names = [n for text in lines for n, caps in unit_names(text) if not caps]
    return _most_frequent(names, False) if names else None


def _most_frequent(names: Sequence[str], prefer_last: bool) -> str:
    counts = Counter(fold_line(n) for n in names)
    best = max(counts.values())
    ordered = list(reversed(names)) if prefer_last else list(names)
    return next(n for n in ordered if counts[fold_line(n)] == best)


def normal_case(caps: str) -> str:
    """ "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ KIM TÂN" -> "Ban Thường vụ Đảng ủy xã Kim Tân"."""
    words = caps.split()
    out: list[str] = []
    i = 0
    place = False
    while i < len(words):
        if place:
            out.append(words[i] if words[i] in _KEEP_UPPER else words[i].capitalize())
            i += 1
            continue
        for size in (5, 4, 3, 2):
            key = fold_line(" ".join(words[i:i + size]))
            if len(words[i:i + size]) == size and key in INSTITUTIONS:
                out.append(INSTITUTIONS[key])
                i += size
                break
        else:
            word = words[i]
            folded = fold_line(word)
            if word in _KEEP_UPPER:
                out.append(word)
            elif folded == "dang":
                out.append("Đảng")
            else:
                out.append(word.lower())
            rest = fold_line(" ".join(words[i:i + 2]))
            place = folded in {"xa", "phuong", "huyen", "tinh", "quan", "thon"} or rest in {"thi tran", "thanh pho", "thi xa"}
            if rest in {"thi tran", "thanh pho", "thi xa"}:
                out.append(words[i + 1].lower())
                i += 1
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def find_written(phrase: str, lines: Sequence[str], extend_to_place: bool = False) -> str | None:
    """`phrase` as running text writes it (not caps); with extend_to_place, only followed by "xã X"."""
    target = fold_line(phrase).split()
    n = len(target)
    for text in lines:
        if target[0] not in fold_line(text):
            continue
        toks = tokens(text)
        folded = [fold_line(t[0]) for t in toks]
        for k in range(len(toks) - n + 1):
            if folded[k:k + n] != target:
                continue
            end = toks[k + n - 1][2]
            if extend_to_place:
                names = unit_names(text[end:end + 60])
                tail = text[end:end + 60]
                m = re.match(rf"^\s+(?:{UNIT_PATTERN})\s+", tail, re.IGNORECASE)
                if not (m and names and tail[m.end():].startswith(names[0][0])):
                    continue
                end += m.end() + len(names[0][0])
            written = text[toks[k][1]:end]
            if not is_caps(written):
                return written
    return None
