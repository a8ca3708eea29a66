"""Report-section drafting from a commune's own stored reports, every sentence sourced.

Owns: the section kinds officials write (names typed with or without diacritics, short
forms), finding the commune's earlier wording for a kind of section (sections whose heading
is of that kind, optionally narrowed to a topic; passage search as a fallback), the latest
value of each "Đặc điểm tình hình" measure (area, population, households, villages, Party
members and organisations, recognised by figure unit and label), the directives a section
should cite, and the grounding filter: a sentence stating a number its sources do not
state is dropped and logged. Wording comes from templates in prompts/ (knowledge.prompts).

Pure reads of the knowledge base: nothing here writes.
"""
from __future__ import annotations

import calendar
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlite_utils import Database

from ingest.text.dates import iso_date
from ingest.text.normal import fold, nfc, squash
from ingest.text.sentences import sentence_spans
from ingest.text.terms import terms
from ingest.text.units import norm_unit
from knowledge import prompts
from knowledge.qa.grounding import numbers_in, ungrounded

log = logging.getLogger(__name__)

MAX_SENTENCES = 60  # reused sentences per draft: enough for a section, short enough to edit
MAX_DIRECTIVES = 2  # directives named in a lead-in sentence
FALLBACK_PASSAGES = 6  # passages reused when no heading of the kind exists


class DraftError(ValueError):
    """A request that cannot be drafted; the message is Vietnamese, for the user."""


# ---------------------------------------------------------------- section kinds

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


# ---------------------------------------------------------------- the draft

@dataclass(frozen=True)
class SourceRef:
    doc_id: str
    file: str
    section: str
    quote: str


@dataclass(frozen=True)
class DraftSentence:
    text: str
    sources: tuple[SourceRef, ...]
    origin: str = "reused"  # "reused" (the commune's wording) | "figures" | "lead_in"
    figures: tuple[dict, ...] = ()  # figures it states: {value, unit, label, doc_id, raw, as_of, measure}


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "paragraph" | "table"
    level: int = 1  # headings: 1 "I.", 2 "1.", 3 "a)"
    text: str = ""  # the heading as shown (a table: its title)
    sentences: tuple[DraftSentence, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, as written
    header_rows: int = 0


@dataclass(frozen=True)
class Draft:
    section: str
    commune: str
    period: str | None
    topic: str | None
    blocks: tuple[Block, ...]
    documents: tuple[dict, ...]  # the closing source list: {ref, doc_id, file, reference}
    notes: tuple[str, ...] = ()
    dropped: tuple[dict, ...] = ()  # sentences the grounding check removed: {text, numbers}
    templates: Path | None = None

    @property
    def sentences(self) -> list[DraftSentence]:
        return [s for b in self.blocks for s in b.sentences]

    @property
    def figures(self) -> list[dict]:
        seen, out = set(), []
        for s in self.sentences:
            for f in s.figures:
                key = (f["doc_id"], f["raw"], f["label"])
                if key not in seen:
                    seen.add(key)
                    out.append(f)
        return out

    def ref_of(self, doc_id: str) -> int:
        return next(d["ref"] for d in self.documents if d["doc_id"] == doc_id)

    def marked(self, s: DraftSentence) -> str:
        """The sentence with its source marker before the closing punctuation: "... người [1]."."""
        refs = ", ".join(str(r) for r in sorted({self.ref_of(x.doc_id) for x in s.sources}))
        marker = prompts.render("draft_common", "marker", self.templates, refs=refs)
        m = re.search(r"[.:;]+$", s.text)
        return f"{s.text[:m.start()]} {marker}{m.group()}" if m else f"{s.text} {marker}"

    def paragraph_text(self, b: Block) -> str:
        return " ".join(self.marked(s) for s in b.sentences)

    @property
    def text(self) -> str:
        lines = []
        for b in self.blocks:
            if b.kind == "heading":
                lines.append(b.text)
            elif b.kind == "table":
                lines.append(self.marked(b.sentences[0]))
                lines += ["\t".join(r) for r in b.rows]
            else:
                lines.append(self.paragraph_text(b))
        lines += list(self.notes)
        lines.append(prompts.render("draft_common", "sources_heading", self.templates))
        lines += [prompts.render("draft_common", "source_item", self.templates, ref=d["ref"],
                                 reference=d["reference"]) for d in self.documents]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "section": self.section, "commune": self.commune, "period": self.period, "topic": self.topic,
            "text": self.text,
            "sentences": [{"text": s.text, "origin": s.origin,
                           "sources": [{"doc_id": x.doc_id, "file": x.file, "section": x.section, "quote": x.quote}
                                       for x in s.sources]} for s in self.sentences],
            "figures": [{k: f[k] for k in ("value", "unit", "label", "doc_id", "raw", "as_of", "measure")}
                        for f in self.figures],
            "blocks": [{"kind": b.kind, "level": b.level,
                        "text": b.text if b.kind != "paragraph" else self.paragraph_text(b),
                        **({"rows": [list(r) for r in b.rows]} if b.kind == "table" else {})} for b in self.blocks],
            "sources": [dict(d) for d in self.documents],
            "notes": list(self.notes),
            "dropped": [dict(d) for d in self.dropped],
        }


# ---------------------------------------------------------------- dates and documents

def vn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)")
_QUARTER = {"i": "03-31", "1": "03-31", "ii": "06-30", "2": "06-30", "iii": "09-30", "3": "09-30",
            "iv": "12-31", "4": "12-31"}


