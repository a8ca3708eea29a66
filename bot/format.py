"""Reply text for chat apps: HTML escaping (Telegram), plain text (Zalo, terminal), and splitting.

A reply is plain text whose paragraphs are separated by blank lines. `html_paragraph` escapes
one paragraph and adds light markup (bold labels); because markup never spans paragraphs,
splitting on paragraph boundaries keeps every message well-formed. Limits: Telegram counts
4,096 UTF-16 code units of the text after entity parsing; Zalo 2,000 characters.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable

TELEGRAM_LIMIT = 4096
ZALO_LIMIT = 2000

_TAG = re.compile(r"<[^>]*>")
_LABEL = re.compile(r"^(Nguồn|Mục|Trích|Tệp|Cảnh báo|Lỗi)(\s*\d*:)", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?;:…])\s+")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (what Telegram counts): an emoji outside the BMP counts 2."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def visible_text(markup: str) -> str:
    """What a Telegram user sees of an HTML message: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", markup))


def telegram_len(markup: str) -> int:
    return utf16_len(visible_text(markup))


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def html_paragraph(text: str) -> str:
    """One paragraph as Telegram HTML: escaped, known labels ("Nguồn:") in bold."""
    return _LABEL.sub(lambda m: f"<b>{m.group(1)}{m.group(2)}</b>", escape(text))


def _hard_cut(text: str, fits: Callable[[str], bool]) -> tuple[str, str]:
    """The longest prefix that fits (never splitting a surrogate pair: Python strings hold code points)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return text[:lo], text[lo:]


def _pieces(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut one over-long paragraph: at line breaks, then sentence ends, then spaces, then anywhere."""
    if fits(text):
        return [text]
    for pattern in (r"\n", _SENTENCE_END, r" "):
        parts = [p for p in re.split(pattern, text) if p.strip()]
        if len(parts) > 1:
            joiner = "\n" if pattern == r"\n" else " "
            out, current = [], ""
            for part in parts:
                candidate = f"{current}{joiner}{part}" if current else part
                if fits(candidate):
                    current = candidate
                    continue
                if current:
                    out.append(current)
                if fits(part):
                    current = part
                else:
                    *whole, current = _pieces(part, fits)
                    out.extend(whole)
            if current:
                out.append(current)
            return out
    head, tail = _hard_cut(text, fits)
    return [head, *_pieces(tail, fits)] if tail else [head]


def split_message(
    text: str,
    limit: int,
    *,
    render: Callable[[str], str] = lambda p: p,
    measure: Callable[[str], int] = len,
) -> list[str]:
    """Split plain `text` into rendered messages of at most `limit` (as `measure` counts).

    Paragraphs stay whole when they fit; messages are filled with as many whole paragraphs
    as fit; a paragraph longer than the limit is cut at lines, sentences, then words.
    """
    def fits(plain: str) -> bool:
        return measure(render(plain)) <= limit

    rendered = [render(piece) for para in paragraphs(text) for piece in _pieces(para, fits)]
    messages, current = [], ""
    for piece in rendered:
        candidate = f"{current}\n\n{piece}" if current else piece
        if measure(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def telegram_messages(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Telegram HTML messages, each within the 4,096 UTF-16 unit limit."""
    return split_message(text, limit, render=html_paragraph, measure=telegram_len)


def plain_messages(text: str, limit: int = ZALO_LIMIT) -> list[str]:
    """Plain-text messages (Zalo), each within `limit` characters."""
    return split_message(text, limit)
