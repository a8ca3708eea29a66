"""Metadata of one document from its paragraph texts: split into lines, then read by the parts."""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from ingest.metadata.header import (
    body_lines,
    header_has_content,
    header_region,
    opening_lines,
    read_date,
    read_number,
    read_title,
    type_from_symbol,
    type_line,
)
from ingest.metadata.issuer import (
    expand_abbreviations,
    issuer_from_header,
    issuer_from_signature,
    issuer_from_text,
)
from ingest.metadata.period import opening_period, period_in, range_period
from ingest.metadata.places import find_commune
from ingest.metadata.shapes import VV, is_caps
from ingest.metadata.signature import read_signature, split_signature
from ingest.model import DocMetadata
from ingest.text.normal import nfc, squash

log = logging.getLogger(__name__)


def _clean_line(line: str) -> str:
    """A line without markdown emphasis around it, squashed."""
    line = squash(line)
    line = re.sub(r"^[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}$", "", line)
    return line.strip()


def _split_lines(texts: Sequence[str]) -> list[str]:
    """Every non-empty line and table cell, in order (cells split on tabs, lines on newlines)."""
    out: list[str] = []
    for text in texts:
        for raw in re.split(r"[\t\n\r]+|\s+\*+\s+", nfc(text or "")):
            line = _clean_line(raw)
            if not line:
                continue
            cut = re.search(r"\s(?=S[ốỐ]\s*:?\s*\d)", line)
            if cut and len(line) < 120 and is_caps(line[:cut.start()]):  # "ĐẢNG ỦY XÃ A Số 3-BC/ĐU"
                out.extend([line[:cut.start()], line[cut.end():]])
            else:  # decoration lines ("____", "*") kept: they end a title
                out.extend(split_signature(line))
    return out


def extract_metadata(
    texts: Sequence[str], headings: Sequence[str] = (), tables: Sequence[str] = ()
) -> DocMetadata:
    """Metadata of one document from its paragraph texts in order.

    `headings` are the section heading lines; `tables` (optional) the text of each table in
    order (rows on lines, cells tab-separated): read for a header or signature laid out as a
    table (.docx) and for the data period of annex tables when the texts do not state them.
    """
    head = {squash(h).casefold() for h in headings if h}
    lines = _split_lines(texts)
    table_lines = [_split_lines([t]) for t in tables]

    found = type_line(lines)
    type_at = found[0] if found else None
    region = header_region(lines, type_at, head)
    doc_type = found[1] if found else None
    title, title_end = (None, len(region))
    if found:
        title, title_end = read_title(lines, type_at + 1, found[2], head)
    elif any(VV.match(x) for x in region):
        at = next(k for k, x in enumerate(region) if VV.match(x))
        title, title_end = read_title(lines, at + 1, region[at], head)
    if not header_has_content(region) and table_lines and header_has_content(table_lines[0]):
        region = table_lines[0] + region

    number = read_number(region)
    if doc_type is None and number:
        doc_type = type_from_symbol(number, title)
    when = read_date(region, lines)
    bodies = body_lines(region)
    opening = opening_lines(lines, title_end, head)
    commune = find_commune(bodies, title, opening, lines)

    body, roles, signer = read_signature(lines, title_end)
    if signer is None and body is None:
        for cells in reversed(table_lines):
            body, roles, signer = read_signature(cells, 0)
            if body or signer:
                break
    issuer = (
        issuer_from_header(bodies, lines)
        or issuer_from_text(opening)
        or issuer_from_signature(body, roles, commune, lines)
    )
    issuer = expand_abbreviations(issuer) if issuer else None
    period = (
        (period_in(title) if title else None)
        or opening_period(opening)
        or range_period(list(texts) + list(tables))
    )
    meta = DocMetadata(
        doc_type=doc_type, title=title, number=number, date=when, issuer=issuer,
        commune=commune, period=period, signer=signer,
    )
    log.debug("metadata: %s", meta)
    return meta