def period_end(period: str | None) -> str | None:
    """The last day a report's period covers: "01/7/2025–25/5/2026" -> 2026-05-25, "quý III năm 2025" -> 2025-09-30."""
    if not period:
        return None
    dates = [iso_date(*m.groups()) for m in _DMY.finditer(period)]
    dates = [d for d in dates if d]
    if dates:
        return max(dates)
    f = fold(period)
    year = re.findall(r"(?:19|20)\d{2}", f)
    if not year:
        return None
    y = year[-1]
    m = re.search(r"\bquy\s+(iv|iii|ii|i|[1-4])\b", f)
    if m:
        return f"{y}-{_QUARTER[m.group(1)]}"
    m = re.search(r"\b(\d{1,2}) thang dau", f)
    if m and 1 <= int(m.group(1)) <= 12:
        month = int(m.group(1))
        return f"{y}-{month:02d}-{calendar.monthrange(int(y), month)[1]:02d}"
    return f"{y}-12-31"


def commune_documents(db: Database, commune: str) -> list[dict]:
    """The commune's documents, latest first (by date, else by the end of their period)."""
    docs = db.execute_returning_dicts("SELECT * FROM documents WHERE commune = ?", [commune])
    for d in docs:
        d["as_of"] = d["date"] or period_end(d["period"])
    docs.sort(key=lambda d: (d["as_of"] or "", d["file"]), reverse=True)
    return docs


def reference(doc: dict) -> str:
    """How the source list names a document: type, number, date, issuer, title, period, file."""
    head = doc["doc_type"] or "Tài liệu"
    if doc["number"]:
        head += f" số {doc['number']}"
    if doc["date"]:
        head += f" ngày {vn_date(doc['date'])}"
    if doc["issuer"]:
        head += f" của {doc['issuer']}"
    if doc["title"]:
        head += f" «{squash(doc['title'])}»"
    if doc["period"]:
        head += f", kỳ báo cáo {doc['period']}"
    return f"{head} (tệp {doc['file']})"


def resolve_commune(db: Database, name: str) -> str:
    """The stored commune a user means ("cam giang" -> "Cẩm Giang"); DraftError when unknown or ambiguous."""
    known = [r[0] for r in db.execute("SELECT DISTINCT commune FROM documents WHERE commune IS NOT NULL")]
    wanted = re.sub(r"^(?:xã|xa|phường|phuong|thị trấn|thi tran)\s+", "", squash(nfc(name)), flags=re.IGNORECASE)
    exact = [c for c in known if nfc(c).lower() == wanted.lower()]
    if exact:
        return exact[0]
    folded = [c for c in known if fold(c) == fold(wanted)]
    if len(folded) == 1:
        return folded[0]
    if folded:
        raise DraftError(f"«{name}» có thể là: {', '.join(sorted(folded))}. Hãy gõ tên xã có dấu.")
    listed = ", ".join(sorted(known)) or "chưa có"
    raise DraftError(f"Chưa có báo cáo nào của xã «{name}». Các xã đã có báo cáo: {listed}.")


# ---------------------------------------------------------------- sections of a document

def _sections(db: Database, doc_id: str) -> dict[int, dict]:
    rows = db.execute_returning_dicts(
        "SELECT idx, parent, level, label, heading, path FROM sections WHERE doc_id = ? ORDER BY idx", [doc_id])
    out = {r["idx"]: {**r, "path": json.loads(r["path"]), "kind": classify_heading(r["heading"], r["label"])}
           for r in rows}
    for s in out.values():
        s["ancestors"] = _ancestors(out, s["idx"])
    return out


def _ancestors(sections: dict[int, dict], idx: int) -> list[int]:
    chain, cur = [], sections[idx]["parent"]
    while cur is not None and cur in sections and cur not in chain:
        chain.append(cur)
        cur = sections[cur]["parent"]
    return chain


def effective_kind(sections: dict[int, dict], idx: int | None) -> str | None:
    """The kind of the innermost classified section holding `idx`."""
    if idx is None or idx not in sections:
        return None
    for i in [idx, *sections[idx]["ancestors"]]:
        if sections[i]["kind"]:
            return sections[i]["kind"]
    return None


def _mentions(text: str, phrases: Sequence[str]) -> bool:
    f = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", f) for p in phrases)


def matching_sections(sections: dict[int, dict], kind: str, topic: Sequence[str] = ()) -> list[int]:
    """Outermost sections of this kind (narrowed to the topic when one is given), in order."""
    roots = [i for i, s in sections.items()
             if s["kind"] == kind and not any(sections[a]["kind"] == kind for a in s["ancestors"])]
    if not topic:
        return roots
    out = []
    for r in roots:
        if _mentions(" ".join(sections[r]["path"]), topic):
            out.append(r)
            continue
        inside = [i for i, s in sections.items() if r in s["ancestors"] and _mentions(s["heading"], topic)]
        out += [i for i in inside if not any(a in inside for a in sections[i]["ancestors"])]
    for i, s in sections.items():  # "3. Cải cách TTHC > 3.1. Kết quả đạt được" with the topic above the kind
        if s["kind"] == kind and i not in out and _mentions(" ".join(s["path"]), topic) \
                and not any(a in out for a in s["ancestors"]):
            out.append(i)
    return sorted(set(out))


def _subtree(sections: dict[int, dict], root: int, kind: str) -> set[int]:
    """The root and its descendants, minus descendants that open another kind of section."""
    out = {root}
    for i in sorted(sections):
        s = sections[i]
        if root not in s["ancestors"]:
            continue
        chain = [i, *s["ancestors"][: s["ancestors"].index(root)]]
        if any(sections[c]["kind"] not in (None, kind) for c in chain):
            continue
        out.add(i)
    return out


# ---------------------------------------------------------------- measures of "Đặc điểm tình hình"

@dataclass(frozen=True)
class Measure:
    key: str
    group: str  # "territory" | "party": one sentence per group and source
    units: tuple[str, ...]  # folded units (prefix match on words)
    label_any: tuple[str, ...] = ()  # the label (or the words before the number) must hold one
    exclude: tuple[str, ...] = ()  # ... and none of these
    name: str = ""  # Vietnamese, for "no figures" notes


