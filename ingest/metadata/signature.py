"""The signature block: "T/M ..." (the body signing), the role lines ("BÍ THƯ"), the signer's
name; and such a block squashed into one line by a .docx cell, split back into its lines."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.metadata.shapes import MOTTO, fold_line, is_caps
from ingest.text.communes import FOLDED_PATTERN

_ANCHOR = re.compile(
    r"^(?:T/M|T\.M\.?|TM\.?|KT\.?|K/T|Q\.|TL\.|T/L|TUQ\.|THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA [UỦ][YỶ] QUYỀN)"
    r"(?:(?<=[./])\s*|\s+)(?P<body>\S.*)$"
)
_ROLE = re.compile(
    r"^(?:pho\s+)?(?:bi thu|chu tich|truong ban|chanh van phong|giam doc|truong doan|to truong|chu nhiem"
    r"|truong cong an|chi huy truong|truong phong|nguoi bao cao|nguoi lap(?: bieu)?|thu ky|chu toa|chu tri"
    r"|uy vien|truong thon|bi thu chi bo)\b"
)
_ROLE_FULL = re.compile(
    _ROLE.pattern + r"(?:\s+(?:thuong truc|dang uy|uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd|chi bo))?\b"
)
_ANCHOR_TOKEN = re.compile(r"^(?:T/M|T\.M\.?|TM\.?|KT\.?|K/T|Q\.|TL\.|T/L|TUQ\.)$")
_NOT_NAME = re.compile(
    r"^(?:phu luc|bieu|mau|bang|danh sach|tong hop|kem theo|noi nhan|so lieu|thong ke|ghi chu|du thao"
    rf"|{FOLDED_PATTERN}|huyen|tinh|thanh pho|uy ban|ubnd|hdnd|dang uy|dang bo)\b"
)
_SKIP_IN_SIGNATURE = re.compile(r"^(?:\(.*\)|\[.*\]|đã ký\W*|ký\W*|\(?ký,? .*|[-+•].*)$", re.IGNORECASE)


def split_signature(line: str) -> list[str]:
    """A signature block squashed into one line (a .docx cell) back into its lines:
    "T/M BAN THƯỜNG VỤ BÍ THƯ Đinh Văn A" -> "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đinh Văn A"."""
    words = line.split()
    folded = fold_line(line).split()
    starts_anchor = bool(_ANCHOR_TOKEN.match(words[0])) if words else False
    if len(words) < 3 or len(line) > 100 or len(folded) != len(words):
        return [line]
    if not starts_anchor and not (words[0].isupper() and _ROLE.match(fold_line(line))):
        return [line]
    out: list[str] = []
    k = 0
    while k < len(words):
        role = _ROLE_FULL.match(" ".join(folded[k:])) if words[k].isupper() else None
        if _ANCHOR_TOKEN.match(words[k]):
            j = k + 1
            while j < len(words) and words[j].isupper() and not _ANCHOR_TOKEN.match(words[j]):
                if j > k + 1 and _ROLE.match(" ".join(folded[j:])):
                    break
                j += 1
            out.append(" ".join(words[k:j]))
            k = j
        elif role:
            n = len(role.group(0).split())
            out.append(" ".join(words[k:k + n]))
            k += n
        else:
            out.append(" ".join(words[k:]))
            break
    if not starts_anchor and not (len(out) > 1 and _is_name(out[-1])):
        return [line]
    return out


def is_signature_line(line: str) -> bool:
    """A "T/M ..." line or a role line."""
    return bool(_ANCHOR.match(line)) or _is_role(line)


def _is_name(line: str) -> bool:
    words = line.split()
    folded = fold_line(line)
    caps = [w.isupper() and len(w) > 1 for w in words]
    return (
        2 <= len(words) <= 6
        and len(line) <= 40
        and all(w.isalpha() and w[0].isupper() for w in words)
        and (all(caps) or not any(caps))  # "Lưu VT" is a filing note, not a name
        and not _ROLE.match(folded)
        and not _ANCHOR.match(line)
        and not _NOT_NAME.match(folded)
        and not MOTTO.match(folded)
    )


def _strip_note(line: str) -> str:
    """ "Nguyễn Văn An (đã ký)" -> "Nguyễn Văn An"."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", line).strip()


def _is_role(line: str) -> bool:
    return is_caps(line) and len(line.split()) <= 8 and bool(_ROLE.match(fold_line(line)))


def read_signature(lines: Sequence[str], start: int) -> tuple[str | None, list[str], str | None]:
    """(body after "T/M"/"TM." or None, role lines folded, signer name or None)."""
    first_body: str | None = None
    first_roles: list[str] = []
    i = start
    while i < len(lines):
        anchor = _ANCHOR.match(lines[i])
        if not (anchor and is_caps(lines[i])) and not _is_role(lines[i]):
            i += 1
            continue
        body = anchor.group("body").strip(" .:") if anchor and not fold_line(anchor.group(0)).startswith(("kt", "k/t", "ky thay")) else None
        roles: list[str] = [] if anchor else [fold_line(lines[i])]
        name = None
        j = i + 1
        while j < len(lines) and j <= i + 8:
            line = lines[j]
            if _ANCHOR.match(line) and is_caps(line):
                inner = _ANCHOR.match(line)
                if body is None and not fold_line(inner.group(0)).startswith(("kt", "k/t", "ky thay")):
                    body = inner.group("body").strip(" .:")
            elif _is_role(line):
                roles.append(fold_line(line))
            elif _SKIP_IN_SIGNATURE.match(line) or fold_line(line).startswith("noi nhan"):
                pass
            elif _is_name(_strip_note(line)) and roles:
                name = _strip_note(line)
                break
            elif len(line) > 60:
                break
            j += 1
        if first_body is None and body:
            first_body, first_roles = body, roles
        if name:
            return body or first_body, roles if body else first_roles, name
        i = j if j > i else i + 1
    return first_body, first_roles, None
