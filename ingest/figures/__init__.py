"""Figures: the numbers of a report that measure something, with what they measure.

- prose: every figure of a paragraph (extract_figures);
- cells: one figure per numeric table cell (table_figures);
- skips: numbers that are no figure (dates, periods, years, document numbers and symbols,
  list labels, times, phone numbers, URLs);
- labels: what a number in prose measures ("Tổng số đảng viên", "hồ sơ trễ hạn");
- units: the counted nouns and units written after a number.

A ratio "53/53" has the value of its first number and keeps "53/53" as written; money written
"525tỷ550 triệu đồng" is a figure in triệu đồng (525550), any other amount keeps its written
unit ("2 tỷ đồng" -> 2, unit "tỷ đồng"). Number notation itself: ingest.text.numbers.
"""
