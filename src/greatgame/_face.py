"""Packages that are also the public face's functions: ``greatgame.ingest(kb, paths)`` calls the
``greatgame.ingest`` package, whose modules stay reachable as attributes (``greatgame.ingest.loop``).

One function and one package under one name would otherwise shadow each other, whichever was bound
last; a callable package keeps both meanings.
"""
from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable
from typing import Any


def make_callable(module_name: str, function: Callable[..., Any]) -> None:
    """Calling the package ``module_name`` calls ``function`` (its signature and doc are the call's)."""

    class CallablePackage(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

    signature = inspect.signature(function)
    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    CallablePackage.__call__.__doc__ = function.__doc__
    CallablePackage.__call__.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[self_param, *signature.parameters.values()])
    sys.modules[module_name].__class__ = CallablePackage
