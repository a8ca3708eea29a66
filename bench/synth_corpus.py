"""Synthetic commune reports for SCALE MEASUREMENTS ONLY (bench/scale.py), never for quality.

Writes N fictional communes x M reports (a docx / pdf / txt mix) into a folder OUTSIDE the
repo. Every report follows the shape of real ones: the two-column title block (issuer, "Số:",
motto, "<place>, ngày ... tháng ... năm ..."), "BÁO CÁO" + subject, I./1./a) headings, figures
in prose, one table, citations of central documents in State form ("Nghị định số
61/2018/NĐ-CP ngày ...") and Party form ("Nghị quyết số 57-NQ/TW ngày ..."), bullets, "Nơi
nhận:". Wording is drawn from small phrase banks, so reports repeat each other's wording (as
real ones do) without being identical. The content is meaningless: do not evaluate answers on it.

Deterministic: the same (seed, communes, reports) gives the same texts (docx/pdf zip and
creation timestamps are fixed too). Each file depends only on (seed, commune, report index),
so `--jobs` does not change the output.

Usage: .venv/bin/python bench/synth_corpus.py OUT_DIR --communes 10 --reports 10 [--seed 7] [--jobs 2]
Files: OUT_DIR/<commune-slug>/<nn>_<kind>.<ext>; OUT_DIR/manifest.tsv lists file<TAB>commune.
"""
from __future__ import annotations

import argparse
import logging
import random
import unicodedata
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_TIME = datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parent.parent

FIRST = ["Tân", "Phú", "Đông", "Hòa", "An", "Thanh", "Minh", "Bình", "Quảng", "Hưng", "Vĩnh", "Phước",
         "Long", "Thuận", "Kim", "Ngọc", "Đại", "Yên", "Trung", "Hồng"]
SECOND = ["Phong", "An", "Lợi", "Thịnh", "Lạc", "Hải", "Sơn", "Xuân", "Hà", "Tiến", "Mỹ", "Khánh",
          "Đức", "Lâm", "Hiệp", "Thành", "Nghĩa", "Bình", "Phúc", "Quang"]
PROVINCES = ["Hưng Yên", "Ninh Bình", "Phú Thọ", "Thái Nguyên", "Nghệ An", "Quảng Trị", "Đồng Nai", "An Giang"]

