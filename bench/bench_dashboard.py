"""Input-to-update latency of the dashboard, measured in headless Chromium.

    .venv/bin/python -m bench bench_dashboard                 # 60 changes on each of 2 pages
    .venv/bin/python -m bench.bench_dashboard --changes 20    # a shorter run

A real `handlingsrom serve` app (uvicorn on 127.0.0.1, SQLite in a temporary folder, the
default dataset to 2057) and Debian's Chromium through chromedriver. Signed in as a
planner, the benchmark types a new value into a form field and waits until the page has
been updated: the browser measures from the input event to the moment the server's new
results are in the page and every chart has been drawn again (``window.__hr.latencies``,
recorded by the dashboard's own script). Each value is new, so every change is a fresh
computation of the whole chain (population → services → economy → rules, 41 years): the
worst case; a value seen before comes from the cache. The slow results (required savings)
are computed in the worker process while this runs, as in real use. Target: p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

CASES = (
    # page, CSS selector of the field, the values typed in turn (a new value each time)
    ("programme", "tr[data-measure] input[data-field=amount_nok]", lambda i: f"-{100 + i}.5"),
    (
        "overview",
        "fieldset[data-lever=interest] input[data-part=value]",
        lambda i: f"{0.5 + i / 100:.2f}",
    ),
)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(driver: Any, script: str, timeout: float = 60, *args: Any) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.execute_script(script, *args):
            return
        time.sleep(0.005)
    raise TimeoutError(script)


def run(changes: int) -> dict[str, list[float]]:
    import uvicorn
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from handlingsrom.server.app import create_app
    from handlingsrom.server.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="handlingsrom-bench-dashboard-"))
    app = create_app(replace(Settings(), db=f"sqlite:///{folder / 'b.db'}"))
    store = app.state.store
    planner = store.add_user(None, "planner", "planner", "a-long-password")
    plan = store.create_plan(
        planner, name="Bench", description="", dataset="baerum-2017", parent_id=None, scenario={}
    )
    port = _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        f"--user-data-dir={folder / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    out: dict[str, list[float]] = {}
    try:
        base = f"http://localhost:{port}"
        driver.get(f"{base}/login")
        driver.find_element(By.ID, "username").send_keys("planner")
        driver.find_element(By.ID, "password").send_keys("a-long-password")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        _wait(driver, "return location.pathname === '/plans'")
        for page, selector, value in CASES:
            t0 = time.perf_counter()
            driver.get(f"{base}/plans/{plan.id}/{page}")
            _wait(driver, "return document.body.dataset.ready === '1'")
            load = time.perf_counter() - t0
            field = driver.find_element(By.CSS_SELECTOR, selector)
            for i in range(changes):
                seq = driver.execute_script("return window.__hr.seq")
                driver.execute_script(
                    "window.__hr.inputAt = undefined; arguments[0].value = arguments[1];"
                    "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                    field,
                    value(i),
                )
                _wait(driver, "return window.__hr.seq > arguments[0]", 60, seq)
                time.sleep(0.25)  # a person does not type faster than this between values
            out[page] = driver.execute_script("return window.__hr.latencies")
            out[f"{page} (page load, s)"] = [load]
            driver.execute_script("sessionStorage.clear()")
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(timeout=30)
        app.state.engine.close()
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60)
    args = parser.parse_args(argv if argv is not None else [])
    results = run(args.changes)
    every: list[float] = []
    for name, values in results.items():
        if "page load" in name:
            print(f"{name}: {values[0]:.2f}")
            continue
        every += values
        print(
            f"{name}: n={len(values)} median {statistics.median(values):.0f} ms, "
            f"p95 {_p(values, 0.95):.0f} ms, max {max(values):.0f} ms"
        )
    print(
        f"all: n={len(every)} median {statistics.median(every):.0f} ms, "
        f"p95 {_p(every, 0.95):.0f} ms (target < 300 ms)"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
