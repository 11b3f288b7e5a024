"""The backtest's verdict, remembered per knowledge base so that ``simulate`` can say it without rerunning it.

``greatgame backtest`` (and ``model-docs``) store the verdict in the user's cache folder
(``$GREATGAME_CACHE``, else platformdirs' cache folder for greatgame: ``fitcache.folder``), keyed by the
knowledge base's datasets (ids, checksums, import times) and the model's version: a new import makes it stale,
and ``simulate`` then says the skill is not measured rather than repeat an old verdict.

Until a backtest on the knowledge base's data finds skill over persistence (issue 13's targets, ``backtest.py``),
every surface (``simulate``, ``simulate --compare``, the Scenarios page, the briefing) shows a scenario only as
its difference from the baseline, with its interval (``levels_shown``), and says so (``skill_line``).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from ..kb.store import KnowledgeBase
from ..ontology.cache import write_atomic
from .fitcache import datasets_signature, folder as _folder

MODEL_VERSION = "ecm-logratio-2-combined"
NO_SKILL = "no skill over persistence"


def _key(kb: KnowledgeBase) -> str:
    return hashlib.sha256(json.dumps([MODEL_VERSION, datasets_signature(kb)]).encode()).hexdigest()[:24]


def remember(kb: KnowledgeBase, skill: bool, verdict: str, runs: int, seed: int) -> None:
    """Store the verdict (quietly does nothing where the cache folder cannot be written)."""
    try:
        write_atomic(_folder() / f"backtest-{_key(kb)}.json",
                     json.dumps({"skill": skill, "verdict": verdict, "runs": runs, "seed": seed}).encode("utf-8"))
    except OSError:
        pass


def recall(kb: KnowledgeBase) -> dict[str, Any] | None:
    try:
        return json.loads((_folder() / f"backtest-{_key(kb)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def levels_shown(kb: KnowledgeBase) -> bool:
    """Whether a scenario's own levels may be shown: only where the backtest on this data found skill."""
    v = recall(kb)
    return bool(v and v.get("skill"))


def skill_line(kb: KnowledgeBase) -> str:
    """One line for ``simulate``, the Scenarios page and the briefing: the backtest's verdict, or that it has not
    been measured on this data (then no skill has been shown either)."""
    v = recall(kb)
    if v is None:
        return (f"Skill over persistence not measured on this knowledge base yet ({NO_SKILL} shown; greatgame "
                "backtest measures it): a scenario is shown only as its difference from the baseline, with its "
                "interval.")
    if v.get("skill"):
        return f"Backtest: {v['verdict']}."
    return (f"Backtest: {v['verdict']}. A scenario is shown only as its difference from the baseline, with its "
            "interval.")
