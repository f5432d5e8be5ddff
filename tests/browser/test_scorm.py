"""The SCORM 1.2 package, hosted the way an LMS hosts it (scorm-again as window.API).

The `scorm` sample module has three lessons: one with an exercise, one to read, and a final
check of two knowledge checks. A "new login" is a new browser context: Moodle empties the
site's storage at every login, so the package must come back from the LMS record alone.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, FrameLocator, Page, expect

from conftest import PROJECTS

from .conftest import AXE, ROOT, WCAG_TAGS

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
HOST = Path(__file__).parent / "lms_host"
NS = {
    "ims": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
CONNECTED = "Connected: your progress is saved to your learning platform."
COMPLETE = "Module complete. Your result has been saved."
TROUBLE = (
    "Your learning platform isn't answering, so your progress may not be saved there. "
    "Keep this window open and press Save and finish before you leave."
)
OFFLINE = (
    "Your learning platform did not respond, so your progress may not be saved there. "
    "It is kept in this browser for now."
)
EXIT_URL = "https://www.bbc.co.uk/weather"


def make_package(folder: Path, *options: str) -> Path:
    """The sample module packaged by `four-lessons scorm`."""
    output = folder / "module.zip"
    result = subprocess.run(
        [sys.executable, "-m", "four_lessons.tools.cli", "scorm", "-o", str(output),
         "-f", str(PROJECTS / "scorm" / "mkdocs.yml"), *options],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {output} (")
    return output


def unpack(package: Path, folder: Path) -> Path:
    """The package unpacked beside a test LMS page, as an LMS serves it."""
    if not SCORM_AGAIN.is_file():
        pytest.fail("scorm-again is missing: run 'make test' (it runs npm ci)")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    shutil.copy(SCORM_AGAIN, folder / "scorm12.js")
    shutil.copy(SCORM_AGAIN.with_name("scorm2004.js"), folder / "scorm2004.js")
    for name in ("lms.html", "lms-host.js", "lms2004.html", "lms-host-2004.js"):
        shutil.copy(HOST / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """With a mastery score of 80: passed or failed once complete."""
    return make_package(tmp_path_factory.mktemp("scorm"), "--mastery-score", "80")


@pytest.fixture(scope="module")
def plain_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Without a mastery score: completed once complete."""
    return make_package(tmp_path_factory.mktemp("scorm-plain"))


