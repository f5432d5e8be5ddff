"""Unsafe HTML refused however it is written (issue 21, findings 2 and 3; robustness N1-N4).

The corpus (payloads.py) is walked in process, through the same Markdown extension a build
runs (milliseconds a page); real builds then show the same refusal with the file and line,
for pages, front matter and configuration, and that what is allowed lands escaped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, run_cli, run_mkdocs_build
from four_lessons.core.diagnostics import Problem
from four_lessons.core.safety import raw_html_findings
from four_lessons.extension import ContentProblemsError
from payloads import MARKDOWN_FORMS, PAYLOADS, PLACES
from test_directives import standalone

MD = standalone()


@pytest.mark.parametrize("place", [p for p, _ in PLACES], ids=[p for p, _ in PLACES])
@pytest.mark.parametrize("payload", [p for p, _ in PAYLOADS], ids=[p for p, _ in PAYLOADS])
def refused_or_inert(source: str) -> list[Problem] | str:
    """The problems a conversion of `source` raised, or the HTML it made."""
    try:
        return MD.reset().convert(source)
    except ContentProblemsError as error:
        return list(error.problems)


def is_inert(html: str) -> bool:
    """Markdown wrote the payload out as text: nothing in the finished HTML can run.

    Judged with the checks' own reader, which ends comments as browsers do; the browser
    test (browser/test_untrusted_content.py) loads these pages in Chromium to be sure.
    """
    findings, _, unfinished = raw_html_findings(html)
    return not findings and not unfinished


@pytest.mark.parametrize("place", [p for p, _ in PLACES], ids=[p for p, _ in PLACES])
@pytest.mark.parametrize("payload", [p for p, _ in PAYLOADS], ids=[p for p, _ in PAYLOADS])
def test_every_payload_in_every_place_is_refused_or_inert(payload: str, place: str) -> None:
    html = dict(PAYLOADS)[payload]
    source = "# A lesson\n\n" + dict(PLACES)[place].format(html)
    outcome = refused_or_inert(source)
    if isinstance(outcome, str):
        assert is_inert(outcome), outcome
        return
    lines = {p.location.line for p in outcome}
    first = source[: source.index(html)].count("\n") + 1
    assert lines & set(range(first, first + html.count("\n") + 1)), outcome


@pytest.mark.parametrize(("name", "source"), MARKDOWN_FORMS, ids=[n for n, _ in MARKDOWN_FORMS])
def test_markdown_that_writes_unsafe_attributes_is_refused_or_inert(
    name: str, source: str
) -> None:
    outcome = refused_or_inert("# A lesson\n\n" + source)
    if isinstance(outcome, str):
        assert is_inert(outcome), outcome
    else:
        assert any(p.location.line in (3, 4, 5) for p in outcome), outcome


def test_most_of_the_corpus_is_refused_not_only_escaped() -> None:
    """Inert is a fallback: what an author wrote as HTML is refused with a message."""
    outcomes = [
        refused_or_inert("# A lesson\n\n" + place.format(html))
        for _, html in PAYLOADS for _, place in PLACES
    ]
    refused = [o for o in outcomes if not isinstance(o, str)]
    assert len(refused) > 0.8 * len(outcomes)


def test_what_pages_may_hold_is_not_refused() -> None:
    """The checks refuse what could run, load, hide or cover; a lesson's ordinary HTML and
    the module's content hooks pass."""
    html = MD.reset().convert(
        "# A lesson\n\n<div class=\"four-home\" data-four-home markdown>\n\n"
        "[Start](lessons/a.md){ .md-button .md-button--primary data-four-home-start }\n\n"
        "</div>\n\n<details><summary>More</summary><p>Text <a href=\"https://x.org/\">link</a>"
        "</p></details>\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n<!-- a note -->\n\n"
        "<img src=\"../assets/x.png\" alt=\"x\" width=\"10\">\n"
    )
    assert 'data-four-home-start' in html and 'style="text-align: left;"' in html


def test_the_reader_ends_comments_where_browsers_do() -> None:
    """Python's HTML parser took these for one comment; a browser runs the image."""
    for text in ("<!--><img src=x onerror=a()>-->", "<!---><img src=x onerror=a()>-->",
                 "<!-- x --!><img src=x onerror=a()>-->"):
        findings, _, _ = raw_html_findings(text)
        assert [f.message.split("'")[1] for f in findings] == ["onerror"], text


def build(tmp_path: Path, changes: dict[str, str]) -> tuple[Path, str]:
    project = copy_project("sample", tmp_path)
    for relative, text in changes.items():
        path = project / relative
        path.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    return project, result.stderr if result.returncode else ""


