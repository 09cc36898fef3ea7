"""The dashboard in a real browser: a live ``handlingsrom serve`` app (uvicorn in a thread,
SQLite in a temporary folder, a user of each role) and Debian's headless Chromium through
chromedriver (Selenium). Skipped with a message when Chromium is absent, unless CI is set."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from handlingsrom.server.settings import Settings
from tests.browser import CHROMIUM, DRIVER, headless_chromium
from tests.server.conftest import PASSWORD, ROLES, add_users

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# The whole horizon (to +40 years), fewer stochastic paths than the default to keep it quick.
SETTINGS = Settings(risk_paths=20, report_paths=10, heavy_workers=1)

if not os.environ.get("CI") and (CHROMIUM is None or DRIVER is None):
    pytest.skip(
        "Chromium and chromedriver are not installed (apt-get install chromium "
        "chromium-driver); the dashboard's browser tests run under CI",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    app: Any


@pytest.fixture(scope="session")
def live_server() -> Iterator[Live]:
    import uvicorn

    from handlingsrom.server.app import create_app

    folder = Path(tempfile.mkdtemp(prefix="handlingsrom-dashboard-"))
    settings = replace(SETTINGS, db=f"sqlite:///{folder / 'handlingsrom.db'}")
    app = create_app(settings)
    add_users(app.state.store, {role: role for role in ROLES})
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "the dashboard's server did not start"
    try:
        yield Live(f"http://localhost:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with headless_chromium(("--lang=nb-NO", "--window-size=1400,1000")) as driver:
        driver.set_script_timeout(60)
        yield driver


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where the screenshots go: HANDLINGSROM_SCREENSHOT_DIR, else a temporary folder."""
    folder = Path(
        os.environ.get("HANDLINGSROM_SCREENSHOT_DIR")
        or tempfile.mkdtemp(prefix="handlingsrom-screenshots-")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --------------------------------------------------------------------------- helpers
def console_errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def login(driver: Any, live: Live, user: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{live.url}/login")
    driver.execute_script("sessionStorage.clear()")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(driver, "return location.pathname === '/plans'")


def wait_for(driver: Any, script: str, timeout: float = 60.0, *args: Any) -> Any:
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def open_page(driver: Any, url: str, heavy: bool = False) -> None:
    driver.get(url)
    wait_for(driver, "return document.readyState === 'complete'")
    if driver.execute_script("return !!document.getElementById('plan-state')"):
        wait_for(driver, "return document.body.dataset.ready === '1'")
        if heavy:
            wait_for(driver, "return Number(document.body.dataset.heavySeq || 0) >= 1", 180)
    wait_for(
        driver,
        "return Array.from(document.querySelectorAll('.chart')).every(c => c.querySelector('svg'))",
    )


def axe(driver: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is."""
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def shoot(driver: Any, folder: Path, name: str, width: int) -> Path:
    """A full-page screenshot at ``width`` px; the window stays at that width (the caller
    checks the page there, then resets it)."""
    driver.set_window_size(width, 1000)
    time.sleep(0.3)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 20, 6000))
    time.sleep(0.4)
    path = folder / f"{name}-{width}.png"
    assert driver.save_screenshot(str(path))
    return path
