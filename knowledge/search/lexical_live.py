"""The BM25 side kept in step with the passages table without a rebuild on every change.

A main index (knowledge.search.lexical.LexicalIndex) saved in a folder and loaded at start-up, plus a
delta: the passages stored since it was built, scored with the main index's statistics, and the
main passages deleted since. The store bumps a generation number with every write
(knowledge.store.documents.generation); a search first brings the delta up to it, which costs one scan of
the passage ids and the tokenizing of what is new. compact(), called by the sync after an
ingest, folds the delta into a new main index once it holds a tenth as many passages.
"""
from __future__ import annotations

import json
import logging
import math
import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database

from ingest.text.tokens import tokenize
from knowledge.search.lexical import LexicalIndex
from knowledge.store.documents import generation

log = logging.getLogger(__name__)

# (passage ids or None for all) -> [(passage id, its rowid, indexed text)]
Texts = Callable[[Sequence[str] | None], list[tuple[str, int, str]]]
COMPACT_SHARE = 0.1
COMPACT_MIN = 500


class _Delta:
    """Passages not in the main index: token counts and postings, scored like bm25s 'lucene'."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}
        self.lengths: dict[str, int] = {}  # tokens per passage
        self.postings: dict[str, set[str]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self.counts)

    def add(self, pid: str, tokens: list[str]) -> None:
        self.counts[pid] = Counter(tokens)
        self.lengths[pid] = len(tokens)
        for token in self.counts[pid]:
            self.postings[token].add(pid)

    def keep(self, pids: set[str]) -> None:
        for pid in [p for p in self.counts if p not in pids]:
            del self.lengths[pid]
            for token in self.counts.pop(pid):
                self.postings[token].discard(pid)

    def search(self, main: LexicalIndex, removed: int, query: str, k: int,
               allowed: set[str] | None) -> list[tuple[str, float]]:
        n = len(main) - removed + len(self)
        scores: Counter = Counter()
        for token in dict.fromkeys(tokenize(query)):
            pids = self.postings.get(token)
            if not token or not pids:
                continue
            df = main.doc_freq(token) + len(pids)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for pid in pids:
                if allowed is None or pid in allowed:
                    tf, length = self.counts[pid][token], self.lengths[pid]
                    scores[pid] += idf * tf / (main.k1 * (1 - main.b + main.b * length / main.avgdl) + tf)
        return [(pid, float(s)) for pid, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k] if s > 0]


class LiveLexical:
    def __init__(self, db: Database, texts: Texts, folder: Path | None = None) -> None:
        self.db = db
        self.texts = texts
        self.folder = folder
        self.main: LexicalIndex | None = None
        self._main_stamp: tuple | None = None  # (mtime, size) of the saved index the main came from
        self.delta = _Delta()
        self.removed: set[str] = set()
        # Passage rowids: a passage re-stored under the same id (a re-parse) gets a new rowid.
        self.versions: dict[str, int] = {}  # of the main index's passages
        self._delta_versions: dict[str, int] = {}
        self._generation: int | None = None

    # ---------------------------------------------------------------- upkeep

    def _saved_stamp(self) -> tuple | None:
        meta = self.folder / "lexical.json" if self.folder else None
        if not meta or not meta.exists():
            return None
        st = meta.stat()
        return st.st_mtime_ns, st.st_size

    def _load_main(self) -> None:
        """The saved main index (when present, readable and newer), else one built now and saved."""
        stamp = self._saved_stamp()
        if stamp is not None and stamp == self._main_stamp and self.main is not None:
            return
        if stamp is not None:
            try:
                versions = json.loads((self.folder / "versions.json").read_text(encoding="utf-8"))
                self.main, self._main_stamp, self.versions = LexicalIndex.load(self.folder), stamp, versions
                self.delta, self.removed, self._delta_versions = _Delta(), set(), {}
                return
            except Exception as err:  # noqa: BLE001 - half-written or foreign files: rebuild from SQLite
                log.warning("lexical index in %s unreadable (%s): rebuilding", self.folder, err)
        if self.main is None:
            self.rebuild()

    def rebuild(self) -> None:
        rows = self.texts(None)
        self.main = LexicalIndex().build([pid for pid, _, _ in rows], [text for _, _, text in rows])
        self.versions = {pid: rowid for pid, rowid, _ in rows}
        self.delta, self.removed, self._delta_versions = _Delta(), set(), {}
        if self.folder:
            self._save()
        log.info("lexical index built: %d passages", len(rows))

    def _save(self) -> None:
        """Write the main index beside the folder, then swap it in: a process loading it meanwhile
        finds the old index or none (and keeps its own), never a half-written one."""
        new = self.folder.with_name(f"{self.folder.name}.new-{os.getpid()}")
        old = self.folder.with_name(f"{self.folder.name}.old-{os.getpid()}")
        shutil.rmtree(new, ignore_errors=True)
        self.main.save(new)
        (new / "versions.json").write_text(json.dumps(self.versions), encoding="utf-8")
        if self.folder.exists():
            self.folder.rename(old)
        new.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)
        self._main_stamp = self._saved_stamp()

    def refresh(self) -> LexicalIndex:
        """Bring the delta up to the store's generation; returns the main index."""
        current_generation = generation(self.db)
        if self.main is not None and current_generation == self._generation:
            return self.main
        self._load_main()
        current = {f"{d}:{i}": rowid for rowid, d, i in self.db.execute("SELECT rowid, doc_id, idx FROM passages")}
        self.removed = {pid for pid, rowid in self.versions.items() if current.get(pid) != rowid}
        new = {pid: rowid for pid, rowid in current.items() if self.versions.get(pid) != rowid}
        kept = {pid for pid, rowid in new.items() if self._delta_versions.get(pid) == rowid}
        self.delta.keep(kept)
        self._delta_versions = {pid: new[pid] for pid in kept}
        todo = sorted(new.keys() - kept)
        if todo:
            rows = self.texts(todo)
            for pid, rowid, text in rows:
                self.delta.add(pid, tokenize(text))
                self._delta_versions[pid] = rowid
            self.main.restorer.add(text for _, _, text in rows)
        self._generation = current_generation
        return self.main

    def compact(self) -> None:
        """Rebuild (and save) the main index when the delta has grown past its share."""
        self.refresh()
        changed = len(self.delta) + len(self.removed)
        if changed and changed >= max(COMPACT_MIN, COMPACT_SHARE * len(self.main)):
            self.rebuild()

    # ---------------------------------------------------------------- queries

    def restore_diacritics(self, query: str) -> str:
        return self.refresh().restore_diacritics(query)

    def idf(self, token: str) -> float:
        """How rare a token is among the stored passages (BM25's idf, main index): "nữ" weighs more than "xã"."""
        main = self.refresh()
        return math.log(1 + (len(main) + 1) / (main.doc_freq(token) + 0.5))

    def search(self, query: str, k: int, allowed_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        main = self.refresh()
        allowed = set(allowed_ids) if allowed_ids is not None else None
        hits = main.search(query, k=k, allowed_ids=allowed_ids, excluded=self.removed)
        if len(self.delta):
            hits += self.delta.search(main, len(self.removed), query, k, allowed)
            hits.sort(key=lambda h: (-h[1], h[0]))
        return hits[:k]
