"""Reading and extraction in a child process, so that the per-document time limit holds anywhere.

The ingest bounds each document with a SIGALRM timer (``limits.time_limit``),
which only the main thread receives. Everywhere else (the web server's worker
threads, Dask's worker processes) ``IsolatedExtractor`` keeps the limit
instead: it reads and extracts in a child process, one document at a time.
Past the limit the child is killed (with SIGKILL: that bounds anything, C code
included, and gives the memory back), the document is reported as too slow
("extraction took longer than N s", as on the main thread), and the next
document gets a fresh child. ``shared_extractor()`` is the process-wide one
that the ingest uses by default off the main thread and on Dask's workers.

The child is a fresh interpreter started with ``subprocess`` (not
``multiprocessing``, which Dask's daemonic worker processes may not use). It
leads a process group of its own (``children``), joined by anything it
starts, and asks the kernel to kill it when the thread that started it ends:
children are started from one long-lived thread, so that is when this process
ends, however it ends.
"""
from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..documents.model import Document
from ..errors import DocumentError, GreatgameError
from ..extract.model import Extraction
from . import children
from .limits import DocumentTimeout
from .report import extraction_failed, one_line, took_longer

START_METHODS = ("spawn", "forkserver")   # accepted for compatibility: the child is always a fresh interpreter
PR_SET_PDEATHSIG = 1
_BOOT = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
         "from greatgame.ingest.isolation import _child_main; _child_main(*map(int, sys.argv[2:]))")


# ------------------------------------------------------------------ run in the child process

def _warm_up(target: Callable[[Document], Extraction] | None, load_model: bool) -> None:
    """The child's first task: unpickling ``target`` imported its module; load the language model.

    Like ``extract_in_process``, this is not any document's time. A failure
    here comes back with the first document, and is reported there.
    """
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


def _prepare(documents: list[Document]) -> int:
    """Annotate ``documents`` together for the extractions that follow (``extract.pipeline.prepare``)."""
    from ..extract.pipeline import forget_prepared, prepare

    forget_prepared()
    return prepare(documents)


def _read(path: Path, sidecar: dict[str, dict[str, Any]]) -> Iterator[Any]:
    """Read one file: its documents and one-line errors, one at a time (``read_file`` never raises)."""
    from ..documents.readers import read_file

    return read_file(path, sidecar)


def _die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGKILL when the parent's starting thread ends (Linux); exit if it has already."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):     # not Linux: the closed pipe ends an idle child
        pass
    if os.getppid() != parent:
        os._exit(0)


def _child_main(fd_in: int, fd_out: int, parent: int) -> None:
    """The child's loop: ``("call", f, args)`` answered by ``("done", f(*args))``; ``("iter", f, args)`` by
    ``("item", x)`` for each x of ``f(*args)``, then ``("end", None)``; ``("failed", message)`` if f raises.

    It ends when the parent closes its pipe (or dies).
    """
    _die_with_parent(parent)
    os.dup2(2, 1)                                      # stray prints go to stderr, never into a pipe
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # the parent decides when this ends
    inbox, outbox = Connection(fd_in, writable=False), Connection(fd_out, readable=False)
    while True:
        try:
            kind, func, args = inbox.recv()
        except (EOFError, OSError):
            return
        except Exception as exc:   # a message that does not unpickle here (a target it cannot import)
            outbox.send(("failed", _why(exc)))
            continue
        try:
            if kind == "iter":
                for item in func(*args):
                    outbox.send(("item", item))
                outbox.send(("end", None))
            else:
                outbox.send(("done", func(*args)))
        except Exception as exc:
            outbox.send(("failed", _why(exc)))


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {one_line(exc)}"


# ------------------------------------------------------------------ starting children from one thread

