"""The SCORM 1.2 package, hosted the way an LMS hosts it (scorm-again as window.API)."""

from __future__ import annotations

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

from .conftest import ROOT

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
HOST = Path(__file__).parent / "lms_host"
NS = {
    "ims": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample module packaged by `four-lessons scorm`."""
    output = tmp_path_factory.mktemp("scorm") / "module.zip"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "four_lessons.cli",
            "scorm",
            "-o",
            str(output),
            "-f",
            str(PROJECTS / "scorm" / "mkdocs.yml"),
            "--mastery-score",
            "80",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {output} (")
    return output


@pytest.fixture(scope="module")
def lms_folder(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package unpacked beside a test LMS page, as an LMS serves it."""
    if not SCORM_AGAIN.is_file():
        pytest.fail("scorm-again is missing: run 'make test' (it runs npm ci)")
    folder = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    shutil.copy(SCORM_AGAIN, folder / "scorm12.js")
    for name in ("lms.html", "lms-host.js"):
        shutil.copy(HOST / name, folder / name)
    return folder


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


def launch(page: Page, url: str, previous: dict[str, Any] | None = None) -> FrameLocator:
    if previous is not None:
        page.add_init_script(f"window.__previousAttempt = {json.dumps(previous)};")
    page.goto(url + "lms.html")
    return page.frame_locator("#launch").frame_locator("iframe[data-four-lms-frame]")


def log(page: Page) -> list[list[str]]:
    return list(page.evaluate("window.lmsLog"))


def values(page: Page, element: str) -> list[str]:
    return [entry[2] for entry in log(page) if entry[0] == "set" and entry[1] == element]


def test_module_reports_to_the_lms_and_comes_back_on_relaunch(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], lms_folder: Path
) -> None:
    url = serve(lms_folder)
    page = new_context().new_page()
    module = launch(page, url)
    launcher = page.frame_locator("#launch")
    expect(launcher.get_by_role("status")).to_have_text(
        "Connected: your progress is saved to your learning platform."
    )
    # "incomplete" at once, so Moodle cannot turn "not attempted" into "completed".
    assert values(page, "cmi.core.lesson_status")[:1] == ["incomplete"]
    assert log(page)[0] == ["initialize"]

    exercise = module.locator('[data-four-scenario="messages-after-match"]')
    for name in ("Fixated", "Obsessive", "Unwanted", "Repeated"):
        exercise.get_by_role("checkbox", name=name).check()
    exercise.get_by_role("radio", name="Likely stalking").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    page.wait_for_function(
        "window.lmsLog.some(e => e[1] === 'cmi.suspend_data' && /^4\\|[^|]*[^.|]/.test(e[2]))"
    )
    assert values(page, "cmi.core.lesson_status")[-1] == "incomplete"  # lesson two not read
    # With a mastery score, no score until the module is complete: an LMS that sets
    # passed/failed from the score (Moodle does at every exit) must not fail a pause.
    assert values(page, "cmi.core.score.raw") == []
    suspend = values(page, "cmi.suspend_data")[-1]
    assert suspend.startswith("4|") and len(suspend) <= 4096
    assert ["commit"] in log(page)

    module.get_by_role("link", name="Lesson two").first.click()
    # A short page counts as done once its end is on screen.
    expect(module.get_by_role("button", name="Mark this page as done")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.wait_for_function(
        "window.lmsLog.some(e => e[1] === 'cmi.core.lesson_status' && e[2] === 'passed')"
    )
    assert values(page, "cmi.core.score.raw")[-1] == "100"
    assert values(page, "cmi.core.lesson_location")[-1] == "two.html"

    launcher.get_by_role("button", name="Save and finish").click()
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    assert values(page, "cmi.core.exit")[-1] == ""
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", values(page, "cmi.core.session_time")[-1])
    entries = log(page)
    assert entries.index(["finish"]) > max(i for i, e in enumerate(entries) if e == ["commit"])
    attempt = page.evaluate("JSON.parse(JSON.stringify(window.API.cmi))")

    # Relaunch on another device: nothing stored locally, everything from the LMS.
    other = new_context().new_page()
    previous = {
        "core": {
            "lesson_status": attempt["core"]["lesson_status"],
            "lesson_location": "index.html",
            "entry": "resume",
        },
        "suspend_data": attempt["suspend_data"],
    }
    module = launch(other, url, previous)
    exercise = module.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    expect(exercise.get_by_role("checkbox", name="Unwanted")).to_be_checked()
    assert "incomplete" not in values(other, "cmi.core.lesson_status")


def test_leaving_unfinished_suspends_with_a_session_time(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], lms_folder: Path
) -> None:
    url = serve(lms_folder)
    page = new_context().new_page()
    launch(page, url)
    expect(page.frame_locator("#launch").get_by_role("status")).to_contain_text("Connected")
    # Leaving the launch page (the LMS closes the frame) finishes the session on pagehide.
    page.evaluate("document.getElementById('launch').remove()")
    page.wait_for_function("window.lmsLog.some(e => e[0] === 'finish')")
    assert values(page, "cmi.core.exit")[-1] == "suspend"
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", values(page, "cmi.core.session_time")[-1])


def test_outside_an_lms_the_package_is_the_ordinary_site(
    page: Page, serve: Callable[..., str], lms_folder: Path
) -> None:
    page.goto(serve(lms_folder) + "index_lms.html")
    expect(page).to_have_url(re.compile(r"/index\.html$"))
    exercise = page.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("button", name="Check")).to_be_visible()
