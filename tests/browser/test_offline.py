"""No internet needed: the site served under the recommended CSP, and opened from disk.

Welfare teams run intranets with no internet access and strict browser policies, and
teachers hand the built folder out on USB sticks, so both must work with nothing but the
site's own files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import run_mkdocs_build

from .conftest import ROOT, STRICT_CSP
from .safe_sites import EXIT_STUB, STUB_HTML, build, sample_copy

EXERCISE = '[data-four-scenario="messages-after-match"]'
#: The quick exit must lead to another site (the build refuses anything else); from disk,
#: the test answers that one address itself, so nothing reaches a network.
OFFLINE_EXIT = "https://exit.example.invalid/weather.html"
#: An address on another host that a page would load by itself (not a link to follow).
LOADED_FROM_ELSEWHERE = re.compile(
    r'<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc="((?:https?:)?//[^"]+)"'
    r'|<link\b(?![^>]*rel="(?:canonical|alternate|prev|next)")[^>]*\bhref="((?:https?:)?//[^"]+)"'
)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built as the default module is: offline plugin, links to files."""
    tmp = tmp_path_factory.mktemp("offline")
    site = tmp / "site"
    project = sample_copy(tmp, exit_url=OFFLINE_EXIT, offline=True)
    return build(project, site)


@pytest.fixture
def disk_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context for file:// pages that fails the test on any request to any host."""
    context = browser.new_context()
    networked: list[str] = []
    failed: list[str] = []
    context.on("request", lambda request: networked.append(request.url)
               if not request.url.startswith(("file:", "data:", "blob:", "about:", OFFLINE_EXIT))
               else None)
    # (A request cut short by leaving the page fails as ERR_ABORTED; that is not missing.)
    context.on("requestfailed", lambda request: failed.append(request.url)
               if "ERR_FILE_NOT_FOUND" in (request.failure or "") else None)
    context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
    context.route(OFFLINE_EXIT, lambda route: route.fulfill(
        status=200, content_type="text/html", body=STUB_HTML))
    yield context
    context.close()
    assert networked == [], f"pages opened from disk made network requests: {networked}"
    assert failed == [], f"files the pages asked for are missing: {failed}"


def answer_exercise(page: Page) -> None:
    found = page.locator(EXERCISE)
    found.get_by_role("checkbox", name="Fixated").check()
    found.get_by_role("radio", name="Likely stalking").check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_contain_text("You got")


def test_the_built_folder_works_opened_from_disk(
    disk_context: BrowserContext, offline_site: Path
) -> None:
    page = disk_context.new_page()
    home = (offline_site / "index.html").as_uri()
    page.goto(home)
    # Links point at files, from the top bar and from the navigation.
    bar = page.locator("[data-four-topbar]")
    assert bar.get_by_role("link", name="Get help").evaluate("a => a.href") == (
        offline_site / "get-help.html").as_uri()
    assert bar.get_by_role("link", name="My progress").evaluate("a => a.href") == (
        offline_site / "my-progress.html").as_uri()
    page.locator(".md-nav--primary").get_by_role("link", name="Second").click()
    page.wait_for_url((offline_site / "second.html").as_uri())
    expect(page.locator('[data-four-scenario="asked-once"]')).to_be_visible()
    page.go_back()

    # An exercise can be answered, and the answer is kept (it comes back in brief).
    answer_exercise(page)
    page.reload()
    found = page.locator(EXERCISE)
    expect(found.get_by_role("status")).to_contain_text("You got")
    expect(found.get_by_role("radio", name="Likely stalking")).to_be_checked()

    # Search works without a server.
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("seasons")
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("Plain")
    result.get_by_role("link").first.click()
    page.wait_for_url(re.compile(re.escape((offline_site / "plain.html").as_uri())))

    # And the quick exit leaves.
    page.keyboard.press("Escape")
    page.wait_for_url(OFFLINE_EXIT)


def test_every_page_under_the_recommended_csp_loads_only_from_its_own_host(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], offline_site: Path
) -> None:
    # new_context fails the test if any request leaves 127.0.0.1.
    page = new_context().new_page()
    blocked: list[str] = []  # Chromium reports each CSP violation on the console
    page.on("console", lambda message: blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    base = serve(offline_site, csp=True)
    assert page.goto(base).headers["content-security-policy"] == STRICT_CSP  # type: ignore[union-attr]
    pages = sorted(p.relative_to(offline_site).as_posix() for p in offline_site.rglob("*.html")
                   if p.name != EXIT_STUB)
    assert {"index.html", "second.html", "plain.html", "get-help.html", "404.html"} <= set(pages)
    for name in pages:
        page.goto(base + name)
        expect(page.get_by_role("link", name="Exit this page")).to_be_visible()
    # Using the page: an exercise, and the search (a worker under CSP).
    page.goto(base)
    answer_exercise(page)
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("seasons")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Plain")
    assert blocked == []


def test_the_default_module_runs_under_the_recommended_csp_with_nothing_from_elsewhere(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], tmp_path: Path
) -> None:
    result = run_mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = new_context().new_page()  # fails the test if any request leaves 127.0.0.1
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(f"{page.url}: {message.text[:120]}")
            if "Content Security Policy" in message.text else None)
    base = serve(tmp_path / "site", csp=True)
    for html in sorted((tmp_path / "site").rglob("*.html")):
        page.goto(base + html.relative_to(tmp_path / "site").as_posix())
        bar = page.locator("[data-four-topbar]")
        expect(bar.get_by_role("link", name="Exit this page")).to_be_visible()
        expect(bar.get_by_role("link", name="Get help")).to_be_visible()
        expect(bar.get_by_role("link", name="My progress")).to_be_visible()
    assert blocked == [], "\n".join(blocked)


def test_offline_build_ships_its_own_search_shim(offline_site: Path) -> None:
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    shim = re.search(r'<script src="(assets/four/iframe-worker\.[0-9a-f]{8}\.js)"></script>', home)
    assert shim is not None and (offline_site / shim.group(1)).is_file()
    assert (offline_site / "search/search_index.js").is_file()
    for page in offline_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "unpkg" not in html, page
        # What the page itself loads; links a reader may follow (and rel=canonical) are fine.
        loads = [m.group(0) for m in LOADED_FROM_ELSEWHERE.finditer(html)]
        assert loads == [], f"{page.name} loads {loads}"


def test_the_hosting_guide_recommends_the_policy_the_suite_serves() -> None:
    guide = (ROOT / "docs" / "staff" / "hosting.md").read_text(encoding="utf-8")
    assert f"```text\n{STRICT_CSP}\n```" in guide
    assert f'"{STRICT_CSP}"' in guide  # the nginx and Apache lines


def test_the_default_module_is_set_up_to_work_offline() -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert config.use_directory_urls is False
    assert "material/offline" in config.plugins
    assert config.theme["font"] is False
    assert "navigation.instant" not in config.theme["features"]
    # Nothing in the theme setup that fetches from elsewhere (emoji CDNs, social cards...).
    assert not {"pymdownx.emoji", "pymdownx.magiclink"} & set(config.markdown_extensions)
    assert not {"material/social", "material/privacy"} & set(config.plugins)
