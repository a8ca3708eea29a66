"""The files officials really send, through the whole ingest path: each bad one gets a clear
Vietnamese message naming it, and the knowledge base keeps exactly what it held before.
"""
from __future__ import annotations

import multiprocessing
import os
import random
import re
import shutil
import tempfile
import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from knowledge.settings import Settings
from knowledge.store.catalog import find_document
from knowledge.store.documents import content_rows
from knowledge.store.loader import discover, ingest_file
from knowledge.store.schema import open_db
from tests.conftest import EXAMPLES

DOCX = EXAMPLES / "tan_phong_bao_cao_6_thang_2026.docx"
TXT = EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt"
VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ]")


def _encrypted_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Bao cao quy I xa Phu Lam")
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau-xa")
    pdf.output(str(path))


def _big(path: Path) -> None:
    """60 MB, sparse: made instantly, no disk used."""
    with path.open("wb") as fh:
        fh.truncate(60 * 1000 * 1000)


BAD = {
    "rong.txt": (lambda p: p.write_bytes(b""), "rỗng"),
    "rac nhi phan.docx": (lambda p: p.write_bytes(random.Random(6).randbytes(4096)), "không phải tài liệu Word"),
    "cat do.docx": (lambda p: p.write_bytes(DOCX.read_bytes()[: DOCX.stat().st_size // 2]), "bị hỏng"),
    "mat khau.pdf": (_encrypted_pdf, "mật khẩu"),
    "qua lon.pdf": (_big, "quá lớn"),
    "khong co.docx": (None, "không tìm thấy"),
}


@pytest.fixture
def kb(tmp_path, monkeypatch):
    """A knowledge base holding the sample corpus, the size limit at 50 MB from TROLY_MAX_FILE_MB."""
    monkeypatch.setenv("TROLY_MAX_FILE_MB", "50")
    settings = Settings(data_dir=tmp_path / "data")
    db = open_db(settings.db_path)
    for path in sorted(EXAMPLES.glob("tan_phong_*")):
        assert ingest_file(db, path, max_bytes=int(settings.max_file_mb * 1e6)).status == "added"
    yield db, int(settings.max_file_mb * 1e6)
    db.close()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_fails_clearly_and_keeps_earlier_data(kb, tmp_path, name):
    db, max_bytes = kb
    make, reason = BAD[name]
    path = tmp_path / name
    if make:
        make(path)
    before = content_rows(db)
    outcome = ingest_file(db, path, max_bytes=max_bytes)
    assert outcome.status == "failed" and outcome.doc_id is None
    assert name in outcome.message and reason in outcome.message and VIETNAMESE.search(outcome.message)
    assert content_rows(db) == before


def test_size_limit_comes_from_the_setting(kb, tmp_path):
    db, max_bytes = kb
    assert max_bytes == 50_000_000
    path = tmp_path / "qua lon.pdf"
    _big(path)
    outcome = ingest_file(db, path, max_bytes=max_bytes)
    assert "60.0 MB" in outcome.message and "50 MB" in outcome.message


def test_vietnamese_name_with_spaces_is_ingested(kb, tmp_path):
    db, max_bytes = kb
    path = tmp_path / "Báo cáo tổng kết Đảng ủy xã Tân Phong 2025.txt"
    shutil.copy(TXT, tmp_path / "goc.txt")
    (tmp_path / "goc.txt").rename(path)
    before = content_rows(db)
    outcome = ingest_file(db, path, max_bytes=max_bytes)
    # same content as the sample already stored under another name: nothing new to store
    assert outcome.status == "unchanged" and content_rows(db) == before
    edited = tmp_path / "Báo cáo quý I xã Phú Lâm (bản sửa).txt"
    edited.write_text(TXT.read_text(encoding="utf-8") + "\nBản sửa ngày 20/12/2025.\n", encoding="utf-8")
    outcome = ingest_file(db, edited, max_bytes=max_bytes)
    assert outcome.status == "added"
    row = find_document(db, edited.name)
    assert row is not None and row["file"] == edited.name
    after = content_rows(db)
    assert all(set(rows) <= set(after[table]) for table, rows in before.items() if table != "directives")


def test_same_file_twice_is_unchanged(kb, tmp_path):
    db, max_bytes = kb
    path = tmp_path / "bao cao moi.txt"
    path.write_text("BÁO CÁO\nKết quả quý I năm 2024 của xã Phú Lâm: dân số 12.345 người.\n", encoding="utf-8")
    first = ingest_file(db, path, max_bytes=max_bytes)
    snapshot = content_rows(db)
    second = ingest_file(db, path, max_bytes=max_bytes)
    assert (first.status, second.status) == ("added", "unchanged") and first.doc_id == second.doc_id
    assert content_rows(db) == snapshot


def test_cli_names_every_bad_file_and_stores_the_good_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TROLY_MAX_FILE_MB", "50")
    folder = tmp_path / "hop thu"
    folder.mkdir()
    for name, (make, _) in BAD.items():
        if make:
            make(folder / name)
    good = folder / "Báo cáo xã Phú Lâm.txt"
    good.write_text("BÁO CÁO\nDân số xã Phú Lâm có 12.345 người, 112 hộ nghèo.\n", encoding="utf-8")
    missing = tmp_path / "khong co.docx"
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), "ingest", str(folder), str(missing)])
    output = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "1 tệp nạp được, 6 tệp lỗi" in output
    for name, (_, reason) in BAD.items():
        assert name in output and reason in output, name
    db = open_db(tmp_path / "data" / "troly.db")
    assert [r[0] for r in db.execute("SELECT file FROM documents")] == [good.name]