@pytest.fixture(scope="module")
def lms_folder(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(package, tmp_path_factory.mktemp("lms"))


@pytest.fixture(scope="module")
def plain_folder(plain_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(plain_package, tmp_path_factory.mktemp("lms-plain"))


# -- helpers ----------------------------------------------------------------------------------

def launch(page: Page, url: str, previous: dict[str, Any] | None = None,
           broken: dict[str, str] | None = None) -> FrameLocator:
    if previous is not None:
        page.add_init_script(f"window.__previousAttempt = {json.dumps(previous)};")
    if broken is not None:
        page.add_init_script(f"window.__breakApi = {json.dumps(broken)};")
    page.goto(url + "lms.html")
    return page.frame_locator("#launch").frame_locator("iframe[data-four-lms-frame]")


def launcher(page: Page) -> FrameLocator:
    return page.frame_locator("#launch")


def bar_status(page: Page) -> Any:
    return launcher(page).locator("[data-four-lms-status]")


def log(page: Page) -> list[list[str]]:
    return list(page.evaluate("window.lmsLog"))


def values(page: Page, element: str) -> list[str]:
    return [entry[2] for entry in log(page) if entry[0] == "set" and entry[1] == element]


def cmi(page: Page) -> dict[str, Any]:
    return dict(page.evaluate("JSON.parse(JSON.stringify(window.API.cmi))"))


def wait_for_value(page: Page, element: str, value: str) -> None:
    page.wait_for_function(
        "([el, v]) => window.lmsLog.some(e => e[1] === el && e[2] === v)", arg=[element, value])


def relaunch_data(attempt: dict[str, Any]) -> dict[str, Any]:
    """What an LMS gives the next launch of the same attempt."""
    core = attempt["core"]
    return {
        "core": {"lesson_status": core["lesson_status"], "lesson_location":
                 core["lesson_location"], "entry": "resume",
                 "score": {"raw": core["score"]["raw"]}},
        "suspend_data": attempt["suspend_data"],
    }


def answer_exercise(module: FrameLocator) -> None:
    module.get_by_role("link", name="Lesson one").first.click()
    exercise = module.locator('[data-four-scenario="messages-after-match"]')
    for name in ("Fixated", "Obsessive", "Unwanted", "Repeated"):
        exercise.get_by_role("checkbox", name=name).check()
    exercise.get_by_role("radio", name="Likely stalking").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_role("status")).to_contain_text("You got 5 out of 5.")


def read_lesson_two(module: FrameLocator) -> None:
    module.get_by_role("link", name="Lesson two").first.click()
    # A short page counts as done once its end is on screen.
    expect(module.get_by_role("button", name="Mark this page as done")).to_have_attribute(
        "aria-pressed", "true")


def answer_checks(module: FrameLocator) -> None:
    module.get_by_role("link", name="Final check").first.click()
    quizzes = module.locator(".quiz")
    expect(quizzes).to_have_count(2)
    for index, choice in enumerate(("Repeated", "Unwanted")):
        quiz = quizzes.nth(index)
        quiz.get_by_label(choice, exact=True).check()
        quiz.get_by_role("button", name="Submit").click()
        expect(quiz.locator(".quiz-feedback")).to_be_visible()


ACTIONS = {"exercise": answer_exercise, "reading": read_lesson_two, "checks": answer_checks}


def restored(page: Page) -> dict[str, Any]:
    """The progress the launch page holds, as the store keeps it."""
    return dict(launcher(page).locator("body").evaluate(
        "() => JSON.parse(JSON.stringify(window.FourStore.read()))"))


# -- the package ------------------------------------------------------------------------------

def test_manifest_names_scorm_12_and_a_single_sco(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert "imsmanifest.xml" in names and "index_lms.html" in names and "index.html" in names
    assert manifest.findtext("ims:metadata/ims:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("ims:metadata/ims:schemaversion", namespaces=NS) == "1.2"
    (item,) = manifest.findall(".//ims:organization/ims:item", NS)
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == "80"
    (resource,) = manifest.findall(".//ims:resource", NS)
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert resource.get("href") == "index_lms.html"
    assert item.get("identifierref") == resource.get("identifier")
    listed = {f.get("href") for f in resource.findall("ims:file", NS)}
    assert listed == set(names) - {"imsmanifest.xml"}
    # Pages link to files, so they work inside the LMS and from disk alike.
    home = zipfile.ZipFile(package).read("index.html").decode()
    assert 'href="two.html"' in home


# -- reporting --------------------------------------------------------------------------------

def test_module_reports_to_the_lms_and_comes_back_on_relaunch(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], lms_folder: Path
) -> None:
    url = serve(lms_folder)
    page = new_context().new_page()
    module = launch(page, url)
    expect(bar_status(page)).to_have_text(CONNECTED)
    # "incomplete" at once, so Moodle cannot turn "not attempted" into "completed".
    assert values(page, "cmi.core.lesson_status")[:1] == ["incomplete"]
    assert log(page)[0] == ["initialize"]

    answer_exercise(module)
    page.wait_for_function(
        "window.lmsLog.some(e => e[1] === 'cmi.suspend_data' && e[2].length > 20)")
    assert values(page, "cmi.core.lesson_status")[-1] == "incomplete"
    # No score until the module is complete: with a mastery score an LMS that sets
    # passed/failed from the score (Moodle does at every exit) must not fail a pause.
    assert values(page, "cmi.core.score.raw") == []
    suspend = values(page, "cmi.suspend_data")[-1]
    assert suspend.startswith("5.") and len(suspend) <= 4096
    assert ["commit"] in log(page)

    read_lesson_two(module)
    answer_checks(module)
    wait_for_value(page, "cmi.core.lesson_status", "passed")
    expect(bar_status(page)).to_have_text(COMPLETE)
    assert values(page, "cmi.core.score.raw")[-1] == "100"
    assert values(page, "cmi.core.lesson_location")[-1] == "final-check.html"

    launcher(page).get_by_role("button", name="Save and finish").click()
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    expect(launcher(page).get_by_role("button", name="Save and finish")).to_be_disabled()
    assert values(page, "cmi.core.exit")[-1] == ""
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", values(page, "cmi.core.session_time")[-1])
    entries = log(page)
    assert entries.index(["finish"]) > max(i for i, e in enumerate(entries) if e == ["commit"])
    attempt = cmi(page)

    # Relaunch on another device: nothing stored locally, everything from the LMS.
    other = new_context().new_page()
    module = launch(other, url, relaunch_data(attempt))
    expect(module.locator("h1")).to_have_text("Final check")  # where the learner was
    module.get_by_role("link", name="Lesson one").first.click()
    exercise = module.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    # An answered exercise comes back in brief: the answer and its verdicts.
    expect(exercise.get_by_role("checkbox", name="Unwanted")).to_be_checked()
    assert "incomplete" not in values(other, "cmi.core.lesson_status")


def test_a_learner_over_three_logins_ending_on_knowledge_checks_passes_with_nothing_lost(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], lms_folder: Path
) -> None:
    url = serve(lms_folder)
    previous: dict[str, Any] | None = None
    for step, action in enumerate((answer_exercise, read_lesson_two, answer_checks)):
        page = new_context().new_page()  # a new login: the browser's storage is empty
        module = launch(page, url, previous)
        expect(bar_status(page)).to_have_text(CONNECTED)
        if step:
            # What was done before came back from the LMS record alone.
            assert restored(page)["exercises"]["messages-after-match"]["score"] == 5
        if step == 2:
            assert restored(page)["pages"]["two"]["done"] is True
        action(module)
        launcher(page).get_by_role("button", name="Save and finish").click()
        page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
        previous = relaunch_data(cmi(page))
    assert previous is not None
    assert previous["core"]["lesson_status"] == "passed"
    assert previous["core"]["score"]["raw"] == "100"
    assert values(page, "cmi.core.exit")[-1] == ""

    # And a fourth login shows all of it: 3 of 3 lessons on My progress.
    page = new_context().new_page()
    module = launch(page, url, previous)
    module.get_by_role("link", name="My progress").first.click()
    expect(module.locator("[data-four-summary]")).to_have_text(
        "You have completed 3 of 3 lessons. You have answered 1 of 1 exercise in them.")
    expect(module.locator("[data-four-score]")).to_contain_text("Knowledge checks right: 2 of 2.")


@pytest.mark.parametrize(
    "order", list(itertools.permutations(ACTIONS)), ids=lambda o: "-".join(o))
def test_completion_is_reported_whatever_is_done_last(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    order: tuple[str, ...],
) -> None:
    url = serve(plain_folder)
    page = new_context().new_page()
    module = launch(page, url)
    expect(bar_status(page)).to_have_text(CONNECTED)
    for action in order[:-1]:
        saves = len(values(page, "cmi.suspend_data"))
        ACTIONS[action](module)
        # Wait for this step's save to reach the LMS, then judge what it reported.
        page.wait_for_function(
            "n => window.lmsLog.filter(e => e[1] === 'cmi.suspend_data').length > n", arg=saves)
    assert set(values(page, "cmi.core.lesson_status")) == {"incomplete"}
    assert values(page, "cmi.core.score.raw") == []  # no running score in the gradebook
    ACTIONS[order[-1]](module)
    wait_for_value(page, "cmi.core.lesson_status", "completed")
    assert values(page, "cmi.core.score.raw")[-1] == "100"
    launcher(page).get_by_role("button", name="Save and finish").click()
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    assert cmi(page)["core"]["lesson_status"] == "completed"


def test_a_running_score_is_sent_only_when_the_package_asks_for_it(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "running"
    shutil.copytree(plain_folder, folder)
    launch_page = folder / "index_lms.html"
    text = launch_page.read_text(encoding="utf-8")
    assert "&quot;running&quot;: false" in text
    launch_page.write_text(text.replace("&quot;running&quot;: false", "&quot;running&quot;: true"))
    page = new_context().new_page()
    module = launch(page, serve(folder))
    answer_exercise(module)
    wait_for_value(page, "cmi.core.score.raw", "100")  # 1 of 1 exercise, right
    assert values(page, "cmi.core.lesson_status")[-1] == "incomplete"


def test_leaving_always_sends_status_score_and_session_time(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path
) -> None:
    url = serve(plain_folder)
    page = new_context().new_page()
    module = launch(page, url)
    answer_exercise(module)
    read_lesson_two(module)
    answer_checks(module)
    wait_for_value(page, "cmi.core.lesson_status", "completed")
    before = len(log(page))
    # Leaving the launch page (the LMS closes the frame) sends everything again, then
    # commits and finishes, even though nothing changed since the last report.
    page.evaluate("document.getElementById('launch').remove()")
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    sent = [e[1] for e in log(page)[before:] if e[0] == "set"]
    for element in ("cmi.suspend_data", "cmi.core.lesson_status", "cmi.core.score.raw",
                    "cmi.core.exit", "cmi.core.session_time"):
        assert element in sent
    assert log(page)[-2:] == [["commit"], ["finish"]]
    assert values(page, "cmi.core.lesson_status")[-1] == "completed"


def test_leaving_unfinished_suspends_with_a_session_time(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], lms_folder: Path
) -> None:
    url = serve(lms_folder)
    page = new_context().new_page()
    launch(page, url)
    expect(bar_status(page)).to_contain_text("Connected")
    page.evaluate("document.getElementById('launch').remove()")
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    assert values(page, "cmi.core.exit")[-1] == "suspend"
    assert values(page, "cmi.core.lesson_status")[-1] == "incomplete"
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", values(page, "cmi.core.session_time")[-1])


def test_a_record_from_the_first_release_is_still_read(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path
) -> None:
    # Version 4: the exercise (5 of 5, every tick, likely stalking), lesson two done.
    previous = {"core": {"lesson_status": "incomplete", "entry": "resume"},
                "suspend_data": "4|Kf|010"}
    page = new_context().new_page()
    module = launch(page, serve(plain_folder), previous)
    expect(bar_status(page)).to_have_text(CONNECTED)
    exercise = module.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    answer_checks(module)
    wait_for_value(page, "cmi.core.lesson_status", "completed")
    assert values(page, "cmi.suspend_data")[-1].startswith("5.")


# -- the record's size ------------------------------------------------------------------------

def big_module(lessons: int, exercises: int, checks: int) -> str:
    """A module map of `lessons` lessons with `exercises` exercises and `checks` knowledge
    checks each, as the build writes it."""
    rows = [[f"lessons/lesson-{n:03}", f"lessons/lesson-{n:03}.html",
             [f"scenario-{n:03}-{e}" for e in range(exercises)], checks]
            for n in range(lessons)]
    return "window.FourModule=" + json.dumps({"lessons": rows}) + ";\n"


FILL = """() => window.FourStore.update(data => {
  window.FourProgress.lessons.forEach((lesson, n) => {
    data.pages[lesson.id] = {at: 1, seen: 1, done: n % 2 === 0,
      quiz: {answered: lesson.q, correct: Math.max(0, lesson.q - n % 3), total: lesson.q}};
    lesson.e.forEach((id, e) => {
      data.exercises[id] = {elements: ["fixated", "repeated", "unwanted"].slice(0, e % 4),
        judgement: ["likely-stalking", "warning-signs", "not-stalking"][e % 3],
        score: e % 6, max: 5, at: 1};
    });
  });
})"""


@pytest.mark.parametrize(
    ("lessons", "exercises", "checks", "fits"),
    [(100, 5, 4, True), (100, 5, 15, True), (100, 30, 4, False)],
    ids=["100x500", "100x500-many-checks", "100x3000-too-big"],
)
def test_the_record_of_a_big_module_fits_suspend_data_or_says_it_cannot(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    tmp_path: Path, lessons: int, exercises: int, checks: int, fits: bool,
) -> None:
    folder = tmp_path / "big"
    shutil.copytree(plain_folder, folder)
    (folder / "assets" / "four" / "big-map.js").write_text(big_module(lessons, exercises, checks))
    launch_page = folder / "index_lms.html"
    text = re.sub(r'<script src="assets/four/module-[0-9a-f]+\.js">',
                  '<script src="assets/four/big-map.js">', launch_page.read_text())
    launch_page.write_text(text)
    url = serve(folder)
    page = new_context().new_page()
    launch(page, url)
    expect(bar_status(page)).to_have_text(CONNECTED)
    launcher(page).locator("body").evaluate(FILL)
    if not fits:
        expect(bar_status(page)).to_have_text(TROUBLE)
        # Status and score still go to the LMS; only the record is too big for it.
        wait_for_value(page, "cmi.core.lesson_status", "completed")
        assert values(page, "cmi.core.score.raw")
        assert all(len(v) <= 4096 for v in values(page, "cmi.suspend_data"))
        return
    expect(bar_status(page)).to_have_text(COMPLETE)  # every lesson has all it needs
    suspend = values(page, "cmi.suspend_data")[-1]
    print(f"suspend_data for {lessons} lessons x {lessons * exercises} exercises, "
          f"{checks} checks each: {len(suspend)} characters")
    assert len(suspend) <= 4096
    held = restored(page)

    # A new login: the same progress, whole, from the record alone.
    other = new_context().new_page()
    launch(other, url, {"core": {"lesson_status": "incomplete", "entry": "resume"},
                        "suspend_data": suspend})
    expect(bar_status(other)).to_have_text(COMPLETE)
    again = restored(other)
    for part in ("exercises", "pages"):
        for record in (*held[part].values(), *again[part].values()):
            record.pop("at", None)
            record.pop("seen", None)
            if record.get("done") is False:  # FILL's "not done"; the record keeps only done
                del record["done"]
            if "elements" in record:  # the record keeps ticks in FOUR's order
                record["elements"] = sorted(record["elements"])
    assert again["exercises"] == held["exercises"]
    lesson_pages = {k: v for k, v in held["pages"].items() if k.startswith("lessons/")}
    assert {k: v for k, v in again["pages"].items() if k.startswith("lessons/")} == lesson_pages


# -- an LMS that fails ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"LMSInitialize": "throw"}, OFFLINE),
        ({"LMSInitialize": "false", "LMSGetLastError": "false"}, OFFLINE),
        ({"LMSGetValue": "throw", "LMSSetValue": "throw"}, TROUBLE),
        ({"LMSSetValue": "false", "LMSCommit": "false"}, TROUBLE),
        ({"LMSCommit": "throw"}, TROUBLE),
    ],
    ids=["initialize-throws", "initialize-false", "get-set-throw", "set-commit-false",
         "commit-throws"],
)
def test_an_lms_that_throws_or_refuses_leaves_the_module_working_and_says_so(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    broken: dict[str, str], message: str,
) -> None:
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    module = launch(page, serve(plain_folder), broken=broken)
    # Never stuck on "Connecting…": the module opens and works.
    answer_exercise(module)
    expect(bar_status(page)).to_have_text(message)
    module.get_by_role("link", name="Lesson two").first.click()
    module.get_by_role("link", name="Lesson one").first.click()
    exercise = module.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    if message == TROUBLE:
        module.get_by_role("link", name="My progress").first.click()
        expect(module.locator("[data-four-lms-state]")).to_contain_text(
            "Your learning system isn't answering at the moment")
    assert errors == []


