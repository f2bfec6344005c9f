"""The README's screenshots, taken with headless Chromium from the output of ``make report``.

    .venv/bin/python docs/screenshots.py [--reports reports/sample] [--report B01/03_lead_followup.html]

writes ``docs/img/index.png`` (the index page's first screen at 800 × 900 px) and
``docs/img/report_first_screen.png`` (one report's first screen at phone width, 390 × 900 px, as WeChat's
browser shows it). Chromium is driven by the browser test's helper (``tests/browser``: DevTools protocol on
a pipe, every non-file request refused), so what the README shows is what that test checks.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _browser_module():
    path = ROOT / "tests" / "browser" / "test_reports_in_browser.py"
    spec = importlib.util.spec_from_file_location("_browser_helper", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_screen(browser, page: Path, png: Path, width: int, height: int) -> None:
    """A PNG of the first ``width`` × ``height`` CSS px of ``page``."""
    browser.viewport(width, height)
    browser.open(page.resolve().as_uri())
    data = browser.call("Page.captureScreenshot", {"format": "png", "clip": {"x": 0, "y": 0, "width": width,
                                                                            "height": height, "scale": 1}})["data"]
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(base64.b64decode(data))
    if browser.blocked:
        raise SystemExit(f"{page}: the page asked for the network: {browser.blocked[:3]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", default=str(ROOT / "reports" / "sample"), help="output folder of `make report`")
    ap.add_argument("--report", default="B01/03_lead_followup.html", help="report to show, relative to --reports")
    ap.add_argument("--img", default=str(ROOT / "docs" / "img"), help="where the PNG files go")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args(argv)
    reports, img = Path(args.reports), Path(args.img)
    index, report = reports / "index.html", reports / args.report
    for page in (index, report):
        if not page.is_file():
            print(f"{page} does not exist: run `make report` first", file=sys.stderr)
            return 1
    helper = _browser_module()
    browser = helper.Browser(args.chromium, Path(tempfile.mkdtemp(prefix="screenshots-")))
    try:
        browser.open_tab()
        first_screen(browser, index, img / "index.png", 800, 900)
        first_screen(browser, report, img / "report_first_screen.png", 390, 900)
    finally:
        browser.close()
    print(f"wrote {img / 'index.png'} and {img / 'report_first_screen.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
