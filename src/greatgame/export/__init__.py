"""Exports of the knowledge base."""
from .evaljsonl import eval_records, write_eval_jsonl

__all__ = ["eval_records", "write_eval_jsonl"]
