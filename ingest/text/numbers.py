"""Vietnamese number notation: "1.280" -> 1280, "26,64" -> 26.64, "53/53" -> 53, money in tỷ; and back.

- `.` groups thousands only when followed by exactly three digits ("1.280");
  otherwise it is a decimal mark ("1.77%", "98.23"). `,` is the decimal mark,
  except in "1,234,567" and in "1,280 người" (three digits before a counted noun).
- A ratio "53/53" has the value of its first number.
- Money written "525tỷ550 triệu đồng" is read in triệu đồng (525550).
"""
from __future__ import annotations

import re

DIGITS = "0-9"
NUMBER = rf"[{DIGITS}]+(?:[.,][{DIGITS}]+)*"
_NUM_RE = re.compile(rf"^\s*({NUMBER})(?:\s*/\s*({NUMBER}))?")
MONEY_RE = re.compile(rf"\s*({NUMBER})\s*tỷ(?:\s*({NUMBER})\s*(?:triệu)?)?(?:\s*đồng)?", re.IGNORECASE)

def plain_number(core: str, count_unit: bool = False) -> float | None:
    """One number without unit: Vietnamese notation, leading zeros allowed."""
    if not re.fullmatch(NUMBER, core):
        return None
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        dec = "," if core.rfind(",") > core.rfind(".") else "."
        grp = "." if dec == "," else ","
        whole, _, frac = core.rpartition(dec)
        return float(whole.replace(grp, "") + "." + frac)
    if dots:
        if re.fullmatch(rf"[{DIGITS}]{{1,3}}(?:\.[{DIGITS}]{{3}})+", core):
            return float(core.replace(".", ""))
        if dots == 1:
            return float(core)
        return None
    if commas:
        if re.fullmatch(rf"[{DIGITS}]{{1,3}}(?:,[{DIGITS}]{{3}}){{2,}}", core):
            return float(core.replace(",", ""))
        if count_unit and re.fullmatch(rf"[{DIGITS}]{{1,3}},[{DIGITS}]{{3}}", core):
            return float(core.replace(",", ""))
        if commas == 1:
            return float(core.replace(",", "."))
        return None
    return float(core)


def parse_number(raw: str) -> float | None:
    """Value of a number as written in a Vietnamese report, or None.

    "1.280" -> 1280, "26,64" -> 26.64, "1.77%" -> 1.77, "03" -> 3,
    "53/53" -> 53, "525tỷ550 triệu đồng" -> 525550 (triệu đồng),
    "57,5 triệu đồng/người/năm" -> 57.5. Trailing unit text is ignored.
    """
    if not raw or not raw.strip():
        return None
    money = MONEY_RE.match(raw)
    if money and money.group(2):
        big, small = plain_number(money.group(1)), plain_number(money.group(2))
        if big is not None and small is not None:
            return big * 1000 + small
    m = _NUM_RE.match(raw)
    if not m:
        return None
    rest = raw[m.end():]
    if re.match(rf"\s*/\s*[{DIGITS}]", rest):  # "16/6/2025": a date, not a number
        return None
    return plain_number(m.group(1))


def vn_number(value: float) -> str:
    """A value in Vietnamese notation, rounded to two decimals: 34523 -> "34.523", 26.64 -> "26,64"."""
    whole, _, frac = f"{abs(value):.2f}".partition(".")
    frac = frac.rstrip("0")
    sign = "-" if value < 0 and (int(whole) or frac) else ""
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
