"""The learner's progress, server side: which pages count, and the HTML the scripts fill in.

Progress itself lives only in the learner's browser (see ``assets/four/store.js``). What
the build contributes is the skeleton: every lesson and exercise by title, so the My
progress page reads (and prints) with scripts off; a map of each lesson's exercises and
knowledge checks (one script file), so pages can mark completed lessons in the
navigation; and the end-of-page control on lessons that have nothing to answer.

Knows nothing of MkDocs: the caller passes plain data in.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .scenarios import CONTRACT
from .script_files import registry_script
from .templating import DEFAULT, Templates

# mkdocs-quiz turns each <quiz> into a placeholder comment while reading Markdown, then into
# a `<div class="quiz ...">` after conversion; either may be what a page holds when we count,
# depending on the order of the plugins in mkdocs.yml.
_QUIZ_BLOCK = re.compile(r"^<quiz>\s*$", re.MULTILINE)
_QUIZ_PLACEHOLDER = "<!-- MKDOCS_QUIZ_PLACEHOLDER_"
_QUIZ_PLACEHOLDERS = re.compile(r"<!-- MKDOCS_QUIZ_PLACEHOLDER_\d+ -->")


@dataclass(frozen=True)
class ExerciseItem:
    """One FOUR exercise as the progress page lists it."""

    id: str
    title: str


@dataclass(frozen=True)
class PageItem:
    """One page whose progress is tracked: a lesson, or another page with exercises.

    Attributes:
        id: the page's stable id (its Markdown path without ``.md``), used as the storage
            key, so moving a page in the navigation keeps its progress.
        title: the page's title as the navigation shows it.
        url: the page's address relative to the site root.
        lesson: whether it counts towards completing the module (and the certificate).
        exercises: the FOUR exercises on it, in page order, each once.
        quizzes: how many mkdocs-quiz knowledge checks it holds.
    """

    id: str
    title: str
    url: str
    lesson: bool
    exercises: tuple[ExerciseItem, ...] = ()
    quizzes: int = 0

    @property
    def answerable(self) -> bool:
        """Whether the page has something to answer (otherwise reading it to the end counts)."""
        return bool(self.exercises) or self.quizzes > 0


def page_id(src_uri: str) -> str:
    """A page's stable id: its path in ``docs/`` without ``.md`` (``lessons/online``).

    Kept apart from the page's URL so the same module keeps the same ids whether it is built
    with ``use_directory_urls`` or without (as for a SCORM package). Any file name makes an
    id (``lessons/my lesson``, ``lessons/café``; the progress store accepts every printable
    character), in Unicode's composed form (NFC), so a page keeps its id when the module is
    copied from a Mac, whose file names decompose accented letters.
    """
    uri = unicodedata.normalize("NFC", src_uri)
    return uri[:-3] if uri.endswith(".md") else uri


_PAGE_ID_FORBIDDEN_CHARACTERS = re.compile(CONTRACT["pageIdForbiddenCharacters"])


def page_id_problem(identifier: str) -> str | None:
    """Why the progress store would refuse this page id (contract.json), or None."""
    if identifier in CONTRACT["pageIdForbidden"]:
        return f"the page name '{identifier}' is reserved; rename the page"
    if _PAGE_ID_FORBIDDEN_CHARACTERS.search(identifier):
        return (
            "the page's path holds a control character, so its progress could not be kept; "
            "rename the file"
        )
    if len(identifier) > CONTRACT["pageIdMaxLength"]:
        return (
            f"the page's path is longer than {CONTRACT['pageIdMaxLength']} characters, so its "
            "progress could not be kept; use a shorter folder or file name"
        )
    return None


def shared_page_ids(src_uris: Sequence[str]) -> list[tuple[str, ...]]:
    """Pages whose paths differ but whose page ids are the same, each group once.

    Two file names that differ only in Unicode form (``café.md`` composed and decomposed,
    as a Mac and Linux may each save it) make one id: the pages would share one progress
    record, and the module map would list one lesson twice.
    """
    groups: dict[str, list[str]] = {}
    for uri in src_uris:
        groups.setdefault(page_id(uri), []).append(uri)
    return [tuple(uris) for uris in groups.values() if len(uris) > 1]


def matches_any(src_uri: str, patterns: Sequence[str]) -> bool:
    """Whether a page's path matches one of the shell-style patterns.

    The ``lessons`` and ``staff_pages`` options are such patterns. In them ``*`` matches
    across folders too, so ``lessons/*`` takes every page under ``lessons/``.
    """
    return any(fnmatch.fnmatchcase(src_uri, pattern) for pattern in patterns)


def count_quizzes(html: str) -> int:
    """How many mkdocs-quiz knowledge checks a page's HTML holds."""
    # Counted by plain searches, not the pattern: it would stop at every "<" of a page.
    # Each form starts with "<", so no two finds overlap, and each is counted once.
    count = html.count('<div class="quiz ') + html.count('<div class="quiz"')
    if _QUIZ_PLACEHOLDER in html:
        count += len(_QUIZ_PLACEHOLDERS.findall(html))
    return count


def count_quiz_blocks(markdown: str) -> int:
    """How many mkdocs-quiz knowledge checks a page's Markdown holds (``<quiz>`` blocks).

    For pages a build did not convert (``--dirty``).
    """
    return len(_QUIZ_BLOCK.findall(markdown))


def unique_exercises(items: Sequence[ExerciseItem]) -> tuple[ExerciseItem, ...]:
    """The exercises in order, each once (a scenario placed twice on a page counts once)."""
    seen: set[str] = set()
    result = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            result.append(item)
    return tuple(result)


def practice_pages(pages: Sequence[PageItem]) -> list[PageItem]:
    """The pages outside the lessons that add something to answer.

    Each keeps only the exercises not listed before it (lessons first), so every exercise is
    listed once and a page that only repeats lesson exercises (a worksheet, say) is left out.
    """
    listed = {e.id for p in pages if p.lesson for e in p.exercises}
    result = []
    for page in pages:
        if page.lesson:
            continue
        new = tuple(e for e in page.exercises if e.id not in listed)
        listed.update(e.id for e in new)
        if new or page.quizzes:
            result.append(dataclasses.replace(page, exercises=new))
    return result


def module_map(pages: Sequence[PageItem]) -> list[list[Any]]:
    """The lessons, in order, as the progress scripts need them.

    Compact, because it grows with the module: each lesson is ``[page id, URL from the site
    root, [exercise ids], number of knowledge checks]``.
    """
    return [[p.id, p.url, [e.id for e in p.exercises], p.quizzes] for p in pages if p.lesson]


def module_script(pages: Sequence[PageItem]) -> tuple[str, str]:
    """The module map as a script file: its name and its text (script_files.py).

    It sets ``Four.module``, read where progress is saved or shown (by four.js), instead
    of weighing on every page.
    """
    return registry_script("module", "module", {"lessons": module_map(pages)})


def render_page_end(page: PageItem, templates: Templates = DEFAULT) -> str:
    """The marker at the end of a tracked page, which names the page for the scripts.

    On a lesson with nothing to answer it also holds the "Mark this page as done" control,
    hidden until the scripts run.
    """
    return templates.render("page-end.html", page=page)


def render_left(page: PageItem, end: bool = False, templates: Templates = DEFAULT) -> str:
    """What a lesson page holds to answer, each item a link: near its top, or at its end.

    Empty for a page with nothing to answer (its end-of-page marker does that job). The
    scripts (lesson.js) turn it into what is still left and keep it up to date; at the end
    it shows only while something is left, before the way on to the next lesson.
    """
    if not page.answerable:
        return ""
    return templates.render("left.html", page=page, end=end)


def render_progress(
    pages: Sequence[PageItem],
    hrefs: dict[str, str],
    certificate_href: str | None,
    templates: Templates = DEFAULT,
) -> str:
    """The My progress page's list and controls.

    Args:
        pages: every tracked page, lessons first in navigation order.
        hrefs: each page id's link from the progress page.
        certificate_href: the link to the certificate page, if the module has one.
        templates: the build's templates (a site's overrides first).
    """
    lessons = [p for p in pages if p.lesson]
    return templates.render(
        "progress.html",
        lessons=lessons,
        others=practice_pages(pages),
        hrefs=hrefs,
        exercise_count=len({e.id for p in lessons for e in p.exercises}),
        certificate_href=certificate_href,
    )


def render_certificate(
    module_title: str,
    lesson_count: int,
    progress_href: str | None,
    institution: str = "",
    templates: Templates = DEFAULT,
) -> str:
    """The certificate, filled in by the scripts once every lesson is complete."""
    return templates.render(
        "certificate.html",
        module_title=module_title,
        lesson_count=lesson_count,
        progress_href=progress_href,
        institution=institution,
    )
