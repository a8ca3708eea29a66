"""build_table: header rows, stub columns, carried group headers, group totals, Word merges; labels."""
from __future__ import annotations

import re

from ingest.figures.cells import table_figures
from ingest.figures.prose import extract_figures
from ingest.tables import build_table, table_label
from tests.conftest import load_jsonl, seed_path


def _headers(table) -> dict[tuple[int, int], tuple[str, str]]:
    return {(c.row, c.col): (c.row_header, c.col_header) for c in table.cells}


# A text export: group headers written once, the stub caption shifted right of an
# empty cell, blanks, and a "Tổng" row whose group totals sit in arbitrary columns.
TEXT_GRID = (
    ("SỐ LƯỢNG", "CHI BỘ THÔN", "", "", "CHI BỘ CƠ QUAN", "", ""),
    ("", "THỜI GIAN", "Nghị quyết", "Báo cáo", "Nghị quyết", "Báo cáo", "Khác"),
    ("Từ ngày 01/3 đến 30/6/2024", "4", "", "9", "2", "11", "1.204"),
    ("Tổng", "", "13", "", "", "", "1.217"),
)


def test_text_grid_two_header_rows_groups_carried_right():
    table = build_table(TEXT_GRID, 1, "1. SỐ LƯỢNG VĂN BẢN CỦA CÁC CHI BỘ", 3)
    assert table.header_rows == 2 and table.index == 1 and table.section == 3
    h = _headers(table)
    row = "Từ ngày 01/3 đến 30/6/2024"
    assert h[(2, 1)] == (row, "CHI BỘ THÔN")  # the shifted "THỜI GIAN" is no column header
    assert h[(2, 3)] == (row, "CHI BỘ THÔN – Báo cáo")
    assert h[(2, 4)] == (row, "CHI BỘ CƠ QUAN – Nghị quyết")
    assert h[(2, 6)] == (row, "CHI BỘ CƠ QUAN – Khác")
    # a total in any column of its group stands for the group
    assert h[(3, 2)] == ("Tổng", "CHI BỘ THÔN")
    assert h[(3, 6)] == ("Tổng", "CHI BỘ CƠ QUAN")
    assert (2, 2) not in h  # blank cells are no cells
    assert (2, 0) not in h  # the stub column is the row header, not a cell
    assert table.row_text(3) == "Tổng\t\t13\t\t\t\t1.217"


def test_group_header_one_column_off_is_realigned_by_the_totals():
    # "HĐND" sits one column left of where its columns start; the totals tell
    grid = (
        ("", "ĐẢNG ỦY", "", "HĐND", "", "", ""),
        ("Kỳ", "Nghị quyết", "Quyết định", "Văn bản khác", "Nghị quyết", "Báo cáo", "Văn bản khác"),
        ("Năm 2024", "5", "30", "100", "4", "10", "20"),
        ("Tổng", "135", "", "", "34", "", ""),
    )
    h = _headers(build_table(grid, 3, "", None))
    assert h[(2, 3)][1] == "ĐẢNG ỦY – Văn bản khác"
    assert h[(2, 4)][1] == "HĐND – Nghị quyết"
    assert h[(3, 1)] == ("Tổng", "ĐẢNG ỦY")
    assert h[(3, 4)] == ("Tổng", "HĐND")


def test_totals_that_do_not_add_up_leave_the_headers_as_written():
    grid = (
        ("", "ĐẢNG ỦY", "", "HĐND", ""),
        ("Kỳ", "A", "B", "C", "D"),
        ("Năm 2024", "5", "6", "7", "8"),
        ("Tổng", "99", "", "15", ""),
    )
    h = _headers(build_table(grid, 1, "", None))
    assert h[(2, 2)][1] == "ĐẢNG ỦY – B" and h[(2, 3)][1] == "HĐND – C"
    assert h[(3, 1)] == ("Tổng", "ĐẢNG ỦY") and h[(3, 3)] == ("Tổng", "HĐND")


def test_word_grid_with_merged_cells_repeated():
    grid = (
        ("STT", "Đơn vị", "Đảng viên", "Đảng viên", "Tỷ lệ"),
        ("STT", "Đơn vị", "Nam", "Nữ", "Tỷ lệ"),
        ("1", "Chi bộ thôn Đông", "40", "25", "98,5%"),
        ("2", "Chi bộ thôn Tây", "31", "30", "97%"),
        ("", "Tổng cộng", "126", "126", "97,8%"),
    )
    table = build_table(grid, 1, "Biểu số 4: ĐẢNG VIÊN", None)
    assert table.header_rows == 2
    h = _headers(table)
    assert h[(2, 2)] == ("Chi bộ thôn Đông", "Đảng viên – Nam")
    assert h[(3, 4)] == ("Chi bộ thôn Tây", "Tỷ lệ")
    assert (2, 0) not in h and (2, 1) not in h  # STT and the label column are row headers
    # a merged total repeated across its group is one cell, for the group
    assert h[(4, 2)] == ("Tổng cộng", "Đảng viên") and (4, 3) not in h
    cell = next(c for c in table.cells if (c.row, c.col) == (2, 3))
    assert table_label(table, cell) == "Biểu 4, Đảng viên – Nữ (Chi bộ thôn Đông)"
    figs = table_figures(table)
    assert [f.value for f in figs] == [40, 25, 98.5, 31, 30, 97, 126, 97.8]
    assert figs[2].unit == "%"


