"""Where a lesson sits in the course, how long it takes, and where to go next.

A learner on a phone needs to know "Lesson 2 of 6, about 8 minutes" before starting, and a
clear way on at the end. Knows nothing of MkDocs: the adapter passes the lesson pages in
menu order, each with the menu section it sits in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

#: Reading speed used for the time estimate: slower than an adult's, for younger readers.
WORDS_PER_MINUTE = 120
#: Minutes a FOUR exercise and a knowledge check take, with their feedback.
EXERCISE_MINUTES = 2.0
QUIZ_MINUTES = 0.5


@dataclass(frozen=True)
class LessonStop:
    """A lesson page as the menu lists it."""

    key: str  # the adapter's own id for the page
    title: str
    section: str | None  # the menu section holding it, if any


@dataclass(frozen=True)
class Place:
    """Where a lesson sits: "Lesson 2 of 6", and the next lesson page, if any."""

    label: str
    next: LessonStop | None


def places(lessons: Sequence[LessonStop]) -> dict[str, Place]:
    """Each lesson's place.

    Lessons in one menu section are numbered together; a lesson on its own (a final check)
    is named as the last part of the course, or by its position.
    """
    found: dict[str, Place] = {}
    for index, stop in enumerate(lessons):
        siblings = [s for s in lessons if s.section == stop.section] if stop.section else [stop]
        if len(siblings) > 1:
            label = f"Lesson {siblings.index(stop) + 1} of {len(siblings)}"
        elif index == len(lessons) - 1 and len(lessons) > 1:
            label = "The last part of the course"
        else:
            label = f"Part {index + 1} of {len(lessons)}"
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        found[stop.key] = Place(label, following)
    return found


def reading_minutes(markdown: str, exercises: int, quizzes: int) -> int:
    """About how many minutes a page takes: reading, plus each exercise and check."""
    words = len(re.findall(r"[A-Za-z0-9']+", markdown))
    minutes = words / WORDS_PER_MINUTE + exercises * EXERCISE_MINUTES + quizzes * QUIZ_MINUTES
    return max(1, math.ceil(minutes))


def header_html(place: Place, minutes: int, left: str = "") -> str:
    """The line under a lesson's heading, then what the page holds to answer.

    ``left`` comes from ``progress.render_left``: a learner sees from the start what is
    still left on the page.
    """
    return (
        f'<p class="four-lesson-meta">{escape(place.label)} '
        f'<span aria-hidden="true">&middot;</span> about {minutes} minute'
        f'{"" if minutes == 1 else "s"}</p>'
    ) + (f"\n{left}" if left else "")


def footer_html(
    place: Place, next_href: str | None, progress_href: str | None, left: str = ""
) -> str:
    """The lesson's way on: the next lesson, or My progress after the last one.

    ``left`` (``progress.render_left(..., end=True)``) comes first: what is still missing
    on the page is named before the next lesson is offered.
    """
    if place.next is not None and next_href is not None:
        link = (
            f'<a class="md-button md-button--primary four-lesson-next__link" '
            f'href="{escape(next_href)}">Next: {escape(place.next.title)}</a>'
        )
    elif progress_href is not None:
        link = (
            f'<a class="md-button md-button--primary four-lesson-next__link" '
            f'href="{escape(progress_href)}">See your progress and certificate</a>'
        )
    else:
        return ""
    before = f"{left}\n" if left else ""
    return f'<nav class="four-lesson-next" aria-label="Next step">\n{before}<p>{link}</p>\n</nav>'
