"""Document metadata (DocMetadata) as far as the text states it.

- extract: the entry point (extract_metadata) and the lines it reads;
- header: the title block: type word and title, issuing-body lines, "Số:", the place-date
  line, and the opening paragraphs before the first heading;
- issuer: from the header's body lines, else the opening sentence ("..., Ban Thường vụ Đảng
  ủy xã X báo cáo ..."), else the signature;
- signature: "T/M ...", the role lines and the signer's name;
- places: "xã X" names, the commune, institution names in the case running text uses;
- period: the period a report covers;
- shapes: the small tests on a line every part shares.

Nothing is guessed: a field the text does not state is None. Values are kept as written
(squashed), except the date (ISO), the type word (canonical "Báo cáo") and an issuer read
from ALL-CAPS lines (normal case).
"""
