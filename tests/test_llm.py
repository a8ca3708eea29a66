"""The optional LLM layer, with deterministic fake chat models: grounded or thrown away."""
from __future__ import annotations

import logging

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from knowledge import prompts
from knowledge.qa.llm import Rewriter, make_chat_model
from knowledge.qa.render import Answer, Source
from knowledge.settings import Settings

SOURCE = Source("d1", "bao_cao.docx", "Báo cáo 6 tháng", "45/BC-UBND", "2026-06-18", "I. Đặc điểm tình hình",
                "Xã Tân Phong có dân số 32.105 người, 9.027 hộ.")
EXTRACTIVE = Answer("dân số xã tân phong?", "figure", "32.105 người\nNguồn: «Báo cáo 6 tháng» (bao_cao.docx)", False,
                    (SOURCE,))


def test_grounded_rewording_is_used_and_keeps_the_sources():
    model = FakeListChatModel(responses=["Dân số xã Tân Phong là 32.105 người (9.027 hộ)."])
    out = Rewriter(model)(EXTRACTIVE)
    assert out.lead == "Dân số xã Tân Phong là 32.105 người (9.027 hộ)."
    assert out.text.endswith("Nguồn: «Báo cáo 6 tháng» (bao_cao.docx)") and out.sources == EXTRACTIVE.sources


def test_an_invented_number_falls_back_to_the_extractive_answer(caplog):
    model = FakeListChatModel(responses=["Dân số xã Tân Phong khoảng 35.000 người."])
    with caplog.at_level(logging.WARNING, logger="knowledge.qa.llm"):
        out = Rewriter(model)(EXTRACTIVE)
    assert out == EXTRACTIVE
    assert "35.000" in caplog.text


def test_abstained_answers_never_reach_the_model():
    class Exploding(FakeListChatModel):
        def invoke(self, *args, **kwargs):
            raise AssertionError("the model must not be called")

    abstained = Answer("q", "figure", "Không tìm thấy thông tin này trong các tài liệu đã nạp.", True, (SOURCE,))
    assert Rewriter(Exploding(responses=["x"]))(abstained) is abstained


def test_a_failing_model_keeps_the_extractive_answer():
    class Down(FakeListChatModel):
        def invoke(self, *args, **kwargs):
            raise ConnectionError("server down")

    assert Rewriter(Down(responses=["x"]))(EXTRACTIVE) == EXTRACTIVE


def test_model_configuration(tmp_path):
    assert make_chat_model(Settings(data_dir=tmp_path)) is None
    model = make_chat_model(Settings(data_dir=tmp_path, llm_provider="openai", llm_base_url="http://127.0.0.1:9/v1",
                                     llm_model="local"))
    assert type(model).__name__ == "ChatOpenAI" and str(model.openai_api_base).startswith("http://127.0.0.1:9")
    ollama = make_chat_model(Settings(data_dir=tmp_path, llm_provider="ollama", llm_base_url="http://127.0.0.1:9"))
    assert type(ollama).__name__ == "ChatOllama"
    with pytest.raises(ValueError):
        make_chat_model(Settings(data_dir=tmp_path, llm_provider="gpt"))


def test_prompt_templates_require_every_variable():
    with pytest.raises(prompts.MissingVariable):
        prompts.render("answer", question="q")
    text = prompts.render("answer", question="Q?", extractive="E", sources="[1] S")
    assert "Q?" in text and "[1] S" in text
