"""The words question answering reads in a special way (folded, as matched).

- FILLER: words officials add to a question that say nothing about which figure is meant
  ("hiện nay", "còn", "tổng cộng", "đã", "được"): an answer need not contain them.
- CONTRASTS: qualifier classes whose members exclude each other ("đúng hạn" is not "trước
  hạn", "HĐND" is not "UBND"): a question naming one member is not answered by a figure whose
  nearest context names another member of the class, nor, for a strict class, by one whose
  context names none ("đảng viên mới").
- BODIES: names of bodies holding a qualifier's words ("Ủy ban Kiểm tra"), not read as qualifiers.
- SUBSET_WORDS: words that make a figure a part, flow or target of a measure ("kết nạp", "mới").
- COMPOUNDS: words of two syllables, one of which folds to a filler ("chế độ", "một cửa").
- SYNONYMS: measure words written differently in questions and reports.
- REPORT_PARTS: the parts a question may ask of a report ("khó khăn gì", "kiến nghị gì",
  "nhiệm vụ ..."), by family, with the names headings and questions give them; OTHER_PARTS:
  parts only named in headings.
- ORDINAL_NOUNS: nouns a number follows as its name ("mức độ 3", "khóa XXV", "Điều 124"),
  asked as "<noun> mấy/nào/số mấy".
- spelling(): the common spelling confusions of the sources ("suất sắc" for "xuất sắc",
  "chễ hẹn" for "trễ hẹn") folded away for qualifier matching.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FILLER = frozenset("""