def test_pages_and_front_matter_are_refused_in_the_build_and_by_check(tmp_path: Path) -> None:
    """Robustness N1: split tags, entities, attr_list, SVG and front matter all passed the
    strict build; each is now one line naming the file and line, in check too."""
    project, stderr = build(tmp_path, {
        "docs/plain.md": (
            "---\ndescription: Fine\ntitle: '<img src=x onerror=alert(1)>'\n---\n\n"
            "# Plain\n\n<img src=\"x\"\n     onerror=\"window.__ran=1\">\n\n"
            "<meta http-equiv=\"refresh\"\n      content=\"0;url=https://evil.example/\">\n\n"
            "A paragraph.\n{ onclick=\"window.__ran=1\" }\n\n"
            "<svg><a xlink:href=\"java&#115;cript:window.__ran=1\"><text>x</text></a></svg>\n"
        ),
    })
    expected = [
        "docs/plain.md:3: front matter 'title': 'onerror' would run code in learners' "
        "browsers; pages hold text, links and images only (scripts belong in the theme)",
        "docs/plain.md:8: 'onerror' would run code in learners' browsers; pages hold text, "
        "links and images only (scripts belong in the theme)",
        "docs/plain.md:11: '<meta>' could send learners to another page (a refresh) without a "
        "click; remove it",
        "docs/plain.md:11: 'http-equiv' could send learners to another page without a click; "
        "remove it",
        "docs/plain.md:15: 'onclick' would run code in learners' browsers; pages hold text, "
        "links and images only (scripts belong in the theme)",
        "docs/plain.md:17: 'xlink:href' leads to a 'javascript' address, which would run code "
        "in learners' browsers; pages hold text, links and images only",
    ]
    assert f"{len(expected)} problems in the lesson pages:\n" in stderr
    for line in expected:
        assert f"  {line}\n" in stderr
    check = run_cli("check", cwd=project)
    assert check.stderr == "\n".join(expected) + f"\n{len(expected)} problem(s) found.\n"


def test_configured_text_that_would_run_is_refused(tmp_path: Path) -> None:
    """Robustness N4: site_description and copyright were written raw into every page."""
    config = (copy_project("sample", tmp_path / "x") / "mkdocs.yml").read_text()
    _, stderr = build(tmp_path, {"mkdocs.yml": config.replace(
        "site_name: Sample module\n",
        "site_name: Sample module\nsite_description: '<img src=x onerror=alert(1)>'\n"
        "copyright: '<a href=\"javascript:alert(1)\">me</a>'\n",
    )})
    assert (
        "2 problems in the configuration:\n"
        "  mkdocs.yml: site_description: 'onerror' would run code in learners' browsers; "
        "pages hold text, links and images only (scripts belong in the theme)\n"
        "  mkdocs.yml: copyright: 'href' leads to a 'javascript' address, which would run code "
        "in learners' browsers; pages hold text, links and images only\n"
    ) in stderr


def test_configured_text_lands_escaped_on_one_line(tmp_path: Path) -> None:
    """Robustness N3, N4: a quote in site_name added attributes to every page; a line break
    in a contact started an attribute block in the help list."""
    config = (copy_project("sample", tmp_path / "x") / "mkdocs.yml").read_text()
    _, stderr = build(tmp_path, {
        "mkdocs.yml": config.replace(
            "site_name: Sample module",
            "site_name: 'Sample \" data-injected=\"1'\n"
            "site_description: 'A \" onmouseover=\"x'\ncopyright: 'Tom & Jerry \"quoted\"'",
        ).replace(
            "          hours: every day",
            "          hours: every day\n          about: \"Line one\\n{ onclick=x }\\n# Heading\"",
        ),
        "docs/my-progress.md": "# Help\n\n[[contacts]]\n",
    })
    assert not stderr, stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-injected="' not in home
    assert 'aria-label="Sample &quot; data-injected=&quot;1"' in home
    assert '<meta name="description" content="A &quot; onmouseover=&quot;x">' in home
    assert "Tom &amp; Jerry &quot;quoted&quot;" in home
    help_page = (tmp_path / "site" / "my-progress" / "index.html").read_text(encoding="utf-8")
    item = re.search(r"<li><strong>Sample Helpline</strong>.*?</li>", help_page, re.S)
    assert item is not None
    assert "Line one { onclick=x } # Heading" in item.group(0)
    assert "onclick=" not in item.group(0).replace("{ onclick=x }", "")
