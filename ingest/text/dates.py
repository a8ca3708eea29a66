"""Calendar dates as reports write them and as the knowledge base stores them (ISO)."""
from __future__ import annotations

from datetime import date


def iso_date(day: str | int, month: str | int, year: str | int) -> str | None:
    """ "16", "6", "2025" -> "2025-06-16"; None when it is no calendar date (or the year is not 4 digits)."""
    if len(str(year)) != 4:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def vn_date(iso: str | None) -> str:
    """ "2025-06-16" -> "16/6/2025", as reports write a date; "" for no date."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"
