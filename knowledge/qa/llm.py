"""The optional LLM layer (LangChain): rewords an extractive answer, never adds facts.

Off unless TROLY_LLM_PROVIDER is set. Whatever the model writes passes the grounding check
(every number it states must be in the cited sources); when it fails, or the model errors,
the extractive answer stands and the event is logged.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from knowledge import prompts
from knowledge.qa.grounding import ungrounded
from knowledge.qa.render import Answer
from knowledge.settings import Settings

if TYPE_CHECKING:  # LangChain is imported only when an LLM is configured (it costs ~0.5 s)
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when the LLM layer is off."""
    provider = (settings.llm_provider or "").lower()
    if not provider:
        return None
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model or "default",
                          api_key=settings.llm_api_key or "not-needed", temperature=0, timeout=60)
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(base_url=settings.llm_base_url, model=settings.llm_model or "qwen2.5:7b", temperature=0)
    raise ValueError(f"TROLY_LLM_PROVIDER must be 'openai' or 'ollama', not {settings.llm_provider!r}")


def grounded_or_none(text: str, sources: list[str]) -> str | None:
    """`text` when every number in it stands in the sources, else None (logged)."""
    missing = ungrounded(text, sources)
    if missing:
        log.warning("LLM output rejected by the grounding check: numbers %s are not in the sources", missing)
        return None
    return text


class Rewriter:
    """Rewords answers with a chat model under the grounding check."""

    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def __call__(self, answer: Answer) -> Answer:
        if answer.abstained or not answer.sources:
            return answer  # never let a model answer what the documents do not
        quotes = [s.quote for s in answer.sources]
        prompt = prompts.render(
            "answer", question=answer.question, extractive=answer.lead,
            sources="\n".join(f"[{i}] {q}" for i, q in enumerate(quotes, 1)),
        )
        try:
            reply = self.model.invoke(prompt)
        except Exception:
            log.exception("LLM call failed; keeping the extractive answer")
            return answer
        # the extractive line's own numbers (a period, a report's number) are read from the store too
        text = grounded_or_none(str(reply.content).strip(), [*quotes, answer.lead])
        if not text:
            return answer
        return dataclasses.replace(answer, text=text + answer.text[len(answer.lead):])
