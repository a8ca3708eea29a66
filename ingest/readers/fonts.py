"""Word run fonts: which font a run is set in, and the legacy encoding (TCVN3/VNI) it implies.

A run's font comes from, in order: its own rFonts, its character style (basedOn chain),
its paragraph's style (basedOn chain; the default paragraph style when none), the document
defaults. Within rFonts the hAnsi font is the one Word uses for characters above ASCII
(where legacy letters are), then ascii. Theme fonts are modern and never legacy.
"""
from __future__ import annotations

from ingest.readers.numbering import W
from ingest.text.legacy import font_encoding

Legacy = tuple[str | None, bool]  # (encoding, capitals font)
_NONE: Legacy = (None, False)


def _rfonts_name(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        return None
    return fonts.get(W + "hAnsi") or fonts.get(W + "ascii")


class RunFonts:
    """Resolves the legacy encoding of runs; built once per document from styles.xml."""

    def __init__(self, styles_el) -> None:
        self._own: dict[str, str | None] = {}
        self._based: dict[str, str | None] = {}
        self.default_paragraph: str | None = None
        self._defaults: str | None = None
        if styles_el is None:
            return
        defaults = styles_el.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self._defaults = _rfonts_name(defaults)
        for style in styles_el.findall(W + "style"):
            sid = style.get(W + "styleId")
            if not sid:
                continue
            self._own[sid] = _rfonts_name(style.find(W + "rPr"))
            based = style.find(W + "basedOn")
            self._based[sid] = based.get(W + "val") if based is not None else None
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                self.default_paragraph = sid

    @classmethod
    def from_document(cls, document) -> "RunFonts":
        try:
            return cls(document.styles.element)
        except (AttributeError, KeyError, NotImplementedError):
            return cls(None)

    def style_font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self._own.get(style_id):
                return self._own[style_id]
            style_id = self._based.get(style_id)
        return None

    def font(self, run, paragraph_style: str | None) -> str | None:
        rpr = run.find(W + "rPr")
        own = _rfonts_name(rpr)
        if own:
            return own
        rstyle = rpr.find(W + "rStyle") if rpr is not None else None
        char_style = rstyle.get(W + "val") if rstyle is not None else None
        return (
            self.style_font(char_style)
            or self.style_font(paragraph_style or self.default_paragraph)
            or self._defaults
        )

    def legacy(self, run, paragraph_style: str | None) -> Legacy:
        """(encoding, capitals font) of this run: ("tcvn3", True) for .VnTimeH, (None, False) for Unicode fonts."""
        name = self.font(run, paragraph_style)
        return font_encoding(name) if name else _NONE