# -- where the module opens -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("location", "opens"),
    [
        ("two.html", "two.html"),
        ("final-check.html#top", "final-check.html"),
        ("//example.invalid/x.html", "index.html"),
        ("https://example.invalid/two.html", "index.html"),
        ("../../../../secret.html", "index.html"),
        ("javascript:alert(1)", "index.html"),
        ("help.html", "index.html"),  # in the package, but not a lesson of the module map
        ("assets/four/../../two.html", "index.html"),
    ],
)
def test_lesson_location_is_followed_only_to_a_lesson_of_the_package(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    location: str, opens: str,
) -> None:
    url = serve(plain_folder)
    page = new_context().new_page()
    previous = {"core": {"lesson_status": "incomplete", "entry": "resume",
                         "lesson_location": location}, "suspend_data": ""}
    launch(page, url, previous)
    expect(bar_status(page)).to_have_text(CONNECTED)
    frame = page.frame_locator("#launch").locator("iframe[data-four-lms-frame]")
    expect(frame).to_have_attribute("src", opens)
    page.wait_for_function(
        "u => { const w = document.getElementById('launch').contentWindow.frames[0];"
        " try { return w.location.href === u; } catch (e) { return false; } }",
        arg=url + opens)


# -- what the learner is told -----------------------------------------------------------------

