"""The answerer: a question in, a short Vietnamese answer with its sources out, or a plain 'not found'.

The question is analysed into asks (knowledge.qa.question). Counts and percentages come from
the figures table (knowledge.qa.figures), directives from the citations table, who signed or
received a report from its closing block, everything else from a sentence of the passages
retrieval ranks first (knowledge.qa.sentences). Questions over several communes or periods go
to the operators (knowledge.qa.operators). An ask answered below its calibrated confidence,
or only by a figure of another period or qualifier, is not answered: the answer says what the
documents do have instead.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlite_utils import Database

from knowledge.directives.lookup import lookup
from knowledge.qa import operators, reports
from knowledge.qa.asks import AskAnswerer
from knowledge.qa.question import Question, analyse
from knowledge.qa.render import Answer
from knowledge.search.retrieval import Retriever, document_ids
from knowledge.store import reads

log = logging.getLogger(__name__)


class Answerer(AskAnswerer):
    def __init__(self, db: Database, retriever: Retriever, rewrite: Callable[[Answer], Answer] | None = None) -> None:
        super().__init__(db, retriever)
        self.rewrite = rewrite  # the optional LLM layer (knowledge.qa.llm.Rewriter)

    def communes(self) -> list[str]:
        return reads.document_communes(self.db)

    def ask(self, text: str, allowed_communes: Sequence[str] | None = None) -> Answer:
        """Answer `text` from the documents of `allowed_communes` (all documents when None)."""
        answer = self._extractive(text, allowed_communes)
        return self.rewrite(answer) if self.rewrite else answer

    def _extractive(self, text: str, allowed: Sequence[str] | None) -> Answer:
        known = self.communes()
        q = analyse(text, known, reach=allowed)
        if q.foreign:
            names = ", ".join(q.foreign)
            return Answer(q.text, "scope", f"Xã {names} không có trong các tài liệu anh/chị được xem, "
                                           f"nên không trả lời được câu hỏi này.", True, ())
        reach = known if allowed is None else [c for c in known if c in allowed]
        scope = document_ids(self.db, communes=list(q.communes) or (None if allowed is None else list(allowed)))
        own = self._own_text(q, allowed)
        if own and q.intent in ("figure", "passage"):  # about a directive whose own text is stored
            scope = [own]
        if q.intent == "directive":
            allowed_scope = None if allowed is None else document_ids(self.db, communes=list(allowed))
            return self.directive(q, scope, allowed_scope)
        if q.intent in ("multi", "change"):
            return operators.answer(self, q, scope, reach)
        if q.intent in reports.INTENTS:
            return reports.answer(self, q, scope)
        return self.answer_asks(q, scope, name_commune=not q.communes and len(reach) > 1)

    def _own_text(self, q: Question, allowed: Sequence[str] | None) -> str | None:
        """The stored document that is the directive the question names, if any (and visible)."""
        for symbol in q.symbols:
            entries = lookup(self.db, symbol, communes=allowed)
            if len(entries) == 1 and entries[0].get("doc_id"):
                return entries[0]["doc_id"]
        return None
