"""The accessibility statement's contact (issue 24): configured once, checked, escaped.

``accessibility_contact`` in the four-lessons block names who to tell about a problem; the
Accessibility page writes it where it says ``[[accessibility-contact]]``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, run_cli, run_mkdocs_build
from four_lessons.core.contacts import ContactBook, ContactError, parse_report_contact
from four_lessons.core.directives import DirectiveExpander
from four_lessons.core.i18n import load_catalogue
from four_lessons.core.scenarios import ScenarioSet

WHERE = "mkdocs.yml: four-lessons: accessibility_contact"


def test_every_way_to_reach_them_is_written_as_a_link() -> None:
    contact = parse_report_contact(
        {"name": "the IT service desk", "email": "it_help@example.ac.uk",
         "phone": "01632 960000", "url": "https://example.ac.uk/accessibility"}, WHERE)
    assert contact.phrase() == (
        "the IT service desk (email [it\\_help@example.ac.uk](mailto:it_help@example.ac.uk), "
        "phone [01632 960000](tel:01632960000) or [website](https://example.ac.uk/accessibility))"
    )
    assert parse_report_contact({"name": "the school office"}, WHERE).phrase() == (
        "the school office")
    assert parse_report_contact({"name": "the office", "phone": 1632960000}, WHERE).phrase() == (
        "the office (phone [1632960000](tel:1632960000))")


def test_on_a_page_in_a_language_without_a_catalogue_the_english_words_are_marked() -> None:
    """WCAG 3.1.2: the phrase's words are English on a Polish page; the name is the page's."""
    contact = parse_report_contact({"name": "sekretariat", "phone": "01632 960000"}, WHERE)
    assert contact.phrase(load_catalogue("pl")) == (
        '<span lang="en" dir="ltr"><span lang="pl" dir="ltr">sekretariat</span> '
        "(phone [01632 960000](tel:01632960000))</span>"
    )
    # A name alone has no interface words to mark.
    assert parse_report_contact({"name": "sekretariat"}, WHERE).phrase(
        load_catalogue("pl")) == "sekretariat"


def test_configured_markup_stays_text() -> None:
    contact = parse_report_contact(
        {"name": "Office <img src=x onerror=alert(1)> [x](javascript:alert(1))"}, WHERE)
    assert contact.phrase() == (
        "Office &lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1))")


def test_every_mistake_is_named_at_once() -> None:
    with pytest.raises(ContactError) as raised:
        parse_report_contact({"nmae": "x", "email": "office at school", "phone": "ask reception",
                              "url": "javascript:alert(1)"}, WHERE)
    # A heading line, then each problem on its own line (the Problems report's form).
    assert [line.strip() for line in str(raised.value).splitlines()[1:]] == [
        f"{WHERE}: 'nmae' is not a known field; did you mean 'name'?",
        f"{WHERE}: 'name' is required, such as 'the school office'",
        f"{WHERE}: 'email' must be one address, such as office@example.sch.uk, "
        "not 'office at school'",
        f"{WHERE}: 'phone' must be a number to dial, like 01632 960000, not 'ask reception'",
        f"{WHERE}: 'url' must be a full web address such as "
        "https://www.example.sch.uk/accessibility, not 'javascript:alert(1)'",
    ]
    for email in ("a@b", "a@b.uk)<script>", "a b@c.uk", "x@y.uk?subject=(", "<a@b.uk>"):
        with pytest.raises(ContactError):
            parse_report_contact({"name": "x", "email": email}, WHERE)
    with pytest.raises(ContactError, match="expected fields like 'name: the school office'"):
        parse_report_contact("the office", WHERE)


def expander(contact: object = None) -> DirectiveExpander:
    report = parse_report_contact(contact, WHERE) if contact is not None else None
    return DirectiveExpander(ScenarioSet(()), ContactBook((), "school", None), "school",
                             "Sample Academy", accessibility_contact=report)


def test_the_page_directive_writes_the_contact_or_says_what_to_set() -> None:
    page = expander({"name": "the office", "email": "office@example.sch.uk"}).expand(
        "Tell [[accessibility-contact]].\n\n`[[accessibility-contact]]` in code stays.\n",
        "docs/accessibility.md")
    assert page.problems == []
    assert page.markdown.splitlines()[0] == (
        "Tell the office (email [office@example.sch.uk](mailto:office@example.sch.uk)).")
    assert "`[[accessibility-contact]]` in code stays." in page.markdown
    missing = expander().expand("Tell\n[[accessibility-contact]]\n", "docs/accessibility.md")
    assert [str(p) for p in missing.problems] == [
        "docs/accessibility.md:2: '[[accessibility-contact]]' names no one: set "
        "'accessibility_contact' in the four-lessons block of mkdocs.yml (a name, and an "
        "email, phone or url)"
    ]


def with_statement(tmp_path: Path, contact: str | None) -> Path:
    project = copy_project("sample", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if contact is not None:
        text = text.replace("      institution: Sample Academy\n",
                            f"      institution: Sample Academy\n{contact}", 1)
    config.write_text(text.replace("  - Plain: plain.md\n",
                                   "  - Plain: plain.md\n  - Accessibility: accessibility.md\n"),
                      encoding="utf-8")
    (project / "docs" / "accessibility.md").write_text(
        "# Accessibility\n\nTell [[accessibility-contact]] about a problem.\n", encoding="utf-8")
    return project


def test_a_built_statement_names_the_configured_contact(tmp_path: Path) -> None:
    project = with_statement(tmp_path, (
        "      accessibility_contact:\n"
        "        name: Sample Academy's office <b>\n"
        "        email: office@sample.example\n"))
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    page = (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert (
        "<p>Tell Sample Academy's office &lt;b&gt; (email "
        '<a href="mailto:office@sample.example">office@sample.example</a>) about a problem.</p>'
    ) in page
    # Not a help service: the Get help list does not carry it.
    help_page = (site / "index.html").read_text(encoding="utf-8")
    assert "office@sample.example" not in help_page


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        (None, "docs/accessibility.md:3: '[[accessibility-contact]]' names no one: set "
               "'accessibility_contact' in the four-lessons block of mkdocs.yml"),
        ("      accessibility_contact:\n        name: the office\n        email: office\n",
         f"{WHERE}: 'email' must be one address, such as office@example.sch.uk, not 'office'"),
    ],
)
def test_check_and_build_stop_with_one_line_that_says_what_to_set(
    tmp_path: Path, contact: str | None, message: str
) -> None:
    project = with_statement(tmp_path, contact)
    for result in (run_cli("check", cwd=project),
                   run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert message in result.stderr
