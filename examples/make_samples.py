"""Dev script: writes the sample corpus of the FICTIONAL commune xã Tân Phong, tỉnh Hưng Yên.

Three reports whose figures agree with each other (population 31.846 at the end of
2025, 32.105 by 31/5/2026; 1.156 then 1.171 Party members in 42 chi bộ; area
27,35 km²). The generated files are committed; run this only to change them:

    .venv/bin/python examples/make_samples.py   (needs python-docx and fpdf2)
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_TIME = datetime(2026, 6, 18, 8, 0, tzinfo=timezone.utc)  # deterministic file metadata

DOCX_NAME = "tan_phong_bao_cao_6_thang_2026.docx"
PDF_NAME = "tan_phong_cchc_cds_quy_1_2026.pdf"
TXT_NAME = "tan_phong_dang_uy_tong_ket_2025.txt"

# ---------------------------------------------------------------- .txt (Đảng ủy, 12/2025)

TXT_LINES = """ĐẢNG BỘ TỈNH HƯNG YÊN
ĐẢNG ỦY XÃ TÂN PHONG
*
Số 38-BC/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM
Tân Phong, ngày 15 tháng 12 năm 2025

BÁO CÁO
tổng kết công tác xây dựng Đảng và hệ thống chính trị năm 2025,
phương hướng, nhiệm vụ năm 2026

Thực hiện Hướng dẫn số 12-HD/VPTU ngày 05/11/2025 của Văn phòng Tỉnh ủy Hưng Yên về việc báo cáo tổng kết công tác năm 2025, Ban Chấp hành Đảng bộ xã Tân Phong báo cáo kết quả công tác xây dựng Đảng và hệ thống chính trị năm 2025, phương hướng, nhiệm vụ năm 2026 như sau:

PHẦN THỨ NHẤT
KẾT QUẢ CÔNG TÁC XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ NĂM 2025

I. ĐẶC ĐIỂM TÌNH HÌNH

Xã Tân Phong được thành lập theo Nghị quyết số 1687/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Hưng Yên năm 2025, trên cơ sở nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Phong Lạc, xã Tân Hòa và xã Đông Phong. Xã có diện tích tự nhiên 27,35 km², dân số 31.846 người với 8.912 hộ, được chia thành 26 thôn.

Đảng bộ xã Tân Phong được thành lập theo Quyết định số 2105-QĐ/TU ngày 25/6/2025 của Ban Thường vụ Tỉnh ủy Hưng Yên. Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025-2030 gồm 31 đồng chí, Ban Thường vụ Đảng ủy gồm 09 đồng chí, Thường trực Đảng ủy gồm 03 đồng chí (01 Bí thư và 02 Phó Bí thư). Đến ngày 30/11/2025, Đảng bộ có 1.156 đảng viên sinh hoạt tại 42 chi bộ trực thuộc, gồm 26 chi bộ thôn, 09 chi bộ nhà trường, 04 chi bộ cơ quan và 03 chi bộ lực lượng vũ trang.

II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ

1. Công tác chính trị, tư tưởng

a) Việc học tập, quán triệt các nghị quyết, chỉ thị của Đảng

Đảng ủy đã tổ chức hội nghị học tập, quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia cho 1.094 đảng viên, đạt 94,6%. Các chi bộ xây dựng chương trình hành động sát với điều kiện thực tế của từng thôn, cơ quan, đơn vị.

b) Công tác tuyên truyền

- Hệ thống truyền thanh của xã phát 312 tin, bài về các nhiệm vụ chính trị của địa phương;
- Trang thông tin điện tử của xã đăng tải 145 tin, bài; các nhóm Zalo của 26/26 thôn được duy trì để thông tin kịp thời đến người dân.

2. Công tác tổ chức, cán bộ và xây dựng tổ chức đảng

a) Kiện toàn tổ chức bộ máy

