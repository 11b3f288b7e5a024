"""Web layer: the FastAPI dashboard and JSON API over a knowledge base."""
from .app import create_app

__all__ = ["create_app"]
