"""The gazetteer's entity ruler: spaCy's, with its phrase patterns added when a text could hold them.

spaCy's entity ruler tokenizes every phrase pattern when it is given them, and each new word becomes a
lexeme of the vocabulary with all its attributes worked out in Python: for the ontology's ~2,500 names,
about 0.2 s of every process that extracts, most of them for names no document of the run holds.

A phrase pattern matches tokens whose texts are the pattern's tokens' texts, one after the other; between
two tokens of a text there is nothing but white space. So the pattern's text without its white space is
part of the text's without its white space, wherever it matches: ``LazyEntityRuler`` keeps its patterns
aside, indexed by their first three characters (white space removed), and before it matches a text adds
every pattern that passes that test, then matches with spaCy's own phrase matcher. A pattern that fails
the test cannot match; one that passes is matched exactly as spaCy's ruler would, so the entities found
are the same. Patterns are added in the order given (those of one text in one call), and so the patterns
of a same phrase are in the phrase matcher in the order given, as with the eager ruler.
"""
from __future__ import annotations

from typing import Any

from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

KEY = 3     # characters of a pattern's text, white space removed, that index it


def squeezed(text: str) -> str:
    """``text`` without its white space."""
    return "".join(text.split())


class LazyEntityRuler(EntityRuler):
    """spaCy's entity ruler over phrase patterns, each added when a text first could hold it (see above).

    Two costs of spaCy's ruler that change nothing it finds are gone too: phrase patterns are tokenized
    without the statistical components (they match on ORTH, which the tokenizer alone sets; spaCy's ruler
    would run the whole pipeline over them), and the patterns are counted once, not on every call.
    """

    def defer_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """Keep phrase ``patterns`` (``{"label", "pattern": str, "id"}``) to add when a text could hold them."""
        pending: list[tuple[str, dict[str, Any]]] = getattr(self, "_pending", [])
        short: list[int] = getattr(self, "_short", [])
        index: dict[str, list[int]] = getattr(self, "_index", {})
        for entry in patterns:
            if not isinstance(entry.get("pattern"), str):
                raise ValueError(f"only phrase patterns are deferred, not {entry!r}")
            key = squeezed(entry["pattern"])
            pending.append((key, entry))
            (short if len(key) < KEY else index.setdefault(key[:KEY], [])).append(len(pending) - 1)
        self._pending, self._short, self._index = pending, short, index
        self._added: set[int] = getattr(self, "_added", set())
        self._count = len(self)

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        with self.nlp.select_pipes(disable=self.nlp.pipe_names):
            super().add_patterns(patterns)
        self._count = len(self)

    def __len__(self) -> int:
        """Every pattern given, added or deferred."""
        pending = getattr(self, "_pending", ())
        return super().__len__() + len(pending) - len(getattr(self, "_added", ()))

    def _require_patterns(self) -> None:
        if not getattr(self, "_count", 0):
            super()._require_patterns()

    def add_for(self, text: str) -> int:
        """Add the deferred patterns that ``text`` could hold; how many were added."""
        pending = getattr(self, "_pending", None)
        if not pending or len(self._added) == len(pending):
            return 0
        flat = squeezed(text)
        added = self._added
        found = [i for i in self._short if i not in added and pending[i][0] in flat]
        index = self._index
        for gram in {flat[i:i + KEY] for i in range(len(flat) - KEY + 1)}:
            for i in index.get(gram, ()):
                if i not in added and pending[i][0] in flat:
                    found.append(i)
        if not found:
            return 0
        found = sorted(set(found))
        added.update(found)
        self.add_patterns([pending[i][1] for i in found])
        return len(found)

    def match(self, doc: Doc):
        self.add_for(doc.text)
        return super().match(doc)
