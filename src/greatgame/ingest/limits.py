"""Per-document time limits: the setting, and the timers that keep it.

``doc_timeout`` reads the limit (an argument, else ``$GREATGAME_DOC_TIMEOUT``,
else 60 s). Two timers raise ``DocumentTimeout`` in a block that runs past it:

``time_limit``
    a SIGALRM timer: on the main thread (of a platform with SIGALRM) only,
    where it interrupts anything but a long call into C.

``thread_time_limit``
    raises in the calling thread itself (``PyThreadState_SetAsyncExc``): on any
    thread, but between Python bytecodes only, so a long call into C (spaCy's
    tokenizer) runs to its end. The ingest no longer relies on it.

Off the main thread ``greatgame.ingest.isolation`` reads and extracts in a
child process that it kills at the limit: the web server's threads and Dask's
workers use that.
"""
from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from ..errors import DocumentTimeout, GreatgameError

__all__ = ["DEFAULT_TIMEOUT", "ENV_TIMEOUT", "MAX_TIMEOUT", "DocumentTimeout", "doc_timeout", "thread_time_limit",
           "time_limit", "time_limit_works"]

ENV_TIMEOUT = "GREATGAME_DOC_TIMEOUT"
DEFAULT_TIMEOUT = 60.0     # seconds one document may take to read, and to extract
MAX_TIMEOUT = 1e8          # longer limits are none (setitimer and lock waits overflow past ~1e9 s)


def doc_timeout(timeout: float | None = None) -> float | None:
    """The per-document time limit in seconds, or None for none.

    ``timeout`` if given, else ``$GREATGAME_DOC_TIMEOUT``, else 60 s; zero or
    less means no limit, and so does anything over ``MAX_TIMEOUT`` (about three
    years, ``inf`` included: no timer takes longer ones). NaN, or a variable that
    is not a number, is a ``GreatgameError``.
    """
    if timeout is None:
        raw = os.environ.get(ENV_TIMEOUT, "").strip()
        if not raw:
            return DEFAULT_TIMEOUT
        try:
            timeout = float(raw)
        except ValueError:
            timeout = math.nan
        if math.isnan(timeout):
            raise GreatgameError(f"{ENV_TIMEOUT}={raw!r}: not a number of seconds")
    if timeout != timeout:   # NaN
        raise GreatgameError("the per-document time limit must be a number of seconds, not NaN")
    return float(timeout) if 0 < timeout <= MAX_TIMEOUT else None


# ------------------------------------------------------------------ on the main thread: SIGALRM

def time_limit_works() -> bool:
    """Whether ``time_limit`` can interrupt its body here: on the main thread, where there is SIGALRM."""
    return (hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in the body once ``seconds`` of wall time have passed.

    Uses ``signal.setitimer(ITIMER_REAL)`` and a SIGALRM handler, so it only
    works on the main thread of a platform with SIGALRM; elsewhere (a worker
    thread, Windows) the body runs without a limit. The previous handler and
    timer are restored afterwards (a timer that came due meanwhile fires at once).
    ``time_limit_works()`` says whether it does here; off the main thread,
    ``greatgame.ingest.isolation`` bounds extraction instead.
    """
    if not seconds or not time_limit_works():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout()

    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)
    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    if old_handler is None:          # installed from outside Python: the best we can put back
        old_handler = signal.SIG_DFL
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        while True:   # the alarm may go off while being disarmed: it fires once, so retry once
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old_handler)
                break
            except DocumentTimeout:
                continue
        if old_delay:
            left = old_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), old_interval)


# ------------------------------------------------------------------ on any thread: an asynchronous exception

try:
    import ctypes

    _set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
except (ImportError, AttributeError):   # not CPython
    _set_async_exc = None


def _raise_in(ident: int, exc_type: type[BaseException] | None) -> None:
    """Have thread ``ident`` raise ``exc_type`` at its next bytecode (None: take back a pending one)."""
    _set_async_exc(ctypes.c_ulong(ident), None if exc_type is None else ctypes.py_object(exc_type))


class thread_time_limit:  # noqa: N801 - a context manager, used like a function
    """Raise ``DocumentTimeout`` in the body once ``seconds`` have passed: on any thread.

    ``with thread_time_limit(seconds): ...``. A timer thread raises the
    exception asynchronously in the thread that entered the block; it is
    raised at the next Python bytecode that thread runs, so a long call into C
    ends first. Leaving the block in time disarms the timer, and takes back an
    exception that was sent but not yet raised, so it never escapes the block.
    ``seconds`` None or 0: no limit. Without CPython's C API: no limit.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._done = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> None:
        if not self.seconds or _set_async_exc is None:
            return
        ident = threading.get_ident()

        def fire() -> None:
            with self._lock:
                if not self._done:
                    _raise_in(ident, DocumentTimeout)

        self._timer = threading.Timer(self.seconds, fire)
        self._timer.daemon = True
        self._timer.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._timer is None:
            return
        with self._lock:
            self._done = True
            _raise_in(threading.get_ident(), None)
        self._timer.cancel()
