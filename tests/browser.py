"""Debian's headless Chromium through chromedriver (Selenium), shared by the report's and
the dashboard's browser tests: where the binaries are, the flags, and a driver with its own
throw-away profile."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from handlingsrom.report.pdf import QUIET_FLAGS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = ("--headless=new", *QUIET_FLAGS, "--hide-scrollbars")


@contextmanager
def headless_chromium(extra_flags: Sequence[str] = ()) -> Iterator[Any]:
    """A Chromium driver that keeps the browser console, in a profile removed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and DRIVER is not None, "CI needs chromium and chromedriver"
    profile = tempfile.mkdtemp(prefix="handlingsrom-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, *extra_flags, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
