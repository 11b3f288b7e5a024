"""The event judge: a small logistic regression that scores each event candidate the rules found.

The rules (``extract.events``: trigger lexicon, argument frames; ``extract.factuality``) propose
candidates; the judge reads each candidate's features (its type and trigger, the syntax around
the trigger, the factuality judgement, where its actors and recipients came from, its place in the
document, whether an earlier candidate already reports the same act) and gives the probability
that the sentence reports that event. A candidate the rules judge *happened* is exported only if
that probability reaches the model's threshold; the others keep their factuality flag.

The model is a JSON file, ``data/event_judge.json``: feature names, weights, bias, threshold, and
the provenance of its training data (gold files and corpora with their hashes, the
cross-validated figures). ``greatgame models build-judge`` rebuilds it from the development gold
(``extract.training``); without the file the rules decide alone.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:   # spaCy's types, for the annotations only
    from spacy.tokens import Span, Token

    from .factuality import Factuality
    from .model import Event

MODEL_FILE = "event_judge.json"
QUOTE_MARKS = "“”\"„"


def candidate_features(tok: Token, sent: Span, etype: str, lemma: tuple[str, ...], fact: Factuality, label: str,
                       actor_src: str, recipient_src: str, actors: list[str], recipients: list[str],
                       people: list[str], date_kind: str | None) -> dict[str, float]:
    """What the judge reads of one candidate, from its sentence (document features come later)."""
    said = sent.text
    f: dict[str, float] = {
        f"type={etype}": 1.0,
        f"trigger={' '.join(lemma)}": 1.0,
        f"pos={tok.pos_}": 1.0,
        f"tag={tok.tag_}": 1.0,
        f"dep={tok.dep_}": 1.0,
        f"fact={label}": 1.0,
        f"type={etype}|fact={label}": 1.0,
        f"depth={min(fact.depth, 3)}": 1.0,
        f"actors_from={actor_src}": 1.0,
        f"recipients_from={recipient_src}": 1.0,
        f"date={date_kind or 'none'}": 1.0,
        "n_actors": min(len(actors), 6) / 6,
        "n_recipients": min(len(recipients), 6) / 6,
        "sentence_words": min(len(sent), 60) / 60,
    }
    for name, on in (("negated", fact.negated), ("claim", fact.claim), ("main", fact.main),
                     ("people", bool(people)), ("phrase", len(lemma) > 1),
                     ("igo_actor", any(a.startswith("org:") for a in actors)),
                     ("quoted", any(c in said for c in QUOTE_MARKS)),
                     ("first_word", tok.i - sent.start < 3)):
        if on:
            f[name] = 1.0
    return f


def add_document_features(events: list[Event]) -> None:
    """Features that need the whole document: the part, the place of the sentence, repeats of one act."""
    sentences = sorted({(e.part != "title", e.start) for e in events})
    rank = {s: i for i, s in enumerate(sentences)}
    seen: list[tuple[str, set[str]]] = []
    per_sentence: dict[int, int] = {}
    for e in events:
        per_sentence[e.start] = per_sentence.get(e.start, 0) + 1
    for e in sorted(events, key=lambda e: (e.part != "title", e.start, e.trigger_start)):
        f = e.features
        if e.part == "title":
            f["title"] = 1.0
        f[f"sentence_rank={min(rank[(e.part != 'title', e.start)], 5)}"] = 1.0
        f["candidates_in_sentence"] = min(per_sentence[e.start] - 1, 4) / 4
        parties = set(e.actors) | set(e.recipients)
        if any(t == e.type and (p & parties) for t, p in seen):
            f["repeats_act"] = 1.0
        if e.happened:
            seen.append((e.type, parties))


@dataclass(frozen=True)
class JudgeModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_from_json(data: dict) -> JudgeModel:
    return JudgeModel(dict(zip(data["features"], data["weights"])), float(data["bias"]), float(data["threshold"]))


@lru_cache(maxsize=1)
def judge_model() -> JudgeModel | None:
    """The shipped judge (``data/event_judge.json``), or None when there is none: the rules decide alone."""
    path = resources.files("greatgame.extract").joinpath(f"data/{MODEL_FILE}")
    if not path.is_file():
        return None
    return model_from_json(json.loads(path.read_text("utf-8")))


def apply_judge(events: Iterable[Event], model: JudgeModel | None) -> list[Event]:
    """The events kept: each candidate scored; a happened one the judge doubts is not reported."""
    kept = []
    for e in events:
        if model is not None:
            e.confidence = round(model.probability(e.features), 4)
            if e.happened and e.confidence < model.threshold:
                continue
        kept.append(e)
    return kept


def _same_day(a: str | None, b: str | None) -> bool:
    """Whether two dates agree at the less precise one's precision (a headline's "2023-11" and "2023-11-03")."""
    if not a or not b:
        return a == b
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def one_per_act(events: Iterable[Event]) -> list[Event]:
    """One record per act: a meeting (CONSULT) between the same parties on the same date as one reported
    earlier in the document, and a headline's event the body reports again, are reported once.

    Other acts of one type between the same parties are separate acts (two commitments made at one
    meeting are two AGREE records). Events not happened pass through. Sorted by position.
    """
    from .event_merge import other_meeting

    reported: dict[tuple[str, frozenset[str], str | None], list[Event]] = {}
    meetings: list[Event] = []      # multilateral meetings reported, by date
    body: list[Event] = []
    out = []
    for e in sorted(events, key=lambda e: (e.part == "title", e.start, e.trigger_start)):
        if e.happened:
            parties = frozenset(e.actors) | frozenset(e.recipients)
            key = (e.type, parties, e.date)
            if key in reported and (e.type == "CONSULT" and not any(other_meeting(e, r) for r in reported[key])
                                    or e.part == "title"):
                continue
            if e.part == "title" and any(b.type == e.type and parties <= set(b.actors) | set(b.recipients) and
                                         _same_day(b.date, e.date) for b in body):
                continue    # the headline's act, which the body reports with its parties
            if e.type == "CONSULT" and not e.recipients and e.date:
                # one gathering on one day: the participants one sentence names are part of those another names
                same = next((m for m in meetings if m.date == e.date and (parties <= set(m.actors) or
                                                                        set(m.actors) <= parties)), None)
                if same is not None:
                    same.actors += [a for a in e.actors if a not in same.actors]
                    continue
                meetings.append(e)
            reported.setdefault(key, []).append(e)
            if e.part != "title":
                body.append(e)
        out.append(e)
    return sorted(out, key=lambda e: (e.start, e.trigger_start))
