"""The directive reader, in process: page source to (Markdown, problems), table by table.

In the style of Python-Markdown's ``assertMarkdownRenders`` and pymdown-extensions'
``check_markdown``: each row is a page as written and what the build makes of it, without
a build (milliseconds each). The builds in test_build.py and test_hostile_input.py cover
the pipeline around it.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from four_lessons.core.contacts import ContactBook, parse_contacts
from four_lessons.core.directives import DirectiveExpander, Output, Placement
from four_lessons.core.loader import load_scenarios
from four_lessons.core.module import load_module
from four_lessons.extension import ContentProblemsError, FourLessonsExtension

SAMPLE = Path(__file__).parent / "projects" / "sample"
SCENARIOS = load_scenarios(sorted((SAMPLE / "quizzes").glob("*.yml")), SAMPLE)
CONTACTS = parse_contacts(
    [
        {"id": "helpline", "name": "Sample Helpline", "phone": "0800 000 000"},
        {"id": "dsl", "name": "the DSL", "editions": ["university"]},
    ],
    "four-lessons: contacts",
)
# The extensions the default module's mkdocs.yml lists (ours aside).
EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist",
]


class Marks(Output):
    """Writes each expansion as a readable mark, to compare whole pages."""

    def exercise(self, placement: Placement) -> str:
        return f"EXERCISE({placement.scenario.id}, h{placement.level}, #{placement.dom_id})"

    def widget(self, name: str) -> str:
        return f"WIDGET({name})"

    def minutes(self, target: str) -> str:
        return f"MINUTES({target})"


def expand(source: str, edition: str = "school", staff: bool = False) -> tuple[str, list[str]]:
    expander = DirectiveExpander(
        SCENARIOS, ContactBook(CONTACTS, edition, None), edition, "Sample\nAcademy", staff
    )
    page = expander.expand(source, "docs/p.md", Marks())
    return page.markdown, [str(p) for p in page.problems]


STRAY = (
    "'[[four ...]]' must stand on a line of its own, in lower case, with nothing before or "
    "after it (not in a list, quote or table)"
)

# (source, expected Markdown, expected problems)
CASES = [
    pytest.param(
        "# T\n\n[[four asked-once]]\n",
        "# T\n\n\nEXERCISE(asked-once, h2, #four-asked-once)\n\n", [], id="placed",
    ),
    pytest.param(
        "## Try\n\n[[four tag:online]]\n",
        "## Try\n\n\nEXERCISE(messages-after-match, h3, #four-messages-after-match)\n\n", [],
        id="by-tag-under-h2",
    ),
    pytest.param(
        "[[four asked-once]]\n[[four asked-once]]\n",
        "\nEXERCISE(asked-once, h2, #four-asked-once)\n\n"
        "\nEXERCISE(asked-once, h2, #four-asked-once-2)\n\n", [], id="twice-unique-ids",
    ),
    pytest.param(
        "Text\n[[four asked-once]]\n", "Text\n\nEXERCISE(asked-once, h2, #four-asked-once)\n\n",
        [], id="after-a-paragraph-line",
    ),
    pytest.param(
        "```\n[[four asked-once]]\n```\n", "```\n[[four asked-once]]\n```\n", [],
        id="fenced-code-shows-it",
    ),
    pytest.param(
        "Para.\n\n    [[four asked-once]]\n", "Para.\n\n    [[four asked-once]]\n", [],
        id="indented-code-shows-it",
    ),
    pytest.param(
        "    code\n    [[four asked-once]]\n", "    code\n    [[four asked-once]]\n", [],
        id="indented-code-continues",
    ),
    pytest.param(
        "- item\n\n    [[four asked-once]]\n",
        "- item\n\n\n    EXERCISE(asked-once, h2, #four-asked-once)\n\n",
        [], id="list-text-is-not-code",
    ),
    pytest.param(
        '!!! note "Try"\n\n    [[four asked-once]]\n\n    Call [[contact helpline]].\n',
        '!!! note "Try"\n\n\n    EXERCISE(asked-once, h2, #four-asked-once)\n\n\n'
        "    Call Sample Helpline ([0800 000 000](tel:0800000000)).\n",
        [], id="admonition-content-is-not-code",
    ),
    pytest.param(
        "- item\n\n        code [[four asked-once]]\n",
        "- item\n\n        code [[four asked-once]]\n", [], id="code-in-a-list-item",
    ),
    pytest.param(
        "Para\n    [[four asked-once]]\n", "Para\n\nEXERCISE(asked-once, h2, #four-asked-once)\n\n",
        [], id="lazy-paragraph-line",
    ),
    pytest.param("- [[four asked-once]]\n", "- [[four asked-once]]\n",
                 [f"docs/p.md:1: {STRAY}"], id="in-a-list"),
    pytest.param("> [[four asked-once]]\n", "> [[four asked-once]]\n",
                 [f"docs/p.md:1: {STRAY}"], id="in-a-quote"),
    pytest.param("| [[four asked-once]] | x |\n", "| [[four asked-once]] | x |\n",
                 [f"docs/p.md:1: {STRAY}"], id="in-a-table"),
    pytest.param("[[FOUR asked-once]]\n", "[[FOUR asked-once]]\n",
                 [f"docs/p.md:1: {STRAY}"], id="capitals"),
    pytest.param(
        "<div>\n[[four asked-once]]\n</div>\n",
        "<div>\n\nEXERCISE(asked-once, h2, #four-asked-once)\n\n</div>\n", [],
        id="raw-html-placed",
    ),
    pytest.param(
        "<!--\n[[four asked-once]]\n-->\n", "<!--\n[[four asked-once]]\n-->\n", [],
        id="comment-hides-it",
    ),
    pytest.param(
        "<!-- open\n", "<!-- open\n",
        ["docs/p.md:1: this HTML comment ('<!--') is never closed, so it hides the rest of the "
         "page; add '-->' where it ends"], id="unclosed-comment",
    ),
    pytest.param(
        "~~~\nunclosed\n", "~~~\nunclosed\n",
        ["docs/p.md:1: this code block ('~~~') is never closed, so the rest of the page is not "
         "read for directives; add a '~~~' line where it ends"], id="unclosed-fence",
    ),
    pytest.param(
        "Call [[contact helpline]] at [[institution]].",
        "Call Sample Helpline ([0800 000 000](tel:0800000000)) at Sample Academy.", [],
        id="inline",
    ),
    pytest.param(
        "`[[contact helpline]]` <!-- [[contact nope]] --> [[contact helplin]]",
        "`[[contact helpline]]` <!-- [[contact nope]] --> helplin",
        ["docs/p.md:1: 'helplin' is not a configured contact; did you mean 'helpline'?"],
        id="inline-code-and-comment-left-alone",
    ),
    pytest.param(
        "[[contact dsl]]", "dsl",
        ["docs/p.md:1: contact 'dsl' is not configured for the school edition; put this line "
         "in an edition block or add the contact for school"], id="other-editions-contact",
    ),
    pytest.param(
        "about [[minutes lessons/a.md]] and [[minutes]]",
        "about MINUTES(lessons/a.md) and MINUTES()", [], id="minutes",
    ),
    pytest.param("[[progress]]\n", "\nWIDGET(progress)\n\n", [], id="widget"),
    pytest.param("[[progress x]]\n", "\n", ["docs/p.md:1: '[[progress]]' takes nothing after it"],
                 id="widget-argument"),
    pytest.param(
        "[[school]]\nS\n[[/school]]\n[[university]]\nU\n[[/university]]\n",
        "\nS\n\n\n\n\n", [], id="editions",
    ),
    pytest.param("[[staff]]\nT\n[[/staff]]\n", "\n\n\n", [], id="staff-block-on-the-learner-site"),
    pytest.param(
        "[[school]]\n[[university]]\n[[/university]]\n[[/school]]\n", "\n\n\n\n",
        ["docs/p.md:2: '[[university]]' opens inside the '[[school]]' block from line 1; close "
         "that one first with '[[/school]]'",
         "docs/p.md:3: '[[/university]]' closes a block that was never opened; add "
         "'[[university]]' before it or remove this line"], id="nested-blocks",
    ),
    pytest.param(
        "[[/school]]\n", "\n",
        ["docs/p.md:1: '[[/school]]' closes a block that was never opened; add '[[school]]' "
         "before it or remove this line"], id="close-unopened",
    ),
    pytest.param(
        "[[university]]\nx\n", "\n\n",
        ["docs/p.md:1: '[[university]]' is never closed; add '[[/university]]' after the last "
         "line of the block"], id="never-closed",
    ),
    pytest.param(
        "[[/four x]]\n", "\n",
        ["docs/p.md:1: '[[/four]]' closes nothing: only [[school]], [[university]] and "
         "[[staff]] blocks are closed; remove this line"], id="closing-a-directive",
    ),
    pytest.param("[[schol]]\n", "\n",
                 ["docs/p.md:1: '[[schol]]' is not a known directive; did you mean 'school'?"],
                 id="typo"),
    pytest.param(
        "[[contacts bogus]]\n", "\n",
        ["docs/p.md:1: 'bogus' is not a contact group; use emergency, crisis, talk, local, "
         "national"],
        id="unknown-group",
    ),
    pytest.param(
        "[[four nope]]\n[[four tag:none]]\n[[four]]\n", "\n\n\n",
        ["docs/p.md:1: no scenario has the id 'nope'; check the ids in quizzes/",
         "docs/p.md:2: no scenario has the tag 'none'; did you mean 'online'?",
         "docs/p.md:3: '[[four]]' needs a scenario id, like '[[four gaming-chat]]', or "
         "'tag:NAME'"], id="unknown-scenario-tag-none",
    ),
    pytest.param(
        "[[four " + "x" * 5000 + "]]\n", "\n",
        ["docs/p.md:1: no scenario has the id '" + "x" * 60 + "'; check the ids in quizzes/"],
        id="long-id-shortened",
    ),
]


@pytest.mark.parametrize(("source", "expected", "problems"), CASES)
def test_directives(source: str, expected: str, problems: list[str]) -> None:
    assert expand(source) == (expected, problems)


def test_the_other_edition_and_the_staff_site_keep_their_blocks() -> None:
    source = "[[university]]\nU [[contact dsl]]\n[[/university]]\n[[staff]]\nT\n[[/staff]]\n"
    assert expand(source, "university") == ("\nU the DSL\n\n\n\n\n", [])
    assert expand(source, "school", staff=True) == ("\n\n\n\nT\n\n", [])


def test_configured_text_stays_one_line_of_text() -> None:
    """Robustness N3: a line break in a contact or the institution started new Markdown (an
    attribute block, a heading); now it is folded, and braces and markup are escaped."""
    contacts = parse_contacts([{
        "id": "x", "name": "Help\n{ onclick=alert(1) }", "phone": "0800 1",
        "about": "Open\n# Fake heading\n<b>x</b>",
    }], "four-lessons: contacts")
    block = ContactBook(contacts, "school", None).block("A\nB", ("national",))
    assert "\n# Fake" not in block and "\n{" not in block
    assert "Help \\{ onclick=alert(1) \\}" in block
    assert "Open # Fake heading &lt;b&gt;x&lt;/b&gt;" in block


def test_line_and_nesting_limits_are_messages_not_tracebacks() -> None:
    """Robustness N11, N12: a 1 MB line and a 300-deep list, read in linear time."""
    source = "<a " * 350_000
    _, problems = expand(source)
    assert problems == [
        "docs/p.md:1: this line is 1,050,000 characters long, more than the 20,000 a page's "
        "line may be; break it into paragraphs"
    ]
    deep = "\n".join("    " * i + f"- level {i}" for i in range(300))
    _, problems = expand(deep)
    assert problems == [
        "docs/p.md:51: this line is nested more than 50 levels deep (lists or quotes); no "
        "reader can follow that, and Markdown cannot convert it: flatten it"
    ]
    _, problems = expand("`" + "a`" * 4000 + "[[contact " * 1000)
    assert problems == []


# -- the extension in plain Python-Markdown (portability) -----------------------------------

def standalone(edition: str = "school") -> markdown.Markdown:
    module = load_module(SAMPLE, {
        "scenarios_dir": "quizzes", "judgement_rule": None, "contacts_checked": "2026-11-01",
        "contacts_max_age_months": 1200,
        "contacts": [{"id": "helpline", "name": "Sample Helpline", "phone": "0800 000 000"}],
    })
    extension = FourLessonsExtension.standalone(
        module, edition, institution="Sample Academy", extensions=EXTENSIONS
    )
    return markdown.Markdown(extensions=[*EXTENSIONS, extension])


def test_plain_python_markdown_places_exercises_contacts_and_editions() -> None:
    """Whatever generator comes next runs Python-Markdown extensions: exercises, contacts,
    the institution and edition blocks work there without the plugin."""
    md = standalone()
    html = md.convert(
        "# A lesson\n\nAsk [[institution]] or call [[contact helpline]].\n\n"
        "[[school]]\nFor school.\n[[/school]]\n\n[[university]]\nFor university.\n"
        "[[/university]]\n\n## Try it\n\n[[four messages-after-match]]\n"
    )
    assert "<p>Ask Sample Academy or call Sample Helpline (<a href=\"tel:0800000000\">" in html
    assert "For school." in html and "For university." not in html
    assert html.count('data-four-scenario="messages-after-match"') == 1
    assert '<h3 class="four-exercise__title" id="four-messages-after-match-title">' in html
    assert "<strong>forty messages</strong>" in html and "data-four-answers" in html
    assert "[[" not in html and "\x02" not in html


def test_plain_python_markdown_raises_every_problem_at_once() -> None:
    md = standalone()
    with pytest.raises(ContentProblemsError) as caught:
        md.convert("# L\n\n[[four nope]]\n\n<img src=x\n  onerror=alert(1)>\n\n[[progress]]\n")
    assert [str(p) for p in caught.value.problems] == [
        "page:3: no scenario has the id 'nope'; check the ids in quizzes/",
        "page:5: 'onerror' would run code in learners' browsers; pages hold text, links and "
        "images only (scripts belong in the theme)",
        "page:8: '[[progress]]' needs every page of the site, which only a site build with the "
        "four-lessons plugin has",
    ]


def test_named_alone_the_extension_stops_the_build() -> None:
    """As a generator without MkDocs plugins loads it from mkdocs.yml (Zensical)."""
    from four_lessons.extension import PluginMissingError

    md = markdown.Markdown(extensions=["four_lessons.extension"])
    with pytest.raises(PluginMissingError, match="did not run the four-lessons plugin"):
        md.convert("# Any page\n")
