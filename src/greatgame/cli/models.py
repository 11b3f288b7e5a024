"""``greatgame models``: build the statistical models extraction uses, from development gold.

``models build-judge`` fits the event judge (``greatgame.extract.judge``, ``extract.training``) on
gold files and their corpora, cross-validated by document, and writes the model file with the
training data's provenance. Run with the same inputs, it writes the same file.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from .console import Fmt, emit_json, err, fail, out, print_table

HELP = "Statistical models of extraction: build them from development gold."
SHARED = Path("..") / "shared"

models_app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models", help=HELP)


def _default_output() -> Path:
    from importlib import resources

    from ..extract.judge import MODEL_FILE

    return Path(str(resources.files("greatgame.extract").joinpath(f"data/{MODEL_FILE}")))


@models_app.command("build-judge")
def build_judge(
    gold: Optional[list[Path]] = typer.Option(None, "--gold", metavar="FILE.jsonl",
                                              help="A gold file (FORMAT.md); repeat, one per corpus. "
                                                   "Default: ../shared/eval/gold/seeds.jsonl and news.jsonl."),
    corpus: Optional[list[Path]] = typer.Option(None, "--corpus", metavar="DIR",
                                                help="The corpus folder of each --gold, in the same order. "
                                                     "Default: ../shared/corpus/seeds and news."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Model file to write (default: the one extraction reads, "
                                               "greatgame/extract/data/event_judge.json)."),
    folds: int = typer.Option(5, "--folds", min=2, help="Cross-validation folds (documents, not sentences)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the document folds."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Cross-validate and print, write nothing."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="Report as a table or JSON."),
) -> None:
    """Fit the event judge on development gold; print its cross-validated scores beside the rules alone.

    Every document of each gold file is extracted; its event candidates are labelled against the
    gold; the judge (logistic regression) is cross-validated by document, its regularisation and
    threshold chosen inside each training fold; then fitted on every document. The file records
    the gold and corpus hashes. Without a model file extraction uses the rules alone.
    """
    from ..errors import GreatgameError
    from ..extract import extract
    from ..extract.training import GoldSet, build, collect

    golds = gold or [SHARED / "eval" / "gold" / "seeds.jsonl", SHARED / "eval" / "gold" / "news.jsonl"]
    corpora = corpus or [SHARED / "corpus" / "seeds", SHARED / "corpus" / "news"]
    if len(golds) != len(corpora):
        fail(f"--gold and --corpus pair up: {len(golds)} gold files for {len(corpora)} corpora", code=2)
    for path in golds:
        if not path.is_file():
            fail(f"{path}: no such gold file", code=2)
    sets = [GoldSet(g.stem, g, c) for g, c in zip(golds, corpora)]
    try:
        docs, provenance = collect(sets, extract)
    except GreatgameError as exc:
        fail(str(exc))
    if not any(sum(d.labels) for d in docs):
        fail("no event candidate matches the gold: nothing to learn from")
    model = build(docs, provenance, folds, seed)
    if not dry_run:
        target = output or _default_output()
        target.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        err.print(f"wrote {target}", highlight=False)
    if fmt is Fmt.json:
        emit_json({k: v for k, v in model.items() if k not in ("features", "weights")})
        return
    _print_cv(model)


def _print_cv(model: dict[str, Any]) -> None:
    cv = model["cross_validation"]
    rows = []
    for name in ("lenient", "strict"):
        for who in ("rules", "judge"):
            s = cv[who][name]
            rows.append({"score": name, "method": who, "gold": s["gold"], "system": s["system"],
                         "P": s["precision"], "R": s["recall"], "F1": s["f1"]})
    print_table(rows, ["score", "method", "gold", "system", "P", "R", "F1"],
                title=f"events, {cv['folds']}-fold cross-validation by document")
    types = sorted(k for k in cv["rules"] if k not in ("lenient", "strict"))
    print_table([{"type": t, "gold": cv["rules"][t]["gold"],
                  "rules P/R": f"{cv['rules'][t]['precision']:.2f}/{cv['rules'][t]['recall']:.2f}",
                  "judge P/R": f"{cv['judge'][t]['precision']:.2f}/{cv['judge'][t]['recall']:.2f}"}
                 for t in types], ["type", "gold", "rules P/R", "judge P/R"], title="by type (lenient)")
    out.print(f"threshold {model['threshold']}, l2 {model['l2']}; "
              f"{model['provenance']['candidates']} candidates, {model['provenance']['positives']} matching gold")
