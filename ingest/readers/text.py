"""Plain-text reader: guess the encoding, one Block per physical line.

Encodings tried: a BOM (UTF-8, UTF-16 LE/BE), UTF-16 without BOM (many NULs),
strict UTF-8, UTF-8 with a few stray bytes (a quote pasted from Word, a file cut
inside a character: replaced by U+FFFD and counted), then the 8-bit ones: cp1258
(Vietnamese Windows code page) or the legacy font encodings TCVN3 and VNI
(ingest.text.legacy), whichever reads as Vietnamese. Python's cp1258 yields combining tone marks, so everything is NFC'd
after decoding. Legacy characters inside Unicode text (pasted from an old
.VnTime document) are converted line by line. Lines keep
their tabs (tab-separated tables); blank lines become Block(text="") so that
paragraph boundaries survive for the normaliser.
"""
from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError, LimitExceeded
from ingest.model import Block, RawDocument
from ingest.readers.limits import DEFAULT_LIMITS, CharBudget, Limits, chars_reason
from ingest.text import legacy
from ingest.text.normal import nfc

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_NEWLINES = re.compile(r"\r\n|[\r\n\f\v\u2028\u2029\x85]")
# C0 controls other than tab/newlines: many of them means binary data, not text
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LEGACY_SAMPLE = 200_000  # characters scored to choose between cp1258, TCVN3 and VNI
_MAX_REPLACED = 0.002  # share of undecodable bytes tolerated in the cp1258 fallback
_STRAY = re.compile("[\udc80-\udcff]")  # an undecodable byte, as surrogateescape keeps it
_NON_ASCII = re.compile("[^\x00-\x7f]")
# UTF-8 with stray bytes: at least this many well-formed non-ASCII characters per stray byte.
# An 8-bit (cp1258, TCVN3, VNI) text read as UTF-8 has far more stray bytes than characters.
_UTF8_PER_STRAY = 10
_MAX_BYTES_PER_CHAR = 4  # in every encoding read here: a longer file has too many characters


class _NotText(ValueError):
    """Raised by decode_text when the bytes are not text in any encoding we know."""


def decode_text(data: bytes) -> tuple[str, str, int]:
    """(NFC text, encoding name, count of undecodable bytes replaced). Raises ValueError if not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return nfc(data[len(bom):].decode(name.removesuffix("-sig"))), name, 0
            except UnicodeDecodeError as err:
                raise _NotText(f"bad {name}") from err
    nul = data.count(b"\x00")
    if nul and nul * 4 >= len(data):  # UTF-16 without BOM: one NUL per ASCII character
        odd = data[1::2].count(b"\x00")
        if max(odd, nul - odd) < 0.9 * nul:  # NULs on both byte parities: binary data, not UTF-16
            raise _NotText("NULs but not UTF-16")
        name = "utf-16-le" if odd * 2 >= nul else "utf-16-be"
        try:
            return nfc(data.decode(name)), name, 0
        except UnicodeDecodeError as err:
            raise _NotText("NULs but not UTF-16") from err
    try:
        return nfc(data.decode("utf-8")), "utf-8", 0
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    text = data.decode("cp1258", errors="replace")
    replaced = text.count("\ufffd")
    latin = data.decode("latin-1")
    sample = latin[:_LEGACY_SAMPLE]
    if len(_CONTROL.findall(sample)) <= 2:  # binary data is not worth reading as TCVN3/VNI
        readings = {"cp1258": nfc(sample.encode("latin-1").decode("cp1258", errors="replace")),
                    legacy.TCVN3: legacy.tcvn3_to_unicode(sample), legacy.VNI: legacy.vni_to_unicode(sample)}
        best = legacy.best_reading(readings, "cp1258")
        if best != "cp1258":
            lines = latin.split("\n")
            return "\n".join(legacy.to_unicode(line, best) for line in lines), best, 0
    if replaced > max(2, _MAX_REPLACED * len(data)):
        raise _NotText("not cp1258")
    return nfc(text), "cp1258", replaced


def _mostly_utf8(data: bytes) -> tuple[str, str, int] | None:
    """UTF-8 with a few stray bytes, each replaced by U+FFFD; None when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY.findall(text))
    if len(_NON_ASCII.findall(text)) - stray < _UTF8_PER_STRAY * stray:
        return None
    return nfc(_STRAY.sub("\ufffd", text)), "utf-8", stray


def text_lines(text: str) -> list[str]:
    """Physical lines, right-trimmed of spaces (tabs kept), blank ones as "", outer blanks dropped."""
    lines = [line.rstrip(" \u00a0") for line in _NEWLINES.split(text.replace("\x00", ""))]
    lines = ["" if not line.strip() else line for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    return lines[start:]


def read_txt(path: Path, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    try:
        if path.stat().st_size > _MAX_BYTES_PER_CHAR * limits.max_chars:  # refused before it is read
            raise LimitExceeded(str(path), chars_reason(limits.max_chars))
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(str(path), f"không đọc được tệp ({err.strerror or err})") from err
    if not data:
        raise IngestError(str(path), "tệp rỗng")
    try:
        text, encoding, replaced = decode_text(data)
    except ValueError as err:
        raise IngestError(str(path), "không nhận ra bảng mã của tệp văn bản (có thể là tệp nhị phân)") from err
    del data
    CharBudget(str(path), limits.max_chars).take(text)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise IngestError(str(path), "tệp không phải văn bản thuần (có ký tự điều khiển lạ, có thể là tệp nhị phân)")
    lines = text_lines(text.lstrip("\ufeff"))
    if not lines:
        raise IngestError(str(path), "tệp rỗng (không có nội dung chữ)")
    warnings: tuple[str, ...] = ()
    if encoding not in legacy.NAMES:
        lines, found = legacy.convert_lines(lines)
        if found:
            encoding = f"{encoding}+{found}"
    found = next((name for name in legacy.NAMES if encoding.endswith(name)), None)
    if found:
        warnings += (legacy.converted_warning(found),)
    if replaced:
        warnings += (f"Có {replaced} byte không giải mã được theo bảng mã {encoding}, đã thay bằng dấu «�».",)
    return RawDocument(
        path=str(path),
        fmt="txt",
        blocks=tuple(Block(text=line) for line in lines),
        encoding=encoding,
        warnings=warnings,
    )