MEASURES = (
    Measure("area", "territory", ("km2", "ha"), ("dien tich",),
            ("nong nghiep", "lua", "rung", "dat o", "canh tac", "gieo", "trong", "mat nuoc", "nha", "san xuat",
             "thu hoi", "giai phong", "cong trinh"), "diện tích"),
    Measure("population", "territory", ("nguoi", "nhan khau"), ("dan so", "nhan khau"),
            ("mat do", "tang", "giam", "tre", "ngheo", "do tuoi", "lao dong"), "dân số"),
    Measure("households", "territory", ("ho", "ho gia dinh", "ho dan"), (),
            ("ngheo", "chinh sach", "kinh doanh", "ho tro", "san xuat", "co cong", "bao tro", "vay", "duoc",
             "ket nap", "ho so"), "số hộ"),
    Measure("villages", "territory", ("thon", "to dan pho", "khu dan cu", "khu pho"), (),
            ("chi bo", "van hoa", "dat chuan", "kieu mau"), "số thôn"),
    Measure("party_members", "party", ("dang vien",), (),
            ("moi", "ket nap", "du bi", "mien", "ky luat", "khai tru", "danh gia", "huy hieu", "chuyen", "xoa ten",
             "hoc tap", "quan triet", "tham gia", "cho", "xep loai", "khen"), "đảng viên"),
    Measure("party_orgs", "party", ("to chuc co so dang", "to chuc dang", "chi bo", "chi, dang bo", "dang bo",
                                    "chi dang bo"), (),
            ("moi thanh lap", "xep loai", "danh gia", "kiem tra", "giam sat", "hoan thanh"), "tổ chức đảng"),
)
_QUALIFIERS = ("hơn", "khoảng", "gần", "trên", "ước", "dưới", "trên dưới")
_AS_OF = re.compile(r"(?:tính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})",
                    re.IGNORECASE)


def measure_of(fig: dict, before: str) -> str | None:
    """Which measure a prose figure states, from its unit, label and the words just before it."""
    unit = norm_unit(fig["unit"])
    context = fold(f"{fig['label']} {before[-40:]}")
    for m in MEASURES:
        if not any(unit == u or unit.startswith(u + " ") for u in m.units):
            continue
        if m.label_any and not any(w in context for w in m.label_any):
            continue
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", context) for w in m.exclude):
            continue
        return m.key
    return None


def _figures_of(db: Database, doc_ids: Sequence[str]) -> list[dict]:
    if not doc_ids:
        return []
    marks = ", ".join("?" * len(doc_ids))
    return db.execute_returning_dicts(
        f"""SELECT f.*, p.text AS paragraph_text FROM figures f
            JOIN paragraphs p ON p.doc_id = f.doc_id AND p.idx = f.paragraph
            WHERE f.doc_id IN ({marks}) AND f.start >= 0 ORDER BY f.doc_id, f.seq""", list(doc_ids))


def _sentence_span(paragraph: str, pos: int) -> tuple[int, int]:
    for a, b in sentence_spans(paragraph):
        if a <= pos < b:
            return a, b
    return 0, len(paragraph)


def _figure_record(fig: dict, doc: dict, measure: str | None) -> dict:
    """A figure with its sentence span, qualifier ("hơn") and as-of (explicit date, else the report's)."""
    para = fig["paragraph_text"]
    a, b = _sentence_span(para, fig["start"])
    before = para[a:fig["start"]]
    explicit = [m for m in _AS_OF.finditer(before)]
    as_of, as_of_kind = None, None
    if explicit:
        as_of, as_of_kind = iso_date(*explicit[-1].groups()), "explicit"
    if not as_of and doc["date"]:
        as_of, as_of_kind = doc["date"], "document"
    if not as_of and doc["period"]:
        as_of, as_of_kind = period_end(doc["period"]), "period"
    qualifier = next((q for q in sorted(_QUALIFIERS, key=len, reverse=True)
                      if re.search(rf"(?<!\w){q}\s*$", before, re.IGNORECASE)), "")
    return {
        "value": fig["value"], "unit": fig["unit"], "label": fig["label"], "doc_id": fig["doc_id"],
        "raw": fig["raw"], "as_of": as_of, "as_of_kind": as_of_kind, "measure": measure,
        "paragraph": fig["paragraph"], "start": fig["start"], "span": (a, b), "qualifier": qualifier,
        "sentence": para[a:b], "seq": fig["seq"], "section": fig["section"],
    }


def eligible_measure(fig: dict, sections: dict[int, dict], commune: str) -> str | None:
    """The measure of a prose figure stated where a report describes the commune, else None.

    Where: a section of the "Đặc điểm tình hình" kind, or an unclassified one when the
    sentence names the commune ("Xã Quang Minh hiện có 05 thôn").
    """
    kind = effective_kind(sections, fig["section"])
    para = fig["paragraph_text"]
    a, _ = _sentence_span(para, fig["start"])
    before = para[a:fig["start"]]
    if kind != "dac_diem" and not (kind is None and fold(f"xã {commune}") in fold(before)):
        return None
    return measure_of(fig, before)


def latest_measures(db: Database, docs: Sequence[dict], sections_of: dict[str, dict], commune: str) -> dict[str, dict]:
    """The latest stated value of each measure.

    Ties on the as-of date go to the report's own "Đặc điểm" section, then to the first such
    figure of its sentence (a total comes before its parts: "40 tổ chức đảng (gồm 02 ...)").
    """
    by_id = {d["id"]: d for d in docs}
    recs = []
    for fig in _figures_of(db, list(by_id)):
        sections = sections_of[fig["doc_id"]]
        measure = eligible_measure(fig, sections, commune)
        if measure:
            rec = _figure_record(fig, by_id[fig["doc_id"]], measure)
            rec["in_kind"] = effective_kind(sections, fig["section"]) == "dac_diem"
            recs.append(rec)
    firsts = {}
    for r in recs:
        key = (r["doc_id"], r["paragraph"], r["span"], r["measure"])
        if key not in firsts or r["start"] < firsts[key]["start"]:
            firsts[key] = r
    best: dict[str, tuple] = {}
    for r in recs:
        first = firsts[(r["doc_id"], r["paragraph"], r["span"], r["measure"])] is r
        rank = (r["as_of"] or "", r["in_kind"], first, -r["seq"])
        if r["measure"] not in best or rank > best[r["measure"]][0]:
            best[r["measure"]] = (rank, r)
    return {m: v[1] for m, v in best.items()}