# Central documents cited by every commune (State and Party forms), with their subjects.
CENTRAL = [
    ("Nghị định", "61/2018/NĐ-CP", date(2018, 4, 23), "Chính phủ",
     "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
    ("Nghị định", "45/2020/NĐ-CP", date(2020, 4, 8), "Chính phủ", "thực hiện thủ tục hành chính trên môi trường điện tử"),
    ("Quyết định", "06/QĐ-TTg", date(2022, 1, 6), "Thủ tướng Chính phủ",
     "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử"),
    ("Nghị quyết", "1687/NQ-UBTVQH15", date(2025, 6, 16), "Ủy ban Thường vụ Quốc hội",
     "sắp xếp các đơn vị hành chính cấp xã năm 2025"),
    ("Nghị quyết", "57-NQ/TW", date(2024, 12, 22), "Bộ Chính trị",
     "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    ("Kết luận", "21-KL/TW", date(2021, 10, 25), "Ban Chấp hành Trung ương",
     "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    ("Chỉ thị", "05-CT/TW", date(2016, 5, 15), "Bộ Chính trị",
     "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ("Quy định", "144-QĐ/TW", date(2024, 5, 9), "Bộ Chính trị", "chuẩn mực đạo đức cách mạng của cán bộ, đảng viên"),
]

OPENING = [
    "Thực hiện {cite}, {body} báo cáo kết quả {subject} như sau:",
    "Căn cứ {cite}, {body} báo cáo {subject}, cụ thể như sau:",
    "Theo yêu cầu tại {cite}, {body} tổng hợp, báo cáo {subject} như sau:",
]
SITUATION = [
    "Xã {name} có diện tích tự nhiên {area} km², dân số {pop} người với {hh} hộ, được chia thành {villages} thôn.",
    "Toàn xã có {villages} thôn, {hh} hộ với {pop} nhân khẩu; diện tích tự nhiên là {area} km².",
    "Xã {name} được thành lập trên cơ sở sắp xếp các xã cũ, diện tích {area} km², dân số {pop} người ({hh} hộ), gồm {villages} thôn.",
]
STABLE = [
    "Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn cơ bản ổn định.",
    "Đời sống vật chất, tinh thần của Nhân dân tiếp tục được cải thiện.",
    "Bộ máy chính quyền địa phương hai cấp vận hành thông suốt, phục vụ người dân kịp thời.",
    "Tuy nhiên, thời tiết diễn biến phức tạp, giá vật tư nông nghiệp tăng đã ảnh hưởng đến sản xuất.",
]
AGRI = [
    "Tổng diện tích gieo trồng {period_word} đạt {crop} ha, năng suất lúa bình quân {yield_} tạ/ha.",
    "Sản xuất nông nghiệp cơ bản ổn định; diện tích lúa {crop} ha, năng suất ước đạt {yield_} tạ/ha.",
]
LIVESTOCK = [
    "Tổng đàn lợn {pigs} con, đàn gia cầm {poultry} con; không có dịch bệnh lớn xảy ra.",
    "Chăn nuôi phát triển ổn định với {pigs} con lợn và {poultry} con gia cầm; công tác tiêm phòng được duy trì.",
]
BUDGET = [
    "Tổng thu ngân sách nhà nước trên địa bàn ước đạt {revenue} tỷ đồng, bằng {rev_pct}% dự toán.",
    "Thu ngân sách trên địa bàn đạt {revenue} tỷ đồng, đạt {rev_pct}% dự toán giao; chi ngân sách bảo đảm đúng quy định.",
]
INCOME = [
    "Thu nhập bình quân đầu người đạt {income} triệu đồng/người/năm; tỷ lệ hộ nghèo còn {poor}%.",
    "Tỷ lệ hộ nghèo giảm còn {poor}%, thu nhập bình quân đạt {income} triệu đồng/người/năm.",
]
EDU = [
    "Năm học {school_year}, toàn xã có {schools} trường, trong đó {std_schools} trường đạt chuẩn quốc gia; tỷ lệ học sinh lên lớp đạt {pass_pct}%.",
    "Ngành giáo dục duy trì {schools} trường học, {std_schools} trường đạt chuẩn quốc gia, tỷ lệ lên lớp {pass_pct}%.",
]
HEALTH = [
    "Trạm Y tế khám, chữa bệnh cho {patients} lượt người; tiêm chủng mở rộng cho {kids} trẻ em, đạt {vacc}%.",
    "Công tác y tế được quan tâm, tổ chức khám cho {patients} lượt người và tiêm chủng đầy đủ cho {kids} trẻ, đạt tỷ lệ {vacc}%.",
]
ADMIN = [
    "Trung tâm Phục vụ hành chính công xã tiếp nhận {files} hồ sơ, đã giải quyết {done} hồ sơ, trong đó {ontime_pct}% đúng hạn; vận hành theo {cite}.",
    "Thực hiện {cite}, Trung tâm Phục vụ hành chính công đã tiếp nhận {files} hồ sơ thủ tục hành chính, giải quyết {done} hồ sơ ({ontime_pct}% đúng và trước hạn).",
]
DIGITAL = [
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt {online}%; {vneid} người dân đã kích hoạt tài khoản định danh điện tử mức 2 theo {cite}.",
    "Triển khai {cite}, xã đã hỗ trợ {vneid} người dân kích hoạt tài khoản định danh điện tử; hồ sơ trực tuyến đạt {online}%.",
]
SECURITY = [
    "Lực lượng công an xã tiếp nhận, giải quyết {cases} vụ việc về an ninh trật tự; tổ chức {patrols} lượt tuần tra.",
    "Công an xã đã xử lý {cases} vụ việc, phối hợp tổ chức {patrols} lượt tuần tra, kiểm soát trên địa bàn.",
]
RECRUIT = [
    "Hoàn thành giao {recruits} thanh niên nhập ngũ, đạt 100% chỉ tiêu trên giao.",
    "Công tác tuyển quân đạt 100% chỉ tiêu với {recruits} thanh niên lên đường nhập ngũ.",
]
PARTY_ORG = [
    "Đảng bộ xã có {members} đảng viên sinh hoạt tại {cells} chi bộ trực thuộc.",
    "Đến nay, Đảng bộ có {cells} chi bộ trực thuộc với tổng số {members} đảng viên.",
]
PARTY_STUDY = [
    "Đảng ủy đã tổ chức học tập, quán triệt {cite} cho {studied} đảng viên, đạt {study_pct}%.",
    "Các chi bộ tổ chức quán triệt {cite}; có {studied} đảng viên tham gia, đạt tỷ lệ {study_pct}%.",
]
PARTY_NEW = [
    "Trong kỳ, toàn Đảng bộ kết nạp {new_members} đảng viên mới, đạt {new_pct}% chỉ tiêu.",
    "Công tác phát triển đảng viên được quan tâm, kết nạp {new_members} đảng viên mới (đạt {new_pct}% chỉ tiêu).",
]
INSPECT = [
    "Ủy ban Kiểm tra Đảng ủy đã kiểm tra {orgs} tổ chức đảng và {inspected} đảng viên; giám sát chuyên đề {supervised} chi bộ.",
    "Thực hiện {cite}, Ủy ban Kiểm tra đã kiểm tra {inspected} đảng viên, {orgs} tổ chức đảng và giám sát {supervised} chi bộ.",
]
LIMITS = [
    "Một số chỉ tiêu về thu ngân sách đạt thấp so với cùng kỳ;",
    "Việc ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính còn chậm;",
    "Kỹ năng số của một bộ phận cán bộ, công chức còn hạn chế;",
    "Một số chi bộ thôn sinh hoạt chưa đều, nội dung sinh hoạt chưa phong phú;",
    "Cơ sở vật chất của Trung tâm Phục vụ hành chính công còn thiếu;",
    "Tình trạng vi phạm hành lang an toàn giao thông vẫn còn xảy ra.",
]
TASKS = [
    "Tiếp tục thực hiện {cite};",
    "Đẩy mạnh cải cách hành chính, nâng tỷ lệ hồ sơ trực tuyến toàn trình lên trên {target}%;",
    "Chỉ đạo sản xuất vụ mùa bảo đảm đúng khung thời vụ;",
    "Tăng cường công tác quản lý đất đai, trật tự xây dựng trên địa bàn;",
    "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu, bảo đảm an ninh trật tự;",
    "Phấn đấu thu ngân sách đạt trên {target}% dự toán năm.",
]


@dataclass(frozen=True)
class Commune:
    name: str
    province: str
    slug: str


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c))
    return "_".join(ascii_.lower().split())