Thực hiện Quyết định số 2105-QĐ/TU ngày 25/6/2025 của Ban Thường vụ Tỉnh ủy, Đảng ủy đã ban hành Quyết định số 14-QĐ/ĐU ngày 03/7/2025 thành lập Văn phòng Đảng ủy, Ban Xây dựng Đảng và Ủy ban Kiểm tra Đảng ủy; ban hành Quy chế làm việc của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025-2030 theo Nghị quyết số 02-NQ/ĐU ngày 10/9/2025.

b) Công tác phát triển đảng viên

Năm 2025, toàn Đảng bộ kết nạp 36 đảng viên mới, đạt 120% chỉ tiêu Nghị quyết Đại hội đề ra (chỉ tiêu 30 đảng viên); xét đề nghị tặng Huy hiệu Đảng cho 58 đồng chí.

c) Đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên

Thực hiện Hướng dẫn số 21-HD/BTCTU ngày 10/11/2025 của Ban Tổ chức Tỉnh ủy, Đảng ủy chỉ đạo các chi bộ kiểm điểm, đánh giá, xếp loại chất lượng năm 2025; có 58 đảng viên được miễn đánh giá theo quy định. Kết quả cụ thể như sau:

Biểu số 1: KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2025

Đối tượng\tTổng số được đánh giá\tHoàn thành xuất sắc nhiệm vụ\t\tHoàn thành tốt nhiệm vụ\t\tHoàn thành nhiệm vụ\t\tKhông hoàn thành nhiệm vụ\t
\t\tSố lượng\tTỷ lệ (%)\tSố lượng\tTỷ lệ (%)\tSố lượng\tTỷ lệ (%)\tSố lượng\tTỷ lệ (%)
Chi bộ trực thuộc\t42\t8\t19,0\t30\t71,4\t4\t9,5\t0\t0
Đảng viên\t1.098\t165\t15,0\t842\t76,7\t79\t7,2\t12\t1,1

3. Công tác kiểm tra, giám sát và thi hành kỷ luật đảng

Ủy ban Kiểm tra Đảng ủy đã kiểm tra 06 tổ chức đảng và 12 đảng viên; giám sát chuyên đề 08 chi bộ. Qua kiểm tra, giám sát đã thi hành kỷ luật 02 đảng viên (khiển trách 01, cảnh cáo 01) do vi phạm quy định về những điều đảng viên không được làm.

4. Lãnh đạo chính quyền thực hiện nhiệm vụ phát triển kinh tế - xã hội

Tổng thu ngân sách nhà nước trên địa bàn năm 2025 ước đạt 23,8 tỷ đồng; thu nhập bình quân đầu người đạt 68,2 triệu đồng/người/năm; tỷ lệ hộ nghèo giảm còn 1,12%. Trung tâm Phục vụ hành chính công xã đi vào hoạt động từ ngày 01/7/2025, vận hành theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính.

III. ĐÁNH GIÁ CHUNG

1. Ưu điểm

Ban Chấp hành Đảng bộ xã đã lãnh đạo hoàn thành việc sắp xếp tổ chức bộ máy sau hợp nhất; bộ máy của hệ thống chính trị cơ bản ổn định, hoạt động thông suốt, phục vụ người dân kịp thời.

2. Hạn chế, nguyên nhân

- Một số chi bộ thôn sinh hoạt chưa đều, nội dung sinh hoạt chưa phong phú;
- Việc ứng dụng công nghệ thông tin trong quản lý đảng viên còn chậm do hạ tầng và kỹ năng số của một bộ phận cán bộ còn hạn chế.

PHẦN THỨ HAI
PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026

I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU

- Kết nạp từ 32 đảng viên mới trở lên;
- 100% chi bộ trực thuộc hoàn thành nhiệm vụ trở lên; trên 85% đảng viên hoàn thành tốt nhiệm vụ trở lên;
- Tỷ lệ hộ nghèo giảm xuống dưới 1%.

II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM

1. Tiếp tục thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.

