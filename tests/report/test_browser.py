"""The report as a reader sees it: rendered by headless Chromium (Debian's), via Selenium.

Checks that the page loads with no console errors, that every chart is drawn with a
non-zero size, that the title and every section heading are there, and saves a
screenshot (also to docs/img/report.png when HANDLINGSROM_UPDATE_SCREENSHOT=1).
Skipped with a message only when Chromium is absent and CI is not set; under CI it runs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from handlingsrom.report import RunInfo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1200,1600",
)
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img" / "report.png"

if os.environ.get("CI"):
    from selenium import webdriver  # under CI a missing browser or driver is a failure
else:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip(
            "Chromium and chromedriver are not installed (apt-get install chromium "
            "chromium-driver); the browser test runs under CI",
            allow_module_level=True,
        )
    webdriver = pytest.importorskip("selenium.webdriver")


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and DRIVER is not None, "CI needs chromium and chromedriver"
    profile = tempfile.mkdtemp(prefix="handlingsrom-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_report_renders_in_chromium(browser, default_run: RunInfo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browser.get(default_run.index.absolute().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"

    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors

    model = default_run.model
    assert browser.title == model["meta"]["title"]
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('section.chapter > h2'))"
        ".map(h => h.textContent.trim())"
    )
    assert headings == [s.title for s in model["sections"]]

    sizes = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure.chart')).map(f => {"
        " const g = f.querySelector('svg, img'); if (!g) return [f.id, 0, 0, 0];"
        " const r = g.getBoundingClientRect();"
        " return [f.id, r.width, r.height, g.querySelectorAll('path, use, rect').length]; })"
    )
    assert [s[0] for s in sizes] == [f"fig-{fid}" for fid in model["figures"]]
    for fid, width, height, marks in sizes:
        assert width > 200 and height > 100, f"{fid} is drawn {width}×{height}"
        assert marks > 10, f"{fid} has only {marks} drawn elements"

    # No request left the page: everything is inline (no external src/href).
    external = browser.execute_script(
        "return Array.from(document.querySelectorAll('[src],link[href],script'))"
        ".map(e => e.src || e.href || 'inline-script')"
    )
    assert external == []

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1200, min(int(height), 2600))
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
    if os.environ.get("HANDLINGSROM_UPDATE_SCREENSHOT") == "1":
        DOCS_IMG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMG)


def test_report_prints_to_pdf(default_run: RunInfo, default_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The page prints (print CSS, a page per chapter) to a multi-page PDF."""
    from handlingsrom.report import produce

    out = tmp_path / "pdf"
    info = produce(default_run.result, out, pdf=True)
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= len(default_run.model["sections"]), pages
    assert "report.pdf" in info.files
