"""Quality gates for the default module: both editions, placement, help, readability."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
import textstat
import yaml

from conftest import ROOT, run_mkdocs_build

DOCS = ROOT / "docs"
QUIZZES = ROOT / "quizzes"
EDITIONS = ("school", "university")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV and !!python tags plain YAML does not know."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def module_config() -> dict[str, object]:
    return dict(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTagLoader))


def plugin_options() -> dict[str, object]:
    for entry in module_config()["plugins"]:  # type: ignore[union-attr]
        if isinstance(entry, dict) and "four-lessons" in entry:
            return dict(entry["four-lessons"])
    raise AssertionError("mkdocs.yml has no four-lessons block")


@pytest.fixture(scope="module")
def edition_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default module built strictly in each edition (one switch in mkdocs.yml)."""
    sites = {}
    original = (ROOT / "mkdocs.yml").read_text()
    for edition in EDITIONS:
        folder = tmp_path_factory.mktemp(edition)
        config = ROOT / f".mkdocs-{edition}-test.yml"
        config.write_text(re.sub(r"(?m)^(\s+edition:) \w+", rf"\1 {edition}", original))
        try:
            result = run_mkdocs_build(config, folder / "site")
        finally:
            config.unlink()
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
        for c in plugin_options()["contacts"]  # type: ignore[union-attr]
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
    rule = parse_rule(plugin_options().get("judgement_rule"), "judgement_rule")  # type: ignore[arg-type]
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
