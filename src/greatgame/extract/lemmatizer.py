"""spaCy's English rule lemmatizer, with the same lemmas, worked out once per kind of token.

The installed pipeline's ``lemmatizer`` (rule mode) gives each token without a lemma the first of the forms
its suffix rules, exception table and word index allow for the token's text, part of speech and morphology.
spaCy's own looks each candidate form up in the word index as a *list* (some 57,000 nouns: a linear scan
per candidate), and remembers its answers only for the tokens that are not already base forms, so on text it
has not seen it is about a sixth of the pipeline's time. :class:`FastLemmatizer` does the same steps with
the index as a set, remembers every answer by (text, part of speech, morphology) - all a rule lemma depends
on - and sets the lemmas of a document in one array. A token whose part of speech is empty keeps spaCy's
own path (it warns each time).
"""
from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc, Token


class FastLemmatizer(EnglishLemmatizer):
    """An ``EnglishLemmatizer`` (rule mode) that sets the same lemmas, each kind of token worked out once."""

    _sets: dict[str, tuple[frozenset[str], dict, list]] | None = None   # by part of speech: index, exc, rules
    _lemma_of: dict[tuple[int, int, int], int] | None = None           # (orth, pos, morph) -> lemma's hash

    def _tables(self, univ_pos: str) -> tuple[frozenset[str], dict, list]:
        if self._sets is None:
            self._sets = {}
        found = self._sets.get(univ_pos)
        if found is None:
            index = self.lookups.get_table("lemma_index", {}).get(univ_pos, {})
            found = self._sets[univ_pos] = (frozenset(index),
                                            self.lookups.get_table("lemma_exc", {}).get(univ_pos, {}),
                                            self.lookups.get_table("lemma_rules", {}).get(univ_pos, {}))
        return found

    def rule_lemmatize(self, token: Token) -> list[str]:
        """spaCy's ``Lemmatizer.rule_lemmatize`` (3.8), step for step, with the word index as a set."""
        cache_key = (token.orth, token.pos, token.morph.key)
        if cache_key in self.cache:
            return self.cache[cache_key]
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return super().rule_lemmatize(token)      # warns for an empty part of speech, as spaCy does
        if self.is_base_form(token):
            return [string.lower()]
        index, exceptions, rules = self._tables(univ_pos)
        if not (index or exceptions or rules):
            return [string] if univ_pos == "propn" else [string.lower()]
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        self.cache[cache_key] = forms
        return forms

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        error_handler = self.get_error_handler()
        try:
            if not len(doc):
                return doc
            if self._lemma_of is None:
                self._lemma_of = {}
            lemma_of = self._lemma_of
            strings = doc.vocab.strings
            array = doc.to_array([ORTH, POS, MORPH, LEMMA])
            lemmas = array[:, 3].copy()
            changed = False
            for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
                if lemma != 0 and not self.overwrite:
                    continue
                key = (orth, pos, morph)
                found = lemma_of.get(key)
                if found is None:
                    token = doc[i]
                    found = strings.add(self.lemmatize(token)[0])
                    if token.pos_:
                        lemma_of[key] = found
                lemmas[i] = found
                changed = True
            if changed:
                doc.from_array([LEMMA], lemmas.reshape(-1, 1))
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's error handler decides, as in its own lemmatizer
            return error_handler(self.name, self, [doc], e)


@Language.factory("greatgame_lemmatizer", default_config={"mode": "rule", "overwrite": False})
def make_fast_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> FastLemmatizer:
    return FastLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)


def speed_up_lemmatizer(nlp: Language) -> None:
    """Put a ``FastLemmatizer`` with the same mode, tables and cache in place of an English rule lemmatizer."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    old: Any = nlp.get_pipe("lemmatizer")
    if type(old) is not EnglishLemmatizer or old.mode != "rule":
        return
    new = nlp.replace_pipe("lemmatizer", "greatgame_lemmatizer",
                           config={"mode": old.mode, "overwrite": old.overwrite})
    new.lookups = old.lookups
    new.cache = old.cache