def test_an_unheaded_ordinal_column_and_a_row_that_only_looks_like_a_total():
    grid = (
        ("", "Đơn vị", "Đảng viên", "Đảng viên", "Đoàn viên", "Đoàn viên"),
        ("", "Đơn vị", "Nam", "Nữ", "Nam", "Nữ"),
        ("1", "Công an xã", "7", "7", "3", "2"),
        ("2", "Quân sự xã", "9", "1", "4", "5"),
        ("", "Cộng", "24", "24", "14", "14"),
    )
    table = build_table(grid, 1, "", None)
    h = _headers(table)
    assert h[(2, 3)] == ("Công an xã", "Đảng viên – Nữ")  # equal values in a body row stay two cells
    assert h[(4, 2)] == ("Cộng", "Đảng viên") and (4, 3) not in h
    assert [f.value for f in table_figures(table)] == [7, 7, 3, 2, 9, 1, 4, 5, 24, 14]
    # equal column totals that are not the group's sum stay per column
    per_column = grid[:4] + (("", "Cộng", "16", "8", "7", "7"),)
    h = _headers(build_table(per_column, 1, "", None))
    assert h[(4, 4)] == ("Cộng", "Đoàn viên – Nam") and h[(4, 5)] == ("Cộng", "Đoàn viên – Nữ")


def test_years_heading_the_columns_are_a_header_row():
    grid = (
        ("Chỉ tiêu", "2023", "2024"),
        ("Hồ sơ tiếp nhận", "1.020", "1.310"),
        ("Hồ sơ trực tuyến", "850", "1.200"),
    )
    table = build_table(grid, 1, "", None)
    assert table.header_rows == 1
    assert _headers(table)[(2, 2)] == ("Hồ sơ trực tuyến", "2024")
    assert [f.value for f in table_figures(table)] == [1020, 1310, 850, 1200]


def test_years_down_the_first_column_are_row_labels():
    grid = (("Năm", "Dân số", "Hộ"), ("2023", "10.200", "2.950"), ("2024", "10.450", "3.010"))
    table = build_table(grid, 2, "", None)
    assert table.header_rows == 1
    assert _headers(table)[(2, 1)] == ("2024", "Dân số")
    assert [f.value for f in table_figures(table)] == [10200, 2950, 10450, 3010]


def test_a_table_without_numbers_and_ragged_rows():
    grid = (("Họ tên", "Chức vụ"), ("Nguyễn Văn A", "Bí thư"), ("Trần Thị B",))
    table = build_table(grid, 1, "", None)
    assert table.header_rows == 1
    assert all(len(r) == 2 for r in table.rows)
    assert _headers(table)[(1, 1)] == ("Nguyễn Văn A", "Chức vụ")
    assert table_figures(table) == []
    assert build_table((), 1, "", None).cells == ()


def test_label_leaves_out_the_row_in_a_one_row_table():
    grid = (("", "Nam", "Nữ"), ("Đảng viên", "12", "9"))
    table = build_table(grid, 5, "", None)
    cell = next(c for c in table.cells if c.col == 2)
    assert table_label(table, cell) == "Biểu 5, Nữ"
    fig = table_figures(table)[1]
    assert fig.label == "Biểu 5, Nữ (Đảng viên)" and fig.sentence == "Đảng viên\t12\t9"


def test_dev_gold_table_items_are_cited_by_their_table_number():
    """Every table item's values come from a cell whose label names the table its note names."""
    from ingest.pipeline import parse_document

    items = [i for i in load_jsonl("qa_dev.jsonl") if i["type"] == "table"]
    assert items
    checked = 0
    for item in items:
        doc = parse_document(seed_path(item["seed"][:3]))
        figs = [f for t in doc.tables for f in table_figures(t)]
        wanted = re.search(r"Biểu (\d+)", item["notes"])
        for value in item["values"]:
            rows = [q.split("\t")[0] for q in item["evidence"]]
            found = [f for f in figs if f.value == value and any(r in f.sentence for r in rows)]
            assert found, (item["id"], value)
            if wanted:
                assert any(f.label.startswith(f"Biểu {wanted.group(1)},") for f in found), (item["id"], found)
                checked += 1
    assert checked


def test_a_cell_takes_its_unit_from_its_row_its_header_or_the_total_the_text_states():
    by_village = build_table((("TT", "Thôn", "Số hộ", "Hộ nghèo", "Tài khoản định danh (người)", "Tỷ lệ (%)"),
                              ("1", "Gò Dài", "842", "27", "2.030", "3,2"),
                              ("2", "An Lạc", "913", "22", "2.210", "2,4"),
                              ("", "Tổng cộng", "1.755", "49", "4.240", "2,8")), 4, "", None)
    stated = extract_figures("Toàn xã có 49 hộ nghèo theo kết quả rà soát.")
    units = {(f.label, f.unit) for f in table_figures(by_village, stated)}
    assert ("Biểu 4, Số hộ (Gò Dài)", "hộ") in units  # "Số hộ": the noun it counts
    assert ("Biểu 4, Hộ nghèo (An Lạc)", "hộ") in units  # the total the text states with its unit
    assert ("Biểu 4, Tài khoản định danh (người) (Gò Dài)", "người") in units  # the header's bracket
    assert ("Biểu 4, Tỷ lệ (%) (Tổng cộng)", "%") in units
    assert {u for _, u in units} == {"hộ", "người", "%"}  # without that sentence "Hộ nghèo" has none
    assert {f.unit for f in table_figures(by_village) if "Hộ nghèo" in f.label} == {None}
    targets = build_table((("TT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2025", "Thực hiện 9 tháng"),
                           ("1", "Giải quyết việc làm mới", "Người", "750", "684"),
                           ("2", "Tỷ lệ hồ sơ trực tuyến", "%", "70", "71,8"),
                           ("3", "Cấp giấy chứng nhận lần đầu", "Giấy", "200", "146")), 3, "", None)
    assert [f.unit for f in table_figures(targets)] == ["người", "người", "%", "%", "giấy", "giấy"]
