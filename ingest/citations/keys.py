"""One key per directive ("1669/nq-ubtvqh15", "59-kh/tu") and the parts of a symbol."""
from __future__ import annotations

import re

from ingest.text.normal import fold, nfc
from ingest.text.vocabulary import SYMBOL_TYPES


def canonical_key(kind: str, number: str | None, symbol: str | None) -> str:
    """One key per directive: folded symbol without spaces, party year and leading zeros dropped.

    With no usable symbol the key is the folded kind plus the number (a weak key).
    """
    parsed = parse_symbol(symbol) if symbol else None
    if parsed:
        num = parsed["number"].lstrip("0") or "0"
        if parsed["form"] == "party":
            body = f"{num}-{parsed['type']}/{parsed['issuer']}"
        else:
            tail = "-".join(p for p in (parsed["type"], parsed["issuer"]) if p)
            body = "/".join(p for p in (num, parsed["year"], tail) if p)
        return re.sub(r"\s+", "", fold(body))
    number = number or (re.match(r"\d+", symbol).group() if symbol and re.match(r"\d+", symbol) else None)
    key = fold(kind).strip()
    if number:
        key += " " + (number.lstrip("0") or "0")
        year = re.fullmatch(r"\d+/((?:19|20)\d{2})", re.sub(r"\s+", "", symbol or ""))
        if year:
            key += "/" + year.group(1)
    return key


def parse_symbol(symbol: str) -> dict | None:
    """Split a symbol into number, type, year, issuer and form ("state", "party", "letter").

    "57-NQ/2025/TW" -> party, type NQ, year 2025, issuer TW; "61/2018/NĐ-CP" -> state;
    "183/UBND-NV" -> letter (no type). None when there is no letter part ("61/2018").
    """
    s = re.sub(r"\s+", "", nfc(symbol or ""))
    m = re.fullmatch(r"(\d+)([-/])(.+)", s)
    if not m or not re.search(r"[A-Za-zĐđ]", m.group(3)):
        return None
    number, sep, rest = m.groups()
    parts = [p for p in re.split(r"[-/]", rest) if p]
    if not parts:
        return None
    if sep == "-":  # party form: number-TYPE[/year]/ISSUER
        kind = parts[0]
        others = parts[1:]
        year = others[0] if others and re.fullmatch(r"(?:19|20)\d{2}", others[0]) else None
        if year:
            others = others[1:]
        return {"number": number, "type": kind, "year": year,
                "issuer": "-".join(others) or None, "form": "party"}
    year = parts[0] if re.fullmatch(r"(?:19|20)\d{2}", parts[0]) else None
    others = parts[1:] if year else parts
    if not others:
        return None
    if others[0] in SYMBOL_TYPES:
        return {"number": number, "type": others[0], "year": year,
                "issuer": "-".join(others[1:]) or None, "form": "state"}
    return {"number": number, "type": None, "year": year, "issuer": "-".join(others),
            "form": "state" if year else "letter"}