2. Lãnh đạo triển khai Kế hoạch số 25-KH/ĐU ngày 15/01/2026 của Ban Thường vụ Đảng ủy về chuyển đổi số trong các cơ quan của hệ thống chính trị xã.

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (để b/c),
- Văn phòng Tỉnh ủy,
- Các đồng chí Ủy viên BCH Đảng bộ xã,
- Các chi bộ trực thuộc,
- Lưu VPĐU.

T/M ĐẢNG ỦY
BÍ THƯ

Lê Thị Thu Hà
"""

# ---------------------------------------------------------------- .pdf (UBND, quý I/2026)

PDF_HEADER = "UBND xã Tân Phong - Báo cáo CCHC và chuyển đổi số quý I năm 2026"

# (kind, text): kind is "center", "centerb", "right", "h" (bold heading), "p" (justified, indented), "left"
PDF_CONTENT: list[tuple[str, str]] = [
    ("centerb", "ỦY BAN NHÂN DÂN"),
    ("centerb", "XÃ TÂN PHONG"),
    ("center", "Số: 21/BC-UBND"),
    ("centerb", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("centerb", "Độc lập - Tự do - Hạnh phúc"),
    ("right", "Tân Phong, ngày 27 tháng 3 năm 2026"),
    ("centerb", "BÁO CÁO"),
    ("centerb", "Kết quả công tác cải cách hành chính và chuyển đổi số quý I năm 2026"),
    ("p", "Thực hiện Kế hoạch số 35/KH-UBND ngày 08/01/2026 của Ủy ban nhân dân tỉnh Hưng Yên về công tác cải cách hành chính năm 2026; Kế hoạch số 04/KH-UBND ngày 12/01/2026 của Ủy ban nhân dân xã Tân Phong về cải cách hành chính năm 2026, Ủy ban nhân dân xã báo cáo kết quả thực hiện quý I năm 2026 như sau:"),
    ("h", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
    ("h", "1. Ban hành văn bản chỉ đạo"),
    ("p", "Trong quý I, Ủy ban nhân dân xã đã ban hành 612 văn bản đi, trong đó 100% văn bản (trừ văn bản mật) được ký số và gửi, nhận trên hệ thống quản lý văn bản điều hành theo đúng thể thức quy định tại Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư. Chủ tịch Ủy ban nhân dân xã ban hành Quyết định số 15/QĐ-UBND ngày 20/01/2026 về việc kiện toàn Tổ công tác triển khai Đề án 06 của xã."),
    ("h", "2. Công tác tuyên truyền"),
    ("p", "Ủy ban nhân dân xã chỉ đạo đài truyền thanh xã, 26/26 thôn tuyên truyền về dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và lợi ích của tài khoản định danh điện tử; tổ chức 04 hội nghị hướng dẫn người dân sử dụng Cổng Dịch vụ công quốc gia với 530 lượt người tham dự."),
    ("h", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
    ("h", "1. Cải cách thủ tục hành chính"),
    ("p", "Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính và Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP, Trung tâm Phục vụ hành chính công xã đã tiếp nhận 2.436 hồ sơ thủ tục hành chính, trong đó 2.261 hồ sơ nộp trực tuyến, đạt 92,8%."),
    ("p", "Đã giải quyết 2.407 hồ sơ, trong đó 2.398 hồ sơ giải quyết đúng hạn, đạt 99,6%; 09 hồ sơ quá hạn thuộc lĩnh vực đất đai; đang giải quyết 29 hồ sơ. Số hồ sơ thanh toán phí, lệ phí trực tuyến là 1.127 hồ sơ, đạt 46,3%; số hóa kết quả giải quyết 2.180 hồ sơ, đạt 89,5%."),
    ("p", "Trong quý, Trung tâm đã tiếp nhận 03 phản ánh, kiến nghị của người dân về việc giải quyết thủ tục hành chính; đã xử lý xong 03/03 phản ánh, kiến nghị, không có phản ánh quá hạn."),
    ("h", "2. Cải cách tổ chức bộ máy"),
    ("p", "Ủy ban nhân dân xã có 04 phòng chuyên môn và Trung tâm Phục vụ hành chính công với tổng số 48 cán bộ, công chức. Ủy ban nhân dân xã đã rà soát, điều chỉnh vị trí việc làm, phân công nhiệm vụ cụ thể cho từng công chức, bảo đảm không bỏ sót nhiệm vụ sau sắp xếp."),
    ("h", "3. Cải cách tài chính công"),
    ("p", "Tổng thu ngân sách nhà nước trên địa bàn quý I đạt 5,9 tỷ đồng, bằng 27,4% dự toán năm (21,5 tỷ đồng). Việc quản lý, sử dụng kinh phí được thực hiện công khai, đúng quy định; 100% khoản chi được thanh toán qua Kho bạc Nhà nước bằng phương thức điện tử."),
    ("h", "III. KẾT QUẢ CHUYỂN ĐỔI SỐ VÀ THỰC HIỆN ĐỀ ÁN 06"),
    ("p", "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030 và Kế hoạch số 25-KH/ĐU ngày 15/01/2026 của Ban Thường vụ Đảng ủy xã, Ủy ban nhân dân xã đã tập trung chỉ đạo các nhiệm vụ chuyển đổi số trọng tâm."),
    ("p", "Dân số của xã tính đến ngày 31/12/2025 là 31.846 người. Đến ngày 15/3/2026, toàn xã có 21.530 tài khoản định danh điện tử mức độ 2 được kích hoạt; 26/26 thôn thành lập Tổ công nghệ số cộng đồng với 182 thành viên; 100% cán bộ, công chức sử dụng thành thạo hệ thống quản lý văn bản và hồ sơ công việc."),
    ("p", "Cơ sở dữ liệu hộ tịch điện tử của xã đã được số hóa 18.640 sổ, trang hộ tịch, đạt 100% kế hoạch; việc làm sạch dữ liệu đất đai đang được triển khai tại 08/26 thôn."),
    ("h", "IV. TỒN TẠI, HẠN CHẾ"),
    ("p", "Tỷ lệ hồ sơ thanh toán trực tuyến còn thấp so với chỉ tiêu của tỉnh; một bộ phận người cao tuổi chưa quen sử dụng dịch vụ công trực tuyến. Hạ tầng mạng tại trụ sở làm việc của các xã cũ chưa đồng bộ, đường truyền hội nghị trực tuyến có lúc còn gián đoạn."),
    ("p", "Còn 09 hồ sơ quá hạn trong lĩnh vực đất đai do phải xác minh nguồn gốc sử dụng đất qua nhiều thời kỳ; việc xin lỗi người dân đối với hồ sơ quá hạn có lúc chưa kịp thời."),
    ("h", "V. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2026"),
    ("p", "1. Tiếp tục nâng cao tỷ lệ hồ sơ nộp trực tuyến và thanh toán trực tuyến; phấn đấu tỷ lệ thanh toán trực tuyến đạt trên 50% trong quý II."),
    ("p", "2. Đẩy nhanh tiến độ làm sạch dữ liệu đất đai, hoàn thành tại 26/26 thôn trước ngày 30/6/2026."),
    ("p", "3. Kiện toàn Tổ công nghệ số cộng đồng, tập huấn kỹ năng số cho thành viên các tổ."),
    ("left", "Nơi nhận:"),
    ("left", "- UBND tỉnh Hưng Yên (để b/c);"),
    ("left", "- Sở Nội vụ tỉnh;"),
    ("left", "- TT Đảng ủy, TT HĐND xã;"),
    ("left", "- Lưu: VT, VP."),
    ("right", "KT. CHỦ TỊCH"),
    ("right", "PHÓ CHỦ TỊCH"),
    ("right", "Phạm Văn Đức"),
]

# ---------------------------------------------------------------- .docx (UBND, 6 tháng 2026)

# Biểu 1: rows are STT, lĩnh vực, tiếp nhận (tổng, trực tuyến, trực tiếp), kết quả (đúng hạn, quá hạn, đang giải quyết)
TTHC_ROWS = [
    ("1", "Hộ tịch", 1862, 1795, 67, 1840, 4, 18),
    ("2", "Chứng thực", 2105, 1918, 187, 2099, 0, 6),
    ("3", "Đất đai", 486, 438, 48, 431, 21, 34),
    ("4", "Bảo trợ xã hội", 412, 398, 14, 405, 2, 5),
    ("5", "Lĩnh vực khác", 353, 325, 28, 344, 1, 8),
]


def vn_int(n: int) -> str:
    """1862 -> '1.862' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def tthc_totals() -> tuple[int, ...]:
    return tuple(sum(row[k] for row in TTHC_ROWS) for k in range(2, 8))


