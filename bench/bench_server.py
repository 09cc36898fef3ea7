"""Load benchmark of the plan workspace: concurrent clients reading the key figures of
changed plan versions from a real `handlingsrom serve` on 127.0.0.1 (nothing else).

    .venv/bin/python -m bench bench_server                  # 50 clients, 2 × 60 s
    .venv/bin/python -m bench.bench_server --seconds 5 --clients 10   # a short smoke run

Two phases, each against a fresh server with an SQLite database in a temporary folder:

1. **fresh**: the server keeps no results (`--cache-entries 0`), so every
   `GET …/key-figures` runs the whole chain (population → services → economy → rules,
   2017–2057) for that client's version;
2. **cached**: the default cache; each client changes its version now and then
   (`PUT …/scenario`: validation = one fresh computation, then the commit) and reads its
   key figures in between (from the cache).

3. **cached, reads only**: the same, without changes (every read from the cache).

Each client is a user: it waits a think time (uniform 1–3 s; `--think MIN MAX`) between
requests. The server runs 2 processes (`--workers`; one per core). Targets:
p95 under 200 ms for a fresh computation, under 20 ms from the cache. Bounded: each phase
stops after `--seconds`; the servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

CLI = str(Path(sys.executable).parent / "handlingsrom")
PASSWORD = "benchmark-password"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(folder: Path, extra: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    db = str(folder / "bench.db")
    if not Path(db).exists():
        subprocess.run(
            [CLI, "users", "add", "bench", "--role", "planner", "--password-stdin", "--db", db],
            input=PASSWORD.encode() + b"\n",
            check=True,
            capture_output=True,
        )
    port = _port()
    with open(folder / "serve.log", "ab") as log:
        proc = subprocess.Popen(
            [CLI, "serve", "--port", str(port), "--db", db, "--log-level", "warning", *extra],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _doc(add: float) -> dict[str, Any]:
    return {
        "assumptions": {
            "economy.interest_rate_floating": {"add": round(add, 6), "from": 2018},
            "economy.interest_rate_fixed": {"add": round(add, 6), "from": 2018},
        }
    }


def _setup(base: str, clients: int) -> tuple[dict[str, str], list[int]]:
    token = httpx.post(
        f"{base}/api/v1/tokens", json={"username": "bench", "password": PASSWORD}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    plans = []
    with httpx.Client(base_url=base, headers=auth, timeout=120) as c:
        for i in range(clients):
            plan = c.post("/api/v1/plans", json={"name": f"Bench {i}"}).json()
            r = c.put(
                f"/api/v1/plans/{plan['id']}/scenario",
                json=_doc(0.001 * (i + 1)),
                headers={"If-Match": plan["etag"]},
            )
            r.raise_for_status()
            plans.append(plan["id"])
    return auth, plans


async def _client(
    c: httpx.AsyncClient,
    plan: int,
    until: float,
    change_every: int,
    seed: int,
    think: tuple[float, float],
    out: dict[str, list[float]],
) -> None:
    rng = random.Random(seed)
    n = 0
    await asyncio.sleep(rng.uniform(0, 2))
    while time.monotonic() < until:
        n += 1
        if change_every and n % change_every == 0:
            etag = (await c.get(f"/api/v1/plans/{plan}")).headers["ETag"]
            t = time.perf_counter()
            r = await c.put(
                f"/api/v1/plans/{plan}/scenario",
                json=_doc(rng.uniform(0.0, 0.03)),
                headers={"If-Match": etag},
            )
            out["change"].append(time.perf_counter() - t)
        else:
            t = time.perf_counter()
            r = await c.get(f"/api/v1/plans/{plan}/key-figures")
            took = time.perf_counter() - t
            out["read"].append(took)
            out["read:" + r.headers.get("x-cache", "?")].append(took)
        if r.status_code >= 400:
            out["errors"].append(float(r.status_code))
        await asyncio.sleep(rng.uniform(*think))


async def _load(
    base: str,
    auth: dict[str, str],
    plans: list[int],
    seconds: float,
    change_every: int,
    think: tuple[float, float],
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {
        k: [] for k in ("read", "change", "errors", "read:hit", "read:miss")
    }
    limits = httpx.Limits(max_connections=len(plans) + 5)
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=120, limits=limits) as c:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(_client(c, p, until, change_every, i, think, out) for i, p in enumerate(plans))
        )
    return out


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def _report(name: str, values: list[float]) -> str:
    return (
        f"  {name}: n={len(values)}, median {_ms(values, 50):.1f} ms, "
        f"p95 {_ms(values, 95):.1f} ms, p99 {_ms(values, 99):.1f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    args = parser.parse_args(argv if argv is not None else [])
    think = (args.think[0], args.think[1])
    folder = Path(tempfile.mkdtemp(prefix="handlingsrom-bench-"))
    try:
        print(
            f"{args.clients} clients, think time {args.think[0]:g}–{args.think[1]:g} s, "
            f"{args.seconds:.0f} s per phase, "
            f"{args.workers} server process(es), {os.cpu_count()} CPU(s), 127.0.0.1"
        )
        proc, base = _start(folder, ["--cache-entries", "0", "--workers", str(args.workers)])
        try:
            auth, plans = _setup(base, args.clients)
            fresh = asyncio.run(_load(base, auth, plans, args.seconds, 0, think))
        finally:
            _stop(proc)
        print("fresh (no cache: every read computes the chain):")
        print(_report("GET key-figures", fresh["read"]))
        print(f"  errors: {len(fresh['errors'])}")
        proc, base = _start(folder, ["--workers", str(args.workers)])
        try:
            with httpx.Client(base_url=base, headers=auth, timeout=120) as c:
                for p in plans:  # warm: each version read once
                    c.get(f"/api/v1/plans/{p}/key-figures").raise_for_status()
            cached = asyncio.run(_load(base, auth, plans, args.seconds, 10, think))
            reads = asyncio.run(_load(base, auth, plans, args.seconds, 0, think))
        finally:
            _stop(proc)
        print("cached (each client changes its version every 10th request):")
        print(_report("GET key-figures from the cache", cached["read:hit"]))
        print(_report("GET key-figures computed", cached["read:miss"]))
        print(_report("PUT scenario (validate = compute, commit)", cached["change"]))
        print(f"  errors: {len(cached['errors'])}")
        print("cached, reads only (no version changes: nothing to compute):")
        print(_report("GET key-figures from the cache", reads["read:hit"]))
        print(f"  computed: {len(reads['read:miss'])}, errors: {len(reads['errors'])}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
