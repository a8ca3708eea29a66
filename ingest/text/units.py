"""Units of figures: normalised forms, synonyms, and whether a figure counts what a question asks."""
from __future__ import annotations

import re

from ingest.text.normal import fold, squash

# Units that say little alone: the measure must be found too ("bao nhiêu người" could be anything).
GENERIC_UNITS = frozenset({"nguoi", "%", "phan tram", "dong", "trieu dong", "ty dong", "lan", "luot", "luot nguoi"})
UNIT_SYNONYMS = (
    frozenset({"nguoi", "dong chi", "d/c", "thanh vien", "nguoi dan", "can bo", "cong chuc"}),
    frozenset({"%", "phan tram"}),
    frozenset({"km2", "km 2", "km vuong"}),
    frozenset({"don", "don thu", "don thu khieu nai"}),
    frozenset({"dong", "nghin dong", "ngan dong", "trieu dong", "ty dong"}),  # money, whatever its scale
)
_MONEY = UNIT_SYNONYMS[-1]
_LABEL_PARTS = re.compile(r" – |, |; ")


def norm_unit(text: str | None) -> str:
    return squash(fold((text or "").replace("²", "2")))


def forms(unit: str) -> set[str]:
    """The unit and its synonyms, also those of its leading words ("người dân" -> "người" group);
    money per something ("đồng/tổ/tháng") is money."""
    words = unit.split(" ")
    out = {unit}
    if "/" in unit and unit.split("/")[0] in _MONEY:
        out |= _MONEY
    for n in range(1, len(words) + 1):
        prefix = " ".join(words[:n])
        for group in UNIT_SYNONYMS:
            if prefix in group and (group is not _MONEY or n == len(words)):  # "đồng chí" is no money
                out |= group
    return out


def counted_names(figure: dict) -> set[str]:
    """What the figure counts: its unit, and for a table cell (start < 0) the parts of its column header."""
    names = {norm_unit(figure["unit"])}
    if figure["start"] < 0:
        names |= {norm_unit(part) for part in _LABEL_PARTS.split(figure["label"])}
    return set(filter(None, names))


def unit_match(ask_unit: str, figure: dict) -> bool:
    """Does the figure count what the ask counts? Whole-word prefix match either way, with synonyms."""
    asked = norm_unit(ask_unit)
    if not asked:
        return False
    for cand in counted_names(figure):
        for a in forms(asked):
            for c in forms(cand):
                short, long = sorted((a, c), key=len)
                if (long + " ").startswith(short + " ") and not _homograph(short, long):
                    return True  # whole leading words: "hộ nghèo" are "hộ"
    return False


def _homograph(short: str, long: str) -> bool:
    """Folded words that lead another unit without meaning it: "đồng" (money) is not "đồng chí",
    "hộ" is not "hồ sơ"."""
    return (short in _MONEY and long not in _MONEY) or (short == "ho" and long.startswith("ho so"))


def unit_keys(names: set[str]) -> set[str]:
    """Index keys of unit names: the first word of each form. Two units can match (unit_match) only
    if they share a key, so the keys narrow the candidates without losing any."""
    return {_key(f.split(" ")[0]) for name in names for f in forms(name)}


def _key(word: str) -> str:
    return "pct" if word == "%" else re.sub(r"[^0-9a-z./]", "", word) or "u0"
