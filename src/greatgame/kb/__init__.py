"""Knowledge-base layer: DuckDB schema, migrations and queries."""
from .store import IngestReport, KnowledgeBase, default_path, open

__all__ = ["IngestReport", "KnowledgeBase", "default_path", "open"]
