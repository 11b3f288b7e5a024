"""Attribution read around the parse: forms whose words the dependency parse places otherwise than English reads them,
and what a quotation's place in its sentence says.

``ParseRepairs`` is a base of ``quote_grammar.AttributionGrammar`` (its methods use the grammar's lexicon and
``_complement``):

* **an attribution after the clause it reports** whose speaker the parse did not make the verb's subject ("A,
  reported the minister's press office.", "A, his press secretary X wrote.", "A, X was quoted by Y as saying."), or that
  it coordinated with the clause ("A, the agency reports.");
* **a "whose" clause** the parse did not make relative ("Moscow, whose tax service warned that ...");
* **a passive participle** that names no speaker ("..., accused of aiding X", "Asked whether ..., X said");
* **who a noun phrase names from the sentence**: "the member states" (the organisation named before), "the bank"
  (the body its sentence's clause has as subject), an unnamed speaker ("a worker said");
* **quotations**: a short one that is a sentence of its own; a title or name in quotation marks; one that opens its
  sentence before its speech verb.
"""
from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc, Span, Token

from .doc_text import text_of
from .model import Mention


class SpeakerIndex(Protocol):
    """What these rules read of ``quote_grammar.SpeakerIndex``: the mention each token belongs to."""

    by_token: dict[int, Mention]


