"""The Welsh catalogue (cy.po): complete, well formed, and counting as Welsh counts.

Welsh has six plural forms (zero, one, two, few, many, other: 0, 1, 2, 3, 6, the rest) and
the number changes the noun after it (dau gwis, tri chwis, dwy wers): each count below is
checked word for word, as a Welsh reader should see it.
"""

from __future__ import annotations

from four_lessons.core.i18n import message_problems

#: The English of a count message, and a Welsh translation that writes number words.
ENGLISH_SHOWING = (
    "{count, plural, one {Showing # scenario in {setting}.} "
    "other {Showing all # scenarios in {setting}.}}"
)
WELSH_SHOWING = (
    "{count, plural, one {Yn dangos un senario yn yr adran “{setting}”.} "
    "two {Yn dangos y ddau senario yn yr adran “{setting}”.} "
    "other {Yn dangos y # senario i gyd yn yr adran “{setting}”.}}"
)


def test_a_plural_choice_that_starts_with_a_word_is_not_a_placeholder() -> None:
    assert message_problems("practice.showing_setting", WELSH_SHOWING, ENGLISH_SHOWING) == []
    assert message_problems(
        "nav.left_checks",
        "{checks, plural, zero {dim cwisiau} one {un cwis} two {dau gwis} few {tri chwis} "
        "many {chwe chwis} other {# cwis}}",
        "{checks, plural, one {# knowledge check} other {# knowledge checks}}",
    ) == []


def test_a_placeholder_lost_inside_a_plural_choice_is_still_found() -> None:
    lost = WELSH_SHOWING.replace("“{setting}”", "Ar-lein")
    assert message_problems("practice.showing_setting", lost, ENGLISH_SHOWING) == [
        "practice.showing_setting: the placeholder {setting} is missing; keep it as it is"
    ]
    invented = WELSH_SHOWING.replace("{setting}", "{lleoliad}")
    assert message_problems("practice.showing_setting", invented, ENGLISH_SHOWING) == [
        "practice.showing_setting: the placeholder {setting} is missing; keep it as it is",
        "practice.showing_setting: {lleoliad} is not a placeholder of this message; use only "
        "{count}, {setting}",
    ]