def test_my_progress_in_the_lms_says_what_the_lms_records_and_who_sees_it(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path
) -> None:
    page = new_context().new_page()
    module = launch(page, serve(plain_folder))
    module.get_by_role("link", name="My progress").first.click()
    heading = module.get_by_role("heading", name="Your progress in your learning system")
    expect(heading).to_be_visible()
    expect(module.locator("[data-four-lms-only] p").first).to_have_text(
        "Your school or university gave you this course through its learning system. That "
        "system records that you did it, your score and your answers to the exercises, and "
        "staff who run the course can see them. It also records which lessons you have "
        "finished, how many knowledge checks you got right and where you were, so you can "
        "carry on from another computer.")
    # Its record is the progress: nothing to import into it or reset from here.
    expect(module.get_by_role("button", name="Reset")).to_be_hidden()
    expect(module.get_by_label("Import a progress file")).to_be_hidden()
    expect(module.get_by_role("button", name="Export")).to_be_visible()


def test_outside_an_lms_the_package_is_the_ordinary_site(
    page: Page, serve: Callable[..., str], lms_folder: Path
) -> None:
    page.goto(serve(lms_folder) + "index_lms.html")
    expect(page).to_have_url(re.compile(r"/index\.html$"))
    exercise = page.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("button", name="Check")).to_be_visible()
    page.get_by_role("link", name="My progress").first.click()
    expect(page.locator("[data-four-lms-only]").first).to_be_hidden()
    expect(page.get_by_role("button", name="Reset")).to_be_visible()


