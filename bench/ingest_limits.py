"""Benchmark: hostile files and the largest allowed ones, each ingested by a fresh process.

Usage: .venv/bin/python bench/ingest_limits.py [--keep DIR]
Builds in a temp dir (or DIR): a .docx zip bomb (1.5 GB unpacked), a .docx entity bomb, a 50 MB
text, a PDF whose content stream inflates to 1.5 GB, and the largest .txt, .docx and .pdf the
default limits allow. Each file goes through `ingest_file` (default limits, TROLY_MAX_FILE_MB=50)
in a child process of its own; printed per file: the outcome, the seconds `ingest_file` took,
the peak RSS of that ingest process (its VmHWM) and of the parsing worker it used (the worker's
VmHWM as `parse_bounded` logs it; for a worker stopped at a limit, RUSAGE_CHILDREN of the
ingest process, which reaped it).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from ingest.pipeline import memory_mb  # noqa: E402
from ingest.readers import DEFAULT_LIMITS  # noqa: E402
from knowledge.store.loader import ingest_file  # noqa: E402
from knowledge.store.schema import open_db  # noqa: E402
from tests import bad_files  # noqa: E402

MAX_BYTES = 50_000_000
WORD = ('<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr>'
        '<w:t xml:space="preserve">{word} </w:t></w:r>')


def build(folder: Path) -> list[Path]:
    """The files, in the order they are ingested."""
    limits = DEFAULT_LIMITS
    txt = folder / "lon nhat duoc phep.txt"
    txt.write_text(bad_files.report_text(limits.max_chars - 1_000), encoding="utf-8")
    lines = [line for text in bad_files.report_text(limits.max_chars).replace("\t", " ").split("\n")
             for line in textwrap.wrap(text, 80)]
    per_page = 36  # lines that fit one A4 page at 11 pt: one text page per PDF page
    pdf = bad_files.text_pdf(folder / "lon nhat duoc phep.pdf",
                             ["\n".join(lines[i * per_page:(i + 1) * per_page]) for i in range(limits.max_pages)])
    return [
        bad_files.zip_bomb_docx(folder / "bom nen 1,5 GB.docx", unpacked_mb=1500),
        bad_files.entity_bomb_docx(folder / "bom thuc the.docx"),
        bad_files.big_text_file(folder / "van ban 50 MB.txt", 50),
        bad_files.flate_bomb_pdf(folder / "bom luong noi dung 1,5 GB.pdf", unpacked_mb=1500),
        txt,
        _largest_docx(folder / "lon nhat duoc phep.docx", limits.max_xml_mb * 1e6 - _other_xml(), limits.max_chars),
        pdf,
    ]


def _other_xml() -> int:
    """Uncompressed size of the sample report's XML parts other than document.xml (styles, numbering...)."""
    with zipfile.ZipFile(bad_files.DOCX) as package:
        return sum(i.file_size for i in package.infolist()
                   if i.filename != "word/document.xml" and i.filename.endswith((".xml", ".rels")))


def _largest_docx(path: Path, xml_bytes: float, max_chars: int) -> Path:
    """Every word in a run of its own (as Word leaves text edited many times): the most XML per character."""
    words = bad_files.report_text(max_chars).split()
    paragraphs, size, chars, start = [], 0, 0, 0
    while size < xml_bytes - 2_000 and start < len(words):
        chunk = words[start:start + 12]
        start += 12
        paragraph = "<w:p>" + "".join(WORD.format(word=w.replace("&", "&amp;").replace("<", "&lt;"))
                                      for w in chunk) + "</w:p>"
        paragraphs.append(paragraph)
        size += len(paragraph.encode())
        chars += sum(len(w) + 1 for w in chunk)
        if chars > max_chars * 0.95:
            break
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.'
           'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + "".join(paragraphs) + "</w:body></w:document>")
    return bad_files.docx_with_document(path, xml.encode())


def one(path: str, db_path: str) -> None:
    """Child mode: ingest one file, print what happened as JSON."""
    peaks: list[float] = []

    class Peak(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if hasattr(record, "peak_mb"):
                peaks.append(record.peak_mb)

    logging.getLogger("ingest.pipeline").addHandler(Peak())
    logging.getLogger("ingest.pipeline").setLevel(logging.INFO)
    db = open_db(db_path)
    start = time.perf_counter()
    outcome = ingest_file(db, Path(path), max_bytes=MAX_BYTES)
    seconds = time.perf_counter() - start
    stopped = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # workers it reaped
    print(json.dumps({"status": outcome.status, "message": outcome.message, "seconds": seconds,
                      "process_mb": memory_mb("self", "VmHWM"), "worker_mb": max([*peaks, stopped])},
                     ensure_ascii=False))


def measure(path: Path, db_path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", str(path), str(db_path)], stdout=subprocess.PIPE,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the files here and keep them")
    parser.add_argument("--one", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return
    with tempfile.TemporaryDirectory(prefix="troly-limits-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        files = build(folder)
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f}; "
              f"files built in {time.perf_counter() - started:.0f} s")
        print("| file | on disk | outcome | seconds | ingest process peak RSS | parsing worker peak RSS |")
        print("|---|---|---|---|---|---|")
        for path in files:
            result = measure(path, Path(tmp) / "bench.db")
            outcome = result["status"] if result["status"] != "failed" else result["message"].split("»: ", 1)[-1]
            print(f"| {path.name} | {path.stat().st_size / 1e6:.1f} MB | {outcome} | {result['seconds']:.1f} | "
                  f"{result['process_mb']:.0f} MB | {result['worker_mb']:.0f} MB |", flush=True)
        print(f"load at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
