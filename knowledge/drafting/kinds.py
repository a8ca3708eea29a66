"""The kinds of report section officials write, and the topics of "Kết quả thực hiện".

Owns the names a kind is asked for by (typed with or without diacritics, short forms), the
headings that open it, the words a sentence about it holds, and the topics' words and names.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.text.normal import fold, squash


class DraftError(ValueError):
    """A request that cannot be drafted; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class SectionKind:
    key: str
    name: str  # as officials write it
    numeral: str  # its usual place in a report
    template: str  # prompts/<template>.txt
    aliases: tuple[str, ...]  # folded ways to ask for it
    heading: str  # regex on the folded heading (label removed): this kind starts it


SECTION_KINDS = (
    SectionKind("dac_diem", "Đặc điểm tình hình", "I", "draft_dac_diem_tinh_hinh",
                ("dac diem tinh hinh", "dac diem", "ddth", "tinh hinh chung", "tinh hinh", "khai quat"),
                r"^(?:mot so )?(?:dac diem|tinh hinh chung|khai quat)"),
    SectionKind("ket_qua", "Kết quả thực hiện", "II", "draft_ket_qua_thuc_hien",
                ("ket qua thuc hien", "ket qua", "kqth", "ket qua dat duoc", "ket qua thuc hien nhiem vu"),
                r"^(?:tinh hinh,? (?:va )?)?ket qua"),
    SectionKind("ton_tai", "Tồn tại, hạn chế, nguyên nhân", "III", "draft_ton_tai_han_che",
                ("ton tai han che nguyen nhan", "ton tai han che", "ton tai", "han che", "han che nguyen nhan"),
                r"^(?:nhung |mot so )?(?:ton tai|han che|khuyet diem|yeu kem)"),
    SectionKind("nhiem_vu", "Nhiệm vụ, giải pháp", "IV", "draft_nhiem_vu_giai_phap",
                ("nhiem vu giai phap", "nhiem vu", "giai phap", "phuong huong nhiem vu", "phuong huong", "nvgp"),
                r"^(?:mot so |cac )?(?:phuong huong|nhiem vu|giai phap)"),
    SectionKind("de_xuat", "Đề xuất, kiến nghị", "V", "draft_de_xuat_kien_nghi",
                ("de xuat kien nghi", "kien nghi de xuat", "de xuat", "kien nghi", "dxkn"),
                r"^(?:de xuat|kien nghi)"),
)
# Headings of other parts of a report: never drafted, but they end a section of another kind.
_OTHER_HEADINGS = (("uu_diem", r"^(?:nhung |mot so )?uu diem"), ("bai_hoc", r"^(?:mot so )?bai hoc"))
# Words a sentence about a kind of section holds (fallback when no heading of that kind exists).
KIND_TERMS = {
    "dac_diem": ("dien tich", "dan so", "duoc thanh lap", "dia gioi", "dang vien"),
    "ket_qua": ("ket qua", "hoan thanh", "da trien khai", "da to chuc", "dat ty le"),
    "ton_tai": ("han che", "ton tai", "kho khan", "vuong mac", "bat cap", "yeu kem", "chua dap ung", "con cham"),
    "nhiem_vu": ("nhiem vu", "giai phap", "phan dau", "trong thoi gian toi"),
    "de_xuat": ("de xuat", "kien nghi", "de nghi"),
}
# ... unless they are used the other way round ("hạn chế được", "tháo gỡ khó khăn").
KIND_TERMS_NOT = {
    "ton_tai": re.compile(r"han che duoc|(?:thao go|vuot qua|khac phuc|giai quyet)(?: cac| nhung)?"
                          r" (?:kho khan|vuong mac|han che|ton tai)"),
}

# Topics of "Kết quả thực hiện": folded phrases a heading or passage about them contains.
TOPICS = {
    "cai cach hanh chinh": ("cai cach hanh chinh", "cchc"),
    "chuyen doi so": ("chuyen doi so", "cds", "chinh quyen dien tu", "chinh quyen so", "cong nghe thong tin",
                      "de an 06"),
    "xay dung dang": ("xay dung dang", "to chuc dang", "dang vien", "chinh tri, tu tuong", "kiem tra, giam sat"),
    "thu tuc hanh chinh": ("thu tuc hanh chinh", "tthc", "mot cua"),
    "tiep cong dan": ("tiep cong dan", "khieu nai", "to cao", "phan anh, kien nghi"),
}
TOPIC_NAMES = {"cai cach hanh chinh": "cải cách hành chính", "chuyen doi so": "chuyển đổi số",
               "xay dung dang": "xây dựng Đảng", "thu tuc hanh chinh": "thủ tục hành chính",
               "tiep cong dan": "tiếp công dân"}
_TOPIC_ALIASES = {"cchc": "cai cach hanh chinh", "cds": "chuyen doi so", "tthc": "thu tuc hanh chinh",
                  "xdd": "xay dung dang", "tcd": "tiep cong dan"}


def parse_section(text: str) -> SectionKind:
    """The section kind asked for: "Đặc điểm tình hình", "dac diem", "ton tai", "de xuat"..."""
    f = squash(re.sub(r"[^\w\s]", " ", fold(text)))
    for kind in SECTION_KINDS:
        if f == kind.key.replace("_", " ") or f in kind.aliases:
            return kind
    for kind in SECTION_KINDS:  # a longer phrase starting like one of them
        if any(f.startswith(a) for a in kind.aliases if len(a) > 4):
            return kind
    names = "; ".join(f"«{k.name}»" for k in SECTION_KINDS)
    raise DraftError(f"Không rõ phần báo cáo «{text}». Các phần soạn được: {names}.")


def topic_name(topic: str | None) -> str | None:
    """How the topic is written in the draft: "cchc" -> "cải cách hành chính"; other topics as typed."""
    if not topic:
        return None
    f = squash(fold(topic))
    return TOPIC_NAMES.get(_TOPIC_ALIASES.get(f, f), squash(topic))


def topic_terms(topic: str | None) -> tuple[str, ...]:
    if not topic:
        return ()
    f = squash(fold(topic))
    f = _TOPIC_ALIASES.get(f, f)
    return TOPICS.get(f, (f,))


def classify_heading(heading: str, label: str = "") -> str | None:
    """The section kind a heading opens ("IV. TỒN TẠI, HẠN CHẾ." -> "ton_tai"), or None."""
    text = heading[len(label):] if label and heading.startswith(label) else heading
    f = squash(re.sub(r"^[\s.:)\-–]+", "", fold(re.sub(r"^(?:PHẦN|Phần)\s+\S+(?:\s+(?:NHẤT|HAI|BA|BỐN))?\s*",
                                                        "", text))))
    for kind in SECTION_KINDS:
        if re.match(kind.heading, f):
            return kind.key
    for key, pattern in _OTHER_HEADINGS:
        if re.match(pattern, f):
            return key
    return None


def mentions(text: str, phrases: Sequence[str]) -> bool:
    """Does the text hold one of these folded phrases as whole words?"""
    f = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", f) for p in phrases)
