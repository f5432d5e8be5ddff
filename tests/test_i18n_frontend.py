"""The scripts' words: every key in the English catalogue, none written outside t().

build.mjs scans every t("key") call in plugins/four_lessons/frontend/*.js, writes the keys
to assets/four/messages-keys.json (the plugin puts exactly those keys' messages into each
site's messages file) and refuses a source that gives t() a key it can't list or shows
English outside t(). These tests run the real build.mjs on a copy of the sources with one
mistake planted, and read the messages it prints.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from four_lessons.core.i18n import english_keys

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "four_lessons"
KEYS = PACKAGE / "assets" / "four" / "messages-keys.json"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node.js is needed to build the front end; install it (see README)")
    return found


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the front end as build.mjs sees it: sources, contract, built files."""
    package = tmp_path / "plugins" / "four_lessons"
    shutil.copytree(PACKAGE / "frontend", package / "frontend")
    shutil.copytree(PACKAGE / "assets" / "four", package / "assets" / "four")
    shutil.copy(PACKAGE / "contract.json", package / "contract.json")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # esbuild
    return tmp_path


def check(root: Path, *, write: bool = False) -> subprocess.CompletedProcess[str]:
    """build.mjs --check on the copy (or, with `write`, a build that writes its files)."""
    return subprocess.run(
        [node(), "plugins/four_lessons/frontend/build.mjs", *([] if write else ["--check"])],
        cwd=root, capture_output=True, text=True, timeout=120,
    )


def plant(root: Path, name: str, after: str, line: str) -> int:
    """Put `line` into frontend/`name` after the first line holding `after`; its number."""
    path = root / "plugins" / "four_lessons" / "frontend" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if after in text) + 1
    lines.insert(at, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def test_every_key_the_scripts_use_is_in_the_english_catalogue() -> None:
    keys = json.loads(KEYS.read_text(encoding="utf-8"))
    assert keys == sorted(set(keys)), "messages-keys.json is a sorted list without repeats"
    assert len(keys) > 100  # the scripts' words, not an empty list passing by default
    assert sorted(set(keys) - english_keys()) == []


def test_the_contract_names_each_element_and_judgement_through_a_key() -> None:
    contract = json.loads((PACKAGE / "contract.json").read_text(encoding="utf-8"))
    keys = set(json.loads(KEYS.read_text(encoding="utf-8")))
    wanted = {f"contract.element.{e['key']}.name" for e in contract["elements"]} | {
        f"contract.judgement.{j['value']}" for j in contract["judgements"]}
    assert wanted <= keys


def test_the_real_sources_pass(sources: Path) -> None:
    result = check(sources)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "call", ["say(t(name));", 'say(t("exercise." + kind));', "say(t(`exercise.check`));"])
def test_build_refuses_a_key_that_is_not_a_string_literal(sources: Path, call: str) -> None:
    line = plant(sources, "exercise.js", "function mountAll()", "    " + call)
    result = check(sources)
    assert result.returncode == 1
    assert (f"plugins/four_lessons/frontend/exercise.js:{line}: t() needs its key as one string "
            'literal, t("component.message", {...}), so build.mjs can list it; write each key '
            "out in full") in result.stderr.splitlines()


@pytest.mark.parametrize(("code", "why"), [
    ('status.textContent = "Saved";', '"Saved" is set as text'),
    ('button.setAttribute("aria-label", "Close");', '"Close" is read out as aria-label'),
    ('if (confirm("Delete everything?")) clear();', '"Delete everything?" is shown in a dialog'),
    ('box.appendChild(el("p", "four-note", "Done"));', "\"Done\" is an element's text"),
    ('var later = "Come back to this one later.";',
     '"Come back to this one later." looks like words for a reader'),
    ('say(ready ? "All done" : t("practice.next"));', '"All done" looks like words for a reader'),
])
def test_build_refuses_english_written_outside_t(sources: Path, code: str, why: str) -> None:
    line = plant(sources, "practice.js", "function mountAll()", "    " + code)
    result = check(sources)
    assert result.returncode == 1
    problems = result.stderr.splitlines()
    assert [p for p in problems if p.startswith(
        f"plugins/four_lessons/frontend/practice.js:{line}: {why}")], result.stderr
    assert len(problems) == 1, result.stderr  # nothing else in the real sources


def test_what_is_not_text_passes(sources: Path) -> None:
    plant(sources, "practice.js", "function mountAll()", "\n".join([
        '    document.querySelector(".four-practice__bar p").hidden = true;',
        '    root.classList.add("four-practice four-practice--one");',
        '    var words = { "Try Again": 1 }; void words["Try Again"];',
        '    // say("A comment is not text.");',
        '    /* el("p", null, "Nor is this.") */',
        '    status.textContent = t("practice.next") + " " + t("practice.end");',
    ]))
    result = check(sources, write=True)
    assert result.returncode == 0, result.stderr


def test_a_new_key_makes_the_listed_keys_stale(sources: Path) -> None:
    plant(sources, "practice.js", "function mountAll()", '    say(t("practice.brand_new"));')
    result = check(sources)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "out of date in plugins/four_lessons/assets/four: messages-keys.json, practice.js; "
        "run make assets")


def test_a_contract_judgement_the_scripts_do_not_name_stops_the_build(sources: Path) -> None:
    path = sources / "plugins" / "four_lessons" / "contract.json"
    contract = json.loads(path.read_text(encoding="utf-8"))
    contract["judgements"].append({"value": "unsure", "label": "Not sure"})
    path.write_text(json.dumps(contract), encoding="utf-8")
    result = check(sources)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "contract.json: judgement 'unsure' has no t(\"contract.judgement.unsure\") in the "
        "scripts; add it where exercise.js names the judgements")
