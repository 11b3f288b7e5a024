"""Extraction in a child process, so that the per-document time limit holds on any thread.

The ingest bounds each document's extraction with a SIGALRM timer
(``limits.time_limit``), which only the main thread receives. Off the main
thread (the web server's worker threads) ``IsolatedExtractor`` keeps the limit
instead: it extracts in a child process, one document at a time. Past the
limit the child is killed, the document is reported as too slow ("extraction
took longer than N s", as on the main thread), and the next document gets a
fresh child. It bounds anything, C code included, and gives the memory back.
``IsolatedExtractor.read`` reads a file there the same way (the web upload's
reading). The child leads its own process group and ends with its parent: the
parent kills the group (``kill_shared`` when a server stops), and a child whose
parent has gone, even by SIGKILL, exits soon after (it checks twice a second).
``shared_extractor()`` is the process-wide one that ``ingest`` uses by default
off the main thread. (Dask workers, which may not start children, use
``limits.thread_time_limit``.)
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..documents.model import Document
from ..errors import DocumentError, GreatgameError
from ..extract.model import Extraction
from .limits import DocumentTimeout
from .report import extraction_failed, one_line

START_METHODS = ("spawn", "forkserver")   # not "fork": the parent has threads and DuckDB connections


# ------------------------------------------------------------------ run in the child process

def _leave_with_parent(parent: int | None) -> None:
    """Make this child its own process group (a terminal's Ctrl-C reaches the parent, which ends the group) and
    end it as soon as its parent is gone, however that ended (SIGKILL included): no child outlives its parent.

    ``parent``: the pid of the process that started it ("spawn"; it may already be gone by now), or None for
    whichever process is its parent now ("forkserver": the fork server, which ends with the process that
    started it)."""
    try:
        os.setpgid(0, 0)
    except OSError:         # not permitted here (already a session leader): the parent still kills it by pid
        pass
    expected = parent if parent is not None else os.getppid()

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="greatgame-parent-watch", daemon=True).start()


def _warm_up(target: Callable[[Document], Extraction] | None, load_model: bool, parent: int | None) -> None:
    """The child's first task: leave with the parent (``_leave_with_parent``); unpickling ``target`` imported its
    module; load the language model.

    Like ``extract_in_process``, this is not any document's time. A failure
    here comes back with the first document, and is reported there.
    """
    _leave_with_parent(parent)
    if load_model:
        try:
            from ..extract.pipeline import nlp

            nlp()
        except Exception:  # noqa: S110 - reported with the document
            pass


def _run(target: Callable[[Document], Extraction] | None, document: Document) -> tuple[str, Any]:
    """Extract one document: ``("ok", extraction)`` or ``("error", message)``.

    Errors come back as messages (worded as the in-process ingest words them),
    since not every exception survives pickling.
    """
    try:
        if target is None:
            from ..extract import extract as target
        return "ok", target(document)
    except GreatgameError as exc:
        return "error", one_line(exc)
    except Exception as exc:  # an extractor bug is reported, not raised
        return "error", extraction_failed(exc)


def _read(path: str) -> tuple[str, Any]:
    """Read one file: ``("ok", [document or (source, reason) of an error, ...])`` or ``("error", message)``."""
    from ..documents.readers import read_files

    try:
        return "ok", [(item.source, item.reason) if isinstance(item, DocumentError) else item
                      for _, items in read_files([path]) for item in items]
    except GreatgameError as exc:
        return "error", one_line(exc)
    except Exception as exc:  # a reader bug is reported, not raised
        return "error", f"reading failed ({type(exc).__name__}: {one_line(exc)})"


# ------------------------------------------------------------------ the parent's side

class IsolatedExtractor:
    """Extract in a child process, so that the time limit holds on any thread.

    An ``Extractor`` for ``ingest(kb, paths, extractor=...)``: calling it
    with ``(document, limit)`` sends the document to a single child process
    and waits at most ``limit`` seconds (None: no limit) for its extraction.
    Past the limit the child is killed and ``DocumentTimeout`` raised; the next
    call starts a new child. The child is started on first use (``start_method``
    ``"spawn"`` or ``"forkserver"``, both safe in a process with threads and
    DuckDB connections) and kept, with its language model loaded, between
    documents; starting it and loading the model (some seconds, once) are not
    counted against the limit. The limit does count the transfer of the
    document and of its extraction.

    Thread-safe: calls from several threads take turns (waiting one's turn is
    not counted either). ``target``: the extraction function, run in the child,
    ``greatgame.extract.extract`` by default; any other must be picklable,
    i.e. a module-level function (tests use it to slow extraction down).
    Errors are reported as the in-process ingest reports them; a child that
    dies (killed, out of memory) is reported as a failed extraction and
    replaced. As with every use of "spawn", a script that ingests off its main
    thread needs the ``if __name__ == "__main__":`` guard.

    ``close()`` (or ``with``) stops the child; an extractor left open is
    stopped at interpreter exit.
    """

    def __init__(self, target: Callable[[Document], Extraction] | None = None, *,
                 load_model: bool = True, start_method: str = "spawn") -> None:
        if start_method not in START_METHODS:
            raise ValueError(f"start_method must be one of {', '.join(START_METHODS)} (not {start_method!r})")
        self.target = target
        self.load_model = load_model
        self.start_method = start_method
        self._context = multiprocessing.get_context(start_method)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, document: Document, limit: float | None = None) -> Extraction:
        kind, value = self._call(limit, _run, self.target, document)
        if kind == "error":
            raise GreatgameError(value)
        return value

    def read(self, path: str | os.PathLike[str], limit: float | None = None) -> list[Document | DocumentError]:
        """Read one file in the child, under ``limit`` as an extraction is: its documents, or the errors of
        what in it could not be read; ``DocumentTimeout`` past the limit (the child is killed), a
        ``GreatgameError`` if the reader failed."""
        kind, value = self._call(limit, _read, os.fspath(path))
        if kind == "error":
            raise GreatgameError(value)
        return [DocumentError(*item) if isinstance(item, tuple) else item for item in value]

    def _call(self, limit: float | None, fn: Callable[..., tuple[str, Any]], *args: Any) -> tuple[str, Any]:
        """``fn(*args)`` in the child, waiting at most ``limit`` seconds (past it the child is killed)."""
        with self._lock:
            pool = self._pool or self._start()
            try:
                future = pool.submit(fn, *args)
            except BrokenProcessPool:   # the idle child died (a signal, the OOM killer): start again
                self._stop(kill=True)
                future = self._start().submit(fn, *args)
            try:
                done, _ = wait([future], timeout=limit)
                if not done:
                    self._stop(kill=True)
                    raise DocumentTimeout()
                kind, value = future.result()
            except BrokenProcessPool:
                self._stop(kill=True)
                raise GreatgameError("extraction failed (its process ended abruptly)") from None
            except (DocumentTimeout, GreatgameError):
                raise
            except Exception as exc:   # the document or its extraction would not pickle
                raise GreatgameError(extraction_failed(exc)) from None
            except BaseException:      # KeyboardInterrupt: leave no child working
                self._stop(kill=True)
                raise
        return kind, value

    def start(self) -> IsolatedExtractor:
        """Start the child and load its model now, rather than with the first document (a server's startup)."""
        with self._lock:
            if self._pool is None:
                self._start()
        return self

    @property
    def pid(self) -> int | None:
        """The child's process id, or None while there is none."""
        processes = getattr(self._pool, "_processes", None) or {}
        return next(iter(processes), None)

    def close(self) -> None:
        """Stop the child (after the document it is extracting, if any). It is started again if needed."""
        with self._lock:
            self._stop(kill=False)

    def kill(self) -> None:
        """Kill the child and its process group now, without waiting for the document it is on (a server
        that is stopping: the caller waiting for that document gets a failed extraction)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            _kill(pool)
            pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> IsolatedExtractor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=self._context)
        try:
            parent = os.getpid() if self.start_method == "spawn" else None
            self._pool.submit(_warm_up, self.target, self.load_model, parent).result()
        except BaseException:
            self._stop(kill=True)
            raise
        return self._pool

    def _stop(self, kill: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            _kill(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    """SIGKILL a pool's children and their process groups (a child that leads its own group is ended with all
    it started)."""
    for pid, process in list((getattr(pool, "_processes", None) or {}).items()):
        try:
            if hasattr(os, "killpg") and os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
            process.kill()
        except (OSError, ValueError):      # already gone, or closed
            pass


_shared: IsolatedExtractor | None = None
_shared_lock = threading.Lock()


def shared_extractor() -> IsolatedExtractor:
    """The process-wide ``IsolatedExtractor`` (with the default extraction), created on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = IsolatedExtractor()
        return _shared


def kill_shared() -> None:
    """Kill the process-wide extractor's child, if there is one (a server that is stopping)."""
    with _shared_lock:
        if _shared is not None:
            _shared.kill()


def _forget_shared() -> None:   # a forked child has none of its parent's processes or threads
    global _shared, _shared_lock
    _shared, _shared_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_shared)
