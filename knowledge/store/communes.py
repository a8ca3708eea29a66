"""Which stored commune a user means: one resolver for drafting, the user admin and the chat bots."""
from __future__ import annotations

from collections.abc import Sequence

from ingest.text.communes import without_unit
from ingest.text.normal import fold, nfc, squash


class AmbiguousCommune(ValueError):
    """A name typed without diacritics that fits several communes; the message lists them, in Vietnamese."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.candidates = tuple(sorted(candidates))
        super().__init__(f"«{name}» có thể là: {', '.join(self.candidates)}. Hãy gõ tên xã có dấu.")


def match_commune(name: str, known: Sequence[str]) -> str | None:
    """The commune of `known` that `name` means ("cam giang", "xã Cẩm Giang" -> "Cẩm Giang"), None when none.

    The spelling as typed (case aside) wins; else a match without diacritics, which must be the only one
    (AmbiguousCommune otherwise). "xã"/"phường"/"thị trấn" in front may be left out or not.
    """
    typed = squash(nfc(name))
    forms = (typed, without_unit(typed))
    exact = [c for c in known if nfc(c).lower() in {f.lower() for f in forms}]
    if exact:
        return exact[0]
    folded = [c for c in known if fold(c) in {fold(f) for f in forms}]
    if len(folded) > 1:
        raise AmbiguousCommune(name, folded)
    return folded[0] if folded else None
