"""The processes an ingest starts, and ending them: on SIGINT/SIGTERM, and when the ingest itself dies.

An ingest starts child processes in two places: the isolated extractor's child
(``isolation``) and, with ``--workers``, Dask's worker processes
(``distributed``). Each leads a process group of its own, so

* Ctrl-C at a terminal (SIGINT to the terminal's foreground group) reaches the
  ingest alone, not its children half-way through a document;
* the ingest ends a child and everything it started with one ``killpg``: a
  Dask worker's own extraction child stays in the worker's group
  (``OWN_GROUPS`` is False inside a worker).

``ending_on_signals()``, around an ingest on the main thread, turns SIGINT and
SIGTERM into: end every child (``end_all``), then raise ``KeyboardInterrupt``
(SIGINT) or ``SystemExit(143)`` (SIGTERM) in the ingest, which rolls back the
document it was storing and closes the knowledge base. A second signal, or
unwinding out of the block that takes longer than ``GRACE`` seconds, exits at
once (``os._exit``).

A child that outlives its parent anyway (the ingest killed with SIGKILL) is
taken care of by the child: the isolated extractor's child asks the kernel to
kill it with its parent (``PR_SET_PDEATHSIG``), and Dask's worker processes
exit when their parent's end of a pipe closes.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

OWN_GROUPS = True
"""Whether a child started here leads a new process group (False inside a Dask worker: its group is the worker's)."""
GRACE = 10.0
"""Seconds the ingest has, after SIGINT/SIGTERM, to roll back and close before it exits regardless."""

_pids: dict[int, bool] = {}                         # child pid -> whether it leads its own group
_enders: dict[int, Callable[[], None]] = {}         # more children, ended by whoever started them (Dask)
_lock = threading.Lock()


def add(pid: int, own_group: bool) -> None:
    """Remember a child (ended by ``end_all``); ``own_group``: it leads a process group (its pid is the group's id)."""
    with _lock:
        _pids[pid] = own_group


def discard(pid: int) -> None:
    with _lock:
        _pids.pop(pid, None)


def add_ender(key: int, ender: Callable[[], None]) -> None:
    """Call ``ender()`` in ``end_all``: it ends children that only its owner can list (Dask's workers)."""
    with _lock:
        _enders[key] = ender


def discard_ender(key: int) -> None:
    with _lock:
        _enders.pop(key, None)


def kill(pid: int, own_group: bool) -> None:
    """SIGKILL a child, with its whole process group when it leads one; quietly if it is gone already."""
    try:
        if own_group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def end_all() -> None:
    """End every child this process started (SIGKILL: they hold nothing that needs saving)."""
    with _lock:
        enders = list(_enders.values())
        pids = list(_pids.items())
    for ender in enders:
        try:
            ender()
        except Exception:  # noqa: S110 - ending one kind of child must not keep the others alive
            pass
    for pid, own_group in pids:
        kill(pid, own_group)


@contextmanager
def ending_on_signals() -> Iterator[None]:
    """While the body runs, SIGINT and SIGTERM end every child before they stop this process.

    On the main thread only (elsewhere signals cannot be handled, and this does nothing); the
    previous handlers come back afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    timers: list[threading.Timer] = []
    received: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        received.append(signum)
        end_all()
        if timers:                          # a second signal: no more waiting
            os._exit(128 + signum)
        timer = threading.Timer(GRACE, os._exit, args=(128 + signum,))   # if unwinding hangs
        timer.daemon = True
        timers.append(timer)
        timer.start()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except Exception:
        # The handler's exception, raised inside a library's call, may come out as that library's own
        # error (DuckDB's "Query interrupted"): the signal still decides how this ends.
        if received:
            if received[0] == signal.SIGINT:
                raise KeyboardInterrupt from None
            raise SystemExit(128 + received[0]) from None
        raise
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        for timer in timers:                # unwound in time: the caller goes on as it sees fit
            timer.cancel()


def _forget() -> None:      # a forked child has none of its parent's children
    global _lock
    _pids.clear()
    _enders.clear()
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)