def test_the_quick_exit_leaves_the_lms_window_and_back_shows_no_lesson(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    tmp_path: Path,
) -> None:
    stub = tmp_path / "elsewhere"
    stub.mkdir()
    (stub / "weather.html").write_text(
        "<!doctype html><html lang=en><title>Weather</title><h1>Weather forecast</h1>\n")
    exit_url = serve(stub) + "weather.html"  # another origin, as the real exit is
    folder = tmp_path / "lms"
    shutil.copytree(plain_folder, folder)
    for html in folder.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if EXIT_URL in text:
            html.write_text(text.replace(EXIT_URL, exit_url), encoding="utf-8")
    page = new_context().new_page()
    module = launch(page, serve(folder))
    read_lesson_two(module)
    answer_exercise(module)  # each page opened in the frame is an entry in the history
    module.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(exit_url)  # the whole window left, not only the module's frame
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/lms\.html$"))
    # Back reloads the LMS page; the module shows no lesson until the learner asks.
    expect(launcher(page).get_by_text("This activity was closed.")).to_be_visible()
    expect(launcher(page).locator("iframe[data-four-lms-frame]")).to_be_hidden()
    launcher(page).get_by_role("button", name="Open it again").click()
    expect(launcher(page).frame_locator("iframe[data-four-lms-frame]").locator("h1")).to_be_visible()