# ---------------------------------------------------------------- reused wording

@dataclass
class _Source:
    """One unit of earlier wording: a paragraph, a subsection heading, or a table."""

    doc: dict
    section: str
    paragraph: int
    text: str
    level: int = 0  # 0: body text; n>0: a heading n levels under the section title
    spans: tuple[tuple[int, int], ...] | None = None  # only these sentences (passage fallback)
    table: list[list[str]] | None = None  # rows of a table (text is its title)
    header_rows: int = 0
    shift: int | None = 0  # paragraph offset = text offset + shift (None: unknown, match figures by text)


_CLOSING = re.compile(r"^\W*(?:tren day la|noi nhan|t/m\b|tm\b|kt\b|q\. ?chu tich|chu tich\W*$|bi thu\W*$)")
_NOISE = re.compile(r"^(?:https?://\S+|www\.\S+)$")


def _paragraphs(db: Database, doc_id: str, section_ids: set[int]) -> list[dict]:
    if not section_ids:
        return []
    marks = ", ".join("?" * len(section_ids))
    return db.execute_returning_dicts(
        f"SELECT idx, section, is_heading, table_idx, text FROM paragraphs WHERE doc_id = ? AND section IN ({marks}) "
        "ORDER BY idx", [doc_id, *sorted(section_ids)])


def _clean_heading(s: dict) -> str:
    text = s["heading"][len(s["label"]):] if s["label"] and s["heading"].startswith(s["label"]) else s["heading"]
    text = re.sub(r"^(?:PHẦN|Phần)\s+(?:THỨ\s+)?\S+\s*", "", text) if re.match(r"(?:PHẦN|Phần)\s", text) else text
    text = squash(text).strip(" .:;-–")
    if text and text.upper() == text and any(c.isalpha() for c in text):
        text = text[0] + text[1:].lower()
    return text


def _table_rows(db: Database, doc_id: str, table_idx: int) -> tuple[str, list[list[str]], int]:
    row = db.execute("SELECT title, rows, header_rows FROM doc_tables WHERE doc_id = ? AND idx = ?",
                     [doc_id, table_idx + 1]).fetchone()
    return (row[0], json.loads(row[1]), row[2]) if row else ("", [], 0)


def _body_paragraphs(rows: list[dict]) -> list[dict]:
    """The paragraphs that are report text: the closing ("Trên đây là...", "Nơi nhận", signature) cut."""
    out, closed = [], False
    for p in rows:
        if p["is_heading"]:
            closed = False
            out.append(p)
            continue
        if closed or (p["table_idx"] is None and _CLOSING.match(fold(p["text"]))):
            closed = True
            continue
        out.append(p)
    return out


def _list_items(sections: dict[int, dict], keep: set[int]) -> set[int]:
    """Headings that are items of a list ("a) Công khai đầy đủ ...;"): siblings of which one ends with ";"."""
    by_parent: dict[int | None, list[int]] = {}
    for i in keep:
        by_parent.setdefault(sections[i]["parent"], []).append(i)
    out = set()
    for siblings in by_parent.values():
        if any(sections[i]["heading"].rstrip().endswith(";") for i in siblings):
            out |= set(siblings)
    return out


def wording(db: Database, doc: dict, sections: dict[int, dict], roots: Sequence[int], kind: str) -> list[_Source]:
    """The matched sections' text in order: paragraphs, tables, subsection headings.

    A subsection heading with nothing under it is content written as a heading ("a) Công khai
    đầy đủ 286 thủ tục...;"): it becomes a bullet line.
    """
    out: list[_Source] = []
    many = len(roots) > 1
    for root in roots:
        keep = _subtree(sections, root, kind)
        rows = _body_paragraphs(_paragraphs(db, doc["id"], keep))
        with_body = set()
        for p in rows:
            if not p["is_heading"]:
                with_body |= {p["section"], *sections[p["section"]]["ancestors"]}
        with_body -= _list_items(sections, keep)
        if many:  # one group per matched section, titled by what it is about
            s = sections[root]
            own = _clean_heading(s)
            title_section = sections[s["parent"]] if s["parent"] is not None and classify_heading(own) == kind \
                and len(terms(own)) <= 6 else s
            out.append(_Source(doc, " > ".join(s["path"]), -1, _clean_heading(title_section), level=1))
        base = sections[root]["level"]
        for p in rows:
            s = sections[p["section"]]
            path = " > ".join(s["path"])
            if p["is_heading"]:
                if p["section"] == root:
                    continue
                if p["section"] in with_body:
                    out.append(_Source(doc, path, p["idx"], _clean_heading(s),
                                       level=s["level"] - base + (1 if many else 0)))
                else:
                    clean = _clean_heading(s)
                    at = p["text"].find(clean)
                    out.append(_Source(doc, path, p["idx"], f"- {clean}.", shift=at - 2 if at >= 0 else None))
            elif p["table_idx"] is not None:
                title, grid, header_rows = _table_rows(db, doc["id"], p["table_idx"])
                if out and out[-1].table is None and not out[-1].level and squash(out[-1].text) == squash(title):
                    out.pop()  # the caption line is the table's title: shown once, with the table
                if grid:
                    out.append(_Source(doc, path, p["idx"], title, table=grid, header_rows=header_rows))
            else:
                out.append(_Source(doc, path, p["idx"], p["text"]))
    return out