class _Spawner:
    """Starts child processes from one thread that lives as long as this process.

    The kernel's parent-death signal follows the thread that started a child,
    not its process: started from a passing thread (a web server's), the child
    would be killed when that thread ends.
    """

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[tuple[Future, tuple, dict]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def popen(self, *args: Any, **kwargs: Any) -> subprocess.Popen:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="greatgame-spawner", daemon=True)
                self._thread.start()
        done: Future = Future()
        self._requests.put((done, args, kwargs))
        return done.result()

    def _serve(self) -> None:
        while True:
            done, args, kwargs = self._requests.get()
            try:
                done.set_result(subprocess.Popen(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                done.set_exception(exc)


_spawner = _Spawner()


class _Child:
    """One child process and the two pipes to it."""

    def __init__(self) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        own_group = children.OWN_GROUPS
        try:
            self.process = _spawner.popen(
                [sys.executable, "-c", _BOOT, json.dumps(sys.path), str(to_child), str(from_child),
                 str(os.getpid())],
                pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL,
                process_group=0 if own_group else None)
        finally:
            os.close(to_child)
            os.close(from_child)
        self.own_group = own_group
        children.add(self.process.pid, own_group)
        self.outbox = Connection(from_parent, readable=False)
        self.inbox = Connection(to_parent, writable=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, message: tuple) -> None:
        self.outbox.send(message)

    def receive(self, limit: float | None) -> tuple[str, Any]:
        """The child's next message; ``DocumentTimeout`` if none comes within ``limit`` seconds (None: wait)."""
        if not self.inbox.poll(limit):
            raise DocumentTimeout()
        return self.inbox.recv()

    def stop(self, kill: bool) -> None:
        """End the child: at once (``kill``), or let it finish what it is doing and see its pipe close."""
        self.outbox.close()
        self.inbox.close()
        if not kill:
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                kill = True
        if kill:
            children.kill(self.process.pid, self.own_group)
            self.process.wait()
        children.discard(self.process.pid)


# ------------------------------------------------------------------ the parent's side

class IsolatedExtractor:
    """Read and extract in a child process, so that the time limit holds on any thread.

    An ``Extractor`` for ``ingest(kb, paths, extractor=...)``: calling it
    with ``(document, limit)`` sends the document to a single child process
    and waits at most ``limit`` seconds (None: no limit) for its extraction.
    Past the limit the child is killed and ``DocumentTimeout`` raised; the next
    call starts a new child. ``read(path, sidecar, limit)`` reads a file there
    the same way. The child is started on first use and kept, with its language
    model loaded, between documents; starting it and loading the model (some
    seconds, once) are not counted against the limit. The limit does count the
    transfer of the document and of its extraction.

    Thread-safe: calls from several threads take turns (waiting one's turn is
    not counted either). ``target``: the extraction function, run in the child,
    ``greatgame.extract.extract`` by default; any other must be picklable,
    i.e. a module-level function of a module the child can import (tests use
    it to slow extraction down). Errors are reported as the in-process ingest
    reports them; a child that dies (killed, out of memory) is reported as a
    failed extraction and replaced. ``start_method`` is accepted for
    compatibility: the child is always a fresh interpreter.

    ``close()`` (or ``with``) stops the child; an extractor left open is
    stopped at interpreter exit, and its child is killed with this process.
    """

    def __init__(self, target: Callable[[Document], Extraction] | None = None, *,
                 load_model: bool = True, start_method: str = "spawn") -> None:
        if start_method not in START_METHODS:
            raise ValueError(f"start_method must be one of {', '.join(START_METHODS)} (not {start_method!r})")
        self.target = target
        self.load_model = load_model
        self.start_method = start_method
        self._lock = threading.Lock()
        self._child: _Child | None = None
        _open.add(self)

    def __call__(self, document: Document, limit: float | None = None) -> Extraction:
        with self._lock:
            kind, value = self._call(_run, (self.target, document), limit, "extraction")
        if kind == "error":
            raise GreatgameError(value)
        return value

    def prepare(self, documents: list[Document], limit: float | None = None) -> bool:
        """Annotate ``documents`` together in the child, so that extracting each of them next is faster
        (``greatgame.extract.pipeline.prepare``; the extractions are the same). Whether it was done: past
        ``limit`` seconds the child is killed (the next call starts another), and on any failure nothing is
        prepared and each document is extracted as if this had not been called. Only the default extraction
        uses what is prepared; with another ``target`` this does nothing.
        """
        if self.target is not None or not self.load_model or len(documents) < 2:
            return False
        with self._lock:
            try:
                self._call(_prepare, (documents,), limit, "preparation")
            except (DocumentTimeout, GreatgameError):
                return False
        return True

    def read(self, path: str | Path, sidecar: dict[str, dict[str, Any]] | None = None,
             limit: float | None = None) -> list[Document | DocumentError]:
        """Read one file in the child: its documents and errors, as ``read_file`` gives them.

        Each must come within ``limit`` seconds of the one before (as on the main thread); past that
        the child is killed and the file given up with an error ("reading took longer than N s") after
        the documents already read.
        """
        path = Path(path)
        items: list[Document | DocumentError] = []
        with self._lock:
            child = self._ready()
            try:
                child.send(("iter", _read, (path, sidecar or {})))
                while True:
                    kind, value = child.receive(limit)
                    if kind == "item":
                        items.append(value)
                        continue
                    if kind == "failed":
                        items.append(DocumentError(path, f"cannot read file ({value})"))
                    elif kind != "end":
                        raise OSError(f"unexpected message {kind!r}")
                    break
            except DocumentTimeout:
                self._stop(kill=True)
                items.append(DocumentError(path, took_longer("reading", limit)))
            except (EOFError, OSError):
                self._stop(kill=True)
                items.append(DocumentError(path, "reading failed (its process ended abruptly)"))
            except BaseException:      # KeyboardInterrupt: leave no child working
                self._stop(kill=True)
                raise
        return items

    def _call(self, func: Callable, args: tuple, limit: float | None, what: str) -> Any:
        child = self._ready()
        try:
            child.send(("call", func, args))
        except OSError:                     # the idle child died (a signal, the OOM killer): start again
            self._stop(kill=True)
            child = self._ready()
            child.send(("call", func, args))
        except Exception as exc:            # the document would not pickle; nothing was sent
            raise GreatgameError(f"{what} failed ({_why(exc)})") from None
        try:
            kind, value = child.receive(limit)
        except (EOFError, OSError):
            self._stop(kill=True)
            raise GreatgameError(f"{what} failed (its process ended abruptly)") from None
        except Exception as exc:            # the result would not unpickle; the child is fine
            raise GreatgameError(f"{what} failed ({_why(exc)})") from None
        except BaseException:               # the limit, KeyboardInterrupt: leave no child working
            self._stop(kill=True)
            raise
        if kind == "failed":
            raise GreatgameError(f"{what} failed ({value})")
        return value

    def start(self) -> IsolatedExtractor:
        """Start the child and load its model now, rather than with the first document (a server's startup)."""
        with self._lock:
            self._ready()
        return self

    @property
    def pid(self) -> int | None:
        """The child's process id, or None while there is none."""
        child = self._child
        return child.pid if child is not None else None

    def close(self) -> None:
        """Stop the child (after the document it is extracting, if any). It is started again if needed."""
        with self._lock:
            self._stop(kill=False)

    def __enter__(self) -> IsolatedExtractor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _ready(self) -> _Child:
        if self._child is not None and self._child.process.poll() is None:
            return self._child
        self._stop(kill=True)
        child = self._child = _Child()
        try:
            child.send(("call", _warm_up, (self.target, self.load_model)))
            kind, value = child.receive(None)
        except (EOFError, OSError):
            self._stop(kill=True)
            raise GreatgameError("extraction failed (its process ended abruptly as it started)") from None
        except BaseException:
            self._stop(kill=True)
            raise
        if kind == "failed":            # the target does not unpickle in the child
            self._stop(kill=True)
            raise GreatgameError(f"extraction failed ({value})")
        return child

    def _stop(self, kill: bool) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.stop(kill)


_open: weakref.WeakSet[IsolatedExtractor] = weakref.WeakSet()
_shared: IsolatedExtractor | None = None
_shared_lock = threading.Lock()


def shared_extractor() -> IsolatedExtractor:
    """The process-wide ``IsolatedExtractor`` (with the default extraction), created on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = IsolatedExtractor()
        return _shared


@atexit.register
def _close_all() -> None:
    for extractor in list(_open):
        child, extractor._child = extractor._child, None
        if child is not None:
            child.stop(kill=True)


def _forget_shared() -> None:   # a forked child has none of its parent's processes or threads
    global _shared, _shared_lock, _spawner
    _shared, _shared_lock, _spawner = None, threading.Lock(), _Spawner()
    for extractor in list(_open):
        extractor._child = None
        extractor._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_shared)


def kill_shared() -> None:
    """End the process-wide extractor's child now (a server that stops ends its child with it)."""
    with _shared_lock:
        if _shared is not None:
            _shared._stop(kill=True)