def test_a_new_package_with_a_changed_lesson_keeps_the_other_lessons(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path,
    tmp_path: Path,
) -> None:
    page = new_context().new_page()
    module = launch(page, serve(plain_folder))
    answer_exercise(module)
    read_lesson_two(module)
    answer_checks(module)
    wait_for_value(page, "cmi.core.lesson_status", "completed")
    record = values(page, "cmi.suspend_data")[-1]

    # The same module, re-packaged after an exercise was added to lesson two.
    folder = tmp_path / "changed"
    shutil.copytree(plain_folder, folder)
    (module_map,) = (folder / "assets" / "four").glob("module-*.js")
    text = module_map.read_text()
    assert '["two","two.html",[],0]' in text
    module_map.write_text(text.replace('["two","two.html",[],0]',
                                       '["two","two.html",["asked-once"],0]'))
    other = new_context().new_page()
    launch(other, serve(folder), {"core": {"lesson_status": "completed", "entry": "resume",
                                           "score": {"raw": "100"}}, "suspend_data": record})
    expect(bar_status(other)).to_have_text(COMPLETE)  # completion, once reached, stays
    kept = restored(other)
    assert kept["exercises"]["messages-after-match"]["score"] == 5
    assert kept["pages"]["final-check"]["quiz"] == {"answered": 2, "correct": 2, "total": 2}
    assert "two" not in kept["pages"]  # the changed lesson starts again


def test_an_lms_offering_only_scorm_2004_gets_the_same_reports(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], lms_folder: Path
) -> None:
    page = new_context().new_page()
    page.goto(serve(lms_folder) + "lms2004.html")
    module = launcher(page).frame_locator("iframe[data-four-lms-frame]")
    expect(bar_status(page)).to_have_text(CONNECTED)
    assert values(page, "cmi.completion_status")[:1] == ["incomplete"]
    answer_exercise(module)
    read_lesson_two(module)
    answer_checks(module)
    wait_for_value(page, "cmi.success_status", "passed")  # the mastery score is 80
    assert values(page, "cmi.completion_status")[-1] == "completed"
    assert values(page, "cmi.score.raw")[-1] == "100"
    assert values(page, "cmi.score.scaled")[-1] == "1"
    assert values(page, "cmi.suspend_data")[-1].startswith("5.")
    launcher(page).get_by_role("button", name="Save and finish").click()
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    assert values(page, "cmi.exit")[-1] == "normal"
    assert re.fullmatch(r"PT\d+H\d+M\d+S", values(page, "cmi.session_time")[-1])


def test_axe_finds_nothing_on_the_launch_page(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], plain_folder: Path
) -> None:
    page = new_context().new_page()
    launch(page, serve(plain_folder))
    expect(bar_status(page)).to_have_text(CONNECTED)
    (frame,) = [f for f in page.frames if f.url.endswith("/index_lms.html")]
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert [v["id"] for v in result["violations"]] == []
