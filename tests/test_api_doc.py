"""docs/api.md is a real notebook session: run it as a doctest in a fresh folder with ../shared beside it."""
from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.shared

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_api_session(shared, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "shared").symlink_to(shared.resolve())
    here = os.getcwd()
    os.chdir(work)
    try:
        result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False)
    finally:
        os.chdir(here)
    assert result.attempted > 10
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/api.md failed"
