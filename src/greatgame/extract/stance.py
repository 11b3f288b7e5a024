"""Reader comments' stance toward the actors they name (lexicon-based polarity)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..documents.model import Comment
from .lexicon import load_data
from .model import Mention, Stance

WORD = re.compile(r"[a-z][a-z'’-]*")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, set[str]]:
    data = load_data("stance.yaml")
    return {k: {str(w).lower() for w in v} for k, v in data.items()}


def polarity(text: str) -> float:
    """(positive - negative) / (positive + negative + 1), with negation flipping the next cue."""
    lex = lexicon()
    words = WORD.findall(text.lower().replace("’", "'"))
    pos = neg = 0
    flip_until = -1
    for i, w in enumerate(words):
        if w in lex["negators"] or w.endswith("n't"):
            flip_until = i + 3
            continue
        two = f"{w} {words[i + 1]}" if i + 1 < len(words) else ""
        cue = 1 if (w in lex["positive"] or two in lex["positive"]) else -1 if (
            w in lex["negative"] or two in lex["negative"]) else 0
        if cue and i <= flip_until:
            cue = -cue
        pos += cue > 0
        neg += cue < 0
    return (pos - neg) / (pos + neg + 1)


def comment_stances(comments: list[Comment], mentions: list[Mention], text: str) -> list[Stance]:
    out: list[Stance] = []
    for i, c in enumerate(comments):
        score = polarity(text[c.start:c.end])
        stance = "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"
        named: list[str] = []
        for m in mentions:
            if m.part == "comments" and m.entity and c.start <= m.start < c.end and m.entity not in named:
                named.append(m.entity)
        out += [Stance(i, e, stance, round(score, 3)) for e in named]
    return out
