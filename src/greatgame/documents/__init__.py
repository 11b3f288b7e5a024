"""Documents layer: read files into ``Document`` objects and split them into parts."""
from .model import Citation, Comment, Document, Layout, Part, Segment
from .parts import split_parts
from .readers import read_paths

__all__ = ["Citation", "Comment", "Document", "Layout", "Part", "Segment", "read_paths", "split_parts"]
