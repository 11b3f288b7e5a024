"""Training and cross-validating the event judge (``extract.judge``) on development gold.

Data: each gold file (../shared/eval/gold/*.jsonl, FORMAT.md) with the corpus folder its documents
come from. Every document is extracted; each of its event candidates that the rules judge
*happened* is labelled 1 when it matches a gold event of the document (same type or one of the
gold's ``alt_types``, a gold actor among its parties, a gold recipient too where gold has one, and
its sentence holding the gold's evidence when the evidence is found in the text), each gold
event matched once.

Model: L2-regularised logistic regression fitted by Newton's method (numpy only), over the
features the training folds hold at least twice. Everything is chosen by cross-validation split
by document (documents of both gold sets together): the regularisation and the threshold by an
inner cross-validation on the training documents of each outer fold, and the figures reported
are the outer folds' held-out scores, summed over folds, beside the rules alone on the same
folds. The final model is fitted on every document, its regularisation and threshold chosen by
the same cross-validation; the file records the gold and corpus hashes, the lexicon's hash, the
counts and the cross-validated figures.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..documents.model import Document
from ..documents.readers import read_paths
from ..errors import TrainingDataError
from .judge import JudgeModel, one_per_act
from .model import Event, Extraction

L2_GRID = (0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 19))
MIN_PRECISION = 0.80     # the threshold is the one with the best F1 among those whose precision reaches this
FOLDS = 5
SEED = 0


@dataclass
class GoldSet:
    name: str
    gold: Path
    corpus: Path


@dataclass
class DocData:
    doc: str
    gold: list[dict[str, Any]]
    candidates: list[Event]          # the happened candidates
    labels: list[int] = field(default_factory=list)


# ---------------------------------------------------------------- matching (FORMAT.md's rules)
def _ids(values: Iterable[str] | None) -> set[str]:
    return {" ".join(str(v).lower().replace("the ", "", 1).split()) for v in values or []}


def event_matches(gold: dict[str, Any], e: Event, strict: bool = False) -> bool:
    """Whether ``e`` reports the gold event (FORMAT.md: type, a gold actor, a gold recipient; date when strict)."""
    if e.type not in {gold.get("type"), *(gold.get("alt_types") or [])}:
        return False
    parties = _ids(e.actors) | _ids(e.recipients)
    if _ids(gold.get("actors")) and not _ids(gold.get("actors")) & parties:
        return False
    if _ids(gold.get("recipients")) and not _ids(gold.get("recipients")) & parties:
        return False
    if strict and gold.get("date"):
        return bool(e.date) and str(e.date)[:len(str(gold["date"]))] == str(gold["date"])
    return True


def _evidence_span(text: str, gold: dict[str, Any]) -> tuple[int, int] | None:
    ev = (gold.get("evidence") or "").strip()
    pos = text.find(ev) if ev else -1
    return (pos, pos + len(ev)) if pos >= 0 else None


def label_document(text: str, gold: list[dict[str, Any]], candidates: list[Event]) -> list[int]:
    """1 for each candidate that matches a gold event (its sentence holding the evidence where found)."""
    labels = [0] * len(candidates)
    for g in gold:
        span = _evidence_span(text, g)
        for i, e in enumerate(candidates):
            if labels[i] or not event_matches(g, e):
                continue
            if span is not None and not (e.start < span[1] and span[0] < e.end):
                continue
            labels[i] = 1
            break
    return labels


def score_events(gold: dict[str, list[dict[str, Any]]], emitted: dict[str, list[Event]]) -> dict[str, Any]:
    """Lenient and strict precision, recall and F1, overall and by type (greedy, each gold matched once)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc, gold_events in gold.items():
        system = emitted.get(doc, [])
        for strict in (False, True):
            used: set[int] = set()
            kind = "strict" if strict else "lenient"
            for g in gold_events:
                counts[kind]["gold"] += 1
                if not strict:
                    counts[g["type"]]["gold"] += 1
                for i, e in enumerate(system):
                    if i not in used and event_matches(g, e, strict):
                        used.add(i)
                        counts[kind]["match"] += 1
                        if not strict:
                            counts[g["type"]]["match"] += 1
                            counts[e.type]["correct"] += 1
                        break
            counts[kind]["system"] += len(system)
        for e in system:
            counts[e.type]["system"] += 1
    return {k: _prf(c) for k, c in sorted(counts.items())}


def _prf(c: Counter) -> dict[str, Any]:
    correct = c.get("correct", c["match"])
    p = correct / c["system"] if c["system"] else 0.0
    r = c["match"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": c["gold"], "system": c["system"], "matched": c["match"], "precision": round(p, 3),
            "recall": round(r, 3), "f1": round(f, 3)}


