"""The issuing body: from the header's body lines, else the opening sentence ("..., Ban
Thường vụ Đảng ủy xã X báo cáo ..."), else the signature; abbreviations spelled out."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.metadata.places import (
    INSTITUTIONS,
    as_written,
    find_written,
    has_unit,
    normal_case,
    unit_names,
)
from ingest.metadata.shapes import QUOTED, fold_line
from ingest.text.communes import FOLDED_PATTERN, UNIT_PATTERN, UNITS
from ingest.text.normal import squash

_AD_HOC = re.compile(r"^(?:ban chi dao|to cong tac|to giup viec|doan kiem tra|doan giam sat|hoi dong|tieu ban)\b")
_ORG_START = (
    r"(?:Ban|Đảng [uủ][yỷ]|Đảng bộ|Chi bộ|Chi [uủ][yỷ]|[UỦ][yỷ] ban|UBND|HĐND|Hội đồng|Thường trực|Văn phòng"
    r"|Mặt trận|MTTQ|Công an|BCĐ|BTV|BCH|Trung tâm|Hội|Đoàn|Tổ|Cấp [uủ][yỷ])"
)
ISSUER_CLAUSE = re.compile(
    rf"(?:^|[,;:]\s*|\.\s+)(?P<org>{_ORG_START}\b[^,;:.()“”\"]{{0,100}}?)\s+"
    r"(?:báo cáo|xây dựng|ban hành|thông báo|kính trình|trình|hướng dẫn|tổng kết|sơ kết|kết luận)\b"
)
_ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "BCĐ": "Ban Chỉ đạo", "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành", "MTTQ": "Mặt trận Tổ quốc", "ĐU": "Đảng ủy",
}


def issuer_from_header(bodies: Sequence[str], lines: Sequence[str]) -> str | None:
    """The lowest issuing body of the header, as running text writes it ("Ban Thường vụ Đảng ủy xã X")."""
    if not bodies:
        return None
    lowest = bodies[-1]
    if has_unit(fold_line(lowest)) or len(bodies) == 1:
        return find_written(lowest, lines) or normal_case(lowest)
    parent = bodies[-2]
    written = find_written(lowest, lines, extend_to_place=True)
    if written:
        return written
    if _AD_HOC.match(fold_line(lowest)):
        places = unit_names(parent)
        if places:
            unit = next((u for u in UNITS[1:] if u.upper() in parent), UNITS[0])  # "xã" unless it says otherwise
            return f"{normal_case(lowest)} {unit} {as_written(places[-1][0], lines)}"
    return f"{normal_case(lowest)} {find_written(parent, lines) or normal_case(parent)}"


def expand_abbreviations(org: str) -> str:
    """"UBND xã X" -> "Ủy ban nhân dân xã X"."""
    return " ".join(_ABBREVIATIONS.get(w, w) for w in org.split())


def issuer_from_text(opening: Sequence[str]) -> str | None:
    """The body the opening sentence names as reporting ("..., Đảng ủy xã X báo cáo ...")."""
    for text in opening:
        plain = QUOTED.sub("“”", text)
        for m in ISSUER_CLAUSE.finditer(plain):
            org = squash(m.group("org"))
            if len(org.split()) <= 12 and unit_names(org) and not re.search(r"\b(?:về|của|số)\b", org):
                return org
    return None


def issuer_from_signature(body: str | None, roles: Sequence[str], commune: str | None, lines: Sequence[str]) -> str | None:
    """The body signing ("T/M BAN THƯỜNG VỤ"), completed with the commune."""
    if not body:
        return None
    folded = fold_line(body)
    if unit_names(body):
        return find_written(body, lines) or normal_case(body)
    core = re.sub(rf"\s+(?:{FOLDED_PATTERN})$", "", folded)
    party = any(r.startswith(("bi thu", "pho bi thu")) for r in roles)
    where = f" xã {commune}" if commune else ""
    if core == "ban thuong vu" and (party or commune):
        return f"Ban Thường vụ Đảng ủy{where}"
    if core == "ban chap hanh":
        return f"Ban Chấp hành Đảng bộ{where}"
    if core in {"dang uy", "uy ban nhan dan", "hoi dong nhan dan"}:
        return f"{INSTITUTIONS[core]}{where}"
    bare = re.sub(rf"\s+(?:{UNIT_PATTERN.upper()})$", "", body)
    return f"{normal_case(bare)}{where}"
