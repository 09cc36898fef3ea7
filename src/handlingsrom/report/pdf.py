"""Print the report to PDF with headless Chromium (optional: `handlingsrom run --pdf`).

The page's print CSS (A4, a page per chapter, repeated table headers) does the layout;
Chromium only prints. Chromium runs with no network, no first-run, no sync and a throwaway
profile, so printing never reaches out.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from handlingsrom.errors import HandlingsromError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Chromium kept quiet and offline: no sandbox (containers), no GPU, no network of its own,
# no first-run or sync (shared with the browser tests' driver, tests/browser.py).
QUIET_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
FLAGS = ("--headless", *QUIET_FLAGS, "--no-pdf-header-footer")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, timeout_s: float = 120.0) -> None:
    """Print ``html`` to ``pdf``; a clear error when Chromium is missing or fails."""
    exe = find_chromium()
    if exe is None:
        raise HandlingsromError(
            "--pdf needs Chromium (apt-get install chromium); or print index.html from a browser"
        )
    with tempfile.TemporaryDirectory(prefix="handlingsrom-chromium-") as profile:
        cmd = [
            exe,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            html.absolute().as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise HandlingsromError(
                f"Chromium did not print {html} within {timeout_s:.0f} s"
            ) from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise HandlingsromError(f"Chromium could not print {html} to PDF: {last}")