# ---------------------------------------------------------------- directives to cite

def _citations(db: Database, doc_ids: Sequence[str]) -> list[dict]:
    if not doc_ids:
        return []
    marks = ", ".join("?" * len(doc_ids))
    rows = db.execute_returning_dicts(
        f"""SELECT c.*, p.text AS paragraph_text, d.date AS doc_date, d.file, s.path AS section_path
            FROM citations c JOIN paragraphs p ON p.doc_id = c.doc_id AND p.idx = c.paragraph
            JOIN documents d ON d.id = c.doc_id
            LEFT JOIN sections s ON s.doc_id = c.doc_id AND s.idx = c.section
            WHERE c.doc_id IN ({marks}) ORDER BY d.date DESC, c.doc_id, c.seq""", list(doc_ids))
    return rows


# Kinds of directives a report carries out ("Thực hiện ..."); decisions that found or staff a body are not.
CARRIED_OUT = ("Nghị quyết", "Kết luận", "Chỉ thị", "Kế hoạch", "Chương trình", "Đề án", "Hướng dẫn", "Nghị định",
               "Thông tư", "Luật", "Quyết định")
_APPOINTING = ("thanh lap", "kien toan", "chi dinh", "bo nhiem", "phan cong", "chuan y")


def directive_phrase(c: dict) -> str:
    parts = [f"{c['kind']} số {c['symbol'] or c['number']}"]
    if c["date"]:
        parts.append(f"ngày {vn_date(c['date'])}")
    if c["issuer"]:
        parts.append(f"của {c['issuer']}")
    subject = _subject_only(c["subject"])
    if subject:
        parts.append(f"về {subject}")
    return " ".join(parts)


def _subject_only(subject: str | None) -> str:
    """The subject without a main clause the mention ran into ("..., xã đã cấp 9.850 tài khoản")."""
    if not subject:
        return ""
    m = re.search(r",\s+[^,]{0,40}?(?<!\w)(?:đã|đang|sẽ|được|tiếp tục)(?!\w)", subject)
    return (subject[:m.start()] if m else subject).rstrip(" .;:,")


def pick_directives(db: Database, docs: Sequence[dict], used: Sequence[_Source], topic: Sequence[str]) -> list[dict]:
    """Directives to name: those cited in the reused wording, else the commune's most-cited recent ones."""
    rows = [c for c in _citations(db, [d["id"] for d in docs])
            if not c["issued_by_commune"] and c["symbol"] and c["kind"] in CARRIED_OUT
            and not (c["kind"] == "Quyết định" and (not c["subject"] or _mentions(c["subject"], _APPOINTING)))]
    in_wording = {(s.doc["id"], s.paragraph) for s in used}
    pools = [[c for c in rows if (c["doc_id"], c["paragraph"]) in in_wording]]
    if topic:
        pools.append([c for c in rows if c["subject"] and _mentions(c["subject"], topic)])
        pools.append([c for c in rows if _mentions(c["paragraph_text"][
            slice(*_sentence_span(c["paragraph_text"], c["start"]))], topic)])
    else:
        pools.append(rows)
    pool = next((x for x in pools if x), [])
    counts: dict[str, int] = {}
    for c in rows:
        counts[c["key"]] = counts.get(c["key"], 0) + 1
    best: dict[str, dict] = {}
    for c in pool:  # the fullest mention of each directive
        score = sum(bool(c[f]) for f in ("date", "issuer", "subject"))
        if c["key"] not in best or score > best[c["key"]]["_score"]:
            best[c["key"]] = {**c, "_score": score}
    ranked = sorted(best.values(), key=lambda c: (-counts[c["key"]], -int((c["date"] or "0").replace("-", "")),
                                                  c["key"]))
    return ranked[:MAX_DIRECTIVES]


# ---------------------------------------------------------------- grounding

def source_texts(sources: Sequence[SourceRef], docs_by_id: dict[str, dict]) -> list[str]:
    """What a sentence may take numbers from: its quotes and its reports' references."""
    out = [s.quote for s in sources]
    out += [reference(docs_by_id[s.doc_id]) for s in sources if s.doc_id in docs_by_id]
    return out


def ground(sentences: Sequence[DraftSentence], docs_by_id: dict[str, dict]) -> tuple[list[DraftSentence], list[dict]]:
    """Keep the sentences whose every number is in their sources; the others are dropped and logged."""
    kept, dropped = [], []
    for s in sentences:
        missing = ungrounded(s.text, source_texts(s.sources, docs_by_id)) if s.sources else \
            [raw for raw, _ in numbers_in(s.text)] or ["(không có nguồn)"]
        if missing:
            log.warning("draft sentence dropped: numbers %s are not in its sources: %s", missing, s.text)
            dropped.append({"text": s.text, "numbers": missing})
        else:
            kept.append(s)
    return kept, dropped


def _polished(s: DraftSentence, polish: Callable[[str], str], docs_by_id: dict[str, dict],
              templates: Path | None) -> DraftSentence:
    """The polished sentence when it keeps every number and states no new one; else the original."""
    sources = source_texts(s.sources, docs_by_id)
    prompt_sources = "\n".join(f"- {q}" for q in sources)
    try:
        text = squash(polish(prompts.render("draft_polish", directory=templates, sentence=s.text,
                                            sources=prompt_sources)))
    except Exception:
        log.exception("polish failed; keeping the sentence as drafted")
        return s
    before = {v for _, v in numbers_in(s.text)}
    after = {v for _, v in numbers_in(text)}
    if not text or ungrounded(text, sources) or not before <= after:
        log.warning("polished sentence rejected (numbers changed or ungrounded): %s", text)
        return s
    return replace(s, text=text)


# ---------------------------------------------------------------- building

def _ref(doc: dict, section: str, quote: str) -> SourceRef:
    return SourceRef(doc["id"], doc["file"], section, quote)


