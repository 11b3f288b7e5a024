"""spaCy's attribute ruler, worked out once per kind of token instead of once per pattern and token.

The installed English pipeline's ``attribute_ruler`` maps each token's fine tag (and a few words, tags and
dependencies) to its part of speech, morphology and some lemmas with a couple of hundred Matcher patterns,
which spaCy tries on every token: a sixth of the pipeline's time. Whether a one-token pattern matches
depends only on the token's values of the attributes the patterns test (here its tag, lower-cased form,
dependency and whether it is white space), so :class:`FastAttributeRuler` evaluates the patterns once per
distinct combination of those values, remembers which match, and sets on each token what spaCy's ruler
would: the attributes of every matching pattern, later patterns over earlier ones (patterns of several
tokens are matched at each position where their first token matches, and set the token their ``index``
names). Patterns that use anything it does not evaluate (operators, other attributes or predicates) leave
the work to spaCy's own ruler, unchanged.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# attributes a pattern may test here: strings (compared by their text) and flags (compared as booleans)
STRING_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "TAG": "TAG", "DEP": "DEP",
                "SHAPE": "SHAPE"}
FLAG_ATTRS = {"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM"}

Test = Callable[[tuple], bool]   # a token's values (in Plan.attrs order, strings and booleans) -> match


def _value_test(attr: str, spec: Any, position: int) -> Test:
    flag = attr in FLAG_ATTRS
    if isinstance(spec, bool) and flag:
        return lambda values: values[position] == spec
    if isinstance(spec, str) and not flag:
        return lambda values: values[position] == spec
    if isinstance(spec, dict) and not flag and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            members = frozenset(arg)
            return lambda values: values[position] in members
        if op == "NOT_IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            members = frozenset(arg)
            return lambda values: values[position] not in members
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return lambda values: bool(regex.search(values[position]))
    raise ValueError(f"{attr}: {spec!r}")


class Plan:
    """The patterns compiled into tests over a token's values, with what each match sets (ValueError: a pattern
    it does not evaluate)."""

    def __init__(self, ruler: AttributeRuler):
        specs = []
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not pattern:
                    raise ValueError(repr(pattern))
                index = entry["index"]
                if not -len(pattern) <= index < len(pattern):
                    raise ValueError(f"index {index} outside a pattern of {len(pattern)} tokens")
                specs.append((attr_id, pattern, index % len(pattern)))
        keys: list[str] = []
        for _, pattern, _ in specs:
            for token in pattern:
                if not isinstance(token, dict):
                    raise ValueError(repr(token))
                for key in token:
                    name = key.upper()
                    name = STRING_ATTRS.get(name, name)
                    if name not in STRING_ATTRS.values() and name not in FLAG_ATTRS:
                        raise ValueError(key)
                    if name not in keys:
                        keys.append(name)
        self.attrs = keys
        self.attr_ids = [IDS[k] for k in keys]
        self.is_flag = [k in FLAG_ATTRS for k in keys]
        self.set_attrs = ruler.attrs                # attr_id -> normalised attributes, as spaCy's ruler sets them
        # (attr_id, [test per token of the pattern], offset of the token it sets)
        self.patterns = [(attr_id, [self._token_test(t) for t in pattern], index)
                         for attr_id, pattern, index in specs]
        self.singles = [(attr_id, tests[0]) for attr_id, tests, _ in self.patterns if len(tests) == 1]
        self.multis = [(attr_id, tests, index) for attr_id, tests, index in self.patterns if len(tests) > 1]
        # one-token patterns by a value they require (most require a tag), so that a kind of token is tried
        # against those that can match it: (position, value) -> indices into singles; the rest are always tried
        self._required: dict[tuple[int, str], list[int]] = {}
        self._always: list[int] = []
        for n, (attr_id, pattern, _) in enumerate(p for p in specs if len(p[1]) == 1):
            required = [(self.attrs.index(STRING_ATTRS.get(k.upper(), k.upper())), v)
                        for k, v in pattern[0].items() if isinstance(v, str)
                        and STRING_ATTRS.get(k.upper(), k.upper()) not in FLAG_ATTRS]
            if required:
                self._required.setdefault(required[0], []).append(n)
            else:
                self._always.append(n)
        self._positions = sorted({pos for pos, _ in self._required})
        self._kinds: dict[tuple, tuple[dict | None, list[int]]] = {}
        # A word's form (LOWER) matters only where a pattern names it or a regex tests it: every form no
        # pattern names, with the same regex results, is one kind (tested against spaCy's ruler token by token)
        self._form = self.attrs.index("LOWER") if "LOWER" in self.attrs else None
        self._named: set[str] = set()
        self._form_regexes: list[re.Pattern[str]] = []
        for _, pattern, _ in specs:
            for token in pattern:
                for key, spec in token.items():
                    if STRING_ATTRS.get(key.upper(), key.upper()) != "LOWER":
                        continue
                    if isinstance(spec, str):
                        self._named.add(spec)
                    elif isinstance(spec, dict) and ("IN" in spec or "NOT_IN" in spec):
                        self._named.update(*spec.values())
                    elif isinstance(spec, dict) and "REGEX" in spec:
                        self._form_regexes.append(re.compile(spec["REGEX"]))
        self._forms: dict[int, Any] = {}    # a form's id -> its id where a pattern names it, else its regex results

    def _token_test(self, token: dict[str, Any]) -> Test:
        tests = []
        for key, spec in token.items():
            name = key.upper()
            name = STRING_ATTRS.get(name, name)
            tests.append(_value_test(name, spec, self.attrs.index(name)))
        return lambda values: all(test(values) for test in tests)

    def _kind_key(self, key: tuple, strings: Any) -> tuple:
        """``key`` with its form replaced by what the patterns can tell of it (``_forms``)."""
        pos = self._form
        if pos is None:
            return key
        form = key[pos]
        seen = self._forms.get(form)
        if seen is None:
            text = strings[form]
            seen = self._forms[form] = form if text in self._named else \
                tuple(bool(r.search(text)) for r in self._form_regexes)
        return key[:pos] + (seen,) + key[pos + 1:]

    def kind(self, key: tuple, strings: Any) -> tuple[dict | None, list[int]]:
        """For a token with these attribute values (ids): what its one-token matches set, merged in pattern
        order (None: nothing), and which patterns of several tokens start with it."""
        kind_key = self._kind_key(key, strings)
        found = self._kinds.get(kind_key)
        if found is None:
            values = self.values(key, strings)
            merged: dict = {}
            matched = self.singles_of(values)
            for attr_id in matched:
                merged.update(self.set_attrs[attr_id])
            starts = [n for n, (_, tests, _) in enumerate(self.multis) if tests[0](values)]
            found = self._kinds[kind_key] = (merged if matched else None, starts)
        return found

    def singles_of(self, values: tuple) -> list[int]:
        """The attr_ids of the one-token patterns that match a token with these values, in pattern order."""
        tried = list(self._always)
        for pos in self._positions:
            tried += self._required.get((pos, values[pos]), ())
        return [self.singles[n][0] for n in sorted(tried) if self.singles[n][1](values)]

    def values(self, key: tuple, strings: Any) -> tuple:
        return tuple(bool(v) if flag else strings[v] for v, flag in zip(key, self.is_flag))

    def apply(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        keys = [tuple(row) for row in doc.to_array(self.attr_ids).tolist()] if len(doc) else []
        extra: dict[int, list[int]] = {}          # token -> attr_ids of patterns of several tokens that set it
        merged_of = []
        for i, key in enumerate(keys):
            merged, starts = self.kind(key, strings)
            merged_of.append(merged)
            for n in starts:
                attr_id, tests, index = self.multis[n]
                end = i + len(tests)
                if end <= len(keys) and all(test(self.values(keys[j], strings))
                                            for test, j in zip(tests[1:], range(i + 1, end))):
                    extra.setdefault(i + index, []).append(attr_id)
        for i, merged in enumerate(merged_of):
            if i in extra:
                ids = sorted(self.singles_of(self.values(keys[i], strings)) + extra[i])
                for attr_id in ids:
                    set_token_attrs(doc[i], self.set_attrs[attr_id])
            elif merged is not None:
                set_token_attrs(doc[i], merged)


class FastAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` that sets the same attributes, evaluating its patterns per kind of token."""

    _plan: Plan | None | bool = None     # None: not compiled yet; False: spaCy's ruler does the work

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        self._plan = None
        super().add(patterns, attrs, index)

    def clear(self) -> None:
        self._plan = None
        super().clear()

    def __call__(self, doc: Doc) -> Doc:
        if self._plan is None:
            try:
                self._plan = Plan(self)
            except ValueError:     # a pattern it does not evaluate: spaCy's ruler does the work
                self._plan = False
        if self._plan is False:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            self._plan.apply(doc)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)


@Language.factory("greatgame_attribute_ruler", default_config={"validate": False})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name, validate=validate)


def speed_up(nlp: Language) -> None:
    """Put a ``FastAttributeRuler`` with the same patterns in place of the pipeline's ``attribute_ruler``."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    if type(old) is not AttributeRuler:
        return
    patterns = old.patterns
    new = nlp.replace_pipe("attribute_ruler", "greatgame_attribute_ruler")
    new.add_patterns(patterns)
