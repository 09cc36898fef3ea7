"""A real server (``handlingsrom serve``) killed with SIGKILL in the middle of writes: after
a restart the database is consistent and nothing that was acknowledged is lost."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from handlingsrom.cli import app
from tests.server.conftest import MEASURE, database_url

CLI = str(Path(sys.executable).parent / "handlingsrom")
PASSWORD = "durable-password"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, port: int, cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HANDLINGSROM_HORIZON_YEARS": "6"}
    log = cwd / f"serve-{port}-{time.time_ns()}.log"
    with open(log, "wb") as out:  # the child keeps its own copy of the file
        proc = subprocess.Popen(
            [CLI, "serve", "--port", str(port), "--db", url, "--log-level", "warning"],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"the server did not start: {log.read_text()[-2000:]}")


def test_kill_9_during_writes_loses_nothing(backend: str, tmp_path: Path) -> None:
    url = database_url(backend, tmp_path)
    r = CliRunner().invoke(
        app,
        ["users", "add", "admin", "--role", "admin", "--password-stdin", "--db", url],
        input=PASSWORD + "\n",
    )
    assert r.exit_code == 0, r.output
    port = _port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(url, port, tmp_path)
    try:
        token = httpx.post(
            f"{base}/api/v1/tokens", json={"username": "admin", "password": PASSWORD}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        plan = httpx.post(f"{base}/api/v1/plans", json={"name": "Durable"}, headers=auth).json()
        acknowledged: list[str] = []
        plans_made: list[int] = []
        stop = threading.Event()

        def write_measures(worker: int) -> None:
            with httpx.Client(base_url=base, headers=auth, timeout=30) as c:
                for k in range(10_000):
                    if stop.is_set():
                        return
                    mid = f"m-{worker}-{k}"
                    try:
                        r = c.post(
                            f"/api/v1/plans/{plan['id']}/measures", json={**MEASURE, "id": mid}
                        )
                    except httpx.HTTPError:
                        return  # the server is gone
                    if r.status_code == 201:
                        acknowledged.append(mid)

        def write_plans() -> None:
            with httpx.Client(base_url=base, headers=auth, timeout=30) as c:
                for k in range(10_000):
                    if stop.is_set():
                        return
                    try:
                        r = c.post("/api/v1/plans", json={"name": f"p{k}"})
                    except httpx.HTTPError:
                        return
                    if r.status_code == 201:
                        plans_made.append(r.json()["id"])

        threads = [threading.Thread(target=write_measures, args=(i,)) for i in range(3)]
        threads.append(threading.Thread(target=write_plans))
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while (len(acknowledged) < 10 or not plans_made) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # in the middle of the writes
        proc.wait(timeout=30)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        assert len(acknowledged) >= 10 and plans_made
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    if backend == "sqlite":
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        engine.dispose()
    proc = _start(url, port, tmp_path)
    try:
        token = httpx.post(
            f"{base}/api/v1/tokens", json={"username": "admin", "password": PASSWORD}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        doc: dict[str, Any] = httpx.get(
            f"{base}/api/v1/plans/{plan['id']}/scenario", headers=auth
        ).json()
        stored = [r["id"] for r in doc["decisions"]["measures"]["add"]]
        assert set(acknowledged) <= set(stored), "an acknowledged measure was lost"
        revision = httpx.get(f"{base}/api/v1/plans/{plan['id']}", headers=auth).json()["revision"]
        audit = httpx.get(
            f"{base}/api/v1/audit",
            params={"plan": plan["id"], "action": "measure.add", "limit": 500},
            headers=auth,
        ).json()
        # every stored change has its audit entry and its revision, and nothing more
        assert audit["total"] == len(stored) == revision - 1
        assert sorted(a["target"] for a in audit["items"]) == sorted(f"measure:{m}" for m in stored)
        for pid in plans_made:
            assert httpx.get(f"{base}/api/v1/plans/{pid}", headers=auth).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize("argv", [["--help"], ["users", "--help"]])
def test_help_does_not_load_the_server(argv: list[str]) -> None:
    code = (
        "import sys; from handlingsrom.cli import app\n"
        f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
        "assert 'fastapi' not in sys.modules and 'sqlalchemy' not in sys.modules, 'loaded'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_users_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    runner = CliRunner()

    def run(*args: str, stdin: str = "") -> Any:
        return runner.invoke(app, [*args, "--db", db], input=stdin)

    ok = run(
        "users", "add", "kari", "--role", "planner", "--password-stdin", stdin="long-password\n"
    )
    assert ok.exit_code == 0, ok.output
    r = run(
        "users", "add", "kari", "--role", "planner", "--password-stdin", stdin="long-password\n"
    )
    assert "already exists" in str(r.exception)
    r = run("users", "add", "ola", "--role", "boss", "--password-stdin", stdin="long-password\n")
    assert "--role: expected one of" in str(r.exception)
    r = run("users", "add", "ola", "--role", "viewer", "--password-stdin", stdin="short\n")
    assert "at least 8" in str(r.exception)
    assert run("users", "set-role", "kari", "viewer").exit_code == 0
    assert run("users", "list").output.split() == ["kari", "viewer"]
    r = run("db", "upgrade")
    assert r.exit_code == 0 and "revision 0001" in r.output
