"""Scenario files, pages and configuration are untrusted: the robustness review's findings.

Each test reproduces a finding of reviews/robustness-2026-11-29.md (F-numbers) on a real
build of the sample project and asserts what the author or learner now gets instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, run_cli, run_mkdocs_build

PAYLOAD_STORY = (
    "Story text.\n\n<script>window.__storyRan = true;</script>\n\n"
    '<img src="x" onerror="window.__imgRan = true">\n\n'
    '<svg onload="window.__svgRan = true"></svg>\n\n'
    '<iframe srcdoc="<script>parent.__frameRan = true</script>"></iframe>\n\n'
    "[a link](javascript:window.__linkRan=true)\n\n"
    '<img src="https://tracker.example.net/pixel.gif" alt="remote">\n\n'
    '<img src="../assets/images/local.svg" alt="local">'
)


def project_with(tmp_path: Path, replacements: dict[str, str], name: str = "sample") -> Path:
    project = copy_project(name, tmp_path)
    for relative, (old, new) in (
        (key.split("|")[0], (key.split("|")[1], value)) for key, value in replacements.items()
    ):
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


def block(text: str) -> str:
    """`text` as a YAML literal block under a scenario field."""
    return "|\n" + "\n".join(f"      {line}" for line in text.splitlines())


def test_scenario_html_is_sanitised_in_every_field(tmp_path: Path) -> None:
    """F1, F9: script, handlers, javascript: links and remote images never reach the page;
    an explanation that closes tags early cannot break the exercise around it."""
    project = project_with(tmp_path, {
        "quizzes/sample.yml|story: |\n      Jordan and Sami played one online match together. "
        "Since then Sami has sent\n      Jordan **forty messages** in a week, even after Jordan "
        'wrote "please stop".': "story: " + block(PAYLOAD_STORY),
        "quizzes/sample.yml|explanation: Sami keeps going and finds new times to message.":
            "explanation: \"</div></li></ul><script>window.__breakout = 1</script>Keeps going.\"",
        "quizzes/sample.yml|advice: Keep the messages,":
            'advice: <meta http-equiv="refresh" content="0;url=javascript:alert(1)"> Keep the '
            "messages,",
    })
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    exercise = home[home.index("data-four-scenario="):home.index("</section>")]
    for unsafe in ("__storyRan", "onerror", "onload", "srcdoc", "javascript:", "__breakout",
                   "http-equiv", "tracker.example.net", "<script", "<iframe", "<svg"):
        assert unsafe not in exercise, unsafe
    assert '<img src="../assets/images/local.svg" alt="local">' in exercise
    assert "<p>Story text.</p>" in exercise
    # The broken explanation stays inside its own answer item.
    assert re.search(
        r'data-four-element="obsessive" data-four-present="true">\s*<p[^>]*>.*?</p>\s*'
        r'<div class="four-answers__explanation"><p>Keeps going.</p></div>\s*</li>',
        home, re.S,
    )


def test_a_script_in_a_lesson_page_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    """F1 (D35): content scripts are never moved into files the CSP would allow."""
    project = project_with(tmp_path, {
        "docs/second.md|# ": "<script>window.ran = 1</script>\n\n"
                           '<a href="javascript:alert(1)" onclick="x()">x</a>\n\n# ',
    })
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert (
        "3 problems in the lesson pages:\n"
        "  docs/second.md:1: '<script>' would run code in learners' browsers; pages hold text, "
        "links and images only (scripts belong in the theme)\n"
        "  docs/second.md:3: 'href' leads to a 'javascript' address, which would run code in "
        "learners' browsers; pages hold text, links and images only\n"
        "  docs/second.md:3: 'onclick' would run code in learners' browsers; pages hold text, "
        "links and images only (scripts belong in the theme)\n"
    ) in result.stderr


def test_directives_in_raw_html_and_code_follow_markdowns_rules(tmp_path: Path) -> None:
    """F4, finding 6: in raw HTML an exercise is placed; in indented code, as in fenced code,
    the directive is shown as written; in a comment it is hidden. What is placed is tracked,
    and nothing else: every lesson can be completed."""
    project = project_with(tmp_path, {
        "docs/plain.md|No exercise here.":
            "No exercise here.\n\n<div>\n[[four asked-once]]\n</div>\n\n"
            "    [[four notes-in-bag]]\n\n<!--\n[[four messages-after-match]]\n-->\n",
    })
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    plain = (site / "plain" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-four-scenario="([^"]+)"', plain) == ["asked-once"]
    assert "<pre><code>[[four notes-in-bag]]\n</code></pre>" in plain
    assert "<!--\n[[four messages-after-match]]\n-->" in plain
    # Tracked as the page it is: one exercise to answer (the one placed), so it can end.
    assert '<div class="four-page-end" data-four-track="plain">' in plain


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[FOUR asked-once]]", "'[[four ...]]' must stand on a line of its own, in lower case"),
        ("See [[four asked-once]] below.", "'[[four ...]]' must stand on a line of its own"),
        ("- [[four asked-once]]", "'[[four ...]]' must stand on a line of its own"),
        ("> [[four asked-once]]", "'[[four ...]]' must stand on a line of its own"),
        ("| [[four asked-once]] | x |", "'[[four ...]]' must stand on a line of its own"),
        ("~~~\nunclosed", "this code block ('~~~') is never closed"),
    ],
)
def test_directive_typos_are_reported(tmp_path: Path, line: str, message: str) -> None:
    """F15: learners would otherwise see the brackets."""
    project = project_with(tmp_path, {"docs/plain.md|No exercise here.": f"{line}\n"})
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert f"docs/plain.md:3: {message}" in result.stderr


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('""', "''"),
        ('"javascript:alert(1)"', "'javascript:alert(1)'"),
        ("get-help.html", "'get-help.html'"),
    ],
)
def test_the_quick_exit_must_leave_the_site(tmp_path: Path, value: str, shown: str) -> None:
    """F5: these addresses left the learner on the page."""
    project = project_with(tmp_path, {
        "mkdocs.yml|      institution: Sample Academy\n":
            f"      institution: Sample Academy\n      exit_url: {value}\n",
    })
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert (
        f"{shown} does not leave this site; the quick exit needs a full address on another "
        "site, such as https://www.bbc.co.uk/weather"
    ) in result.stderr


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("editions: 5", "'editions' must be a list: [school], [university] or both"),
        ("editions:", "'editions' must be a list: [school], [university] or both"),
        ('local: "no"', "'local' must be true or false, not 'no'"),
        ("phone: call the office", "'phone' must be a number to dial, like 0808 802 0300, not "
                                   "'call the office'; put other words in 'about'"),
        ('url: "x) <img src=x onerror=alert(1)> ("', "'url' must be a full web address such as "
                                                    "https://www.childline.org.uk/"),
        ("url: javascript:alert(1)", "'url' must be a full web address"),
        ("group: crisiss", "'crisiss' is not a contact group; did you mean 'crisis'?"),
    ],
)
def test_contact_mistakes_get_a_message_not_a_traceback(
    tmp_path: Path, field: str, message: str
) -> None:
    """F6, F8: each of these gave a traceback or went into pages unchecked."""
    project = project_with(tmp_path, {
        "mkdocs.yml|          hours: every day\n":
            f"          hours: every day\n          {field}\n",
    })
    for command in (["check"], None):
        if command:
            result = run_cli(*command, cwd=project)
        else:
            result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"contacts[0] ('helpline'): {message}" in result.stderr


def test_configured_text_cannot_become_html(tmp_path: Path) -> None:
    """F8: the institution's name and contact names are text, not markup; what would run
    as script is refused outright (issue 21)."""
    project = project_with(tmp_path, {
        "mkdocs.yml|      institution: Sample Academy":
            '      institution: "Sample <b>Academy</b> [Academy](javascript:x)"',
        "mkdocs.yml|          name: Sample Helpline": '          name: "Help | Line <24h>"',
    })
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "at Sample &lt;b&gt;Academy&lt;/b&gt; [Academy](javascript:x)." in home
    assert "Help | Line &lt;24h&gt; (<a" in home and "\\" not in home.split("Help |")[1][:20]
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "Sample <b>Academy</b>", "Sample <img src=x onerror=alert(1)>"))
    refused = run_mkdocs_build(config, site)
    assert refused.returncode == 1
    assert (
        "1 problem in the configuration:\n  mkdocs.yml: four-lessons: institution: 'onerror' "
        "would run code in learners' browsers; pages hold text, links and images only "
        "(scripts belong in the theme)\n"
    ) in refused.stderr


def test_an_unquoted_impossible_date_gets_a_message_from_check(tmp_path: Path) -> None:
    """F6: YAML reads 2025-09-31 as a date and fails before any plugin runs."""
    project = project_with(tmp_path, {
        "mkdocs.yml|      contacts_checked: 2026-11-01": "      contacts_checked: 2025-09-31",
    })
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    line = (project / "mkdocs.yml").read_text().splitlines().index(
        "      contacts_checked: 2025-09-31") + 1
    assert result.stderr == (
        f"mkdocs.yml:{line}: 2025-09-31 is not a real date (day is out of range for month); "
        'write dates in quotes, such as "2026-11-30"\n1 problem(s) found.\n'
    )


def test_stale_contacts_warn_and_stop_a_strict_build(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "mkdocs.yml|      contacts_max_age_months: 1200": "      contacts_max_age_months: 6",
        "mkdocs.yml|      contacts_checked: 2026-11-01": '      contacts_checked: "2020-01-15"',
    })
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    # The hosting guide says not to raise the limit to silence this, so the message doesn't
    # suggest it either (issue 19).
    assert (
        "mkdocs.yml:22: the help contacts were last checked on 15 January 2020 "
        "('contacts_checked'), more than 6 months ago; check them again with each service, "
        "then update the date"
    ) in result.stderr
    assert "contacts_max_age_months" not in result.stderr


def test_a_page_that_is_not_utf8_gets_a_message_from_check_and_build(tmp_path: Path) -> None:
    """F6: a UnicodeDecodeError traceback in both."""
    project = copy_project("sample", tmp_path)
    (project / "docs" / "plain.md").write_bytes(b"# Plain\n\nCaf\xe9 text\n")
    message = (
        "docs/plain.md:3: not UTF-8 text (byte 0xe9); save the page with UTF-8 encoding"
    )
    check = run_cli("check", cwd=project)
    assert check.returncode == 1 and message in check.stderr, check.stderr
    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 1 and message in build.stderr, build.stderr
    assert "Traceback" not in check.stderr + build.stderr


def test_check_copes_with_odd_docs_folders(tmp_path: Path) -> None:
    """F6: a docs folder outside the project, a folder named like a page, a broken link."""
    project = copy_project("sample", tmp_path)
    (project / "docs").rename(tmp_path / "elsewhere")
    config = project / "mkdocs.yml"
    config.write_text("docs_dir: ../elsewhere\n" + config.read_text())
    (tmp_path / "elsewhere" / "folder.md").mkdir()
    check = run_cli("check", cwd=project)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: ")
    # A broken link: the build stopped with a traceback, and check said OK (robustness F6,
    # N10); both now give the same one line.
    (tmp_path / "elsewhere" / "broken.md").symlink_to(tmp_path / "missing.md")
    check = run_cli("check", cwd=project)
    build = run_mkdocs_build(config, tmp_path / "site")
    line = (
        f"{tmp_path / 'elsewhere' / 'broken.md'}: cannot be read (No such file or directory); "
        "if it is a link, the file it points to is missing: restore that file or remove the "
        "link"
    )
    assert check.returncode == build.returncode == 1
    assert check.stderr == f"{line}\n1 problem(s) found.\n"
    assert f"1 problem in the lesson pages:\n  {line}\n" in build.stderr
    assert "Traceback" not in build.stderr


def test_check_reports_what_a_strict_build_would(tmp_path: Path) -> None:
    """Also seen: an unknown option passed check; a missing scenarios folder gave 40 errors."""
    project = project_with(tmp_path, {
        "mkdocs.yml|      institution: Sample Academy\n":
            "      institution: Sample Academy\n      editon: school\n",
    })
    check = run_cli("check", cwd=project)
    assert check.returncode == 1
    line = (project / "mkdocs.yml").read_text().splitlines().index("      editon: school") + 1
    assert check.stderr == (
        f"mkdocs.yml:{line}: Config value 'plugins': Plugin 'four-lessons' option 'editon': "
        "Unrecognised configuration name: editon\n1 problem(s) found.\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      editon: school\n",
                                                 "      scenarios_dir: nowhere\n"))
    check = run_cli("check", cwd=project)
    assert check.stderr == (
        "mkdocs.yml: the scenarios folder 'nowhere' does not exist; create it, or set "
        "'scenarios_dir' in the four-lessons block\n1 problem(s) found.\n"
    )


def test_a_site_name_with_markup_is_refused(tmp_path: Path) -> None:
    """F14: the theme writes site_name unescaped into every page."""
    project = project_with(tmp_path, {
        "mkdocs.yml|site_name: Sample module": "site_name: Sample <img src=x onerror=alert(1)>",
    })
    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 1
    assert "site_name 'Sample <img src=x onerror=alert(1)>' holds '<' or '>'; write the " in (
        build.stderr
    )


def test_new_leaves_nothing_half_written_when_the_disk_fills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F6: a full disk left a half-written folder that blocked a second try."""
    import errno
    import shutil

    from four_lessons.tools import scaffold

    real_copytree = shutil.copytree

    def copy_then_fill(source: Path, target: Path, *args: object, **options: object) -> object:
        if Path(target).name == "quizzes":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copytree(source, target, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(f"{scaffold.__name__}.shutil.copytree", copy_then_fill)
    folder = tmp_path / "module"
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.write_module(folder)
    assert str(caught.value) == (
        f"could not write to {folder} (No space left on device); choose a folder you can "
        "write to, with room to spare (nothing was left behind)"
    )
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a staging folder
    monkeypatch.undo()
    assert scaffold.write_module(folder).pages > 0  # a second try works
