"""A report's closing block: who signed it, for which body and in which post, and who receives it.

Official documents end with "Nơi nhận:" (or "Nơi gửi:") and its lines, then the signature:
an authority line ("T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN XÃ", "KT. CHỦ TỊCH"), the post
("BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "CHỦ TỊCH") and the name. Read from the document's
last paragraphs; nothing is guessed when a part is missing.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.text.normal import fold

TAIL = 40  # paragraphs read from the end
_AUTHORITY = re.compile(r"^\**\s*(T/M|TM\.?|T\.M\.?|KT\.?|K/T|Q\.|TL\.|T/L|TUQ\.)\s*(.*)$", re.IGNORECASE)
_POST = re.compile(r"^(?:phó )?(?:bí thư|chủ tịch|trưởng ban|phó trưởng ban|chủ nhiệm|giám đốc|trưởng|"
                   r"ủy viên|thường trực)[\w\s]*$", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^(Nơi nhận|Nơi gửi)\s*:", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ]+(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]+){1,4}$")
_SKIP = re.compile(r"^[\s*_]*(?:\(?đã ký\)?|\(ký.*\)|ký)?[\s*_]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Closing:
    recipients: tuple[str, ...]  # the "Nơi nhận" lines as written
    authority: str  # "T/M BAN THƯỜNG VỤ" ("" when none)
    posts: tuple[str, ...]  # "BÍ THƯ", ...
    signer: str  # "Phạm Văn Mạnh" ("" when none)
    lines: tuple[str, ...]  # the signature block's lines as written (quotable)


def _clean(line: str) -> str:
    return line.strip().strip("*").strip()


def read(paragraphs: Sequence[str]) -> Closing:
    """The closing block of a document from its last paragraphs (in order)."""
    recipients: list[str] = []
    authority, posts, signer, block = "", [], "", []
    in_recipients = False
    for raw in paragraphs:
        for line in (_clean(x) for x in raw.split("\n")):
            if not line or _SKIP.match(line):
                continue
            if _RECIPIENTS.match(line):
                in_recipients, recipients = True, []
                rest = _RECIPIENTS.sub("", line).strip()
                if rest:
                    recipients.append(rest)
                continue
            authority_match = _AUTHORITY.match(line)
            if authority_match and line.upper() == line:
                in_recipients = False
                authority, posts, signer, block = line, [], "", [line]
                continue
            if in_recipients and line.startswith(("-", "+", "•")):
                recipients.append(line)
                continue
            if line.upper() == line and _POST.match(line.lower()) and (authority or not signer):
                in_recipients = False
                posts.append(line)
                block.append(line)
                continue
            if (posts or authority) and not signer and (_NAME.match(line) or line.isupper() and 2 <= len(line.split()) <= 5):
                signer = line.title() if line.isupper() else line
                block.append(line)
    return Closing(tuple(recipients), authority, tuple(posts), signer, tuple(block))


def post_phrase(closing: Closing) -> str:
    """ "Bí thư, ký thay mặt (T/M) Ban Thường vụ" from the block's lines."""
    post = ", ".join(p.capitalize() for p in closing.posts)
    m = _AUTHORITY.match(closing.authority) if closing.authority else None
    if not m:
        return post
    kind, body = m.group(1).upper(), m.group(2).strip()
    how = {"KT": "ký thay", "K/T": "ký thay", "TL": "thừa lệnh", "T/L": "thừa lệnh", "Q": "quyền",
           "TUQ": "thừa ủy quyền"}.get(kind.rstrip("."), "ký thay mặt")
    return f"{post}, {how} ({kind}) {body.capitalize()}".strip(", ")


def names_post(closing: Closing, post_words: str) -> bool:
    """Does the signature's post say `post_words` (folded, e.g. "chu tich")?"""
    return any(fold(p).startswith(post_words) for p in closing.posts)
