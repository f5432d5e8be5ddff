"""Right to left (issue 22): the page's direction reaches <html>, and the components' CSS
names no physical side, so it mirrors wherever the page runs right to left.

The browser half (an Urdu build on a phone: nothing overflows, the exit on the first
screen, axe) is tests/browser/test_rtl.py.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import copy_project, run_mkdocs_build
from four_lessons.site.theme_fixes import fix_theme_html

FRONTEND = Path(__file__).resolve().parent.parent / "plugins" / "four_lessons" / "frontend"

# -- <html dir> -------------------------------------------------------------------------------

#: The start of a page as mkdocs-material 9 writes it: `dir` on <body> only.
THEME_PAGE = (
    '<!doctype html>\n<html lang="{lang}" class="no-js">\n  <head>\n    <title>Page</title>\n'
    '  </head>\n  <body dir="{dir}" data-md-color-scheme="default">\n'
    '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
    ' autocomplete="off">\n    <header class="md-header">\n'
)


@pytest.mark.parametrize(("lang", "direction"), [("ur", "rtl"), ("ar", "rtl"), ("en", "ltr")])
def test_the_bodys_direction_is_copied_onto_html(lang: str, direction: str) -> None:
    page = fix_theme_html(THEME_PAGE.format(lang=lang, dir=direction))
    html = f'<html lang="{lang}" class="no-js" dir="{direction}">'
    assert page.startswith(f"<!doctype html>\n{html}\n")
    assert f'<body dir="{direction}" data-md-color-scheme="default">' in page
    assert 'autocomplete="off"' not in page  # the older fix still applies


def test_a_direction_already_on_html_is_left_alone() -> None:
    page = THEME_PAGE.format(lang="ur", dir="rtl")
    page = page.replace('class="no-js"', 'class="no-js" dir="ltr"')
    assert fix_theme_html(page) == page.replace(' autocomplete="off"', "")


def test_a_page_without_a_direction_is_left_alone() -> None:
    page = "<!doctype html><html lang=en><title>x</title><body><header>"
    assert fix_theme_html(page) == page
    # A dir="rtl" later in the page (content, after the header) is not the page's.
    late = '<!doctype html><html lang=en><body><header></header><p dir="rtl">x</p>'
    assert fix_theme_html(late) == late


def build_sample_with_theme(tmp_path: Path, settings: str) -> Path:
    """The sample project built strictly with `settings` added under ``theme:``; its site."""
    config = copy_project("sample", tmp_path) / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  name: material\n", f"  name: material\n{settings}", 1),
                      encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    return site


def test_an_urdu_build_says_rtl_on_html_and_body(tmp_path: Path) -> None:
    site = build_sample_with_theme(tmp_path, "  language: ur\n")
    for name in ("index.html", "404.html"):
        page = (site / name).read_text(encoding="utf-8")
        assert re.search(r'<html lang="ur"[^>]* dir="rtl">', page), page[:200]
        assert re.search(r'<body dir="rtl"', page)


@pytest.mark.parametrize(("language", "direction"), [("en", "rtl"), ("ur", "ltr")])
def test_the_modules_parts_follow_a_direction_the_theme_is_given(
    tmp_path: Path, language: str, direction: str
) -> None:
    # theme.direction overrides the language's own (Material: "config.theme.direction or
    # the language's"); the hosting guide says the module's parts follow the theme.
    site = build_sample_with_theme(
        tmp_path, f"  language: {language}\n  direction: {direction}\n"
    )
    page = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(f'<body dir="{direction}"', page)  # the theme's
    assert re.search(f'<html lang="{language}"[^>]* dir="{direction}">', page)
    meta = re.search(r'<meta name="four-lessons" content="([^"]*)">', page)
    assert meta is not None
    assert json.loads(unescape(meta[1]))["dir"] == direction  # the quick exit's words
    (messages,) = (site / "assets" / "four").glob("messages-*.js")
    assert f'"dir":"{direction}"' in messages.read_text(encoding="utf-8")  # every script's


# -- logical CSS ------------------------------------------------------------------------------

#: Properties that name a physical side of the line.
PHYSICAL = re.compile(
    r"(margin|padding|border)-(left|right)(-.*)?|(left|right)|border-(top|bottom)-(left|right)-radius"
)
#: Shorthands whose four values run top, right, bottom, left (border-radius: by corner).
SIDE_WORDS = (["left"], ["right"])
SIDES = {"margin", "padding", "inset", "border-width", "border-style", "border-color"}


def _values(value: str) -> list[str]:
    """`value` split on spaces outside brackets, without !important."""
    parts, depth, word = [], 0, ""
    for char in value.replace("!important", ""):
        depth += (char == "(") - (char == ")")
        if char.isspace() and depth == 0:
            if word:
                parts.append(word)
            word = ""
        else:
            word += char
    return [*parts, word] if word else parts


def physical_declarations(css: str) -> list[str]:
    """Declarations outside a [dir] rule that would not mirror in a right-to-left page."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found = []
    for selector, body in re.findall(r"([^{};]*)\{([^{}]*)\}", css):
        if "[dir" in selector or ":dir(" in selector:
            continue
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if not name or name.startswith("--"):
                continue
            values = _values(value)
            if (
                PHYSICAL.fullmatch(name)
                or (name in ("float", "clear", "text-align") and values[:1] in SIDE_WORDS)
                or (name in SIDES and len(values) == 4 and values[1] != values[3])
                or (name == "border-radius" and "/" not in values and len(values) in (2, 3, 4)
                    and values[0] != values[1])
                or (name.startswith("background") and {"left", "right"} & set(values))
            ):
                found.append(f"{selector.strip()} {{ {name}: {value} }}")
    return found


@pytest.mark.parametrize("sheet", sorted(p.name for p in FRONTEND.glob("*.css")))
def test_the_components_css_names_no_physical_side(sheet: str) -> None:
    """margin-left, left:, text-align: right, `margin: 0 auto 0 0`... stay put in a page
    that runs right to left; the logical names (margin-inline-start, inset-inline-start,
    text-align: start) follow it. A rule under [dir="rtl"] may name a side on purpose."""
    assert physical_declarations((FRONTEND / sheet).read_text(encoding="utf-8")) == []


def test_the_check_finds_each_kind_of_physical_side() -> None:
    css = """
    .a { margin-left: 1em; }  .b { padding-right: 0 }  .c { position: absolute; left: 0 }
    .d { border-left: 1px solid; }  .e { text-align: right; }  .f { float: left }
    .g { margin: 0 auto 0 0; }  .h { padding: 1px calc(2px + 1em) 1px 0 }
    .i { border-radius: 0 4px 4px 0 }  .j { background-position: left top }
    .k { border-left-width: 2px }
    /* margin-left: 1em in a comment */
    [dir="rtl"] .l { content: "\\25C2"; margin-right: 1em }
    .m { margin: 0 1em; padding: 1em 2em 3em; inset: 0; inset-inline-start: 1em }
    .n { text-align: start; border-inline-start: 1px solid; border-radius: .2rem }
    @media print { .o { margin: 1px 2px 3px 2px !important } }
    """
    found = physical_declarations(css)
    assert [f.split(" ", 1)[0] for f in found] == [
        ".a", ".b", ".c", ".d", ".e", ".f", ".g", ".h", ".i", ".j", ".k",
    ]
