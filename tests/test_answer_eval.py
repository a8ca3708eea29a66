"""The answerer on the gold sets, through the real embedder, Chroma and BM25, scored on the answer line.

The floors below are what the engine holds today on sets it was fitted on (in-sample), less a
question of slack: a change that loses ground fails here. Issue 11's targets, and the figures
against them, are in BENCHMARKS.md (bench/answers.py).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.qa.evaluate import evaluate, read_gold
from knowledge.services import Services
from knowledge.settings import Settings
from tests.chat_kb import TAN_PHONG
from tests.conftest import load_jsonl

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = FIXTURES / "qa_examples.jsonl"


def _metrics(services, name: str) -> dict:
    result = evaluate(load_jsonl(name), services.answerer.ask)
    print(json.dumps(result["metrics"], ensure_ascii=False, indent=1))
    print("wrong:", [r["id"] for r in result["rows"] if not r["correct"]])
    return result["metrics"]


def test_dev_set(seeded_services):
    # a question of slack under what bench/answers.py prints (0.980, 0.0% wrong, 0.023): the
    # vector index is approximate, a fresh build may rank one passage differently
    m = _metrics(seeded_services, "qa_dev.jsonl")
    assert m["accuracy"] >= 0.95
    assert m["wrong_of_answered"] <= 0.03
    assert m["unanswerable_abstained"] >= 0.95
    assert m["answerable_wrongly_abstained"] <= 0.05
    assert abs(m["accuracy_no_diacritics"] - m["accuracy_with_diacritics"]) <= 0.06


def test_harder_dev_set(seeded_services):
    # bench/answers.py: 0.967, 1.5% wrong, every unanswerable abstained, 0.028 wrongly abstained
    m = _metrics(seeded_services, "qa_dev2.jsonl")
    assert m["accuracy"] >= 0.92
    assert m["unanswerable_abstained"] >= 0.94
    assert m["wrong_of_answered"] <= 0.05
    assert m["answerable_wrongly_abstained"] <= 0.07


@pytest.fixture()
def ask(chat_kb):
    """Ask the bundled Tân Phong samples, as a user who may see that commune only."""
    services = Services.open(chat_kb.settings())
    yield lambda text: services.answerer.ask(text, allowed_communes=[TAN_PHONG])
    services.close()


def test_questions_on_the_samples(ask):
    # tests/fixtures/qa_examples.jsonl on the bundled Tân Phong reports (bench/answers.py: 0.982, 1.1% wrong)
    m = evaluate(read_gold(EXAMPLES), ask)["metrics"]
    print(json.dumps(m, ensure_ascii=False))
    assert m["accuracy"] >= 0.95
    assert m["wrong_of_answered"] <= 0.04
    assert m["unanswerable_abstained"] >= 0.90


# Typed as officials type, on reports of invented communes unlike the seeds' layout and wording,
# written by helpers who did not see the engine: (folder, report, gold, accuracy, wrong of answered).
# bench/answers.py: Hòa Sơn 0.829, 11.5% wrong (held out by --loso: 0.743, 21% wrong); Mỹ Hưng,
# at its writing 0.675 and 16% wrong, now 0.90 and none wrong.
INVENTED = (("hoa_son", "xa_hoa_son_bao_cao_nam_2025.txt", "qa_hoa_son.jsonl", 0.74, 0.16),
            ("my_hung", "xa_my_hung_bao_cao_9_thang_2025.txt", "qa_my_hung.jsonl", 0.85, 0.05))


@pytest.mark.parametrize(("folder", "report", "gold", "accuracy", "wrong"), INVENTED, ids=[c[0] for c in INVENTED])
def test_questions_on_an_invented_communes_report(tmp_path, folder, report, gold, accuracy, wrong):
    services = Services.open(Settings(data_dir=tmp_path))
    services.ingest(FIXTURES / folder / report)
    services.sync()
    m = evaluate(read_gold(FIXTURES / gold), services.answerer.ask)["metrics"]
    services.close()
    print(json.dumps(m, ensure_ascii=False))
    assert m["accuracy"] >= accuracy
    assert m["wrong_of_answered"] <= wrong
    assert m["unanswerable_abstained"] >= 0.83


# Issue 11's questions on the bundled samples, asked as a new user would.
def test_tan_phong_questions(ask):
    new = ask("6 tháng đầu năm kết nạp bao nhiêu đảng viên mới?")
    assert new.lead.startswith("17 đảng viên") and "6 tháng đầu năm 2026" in new.lead
    studied = ask("bao nhiêu đảng viên được học tập nghị quyết 57?")
    assert studied.lead.startswith("1.094 đảng viên")
    change = ask("số đảng viên tăng bao nhiêu so với cuối năm 2025?")
    assert change.lead.startswith("Tăng 15 đảng viên") and "1.171" in change.lead and "1.156" in change.lead
    chair = ask("Chủ tịch UBND xã Tân Phong là ai?")
    assert chair.abstained or chair.lead.startswith("Trần Minh Khôi")
    situation = ask("Tình hình kinh tế xã hội của xã?")
    assert not situation.abstained and "kinh tế - xã hội" in situation.lead and len(situation.lead) > 80


def test_plain_questions_on_the_samples(ask):
    """What a new user types first: the current figure, both parts of a compound, a bare directive."""
    assert ask("dân số xã là bao nhiêu?").lead.startswith("32.105 người")  # the newest report's, not 31.846
    both = ask("xã có bao nhiêu thôn, bao nhiêu hộ?").lead
    assert both.startswith("26 thôn") and "; 9.027 hộ" in both
    assert ask("nq 57").lead.startswith("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
    assert ask("báo cáo 45 gửi những đâu").lead.startswith("Báo cáo số 45/BC-UBND ngày 18/6/2026 gửi: - UBND tỉnh")
    limits = ask("xã có khó khăn gì").lead  # no "khó khăn" heading: the section of tồn tại, hạn chế
    assert "TỒN TẠI, HẠN CHẾ:" in limits and "quá hạn" in limits
    # typed as in a chat: no "bao nhiêu", shorthands for đảng viên, 6 tháng, quý I, báo cáo
    assert ask("so dv moi 6t dau nam").lead.startswith("17 đảng viên")
    assert ask("tong thu ngan sach q1/2026").lead.startswith("5,9 tỷ đồng")
    assert ask("bc 21 ngay nao").lead.startswith("Ngày 27/3/2026 (Báo cáo số 21/BC-UBND")
    assert ask("bc 99 ngay nao").abstained  # no report 99: not the date of another
