"""Word list numbering: the label Word renders for a numbered or bulleted paragraph.

Resolves a paragraph's numPr (its own, or its style's through basedOn, or a style linked
from an abstractNum level) to numbering.xml: num -> abstractNum level (numFmt, lvlText,
start, overrides). Counters run per numId and level; a level resets the deeper ones.
Bullets render as "-" (or "+" / "*" when that is the glyph).
"""
from __future__ import annotations

from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BULLETS = {"+": "+", "*": "*"}  # every other bullet glyph (•, , –, o, ...) renders as "-"


def wval(el, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(W + tag)
    return None if child is None else child.get(W + "val")


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class _Level:
    fmt: str  # numFmt: decimal, lowerLetter, upperRoman, bullet, ...
    text: str  # lvlText: "%1.", "%1.%2.", "%2)", "•"
    start: int
    legal: bool = False  # isLgl: referenced levels shown as decimal


class ListNumbering:
    """Renders the list label of numbered/bulleted paragraphs, counting per numId and level."""

    def __init__(
        self,
        nums: dict[str, dict[int, _Level]],
        styles: dict[str, tuple[str | None, int | None]],
        style_levels: dict[str, tuple[str, int]],
    ):
        self._nums = nums  # numId -> levels (overrides applied)
        self._styles = styles  # styleId -> (numId, ilvl) from the style's own pPr, basedOn chain resolved
        self._style_levels = style_levels  # styleId -> (numId, ilvl) from an abstractNum level's pStyle
        self._counts: dict[str, dict[int, int]] = {}

    @classmethod
    def from_document(cls, document) -> ListNumbering | None:
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return None
        styles_el = document.styles.element
        style_num = _style_numpr(styles_el)
        abstracts: dict[str, dict[int, _Level]] = {}
        links: dict[str, str] = {}  # abstractNumId -> styleId of numStyleLink
        level_styles: dict[str, list[tuple[str, int]]] = {}
        for an in root.findall(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            abstracts[aid] = {}
            for lvl in an.findall(W + "lvl"):
                ilvl = to_int(lvl.get(W + "ilvl"), 0)
                abstracts[aid][ilvl] = _level(lvl)
                if wval(lvl, "pStyle"):
                    level_styles.setdefault(aid, []).append((wval(lvl, "pStyle"), ilvl))
            if wval(an, "numStyleLink"):
                links[aid] = wval(an, "numStyleLink")
        num_abstract = {n.get(W + "numId"): wval(n, "abstractNumId") for n in root.findall(W + "num")}
        for aid, style_id in links.items():  # follow numStyleLink to the list the style uses
            target = num_abstract.get((style_num.get(style_id) or (None, None))[0])
            if target in abstracts and target != aid:
                abstracts[aid] = abstracts[target]
        nums: dict[str, dict[int, _Level]] = {}
        style_levels: dict[str, tuple[str, int]] = {}
        for n in root.findall(W + "num"):
            nid, aid = n.get(W + "numId"), wval(n, "abstractNumId")
            levels = dict(abstracts.get(aid, {}))
            for ov in n.findall(W + "lvlOverride"):
                ilvl = to_int(ov.get(W + "ilvl"), 0)
                if ov.find(W + "lvl") is not None:
                    levels[ilvl] = _level(ov.find(W + "lvl"))
                start = wval(ov, "startOverride")
                if start is not None and ilvl in levels:
                    lv = levels[ilvl]
                    levels[ilvl] = _Level(lv.fmt, lv.text, to_int(start, lv.start), lv.legal)
            nums[nid] = levels
            for style_id, ilvl in level_styles.get(aid, []):
                style_levels.setdefault(style_id, (nid, ilvl))
        return cls(nums, style_num, style_levels)

    def paragraph_label(self, p, style_id: str | None) -> str:
        num_id, ilvl = self._numpr(p, style_id)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        return self.next_label(num_id, ilvl)

    def _numpr(self, p, style_id: str | None) -> tuple[str | None, int]:
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = wval(numpr, "numId")
        ilvl = wval(numpr, "ilvl")
        if num_id is None and style_id:
            num_id, style_ilvl = self._styles.get(style_id, (None, None))
            if num_id and style_ilvl is None and style_id in self._style_levels:
                num_id, style_ilvl = self._style_levels[style_id]
            ilvl = ilvl if ilvl is not None else style_ilvl
        return num_id, to_int(None if ilvl is None else str(ilvl), 0)

    def next_label(self, num_id: str, ilvl: int) -> str:
        levels = self._nums[num_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        counts = self._counts.setdefault(num_id, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if level.fmt == "bullet":
            return _BULLETS.get(level.text.strip(), "-")

        def render(k: int) -> str:
            lv = levels.get(k)
            if lv is None:
                return ""
            fmt = "decimal" if level.legal and k < ilvl else lv.fmt
            return format_number(counts.get(k, lv.start), fmt)

        label = level.text
        for k in range(9, 0, -1):
            label = label.replace(f"%{k}", render(k - 1))
        return label.strip()


def _level(lvl) -> _Level:
    return _Level(
        fmt=wval(lvl, "numFmt") or "decimal",
        text=wval(lvl, "lvlText") or "",
        start=to_int(wval(lvl, "start"), 1),
        legal=lvl.find(W + "isLgl") is not None,
    )


def _style_numpr(styles_el) -> dict[str, tuple[str | None, int | None]]:
    """styleId -> (numId, ilvl or None) from the style or the nearest basedOn ancestor having numPr."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in styles_el.findall(W + "style"):
        sid = style.get(W + "styleId")
        ppr = style.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None and wval(numpr, "numId") is not None:
            ilvl = wval(numpr, "ilvl")
            own[sid] = (wval(numpr, "numId"), None if ilvl is None else to_int(ilvl, 0))
        if wval(style, "basedOn"):
            based[sid] = wval(style, "basedOn")
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for sid in set(own) | set(based):
        cur, seen = sid, set()
        while cur and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur)
        if cur in own:
            resolved[sid] = own[cur]
    return resolved


def format_number(n: int, fmt: str) -> str:
    """A counter value in a Word numFmt: decimal 3, decimalZero 03, lowerLetter c, upperRoman III."""
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)
