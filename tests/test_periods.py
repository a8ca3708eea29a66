"""Time expressions of reports and questions (ingest.text.periods), on sentences written for these tests."""
from __future__ import annotations

from ingest.text.periods import YEARLESS, label, periods_in


def _one(text: str, **kw):
    [p] = periods_in(text, **kw)
    return p.kind, p.start, p.end


def test_kinds_of_period():
    assert _one("Năm 2025, toàn Đảng bộ kết nạp 36 đảng viên mới") == ("year", "2025-01-01", "2025-12-31")
    assert _one("6 tháng đầu năm 2026 kết nạp 17") == ("months", "2026-01-01", "2026-06-30")
    assert _one("sáu tháng cuối năm 2026") == ("months", "2026-07-01", "2026-12-31")
    assert _one("Quý III năm 2023") == ("quarter", "2023-07-01", "2023-09-30")
    assert _one("quy IV/2025") == ("quarter", "2025-10-01", "2025-12-31")
    assert _one("nhiệm kỳ 2020 - 2025") == ("term", "2020-01-01", "2025-12-31")
    assert _one("tính đến ngày 25/5/2026 xã có") == ("point", "2026-05-25", "2026-05-25")


def test_ranges_take_the_year_of_their_end_and_worded_dates():
    assert _one("Từ 01/7 đến 15/10/2025") == ("range", "2025-07-01", "2025-10-15")
    assert _one("tính từ 10/12/2022 đến ngày 09 tháng 9 năm 2023") == ("range", "2022-12-10", "2023-09-09")
    assert _one("01/07/2025–15/10/2025") == ("range", "2025-07-01", "2025-10-15")
    # months as a chat types them: the whole first month to the whole last
    assert _one("từ 2/2021 đến 6/2023") == ("range", "2021-02-01", "2023-06-30")
    assert _one("tu thang 02/2021 den het thang 6/2023") == ("range", "2021-02-01", "2023-06-30")


def test_dates_of_cited_documents_and_quoted_names_are_not_periods():
    assert periods_in("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị") == []
    assert periods_in("Đề án “Nâng cao chất lượng giai đoạn 2020 - 2025” gồm 13 đ/c") == []


def test_questions_read_bare_years_and_keep_periods_without_one():
    assert [p.text for p in periods_in("so lieu 2024 va 2025", bare_years=True)] == ["2024", "2025"]
    [p] = periods_in("6 tháng đầu năm kết nạp bao nhiêu", default_year=YEARLESS)
    assert p.yearless and label(p) == "6 tháng đầu năm"
    assert label(periods_in("quý I/2026")[0]) == "quý I/2026"


def test_labels_for_the_answer_line():
    assert label(periods_in("từ 01/7 đến 15/10/2025")[0]) == "từ 1/7/2025 đến 15/10/2025"
    assert label(periods_in("đến ngày 30/11/2025")[0]) == "đến 30/11/2025"
    assert label(periods_in("năm 2025")[0]) == "năm 2025"