def _unprivileged(fn, *args):
    """fn(*args) where file permissions apply: directly for an ordinary user; as root, in a forked
    child that drops to uid/gid 65534 (nobody) first. Skips only when that drop is refused."""
    if os.geteuid() != 0:
        return fn(*args)
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child() -> None:
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
        except OSError as err:
            results.put(("skip", str(err)))
            return
        try:
            results.put(("ok", fn(*args)))
        except BaseException:  # noqa: BLE001 - reported to the test
            results.put(("error", traceback.format_exc()))

    process = context.Process(target=child)
    process.start()
    kind, value = results.get(timeout=120)
    process.join(timeout=60)
    if kind == "skip":
        pytest.skip(f"cannot drop root privileges here: {value}")
    assert kind == "ok", value
    return value


def _ingest_as_given(db_path: str, paths: list[str]) -> list[tuple[str, str, str]]:
    """(name, status, message) for what `discover` finds under the paths, each through `ingest_file`."""
    db = open_db(db_path)
    found = [ingest_file(db, p, max_bytes=10**8) for p in discover([Path(p) for p in paths])]
    db.close()
    return [(Path(o.path).name, o.status, o.message) for o in found]


@pytest.fixture
def shared_dir():
    """A folder every user can enter (pytest's tmp_path is private to root); permissions restored after."""
    folder = Path(tempfile.mkdtemp(prefix="troly-quyen-"))
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777)
    shutil.rmtree(folder)


def test_unreadable_file_and_folder_are_named_and_the_rest_goes_on(shared_dir):
    db_path = shared_dir / "data" / "troly.db"
    inbox = shared_dir / "hop thu"
    locked = inbox / "b thu muc khoa"
    locked.mkdir(parents=True)
    good = inbox / "c bao cao.txt"
    good.write_text("BÁO CÁO\nDân số xã Phú Lâm có 12.345 người.\n", encoding="utf-8")
    db = open_db(db_path)
    assert ingest_file(db, good, max_bytes=10**8).status == "added"  # stored first, so no parse is needed below
    db.close()
    (locked / "ben trong.txt").write_text("BÁO CÁO\nBên trong.\n", encoding="utf-8")
    secret = inbox / "a khong doc duoc.txt"
    secret.write_text("BÁO CÁO\nMật.\n", encoding="utf-8")
    for path in db_path.parent.iterdir():
        path.chmod(0o666)
    db_path.parent.chmod(0o777)
    inbox.chmod(0o755)
    secret.chmod(0o000)
    locked.chmod(0o000)

    found = _unprivileged(_ingest_as_given, str(db_path), [str(inbox), str(locked / "ben trong.txt")])
    assert [(name, status) for name, status, _ in found] == [
        ("a khong doc duoc.txt", "failed"), ("b thu muc khoa", "failed"), ("c bao cao.txt", "unchanged"),
        ("ben trong.txt", "failed")]
    messages = [message for _, _, message in found]
    assert "«" + str(secret) + "»: không có quyền đọc tệp" in messages[0]
    assert "«" + str(locked) + "»: không có quyền mở thư mục này nên các tệp bên trong chưa được nạp" in messages[1]
    assert "không có quyền truy cập tệp (hoặc thư mục chứa tệp)" in messages[3]
