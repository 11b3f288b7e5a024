"""What a figure measures, reduced to a key that matches across documents.

"trade between China and Central Asia" and "China-Central Asia trade" both
key to "trade": the subjects (the actors in the sentence) and the period
carry the rest. Used to find the same measure reported with different values
by different sources (a disagreement, never averaged).
"""
from __future__ import annotations

import re

# What figures in this domain measure: when a figure's measure or its sentence names one of these,
# that word is the key, so "trade between Turkey and the region" and "trade_total" meet.
MEASURES = ("trade", "export", "import", "investment", "loan", "aid", "remittance", "gdp", "debt", "troop",
            "sanction", "restriction", "tariff", "traffic", "container", "gas", "oil", "volume")
STOP = {"the", "a", "an", "of", "in", "on", "to", "for", "and", "between", "with", "by", "its", "their", "total",
        "bilateral", "annual", "volume", "value", "about", "around", "over", "more", "than", "some", "nearly"}
WORD = re.compile(r"[A-Za-z]+")


def measure_key(measure: str | None, evidence: str | None = None, position: int | None = None) -> str | None:
    """The measure a figure reports: a known measure word from its measure, else the one nearest the
    figure (at ``position`` in ``evidence``) in its sentence, else the measure's own content words."""
    for text, pos in ((measure, None), (evidence, position)):
        if not text:
            continue
        found = []
        for m in re.finditer(r"[a-z]+", text.lower().replace("_", " ")):
            w = m.group()
            stem = w[:-1] if w.endswith("s") and not w.endswith("ss") else w
            if stem in MEASURES:
                found.append((abs(m.start() - pos) if pos is not None else m.start(), stem))
        if found:
            return min(found)[1]
    return content_key(measure)


def content_key(measure: str | None) -> str | None:
    """The content words of a measure, names left out, singularised and sorted ('trade volume' -> 'trade')."""
    if not measure:
        return None
    words = []
    for i, w in enumerate(WORD.findall(measure)):
        if i and w[0].isupper() and not w.isupper():
            continue   # a name: the figure's subjects carry who it concerns
        w = w.lower()
        if w in STOP or len(w) < 3:
            continue
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return " ".join(sorted(set(words))) or None
