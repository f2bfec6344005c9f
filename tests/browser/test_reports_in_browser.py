"""The reports as a reader sees them: headless Chromium opens the index and one report per notebook.

A real run of the runner on the seed-0 sample (one branch per language, every notebook), then each page is
opened in Chromium through the DevTools protocol (``--remote-debugging-pipe``: no port, no websocket
library) at phone width (390 × 900), and the test fails on

- any request to a URL that is not ``file:`` / ``data:`` (every such request is intercepted and failed, so
  nothing leaves the machine even when a page asks);
- any character drawn as a missing-glyph box: every visible character must be covered by a font the page
  embeds (the reader's machine may have no CJK font at all), every font face must load, and the text must
  be drawn with the embedded font;
- any visible Python repr (``Text(``, ``<Axes``, ``dtype``, ``<matplotlib``);
- a ``data-headline`` block whose top is below the first 900 px (checked where a page has one);
- a page wider than the 390 px viewport (tables scroll inside their own box).

A full-page screenshot at 390 px of one report is written next to the reports (path in the test output).

Chromium is the Debian package ``chromium``; when ``/usr/bin/chromium`` is missing the set-up installs it
with apt-get when running as root, and skips with the reason otherwise.
"""

from __future__ import annotations

import base64
import io
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars"]
PHONE = {"width": 390, "height": 900}
FIRST_SCREEN_PX = 900
OVERFLOW_TOLERANCE_PX = 2
REPRS = ("Text(", "<Axes", "dtype", "<matplotlib", "<Figure size")
ALLOWED_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome-error:", "devtools:")


# ---------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------

def _find_chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _install_chromium() -> str:
    """Install Debian's chromium with apt-get (root only); the reason it cannot, otherwise."""
    if os.name != "posix" or os.geteuid() != 0:
        return "Chromium is not installed and the tests do not run as root: `sudo apt-get install -y chromium`"
    if not shutil.which("apt-get"):
        return "Chromium is not installed and there is no apt-get here to install the Debian package `chromium`"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "chromium"]
    res = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
    if res.returncode != 0:  # the package lists may be missing or stale
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True, timeout=900)
        res = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
    if res.returncode != 0:
        tail = (res.stderr or res.stdout).strip().splitlines()[-3:]
        return "`apt-get install chromium` failed: " + " / ".join(tail)
    return ""


@pytest.fixture(scope="session")
def chromium() -> str:
    exe = _find_chromium()
    if exe is None:
        reason = _install_chromium()
        exe = _find_chromium()
        if exe is None:
            pytest.skip(reason or "Chromium could not be installed")
    return exe