def _as_of_phrase(rec: dict, doc: dict, templates: Path | None) -> str:
    if rec["as_of_kind"] == "explicit":
        return prompts.render("draft_common", "as_of_explicit", templates, date=vn_date(rec["as_of"]))
    if rec["as_of_kind"] == "document":
        return prompts.render("draft_common", "as_of_document", templates, date=vn_date(doc["date"]))
    return prompts.render("draft_common", "as_of_period", templates, period=doc["period"] or "")


def _public_figure(rec: dict) -> dict:
    return {k: rec[k] for k in ("value", "unit", "label", "doc_id", "raw", "as_of", "measure")}


def _figure_sentences(chosen: dict[str, dict], docs_by_id: dict[str, dict], sections_of: dict[str, dict],
                      kind: SectionKind, commune: str, templates: Path | None) -> list[DraftSentence]:
    """One sentence per group (territory, party) and source report, from the template."""
    groups: dict[tuple, list[dict]] = {}
    for m in MEASURES:
        rec = chosen.get(m.key)
        if rec:
            groups.setdefault((m.group, rec["doc_id"], rec["as_of"], rec["as_of_kind"]), []).append(rec)
    out = []
    for (group, doc_id, _, _), recs in groups.items():
        doc = docs_by_id[doc_id]
        items = []
        for r in recs:
            value = f"{r['qualifier'] + ' ' if r['qualifier'] else ''}{r['raw']} {r['unit'] or ''}".strip()
            items.append(prompts.render(kind.template, f"item_{r['measure']}", templates, value=value))
        joined = "; ".join(items) if any("," in i for i in items) else ", ".join(items)
        text = prompts.render(kind.template, group, templates, commune=commune, items=joined,
                              as_of=_as_of_phrase(recs[0], doc, templates))
        sections = sections_of[doc_id]
        refs = []
        for r in recs:
            sec = sections.get(r["section"])
            ref = _ref(doc, " > ".join(sec["path"]) if sec else "", r["sentence"])
            if ref not in refs:
                refs.append(ref)
        out.append(DraftSentence(text, tuple(refs), "figures", tuple(_public_figure(r) for r in recs)))
    return out


def _split(src: _Source) -> list[tuple[int, int, str]]:
    spans = list(src.spans if src.spans is not None else sentence_spans(src.text))
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # "Biểu 1. Kết quả ...": a label is not a sentence of its own
        if merged and len(src.text[merged[-1][0]:merged[-1][1]].split()) <= 2:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    spans = merged
    return [(a, b, src.text[a:b]) for a, b in spans if not _NOISE.match(src.text[a:b].strip())]


def _stated_figures(src: _Source, a: int, b: int, figures: dict[tuple[str, int], list[dict]]) -> list[dict]:
    """Figures of the source paragraph written inside this sentence."""
    out = []
    for f in figures.get((src.doc["id"], src.paragraph), []):
        if f["raw"] not in src.text[a:b]:
            continue
        if src.table is not None or src.shift is None or a <= f["start"] - src.shift < b:
            out.append(f)
    return out


def _plan(sources: list[_Source], figure_recs: dict[tuple[str, int], list[dict]],
          chosen: dict[str, dict]) -> tuple[list[tuple], set[str]]:
    """Reused sentences in order, and the measures whose latest value they already state.

    Plan items: ("heading", src) | ("sentence", src, a, b, stated) | ("table", src, stated)
    | ("outdated",) | ("break",). A sentence stating a measure whose latest value is stated
    elsewhere is outdated: dropped, the latest value takes its place.
    """
    chosen_at: dict[tuple[str, int], list[dict]] = {}
    for r in chosen.values():
        chosen_at.setdefault((r["doc_id"], r["paragraph"]), []).append(r)
    plan: list[tuple] = []
    covered: set[str] = set()
    count = 0
    for src in sources:
        if src.level:
            plan.append(("heading", src))
            continue
        if src.table is not None:
            stated = [{**f, "measure": None} for f in figure_recs.get((src.doc["id"], src.paragraph), [])]
            plan.append(("table", src, stated))
            continue
        for a, b, _ in _split(src):
            if count >= MAX_SENTENCES:
                break
            stated = _stated_figures(src, a, b, figure_recs)
            measures = {f["measure"] for f in stated if f["measure"]}
            mine = chosen_at.get((src.doc["id"], src.paragraph), [])
            here = {r["measure"] for r in mine if any(r is f or (r["start"], r["raw"]) == (f["start"], f["raw"])
                                                      for f in stated)}
            if measures - here:
                plan.append(("outdated",))
                continue
            covered |= here
            chosen_here = {(r["paragraph"], r["start"]) for r in mine}
            stated = [f if (f["paragraph"], f["start"]) in chosen_here else {**f, "measure": None} for f in stated]
            plan.append(("sentence", src, a, b, stated))
            count += 1
        plan.append(("break",))
    return plan, covered


def _insertion_point(plan: list[tuple]) -> int:
    """Where generated figure sentences go: in place of an outdated one, else after the opening paragraph."""
    for i, item in enumerate(plan):
        if item[0] == "outdated":
            return i
    for i, item in enumerate(plan):
        if item[0] == "heading":
            return 0
        if item[0] == "break":
            return i
    return len(plan)