a ai bao bay cac cai chi cho co con cua da dang den do duoc gi gom hay hien khi khong la lam len luc ma
may moi mot nao nay ne neu nhieu nhu nhung noi o ra roi sao se so thi tai the theo trong tu va ve voi vay
vi xa yeu ay tren duoi sau truoc hon nam thang ngay quy tinh het hien nay tai hien co tong tat ca ca
khoang chung tong xong duoc thuc te biet cho biet xin vui long giup toi minh phuong thi tran rieng
bao nhieu phan tram ty le bang tong so so luong nhieu nhat it nhat lan luot moi noi nhung gi
""".split()) - {"dang"}

# The grammatical part of FILLER: a pair of syllables holding one of these is no term ("hội của").
FUNCTION_WORDS = frozenset("""
a cac cai cho co con cua da den do duoc hay khi la ma mot nay neu nhung o ra roi se thi tai theo trong tu va
ve voi vay vi ay tren duoi sau truoc hon ca cung nhu len
""".split())

# Compounds holding a syllable that folds to a function or filler word ("chế độ" is no "chế đó",
# "cải cách" no "cái cách", "một cửa" no "một của"): terms all the same.
COMPOUNDS = frozenset(p.replace("_", " ") for p in """
cai_cach cai_tien cai_thien co_quan co_so co_che co_ban co_cau co_hoi co_cong dong_co don_vi vi_tri vi_pham
pham_vi hanh_vi vi_tinh ra_soat dien_tu dau_tu tu_tuong tu_phap tu_nhan tu_nguyen tu_van tu_chu tu_quan tu_ve
tu_lieu thong_tu tai_lieu tai_chinh tai_san tai_nguyen tai_khoan tai_tro tai_dinh qua_tai truyen_tai dang_tai
de_tai thuc_thi thi_cong thi_dua thi_hanh thi_diem kha_thi cuoc_thi chi_thi do_thi thi_tran thi_truong hien_thi
ca_nhan ca_the trinh_do che_do tien_do muc_do thai_do toc_do trong_tam quan_trong chu_trong trong_trot cay_trong
cung_co cung_cap cung_ung da_dang da_so toi_da nhu_cau sau_rong sau_sac chuyen_sau tam_tu bao_ve ve_sinh
tham_o o_nhiem ma_tuy ma_so so_hoa mot_cua ton_tai khi_hau con_nguoi nha_o den_bu
""".split())


@dataclass(frozen=True)
class Qualifier:
    """A class of qualifiers: members exclude each other; each member is the folded phrases that
    express it. `strict`: a figure must name the member asked somewhere near it (clause to
    heading), else it is a near miss ("đảng viên nữ" is not answered by all đảng viên); other
    classes are often left implied by the report ("UBND" in a UBND report)."""

    members: tuple[tuple[str, ...], ...]
    strict: bool


CONTRASTS: tuple[Qualifier, ...] = (
    Qualifier((("truoc han", "truoc hen", "som"), ("dung han", "dung hen"),
               ("qua han", "tre han", "tre hen", "cham")), True),
    Qualifier((("hoan thanh xuat sac", "xuat sac"), ("hoan thanh tot",), ("khong hoan thanh",)), True),
    Qualifier((("truc tuyen", "online", "qua mang", "dich vu cong truc tuyen", "tren moi truong mang"),
               ("truc tiep", "tai bo phan mot cua"), ("buu chinh", "dich vu buu chinh cong ich")), True),
    Qualifier((("nu",), ("nam gioi",)), True),
    Qualifier((("moi",),), True),
    Qualifier((("nong thon moi", "ntm"), ("nong thon moi nang cao", "ntm nang cao"),
               ("nong thon moi kieu mau", "ntm kieu mau")), True),
    Qualifier((("chi tieu", "muc tieu", "phan dau"),), False),
    Qualifier((("hdnd", "hoi dong nhan dan"), ("ubnd", "uy ban nhan dan"), ("dang uy", "ban thuong vu", "ban chap hanh"),
               ("mttq", "mat tran to quoc")), False),
    Qualifier((("chi bo",), ("dang bo",)), False),
    Qualifier((("can bo",), ("cong chuc",), ("nguoi lao dong",)), False),
    Qualifier((("trung uong",), ("thanh pho", "tinh"), ("huyen",)), False),
    Qualifier((("thu ngan sach", "tong thu"), ("chi ngan sach", "tong chi")), False),
    Qualifier((("kiem tra",), ("giam sat",)), False),
    Qualifier((("ho ngheo",), ("ho can ngheo",)), False),
    Qualifier((("tiep nhan",), ("giai quyet",), ("dang giai quyet", "dang xu ly")), False),
    Qualifier((("ca nam",), ("vu chiem xuan", "chiem xuan", "vu xuan", "vu dong xuan", "dong xuan"),
               ("vu mua", "vu he thu", "he thu")), False),
    Qualifier((("duoc giao", "giao chi tieu"), ("hien co", "hien tai", "dang co", "co mat")), False),
    Qualifier((("cong an",), ("quan su",), ("mat tran", "mttq"), ("doan thanh nien", "doan tncs"),
               ("hoi phu nu", "phu nu"), ("hoi nong dan", "nong dan"), ("cuu chien binh",)), True),
    Qualifier((("hoc sinh",), ("tre em",), ("nguoi cao tuoi",), ("nguoi co cong",), ("dan toc thieu so", "dtts")),
              True),
    Qualifier((("dau nam",), ("cuoi nam",)), False),
    # flows of a measure: asked, the figure must say it ("được miễn đánh giá" is not all those assessed)
    Qualifier((("ket nap",),), True),
    Qualifier((("mien",),), True),
    Qualifier((("ky luat",),), True),
    Qualifier((("khai tru", "xoa ten"),), True),
    Qualifier((("chuyen chinh thuc", "chuyen dang chinh thuc", "cong nhan dang vien chinh thuc"),), True),
)

# Bodies whose names hold a qualifier's words: the name says who, not what was done.
BODIES = ("uy ban kiem tra", "ubkt", "doan kiem tra", "to kiem tra", "doan giam sat", "ban chi dao")

# Words that make a figure a part, a flow or a target of a measure rather than the measure
# itself: "kết nạp 36 đảng viên mới" is not the number of đảng viên, unless the ask says so.
SUBSET_WORDS = ("ket nap", "moi", "chi tieu", "muc tieu", "phan dau", "mien", "chuyen den", "chuyen di", "khai tru",
                "xoa ten", "tu tran", "trong do", "tang", "giam", "them", "con lai", "chua", "khong",
                "cao hon", "thap hon", "nhieu hon", "it hon", "vuot", "ky luat")
# Flows of a stock: a figure its clause says is one answers only an ask naming it ("23 đảng viên từ
# trần" is no answer to "bao nhiêu đảng viên").
FLOWS = ("ket nap", "tu tran", "xoa ten", "khai tru", "ky luat", "chuyen den", "chuyen di", "mien", "dang vien moi",
         "hoi vien moi", "doan vien moi", "thanh vien moi")
# Words holding one of them that say something else ("đổi mới", "giám sát", "tăng cường").
SUBSET_LOOKALIKES = ("doi moi", "tang cuong", "tang truong", "giam sat", "giam doc", "giam dinh", "khong gian",
                     "mien nui", "mien nam", "mien bac", "mien trung")

_SYNONYM_GROUPS = (
    {"dan so", "nhan khau", "so dan"},
    {"dien tich", "rong"},
    {"dang vien", "dv"},
    {"ho so", "hs"},
    {"van ban", "vb"},
    {"don thu", "don", "khieu nai to cao"},
    {"online", "truc tuyen", "qua mang"},
    {"thon", "thon xom", "khu dan cu"},
    {"hop nhat", "sap nhap", "nhap"},
    {"lon", "heo"},
    {"qua han", "tre han", "tre hen", "cham tra"},
    {"nguoi dan", "nhan dan"},
    {"thu nhap binh quan", "thu nhap bq"},
    {"mot cua", "tiep nhan va tra ket qua"},
    {"trang bi", "trang thiet bi"},
    {"tu tran", "qua doi", "tu the"},
    {"ket nap", "dang vien moi"},
)
SYNONYMS: dict[str, frozenset[str]] = {w: frozenset(g - {w}) for g in _SYNONYM_GROUPS for w in g}
# The most common Vietnamese family names: a capitalised run opened by one is a person's name
# ("Chủ tịch UBND xã Lê Quang Vinh"), where a place's name is not ("xã Mỹ Hưng").
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Đinh", "Đào", "Cao", "Trương", "Lưu", "Mai", "Tạ", "Lương", "Chu", "Tô", "Đoàn",
            "Vương", "Trịnh", "Lâm", "Phùng", "Kiều", "Quách", "Triệu", "Doãn", "Thái", "Hà", "Đồng", "Nông")
RATE_VERBS = ("dat", "chiem", "bang", "tuong duong")  # what links a rate to what it is a rate of ("chiếm 3,62%")
QUESTION_WORDS = frozenset("may bao nhieu gi nao ai dau sao khong chua the".split())

REPORT_PARTS: dict[str, tuple[str, ...]] = {"limits": ("kho khan", "vuong mac", "ton tai", "han che"),
                                             "asks": ("kien nghi", "de xuat"),
                                             "tasks": ("nhiem vu", "giai phap", "phuong huong")}
OTHER_PARTS = ("uu diem", "nguyen nhan", "ket qua", "bai hoc")

ORDINAL_NOUNS = ("muc do", "khoa", "lan thu", "dieu", "phien ban", "giai doan", "nhiem ky", "ky hop thu", "chuong",
                 "khoan", "so hieu", "muc", "phan", "hang", "loai", "cap", "buoc")

# Spelling confusions of written sources: onset pairs folded together for qualifier matching only.
_ONSETS = (("tr", "ch"), ("x", "s"), ("gi", "d"), ("r", "d"))
_SYLLABLE_ONSET = re.compile(r"\b(tr|gi|x|r)(?=[a-z])")


@lru_cache(maxsize=4096)
def spelling(folded: str) -> str:
    """A folded text with confusable onsets merged: "suat sac" and "xuat sac" become one."""
    mapping = dict(_ONSETS)
    return _SYLLABLE_ONSET.sub(lambda m: mapping[m.group(1)], folded)