def communes(n: int, seed: int) -> list[Commune]:
    rng = random.Random(f"{seed}:communes")
    names = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    if n > len(names):
        raise ValueError(f"at most {len(names)} communes")
    rng.shuffle(names)
    return [Commune(nm, PROVINCES[i % len(PROVINCES)], slugify(nm)) for i, nm in enumerate(names[:n])]


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vn_dec(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def vn_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def cite(rng: random.Random, local: list[tuple]) -> str:
    kind, number, day, issuer, subject = rng.choice(CENTRAL + local)
    return f"{kind} số {number} ngày {vn_date(day)} của {issuer} về {subject}"


# A report is a list of blocks: (kind, payload). kinds: left/right/center (title block lines),
# title, h1, h2, h3, p, bullet, table ((title, header, rows)).
Block = tuple[str, object]


def build_report(c: Commune, index: int, seed: int) -> tuple[str, list[Block]]:
    """(kind, blocks) of report `index` of commune `c`: "ubnd" (socio-economic) or "dangu" (Party)."""
    rng = random.Random(f"{seed}:{c.slug}:{index}")
    party = index % 3 == 2
    year = 2024 + (index // 8) % 3
    period_no = index % 4
    period_label, period_word, end_month = [("quý I", "quý I", 3), ("6 tháng đầu năm", "6 tháng", 6),
                                            ("9 tháng", "9 tháng", 9), ("năm", "cả năm", 12)][period_no]
    period_label = f"năm {year}" if end_month == 12 else f"{period_label} năm {year}"
    issued = date(year, end_month, 1) + timedelta(days=rng.randint(10, 25))
    if end_month == 12:
        issued = date(year, 12, rng.randint(10, 25))
    number = rng.randint(1, 250)
    local = [
        ("Nghị quyết", f"{rng.randint(1, 30):02d}/NQ-HĐND", date(year - 1, 12, rng.randint(5, 28)),
         f"Hội đồng nhân dân xã {c.name}", f"kế hoạch phát triển kinh tế - xã hội năm {year}"),
        ("Kế hoạch", f"{rng.randint(1, 90):02d}/KH-UBND", date(year, rng.randint(1, end_month), rng.randint(1, 28)),
         f"Ủy ban nhân dân tỉnh {c.province}", f"cải cách hành chính năm {year}"),
        ("Kế hoạch", f"{rng.randint(1, 60):02d}-KH/ĐU", date(year, 1, rng.randint(2, 28)),
         f"Ban Thường vụ Đảng ủy xã {c.name}", "chuyển đổi số trong các cơ quan của hệ thống chính trị xã"),
    ]
    pop = rng.randint(9000, 42000)
    v = dict(
        name=c.name, area=vn_dec(rng.uniform(8, 45), 2), pop=vn_int(pop), hh=vn_int(pop // rng.randint(3, 4)),
        villages=rng.randint(8, 30), period_word=period_word, crop=vn_int(rng.randint(300, 2500)),
        yield_=vn_dec(rng.uniform(55, 68)), pigs=vn_int(rng.randint(2000, 15000)),
        poultry=vn_int(rng.randint(30000, 150000)), revenue=vn_dec(rng.uniform(3, 60)),
        rev_pct=vn_dec(rng.uniform(60, 130)), income=vn_dec(rng.uniform(45, 85)), poor=vn_dec(rng.uniform(0.5, 4), 2),
        school_year=f"{year - 1}-{year}", schools=rng.randint(3, 9), std_schools=rng.randint(1, 3),
        pass_pct=vn_dec(rng.uniform(97, 99.9)), patients=vn_int(rng.randint(800, 9000)),
        kids=rng.randint(80, 600), vacc=vn_dec(rng.uniform(92, 100)), online=vn_dec(rng.uniform(30, 95)),
        vneid=vn_int(rng.randint(3000, 30000)), cases=rng.randint(3, 60), patrols=rng.randint(20, 300),
        recruits=rng.randint(10, 45), members=vn_int(rng.randint(300, 1600)), cells=rng.randint(15, 50),
        studied=vn_int(rng.randint(250, 1500)), study_pct=vn_dec(rng.uniform(85, 99)),
        new_members=rng.randint(5, 45), new_pct=rng.randint(80, 150), orgs=rng.randint(2, 12),
        inspected=rng.randint(4, 30), supervised=rng.randint(2, 15), target=rng.choice([80, 85, 90, 95, 100]),
    )
    files = rng.randint(400, 4000)
    v.update(files=vn_int(files), done=vn_int(files - rng.randint(0, files // 20)),
             ontime_pct=vn_dec(rng.uniform(90, 100)))

    def say(bank: list[str]) -> str:
        return rng.choice(bank).format(cite=cite(rng, local), **v)

    body = f"Ban Chấp hành Đảng bộ xã {c.name}" if party else f"Ủy ban nhân dân xã {c.name}"
    if party:
        subject = f"công tác xây dựng Đảng và hệ thống chính trị {period_label}"
        head = [("left", f"ĐẢNG BỘ TỈNH {c.province.upper()}"), ("left", f"ĐẢNG ỦY XÃ {c.name.upper()}"),
                ("left", f"Số {number}-BC/ĐU"), ("right", "ĐẢNG CỘNG SẢN VIỆT NAM")]
    else:
        subject = f"thực hiện nhiệm vụ phát triển kinh tế - xã hội {period_label}"
        head = [("left", "ỦY BAN NHÂN DÂN"), ("left", f"XÃ {c.name.upper()}"), ("left", f"Số: {number}/BC-UBND"),
                ("right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("right", "Độc lập - Tự do - Hạnh phúc")]
    blocks: list[Block] = head + [
        ("right", f"{c.name}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"),
        ("title", "BÁO CÁO"), ("center", f"Kết quả {subject}"),
        ("p", rng.choice(OPENING).format(cite=cite(rng, local), body=body, subject=subject)),
        ("h1", "I. ĐẶC ĐIỂM TÌNH HÌNH"), ("p", say(SITUATION) + " " + " ".join(rng.sample(STABLE, 2))),
    ]
    if party:
        blocks += [("p", say(PARTY_ORG)), ("h1", "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
                   ("h2", "1. Công tác chính trị, tư tưởng"), ("p", say(PARTY_STUDY)),
                   ("h2", "2. Công tác tổ chức, cán bộ"), ("h3", "a) Phát triển đảng viên"), ("p", say(PARTY_NEW)),
                   ("h3", "b) Đánh giá, xếp loại chất lượng"), ("table", _party_table(rng, year)),
                   ("h2", "3. Công tác kiểm tra, giám sát"), ("p", say(INSPECT)),
                   ("h2", "4. Lãnh đạo phát triển kinh tế - xã hội"), ("p", say(BUDGET) + " " + say(INCOME))]
    else:
        blocks += [("h1", f"II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {period_label.upper()}"),
                   ("h2", "1. Lĩnh vực kinh tế"), ("h3", "a) Sản xuất nông nghiệp"),
                   ("p", say(AGRI) + " " + say(LIVESTOCK)), ("h3", "b) Tài chính - ngân sách"),
                   ("p", say(BUDGET) + " " + say(INCOME)), ("h2", "2. Văn hóa - xã hội"), ("p", say(EDU)),
                   ("p", say(HEALTH)), ("h2", "3. Cải cách hành chính, chuyển đổi số"),
                   ("p", say(ADMIN)), ("table", _admin_table(rng, period_label)), ("p", say(DIGITAL)),
                   ("h2", "4. Quốc phòng - an ninh"), ("p", say(SECURITY) + " " + say(RECRUIT))]
    blocks += [("h1", "III. TỒN TẠI, HẠN CHẾ")] + [("bullet", t) for t in rng.sample(LIMITS, 3)]
    blocks += [("h1", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")]
    blocks += [("bullet", rng.choice(TASKS).format(cite=cite(rng, local), **v)) for _ in range(3)]
    blocks += [("p", "Nơi nhận:"), ("bullet", "Như trên;"), ("bullet", "Lưu: VT.")]
    return ("dangu" if party else "ubnd"), blocks


def _admin_table(rng: random.Random, period: str) -> tuple[str, list[str], list[list[str]]]:
    fields = ["Tư pháp - Hộ tịch", "Đất đai", "Xây dựng", "Lao động - Thương binh và Xã hội", "Kinh tế"]
    rows, totals = [], [0, 0, 0]
    for i, f in enumerate(rng.sample(fields, 4), 1):
        got = rng.randint(30, 900)
        done = rng.randint(got * 8 // 10, got)
        late = rng.randint(0, max(0, done // 20))
        rows.append([str(i), f, vn_int(got), vn_int(done), vn_int(late)])
        totals = [totals[0] + got, totals[1] + done, totals[2] + late]
    rows.append(["", "Tổng cộng", *map(vn_int, totals)])
    return (f"Biểu 1: Kết quả giải quyết thủ tục hành chính {period}",
            ["STT", "Lĩnh vực", "Tiếp nhận", "Đã giải quyết", "Quá hạn"], rows)


def _party_table(rng: random.Random, year: int) -> tuple[str, list[str], list[list[str]]]:
    rows = []
    for who, total in (("Chi bộ trực thuộc", rng.randint(15, 50)), ("Đảng viên", rng.randint(300, 1500))):
        a = total * rng.randint(10, 20) // 100
        b = total * rng.randint(65, 78) // 100
        d = rng.randint(0, total // 50)
        rows.append([who, vn_int(total), vn_int(a), vn_int(b), vn_int(total - a - b - d), vn_int(d)])
    return (f"Biểu số 1: Kết quả đánh giá, xếp loại chất lượng năm {year}",
            ["Đối tượng", "Tổng số", "Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành", "Không hoàn thành"], rows)


# ---------------------------------------------------------------- writers


def write_txt(blocks: list[Block], out: Path) -> None:
    lines: list[str] = []
    for kind, payload in blocks:
        if kind == "table":
            title, header, rows = payload
            lines += ["", title, "\t".join(header), *("\t".join(r) for r in rows), ""]
        elif kind == "bullet":
            lines.append(f"- {payload}")
        elif kind in ("h1", "title"):
            lines += ["", str(payload)]
        else:
            lines.append(str(payload))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(blocks: list[Block], out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = docx.Document()
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER,
             "title": WD_ALIGN_PARAGRAPH.CENTER}
    for kind, payload in blocks:
        if kind == "table":
            title, header, rows = payload
            doc.add_paragraph().add_run(title).bold = True
            table = doc.add_table(rows=len(rows) + 1, cols=len(header))
            table.style = "Table Grid"
            for j, h in enumerate(header):
                table.cell(0, j).text = h
            for i, row in enumerate(rows, 1):
                for j, value in enumerate(row):
                    table.cell(i, j).text = value
        elif kind in ("h1", "h2", "h3"):
            run = doc.add_paragraph().add_run(str(payload))
            run.bold = True
            run.italic = kind == "h3"
        elif kind == "bullet":
            doc.add_paragraph(f"- {payload}")
        else:
            p = doc.add_paragraph()
            p.add_run(str(payload)).bold = kind in ("title", "left", "right") and "ngày" not in str(payload)
            if kind in align:
                p.alignment = align[kind]
    doc.save(out)
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            info.date_time = (2026, 6, 1, 8, 0, 0)
            z.writestr(info, data)


def write_pdf(blocks: list[Block], out: Path) -> None:
    from fpdf import FPDF

    regular = FONT_DIR / "DejaVuSerif.ttf"
    bold = FONT_DIR / "DejaVuSerif-Bold.ttf"
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_TIME)
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold if bold.exists() else regular))
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for kind, payload in blocks:
        if kind == "table":
            title, header, rows = payload
            pdf.set_font("body", "B", 12)
            pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("body", "", 10)
            with pdf.table() as table:
                for row in [header, *rows]:
                    r = table.row()
                    for value in row:
                        r.cell(value)
            pdf.ln(2)
            continue
        text = f"- {payload}" if kind == "bullet" else str(payload)
        style = "B" if kind in ("h1", "h2", "title") or (kind in ("left", "right") and "ngày" not in text) else ""
        pdf.set_font("body", style, 12)
        a = {"right": "R", "center": "C", "title": "C", "p": "J"}.get(kind, "L")
        pdf.multi_cell(0, 6.5, text, align=a, new_x="LMARGIN", new_y="NEXT")
        if kind == "center":  # the subject line ends the title block
            pdf.ln(4)
    pdf.output(str(out))


WRITERS = {"docx": write_docx, "pdf": write_pdf, "txt": write_txt}
EXTS = ("docx", "txt", "pdf", "docx", "txt")  # mix: 40% docx, 40% txt, 20% pdf


def write_one(args: tuple[Commune, int, int, Path]) -> tuple[str, str]:
    c, index, seed, out_dir = args
    kind, blocks = build_report(c, index, seed)
    ext = EXTS[(index + len(c.slug)) % len(EXTS)]
    folder = out_dir / c.slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{index:03d}_{kind}.{ext}"
    if not path.exists():
        WRITERS[ext](blocks, path)
    return str(path.relative_to(out_dir)), c.name


def generate(out_dir: Path, n_communes: int, n_reports: int, seed: int = 7, jobs: int = 1) -> list[tuple[Path, str]]:
    """Write the corpus (files already there are kept: reruns are cheap) and return [(path, commune)]."""
    out_dir = Path(out_dir).resolve()
    if out_dir == REPO or REPO in out_dir.parents:
        raise ValueError("the synthetic corpus must live outside the repository")
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = [(c, i, seed, out_dir) for c in communes(n_communes, seed) for i in range(n_reports)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            done = list(pool.map(write_one, tasks, chunksize=16))
    else:
        done = [write_one(t) for t in tasks]
    (out_dir / "manifest.tsv").write_text("".join(f"{p}\t{c}\n" for p, c in done), encoding="utf-8")
    return [(out_dir / p, c) for p, c in done]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--communes", type=int, default=10)
    parser.add_argument("--reports", type=int, default=10, help="reports per commune")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    files = generate(args.out, args.communes, args.reports, args.seed, args.jobs)
    print(f"{len(files)} files in {args.out}")


if __name__ == "__main__":
    main()
