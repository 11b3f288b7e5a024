"""Shared fixtures: the shared data folder beside the repository, and a seeded knowledge base."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GREATGAME_SHARED", ROOT.parent / "shared")).resolve()
SEEDS = SHARED / "corpus" / "seeds"


def pytest_collection_modifyitems(config, items):
    if not SEEDS.is_dir():
        skip = pytest.mark.skip(reason=f"{SEEDS} not found (set GREATGAME_SHARED)")
        for item in items:
            if "shared" in item.keywords:
                item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: needs ../shared beside the repository")


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """The fitted models and verdicts the tests keep go to a folder of the session's, not the user's cache."""
    old = os.environ.get("GREATGAME_CACHE")
    os.environ["GREATGAME_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("GREATGAME_CACHE", None)
    else:
        os.environ["GREATGAME_CACHE"] = old


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def seeded_kb(tmp_path_factory):
    """The seed corpus ingested once for the whole session (read-only use, please)."""
    import greatgame
    from greatgame.ingest import ingest

    path = tmp_path_factory.mktemp("seeded") / "kb.duckdb"
    kb = greatgame.open(path)
    report = ingest(kb, [SEEDS])
    assert report.ok, report.errors
    yield kb
    kb.close()


@pytest.fixture
def kb(tmp_path):
    import greatgame

    k = greatgame.open(tmp_path / "kb.duckdb")
    yield k
    k.close()
