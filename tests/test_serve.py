"""``greatgame serve`` as a process: it leaves no process behind, and read-only commands work while it runs.

Each test starts the real command (``python -m greatgame.cli serve``) with a token, so that it starts its extraction
child at once, over a small knowledge base; processes are found through /proc (Linux only).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import greatgame

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
SRC = str(Path(greatgame.__file__).resolve().parents[1])


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[1])     # a zombie has ended


def _alive(pid: int) -> bool:
    return _parent(pid) is not None


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = _parent(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} (after {timeout:.0f} s)")
        time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kb.duckdb"
    kb = greatgame.open(path)
    kb.close()
    return path


def _serve(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "GREATGAME_TOKEN": "serve-test-token"}
    proc = subprocess.Popen([sys.executable, "-m", "greatgame.cli", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(lambda: _answers(port) or proc.poll() is not None, 120, "the server did not start")
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        # the extraction child (and multiprocessing's resource tracker) start with the server
        _wait(lambda: len(_descendants(proc.pid)) >= 1, 60, "the server started no extraction child")
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return proc


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_no_process_outlives_the_server(db, how):
    proc = _serve(db, _free_port())
    children = _descendants(proc.pid)
    try:
        time.sleep(1)                           # the child is loading its language model: the worst moment
        children |= _descendants(proc.pid)
        proc.send_signal(how)
        proc.wait(timeout=60)
        _wait(lambda: not [p for p in children if _alive(p)], 30,
              f"processes outlived the server ({how.name}): {[p for p in children if _alive(p)]}")
    finally:
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_read_only_commands_work_while_the_server_runs(db, tmp_path):
    from typer.testing import CliRunner

    from greatgame.cli import app

    port = _free_port()
    proc = _serve(db, port)
    try:
        runner = CliRunner()
        for args in (["docs", "--db", str(db)], ["summary", "--db", str(db)], ["events", "--db", str(db)]):
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (args, result.output)
        # a writing command cannot open it meanwhile, and says what to do instead, on one line
        result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db)])
        assert result.exit_code != 0 and "greatgame serve" in result.output, result.output
        assert len([line for line in result.output.splitlines() if line.strip()]) == 1, result.output
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def test_serve_says_where_it_listens(db):
    port = _free_port()
    proc = _serve(db, port)
    try:
        line = proc.stderr.readline().decode()
        assert line.startswith(f"serving http://127.0.0.1:{port} "), line
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
