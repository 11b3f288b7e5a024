"""The error a reference-data import raises: one line naming the file and the reason."""
from __future__ import annotations

from pathlib import Path

from ..errors import GreatgameError


class DataError(GreatgameError):
    """A reference-data file could not be read, validated or stored."""

    def __init__(self, source: str | Path, reason: str):
        self.source = str(source)
        self.reason = " ".join(str(reason).split())   # always one line
        super().__init__(f"{self.source}: {self.reason}")