class ParseRepairs:
    lex: dict

    @staticmethod
    def _inverted_object(tok: Token) -> Token | None:
        """The speaker of an attribution written verb first after the clause it reports ("..., reported the
        minister's press office."): the object of a subjectless speech verb that follows a comma and ends the
        sentence."""
        if tok.dep_ != "conj" or tok.i == 0 or tok.doc[tok.i - 1].text != "," or any(
                c.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp") for c in tok.children):
            return None
        obj = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
        if not obj or obj[0].right_edge.i + 1 < tok.sent.end and not tok.doc[obj[0].right_edge.i + 1].is_punct:
            return None
        return obj[0]

    @staticmethod
    def _stranded_subject(tok: Token) -> Token | None:
        """The speaker of an attribution after the clause it reports whose subject the parse hung elsewhere ("A,
        his press secretary X wrote on Facebook.", the name parsed as an apposition in A): a subjectless speech verb
        right after a noun phrase that follows a comma, with nothing of its own but phrases after it; the phrase's
        head."""
        if tok.dep_ not in ("advcl", "conj", "ccomp") or tok.tag_ not in ("VBD", "VBZ", "VBP") or any(
                c.dep_ in ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj") for c in tok.children) or any(
                t.pos_ in ("VERB", "AUX") for t in tok.doc[tok.i + 1:tok.sent.end]):
            return None
        i = tok.i - 1
        while i > tok.sent.start and tok.doc[i].pos_ in ("DET", "PRON", "NOUN", "PROPN", "ADJ") and \
                (tok.doc[i].pos_ != "PRON" or tok.doc[i].tag_ == "PRP$"):
            i -= 1
        if tok.doc[i].text != "," or i == tok.i - 1:
            return None
        phrase = tok.doc[i + 1:tok.i]
        return phrase.root if phrase.root.head.i not in range(phrase.start, phrase.end) else None

    @staticmethod
    def _members_of(np: Token, index: SpeakerIndex) -> Mention | None:
        """"The member states stated ...", "the members agreed ...": the intergovernmental organisation named last
        before, whose members they are."""
        if not (np.lemma_.lower() == "member" and np.tag_ == "NNS" or np.lemma_.lower() in ("state", "country") and any(
                c.lower_ == "member" for c in np.children)) or not any(c.lower_ == "the" for c in np.children):
            return None
        return next((index.by_token[i] for i in range(np.i - 1, -1, -1) if i in index.by_token and
                     index.by_token[i].label == "IGO"), None)

    def _unnamed_speaker(self, sent: Span, quoted: list[tuple[int, int]]) -> bool:
        """Whether the sentence attributes its quotation to someone it does not name ("“...,” one resident told
        reporters", "a local trader said"): a speech verb outside the quotation with a subject of its own, a noun."""
        return any(t.lemma_.lower() in self.lex["speech_verbs"] and t.pos_ == "VERB" and not any(
            a <= t.idx < b for a, b in quoted) and any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") and not any(
                a <= c.idx < b for a, b in quoted) for c in t.children) for t in sent)

    @staticmethod
    def _whose_subject(tok: Token) -> Token | None:
        """The subject of a verb in a "whose" clause that the parse did not give it ("Moscow, whose tax service
        in May warned that ...", the noun hung on "Moscow"): the noun "whose" qualifies, right before the
        verb (a time phrase between)."""
        if tok.pos_ != "VERB" or any(c.dep_ == "nsubjpass" for c in tok.children):
            return None
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if subj:    # a "whose" clause parsed as a clause of its own ("..., whose X complained", X its subject)
            return subj[0] if any(c.tag_ == "WP$" or c.lower_ == "whose" for c in subj[0].children) else None
        i = tok.i - 1
        while i > tok.sent.start and tok.doc[i].head.i == tok.i and tok.doc[i].dep_ in ("npadvmod", "advmod") or \
                i > tok.sent.start and tok.doc[i].head.dep_ == "npadvmod" and tok.doc[i].head.head.i == tok.i:
            i -= 1
        noun = tok.doc[i]
        if noun.pos_ not in ("NOUN", "PROPN") or noun.head.i == tok.i:
            return None
        while noun.dep_ == "compound":
            noun = noun.head
        return noun if any(c.tag_ == "WP$" or c.lower_ == "whose" for c in noun.children) else None

    @staticmethod
    def _subject_body(verb: Token, index: SpeakerIndex) -> Mention | None:
        """The organisation that is a clause's subject before ``verb`` in its sentence ("The World Bank has approved a
        loan, the bank said"), else its subject's possessor ("X's output fell, the company said")."""
        found = {}
        for t in verb.sent:
            m = index.by_token.get(t.i)
            if t.i >= verb.i or m is None or m.label not in ("ORG", "IGO"):
                continue
            if t.dep_ in ("nsubj", "nsubjpass") or t.dep_ in ("compound", "flat") and t.head.dep_ in ("nsubj", "nsubjpass"):
                return m
            if t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass"):
                found.setdefault("poss", m)
        return found.get("poss")

    @staticmethod
    def _whole_sentence(full: str, qs: int, qe: int, sent: Span) -> bool:
        """Whether a short quotation is a sentence of its own ("“This must change.”"), not a scare quote inside the
        writer's sentence: it opens the sentence, closes with its own full stop, and has two words or more."""
        text = full[qs:qe].strip()
        return len(text.split()) >= 2 and text[-1:] in ".!?…" and not full[sent.start_char:qs].strip(" \n“\"«„")

    @staticmethod
    def _stranded_passive(tok: Token) -> bool:
        """Whether a past participle stands for a passive clause of its own ("Asked whether ..., X said": a question
        put to X, not X's statement; "..., accused of aiding Y")."""
        return tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent")
                                             for c in tok.children)

    def _clause_before(self, tok: Token) -> int | None:
        """Where the clause a postposed attribution reports ends (the comma before it: "A, reported X.", "A, X
        wrote."), for an attribution whose speaker the parse did not make its subject; None otherwise."""
        if self._inverted_object(tok) is not None:
            return tok.i - 1
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_.lower() in self.lex[
                "quoting_verbs"] and not self._complement(tok):
            # "A, X was quoted by Y as saying.", "A, Y quoted X as saying.": the clause before the subject's comma
            subj = [c for c in tok.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            edge = subj[0].left_edge.i if subj else 0
            return edge - 1 if edge > tok.sent.start and tok.doc[edge - 1].text == "," else None
        stranded = self._stranded_subject(tok)
        return stranded.left_edge.i - 1 if stranded is not None else None

    @staticmethod
    def _postposed(tok: Token) -> bool:
        """"A, the agency reports.", parsed as a clause coordinated with A: a speech verb with a subject of its
        own after a comma, that says nothing of its own."""
        edge = tok.left_edge
        return tok.dep_ == "conj" and tok.i > tok.head.i and edge.i > 0 and (
            edge.text == "," or tok.doc[edge.i - 1].text == ",") and any(c.dep_ == "nsubj" for c in tok.children) \
            and not any(c.dep_ == "cc" and tok.head.i < c.i < tok.i for c in tok.head.children)

    @staticmethod
    def _named_in_quotes(doc: Doc, qs: int, qe: int) -> bool:
        """Whether a quotation is a name or a title the writer's sentence uses as a noun phrase ("the book
        “...”", "“...” is the motto of ..."): its head is a noun with no punctuation closing it inside the marks,
        that serves the sentence around it."""
        span = doc.char_span(qs, qe, alignment_mode="contract")
        if span is None or not len(span) or text_of(doc)[qs:qe].rstrip()[-1:] in ".,!?;:…":
            return False
        root = span.root
        return root.pos_ in ("NOUN", "PROPN") and root.head.i != root.i and not span.start <= root.head.i < span.end \
            and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "compound", "npadvmod", "conj")

    @staticmethod
    def _after_opening_quote(verb: Token, quoted: list[tuple[int, int]]) -> bool:
        """Whether a speech verb follows a quotation that opens its sentence, with at most its subject between
        ("“...?” asked X", "“...,” X recalled"): the canonical attribution of a quotation."""
        sent = verb.sent
        for a, b in quoted:
            if sent.start_char <= a <= sent.start_char + 1 and b <= verb.idx:
                between = [t for t in sent if b < t.idx < verb.idx and not t.is_punct]
                return len(between) <= 4 and all(t.pos_ in ("PROPN", "DET", "PRON", "NOUN", "ADJ") for t in between)
        return False
