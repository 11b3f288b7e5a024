"""The app's routers, one module per page family, in the order the app includes them.

The order fixes the order of /openapi.json's paths (and so of the /docs page): JSON endpoints first, by family,
then the pages.
"""
from __future__ import annotations

from . import (
               apidocs,
               country,
               documents,
               evidence,
               explorer,
               influence,
               overview,
               scenarios,
               search,
               static,
               uploads,
)

ROUTERS = (static.router, documents.router, uploads.router, evidence.router, influence.router, scenarios.router,
           search.router, overview.router, country.router, explorer.router, apidocs.router)

__all__ = ["ROUTERS"]
