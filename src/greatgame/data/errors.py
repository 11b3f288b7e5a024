from ..errors import DataError as DataError  # noqa: F401  (moved to greatgame.errors)
