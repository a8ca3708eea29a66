"""Mentions of numbered documents (directives) in report prose, and the keys that identify them.

- mentions: every "<Kind> số <symbol>, ngày <date> của <issuer> về <subject>" mention of one
  paragraph (extract_citations): state form 1669/NQ-UBTVQH15, party form 59-KH/TU, bare
  numbers, lists, abbreviated kinds ("QĐ số: 05/QĐ-UBND");
- governing: the issuer (and date) a mention without its own takes from the clause governing
  it ("Đảng ủy ra Quyết định số ...") or from the mention beside it;
- organs: where an organisation's name ends, and whether it is the commune's own body;
- grammar: how a mention's head and date are written, where its clause and sentence start;
- keys: the canonical directive key and symbol parsing, for the directive registry.

Source errors are kept as written: a decree cited with a decision's symbol keeps both, an
impossible date ("26/6/223") keeps its text and gets no ISO date.
"""