# ---------------------------------------------------------------- data
def read_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The gold events of a gold file, by document (every document of the file, with or without events)."""
    out: dict[str, list[dict[str, Any]]] = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise TrainingDataError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainingDataError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(rec, dict) or "doc" not in rec or "kind" not in rec:
            raise TrainingDataError(f"{path}:{n}: a gold record needs 'doc' and 'kind'")
        out.setdefault(rec["doc"], [])
        if rec["kind"] == "event":
            out[rec["doc"]].append(rec)
    return out


def collect(sets: list[GoldSet], extract: Any) -> tuple[list[DocData], dict[str, Any]]:
    """Extract every gold document of every set and label its happened candidates; and the provenance."""
    docs: list[DocData] = []
    provenance: dict[str, Any] = {"sets": []}
    for s in sets:
        gold = read_gold(s.gold)
        if not s.corpus.is_dir():
            raise TrainingDataError(f"{s.corpus}: no such folder (the corpus of {s.gold})")
        found = {}
        for d in read_paths([s.corpus]):
            if isinstance(d, Document) and d.id in gold:
                found[d.id] = d
        missing = sorted(set(gold) - set(found))
        if missing:
            raise TrainingDataError(f"{s.gold}: {len(missing)} gold documents are not in {s.corpus} "
                                    f"(first: {missing[0]})")
        for doc_id in sorted(found):
            x: Extraction = extract(found[doc_id])
            cands = [e for e in x.event_candidates if e.happened]
            docs.append(DocData(f"{s.name}/{doc_id}", gold[doc_id], cands,
                                label_document(found[doc_id].text, gold[doc_id], cands)))
        provenance["sets"].append({
            "name": s.name, "gold": s.gold.name, "gold_sha256": _sha256(s.gold.read_bytes()),
            "corpus": s.corpus.name, "corpus_sha256": _folder_hash(s.corpus), "documents": len(found),
            "gold_events": sum(len(v) for v in gold.values())})
    provenance["lexicon_sha256"] = _sha256(
        resources.files("greatgame.extract").joinpath("data/events.yaml").read_bytes())
    provenance["candidates"] = sum(len(d.candidates) for d in docs)
    provenance["positives"] = sum(sum(d.labels) for d in docs)
    return docs, provenance


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _folder_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


# ---------------------------------------------------------------- logistic regression
def fit(rows: list[dict[str, float]], y: list[int], l2: float, min_count: int = 2
        ) -> tuple[list[str], np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method; the features seen ``min_count`` times or more."""
    counts = Counter(k for r in rows for k in r)
    names = sorted(k for k, n in counts.items() if n >= min_count)
    index = {k: i for i, k in enumerate(names)}
    X = np.zeros((len(rows), len(names) + 1))
    X[:, -1] = 1.0
    for i, r in enumerate(rows):
        for k, v in r.items():
            if k in index:
                X[i, index[k]] = v
    t = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[-1] = 1e-6                      # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -30, 30)))
        grad = X.T @ (p - t) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return names, w[:-1], float(w[-1])


def _model(names: list[str], w: np.ndarray, b: float, threshold: float) -> JudgeModel:
    return JudgeModel(dict(zip(names, (float(x) for x in w))), b, threshold)


def _folds(docs: list[DocData], k: int, seed: int) -> list[list[int]]:
    order = np.random.default_rng(seed).permutation(len(docs))
    return [sorted(int(i) for i in order[j::k]) for j in range(k)]


def _emitted(docs: list[DocData], model: JudgeModel | None, threshold: float) -> dict[str, list[Event]]:
    out = {}
    for d in docs:
        kept = [e for e in d.candidates if model is None or model.probability(e.features) >= threshold]
        out[d.doc] = one_per_act(kept)
    return out


def _gold(docs: list[DocData]) -> dict[str, list[dict[str, Any]]]:
    return {d.doc: d.gold for d in docs}


def _choose(docs: list[DocData], k: int, seed: int) -> tuple[float, float]:
    """The regularisation and threshold with the best cross-validated F1 at a precision of MIN_PRECISION."""
    folds = _folds(docs, k, seed)
    best: tuple[tuple[int, float, float], float, float] | None = None
    for l2 in L2_GRID:
        # out-of-fold probabilities once per l2, then every threshold on them
        scored: list[tuple[DocData, list[float]]] = []
        for fold in folds:
            test = set(fold)
            train = [d for i, d in enumerate(docs) if i not in test]
            names, w, b = fit([e.features for d in train for e in d.candidates], [y for d in train for y in d.labels], l2)
            m = _model(names, w, b, 0.0)
            scored += [(docs[i], [m.probability(e.features) for e in docs[i].candidates]) for i in fold]
        for t in THRESHOLDS:
            emitted = {d.doc: one_per_act([e for e, p in zip(d.candidates, ps) if p >= t]) for d, ps in scored}
            s = score_events(_gold([d for d, _ in scored]), emitted)["lenient"]
            key = (int(s["precision"] >= MIN_PRECISION), s["f1"], s["precision"])
            if best is None or key > best[0]:
                best = (key, l2, t)
    assert best is not None
    return best[1], best[2]


def cross_validate(docs: list[DocData], k: int = FOLDS, seed: int = SEED) -> dict[str, Any]:
    """Held-out scores of the rules alone and of rules + judge, on the same document folds."""
    rules: dict[str, list[Event]] = {}
    judged: dict[str, list[Event]] = {}
    chosen = []
    for fold in _folds(docs, k, seed):
        test = set(fold)
        train = [d for i, d in enumerate(docs) if i not in test]
        held = [docs[i] for i in fold]
        l2, t = _choose(train, k - 1, seed)
        names, w, b = fit([e.features for d in train for e in d.candidates], [y for d in train for y in d.labels], l2)
        chosen.append({"l2": l2, "threshold": t})
        rules.update(_emitted(held, None, 0.0))
        judged.update(_emitted(held, _model(names, w, b, t), t))
    gold = _gold(docs)
    return {"folds": k, "split": "by document", "chosen": chosen,
            "rules": score_events(gold, rules), "judge": score_events(gold, judged)}


def build(docs: list[DocData], provenance: dict[str, Any], k: int = FOLDS, seed: int = SEED) -> dict[str, Any]:
    """The judge's model file: fitted on every document, with its cross-validated figures and provenance."""
    cv = cross_validate(docs, k, seed)
    l2, t = _choose(docs, k, seed)
    names, w, b = fit([e.features for d in docs for e in d.candidates], [y for d in docs for y in d.labels], l2)
    return {
        "model": "logistic regression (L2, Newton), greatgame.extract.training",
        "features": names, "weights": [round(float(x), 6) for x in w], "bias": round(b, 6),
        "threshold": t, "l2": l2, "seed": seed,
        "provenance": provenance,
        "cross_validation": cv,
    }
