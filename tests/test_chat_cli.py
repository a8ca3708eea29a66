"""`troly chat` (and `troly demo`) through their input and output: the same conversation as the bots."""
from __future__ import annotations

from typer.testing import CliRunner

from bot.cli import app
from bot.replies import APOLOGY
from knowledge.qa.answer import Answerer
from tests.chat_kb import PA_FILE, PHU_AN, TAN_PHONG

runner = CliRunner()


def chat(kb, text, *args):
    return runner.invoke(app, ["--data-dir", str(kb.data_dir), "chat", *args], input=text)


def test_chat_answers_with_sources_and_commands(chat_kb):
    result = chat(chat_kb, "/help\nDiện tích tự nhiên của xã là bao nhiêu?\n/nguon\n/tailieu\n/thoat\n",
                  "--commune", "tan phong")
    out = result.output
    assert result.exit_code == 0, out
    assert f"hỏi về tài liệu của xã {TAN_PHONG}" in out and "/tra" in out and "/soan" in out
    assert "27,35 km²" in out and "Nguồn:" in out and "(Gõ /nguon để xem đầy đủ nguồn.)" in out
    assert "Nguồn của câu trả lời «Diện tích tự nhiên của xã là bao nhiêu?»" in out and "Trích: “" in out
    assert "tan_phong_bao_cao_6_thang_2026.docx" in out and PA_FILE not in out and "19,82" not in out
    assert out.count("Bạn: ") == 5 and out.rstrip().endswith("Tạm biệt!")


def test_chat_without_commune_sees_every_commune_and_choosing_narrows(chat_kb):
    result = chat(chat_kb, "/tailieu\n/xa Phú An\n/tailieu\n/xa tatca\n")  # ends at EOF, no /thoat
    assert result.exit_code == 0
    first, rest = result.output.split("Đã chọn xã Phú An", 1)
    assert PA_FILE in first and "tan_phong_dang_uy_tong_ket_2025.txt" in first
    assert PA_FILE in rest and "tan_phong_dang_uy_tong_ket_2025.txt" not in rest
    assert "tất cả các xã của bạn" in rest and result.output.rstrip().endswith("Tạm biệt!")


def test_chat_draft_saved_in_current_folder(chat_kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = chat(chat_kb, "/soan đặc điểm tình hình\n", "--commune", PHU_AN)
    assert result.exit_code == 0 and "19,82 km²" in result.output and "27,35" not in result.output
    saved = tmp_path / "du_thao_dac_diem_tinh_hinh.docx"
    assert saved.exists() and str(saved) in result.output.replace("\n", "")


def test_chat_turn_failure_apologises_and_goes_on(chat_kb, monkeypatch):
    monkeypatch.setattr(Answerer, "ask", lambda *a, **k: 1 / 0)
    result = chat(chat_kb, "Dân số bao nhiêu?\n/help\n", "--commune", TAN_PHONG)
    assert result.exit_code == 0 and APOLOGY in result.output and "/tailieu" in result.output


def test_demo_ingests_then_chats(chat_kb):
    # on the shared knowledge base the samples are already there (re-ingest is a no-op), so this runs in
    # seconds; a fresh ingest with embedding is covered by the ingest tests
    data = str(chat_kb.data_dir)
    result = runner.invoke(app, ["--data-dir", data, "demo"], input="Xã Tân Phong có bao nhiêu thôn?\n/thoat\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("không đổi") == 3 and "tan_phong_cchc_cds_quy_1_2026.pdf" in result.output
    assert "26 thôn" in result.output and result.output.rstrip().endswith("Tạm biệt!")
    quiet = runner.invoke(app, ["--data-dir", data, "demo", "--no-chat"], input="không được đọc\n")
    assert quiet.exit_code == 0 and "Bạn: " not in quiet.output and "Tạm biệt" not in quiet.output


def test_chat_caps_long_messages_and_answers_a_bare_slash(chat_kb):
    long = ("Dân số xã bao nhiêu? " * 100)[:1499] + "?"
    result = chat(chat_kb, f"{long}\n/\nXã có bao nhiêu thôn?\n", "--commune", TAN_PHONG)
    out = result.output
    assert result.exit_code == 0, out
    refused, slash, answer = out.split("Trợ lý: ")[1:]
    assert "1.500 ký tự" in refused and "1.000 ký tự" in refused and "Nguồn" not in refused
    assert "/help" in slash and "Không có lệnh" not in slash
    assert "26 thôn" in answer