def write_docx(out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = docx.Document()
    doc.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    doc.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    doc.core_properties.author = "UBND xã Tân Phong"
    doc.core_properties.last_modified_by = "UBND xã Tân Phong"
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet"):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
        style.font.size = Pt(14)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].font.bold = True
        doc.styles[name].font.italic = False
    _add_list_definitions(doc)

    def para(text: str = "", *, align=None, bold=False, italic=False, style=None, indent=True):
        p = doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold, italic
        if align is not None:
            p.alignment = align
        elif indent and style is None:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.27)
        return p

    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    para("ỦY BAN NHÂN DÂN XÃ TÂN PHONG", align=center, bold=True)
    para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=center, bold=True)
    para("Độc lập - Tự do - Hạnh phúc", align=center, bold=True)
    para("Số: 45/BC-UBND", align=center)
    para("Tân Phong, ngày 18 tháng 6 năm 2026", align=right, italic=True)
    para()
    title = doc.add_paragraph("BÁO CÁO", style="Title")
    title.alignment = center
    para(
        "Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm, "
        "phương hướng, nhiệm vụ 6 tháng cuối năm 2026",
        align=center,
        bold=True,
    )
    para()
    para(
        "Thực hiện Kế hoạch số 112-KH/TU ngày 20/5/2026 của Ban Thường vụ Tỉnh ủy Hưng Yên về sơ kết "
        "công tác 6 tháng đầu năm 2026 và Công văn số 1245/UBND-TH ngày 02/6/2026 của Ủy ban nhân dân tỉnh "
        "Hưng Yên về việc báo cáo kết quả 6 tháng đầu năm 2026, Ủy ban nhân dân xã Tân Phong báo cáo như sau:"
    )

    doc.add_heading("I. ĐẶC ĐIỂM TÌNH HÌNH", level=1)
    para(
        "Xã Tân Phong có diện tích tự nhiên 27,35 km², gồm 26 thôn; dân số tính đến ngày 31/5/2026 là "
        "32.105 người với 9.027 hộ. Đảng bộ xã có 1.171 đảng viên sinh hoạt tại 42 chi bộ trực thuộc; "
        "6 tháng đầu năm đã kết nạp 17 đảng viên mới."
    )

    doc.add_heading("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026", level=1)
    doc.add_heading("1. Cải cách hành chính", level=2)
    total, online, direct, on_time, late, pending = tthc_totals()
    para(
        f"Trung tâm Phục vụ hành chính công xã đã tiếp nhận {vn_int(total)} hồ sơ thủ tục hành chính, trong đó "
        f"{vn_int(online)} hồ sơ nộp trực tuyến, đạt 93,4%; đã giải quyết {vn_int(on_time + late)} hồ sơ, trong đó "
        f"{vn_int(on_time)} hồ sơ đúng hạn, đạt 99,5%; {late} hồ sơ quá hạn, chủ yếu thuộc lĩnh vực đất đai; "
        f"{pending} hồ sơ đang giải quyết (chi tiết tại Biểu 1). Chỉ số hài lòng của người dân, doanh nghiệp "
        "đối với việc giải quyết thủ tục hành chính đạt 98,5%."
    )
    para("Các kết quả nổi bật:")
    for text in (
        "Vận hành ổn định Trung tâm Phục vụ hành chính công theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;",
        "Công khai đầy đủ 286 thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã;",
        "Không có phản ánh, kiến nghị quá hạn của người dân về thủ tục hành chính.",
    ):
        _numbered(doc, text, num_id=91, level=1)
    para("Biểu 1. Kết quả giải quyết thủ tục hành chính 6 tháng đầu năm 2026", align=center, bold=True)
    para("Đơn vị tính: hồ sơ", align=right, italic=True)
    _tthc_table(doc)
    para()

    doc.add_heading("2. Chuyển đổi số", level=2)
    para(
        "Đến ngày 31/5/2026, toàn xã có 22.416 tài khoản định danh điện tử mức độ 2 được kích hoạt, tăng 886 "
        "tài khoản so với quý I; tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến đạt 48,2%. Kế hoạch số "
        "25-KH/ĐU ngày 15/01/2026 của Ban Thường vụ Đảng ủy về chuyển đổi số được triển khai đúng tiến độ."
    )
    doc.add_heading("3. Phát triển kinh tế, tài chính - ngân sách", level=2)
    para(
        "Tổng giá trị sản xuất trên địa bàn ước đạt 642,7 tỷ đồng, tăng 7,8% so với cùng kỳ. Tổng thu ngân sách "
        "nhà nước trên địa bàn đạt 12,5 tỷ đồng, bằng 58,1% dự toán năm (21,5 tỷ đồng); tổng chi ngân sách "
        "9,84 tỷ đồng. Thu nhập bình quân đầu người ước đạt 72,5 triệu đồng/người/năm."
    )
    doc.add_heading("4. Văn hóa - xã hội", level=2)
    para(
        "Tỷ lệ hộ nghèo còn 0,96%; tỷ lệ người dân tham gia bảo hiểm y tế đạt 93,7%. Xã đã trao 12 nhà "
        "đại đoàn kết cho hộ nghèo với tổng kinh phí 720 triệu đồng."
    )

    doc.add_heading("III. TỒN TẠI, HẠN CHẾ", level=1)
    for text in (
        "Còn 28 hồ sơ thủ tục hành chính giải quyết quá hạn, tập trung ở lĩnh vực đất đai;",
        "Tỷ lệ thanh toán trực tuyến chưa đạt chỉ tiêu 50% của tỉnh;",
        "Hạ tầng công nghệ thông tin tại các điểm tiếp nhận cũ chưa đồng bộ.",
    ):
        doc.add_paragraph(text, style="List Bullet")

    doc.add_heading("IV. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026", level=1)
    for level, text in (
        (0, "Tập trung giải quyết dứt điểm hồ sơ tồn đọng lĩnh vực đất đai, không để phát sinh hồ sơ quá hạn."),
        (0, "Đẩy mạnh chuyển đổi số, trong đó:"),
        (1, "Nâng tỷ lệ thanh toán trực tuyến lên trên 50%;"),
        (1, "Hoàn thành làm sạch dữ liệu đất đai tại 26/26 thôn."),
        (0, "Phấn đấu thu ngân sách cả năm đạt 100% dự toán trở lên."),
        (0, "Chuẩn bị tốt các điều kiện tổng kết năm 2026."),
    ):
        _numbered(doc, text, num_id=90, level=level)

    para()
    para("Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True)
    for line in ("- UBND tỉnh Hưng Yên (để b/c);", "- TT Đảng ủy xã;", "- TT HĐND xã;", "- Lưu: VT, VP."):
        para(line, align=WD_ALIGN_PARAGRAPH.LEFT)
    para("TM. ỦY BAN NHÂN DÂN", align=right, bold=True)
    para("CHỦ TỊCH", align=right, bold=True)
    para()
    para("Trần Minh Khôi", align=right, bold=True)
    doc.save(str(out))
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    """python-docx stamps zip entries with the current time: rewrite them so reruns give identical bytes."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            dst.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def _add_list_definitions(doc) -> None:
    """abstractNum 90: '1.' / 'a)' / '-' levels; num 90 and num 91 both use it (separate counters)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    levels = [("decimal", "%1.", 720), ("lowerLetter", "%2)", 1080), ("bullet", "-", 1440)]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, (fmt, text, left) in enumerate(levels)
    )
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>{lvl_xml}</w:abstractNum>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first_num.addprevious(abstract)  # abstractNum elements must precede num elements
    for num_id in (90, 91):
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/></w:num>'))


