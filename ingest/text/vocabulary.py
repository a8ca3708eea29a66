"""Kinds of documents as reports name them: the kind words, their codes, and folded forms.

- KINDS: what a report cites by number ("Nghị quyết số 57-NQ/TW", "Văn bản số 12/UBND").
- ABBREVIATIONS: codes written in place of the kind word ("QĐ số: 05/QĐ-UBND"); case as
  written ("CTr", "QĐi"), upper case only elsewhere.
- SYMBOL_TYPES: the codes that open the type part of a state symbol ("61/2018/NĐ-CP").
- DOC_TYPES, DOC_TYPE_CODES: the type word of a document's own title block, and the code in
  its number ("45/BC-UBND" -> "Báo cáo"). Minutes ("Biên bản") and action plans ("Phương án")
  have one; laws, ordinances, dispatches and the generic "Văn bản" do not.
- KIND_WORDS, KIND_CODES, DOC_TYPE_WORDS: folded words and codes -> kind or type, for text
  typed with or without diacritics or in capitals ("nghi quyet", "qd", "BÁO CÁO").
"""
from __future__ import annotations

from ingest.text.normal import fold

KINDS = (
    "Nghị quyết", "Nghị định", "Quyết định", "Kết luận", "Chỉ thị", "Kế hoạch", "Thông tư",
    "Công văn", "Hướng dẫn", "Báo cáo", "Thông báo", "Thông tri", "Chương trình", "Đề án",
    "Quy định", "Quy chế", "Tờ trình", "Luật", "Pháp lệnh", "Công điện", "Văn bản",
)
ABBREVIATIONS = {
    "NQ": "Nghị quyết", "NĐ": "Nghị định", "QĐ": "Quyết định", "KL": "Kết luận", "CT": "Chỉ thị",
    "KH": "Kế hoạch", "TT": "Thông tư", "CV": "Công văn", "HD": "Hướng dẫn", "BC": "Báo cáo",
    "TB": "Thông báo", "CTr": "Chương trình", "ĐA": "Đề án", "QĐi": "Quy định", "TTr": "Tờ trình",
}
SYMBOL_TYPES = frozenset(ABBREVIATIONS) | {"TTLT", "NQLT", "QC", "CĐ", "PA", "KLTT"}

_NO_TITLE_TYPE = {"Luật", "Pháp lệnh", "Công điện", "Văn bản"}
DOC_TYPES = tuple(k for k in KINDS if k not in _NO_TITLE_TYPE) + ("Biên bản", "Phương án")
DOC_TYPE_CODES = {code.upper(): kind for code, kind in ABBREVIATIONS.items()} | {
    "QC": "Quy chế", "BB": "Biên bản", "PA": "Phương án",
}

KIND_WORDS = {fold(k): k for k in KINDS}
KIND_CODES = {fold(code): kind for code, kind in ABBREVIATIONS.items()}
DOC_TYPE_WORDS = {fold(t): t for t in DOC_TYPES}
