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

from markupsafe import Markup

from .templating import DEFAULT, Templates

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
    """Where a lesson sits ("Lesson 2 of 6"), and the next lesson page, if any.

    `kind` says how it is named (lesson-header.html words it in the site's language):
    ``lesson`` (number of count in its menu section), ``last`` (the last part of the
    course) or ``part`` (number of count in the course).
    """

    kind: str
    number: int
    count: int
    next: LessonStop | None

    @property
    def label(self) -> str:
        """The place in English, for messages to authors."""
        if self.kind == "last":
            return "The last part of the course"
        return f"{self.kind.capitalize()} {self.number} of {self.count}"


def places(lessons: Sequence[LessonStop]) -> dict[str, Place]:
    """Each lesson's place.

    Lessons in one menu section are numbered together; a lesson on its own (a final check)
    is named as the last part of the course, or by its position.
    """
    found: dict[str, Place] = {}
    for index, stop in enumerate(lessons):
        siblings = [s for s in lessons if s.section == stop.section] if stop.section else [stop]
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        if len(siblings) > 1:
            place = Place("lesson", siblings.index(stop) + 1, len(siblings), following)
        elif index == len(lessons) - 1 and len(lessons) > 1:
            place = Place("last", index + 1, len(lessons), following)
        else:
            place = Place("part", index + 1, len(lessons), following)
        found[stop.key] = place
    return found


def reading_minutes(markdown: str, exercises: int, quizzes: int) -> int:
    """About how many minutes a page takes: reading, plus each exercise and check."""
    words = len(re.findall(r"[A-Za-z0-9']+", markdown))
    minutes = words / WORDS_PER_MINUTE + exercises * EXERCISE_MINUTES + quizzes * QUIZ_MINUTES
    return max(1, math.ceil(minutes))


def header_html(
    place: Place, minutes: int, left: str = "", templates: Templates = DEFAULT
) -> str:
    """The line under a lesson's heading, then what the page holds to answer.

    ``left`` comes from ``progress.render_left``: a learner sees from the start what is
    still left on the page. The markup is lesson-header.html.
    """
    return templates.render(
        "lesson-header.html", place=place, minutes=minutes, left=Markup(left)
    )


def footer_html(
    place: Place,
    next_href: str | None,
    progress_href: str | None,
    left: str = "",
    templates: Templates = DEFAULT,
) -> str:
    """The lesson's way on (lesson-footer.html): the next lesson, or My progress.

    ``left`` (``progress.render_left(..., end=True)``) comes first: what is still missing
    on the page is named before the next lesson is offered.
    """
    return templates.render(
        "lesson-footer.html",
        place=place,
        next_href=next_href if place.next is not None else None,
        progress_href=progress_href,
        left=Markup(left),
    )
