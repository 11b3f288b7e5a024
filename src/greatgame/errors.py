"""Exception classes: every error greatgame raises on purpose is one of these.

Each carries a one-line message that names the file (or record) and the reason,
so the CLI can print it as is.
"""
from __future__ import annotations

from pathlib import Path


class GreatgameError(Exception):
    """Base class of greatgame's own errors."""


class DocumentError(GreatgameError):
    """A document could not be read or stored."""

    def __init__(self, source: str | Path, reason: str):
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")

    def __reduce__(self) -> tuple:
        # Rebuilt from (source, reason), not from the formatted message: it crosses process boundaries
        # (the isolated extractor's child, Dask workers) and must come back as the same error.
        return (type(self), (self.source, self.reason))


class UnsupportedFormat(DocumentError):
    """The file is of a kind greatgame does not read."""


class MalformedDocument(DocumentError):
    """The file claims a format but its content does not follow it."""


class OntologyError(GreatgameError):
    """A shipped ontology file is inconsistent (a bug in the package data)."""


class KnowledgeBaseError(GreatgameError):
    """The knowledge-base file cannot be opened or migrated."""


class NotFound(GreatgameError):
    """A requested document or entity is not in the knowledge base."""


# ---------------------------------------------------------------- reference data and the influence index
class DataError(GreatgameError):
    """A reference-data file could not be read, validated or stored."""

    def __init__(self, source: str | Path, reason: str):
        self.source = str(source)
        self.reason = " ".join(str(reason).split())   # always one line
        super().__init__(f"{self.source}: {self.reason}")


class ImporterError(GreatgameError):
    """An importer and its registry.yaml entry disagree, or it writes a table it does not own (a bug in greatgame)."""


class TopologyError(GreatgameError):
    """A TopoJSON topology or geometry that greatgame cannot decode."""


class PeriodError(GreatgameError):
    """A period that is not a year, a date or start..end (a calibration fact's ``period``)."""


class InfluenceError(GreatgameError):
    """Bad arguments to the influence index (unknown power, weights that do not parse...)."""


class IndicatorError(InfluenceError):
    """An indicator registration is inconsistent with another or with weights.yaml (a bug in greatgame)."""


# ---------------------------------------------------------------- simulation (greatgame.simulate)
class SimulationError(GreatgameError):
    """A scenario, the corridor model or a model run cannot go ahead."""


class ScenarioError(SimulationError):
    """A scenario file that cannot be read or does not validate (the message names the file and field)."""


class CorridorError(SimulationError, ValueError):
    """Corridor parameters or conditions out of range, or no capacity left on any route."""


class CorridorDataError(SimulationError):
    """The shipped corridor network is inconsistent (a bug in the package data)."""

    data_file = "data/corridors.yaml"

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{self.data_file}: {where}: {reason}")


class RunError(SimulationError, ValueError):
    """A simulation or backtest asked for years the data do not allow (``--until``, ``--fit-until``)."""


# ---------------------------------------------------------------- ingest (greatgame.ingest)
class DocumentTimeout(BaseException):
    """Raised when reading or extracting one document runs past its time limit.

    Not a ``GreatgameError``: a ``BaseException``, like ``KeyboardInterrupt``, so
    that no ``except Exception`` inside the extractor can swallow it and run on
    unbounded. The ingest reports it as that document's error ("extraction took
    longer than N s"); it never escapes an ingest.
    """


# ---------------------------------------------------------------- extraction (greatgame.extract)
class ExtractionError(GreatgameError):
    """Extraction cannot run: its language model, lexicons or steps are missing or inconsistent."""


class LanguageModelMissing(ExtractionError):
    """No English spaCy pipeline is installed."""


class LexiconError(ExtractionError, ValueError):
    """A shipped extraction lexicon (extract/data/*.yaml) is inconsistent (a bug in the package data)."""


class ExtractionStepError(ExtractionError):
    """The extraction steps (extract/data/steps.yaml, @extraction_step) are unknown, repeated or out of order."""


# ---------------------------------------------------------------- briefings (greatgame.report)
class ReportError(GreatgameError):
    """A briefing that cannot be made: a bad option, or a file that cannot be written."""


# ---------------------------------------------------------------- the data pack and its sources (greatgame.data)
class FetchOffline(DataError):
    """A publisher's (or mirror's) host cannot be reached at all: the fetch stops with this one line."""


# ---------------------------------------------------------------- models built from gold (greatgame.extract.training)
class TrainingDataError(ExtractionError):
    """The development gold or corpus a model is built from cannot be read (a file, a line, a missing document)."""


# ---------------------------------------------------------------- names (greatgame.ontology.resolve)
class UnknownName(NotFound):
    """A name, alias or id given for an actor, target or power that names none (or not one of the kind asked
    for); the message lists the closest matches."""


class AmbiguousName(UnknownName):
    """A name that fits several actors equally well (a surname two people share); the message lists them."""


# ---------------------------------------------------------------- pages and feeds over HTTP (greatgame.documents.fetch)
class FetchError(DocumentError):
    """A URL that could not be fetched: offline, refused, an HTTP error, robots.txt, a limit. One line naming the URL.

    ``transient``: whether asking again later may succeed (no network, a timeout, a 5xx or 429 answer), as
    opposed to an answer that will stay the same (a 404, a disallowed path, a page over the size cap).
    """

    def __init__(self, source: str | Path, reason: str, transient: bool = False):
        super().__init__(source, reason)
        self.transient = transient

    def __reduce__(self) -> tuple:
        return (type(self), (self.source, self.reason, self.transient))
