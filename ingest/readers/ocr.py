"""OCR of PDF pages without a text layer: render with pypdfium2, recognise with Tesseract.

Tesseract runs as a subprocess (`tesseract page.png - -l vie tsv`), one page at a time with
a time limit; its TSV output gives word boxes, grouped here into lines with their position
in PDF points, so the PDF reader's paragraph and header/footer logic applies unchanged.
`ocr_unavailable()` says in Vietnamese what to install when Tesseract or its Vietnamese
data is missing.
"""
from __future__ import annotations

import csv
import functools
import io
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

LANG = "vie"
DPI = 300
PAGE_TIMEOUT_S = 180
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"


class OcrError(RuntimeError):
    """Tesseract failed on a page (crash, time limit): the message is Vietnamese."""


@functools.lru_cache(maxsize=1)
def ocr_unavailable() -> str | None:
    """None when Tesseract with Vietnamese data is installed, else what to install (Vietnamese)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"máy chưa cài Tesseract OCR để nhận dạng chữ, hãy cài: {INSTALL_HINT}"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as err:
        return f"không chạy được Tesseract OCR ({err}), hãy cài lại: {INSTALL_HINT}"
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    if LANG not in langs:
        return "Tesseract OCR chưa có dữ liệu tiếng Việt, hãy cài: apt-get install tesseract-ocr-vie"
    return None


def ocr_pages(path: Path, indexes: Iterable[int]) -> Iterator[tuple[int, list[tuple[str, float, float, float]] | OcrError]]:
    """(0-based page index, its lines as (text, x0, top, bottom) in PDF points, or the OcrError)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        with tempfile.TemporaryDirectory(prefix="troly-ocr-") as tmp:
            for index in indexes:
                image = Path(tmp) / f"page-{index + 1}.png"
                scale = DPI / 72
                page = pdf[index]
                try:
                    bitmap = page.render(scale=scale, grayscale=True)
                    bitmap.to_pil().save(image)
                finally:
                    page.close()
                try:
                    yield index, tsv_lines(run_tesseract(image), scale)
                except OcrError as err:
                    yield index, err
                finally:
                    image.unlink(missing_ok=True)
    finally:
        pdf.close()


def run_tesseract(image: Path) -> str:
    """Tesseract's TSV output for one image."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # OpenMP threads slow Tesseract down on small machines
    cmd = ["tesseract", str(image), "-", "-l", LANG, "--psm", "3", "tsv"]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=PAGE_TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired as err:
        raise OcrError(f"nhận dạng chữ quá {PAGE_TIMEOUT_S} giây") from err
    except OSError as err:
        raise OcrError(f"không chạy được Tesseract ({err})") from err
    if done.returncode != 0:
        log.warning("tesseract failed on %s: %s", image, done.stderr.decode(errors="replace")[-500:])
        raise OcrError("Tesseract báo lỗi khi nhận dạng chữ")
    return done.stdout.decode("utf-8", errors="replace")


def tsv_lines(tsv: str, scale: float = 1.0) -> list[tuple[str, float, float, float]]:
    """Words of Tesseract's TSV grouped into lines: (text, x0, top, bottom), divided by `scale`."""
    lines: dict[tuple[str, str, str], list[tuple[str, float, float, float]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            left, top, height = float(row["left"]), float(row["top"]), float(row["height"])
        except (KeyError, TypeError, ValueError):
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append((text, left, top, top + height))
    out = []
    for words in lines.values():  # dict order is Tesseract's reading order
        out.append((
            " ".join(w[0] for w in words),
            min(w[1] for w in words) / scale,
            min(w[2] for w in words) / scale,
            max(w[3] for w in words) / scale,
        ))
    return out