class Browser:
    """A headless Chromium driven over the DevTools protocol on a pipe (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, exe: str, profile: Path):
        # The child's ends are moved above fd 9 first: when fds 3-6 are free (a plain script, not pytest) os.pipe()
        # returns exactly 3 and 4 for them, and the shell's "3<&3 … 3<&-" below would close the pipe it just set up.
        to_chrome_r, self._to_chrome = self._high(*os.pipe())
        self._from_chrome, from_chrome_w = self._high(*os.pipe())
        args = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        # Chromium reads commands on fd 3 and writes answers on fd 4: a shell puts the pipes there
        script = f'exec 3<&{to_chrome_r} 4>&{from_chrome_w} {to_chrome_r}<&- {from_chrome_w}>&-; exec "$@"'
        self.proc = subprocess.Popen(["/bin/bash", "-c", script, "chromium", *args], pass_fds=(to_chrome_r, from_chrome_w),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self._lock = threading.Lock()
        self._answers: dict[int, queue.Queue] = {}
        self.events: list[dict] = []
        self.blocked: list[str] = []  # every non-file request the pages made (intercepted and failed)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session = None

    @staticmethod
    def _high(*fds: int, floor: int = 10) -> tuple[int, ...]:
        """The same pipe ends as descriptors numbered ``floor`` or above (the originals are closed)."""
        import fcntl

        out = []
        for fd in fds:
            out.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, floor))
            os.close(fd)
        return tuple(out)

    # -- protocol ----------------------------------------------------------
    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    q = self._answers.get(msg["id"])
                    if q is not None:
                        q.put(msg)
                else:
                    self._event(msg)

    def _event(self, msg):
        method, params = msg.get("method"), msg.get("params", {})
        self.events.append(msg)
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if url.startswith(ALLOWED_SCHEMES):
                self._send("Fetch.continueRequest", {"requestId": params["requestId"]}, msg.get("sessionId"))
            else:
                self.blocked.append(url)
                self._send("Fetch.failRequest", {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                           msg.get("sessionId"))
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(ALLOWED_SCHEMES) and url not in self.blocked:
                self.blocked.append(url)
        elif method == "Log.entryAdded" and "Refused to" in params.get("entry", {}).get("text", ""):
            self.blocked.append(params["entry"]["text"])  # a request the page's own policy stopped

    def _send(self, method, params=None, session=None) -> int:
        with self._lock:
            self._next += 1
            ident = self._next
            self._answers[ident] = queue.Queue()
            msg = {"id": ident, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        return ident

    def call(self, method, params=None, session="page", timeout=60):
        session = self.session if session == "page" else session
        ident = self._send(method, params, session)
        try:
            msg = self._answers[ident].get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"Chromium did not answer {method} within {timeout} s") from None
        finally:
            self._answers.pop(ident, None)
        if "error" in msg:
            raise RuntimeError(f"{method}: {msg['error']}")
        return msg.get("result", {})

    def wait_event(self, method, since: int, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for msg in self.events[since:]:
                if msg.get("method") == method and msg.get("sessionId") == self.session:
                    return msg
            time.sleep(0.02)
        raise TimeoutError(f"no {method} within {timeout} s")

    # -- pages -------------------------------------------------------------
    def open_tab(self, width=PHONE["width"], height=PHONE["height"]):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=None)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=None)["sessionId"]
        for domain in ("Page", "Network", "Log", "Runtime", "DOM", "CSS"):
            self.call(f"{domain}.enable")
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self.viewport(width, height)

    def viewport(self, width, height):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})

    def open(self, url: str):
        since = len(self.events)
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired", since)
        self.js("document.fonts.ready.then(() => true)")

    def js(self, expression: str):
        res = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in res:
            raise RuntimeError(f"page script failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def screenshot(self, path: Path) -> tuple[int, int]:
        """A full-page PNG at the current width; returns the page's (width, height) in CSS px."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        width, height = PHONE["width"], int(min(size["height"], 30000))
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": width, "height": height,
                                                             "scale": 1}}, timeout=120)["data"]
        path.write_bytes(base64.b64decode(data))
        return width, height

    def platform_fonts(self, selector: str, limit: int = 40) -> list[dict]:
        """The fonts Chromium drew the text of the first ``limit`` elements matching ``selector`` with."""
        root = self.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = self.call("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"][:limit]
        fonts = []
        for node in nodes:
            fonts += self.call("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return fonts

    def close(self):
        try:
            self.call("Browser.close", session=None, timeout=10)
        except Exception:  # noqa: BLE001 - it is going away either way
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass


PLAIN_SCRIPT = """
import importlib.util, sys, tempfile
from pathlib import Path
spec = importlib.util.spec_from_file_location("browser_test", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
b = mod.Browser(sys.argv[2], Path(tempfile.mkdtemp()))
b.open_tab()
print(b.js("6 * 7"))
b.close()
"""


def test_browser_helper_works_from_a_plain_script(chromium, tmp_path):
    """In a fresh interpreter fds 3-6 are free, so the pipes get exactly those numbers (the old helper broke)."""
    import sys

    res = subprocess.run([sys.executable, "-c", PLAIN_SCRIPT, __file__, chromium], capture_output=True, text=True,
                         timeout=120, close_fds=True)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip() == "42"


@pytest.fixture(scope="session")
def browser(chromium, tmp_path_factory):
    b = Browser(chromium, tmp_path_factory.mktemp("chromium-profile"))
    b.open_tab()
    yield b
    b.close()


# ---------------------------------------------------------------------------
# the checks (each a function of a page open in the browser; tested on fixture pages below)
# ---------------------------------------------------------------------------

PAGE_FACTS = """(() => {
  const faces = [...document.fonts].map(f => ({family: f.family, status: f.status}));
  const h = document.querySelector('[data-headline]');
  let headline = null;
  if (h) { const r = h.getBoundingClientRect(); headline = {top: r.top + window.scrollY, height: r.height}; }
  return {text: document.body ? document.body.innerText : '', faces,
          bodyFont: getComputedStyle(document.body).fontFamily,
          scrollWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, headline,
          title: document.title};
})()"""


def page_facts(browser: Browser, url: str) -> dict:
    before = len(browser.blocked)
    browser.open(url)
    facts = browser.js(PAGE_FACTS)
    facts["requests"] = browser.blocked[before:]
    return facts


def embedded_cmap(page_html: str) -> set[int]:
    """Code points covered by the fonts the page embeds (``@font-face`` with a ``data:`` source)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for data in re.findall(r"url\(\s*[\"']?data:(?:font|application)/[\w.+-]+;base64,([A-Za-z0-9+/=]+)", page_html):
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        covered |= set(font.getBestCmap())
    return covered


def missing_glyphs(text: str, covered: set[int]) -> list[str]:
    """Visible characters no embedded font has (each with a little context), in order of appearance."""
    out, seen = [], set()
    for i, ch in enumerate(text):
        if ch.isspace() or ord(ch) < 0x20 or ch in seen or ord(ch) in covered:
            continue
        seen.add(ch)
        out.append(f"{ch!r} U+{ord(ch):04X} in …{text[max(0, i - 15):i + 15]!r}…")
    return out


def visible_reprs(text: str) -> list[str]:
    return [f"{r!r} in …{text[max(0, text.find(r) - 30):text.find(r) + 50]!r}…" for r in REPRS if r in text]


def font_problems(facts: dict) -> list[str]:
    problems = [f"font face {f['family']} did not load ({f['status']})" for f in facts["faces"] if f["status"] != "loaded"]
    if not facts["faces"]:
        problems.append("the page embeds no font: its Chinese depends on the reader's system fonts")
    elif not facts["bodyFont"].strip().strip('"').startswith(tuple(f["family"].strip('"') for f in facts["faces"])):
        problems.append(f"the text is not set in the embedded font (body font-family: {facts['bodyFont']})")
    return problems


def headline_problem(facts: dict, limit: int = FIRST_SCREEN_PX) -> str | None:
    """None when the page's data-headline block starts within the first ``limit`` px; else why not."""
    h = facts.get("headline")
    if h is None:
        return "no data-headline block on the page"
    if h["height"] <= 0:
        return "the data-headline block is not visible (zero height)"
    if h["top"] >= limit:
        return f"the data-headline block starts at {h['top']:.0f} px, below the first {limit} px"
    return None


def overflow_problem(facts: dict) -> str | None:
    width = min(facts["viewport"], PHONE["width"])
    if facts["scrollWidth"] > width + OVERFLOW_TOLERANCE_PX:
        return f"the page is {facts['scrollWidth']} px wide in a {width} px viewport"
    return None


def check_page(browser: Browser, path: Path, headline: str = "if-present") -> list[str]:
    """Every problem of one page (an empty list when it is fine)."""
    facts = page_facts(browser, path.resolve().as_uri())
    page_html = path.read_text(encoding="utf-8")
    problems = [f"network request: {u}" for u in facts["requests"]]
    problems += font_problems(facts)
    problems += [f"missing glyph: {m}" for m in missing_glyphs(facts["text"], embedded_cmap(page_html))]
    problems += [f"Python repr on the page: {r}" for r in visible_reprs(facts["text"])]
    if headline == "required" or (headline == "if-present" and facts["headline"] is not None):
        p = headline_problem(facts)
        if p:
            problems.append(p)
    p = overflow_problem(facts)
    if p:
        problems.append(p)
    return problems


# ---------------------------------------------------------------------------
# the checks catch what they should (small fixture pages)
# ---------------------------------------------------------------------------

def _page(tmp_path, name, body, font_text=None):
    from analysis.report.html import build_page, font_face_css

    if font_text is None:
        page = build_page(body, name)
    else:  # a hand-made page: only the fonts and markup given
        font = f"<style>{font_face_css(font_text)} body{{font-family:'Report Sans'}}</style>" if font_text else ""
        page = f"<!DOCTYPE html><html><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>{font}</head><body>{body}</body></html>"
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_headline_check_on_fixture_pages(browser, tmp_path):
    block = '<div class="headline" data-headline="1"><div class="card">陌生客户占比 81.6%</div></div>'
    top = _page(tmp_path, "top", f"<h1>沙龙</h1><p>网点 B01</p>{block}<p>明细</p>")
    low = _page(tmp_path, "low", f"<h1>沙龙</h1><div style='height:1200px'>介绍</div>{block}")
    hidden = _page(tmp_path, "hidden", f"<h1>沙龙</h1><div style='display:none'>{block}</div>")
    none = _page(tmp_path, "none", "<h1>沙龙</h1><p>没有概要</p>")
    assert headline_problem(page_facts(browser, top.as_uri())) is None
    assert "below the first 900 px" in headline_problem(page_facts(browser, low.as_uri()))
    assert "not visible" in headline_problem(page_facts(browser, hidden.as_uri()))
    assert headline_problem(page_facts(browser, none.as_uri())) == "no data-headline block on the page"
    assert check_page(browser, none) == []  # no block: not checked until the reports carry one
    assert any("below the first" in p for p in check_page(browser, low))


def test_checks_catch_boxes_network_reprs_and_overflow(browser, tmp_path):
    good = _page(tmp_path, "good", "<h1>社区营销 ✓</h1><p>陌生客户占比 81.6% ⚠ 低于标准</p>")
    assert check_page(browser, good) == []
    no_font = _page(tmp_path, "nofont", "<p>陌生客户</p>", font_text="")
    assert any("embeds no font" in p for p in check_page(browser, no_font))
    boxes = _page(tmp_path, "boxes", "<p>陌生客户 ✅ 🎉</p>", font_text="陌生客户")
    found = check_page(browser, boxes)
    assert any("U+2705" in p for p in found) and any("U+1F389" in p for p in found)
    remote = _page(tmp_path, "remote", "<p>图</p><img src='http://127.0.0.1:9/chart.png'>", font_text="图")
    assert any("http://127.0.0.1:9/chart.png" in p for p in check_page(browser, remote))
    repr_ = _page(tmp_path, "repr", "<pre>Text(0.5, 0, '签到时刻')</pre>")
    assert any("Text(" in p for p in check_page(browser, repr_))
    wide = _page(tmp_path, "wide", "<div style='width:900px'>宽</div>", font_text="宽")
    assert any("px wide in a 390 px viewport" in p for p in check_page(browser, wide))


def test_built_page_keeps_a_wide_table_inside_its_box(browser, tmp_path):
    cells = "".join(f"<td>第 {i} 列 column {i}</td>" for i in range(30))
    path = _page(tmp_path, "table", f"<h1>表</h1><table><tr>{cells}</tr></table><img src='data:image/png;base64,"
                                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' width='2000'>")
    assert check_page(browser, path) == []


# ---------------------------------------------------------------------------
# a real run
# ---------------------------------------------------------------------------

RUNS = {"zh": "B01", "en": "B02"}  # one branch per language keeps the run short


@pytest.fixture(scope="session")
def real_run(tmp_path_factory):
    """Every notebook × one branch per language on the seed-0 sample, through the runner, as `make report` does."""
    from analysis.io import write_dataset
    from analysis.runner import discover_notebooks, plan_runs, run_notebooks
    from analysis.sample import make_sample

    data = tmp_path_factory.mktemp("browser-sample")
    write_dataset(make_sample(seed=0), data)
    out = tmp_path_factory.mktemp("browser-reports")
    notebooks = discover_notebooks(ROOT / "notebooks")
    specs = []
    for language, branch in RUNS.items():
        specs += plan_runs(notebooks, [branch], data, out, language=language)
    started = time.perf_counter()
    results = run_notebooks(specs, out, jobs=2)
    print(f"\nbrowser test: {len(results)} reports in {time.perf_counter() - started:.0f} s under {out}")
    return out, results


def _report_ids():
    return [f"{lang}-{p.stem}" for lang in RUNS for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]


def test_every_run_succeeded(real_run):
    out, results = real_run
    assert [(r.notebook, r.branch_id, r.error) for r in results if r.status != "ok"] == []


def test_index_page(browser, real_run):
    out, _ = real_run
    problems = check_page(browser, out / "index.html", headline="no")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("report", _report_ids())
def test_report_page(browser, real_run, report):
    out, results = real_run
    language, stem = report.split("-", 1)
    result = next(r for r in results if r.notebook == stem and r.branch_id == RUNS[language])
    if result.status != "ok":
        pytest.fail(f"{stem} ({language}) did not run: {result.error}")
    path = out / result.outputs["html"]
    problems = check_page(browser, path, headline="required")  # every report opens with its answer
    facts = page_facts(browser, path.as_uri())
    assert " · " in facts["title"] and facts["title"] != "Notebook", facts["title"]
    assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_full_page_screenshot_at_phone_width(browser, real_run):
    out, results = real_run
    ok = [r for r in results if r.status == "ok" and r.branch_id == RUNS["zh"]]
    assert ok, "no report to photograph"
    longest = max(ok, key=lambda r: (out / r.outputs["html"]).stat().st_size)
    path = out / longest.outputs["html"]
    browser.open(path.as_uri())
    shot = out / f"screenshot-{longest.branch_id}-{longest.notebook}-390px.png"
    width, height = browser.screenshot(shot)
    print(f"\nfull-page screenshot: {shot} ({width} × {height} px)")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and height > PHONE["height"]
    assert browser.js("document.documentElement.scrollWidth") <= PHONE["width"] + OVERFLOW_TOLERANCE_PX
    fonts = browser.platform_fonts("h1, h2, p, td, th, li")
    system = sorted({f["familyName"] for f in fonts if not f["isCustomFont"] and f["glyphCount"]})
    assert fonts and not system, f"text drawn with system fonts {system} instead of the embedded one"
