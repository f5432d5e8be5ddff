"""Page speed that does not depend on the machine (issue 24), in a real browser.

The search index waits until a learner goes to search; a site served the way the hosting
guide says (compressed, scripts and styles kept for a year) works and sends every text file
compressed; and nothing on the certificate moves when its script fills it in. Lighthouse's
score itself is a benchmark (benchmarks/lighthouse.py), never a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Request, expect

from .conftest import COMPRESSED_TYPES, CONTENT_HASHED, STRICT_CSP, SiteServer

INDEX = "search/search_index.json"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def compressed(course_site: Path) -> Iterator[str]:
    """The default module served as the hosting guide recommends: gzip, caching, the CSP."""
    server = SiteServer(course_site, {"Content-Security-Policy": STRICT_CSP}, compress=True)
    yield server.url
    server.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_search_index_waits_until_the_learner_goes_to_search(
    new_context: Callable[..., BrowserContext], compressed: str, size: str
) -> None:
    phone = size == "phone"
    context = new_context(viewport=PHONE if phone else DESKTOP,
                          has_touch=phone, is_mobile=phone)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(compressed + "lessons/what-is-stalking.html")
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if INDEX in url] == []
    if phone:  # the magnifier in the header, as a thumb reaches it
        page.locator('label.md-header__button[for="__search"]').tap()
    else:
        page.get_by_role("textbox", name="Search").click()
    query = page.get_by_role("textbox", name="Search")
    expect(query).to_be_focused()
    query.press_sequentially("grooming")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert [url for url in asked if INDEX in url] == [compressed + INDEX]


def test_a_site_served_compressed_and_cached_works_and_sends_text_compressed(
    new_context: Callable[..., BrowserContext], compressed: str
) -> None:
    page = new_context(viewport=PHONE).new_page()
    responses: list[tuple[str, str, dict[str, str]]] = []

    def record(request: Request) -> None:
        response = request.response()
        if response is not None:
            kind = response.headers.get("content-type", "").split(";")[0]
            responses.append((request.url, kind, response.headers))

    page.on("requestfinished", record)
    page.goto(compressed + "lessons/what-is-stalking.html")
    exercise = page.locator("[data-four-scenario]").first
    exercise.get_by_role("checkbox", name=re.compile("^Repeated")).check()
    exercise.get_by_role("radio", name=re.compile("^Warning signs")).check()
    exercise.get_by_role("button", name=re.compile("Check")).click()
    expect(exercise.get_by_role("status")).to_contain_text("out of 5")
    page.keyboard.press("/")
    page.get_by_role("textbox", name="Search").press_sequentially("stalking")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    text = [(url, headers) for url, kind, headers in responses if kind in COMPRESSED_TYPES]
    assert len(text) > 10
    assert [url for url, headers in text if headers.get("content-encoding") != "gzip"
            and int(headers.get("content-length", "0")) > 1024] == []
    for url, headers in text:
        expected = "max-age=31536000" if CONTENT_HASHED.search(url) else "no-cache"
        assert expected in headers.get("cache-control", ""), url
    assert any(CONTENT_HASHED.search(url) for url, _ in text)


def test_nothing_on_the_certificate_moves_when_its_script_fills_it_in(
    new_context: Callable[..., BrowserContext], compressed: str
) -> None:
    """On a slow phone the page is drawn before its scripts arrive; what they write must
    take the room the words they replace took (Lighthouse measured a 26 px jump at 412 px).
    The paragraph after the certificate is measured with scripts off and on, at every
    width from a small phone's to a laptop's."""
    widths = range(340, 1290, 10)
    tops: dict[bool, list[int]] = {}
    for scripts in (False, True):
        context = new_context(viewport=PHONE)
        if not scripts:
            context.route("**/*.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(compressed + "certificate.html")
        words = r"You have completed \d of" if scripts else "It needs JavaScript"
        expect(page.get_by_text(re.compile(words))).to_be_visible()
        after = page.locator(".md-content p", has_text="If anything in this course")
        tops[scripts] = []
        for width in widths:
            page.set_viewport_size({"width": width, "height": 844})
            box = after.bounding_box()
            assert box is not None
            tops[scripts].append(round(box["y"]))
    moved = [(width, off, on)
             for width, off, on in zip(widths, tops[False], tops[True], strict=True) if off != on]
    assert moved == []