def _assemble(plan: list[tuple], generated: list[DraftSentence], lead_in: DraftSentence | None,
              as_of: Callable[[dict, dict], str]) -> list[Block]:
    """Blocks in reading order: lead-in, reused paragraphs and tables, generated figure sentences in place."""
    blocks: list[Block] = [Block("paragraph", sentences=(lead_in,))] if lead_in else []
    body: list[DraftSentence] = []
    at = _insertion_point(plan)

    def flush() -> None:
        nonlocal body
        if body:
            blocks.append(Block("paragraph", sentences=tuple(body)))
            body = []

    for i, item in enumerate(plan + [("end",)]):
        if i == at:
            body.extend(generated)
        if item[0] == "heading":
            flush()
            blocks.append(Block("heading", level=min(item[1].level + 1, 3), text=item[1].text))
        elif item[0] == "break":
            flush()
        elif item[0] == "table":
            flush()
            _, src, stated = item
            quote = "\n".join([src.text] + ["\t".join(r) for r in src.table])
            caption = src.text or "Biểu số liệu"
            blocks.append(Block("table", text=caption, rows=tuple(tuple(r) for r in src.table),
                                header_rows=src.header_rows, sentences=(
                DraftSentence(caption, (_ref(src.doc, src.section, quote),), "table",
                              tuple(_public_figure(f) for f in stated)),)))
        elif item[0] == "sentence":
            _, src, a, b, stated = item
            text = src.text[a:b]
            measured = [f for f in stated if f["measure"]]
            if measured and not _AS_OF.search(text):
                text = _with_as_of(text, as_of(measured[0], src.doc))
            body.append(DraftSentence(text, (_ref(src.doc, src.section, src.text[a:b]),), "reused",
                                      tuple(_public_figure(f) for f in stated)))
    flush()
    return blocks


def _with_as_of(sentence: str, phrase: str) -> str:
    m = re.search(r"[.:;]+$", sentence)
    return f"{sentence[:m.start()]} ({phrase}){m.group()}" if m else f"{sentence} ({phrase})"


def _fallback(db: Database, retriever, docs: Sequence[dict], sections_of: dict[str, dict], kind: SectionKind,
              topic: Sequence[str], topic_text: str | None) -> list[_Source]:
    """Sentences about the topic (or the kind of section) when no heading of that kind exists.

    Passages come from the retriever when there is one, else the commune's paragraphs are
    scanned, latest report first; only the sentences holding the topic's (or the kind's)
    words are kept, from paragraphs outside sections of another kind.
    """
    by_id = {d["id"]: d for d in docs}
    wanted = tuple(topic) or KIND_TERMS[kind.key]
    candidates: list[tuple[dict, int | None, int, str]] = []  # (doc, section, paragraph, text)
    if retriever is not None:
        query = f"{kind.name} {topic_text or ''}".strip()
        for h in retriever.search(query, k=FALLBACK_PASSAGES * 3, doc_ids=list(by_id)):
            if h.kind != "text":
                continue
            for line in h.text.split("\n"):
                row = db.execute("SELECT idx, section FROM paragraphs WHERE doc_id = ? AND text = ?",
                                 [h.doc_id, line]).fetchone()
                if row:
                    candidates.append((by_id[h.doc_id], row[1], row[0], line))
    else:
        for doc in docs:
            for p in db.execute_returning_dicts(
                    "SELECT idx, section, text FROM paragraphs WHERE doc_id = ? AND is_heading = 0 "
                    "AND table_idx IS NULL ORDER BY idx", [doc["id"]]):
                candidates.append((doc, p["section"], p["idx"], p["text"]))
    out: list[_Source] = []
    seen = set()
    for doc, section, idx, text in candidates:
        sections = sections_of[doc["id"]]
        if (doc["id"], idx) in seen or effective_kind(sections, section) not in (None, kind.key):
            continue
        if _CLOSING.match(fold(text)):
            continue
        spans = tuple((a, b) for a, b in sentence_spans(text) if _mentions(text[a:b], wanted)
                      and not (not topic and kind.key in KIND_TERMS_NOT
                               and KIND_TERMS_NOT[kind.key].search(fold(text[a:b]))))
        if not spans:
            continue
        seen.add((doc["id"], idx))
        path = " > ".join(sections[section]["path"]) if section in sections else ""
        out.append(_Source(doc, path, idx, text, spans=spans))
        if len(out) >= FALLBACK_PASSAGES:
            break
    return out


def _title(kind: SectionKind, topic_text: str | None, period: str | None, templates: Path | None) -> str:
    values = {"numeral": kind.numeral,
              "topic_part": f" {topic_text.upper()}" if topic_text else "",
              "period_part": f" {period.upper()}" if period else ""}
    if kind.key == "ket_qua" and topic_text:
        values["topic_part"] = f" CÔNG TÁC {topic_text.upper()}"
    return prompts.render(kind.template, "title", templates, **values)


def _lead_in(kind: SectionKind, directives: Sequence[dict], actor: str, docs_by_id: dict[str, dict],
             topic_text: str | None, templates: Path | None) -> DraftSentence | None:
    if not directives or not prompts.has_block(kind.template, "lead_in", templates):
        return None
    phrases = [directive_phrase(c) for c in directives]
    listed = "; ".join(phrases)
    text = prompts.render(kind.template, "lead_in", templates, directives=listed, actor=actor,
                          topic_clause=f" công tác {topic_text}" if topic_text else " các nhiệm vụ")
    refs = []
    for c in directives:
        doc = docs_by_id[c["doc_id"]]
        sentence_span = _sentence_span(c["paragraph_text"], c["start"])
        refs.append(_ref(doc, " > ".join(json.loads(c["section_path"])) if c["section_path"] else "",
                         c["paragraph_text"][sentence_span[0]:sentence_span[1]]))
    return DraftSentence(text, tuple(refs), "lead_in")


