"""Organisation names in a mention: where an issuer's name ends ("Ban Chấp hành Trung ương Đảng
khóa XIII", "UBND TP. Hải Phòng"), and whether the issuer is the commune's own body."""
from __future__ import annotations

import re
from itertools import islice

from ingest.text.normal import fold
from ingest.text.vocabulary import KINDS

ORG_HEAD = (
    r"Ban|BCĐ|BTV|BCH|Đảng ủy|Đảng uỷ|Đảng bộ|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Thường trực|"
    r"Chi bộ|Chi ủy|Chi uỷ|MTTQ|Mặt trận|Chủ tịch|Bộ Chính trị|Chính phủ|Thủ tướng|Quốc hội|"
    r"Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Công an|Văn phòng|Trung tâm|Sở|"
    r"Phòng|Cấp ủy|Cấp uỷ"
)
HEAD_RE = re.compile(rf"(?<!\w)(?:{ORG_HEAD})(?!\w)")

# Lower-case words allowed inside an issuer name; everything else ends it.
_ORG_SINGLE = {"xã", "phường", "tỉnh", "huyện", "quận", "ủy", "uỷ", "ban"}
_ORG_BIGRAMS = {
    ("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("chấp", "hành"), ("thường", "vụ"),
    ("thường", "trực"), ("đề", "án"), ("chính", "phủ"), ("chính", "trị"), ("bí", "thư"),
    ("quốc", "hội"), ("chủ", "tịch"), ("văn", "phòng"), ("trung", "ương"), ("mặt", "trận"),
    ("tổ", "quốc"), ("cấp", "ủy"), ("cấp", "uỷ"), ("công", "an"), ("quân", "sự"),
    ("nhân", "dân"), ("hội", "đồng"), ("đảng", "ủy"), ("đảng", "uỷ"), ("đảng", "bộ"),
    ("chi", "bộ"), ("thủ", "tướng"), ("tuyên", "giáo"), ("dân", "vận"), ("liên", "ngành"),
}
# Bigrams that are an organ only right after "Ban" ("Ban chỉ đạo", "Ban tổ chức").
_AFTER_BAN = {("chỉ", "đạo"), ("tổ", "chức"), ("kiểm", "tra")}
_STOP_WORDS = {"về", "v/v", "ngày", "trên", "theo", "tại", "để", "nhằm", "đã", "được", "với",
               "cho", "trong", "kèm", "số", "là", "có", "từ", "đến", "sau", "khi", "nay", "năm",
               "tháng", "nhiệm", "lần", "gồm", "của"}
# First syllables of verbs and function words: never the second syllable of a capitalised word.
_NOT_SECOND = {"giao", "gửi", "yêu", "đề", "quy", "thực", "triển", "kiện", "phê", "sửa", "bổ", "xây",
               "báo", "thuyết", "phân", "đánh", "quyết", "tăng", "đẩy", "tiếp", "nâng", "phát", "bảo",
               "đảm", "tạo", "hỗ", "chỉ", "hướng", "tổ", "công", "ký", "ra", "và", "hoặc", "các",
               "những", "một", "này", "đó", "cùng", "như", "thì", "mà", "nên", "vì", "nhưng", "cũng",
               "sẽ", "vừa", "đang", "không", "chưa", "lãnh", "thông", "đối", "hết", "còn"}
_ROMAN = re.compile(r"^(?:[IVXLC]+|\d+)$")
_STOP_BIGRAMS = {("ban", "hành"), ("quy", "định"), ("hướng", "dẫn"), ("kiện", "toàn"),
                 ("thành", "lập"), ("sửa", "đổi"), ("phê", "duyệt"), ("công", "bố"),
                 ("công", "khai"), ("báo", "cáo"), ("xây", "dựng"), ("triển", "khai"),
                 ("thực", "hiện"), ("chỉ", "đạo"), ("tổ", "chức")}
_KIND_BIGRAMS = {tuple(k.lower().split()) for k in KINDS if " " in k}

# Bodies of the commune itself when unqualified, and words that name a higher level (folded).
_LOCAL_BODIES = ("dang uy", "ban chi dao", "bcd", "ban chap hanh dang bo", "ban chap hanh",
                 "ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan", "thuong truc",
                 "chi bo", "ban thuong vu", "btv")
_HIGHER_LEVEL = re.compile(
    r"\b(?:tinh|huyen|thanh pho|quan|thi xa|trung uong|tw|chinh phu|quoc hoi|thanh uy|"
    r"tinh uy|huyen uy|so|thu tuong|ban bi thu|cap tren|tp)\b|(?<!dang )(?<!chi )\bbo\b"
)

_TOKEN_RE = re.compile(r"\S+")


def _tokens(s: str, pos: int, limit: int, count: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in islice(_TOKEN_RE.finditer(s, pos, limit), count)]


def _core(tok: str) -> tuple[str, str]:
    core = tok.rstrip(",.;:-–)")
    return core, tok[len(core):]


def issuer_end(s: str, pos: int, limit: int, max_tokens: int = 16) -> int:
    """End of the organisation name starting at `pos` (== pos when there is none)."""
    toks = _tokens(s, pos, limit, max_tokens + 1)
    words = [_core(t)[0].lower() for _, _, t in toks]
    end = pos
    second_half = False
    i = 0
    while i < min(len(toks), max_tokens):
        a, b, tok = toks[i]
        core, tail = _core(tok)
        if not core:
            if tok in ("-", "–") and i + 1 < len(toks) and _org_token(toks, words, i + 1):
                i += 1
                continue
            break
        if not (second_half or _org_token(toks, words, i)):
            break
        second_half = _pair_ok(words, i)
        end = a + len(core)
        if tail.startswith(".") and core in ("TP", "Tp", "TX"):  # "UBND TP. Hải Phòng"
            end = a + len(core) + 1
            i += 1
            continue
        if any(c in tail for c in ".;:)"):
            break
        if "," in tail and not (i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
                                and _org_token(toks, words, i + 1)):
            break
        i += 1
    while True:  # a name never ends on a conjunction, a dash or "thực hiện" ("Ban chỉ đạo thực hiện <Đề án>")
        trimmed = re.sub(r"[\s,\-–]*(?:\bvà|(?<!\w)thực hiện)?[\s,\-–]*$", "", s[pos:end])
        if len(trimmed) == end - pos:
            break
        end = pos + len(trimmed)
    return end


def _pair_ok(words: list[str], i: int) -> bool:
    """Whether token i opens a two-word unit of an organisation name ("chấp hành", "chỉ đạo")."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    prv = words[i - 1] if i > 0 else ""
    pair = (words[i], nxt)
    if pair in _ORG_BIGRAMS:
        return True
    if pair in _AFTER_BAN:
        return prv == "ban"
    if pair == ("thực", "hiện"):  # "Ban chỉ đạo thực hiện Đề án"
        return prv in ("đạo", "bcđ")
    if pair in _KIND_BIGRAMS:  # "BCĐ đề án", "Ban chỉ đạo thực hiện Đề án"
        return prv in ("đạo", "bcđ", "hiện")
    return False


def _org_token(toks, words: list[str], i: int) -> bool:
    """Whether token i can be part of an organisation name."""
    tok = toks[i][2]
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if not w or not w[0].isalpha() or tok[:1] in "(“\"'‘«":
        return False
    if w in _STOP_WORDS:
        return False
    if _pair_ok(words, i):
        return True
    if (w, nxt) in _STOP_BIGRAMS or (w, nxt) in _KIND_BIGRAMS or w == "luật":
        return False
    if tok[0].isupper():
        return True
    if w == "và":
        return i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
    if w in _ORG_SINGLE:
        return True
    if w in ("khóa", "khoá"):  # "Ban Chấp hành Trung ương Đảng khóa XIII"
        return i + 1 < len(toks) and bool(_ROMAN.match(_core(toks[i + 1][2])[0]))
    prev_tok = toks[i - 1][2] if i > 0 else ""
    # the lower-case syllables of a capitalised word: "Sở Nội vụ", "Bộ Tài nguyên và Môi trường"
    return bool(prev_tok) and prev_tok[0].isupper() and _core(prev_tok)[1] == "" and w not in _NOT_SECOND


def issued_by_commune(issuer: str | None, symbol: str | None, commune: str | None) -> bool:
    """The commune's own bodies: "/ĐU" symbols, "... xã [this commune]", unqualified local bodies."""
    if symbol and re.search(r"/(?:ĐU|đu)(?:$|[-/])", symbol):
        return True
    if not issuer:
        return False
    f = fold(issuer)
    own = fold(commune).strip() if commune else ""
    if own and own in f:
        return True
    local = re.sub(r"\bthi xa\b", " ", f)  # a town (thị xã) is not a commune
    m = re.search(r"\bxa\b\s*(.*)$", local)
    if m:  # "UBND xã", "Đảng ủy xã Hòa An": ours unless it names another commune
        named = m.group(1).strip()
        names_other = bool(own and named[:1].isalpha() and not named.startswith(own)
                           and not named.startswith(("nhiem", "khoa", "lan")))
        return not names_other
    if _HIGHER_LEVEL.search(f):
        return False
    return f.startswith(_LOCAL_BODIES)
