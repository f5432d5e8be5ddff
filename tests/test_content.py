"""Quality gates for the default module: both editions, placement, help, readability."""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from conftest import ROOT, run_mkdocs_build_from_text

DOCS = ROOT / "docs"
QUIZZES = ROOT / "quizzes"
EDITIONS = ("school", "university")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV and !!python tags plain YAML does not know."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def module_config() -> dict[str, Any]:
    return dict(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTagLoader))


def plugin_options() -> dict[str, Any]:
    for entry in module_config()["plugins"]:
        if isinstance(entry, dict) and "four-lessons" in entry:
            return dict(entry["four-lessons"])
    raise AssertionError("mkdocs.yml has no four-lessons block")


def config_for(edition: str) -> str:
    """The default module's mkdocs.yml with `edition` switched on (one line changed)."""
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^(\s+edition:) \w+", rf"\1 {edition}", original)


@pytest.fixture(scope="module")
def edition_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default module built strictly in each edition (one switch in mkdocs.yml)."""
    sites = {}
    for edition in EDITIONS:
        folder = tmp_path_factory.mktemp(edition)
        result = run_mkdocs_build_from_text(config_for(edition), ROOT, folder / "site")
        assert result.returncode == 0, f"{edition} edition:\n{result.stderr}"
        sites[edition] = folder / "site"
    return sites


def placed_scenarios(site: Path) -> set[str]:
    found: set[str] = set()
    for page in site.rglob("*.html"):
        found |= set(re.findall(r'data-four-scenario="([^"]+)"', page.read_text()))
    return found


def test_both_editions_build_and_every_scenario_is_placed(edition_sites: dict[str, Path]) -> None:
    ids = {
        s["id"] for f in QUIZZES.glob("*.yml") for s in yaml.safe_load(f.read_text())["scenarios"]
    }
    placed = placed_scenarios(edition_sites["school"]) | placed_scenarios(
        edition_sites["university"]
    )
    assert sorted(ids - placed) == []
    assert len(ids) >= 24


def test_at_least_a_third_of_scenarios_are_not_all_four_stalking() -> None:
    scenarios = [
        s for f in QUIZZES.glob("*.yml") for s in yaml.safe_load(f.read_text())["scenarios"]
    ]
    not_all_four = [
        s["id"]
        for s in scenarios
        if s["judgement"]["answer"] != "likely-stalking"
        or not all(e["present"] for e in s["elements"].values())
    ]
    assert len(not_all_four) * 3 >= len(scenarios)


def test_editions_differ_where_the_source_says(edition_sites: dict[str, Path]) -> None:
    school = placed_scenarios(edition_sites["school"])
    university = placed_scenarios(edition_sites["university"])
    assert "locker-gifts" in school and "locker-gifts" not in university
    assert "society-messages" in university and "society-messages" not in school


def test_every_page_links_to_get_help(edition_sites: dict[str, Path]) -> None:
    for edition, site in edition_sites.items():
        for page in site.rglob("*.html"):
            if page.name == "404.html":
                continue
            html = page.read_text()
            links = re.findall(r'<a\b[^>]*href="([^"]*get-help[^"]*)"[^>]*>(.*?)</a>', html, re.S)
            assert any(re.search(r"help|support", text, re.I) for _, text in links), (
                f"{edition}: {page.relative_to(site)} has no link to Get help"
            )


def learner_pages() -> list[Path]:
    return sorted(
        p for p in DOCS.rglob("*.md") if "staff" not in p.parts and p.name not in ("sources.md",)
    )


def readable_text(page: Path) -> str:
    """The words a learner reads: no directives, code, HTML, link targets or Markdown marks."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"(?s)```.*?```", "", text)
    text = re.sub(r"(?s)\[\[university\]\].*?\[\[/university\]\]", "", text)  # not in school
    text = re.sub(r"(?s)<quiz>.*?</quiz>", "", text)  # checked separately by mkdocs-quiz
    text = re.sub(r"\[\[[^\]]*\]\]", "", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(?m)^\s*(!!!|\?\?\?)\+?\s*\w+(\s+\"([^\"]*)\")?", r"\3.", text)
    return re.sub(r"[*_`#>|]", "", text)


def test_school_learner_pages_are_easy_to_read(capsys: pytest.CaptureFixture[str]) -> None:
    scores = {
        p.relative_to(DOCS).as_posix(): textstat.flesch_reading_ease(readable_text(p))
        for p in learner_pages()
    }
    median = statistics.median(scores.values())
    with capsys.disabled():
        print("\nFlesch reading ease of the school edition's learner pages:")
        for name, score in sorted(scores.items()):
            print(f"  {score:6.1f}  {name}")
        print(f"  {median:6.1f}  median (target: at least 60)")
    assert median >= 60


PHONE = re.compile(r"(?<![\w/.-])(?:0\d{2,4}[ \d]{5,11}\d|999|101|111|0800 ?\d+)(?![\w/-])")


def test_helpline_numbers_come_only_from_the_configured_contacts() -> None:
    configured = {
        re.sub(r"\D", "", str(c["phone"]))
        for c in plugin_options()["contacts"]
        if c.get("phone")
    }
    assert configured, "no contacts configured"
    offenders = []
    for path in [*DOCS.rglob("*.md"), *QUIZZES.glob("*.yml")]:
        in_code = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code  # configuration examples for hosts, not lesson text
            if in_code or line.lstrip().startswith(("<", "http")) or "](http" in line:
                continue  # addresses of sources, not numbers to call
            for match in PHONE.findall(re.sub(r"`[^`]*`", "", line)):  # not examples in code
                if re.sub(r"\D", "", match) in configured or len(re.sub(r"\D", "", match)) >= 10:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {match.strip()}")
    assert offenders == []


def test_every_key_follows_the_module_rule_or_states_why() -> None:
    """Issue 10: scores from these keys go onto certificates and into gradebooks."""
    from four_lessons import load_scenarios
    from four_lessons.core.rules import check_keys, parse_rule

    scenarios = load_scenarios(sorted(QUIZZES.glob("*.yml")), ROOT)
    rule = parse_rule(plugin_options().get("judgement_rule"), "judgement_rule")
    assert [str(problem) for problem in check_keys(scenarios.scenarios, rule)] == []
    grooming = scenarios.get("game-gifts-private-chat")
    assert grooming is not None and grooming.judgement.value == "needs-help-now"
    assert grooming.exception and "grooming" in grooming.exception.lower()


def test_crisis_support_comes_first_wherever_self_harm_is_mentioned(
    edition_sites: dict[str, Path],
) -> None:
    """Issue 10: a learner alone at night finds a service that is open, before anything else."""
    for edition, site in edition_sites.items():
        for page in ("lessons/signs-and-impact.html", "get-help.html"):
            html = (site / page).read_text(encoding="utf-8")
            assert "Samaritans" in html and "Shout" in html, f"{edition}: {page}"
            assert html.index("Samaritans") < html.index("National Stalking Helpline"), page


# -- issue 19: fit for a learner alone ------------------------------------------------------


def page_text(path: Path) -> str:
    """A built page's words, without scripts or tags."""
    html = re.sub(r"(?s)<script.*?</script>", "", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def exercises_on(path: Path) -> list[str]:
    return re.findall(r'data-four-scenario="([^"]+)"', path.read_text(encoding="utf-8"))


def practice_settings(path: Path) -> dict[str, list[str]]:
    """The practice bank's settings (its h2 sections) and the stories each one shows."""
    html = path.read_text(encoding="utf-8")
    bank = html[html.index("data-four-practice"):]
    bank = bank[: bank.index('<h2 id="when-you-have-finished"')]
    sections = re.split(r"<h2\b", bank)[1:]
    return {
        re.sub(r"<[^>]+>|\s+", " ", section[section.index(">") + 1 : section.index("</h2>")])
        .replace("&para;", "").strip(): re.findall(r'data-four-scenario="([^"]+)"', section)
        for section in sections
    }


def test_the_practice_bank_adds_practice_in_every_setting(
    edition_sites: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 24: more stories found only in the bank than stories from the lessons, and at
    least three in every setting, in each edition."""
    for edition, site in edition_sites.items():
        in_lessons = {
            story
            for page in [*(site / "lessons").glob("*.html"), site / "final-check.html"]
            for story in exercises_on(page)
        }
        settings = practice_settings(site / "practice.html")
        assert len(settings) == 4, (edition, list(settings))
        for setting, stories in settings.items():
            assert len(stories) >= 3, (edition, setting, stories)
        shown = [story for stories in settings.values() for story in stories]
        assert len(shown) == len(set(shown)), (edition, shown)
        only_here = [story for story in shown if story not in in_lessons]
        from_lessons = [story for story in shown if story in in_lessons]
        with capsys.disabled():
            print(f"\n{edition} practice bank: {len(only_here)} stories found only there, "
                  f"{len(from_lessons)} from the lessons, settings "
                  f"{ {name: len(s) for name, s in settings.items()} }")
        assert len(only_here) >= len(from_lessons)


def test_every_scenario_shown_in_an_edition_is_placed_in_it(
    edition_sites: dict[str, Path],
) -> None:
    scenarios = [
        s for f in QUIZZES.glob("*.yml") for s in yaml.safe_load(f.read_text())["scenarios"]
    ]
    for edition, site in edition_sites.items():
        expected = {s["id"] for s in scenarios if edition in s["audience"]}
        assert sorted(expected - placed_scenarios(site)) == [], edition


def test_the_final_check_counts_what_it_shows_and_tests_every_judgement(
    edition_sites: dict[str, Path],
) -> None:
    """S4: it said five stories and showed four, and tested only two judgements."""
    keys = {
        s["id"]: s["judgement"]["answer"]
        for f in QUIZZES.glob("*.yml") for s in yaml.safe_load(f.read_text())["scenarios"]
    }
    words = {4: "four", 5: "five", 6: "six", 7: "seven"}
    for edition, site in edition_sites.items():
        shown = exercises_on(site / "final-check.html")
        text = page_text(site / "final-check.html")
        assert f"First, try {words[len(shown)]} stories you haven't seen before." in text
        assert f"{words[len(shown)].capitalize()} stories" in text
        judged = {keys[story] for story in shown}
        assert {"likely-stalking", "warning-signs", "not-stalking"} <= judged, edition
        if edition == "school":
            assert "needs-help-now" in judged


def test_the_day_or_night_list_holds_only_services_that_say_24_hours(
    edition_sites: dict[str, Path],
) -> None:
    """M2: two services under "open 24 hours" had no confirmed 24-hour opening."""
    for edition, site in edition_sites.items():
        html = (site / "get-help.html").read_text(encoding="utf-8")
        start = html.index("Someone to talk to now, day or night")
        block = html[start : html.index("</ul>", start)]
        services = re.findall(r"<li>(.*?)</li>", block, re.S)
        assert len(services) >= 3, edition
        for service in services:
            assert "24 hours a day" in service, (edition, service)
        assert "Childline" not in block and "Papyrus" not in block


def test_the_school_edition_sends_younger_pupils_to_a_door_that_opens_first(
    edition_sites: dict[str, Path],
) -> None:
    """M3: the National Stalking Helpline was the first door, though nobody has confirmed it
    takes calls from under-16s. It is labelled, and Childline and the DSL come first."""
    for page in ("get-help.html", "lessons/online-and-gaming.html", "index.html"):
        text = page_text(edition_sites["school"] / page)
        helpline = text.index("National Stalking Helpline")
        assert "for ages 16 and over" in text[helpline : helpline + 80], page
        first_door = min(
            i for i in (text.find("Childline"), text.find("designated safeguarding lead"))
            if i >= 0
        )
        assert first_door < helpline, page
    university = page_text(edition_sites["university"] / "get-help.html")
    assert re.search(r"National Stalking Helpline \( ?0808 802 0300 ?\)", university)


def test_every_page_of_both_sites_builds_strictly_with_every_check(tmp_path: Path) -> None:
    """Issue 19: the default module passes the new checks in both editions, learner and staff
    sites (the learner sites are built by the edition_sites fixture), and in four-lessons
    check."""
    from conftest import run_cli

    check = run_cli("check", cwd=ROOT)
    assert check.returncode == 0, check.stderr
    for edition in EDITIONS:
        result = run_mkdocs_build_from_text(
            config_for(edition), ROOT, tmp_path / edition, env={"FOUR_LESSONS_SITE": "staff"}
        )
        assert result.returncode == 0, f"{edition} staff site:\n{result.stderr}"
        assert (tmp_path / edition / "staff" / "answer-key.html").is_file()
