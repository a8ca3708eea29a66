"""The `troly` CLI on the sample corpus: ingest, the JSON machine interface, errors."""
from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def _run(tmp_path, *args):
    return runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])


def test_ingest_docs_and_show_json(tmp_path):
    result = _run(tmp_path, "ingest", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    assert "3 tệp nạp được, 0 tệp lỗi" in result.output

    docs = json.loads(_run(tmp_path, "docs", "--json").output)
    assert sorted(d["format"] for d in docs) == ["docx", "pdf", "txt"]
    assert {d["commune"] for d in docs} == {"Tân Phong"}

    docx = next(d for d in docs if d["format"] == "docx")
    view = json.loads(_run(tmp_path, "show", docx["id"], "--json").output)
    assert set(view["metadata"]) == {"type", "title", "number", "date", "issuer", "commune", "period", "signer", "file"}
    assert view["metadata"]["type"] == "Báo cáo" and view["metadata"]["number"] == "45/BC-UBND"
    assert view["metadata"]["date"] == "2026-06-18"
    assert any(s["heading"].startswith("I.") for s in view["sections"])
    assert all({"path", "heading"} <= set(s) for s in view["sections"])
    population = [f for f in view["figures"] if f["value"] == 32105]
    assert population and population[0]["unit"] == "người" and population[0]["section"]
    assert all({"value", "unit", "label", "sentence", "section"} <= set(f) for f in view["figures"])
    assert view["tables"] and view["tables"][0]["header_rows"] >= 2
    cited = view["citations"]
    assert cited and all({"kind", "number", "symbol", "date", "issuer", "subject", "text"} <= set(c) for c in cited)

    # the same document by file name, and the human-readable view
    shown = _run(tmp_path, "show", docx["file"])
    assert shown.exit_code == 0 and "Mục lục" in shown.output and "45/BC-UBND" in shown.output


def test_reingest_reports_unchanged_and_bad_files_are_named(tmp_path):
    _run(tmp_path, "ingest", str(EXAMPLES))
    again = _run(tmp_path, "ingest", str(EXAMPLES))
    assert again.output.count("không đổi") == 3
    junk = tmp_path / "bao cao hỏng.docx"
    junk.write_bytes(b"\x00\x01 not a zip")
    result = _run(tmp_path, "ingest", str(junk))
    assert result.exit_code == 1 and "bao cao hỏng.docx" in result.output


def test_show_unknown_document(tmp_path):
    result = _run(tmp_path, "show", "khongco")
    assert result.exit_code == 1 and "Không tìm thấy tài liệu" in result.output


def test_reindex_rebuilds_every_derived_index(tmp_path):
    import shutil
    import sqlite3

    assert _run(tmp_path, "ingest", str(EXAMPLES)).exit_code == 0
    question = ["ask", "Dân số xã Tân Phong là bao nhiêu?", "--json"]
    before = json.loads(_run(tmp_path, *question).output)
    db = tmp_path / "data" / "troly.db"
    with sqlite3.connect(db) as conn:
        figures = conn.execute("SELECT count(*) FROM figures").fetchone()[0]
        conn.execute("DELETE FROM figure_terms")
    shutil.rmtree(tmp_path / "data" / "lexical")
    result = _run(tmp_path, "reindex")
    assert result.exit_code == 0 and "Chỉ mục:" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM figure_terms").fetchone()[0] == figures > 0
    assert (tmp_path / "data" / "lexical" / "lexical.json").exists()
    assert json.loads(_run(tmp_path, *question).output)["answer"] == before["answer"]
    assert before["answer"].startswith("32.105 người")


def test_names_with_square_brackets_are_printed_whole(tmp_path):
    folder = tmp_path / "kho"
    folder.mkdir()
    name = "Báo cáo [bản nháp] quý 1.txt"
    (folder / name).write_bytes((EXAMPLES / "tan_phong_dang_uy_tong_ket_2025.txt").read_bytes())
    (folder / "[lỗi] rỗng.txt").write_bytes(b"")
    result = _run(tmp_path, "ingest", str(folder))
    assert f"✓ {name}: đã nạp" in result.output and "[lỗi] rỗng.txt" in result.output, result.output
    shown = _run(tmp_path, "show", name)
    assert shown.exit_code == 0 and name in shown.output


def test_uncreatable_default_data_folder_is_one_clear_line(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    result = runner.invoke(app, ["docs"], env={"XDG_DATA_HOME": str(blocker), "TROLY_DATA_DIR": None})
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    assert len(lines) == 1 and lines[0].startswith("Không tạo được thư mục dữ liệu") and "--data-dir" in lines[0]
    assert "Traceback" not in result.output


def test_ingest_prints_each_file_as_it_finishes_then_embeds(tmp_path):
    """A fresh knowledge base: the files' outcomes are printed while the embedding is still to come."""
    proc = subprocess.Popen([sys.executable, "-c", "from bot.cli import app; app()", "--data-dir",
                             str(tmp_path / "data"), "ingest", str(EXAMPLES)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    first = proc.stdout.readline()
    running = proc.poll() is None
    rest = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0, first + rest
    assert first.startswith("✓ tan_phong_") and running
    lines = (first + rest).strip().splitlines()
    assert sum(line.startswith("✓") for line in lines) == 3
    assert lines[-2].startswith("Chỉ mục: thêm") and lines[-1] == "Xong: 3 tệp nạp được, 0 tệp lỗi."