def _numbered(doc, text: str, *, num_id: int, level: int):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph(text, style="List Paragraph")
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()  # schema order kept by python-docx
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    return p


def _tthc_table(doc) -> None:
    """Two header rows: STT and Lĩnh vực merged vertically, two group headers spanning 3 columns each."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rows = len(TTHC_ROWS) + 3
    table = doc.add_table(rows=rows, cols=8)
    table.style = "Table Grid"
    cell = table.cell
    cell(0, 0).merge(cell(1, 0)).text = "STT"
    cell(0, 1).merge(cell(1, 1)).text = "Lĩnh vực"
    cell(0, 2).merge(cell(0, 4)).text = "Số hồ sơ tiếp nhận"
    cell(0, 5).merge(cell(0, 7)).text = "Kết quả giải quyết"
    for col, text in enumerate(("Tổng số", "Trực tuyến", "Trực tiếp", "Đúng hạn", "Quá hạn", "Đang giải quyết"), start=2):
        cell(1, col).text = text
    for r, row in enumerate(TTHC_ROWS, start=2):
        cell(r, 0).text, cell(r, 1).text = row[0], row[1]
        for col, value in enumerate(row[2:], start=2):
            cell(r, col).text = vn_int(value)
    last = rows - 1
    cell(last, 0).merge(cell(last, 1)).text = "Tổng cộng"
    for col, value in enumerate(tthc_totals(), start=2):
        cell(last, col).text = vn_int(value)
    for row in table.rows[:2]:
        for c in row.cells:
            for p in c.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    run.bold = True


def write_pdf(out: Path) -> None:
    from fpdf import FPDF

    regular = FONT_DIR / "DejaVuSerif.ttf"
    if not regular.exists():
        regular = FONT_DIR / "DejaVuSans.ttf"
    bold = regular.with_name(regular.stem + "-Bold.ttf")
    italic = regular.with_name(regular.stem + "-Italic.ttf")

    class Report(FPDF):
        def header(self):
            if self.page_no() > 1:  # like most reports: no running header on the first page
                self.set_font("body", "I", 10)
                self.cell(0, 6, PDF_HEADER, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("body", "", 10)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Report(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_producer("make_samples.py")
    pdf.set_title("Báo cáo CCHC và chuyển đổi số quý I năm 2026 - xã Tân Phong")
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold if bold.exists() else regular))
    pdf.add_font("body", "I", str(italic if italic.exists() else regular))
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    for kind, text in PDF_CONTENT:
        if kind == "p":
            pdf.set_font("body", "", 13)
            with pdf.text_columns(text_align="J", line_height=1.25) as cols:
                with cols.paragraph(first_line_indent=10, bottom_margin=2) as par:
                    par.write(text=text)
        else:
            style = "B" if kind in ("centerb", "h") else ""
            align = {"center": "C", "centerb": "C", "right": "R"}.get(kind, "L")
            pdf.set_font("body", style, 13)
            if kind == "h":
                pdf.ln(1)
            pdf.multi_cell(0, 7, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))


def write_txt(out: Path) -> None:
    out.write_text(TXT_LINES, encoding="utf-8")


def main() -> None:
    write_docx(HERE / DOCX_NAME)
    write_pdf(HERE / PDF_NAME)
    write_txt(HERE / TXT_NAME)


if __name__ == "__main__":
    main()