def draft_section(
    db: Database,
    retriever,
    section: str,
    commune: str,
    period: str | None = None,
    topic: str | None = None,
    *,
    polish: Callable[[str], str] | None = None,
    templates: Path | None = None,
) -> Draft:
    """Draft one report section for a commune from its stored reports (see the module docstring).

    `retriever` (knowledge.search.retrieval.Retriever or None) is only used when no earlier section of
    this kind exists; `polish` rewords sentences under the same grounding check;
    `templates` replaces prompts/ (tests).
    """
    kind = parse_section(section)
    commune = resolve_commune(db, commune)
    docs = commune_documents(db, commune)
    docs_by_id = {d["id"]: d for d in docs}
    sections_of = {d["id"]: _sections(db, d["id"]) for d in docs}
    topic_words, topic_text = topic_terms(topic), topic_name(topic)
    notes: list[str] = []

    sources = _earlier_wording(db, docs, sections_of, kind, topic_words) \
        or _fallback(db, retriever, docs, sections_of, kind, topic_words, topic_text)
    if not any(s.level == 0 for s in sources):
        notes.append(prompts.render("draft_common", "no_wording", templates, section=kind.name, commune=commune))
    chosen: dict[str, dict] = {}
    if kind.key == "dac_diem":
        chosen = latest_measures(db, docs, sections_of, commune)
        missing = [m.name for m in MEASURES if m.key in ("area", "population", "party_members") and m.key not in chosen]
        if missing:
            notes.append(prompts.render("draft_common", "no_figures", templates, measures=", ".join(missing),
                                        commune=commune))
    lead_in = None
    if kind.key in ("ket_qua", "nhiem_vu"):
        directives = pick_directives(db, docs, [s for s in sources if s.level == 0], topic_words)
        lead_in = _lead_in(kind, directives, _actor(sources, docs, commune), docs_by_id, topic_text, templates)

    plan, covered = _plan(sources, _figure_index(db, sources, docs_by_id, sections_of, kind, commune), chosen)
    generated = _figure_sentences({m: r for m, r in chosen.items() if m not in covered}, docs_by_id, sections_of,
                                  kind, commune, templates)
    blocks = _assemble(plan, generated, lead_in, lambda rec, doc: _as_of_phrase(rec, doc, templates))
    kept, dropped = _grounded_blocks(blocks, docs_by_id, polish, templates)
    title = Block("heading", level=1, text=_title(kind, topic_text, period, templates))
    return Draft(kind.name, commune, period, topic_text, (title, *kept), _source_list(kept, docs_by_id),
                 tuple(notes), tuple(dropped), templates)


def _earlier_wording(db: Database, docs: Sequence[dict], sections_of: dict[str, dict], kind: SectionKind,
                     topic: Sequence[str]) -> list[_Source]:
    """The wording of the latest report that has this kind of section (about the topic, if any)."""
    for doc in docs:
        roots = matching_sections(sections_of[doc["id"]], kind.key, topic)
        if roots:
            return wording(db, doc, sections_of[doc["id"]], roots, kind.key)
    return []


def _figure_index(db: Database, sources: Sequence[_Source], docs_by_id: dict[str, dict],
                  sections_of: dict[str, dict], kind: SectionKind, commune: str) -> dict[tuple[str, int], list[dict]]:
    """The figures of the reused reports by (document, paragraph), with their measure for "Đặc điểm"."""
    index: dict[tuple[str, int], list[dict]] = {}
    for fig in _figures_of(db, sorted({s.doc["id"] for s in sources})):
        m = eligible_measure(fig, sections_of[fig["doc_id"]], commune) if kind.key == "dac_diem" else None
        index.setdefault((fig["doc_id"], fig["paragraph"]), []).append(
            _figure_record(fig, docs_by_id[fig["doc_id"]], m))
    return index


def _actor(sources: Sequence[_Source], docs: Sequence[dict], commune: str) -> str:
    """Who reports: the reused report's issuer when it is the commune's own body, else "xã X"."""
    first = next((s.doc for s in sources), docs[0] if docs else None)
    if first and first["issuer"] and fold(commune) in fold(first["issuer"]):
        return first["issuer"]
    return f"xã {commune}"


def _grounded_blocks(blocks: Sequence[Block], docs_by_id: dict[str, dict], polish: Callable[[str], str] | None,
                     templates: Path | None) -> tuple[list[Block], list[dict]]:
    """Blocks with ungrounded sentences dropped (then polished, when asked), empty headings removed."""
    kept_blocks, dropped = [], []
    for b in blocks:
        if b.kind == "heading":
            kept_blocks.append(b)
            continue
        kept, gone = ground(b.sentences, docs_by_id)
        dropped += gone
        if polish is not None and b.kind == "paragraph":
            kept = [_polished(s, polish, docs_by_id, templates) for s in kept]
        if kept:
            kept_blocks.append(replace(b, sentences=tuple(kept)))
    return _drop_empty_headings(kept_blocks), dropped


def _source_list(blocks: Sequence[Block], docs_by_id: dict[str, dict]) -> tuple[dict, ...]:
    """The closing list: every cited report once, numbered in order of first use."""
    order: list[str] = []
    for b in blocks:
        for s in b.sentences:
            for x in s.sources:
                if x.doc_id not in order:
                    order.append(x.doc_id)
    return tuple({"ref": i, "doc_id": d, "file": docs_by_id[d]["file"], "reference": reference(docs_by_id[d])}
                 for i, d in enumerate(order, 1))


def _drop_empty_headings(blocks: list[Block]) -> list[Block]:
    """Headings with nothing under them (before the next heading of the same or a higher level)."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            rest = blocks[i + 1:]
            nxt = next((j for j, x in enumerate(rest) if x.kind == "heading" and x.level <= b.level), len(rest))
            if not any(x.kind != "heading" for x in rest[:nxt]):
                continue
        out.append(b)
    return _renumber(out)


def _renumber(blocks: list[Block]) -> list[Block]:
    """Draft numbering: "1.", "2." under the title, "a)", "b)" under those."""
    counters = {2: 0, 3: 0}
    out = []
    for b in blocks:
        if b.kind == "heading":
            counters[b.level] += 1
            if b.level == 2:
                counters[3] = 0
                label = f"{counters[2]}."
            else:
                label = f"{'abcdefghiklmnopqrstuvxy'[(counters[3] - 1) % 23]})"
            b = replace(b, text=f"{label} {b.text}")
        out.append(b)
    return out
