"""Knowledge-base layer: DuckDB schema, migrations and queries."""
from .base import default_path
from .store import KnowledgeBase, open

__all__ = ["KnowledgeBase", "default_path", "open"]
