"""Browser fixtures: Debian's Chromium driven by Playwright, sites served from 127.0.0.1.

Under CI=true a missing browser is a failure, never a skip: a green run must mean the
pages really worked in a browser.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

# Playwright's waiting assertions give up after 5 s by default; on a shared 2-core runner a
# page load or a build can take longer than that without anything being wrong. They still
# return as soon as the state is reached, so an idle machine is not slowed down.
expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: The policy the hosting guide recommends; the suite serves sites under it.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)
# Chromium's own background traffic (updates, sync) would try other hosts; turn it off
# so "no request leaves 127.0.0.1" speaks only of our pages.
CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-default-apps", "--disable-domain-reliability",
    "--disable-quic", "--no-sandbox",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("FOUR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).is_file() else None


def require_browser() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (Debian package 'chromium'); .ci/run installs it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run 'make test' (it runs npm ci)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        """Files; and /__slow-lms?ms=N, answered (empty) after N ms, for the test LMS's
        slow calls (lms_host/lms-host.js)."""
        path, _, query = self.path.partition("?")
        if path != "/__slow-lms":
            super().do_GET()
            return
        time.sleep(min(int(query.removeprefix("ms=") or 0), 10_000) / 1000)
        self.send_response(204)
        self.end_headers()

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


#: What the hosting guide tells servers to compress, and the content-hashed names it tells
#: them to let browsers keep for a year (docs/staff/hosting.md, "Serving it compressed").
COMPRESSED_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript",
                    "application/json", "image/svg+xml", "text/plain", "application/xml")
CONTENT_HASHED = re.compile(r"[./-][0-9a-f]{8,12}\.(min\.)?(js|css)$")


class _CompressingHandler(_QuietHandler):
    """Serves as the hosting guide sets a server up: gzip, and a year for hashed names."""

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path).split(";")[0]
        if (not os.path.isfile(path) or kind not in COMPRESSED_TYPES
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with open(path, "rb") as source:
            body = gzip.compress(source.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        hashed = CONTENT_HASHED.search(self.path.split("?")[0])
        self.send_header("Cache-Control",
                         "public, max-age=31536000, immutable" if hashed else "no-cache")
        super().end_headers()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-answer (a test moving on) is not an
        error worth a traceback in the suite's output; anything else still prints one."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """A static file server on 127.0.0.1, optionally sending a CSP header, optionally
    compressing and caching as the hosting guide recommends (`compress`)."""

    def __init__(
        self, directory: Path, headers: dict[str, str] | None = None, compress: bool = False
    ) -> None:
        base = _CompressingHandler if compress else _QuietHandler
        handler = type("Handler", (base,), {"extra_headers": headers or {}})
        self._server = _QuietServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_port}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextlib.contextmanager
def served_at_its_own_address(project: str, folder: Path) -> Iterator[str]:
    """A sample project built for the address it is served at, so instant navigation is on.

    Material only navigates instantly to pages listed in sitemap.xml under the same
    address, so the server starts first and the site is built for its URL.
    """
    from conftest import PROJECTS, run_mkdocs_build

    site = folder / "site"
    site.mkdir()
    server = SiteServer(site)
    try:
        result = run_mkdocs_build(PROJECTS / project / "mkdocs.yml", site,
                                  env={"FOUR_SITE_URL": server.url})
        assert result.returncode == 0, result.stderr
        yield server.url
    finally:
        server.close()


@pytest.fixture(scope="session")
def instant_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample module, served with instant navigation on."""
    with served_at_its_own_address("sample", tmp_path_factory.mktemp("instant")) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    require_browser()
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    launched = playwright_instance.chromium.launch(
        executable_path=require_browser(), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """serve(site_dir, csp=False) -> base URL; servers stop after the test."""
    servers: list[SiteServer] = []

    def start(directory: Path, csp: bool = False) -> str:
        headers = {"Content-Security-Policy": STRICT_CSP} if csp else {}
        server = SiteServer(directory, headers)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.close()


class OffHostRequests:
    """Records every request a context makes to anything but 127.0.0.1."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def record(self, url: str) -> None:
        if not url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            self.seen.append(url)


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """new_context(**options): a fresh context that fails the test on any off-host request."""
    contexts: list[tuple[BrowserContext, OffHostRequests]] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        recorder = OffHostRequests()
        context.on("request", lambda request: recorder.record(request.url))
        # Answer anything off-host locally so a mistake cannot leave this machine.
        context.route(lambda url: not url.startswith("http://127.0.0.1:"),
                      lambda route: route.abort())
        contexts.append((context, recorder))
        return context

    yield make
    for context, recorder in contexts:
        context.close()
        assert recorder.seen == [], f"requests left 127.0.0.1: {recorder.seen}"


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


# Waits for every finite CSS transition and animation on the page to end. Colours part way
# through a transition (a button that was just clicked, 125 ms in Material) are neither the
# old nor the new ones, and axe would judge their contrast as if they stayed.
SETTLE_ANIMATIONS = """() => Promise.all(document.getAnimations()
    .filter(a => a.playState !== "finished"
        && Number.isFinite(a.effect?.getComputedTiming().endTime))
    .map(a => a.finished.catch(() => null)))"""
#: Two frames: a transition that a scroll or a click has just set off starts on the next
#: frame, and getAnimations() lists it only from then (Material's header swaps the site's
#: name for the page's title with one when the page scrolls back to the top).
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def settle(page: Page) -> None:
    """Wait until what the last action set moving has stopped (for audits and pictures)."""
    page.evaluate(NEXT_FRAMES)
    page.evaluate(SETTLE_ANIMATIONS)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """WCAG 2.x A/AA violations axe-core finds on the page once it has settled."""
    settle(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Only violations are read: axe then skips gathering the nodes that pass, which is most
    # of its time on a long page.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_TAGS)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2)


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default module (mkdocs.yml at the top of the repository), built once."""
    from conftest import run_mkdocs_build

    site = tmp_path_factory.mktemp("course") / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def staff_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default module's staff site, built once and served, its exit a local stub."""
    from .safe_sites import EXIT_STUB, build_staff_site

    folder = tmp_path_factory.mktemp("staff-site")
    (folder / "site").mkdir()
    server = SiteServer(folder / "site")
    build_staff_site(folder, server.url + EXIT_STUB)
    yield server.url
    server.close()


#: A phone's screen, as the layout and language tests hold one.
PHONE = {"width": 390, "height": 844}


def default_module_in(folder: Path, exit_url: str, language: str) -> Path:
    """A copy of the default module as a host sets it up for `language` (`theme.language`),
    its quick exit leading to `exit_url`."""
    project = folder / "project"
    project.mkdir()
    for name in ("docs", "quizzes"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, languages = re.subn(r"(?m)^  language: en$", f"  language: {language}", config)
    config, exits = re.subn(r"(?m)^(\s+exit_url:).*$", rf"\1 {exit_url}", config)
    assert (languages, exits) == (1, 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Iterator[Page]:
    """A phone-sized page that fails the test on any uncaught script error."""
    page = new_context(viewport=PHONE).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == []
