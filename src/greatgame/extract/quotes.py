"""Direct quotes and reported speech, each attributed to a linked speaker.

* **Direct quotes**: text inside quotation marks (also when a quote runs over
  several paragraphs: an unclosed opening quote at a paragraph's start
  continues until a later paragraph closes it), attributed by a speech verb in
  the same sentence ("..., said Yun Sun"; "she added"), or, failing that, to
  the speaker of the quote just before it in the same or previous paragraph.
* **Reported speech**: a speech verb with a complement clause ("X said that
  ...", "X told Y ...", "X stated ...", "X called on ..."), and "according to
  X" (the rest of the sentence is what X said).

The speaker is what the verb's subject names: a person, else an organisation
or a state ("the Foreign Ministry", "Beijing", "Chinese officials" -> CHN);
a pronoun refers back to the last person (or, for "it"/"the company", the
last organisation) named. The speaker's role and organisation come from the
roles the linker found next to their name.
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from .doc_text import text_of
from .model import Mention, Quote, RoleStatement
from .quote_blocks import declared_paragraphs, unmarked_blocks
from .quote_grammar import AttributionGrammar, SpeakerIndex, joined_quotations
from .quote_layout import declared_speaker, reference_ranges
from .token_forms import forms

__all__ = ["QuoteExtractor", "declared_speaker", "reference_ranges"]

QUOTE_PAIR = re.compile(r"[“\"]([^“”\"]{3,}?)[”\"]|[„]([^“”„]{3,}?)[”“]|‘([^‘’]{20,}?)’(?=\W)|«([^«»]{3,}?)»")
OPENERS = "“\"„«"
QUOTE_STRIP = " “”\"„«»"
# A paragraph opening with a speaker's label and a colon: up to eight words, no sentence punctuation.
COLON_SPEAKER = re.compile(r"(?m)^[ \t]*(?P<label>[A-Z][^\n:.!?“”\"]{1,60}?)[ \t]*:[ \t]+(?P<text>\S[^\n]{15,})$")
CLOSERS = "”\""
# Any line that opens with a speaker's label ("MODERATOR: Thank you."): where a transcript's turn ends.
LABEL_LINE = re.compile(r"(?m)^[ \t]*[A-Z][^\n:.!?“”\"]{1,60}?[ \t]*:(?:[ \t]|$)")

# A dash after a closing quotation mark, before the name that signs it ("“...” — Sadyr Japarov").
DASH_SIGNATURE = re.compile(r"[ \t]*[—–][ \t]*(?=[A-Z])")



class _State(dict):
    """The last person ("person") and organisation or state ("org") that spoke or were a clause's subject; every
    person set is also remembered in ``people`` (the nearest compatible one is whom "she" names)."""

    def __init__(self, people):
        super().__init__(person=None, org=None)
        self.people = people

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if key == "person" and value is not None:
            self.people.saw(value)


def _spoke(speaker: Mention, state: _State, sources: dict[str | None, Mention]) -> None:
    """Remember ``speaker`` as the last person or organisation that spoke (an organisation or state is
    also who a later "the statement said" refers to)."""
    if speaker.label == "PERSON":
        state["person"] = speaker
        state.people.spoke(speaker)
    else:
        state["org"] = speaker
        sources[None] = speaker

class QuoteExtractor(AttributionGrammar):
    def __call__(self, doc: Doc, mentions: list[Mention], roles: list[RoleStatement],
                 declared: Mention | None = None, day: dt.date | None = None) -> list[Quote]:
        """The quotes of one part. ``declared``: the speaker whose statement the document is, by its
        title ("X's statement ...", "Remarks by X"): its first-person paragraphs are X's words."""
        index = SpeakerIndex(doc, mentions, roles, day)
        quotes: list[Quote] = []
        state = _State(index.people)
        full = text_of(doc)
        references = reference_ranges(full)
        direct_spans = [(a, b) for a, b in self._direct_spans(full)
                        if not any(r0 <= a < r1 for r0, r1 in references)]
        prev_direct: Quote | None = None
        pending: tuple[int, int, Span, Quote | None] | None = None
        plain: Span | None = None      # the previous sentence, when it quoted nothing and named no speaker
        para_person: tuple[Mention, int] | None = None   # the last person a paragraph's clause had as subject
        recent: list[Mention] = []     # the people named so far, the latest first
        colon_sents: set[int] = set()
        # the last organisation or state that spoke (None), and the owner of the last document of each kind
        # named with its owner ("the Treasury's press release" -> "release"): who "the statement said" is
        sources: dict[str | None, Mention] = {}
        last_said: tuple[Mention, int] | None = None   # the last speaker and where their sentence ends
        colon_said: tuple[Mention, int] | None = None  # "X said:" and where that sentence ends
        spoken: list[tuple[Mention, Token, Span]] = []   # every attribution: who, the word that attributes, the sentence
        for q, covered in self._colon_quotes(doc, index, mentions):
            quotes.append(q)
            colon_sents |= covered
        for sent in doc.sents:
            if any(r0 <= sent.start_char < r1 for r0, r1 in references):
                continue
            if sent.start_char in colon_sents:
                continue
            sent_text = full[sent.start_char:sent.end_char]    # sent.text
            if not any(ch.isalnum() for ch in sent_text):
                continue    # a closing quotation mark the parse left as a sentence of its own
            said_before = last_said[0] if last_said is not None and full.count(
                "\n", last_said[1], sent.start_char) <= 2 else None
            sources["@last"] = last_said[0] if last_said is not None else None   # the last speaker, however far
            attribution = self._attribution(sent, index, state["person"], state["org"], recent, direct_spans,
                                            sources, said_before)
            if attribution is not None:
                last_said = (attribution[0], sent.end_char)
                spoken.append((attribution[0], attribution[1], sent))
            in_sent = [(qs, qe) for qs, qe in direct_spans if sent.start_char <= qs < sent.end_char and (
                len(full[qs:qe].split()) >= self.lex["min_direct_words"] or self._whole_sentence(full, qs, qe, sent))]
            sent_words = max(1, len(sent_text.split()))
            emitted = False
            if attribution is not None and pending and sent.start_char < pending[1] <= sent.end_char and \
                    pending[2].start_char < sent.start_char and not pending[0] <= attribution[1].idx < pending[1]:
                # a quotation that began in an earlier sentence closes in this one, which attributes it
                # ("«We have a plan ... . Now we are drafting the second treaty,» he added.")
                qs, qe, psent, _ = pending
                q = self._quote(attribution[0], index, full[qs:qe].strip().rstrip(","), True, qs, qe, psent)
                quotes.append(q)
                quotes += self._added(attribution, index, qe, sent)
                prev_direct = q
                pending = None
                plain = None
                _spoke(attribution[0], state, sources)
                continue
            if attribution is not None and not attribution[2] and pending and (
                    sent_words <= 10 or self._says_this(attribution[1]) or pending[3] is None):
                # "“...” The Ministry said.": an attribution cut off into a sentence of its own; "“...” ¶ X said
                # this at the summit": one that refers back to the quotation; any attribution that says nothing of
                # its own after a quotation nobody else was given ("“...” ¶ X told reporters on Tuesday at ...")
                qs, qe, psent, _ = pending
                quotes.append(self._quote(attribution[0], index, full[qs:qe].strip(), True, qs, qe, psent))
                pending = None
                plain = None
                _spoke(attribution[0], state, sources)
                continue
            if attribution is not None and not attribution[2] and sent.text.rstrip().endswith(":"):
                # "X said:" and the quotation in the next paragraph
                colon_said = (attribution[0], sent.end_char)
            if attribution is not None and not attribution[2] and not in_sent and plain is not None and \
                    not sent.text.rstrip().endswith(":") and (
                    sent_words <= 16 and "\n" not in full[plain.start_char:sent.start_char].rstrip(" ") or
                    self._refers_back(attribution[1]) and full.count("\n", plain.end_char, sent.start_char) <= 2):
                # "Kazakhstan will host the next round. Nurtleu said, speaking at a briefing.": what was said
                # is the sentence before, in the same paragraph; "This was announced by X", "The announcement
                # was made by X": the sentence before, also at the end of the paragraph before
                text = plain.text.strip().strip(" ,.;:“”\"«»")
                quotes.append(self._quote(attribution[0], index, text, False, plain.start_char, plain.end_char,
                                          plain))
                plain = None
                state["person" if attribution[0].label == "PERSON" else "org"] = attribution[0]
                if attribution[0].label == "PERSON":
                    state.people.spoke(attribution[0])
                continue
            if pending is not None and pending[1] <= sent.start_char:
                # it closed before this sentence, which did not attribute it: whoever the context gave it to
                if pending[3] is not None:
                    quotes.append(pending[3])
                    prev_direct = pending[3]
                pending = None
            if attribution is not None:
                speaker, verb, text_tokens = attribution
                # the sentence's quotations that are what the attribution reports: those that fill half the
                # sentence, or that open it with the speech verb after them ("“...,” X said, adding ...")
                long_direct = [(qs, qe) for qs, qe in in_sent if len(full[qs:qe].split()) >= 0.5 * sent_words or (
                    verb.idx >= qe and not full[sent.start_char:qs].strip(" \n“\"«„"))]
                if long_direct:
                    joined = joined_quotations(long_direct, direct_spans, full, sent, verb.idx)
                    for qs, qe, said in joined:
                        q = self._quote(speaker, index, said, True, qs, qe, sent)
                        quotes.append(q)
                        prev_direct = q
                    quotes += self._added(attribution, index, max(qe for _, qe, _ in joined), sent)
                    quotes += self._reported_beside(attribution, index, [(a, b) for a, b, _ in joined] + in_sent,
                                                    sent)
                    emitted = True
                elif text_tokens:
                    side = self._side_clauses(verb, text_tokens)
                    if side:
                        own = {t.i for c in side for t in c.subtree}
                        text_tokens = [t for t in text_tokens if t.i not in own]
                        added = self._added(attribution, index, 0, sent, side)
                        quotes += added
                        emitted = bool(added)
                if text_tokens and not long_direct:
                    for other, clause, said in self._contrasted(verb, speaker, text_tokens, index, state, recent,
                                                                direct_spans):
                        # "X says A, while Y claims B": B is Y's, and no part of what X said
                        text_tokens = [t for t in text_tokens if t.i not in clause]
                        a, b = said[0].idx, said[-1].idx + len(said[-1])
                        quotes.append(self._quote(other, index, full[a:b].strip(" \n,.;:“”\"«»"), False, a, b, sent))
                    while text_tokens and (text_tokens[-1].is_punct or text_tokens[-1].dep_ in ("cc", "mark")):
                        text_tokens.pop()
                if text_tokens and not long_direct:
                    start = min(t.idx for t in text_tokens)
                    end = max(t.idx + len(t) for t in text_tokens)
                    if start > verb.idx and not any(t.i > verb.i and t.idx >= end and t.lemma_.lower() in
                                                    self.lex["speech_verbs"] and t.pos_ == "VERB" and
                                                    not self._same_statement(verb, t) for t in sent):
                        # "X said (that) ...": what was said runs to the sentence's end (an apposition or a
                        # clause the parse hangs elsewhere is still part of it; "X reported A and said B": a
                        # second speech verb of the same subject goes on with the same statement)
                        end = max(end, sent.end_char)
                    elif end <= verb.idx and sent.start_char < start and \
                            not full[sent.start_char:start].strip(" “”\"«»"):
                        start = sent.start_char
                    text = full[start:end].strip(" \n,.;:“”\"«»–—")   # "– A, – X said": direct speech set off by dashes
                    if len(text.split()) >= 3:
                        quotes.append(self._quote(speaker, index, text, bool(in_sent), start, end, sent))
                        quotes += self._embedded(speaker, index, start, end, sent, direct_spans)
                        quotes += self._later(max(end, verb.idx + 1), sent, index, speaker, state, recent,
                                              direct_spans, quotes)
                        emitted = True
                _spoke(speaker, state, sources)
            if not emitted:
                for qs, qe in in_sent:
                    if self._named_in_quotes(doc, qs, qe):
                        continue    # “The Silk Road Reborn” is the forum's motto: a title, not words said
                    text = full[qs:qe].strip()
                    before = full[sent.start_char:qs - 1].strip()
                    lead = doc.char_span(sent.start_char, max(sent.start_char, qs - 1), alignment_mode="contract")
                    named = index.speaker_in(list(lead)[-2:]) if lead is not None and len(lead) else None
                    if before.endswith(":") and lead is not None and len(lead):
                        # "X made the remarks at a meeting with Y: “...”": a quotation after a colon is the
                        # words of the clause's subject, not of whoever is named last before the colon
                        named = self._colon_subject(lead, index, state["person"], recent) or named
                    opens_paragraph = not before and (qs <= 1 or full[max(0, qs - 2)] == "\n")
                    signed = DASH_SIGNATURE.match(full, qe + 1)
                    if signed is not None and not before:
                        # "“...” — Sadyr Japarov": a quotation signed with its speaker's name after a dash
                        span = doc.char_span(signed.end(), min(len(full), signed.end() + 60), alignment_mode="contract")
                        named = index.speaker_in(list(span)[:4]) if span is not None else None
                    if named is not None and named.label in ("PERSON", "ORG"):
                        # "Consulting company X “...”": a quotation right after its source's name
                        q = self._quote(named, index, text, True, qs, qe, sent)
                    elif attribution is None and self._unnamed_speaker(sent, direct_spans):
                        # "“...,” one activist told reporters": someone unnamed, not the one before (a later sentence
                        # may still attribute it: "Both sides expressed “...”. The ministry said.")
                        if pending is not None and pending[3] is not None:
                            quotes.append(pending[3])
                        pending = (qs, qe, sent, None)
                        continue
                    elif not before and prev_direct is not None and prev_direct.speaker and \
                            full.count("\n", prev_direct.end, qs) <= 2:
                        # a paragraph that opens with a quotation continues the previous speaker's
                        p = prev_direct
                        q = Quote(p.speaker, p.speaker_text, p.speaker_role, p.speaker_org, text, True, qs, qe,
                                  sent.start_char, sent.end_char)
                    elif opens_paragraph and colon_said is not None and full.count("\n", colon_said[1], qs) <= 2:
                        q = self._quote(colon_said[0], index, text, True, qs, qe, sent)
                    elif opens_paragraph and para_person is not None and full.count("\n", para_person[1], qs) <= 2:
                        # a paragraph of quotation after one whose subject is a person ("X made the
                        # announcement on X ... ¶ “I congratulate ...”"): that person's words
                        q = self._quote(para_person[0], index, text, True, qs, qe, sent)
                    else:
                        if pending is not None and pending[3] is not None:
                            quotes.append(pending[3])
                        pending = (qs, qe, sent, None)
                        continue
                    if qe > sent.end_char:
                        # the quotation runs on into a later sentence, which may say who speaks
                        # ("“A. B,” he said."): wait for it, and give it to the context's speaker only if not
                        if pending is not None and pending[3] is not None:
                            quotes.append(pending[3])
                        pending = (qs, qe, sent, q)
                        continue
                    quotes.append(q)
                    prev_direct = q
                    emitted = True
            for speaker, tokens in self._nominal(sent, index):
                # "X's warning that A", "the proposal of X to create A": a statement made through a noun
                a, b = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
                if any(q.sent_start == sent.start_char and q.start < b and a < q.end for q in quotes):
                    continue    # already reported through a speech verb
                quotes.append(self._quote(speaker, index, full[a:b].strip(" \n,.;:“”\"«»"), False, a, b, sent))
                emitted = True
            plain = sent if attribution is None and not emitted and not in_sent else None
            for t in sent:
                m = index.by_token.get(t.i)
                if m is None:
                    continue
                if m.label == "PERSON" and m.entity.startswith("person:"):
                    if not recent or recent[0].entity != m.entity:
                        recent.insert(0, m)
                if m.label == "PERSON" and m.entity.startswith("person:") and (
                        t.dep_ in ("nsubj", "nsubjpass") or t.dep_ in ("compound", "appos", "flat", "conj")
                        and t.head.dep_ in ("nsubj", "nsubjpass")):
                    # "he" refers back to the last person who was a clause's subject (not to one named in
                    # passing: "Japarov praised Meloni's visit. He added ...")
                    state["person"] = m
                    para_person = (m, sent.end_char)
                elif m.label in ("ORG", "IGO"):
                    state["org"] = m    # (also "The IMF raised ... It warned ...")
            if attribution is not None and attribution[0].label == "PERSON":
                state["person"] = attribution[0]
                state.people.spoke(attribution[0])
            sources.update(self._owned_documents(sent, index))
        if pending is not None and pending[3] is not None:
            quotes.append(pending[3])
        if declared is not None:
            quotes += declared_paragraphs(doc, declared, quotes, references, lambda who, text, a, b, span:
                                          self._quote(who, index, text, True, a, b, span))
        return quotes + unmarked_blocks(doc, spoken, quotes, mentions, references, lambda who, text, a, b, span:
                                        self._quote(who, index, text, True, a, b, span))

    def _quote(self, speaker: Mention, index: SpeakerIndex, text: str, direct: bool, start: int, end: int,
               sent: Span) -> Quote:
        role = index.roles.get(speaker.entity)
        return Quote(speaker.entity, speaker.text, role.role if role else None, role.org if role else None,
                     text, direct, start, end, sent.start_char, sent.end_char)

    def _colon_subject(self, lead: Span, index: SpeakerIndex, last_person: Mention | None,
                       recent: list[Mention]) -> Mention | None:
        """The person or organisation that is the subject of the main clause before a colon (a pronoun resolved
        as a speech verb's subject is)."""
        inside = range(lead.start, lead.end)
        for t in lead:
            # the main clause of the words before the colon (the parse may hang it on the quotation's verb)
            if t.dep_ != "nsubj" or t.head.i not in inside or t.head.dep_ != "ROOT" and t.head.head.i in inside:
                continue
            if t.lower_ in ("he", "she"):
                return index.people.resolve(t.lower_, last_person, recent)
            named = self._named_by(t, index)
            return named if named is not None and named.label in ("PERSON", "ORG", "IGO") else None
        return None

    def _colon_quotes(self, doc: Doc, index: SpeakerIndex, mentions: list[Mention]
                      ) -> list[tuple[Quote, set[int]]]:
        """Transcripts and statements: a paragraph that opens with a speaker's name and a colon
        ("SECRETARY BLINKEN: Well, thank you ...", "Tokayev: “...”"); the rest of the paragraph is the quote.

        The name is a person or organisation the linker found there, or (transcripts write names in
        capitals) a word that is the surname of a person the document names.
        """
        full = text_of(doc)
        surnames = {}
        for m in mentions:
            if m.entity and m.entity.startswith("person:") and m.label == "PERSON":
                surnames.setdefault(m.entity.split(":", 1)[1].split()[-1].casefold(), m)
        out = []
        for para in COLON_SPEAKER.finditer(full):
            label_start, label_end = para.start("label"), para.end("label")
            if len(para.group("label").split()) > 8:
                continue
            span = doc.char_span(label_start, label_end, alignment_mode="expand")
            speaker = index.speaker_in(list(span)) if span is not None else None
            if speaker is None or speaker.label not in ("PERSON", "ORG", "IGO"):
                words = [w.casefold() for w in re.findall(r"[\w’'-]+", para.group("label"))]
                speaker = next((surnames[w] for w in reversed(words) if w in surnames), None)
            if speaker is None:
                continue
            start, end = para.start("text"), para.end("text")
            text = full[start:end].strip().strip(QUOTE_STRIP)
            if len(text.split()) < self.lex["min_direct_words"]:
                continue
            sents = {s.start_char for s in doc.sents if start - 2 <= s.start_char < end or
                     s.start_char <= label_start < s.end_char}
            out.append((self._quote(speaker, index, text, True, start, end, doc.char_span(
                label_start, end, alignment_mode="expand") or doc[:]), sents))
            if para.group("label").upper() != para.group("label"):
                continue
            # a transcript ("SECRETARY BLINKEN: ..."): the speaker's turn runs on over the next paragraphs,
            # until the next label
            nxt = LABEL_LINE.search(full, end)
            stop = nxt.start() if nxt is not None else len(full)
            for more in re.finditer(r"[^\n]+", full[end:stop]):
                a, b = end + more.start(), end + more.end()
                text = more.group().strip().strip(QUOTE_STRIP)
                if len(text.split()) < self.lex["min_direct_words"] or text[-1:] not in ".!?…":
                    continue
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None:
                    out.append((self._quote(speaker, index, text, True, a, b, span),
                                {s.start_char for s in doc.sents if a - 2 <= s.start_char < b}))
        return out

    @staticmethod
    def _direct_spans(text: str) -> list[tuple[int, int]]:
        spans = []
        for m in QUOTE_PAIR.finditer(text):
            g = next(i for i in (1, 2, 3, 4) if m.group(i) is not None)
            spans.append((m.start(g), m.end(g)))
        # a quote opened at a paragraph's start and left open continues in the next paragraphs
        for para in re.finditer(r"(?m)^([“\"«])([^\n”»]*)$", text):
            start = para.start() + 1
            close = text.find("»" if para.group(1) == "«" else "”", para.end())
            if close > 0 and not any(s <= start < e for s, e in spans):
                # one quote per paragraph (the next paragraphs open with their own quotation mark)
                spans.append((start, para.end()))
        # a quotation opened inside a paragraph and left open at its end, where the next paragraph opens with
        # a quotation mark or the text ends ("“A,” said X. “B. ¶ “C ...”"): it runs to the paragraph's end
        for para in re.finditer(r"(?m)^[^\n]+$", text):
            opened = para.group().rfind("“")
            if opened <= 0 or "”" in para.group()[opened:] or para.group().rstrip()[-1:] not in ".!?…":
                continue
            start = para.start() + opened + 1
            after = text[para.end():].lstrip()
            if (not after or after[:1] in "“\"") and not any(s <= start < e for s, e in spans):
                spans.append((start, para.end()))
        return sorted(spans)

    def _attribution(self, sent: Span, index: SpeakerIndex, last_person: Mention | None,
                     last_org: Mention | None, recent: list[Mention] = (),
                     quoted: list[tuple[int, int]] = (), sources: dict[str | None, Mention] | None = None,
                     last_said: Mention | None = None) -> tuple[Mention, Token, list[Token]] | None:
        """The sentence's speaker, the word that attributes, and what was said (empty: said elsewhere).

        A speech verb inside a quotation is the quoted speaker's, not an attribution. A speech verb whose
        subject names a speaker wins over "according to" ("X said ..., according to Tass": Tass only
        carried X's words)."""
        lex = self.lex
        source = None
        doc, (lower, lemmas, pos) = sent.doc, forms(sent.doc)
        for i in range(sent.start, sent.end):
            if not self._may_open_source(lower[i], lemmas[i]):
                continue
            tok = doc[i]
            src = self._source_phrase(tok, index, last_person, last_org, recent)
            if src is not None:
                speaker, phrase = src
                rest = [t for t in sent if t.i not in phrase and not t.is_punct or t.text in ("-",)]
                source = (speaker, tok, rest, phrase)
                break
        first: tuple[Mention, Token, list[Token]] | None = None
        for i in range(sent.start, sent.end):
            if pos[i] not in ("VERB", "AUX"):
                continue
            tok, lemma = doc[i], lemmas[i]
            if not (
                    lemma in lex["speech_verbs"] or lemma in lex["parenthetical_verbs"] and tok.dep_ == "parataxis"
                    or self._made_statement(tok) or self._draws_attention(tok) or self._made_clear(tok) or
                    self._document_reads(tok)):
                continue
            if tok.text[:1].isupper() and tok.i != sent.start and tok.text != "Said":
                continue   # part of a name or title ("Secretary of State")
            if any(a <= tok.idx < b for a, b in quoted):
                continue   # the quoted speaker's own words
            if self._unsaid(tok):
                continue   # "did not say", "may believe", "will announce": no statement made
            if source is not None and tok.i in source[3]:
                continue
            if tok.dep_ == "advcl" and tok.i < tok.head.i and tok.head.lemma_.lower() in lex["speech_verbs"] and \
                    tok.head.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                continue    # "Noting that A, X said that B": the verb it hangs on attributes both
            if lemma in lex["quoting_verbs"] and tok.dep_ == "advcl" and tok.tag_ == "VBG" and any(
                    t.pos_ == "VERB" and t.lemma_.lower() in lex["speech_verbs"] and t.lemma_.lower() not in
                    lex["quoting_verbs"] for t in sent):
                continue    # "..., X reports, citing data from Y": the source of what was said (but "X cut its
                #             forecast, citing ...": X's reasons)
            comp = self._complement(tok)
            if lemma in lex["object_not_speech"] and not comp and any(c.dep_ == "dobj" for c in tok.children):
                continue    # "the Treasury added ten firms to the list": not speech
            as_clause = tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
            postposed = not comp and self._postposed(tok)
            if lemma in lex["needs_complement"] and not comp and not postposed and tok.dep_ != "parataxis" and not (
                    as_clause and any(c.dep_ == "agent" for c in tok.children)) and not self._after_opening_quote(
                    tok, quoted):
                continue
            speaker = self._speaker(tok, index, last_person, last_org, recent, sources, last_said)
            if speaker is None:
                continue
            cut = self._clause_before(tok)
            if cut is not None:
                # "A, reported the minister's press office.", "A, his press secretary X wrote.": the clause before the comma
                comp = [t for t in sent if t.i < cut and not t.is_space]
                return (speaker, tok, comp) if comp else None
            # what was said: the complement clause(s), or for "called X Y" the object and its predicate
            extra = [c for c in tok.children if c.dep_ == "oprd"] if comp else []
            text_tokens = sorted({t for c in comp + extra for t in c.subtree}, key=lambda t: t.i)
            if not text_tokens and tok.head.i != tok.i and (tok.dep_ == "parataxis" or postposed or as_clause and (
                    tok.i < tok.head.i or any(c.dep_ == "agent" for c in tok.children))):
                # "Central Asia, the minister said, ...", "However, X said, ...", "As X added, ...", "...,
                # as reported by X": a parenthetical attribution of the clause it interrupts (a trailing "as"
                # clause only with an agent: "..., as X warned ..." is often causal)
                own = {t.i for t in tok.subtree} | {t.i for c in tok.head.children if c.dep_ == "advcl" and
                                                    c.lemma_.lower() in lex["quoting_verbs"] for t in c.subtree}
                text_tokens = [t for t in tok.head.subtree if t.i not in own and not (
                    t.dep_ in ("advmod", "cc", "punct") and t.head == tok.head and t.i < tok.i)]
                while text_tokens and text_tokens[-1].is_punct:
                    text_tokens.pop()
            if source is not None and min(source[3]) < tok.i:
                break       # "According to X, ... underlines ...": X's report scopes over the clause after it
            if text_tokens:
                return speaker, tok, text_tokens
            first = first or (speaker, tok, [])
        return first or (source[:3] if source is not None else None)

    def _later(self, after: int, sent: Span, index: SpeakerIndex, first: Mention, state: dict, recent: list[Mention],
               quoted: list[tuple[int, int]], found: list[Quote]) -> list[Quote]:
        """A second statement after the first one's clause in the same sentence ("X called on A, a message he
        reiterated by pledging to B"): a speech verb after it with a clause of its own and a speaker ("he" there is
        the first statement's speaker). A participle beside the verb ("..., pointing to ...", "citing ...") is the
        writer's gloss or a source, not a statement."""
        out = []
        person = first if first.label == "PERSON" else state["person"]
        for t in sent:
            if t.idx < after or t.pos_ != "VERB" or t.lemma_.lower() not in self.lex["speech_verbs"] or \
                    t.lemma_.lower() in self.lex["quoting_verbs"] or t.tag_ == "VBG" and t.dep_ != "pcomp" or \
                    any(a <= t.idx < b for a, b in quoted) or self._unsaid(t):
                continue
            comp = self._complement(t)
            tokens = sorted({k for c in comp for k in c.subtree if k.i > t.i}, key=lambda k: k.i)
            if len(tokens) < 3:
                continue
            speaker = self._speaker(t, index, person, state["org"], recent)
            a, b = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            if speaker is None or any(q.sent_start == sent.start_char and q.start < b and a < q.end
                                      for q in found + out):
                continue
            out.append(self._quote(speaker, index, text_of(sent.doc)[a:b].strip(" \n,.;:“”\"«»"), False, a, b, sent))
        return out

    def _embedded(self, speaker: Mention, index: SpeakerIndex, start: int, end: int, sent: Span,
                  quoted: list[tuple[int, int]]) -> list[Quote]:
        """"... Moscow, whose tax service warned that A", "... floods, in which Tashkent
        reported 12 deaths": a speech verb in a relative clause inside what was said, whose own subject names
        another speaker, is that speaker's statement too."""
        out = []
        for t in sent:
            whose = self._whose_subject(t)   # (the parse may hang "whose X" on the noun before and lose the clause)
            if t.dep_ != "relcl" and whose is None or t.pos_ != "VERB" or not start <= t.idx < end or \
                    t.lemma_.lower() not in self.lex["speech_verbs"] or any(a <= t.idx < b for a, b in quoted):
                continue
            if not any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in t.children) and whose is None:
                continue    # "Tokayev, who offered to ...": the clause describes the one named before it
            other = self._speaker(t, index, None, None, [])
            tokens = sorted({k for c in self._complement(t) for k in c.subtree}, key=lambda k: k.i)
            if other is None or other.entity == speaker.entity or len(tokens) < 3:
                continue
            a, b = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            out.append(self._quote(other, index, text_of(sent.doc)[a:b].strip(" \n,.;:“”\"«»"), False, a, b, sent))
        return out

    def _side_clauses(self, verb: Token, text_tokens: list[Token]) -> list[Token]:
        """The speech-verb clauses beside a speech verb that are statements of their own, not part of what
        the verb says: one before the verb ("Noting that A, X said that B"), or one after it when what the
        verb says comes before it ("A, he said, adding that B"). ("X stressed A, stating that B" is one
        statement: both clauses follow the verb.) One without a clause of its own ("..., X said, underscoring
        Y's growing role") is the writer's gloss: neither part of the statement nor one of its own."""
        first = min(t.i for t in text_tokens)
        return [c for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in self.lex["speech_verbs"]
                and (c.i < verb.i or first < verb.i) and not (c.tag_ == "VBN" and self._stranded_passive(c))]

    def _reported_beside(self, attribution: tuple[Mention, Token, list[Token]], index: SpeakerIndex,
                         direct: list[tuple[int, int]], sent: Span) -> list[Quote]:
        """"X emphasized that A, stating, “B”": the speech verb's own "that"-clause, outside the quotation that
        fills the sentence, is a reported statement of its own."""
        speaker, verb, _ = attribution
        out = []
        for c in self._complement(verb):
            if c.dep_ != "ccomp" or c.i < verb.i or any(a <= c.idx < b for a, b in direct):
                continue
            # the clause up to the participle that introduces the quotation ("..., stating, “B”")
            side = {t.i for k in c.subtree if k.dep_ == "advcl" and k.lemma_.lower() in self.lex["speech_verbs"]
                    for t in k.subtree}
            tokens = []
            for t in sorted(c.subtree, key=lambda t: t.i):
                if t.i in side or any(a <= t.idx < b for a, b in direct):
                    break
                tokens.append(t)
            if not tokens:
                continue
            a, b = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            text = text_of(sent.doc)[a:b].strip(" \n,.;:“”\"«»")
            if len(text.split()) >= 3:
                out.append(self._quote(speaker, index, text, False, a, b, sent))
        return out

    def _added(self, attribution: tuple[Mention, Token, list[Token]], index: SpeakerIndex, after: int,
               sent: Span, only: list[Token] | None = None) -> list[Quote]:
        """"“...,” X said, adding (that) ...": what the speech verb that follows the quotation says (or, with
        ``only``, what those clauses say, wherever they stand)."""
        speaker, verb, _ = attribution
        out = []
        for c in (only if only is not None else verb.children):
            if c.dep_ not in ("advcl", "conj", "xcomp") or c.idx < after or c.lemma_.lower() not in \
                    self.lex["speech_verbs"]:
                continue
            if c.dep_ == "conj" and any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children):
                continue    # "X said A, and Y said B": another speaker's
            if only is not None and not any(k.dep_ in ("ccomp", "parataxis") for k in c.children):
                continue    # "..., underscoring Y's role": the writer's gloss
            tokens = sorted({t for k in self._complement(c) for t in k.subtree}, key=lambda t: t.i)
            tokens = [t for t in tokens if t.idx >= after]
            if len(tokens) < 3:
                continue
            start = tokens[0].idx
            end = tokens[-1].idx + len(tokens[-1]) if c.i < verb.i else max(sent.end_char, tokens[-1].idx + len(tokens[-1]))
            text = text_of(sent.doc)[start:end].strip(" \n,.;:“”\"«»")
            out.append(self._quote(speaker, index, text, False, start, end, sent))
        return out
