"""Issue 19: the generator stops the mistakes a learner alone would act on, in every module.

Each check is shown failing on a module that breaks it (a copy of the sample project, built
for real with ``mkdocs build --strict`` and checked with ``four-lessons check``), with the
whole one-line message, and passing once the module is fixed.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from conftest import PROJECTS, copy_project, run_cli, run_mkdocs_build
from four_lessons.core.contacts import (
    Ages,
    AgesError,
    ContactBook,
    ContactError,
    ContactSource,
    contact_warnings,
    oldest_check,
    parse_ages,
    parse_contacts,
)

SAMPLE_CONTACTS = """      contacts:
        - id: helpline
          name: Sample Helpline
          phone: 0800 000 000
          hours: every day
"""


def module_with(
    tmp_path: Path,
    contacts: str | None = None,
    pages: dict[str, str] | None = None,
    edition: str = "school",
    checked: str | None = "2026-11-01",
) -> Path:
    """The sample project with its contacts, some pages and its edition replaced."""
    project = copy_project("sample", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert SAMPLE_CONTACTS in text
    if contacts is not None:
        text = text.replace(SAMPLE_CONTACTS, contacts)
    if checked is None:
        text = text.replace("      contacts_checked: 2026-11-01\n", "")
    text = text.replace("      institution: Sample Academy\n",
                        f"      institution: Sample Academy\n      edition: {edition}\n")
    config.write_text(text, encoding="utf-8")
    for name, body in (pages or {}).items():
        (project / "docs" / name).write_text(body, encoding="utf-8")
    return project


def check_and_build(project: Path, tmp_path: Path) -> tuple[str, str, int, int]:
    """`four-lessons check`'s and a strict build's messages and exit codes."""
    check = run_cli("check", cwd=project)
    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert "Traceback" not in check.stderr + build.stderr
    return check.stderr, build.stderr, check.returncode, build.returncode


def line_of(path: Path, text: str) -> int:
    """The number of the first line of `path` holding `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


# -- hours ----------------------------------------------------------------------------------


def test_a_number_without_opening_hours_stops_a_strict_build(tmp_path: Path) -> None:
    project = module_with(tmp_path, SAMPLE_CONTACTS.replace("          hours: every day\n", "")
                          + "        - id: textline\n          name: Text line\n"
                            "          sms: \"85258\"\n")
    config = project / "mkdocs.yml"
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    for number, (contact, kind) in zip(
        (line_of(config, "- id: helpline"), line_of(config, "- id: textline")),
        (("helpline", "call"), ("textline", "text")),
        strict=True,
    ):
        message = (
            f"mkdocs.yml:{number}: contact '{contact}' has a number to {kind} but no 'hours'; "
            "add when it is open, as the service itself states it (or 'check its website for "
            "opening times' if you can't confirm them)"
        )
        assert message + "\n" in check
        assert message in build
    assert check_code == 1 and build_code == 1

    fixed = module_with(tmp_path / "fixed", SAMPLE_CONTACTS)
    assert check_and_build(fixed, tmp_path / "fixed")[2:] == (0, 0)


def test_a_contact_listed_as_open_day_and_night_must_say_24_hours(tmp_path: Path) -> None:
    crisis = SAMPLE_CONTACTS.replace("          hours: every day\n",
                                     "          group: crisis\n          hours: 9am to midnight\n")
    project = module_with(tmp_path, crisis)
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    message = (
        f"mkdocs.yml:{line_of(project / 'mkdocs.yml', 'hours: 9am to midnight')}: contact "
        "'helpline' is listed under 'day or night' (group: crisis), but its hours ('9am to "
        "midnight') don't say 24 hours; once the service itself confirms it never closes, "
        "write '24 hours a day' in 'hours', or move it to 'group: talk'"
    )
    assert message in check and message in build
    assert (check_code, build_code) == (1, 1)

    for fixed_hours in ("group: crisis\n          hours: 24 hours a day", "group: talk\n"
                        "          hours: 9am to midnight"):
        fixed = module_with(
            tmp_path / fixed_hours[7:11],
            SAMPLE_CONTACTS.replace("hours: every day", fixed_hours),
        )
        assert check_and_build(fixed, tmp_path / fixed_hours[7:11])[2:] == (0, 0)


# -- ages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "youngest", "oldest", "label"),
    [
        ("any", 0, None, None),
        ("16+", 16, None, "for ages 16 and over"),
        ("under 19", 0, 18, "for under-19s"),
        ("up to 35", 0, 35, "for ages up to 35"),
        ("13-25", 13, 25, "for ages 13 to 25"),
        ("16 to 24", 16, 24, "for ages 16 to 24"),
    ],
)
def test_ages_read_in_the_forms_people_write(
    written: str, youngest: int, oldest: int | None, label: str | None
) -> None:
    ages = parse_ages(written)
    assert (ages.youngest, ages.oldest, ages.describe()) == (youngest, oldest, label)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("teenagers", "'ages: teenagers' is not an age range; write it as '16+', 'under 19', "
                      "'up to 35', '13-25' or 'any'"),
        (16, "'ages: 16' is one age, not a range; write it as '16+', 'under 19', 'up to 35', "
             "'13-25' or 'any'"),
        ("25-13", "'ages: 25-13' is not a possible range of ages; write it as '16+', "
                  "'under 19', 'up to 35', '13-25' or 'any'"),
        ("under 0", "'ages: under 0' is not an age range; write it as '16+', 'under 19', "
                    "'up to 35', '13-25' or 'any'"),
    ],
)
def test_ages_that_cannot_be_read_get_a_message(written: object, message: str) -> None:
    with pytest.raises(AgesError) as caught:
        parse_ages(written)
    assert str(caught.value) == message


def test_an_unreadable_ages_stops_check_and_build_with_its_line(tmp_path: Path) -> None:
    project = module_with(tmp_path, SAMPLE_CONTACTS + "          ages: teens\n")
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    message = (
        f"mkdocs.yml:{line_of(project / 'mkdocs.yml', '- id: helpline')}: four-lessons: "
        "contacts[0] ('helpline'): 'ages: teens' is not an age range; write it as '16+', "
        "'under 19', 'up to 35', '13-25' or 'any'"
    )
    assert message in check and message in build
    assert (check_code, build_code) == (1, 1)


ADULT_AND_CHILD_CONTACTS = """      contacts:
        - id: young-line
          name: Young Line
          phone: 0800 000 002
          hours: every day
          ages: under 19
        - id: adult-line
          name: Adult Line
          phone: 0800 000 001
          hours: weekdays
          ages: 16+
        - id: helpline
          name: Sample Helpline
          phone: 0800 000 000
          hours: every day
"""


def test_a_school_page_sends_13_to_15_year_olds_to_a_door_that_opens_first(
    tmp_path: Path,
) -> None:
    """M3: a Year 8 pupil turned away by the first number they ring may not ring another."""
    page = (
        "# Help\n\n## Stalking\n\nCall [[contact adult-line]] for advice.\n\n"
        "If you are under 19, call [[contact young-line]].\n\n"
        "## Later\n\nCall [[contact young-line]] first, then [[contact adult-line]].\n"
    )
    project = module_with(tmp_path, ADULT_AND_CHILD_CONTACTS, {"plain.md": page})
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    message = (
        "docs/plain.md:5: 'adult-line' (for ages 16 and over) leaves out the school "
        "edition's youngest learners (13 to 15), and nothing before it in this section names "
        "a service that takes them; name one first, such as [[contact young-line]], or keep "
        "this line for the university edition"
    )
    assert message + "\n" in check
    assert message in build
    assert "docs/plain.md:11" not in check + build  # the later section names Young Line first
    assert (check_code, build_code) == (1, 1)
    # The learner reads who the service is for, wherever it is named.
    built = (tmp_path / "site" / "plain" / "index.html").read_text(encoding="utf-8")
    assert 'Adult Line (<a href="tel:0800000001">0800 000 001</a>, for ages 16 and over)' in built

    # The university edition's learners are all 16 or over: the same page is fine there,
    # and names the service without a label.
    university = module_with(
        tmp_path / "university", ADULT_AND_CHILD_CONTACTS, {"plain.md": page}, "university"
    )
    result = run_mkdocs_build(university / "mkdocs.yml", tmp_path / "university" / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "university" / "site" / "plain" / "index.html").read_text()
    assert 'Adult Line (<a href="tel:0800000001">0800 000 001</a>)' in built

    fixed = module_with(
        tmp_path / "fixed",
        ADULT_AND_CHILD_CONTACTS,
        {"plain.md": page.replace("Call [[contact adult-line]] for advice.\n\nIf you are under "
                                  "19, call [[contact young-line]].",
                                  "If you are under 19, call [[contact young-line]]. Or call "
                                  "[[contact adult-line]] for advice.")},
    )
    assert check_and_build(fixed, tmp_path / "fixed")[2:] == (0, 0)


def test_a_school_scenario_names_a_door_that_opens_first(tmp_path: Path) -> None:
    project = module_with(tmp_path, ADULT_AND_CHILD_CONTACTS)
    quiz = project / "quizzes" / "sample.yml"
    text = quiz.read_text(encoding="utf-8")
    advice = (
        "    advice: Keep the messages, block and report the account, and tell someone you "
        "trust.\n"
    )
    assert advice in text
    quiz.write_text(text.replace(
        advice,
        "    advice: |\n      Call [[contact adult-line]], or\n      [[contact young-line]] if you "
        "are under 19.\n",
    ), encoding="utf-8")
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    message = (
        f"quizzes/sample.yml:{line_of(quiz, 'Call [[contact adult-line]]')}: scenario "
        "'messages-after-match': 'adult-line' (for ages 16 and over) leaves out the school "
        "edition's youngest learners (13 to 15), and nothing before it in the scenario names "
        "a service that takes them; name one first, such as [[contact young-line]], or keep "
        "this line for the university edition"
    )
    assert message in check and message in build
    assert (check_code, build_code) == (1, 1)


# -- checked dates --------------------------------------------------------------------------


def test_each_contact_carries_its_own_checked_date_and_learners_see_the_oldest(
    tmp_path: Path,
) -> None:
    dates = "          checked: \"{}\"\n"
    contacts = (
        ADULT_AND_CHILD_CONTACTS.replace("ages: 16+\n", "ages: 16+\n" + dates.format("2026-10-02"))
        .replace("ages: under 19\n", "ages: under 19\n" + dates.format("2026-11-20"))
    )
    project = module_with(tmp_path, contacts, checked=None)
    config = project / "mkdocs.yml"
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    message = (
        f"mkdocs.yml:{line_of(config, '- id: helpline')}: contact 'helpline' has never been "
        "checked; check its number, address, opening hours and ages with the service itself, "
        "then add the day you did as 'checked: \"2026-11-30\"'"
    )
    assert message + "\n" in check and message in build
    assert check.count("never been checked") == 1
    assert (check_code, build_code) == (1, 1)

    dated = contacts + dates.format("2026-11-25")  # helpline is the last entry
    fixed = module_with(tmp_path / "fixed", dated, {"plain.md": "# Plain\n\n[[contacts]]\n"},
                        checked=None)
    assert check_and_build(fixed, tmp_path / "fixed")[2:] == (0, 0)
    listed = (tmp_path / "fixed" / "site" / "plain" / "index.html").read_text(encoding="utf-8")
    assert "These details were last checked on 2 October 2026." in listed


def test_contacts_nobody_has_checked_get_one_message_and_the_old_option_still_works(
    tmp_path: Path,
) -> None:
    project = module_with(tmp_path, checked=None)
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    message = (
        f"mkdocs.yml:{line_of(project / 'mkdocs.yml', 'contacts:')}: the help contacts have "
        "never been checked; check each one's number, address, opening hours and ages with "
        "the service itself, then give it the day you did as 'checked: \"2026-11-30\"' (or "
        "set 'contacts_checked' once you have checked them all)"
    )
    assert check == message + "\n1 problem(s) found.\n"
    assert message in build
    assert (check_code, build_code) == (1, 1)
    # The sample project itself still has only the module-wide date: every contact counts
    # as checked that day, as before per-contact dates.
    assert run_cli("check", cwd=PROJECTS / "sample").returncode == 0


def test_an_old_check_asks_for_a_new_check_not_a_longer_limit(tmp_path: Path) -> None:
    contacts = SAMPLE_CONTACTS + '          checked: "2020-01-15"\n'
    project = module_with(tmp_path, contacts)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("contacts_max_age_months: 1200",
                                                 "contacts_max_age_months: 6"))
    check, build, _, build_code = check_and_build(project, tmp_path)
    number = line_of(config, "2020-01-15")
    message = (
        f"mkdocs.yml:{number}: contact 'helpline' was last "
        "checked on 15 January 2020, more than 6 months ago; check it again with the service, "
        "then update its 'checked' date"
    )
    assert message in check and message in build and build_code == 1
    assert "contacts_max_age_months" not in check + build


def test_a_checked_date_that_is_not_a_date_or_still_to_come_is_refused() -> None:
    today = datetime.date(2026, 12, 6)
    entries = [
        {"id": "a", "name": "A", "url": "https://a.example/", "checked": "last week"},
        {"id": "b", "name": "B", "url": "https://b.example/", "checked": "2027-01-01"},
    ]
    with pytest.raises(ContactError) as caught:
        parse_contacts(entries, "mkdocs.yml: four-lessons: contacts", today=today)
    # One Problem each (issue 21: one problem type everywhere), printed as before.
    assert [str(problem) for problem in caught.value.problems] == [
        "mkdocs.yml: four-lessons: contacts[0] ('a'): 'checked: last week' is not a date; "
        "write the day you checked it as a quoted date, such as \"2026-11-30\"",
        "mkdocs.yml: four-lessons: contacts[1] ('b'): 'checked' is 1 January 2027, a date "
        "still to come; write the day you checked it",
    ]


def test_the_date_shown_is_the_oldest_of_the_edition_and_none_while_any_is_unchecked() -> None:
    entries = [
        {"id": "a", "name": "A", "url": "https://a.example/", "checked": "2026-11-02"},
        {"id": "b", "name": "B", "url": "https://b.example/", "checked": "2026-09-09",
         "editions": ["university"]},
        {"id": "c", "name": "C", "url": "https://c.example/"},
    ]
    contacts = parse_contacts(entries, "contacts")
    assert oldest_check(contacts, "school", None) is None  # 'c' was never checked
    assert oldest_check(contacts, "school", "2026-10-10") == datetime.date(2026, 10, 10)
    assert oldest_check(contacts[:2], "school", None) == datetime.date(2026, 11, 2)
    assert oldest_check(contacts[:2], "university", None) == datetime.date(2026, 9, 9)


def test_contact_lines_come_from_the_configuration_file(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nsite_url: !ENV [URL, 'https://x.example/']\nplugins:\n  - search\n"
        "  - four-lessons:\n      contacts_checked: ''\n      contacts:\n        - id: a\n"
        "          name: A\n          phone: '1'\n",
        encoding="utf-8",
    )
    source = ContactSource.read(config)
    assert (source.contacts_line, source.entry(0), source.entry(0, "phone")) == (7, 8, 10)
    assert source.option_lines["contacts_checked"] == 6
    contacts = parse_contacts([{"id": "a", "name": "A", "phone": "1"}], "x", source=source)
    assert str(contact_warnings(contacts, fallback="", max_months=12,
                                today=datetime.date(2026, 12, 6), source=source)[0]).startswith(
        "mkdocs.yml:8: contact 'a' has a number to call but no 'hours'"
    )
    assert ContactSource.read(tmp_path / "missing.yml").entry(0) is None


# -- final check and counts -----------------------------------------------------------------


FINAL = (
    "# Final check\n\n[[final-check]]\n\nTry [[stories]] now.\n\n## [[Stories]]\n\n"
    "[[four messages-after-match]]\n\n[[four asked-once]]\n"
)


def test_a_final_check_that_leaves_out_a_judgement_of_the_rule_is_reported(
    tmp_path: Path,
) -> None:
    project = module_with(tmp_path, pages={"final.md": FINAL})
    check, build, check_code, build_code = check_and_build(project, tmp_path)
    school = (
        "docs/final.md:3: the final check shows no story keyed 'warning-signs' (Warning "
        "signs) in the school edition, though the module's rule gives that judgement; add a "
        "school-edition scenario keyed 'warning-signs' and place it on this page, so the "
        "final check tests the whole rule"
    )
    assert school + "\n" in check and school in build
    assert (check_code, build_code) == (1, 1)
    # check reads both editions: the university one shows only the likely-stalking story.
    for missing, label in (("warning-signs", "Warning signs"), ("not-stalking", "Not stalking")):
        assert f"shows no story keyed '{missing}' ({label}) in the university edition" in check
    assert "'likely-stalking'" not in check

    complete = FINAL + "\n[[four notes-in-bag]]\n"
    fixed = module_with(tmp_path / "fixed", pages={"final.md": complete})
    result = run_mkdocs_build(fixed / "mkdocs.yml", tmp_path / "fixed" / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "fixed" / "site" / "final" / "index.html").read_text(encoding="utf-8")
    assert "Try three stories now." in page
    assert re.search(r"<h2 id=\"three-stories\">Three stories", page)


def test_a_story_count_follows_what_each_edition_shows(tmp_path: Path) -> None:
    page = (
        "# Stories\n\nThis page has [[stories]].\n\n[[four tag:school]]\n\n"
        "[[four messages-after-match]]\n"
    )
    school = module_with(tmp_path, pages={"plain.md": page})
    result = run_mkdocs_build(school / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "site" / "plain" / "index.html").read_text(encoding="utf-8")
    assert "This page has three stories." in built

    university = module_with(tmp_path / "u", pages={"plain.md": page}, edition="university")
    result = run_mkdocs_build(university / "mkdocs.yml", tmp_path / "u" / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "u" / "site" / "plain" / "index.html").read_text(encoding="utf-8")
    assert "This page has one story." in built

    empty = module_with(tmp_path / "e", pages={"plain.md": "# Stories\n\nSee [[stories]].\n"})
    check, build, check_code, build_code = check_and_build(empty, tmp_path / "e")
    message = (
        "docs/plain.md:3: '[[stories]]' says how many stories this page shows, but it shows "
        "none in the school edition; place scenarios for this edition with '[[four ...]]', or "
        "keep the sentence for the other edition"
    )
    assert message in check and message in build
    assert (check_code, build_code) == (1, 1)


def test_a_scenario_cannot_use_a_page_count_and_code_shows_the_syntax(tmp_path: Path) -> None:
    page = "# Plain\n\nWrite `[[stories]]` to count them.\n\n[[four messages-after-match]]\n"
    project = module_with(tmp_path, pages={"plain.md": page})
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "site" / "plain" / "index.html").read_text(encoding="utf-8")
    assert "<code>[[stories]]</code>" in built


# -- labels ---------------------------------------------------------------------------------


def test_a_service_that_leaves_out_some_learners_says_who_it_is_for() -> None:
    contacts = parse_contacts(
        [
            {"id": "nsh", "name": "Stalking Line", "phone": "0808 802 0300", "ages": "16+"},
            {"id": "kids", "name": "Kids Line", "phone": "0800 1111", "ages": "under 19"},
            {"id": "web", "name": "Web Tool", "url": "https://w.example/", "ages": "18+"},
        ],
        "contacts",
    )
    school = ContactBook(contacts, "school", None)
    university = ContactBook(contacts, "university", None)
    assert school.inline(contacts[0]) == (
        "Stalking Line ([0808 802 0300](tel:08088020300), for ages 16 and over)"
    )
    assert school.inline(contacts[1]) == "Kids Line ([0800 1111](tel:08001111))"
    assert university.inline(contacts[1]) == (
        "Kids Line ([0800 1111](tel:08001111), for under-19s)"
    )
    assert school.inline(contacts[2]) == "[Web Tool](https://w.example/) (for ages 18 and over)"
    assert university.inline(contacts[0]) == "Stalking Line ([0808 802 0300](tel:08088020300))"
    assert school._line(contacts[0]) == (
        "**Stalking Line**: phone [0808 802 0300](tel:08088020300). For ages 16 and over."
    )
    assert Ages(0, None, "any").describe() is None
