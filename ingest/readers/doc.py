"""Old Word (.doc, Word 97-2003) reader: converted by an outside tool, then read like the others.

LibreOffice (`soffice --headless --convert-to docx`, in a private profile) when installed:
the .docx it writes keeps styles, tables, list labels and fonts (so .VnTime runs are
converted by the .docx reader). Otherwise antiword (`antiword -m UTF-8.txt -w 0`): plain
paragraphs and "|"-ruled tables, with TCVN3/VNI text detected by statistics (antiword drops
TCVN3's "ư", a soft hyphen: `ingest.text.legacy.restore_lost_u_horn` puts it back). Neither
installed: IngestError saying what to install. RawDocument.fmt is "doc" either way.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ingest.errors import IngestError, LimitExceeded
from ingest.model import Block, RawDocument
from ingest.readers.limits import DEFAULT_LIMITS, CharBudget, Limits
from ingest.readers.word import read_docx
from ingest.text import legacy

log = logging.getLogger(__name__)

CONVERTERS = ("soffice", "antiword")
TIMEOUT_S = 180
MISSING_REASON = (
    "định dạng Word cũ (.doc) cần công cụ chuyển đổi mà máy chưa cài: hãy cài antiword "
    "(apt-get install antiword) hoặc LibreOffice, hoặc mở tệp bằng Word và lưu lại thành .docx"
)
BROKEN_REASON = "tệp Word cũ (.doc) bị hỏng, được đặt mật khẩu hoặc không đọc được: hãy mở bằng Word và lưu lại thành .docx"


def available_converters(order: tuple[str, ...] = CONVERTERS) -> list[str]:
    return [name for name in order if shutil.which(name)]


def read_doc(path: Path, converters: tuple[str, ...] = CONVERTERS, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a .doc with the first installed converter in `converters` that succeeds."""
    found = available_converters(converters)
    if not found:
        raise IngestError(str(path), MISSING_REASON)
    for name in found:
        try:
            return _via_soffice(path, limits) if name == "soffice" else _via_antiword(path, limits)
        except _ConversionFailed as err:
            log.warning("%s could not convert %s: %s", name, path, err)
    raise IngestError(str(path), BROKEN_REASON)


class _ConversionFailed(RuntimeError):
    pass


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as err:
        raise _ConversionFailed(str(err)) from err
    if done.returncode != 0:
        raise _ConversionFailed(done.stderr.decode(errors="replace")[-300:])
    return done


def _via_soffice(path: Path, limits: Limits) -> RawDocument:
    with tempfile.TemporaryDirectory(prefix="troly-doc-") as tmp:
        source = Path(tmp) / "input.doc"  # a plain name: soffice mangles some file names
        shutil.copyfile(path, source)
        _run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
              "--convert-to", "docx", "--outdir", tmp, str(source)])
        converted = Path(tmp) / "input.docx"
        if not converted.exists():
            raise _ConversionFailed("soffice wrote no .docx")
        try:
            raw = read_docx(converted, limits)
        except LimitExceeded as err:  # over a limit, not broken: say so, naming the .doc
            raise LimitExceeded(str(path), err.reason) from err
        except IngestError as err:
            raise _ConversionFailed(err.reason) from err
    return replace(raw, path=str(path), fmt="doc")


def _via_antiword(path: Path, limits: Limits) -> RawDocument:
    done = _run([shutil.which("antiword") or "antiword", "-m", "UTF-8.txt", "-w", "0", str(path)])
    text = done.stdout.decode("utf-8", errors="replace")
    CharBudget(str(path), limits.max_chars).take(text)
    blocks = antiword_blocks(text)
    if not any(b.text or b.table for b in blocks):
        raise IngestError(str(path), "tệp rỗng (tài liệu Word cũ không có nội dung chữ)")
    texts, encoding = legacy.convert_lines([b.text for b in blocks])
    cells_found = None
    out: list[Block] = []
    for block, text in zip(blocks, texts):
        if block.table is not None:
            rows, found = _convert_grid(block.table)
            cells_found = cells_found or found
            block = replace(block, table=rows)
        out.append(replace(block, text=text))
    encoding = encoding or cells_found
    if encoding == legacy.TCVN3:
        out = [_restore_horn(b) for b in out]
    warnings = (legacy.converted_warning(encoding),) if encoding else ()
    return RawDocument(path=str(path), fmt="doc", blocks=tuple(out), encoding=encoding, warnings=warnings)


def _convert_grid(grid):
    cells, found = legacy.convert_lines([c for row in grid for c in row])
    width = len(grid[0]) if grid else 0
    return tuple(tuple(cells[r * width:(r + 1) * width]) for r in range(len(grid))), found


def _restore_horn(block: Block) -> Block:
    if block.table is not None:
        return replace(block, table=tuple(tuple(legacy.restore_lost_u_horn(c) for c in row) for row in block.table))
    return replace(block, text=legacy.restore_lost_u_horn(block.text))


def antiword_blocks(text: str) -> list[Block]:
    """antiword's text: one paragraph per line (blank lines between), tables as "|a|b|" rows."""
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) >= 2 and stripped.startswith("|") and stripped.endswith("|"):
            rows.append(tuple(cell.strip() for cell in stripped[1:-1].split("|")))
            continue
        if rows:
            blocks.append(Block(table=_pad(rows)))
            rows = []
        blocks.append(Block(text=stripped))
    if rows:
        blocks.append(Block(table=_pad(rows)))
    return blocks


def _pad(rows: list[tuple[str, ...]]):
    width = max(len(r) for r in rows)
    return tuple(tuple(r) + ("",) * (width - len(r)) for r in rows)
