"""The report as a reader sees it: rendered by headless Chromium (Debian's), via Selenium.

At 1400 px: no console errors, the title and every chapter heading, body text in the page's
font (not the browser's fallback), every chart drawn, with a finding as its accessible name,
and no label in any chart overlapping another (bounding boxes of the drawn text). At 390 px
(a phone): the page does not scroll sideways, the phone-size charts are shown and their
labels do not overlap either. Printed (Chromium's own PDF): no forced page break but before
the appendices, and about as many pages as the content needs. Screenshots of the first
screen at both widths. With HANDLINGSROM_SCREENSHOT=path/to/index.html (the output of
`make run`) the README's screenshots docs/img/report.png (1400 px) and report-phone.png
(390 px) are made of that page. Skipped with a message only when Chromium is absent and
CI is not set; under CI it runs.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest

from handlingsrom.report import RunInfo
from tests.browser import CHROMIUM, DRIVER, headless_chromium

EXTRA_FLAGS = ("--force-device-scale-factor=1", "--window-size=1400,957")
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"

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

# Every text box of every visible chart (SVG) on the page, by figure.
TEXT_BOXES = """
const out = [];
document.querySelectorAll('figure.chart svg[role=img]').forEach((svg, k) => {
  if (svg.getBoundingClientRect().width === 0) return;  // the hidden size
  const boxes = [];
  svg.querySelectorAll('text').forEach(t => {
    const r = t.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) boxes.push([t.textContent, r.left, r.top, r.right, r.bottom]);
  });
  out.push([svg.closest('figure').id + '#' + k, boxes]);
});
return out;
"""


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with headless_chromium(EXTRA_FLAGS) as driver:
        yield driver


def overlaps(boxes: list[list]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """Pairs of text boxes that overlap by more than half a pixel each way."""
    found = []
    for i, (ta, *a) in enumerate(boxes):
        for tb, *b in boxes[i + 1 :]:
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            if dx > 0.5 and dy > 0.5:
                found.append((ta, tb))
    return found


def _open(browser, run: RunInfo, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    browser.set_window_size(width, height)
    browser.get(run.index.absolute().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def _shot(browser, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 20_000


def test_the_report_reads_at_1400_px(browser, default_run: RunInfo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(browser, default_run, 1400, 957)
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors
    model = default_run.model
    assert browser.title == model.meta["title"]
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('section.chapter > h2'))"
        ".map(h => h.textContent.trim())"
    )
    assert headings == [c.title for c in model.chapters]

    # The page's own font, not the fallback the escaped CSS gave (Times).
    font = browser.execute_script(
        "const p = document.querySelector('main p');"
        "return [getComputedStyle(p).fontFamily, document.fonts.check('16px \"DejaVu Sans\"')]"
    )
    assert font[0].startswith('"DejaVu Sans"'), font
    assert font[1] is True, "DejaVu Sans is not available to the page"

    # Every chart drawn, with a finding (a sentence with a figure) as its accessible name.
    charts = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure.chart')).map(f => {"
        " const svgs = Array.from(f.querySelectorAll('svg[role=img]'))"
        "   .filter(s => s.getBoundingClientRect().width > 0);"
        " return [f.id, f.querySelector('figcaption strong').textContent,"
        "   svgs.map(s => [s.getAttribute('aria-label'), s.getBoundingClientRect().width,"
        "     s.getBoundingClientRect().height, s.querySelectorAll('path, rect').length])]; })"
    )
    assert [c[0] for c in charts] == [f"fig-{fid}" for fid in model.figures]
    for fid, title, svgs in charts:
        assert svgs, f"{fid} shows no chart"
        for label, width, height, marks in svgs:
            assert width > 150 and height > 80, f"{fid} is drawn {width}×{height}"
            assert marks >= 1, fid
            assert label and label.strip(" .") != title.strip(" ."), fid
            assert re.search(r"\d", label), f"{fid}: no figure in its finding: {label!r}"

    for fid, boxes in browser.execute_script(TEXT_BOXES):
        assert overlaps(boxes) == [], fid

    external = browser.execute_script(
        "return Array.from(document.querySelectorAll('[src],link[href],script'))"
        ".map(e => e.src || e.href || 'inline-script')"
    )
    assert external == []
    _shot(browser, tmp_path / "report-1400.png")


def test_the_report_reads_on_a_390_px_phone(  # type: ignore[no-untyped-def]
    browser, default_run: RunInfo, tmp_path: Path
) -> None:
    _open(browser, default_run, 390, 844)
    inner, scroll = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert scroll <= inner, f"the page scrolls sideways: {scroll} px wide in {inner} px"
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.narrow'))"
        ".filter(s => s.getBoundingClientRect().width > 0).length"
    )
    assert shown == len([f for f in default_run.model.figures.values() if f.kind != "panels"])
    for fid, boxes in browser.execute_script(TEXT_BOXES):
        assert overlaps(boxes) == [], fid
    # chart text stays readable: at least 9 px high on the phone
    smallest = browser.execute_script(
        "return Math.min(...Array.from(document.querySelectorAll('figure.chart svg text'))"
        ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))"
    )
    assert smallest >= 9, smallest
    _shot(browser, tmp_path / "report-390.png")


def test_the_report_prints_without_blank_pages(browser, default_run: RunInfo) -> None:  # type: ignore[no-untyped-def]
    _open(browser, default_run, 1400, 957)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    forced = browser.execute_script(
        "return Array.from(document.querySelectorAll('section.chapter'))"
        ".filter(s => ['page', 'always'].includes(getComputedStyle(s).breakBefore)).map(s => s.id)"
    )
    assert forced == [c.id for c in default_run.model.chapters if c.appendix]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(
        browser.execute_cdp_cmd(
            "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
        )["data"]
    )
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # the content's height at the printed width, in A4 pages (at 96 px per inch)
    browser.set_window_size(703, 1000)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    needed = height / 1016  # 269 mm of printable height
    assert pages <= needed * 1.3 + len(forced) + 2, (pages, needed)
    assert pages >= needed * 0.7, (pages, needed)


def test_run_pdf_prints_the_report(default_run: RunInfo, tmp_path: Path) -> None:
    """`handlingsrom run --pdf` prints the page with headless Chromium into report.pdf."""
    from handlingsrom.report import produce

    out = tmp_path / "pdf"
    info = produce(default_run.result, out, pdf=True)
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 10
    assert "report.pdf" in info.files


@pytest.mark.skipif(
    not os.environ.get("HANDLINGSROM_SCREENSHOT"), reason="set HANDLINGSROM_SCREENSHOT=index.html"
)
def test_readme_screenshots(browser) -> None:  # type: ignore[no-untyped-def]
    """The first screen of a report (normally `make run`'s) for the README."""
    page = Path(os.environ["HANDLINGSROM_SCREENSHOT"]).absolute()
    for width, height, name in ((1400, 900, "report.png"), (390, 844, "report-phone.png")):
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        browser.get(page.as_uri())
        _shot(browser, DOCS_IMG / name)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
