"""The backtest's verdict, remembered per knowledge base so that ``simulate`` can say it without rerunning it.

``greatgame backtest`` (and ``model-docs``) store the verdict in the user's cache folder
(``$GREATGAME_CACHE``, else platformdirs' cache folder for greatgame), keyed by the knowledge base's datasets
(ids, checksums, import times) and the model's version: a new import makes it stale, and ``simulate`` then
says the skill is not measured rather than repeat an old verdict.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..kb.store import KnowledgeBase

MODEL_VERSION = "ecm-logratio-2-combined"


def _key(kb: KnowledgeBase) -> str:
    sig = sorted((str(d.get("id")), str(d.get("sha256")), str(d.get("imported_at"))) for d in kb.datasets())
    return hashlib.sha256(json.dumps([MODEL_VERSION, sig]).encode()).hexdigest()[:24]


def _folder() -> Path:
    env = os.environ.get("GREATGAME_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("greatgame"))


def remember(kb: KnowledgeBase, skill: bool, verdict: str, runs: int, seed: int) -> None:
    """Store the verdict (quietly does nothing where the cache folder cannot be written)."""
    try:
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"backtest-{_key(kb)}.json").write_text(
            json.dumps({"skill": skill, "verdict": verdict, "runs": runs, "seed": seed}), encoding="utf-8")
    except OSError:
        pass


def recall(kb: KnowledgeBase) -> dict[str, Any] | None:
    try:
        return json.loads((_folder() / f"backtest-{_key(kb)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def skill_line(kb: KnowledgeBase) -> str:
    """One line for ``simulate``: the backtest's verdict, or that it has not been measured on this data."""
    v = recall(kb)
    if v is None:
        return ("Skill over persistence not measured on this knowledge base yet (greatgame backtest measures it): "
                "read a scenario as its difference from the baseline (--compare), with its interval.")
    if v.get("skill"):
        return f"Backtest: {v['verdict']}."
    return (f"Backtest: {v['verdict']}. Read a scenario only as its difference from the baseline "
            "(--compare), with its interval.")
