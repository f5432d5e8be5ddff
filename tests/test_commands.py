"""An institution's first hour with the command: every mistake explained, nothing lost.

Each test is a finding of the newcomer and robustness reviews of 4 December 2026
(`four-lessons check` silent on a wrong option, a traceback for an impossible date, `build
-d` emptying whatever folder it was given, a failed build replacing a good site, no way to
preview a copy made by `new`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_mkdocs_build
from four_lessons.tools.cli import main
from four_lessons.tools.scaffold import _set_options, write_module


def checked_module(tmp_path: Path, edition: str = "school") -> Path:
    """A copy made by `new` whose contacts the team has checked: it builds strictly."""
    folder = tmp_path / "module"
    write_module(folder, edition)
    set_options(folder, contacts_checked='"2026-12-01"')
    return folder


def set_options(folder: Path, **values: str) -> None:
    config = folder / "mkdocs.yml"
    config.write_text(_set_options(config.read_text(encoding="utf-8"), values), encoding="utf-8")


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# -- every command explains every mistake in the configuration ------------------------------

@pytest.mark.parametrize(("option", "value", "message"), [
    ("edition", "universty",
     "Config value 'plugins': Plugin 'four-lessons' option 'edition': Expected one of: "
     "('school', 'university') but received: 'universty'"),
    ("exit_url", '""',
     "Config value 'plugins': Plugin 'four-lessons' option 'exit_url': '' does not leave this "
     "site; the quick exit needs a full address on another site, such as "
     "https://www.bbc.co.uk/weather"),
    ("exit_url", "www.bbc.co.uk/weather",
     "Config value 'plugins': Plugin 'four-lessons' option 'exit_url': 'www.bbc.co.uk/weather' "
     "does not leave this site; the quick exit needs a full address on another site, such as "
     "https://www.bbc.co.uk/weather"),
])
def test_check_and_build_name_a_wrong_option_value_with_its_line(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    folder = checked_module(tmp_path)
    set_options(folder, **{option: value})
    line = line_of(folder, f"{option}: {value}")
    check = run_cli("check", cwd=folder)
    assert (check.returncode, check.stdout) == (1, "")
    assert check.stderr == f"mkdocs.yml:{line}: {message}\n1 problem(s) found.\n"
    build = run_cli("build", cwd=folder)
    assert (build.returncode, build.stderr) == (1, f"mkdocs.yml:{line}: {message}\n")
    assert not (folder / "site").exists()
    # MkDocs' own build says the same, in the same words.
    plain = run_mkdocs_build(folder / "mkdocs.yml", tmp_path / "plain")
    assert plain.returncode == 1 and message in plain.stderr


def test_an_impossible_date_is_one_line_for_every_command(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    set_options(folder, contacts_checked="2026-09-31")  # unquoted: YAML reads it as a date
    line = line_of(folder, "contacts_checked: 2026-09-31")
    expected = (
        f"mkdocs.yml:{line}: 2026-09-31 is not a real date (day is out of range for month); "
        'write dates in quotes, such as "2026-11-30"\n'
    )
    check = run_cli("check", cwd=folder)
    assert (check.returncode, check.stderr) == (1, expected + "1 problem(s) found.\n")
    for command in (["build"], ["build", "--staff"], ["serve"],
                    ["scorm", "-o", str(tmp_path / "m.zip")]):
        result = run_cli(*command, cwd=folder)
        assert (result.returncode, result.stderr) == (1, expected), command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["module"]


def test_yaml_that_cannot_be_read_is_named_with_its_line(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("module_id: ", "module_id: [", 1), encoding="utf-8")
    check = run_cli("check", cwd=folder)
    assert check.returncode == 1
    problem, summary = check.stderr.splitlines()
    assert problem.startswith("mkdocs.yml:") and problem.endswith("this is not valid YAML")
    assert summary == "1 problem(s) found."


# -- nothing the tool did not write is ever removed -----------------------------------------

@pytest.mark.parametrize("target", ["quizzes", "docs", "docs/lessons", ".", ".."])
def test_build_refuses_the_module_s_own_folders(tmp_path: Path, target: str) -> None:
    folder = checked_module(tmp_path)
    before = tree(tmp_path)
    result = run_cli("build", "-d", target, "--force", cwd=folder)
    assert result.returncode == 1
    assert result.stderr.startswith(f"four-lessons build: {target} is ")
    assert result.stderr.endswith("(nothing was written)\n")
    assert len(result.stderr.splitlines()) == 1
    assert tree(tmp_path) == before


def test_build_refuses_a_link_to_the_pages_folder(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    (tmp_path / "published").symlink_to(folder / "docs")
    before = tree(folder)
    result = run_cli("build", "-d", str(tmp_path / "published"), cwd=folder)
    assert result.returncode == 1
    assert f"is or holds the pages folder ({folder / 'docs'})" in result.stderr
    assert tree(folder) == before


def test_build_refuses_the_home_directory_and_the_root(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.txt").write_text("years of work")
    for target, what in ((str(home), "your home directory"), ("/", "the root folder")):
        result = run_cli("build", "-d", target, "--force", cwd=folder, env={"HOME": str(home)})
        assert result.returncode == 1
        assert result.stderr == (
            f"four-lessons build: {target} is {what}; a build empties its folder first. "
            "Choose a new folder, such as site/ (nothing was written)\n"
        )
    assert (home / "Documents" / "thesis.txt").read_text() == "years of work"


def test_plain_mkdocs_build_into_the_scenarios_folder_stops_before_deleting_it(
    tmp_path: Path
) -> None:
    folder = checked_module(tmp_path)
    before = tree(folder / "quizzes")
    result = run_mkdocs_build(folder / "mkdocs.yml", folder / "quizzes")
    assert result.returncode == 1
    assert "site_dir: " in result.stderr and "is or holds the scenarios folder" in result.stderr
    assert tree(folder / "quizzes") == before


def test_build_refuses_a_folder_holding_other_things_unless_forced(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = run_cli("build", "-d", str(other), cwd=folder)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"four-lessons build: {other} is not empty and holds no earlier FOUR Lessons site; a "
        "build would delete what is in it. Choose a new or empty folder, or add --force to "
        "replace its contents (nothing was written)\n"
    )
    assert tree(other) == {"notes.txt": b"keep me"}
    forced = run_cli("build", "-d", str(other), "--force", cwd=folder)
    assert forced.returncode == 0, forced.stderr
    assert (other / "index.html").is_file() and not (other / "notes.txt").exists()
    again = run_cli("build", "-d", str(other), cwd=folder)  # an earlier build: replaced
    assert again.returncode == 0, again.stderr


# -- a failed build never replaces a good site ----------------------------------------------

def test_a_failed_build_leaves_the_last_good_site_exactly_as_it_was(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    first = run_cli("build", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert first.stdout.endswith("Built the learner site in site\n")
    good = tree(folder / "site")
    assert "index.html" in good
    set_options(folder, contacts_checked='""')  # unchecked contacts: a strict build stops
    failed = run_cli("build", cwd=folder)
    assert failed.returncode == 1
    assert failed.stderr.endswith("The build failed; site was left as it was.\n")
    assert tree(folder / "site") == good
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".site")) == []


# A build held while MkDocs writes its pages, until the test interrupts it: the interruption
# lands mid-write however fast or loaded the machine is (MkDocs' own `hooks` option).
HOLD_HOOK = """\
import os, pathlib, time

def on_post_page(output, page, config, **kwargs):
    pathlib.Path(os.environ["FOUR_TEST_WRITING"]).touch()
    time.sleep(300)
    return output
"""


def hold_while_writing(folder: Path, marker: Path) -> dict[str, str]:
    """Make the module's builds stop while writing pages, and say so by creating `marker`;
    returns the environment that turns it on."""
    (folder / "hold.py").write_text(HOLD_HOOK, encoding="utf-8")
    with (folder / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hold.py\n")
    return {**os.environ, "FOUR_TEST_WRITING": str(marker)}


def as_from_a_terminal(*args: str) -> list[str]:
    """`four-lessons ARGS` started as from a terminal, where Ctrl-C interrupts it. A shell runs
    background jobs with Ctrl-C ignored, and a Python started so keeps ignoring it: the suite
    must not depend on how it was started (`make test &`, a CI runner's background job)."""
    reset = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
             "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); "
             "os.execv(sys.executable, [sys.executable, '-m', 'four_lessons.tools.cli', "
             "*sys.argv[1:]])")
    return [sys.executable, "-c", reset, *args]


def ctrl_c_reaches(pid: int) -> bool:
    """Whether Ctrl-C (SIGINT) would reach process `pid`: neither ignored nor blocked."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    masks = dict(line.split(":\t") for line in status.splitlines() if line.startswith("Sig"))
    bit = 1 << (signal.SIGINT - 1)
    return not (int(masks["SigIgn"], 16) & bit or int(masks["SigBlk"], 16) & bit)


@contextlib.contextmanager
def stopped_at_the_end(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """The process (started in a session of its own), killed with everything it started if
    the test ends while it still runs, so a failure here leaves no process or pipe behind to
    fail a later test."""
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def test_an_interrupted_build_leaves_nothing_half_written(tmp_path: Path) -> None:
    folder = checked_module(tmp_path)
    assert run_cli("build", cwd=folder).returncode == 0
    good = tree(folder / "site")
    writing = tmp_path / "writing-pages"
    env = hold_while_writing(folder, writing)
    # Ctrl-C reaches the whole foreground process group: the command and MkDocs under it.
    with stopped_at_the_end(subprocess.Popen(
        as_from_a_terminal("build"), cwd=folder,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=env,
    )) as process:
        deadline = time.monotonic() + 120
        while not writing.exists():  # MkDocs is writing pages, and held
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert any(folder.glob(".site.building-*/assets"))
        assert ctrl_c_reaches(process.pid)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.splitlines()[-1] == "four-lessons build: interrupted; site was left as it was"
    assert "Traceback" not in stderr.split("four-lessons build: interrupted")[-1]
    assert tree(folder / "site") == good
    assert not any(folder.glob(".site.*"))


def test_a_killed_scorm_run_leaves_no_part_file_no_build_folder_and_the_old_package(
    tmp_path: Path
) -> None:
    """N13: SIGTERM (plain kill, a CI timeout) skipped every clean-up."""
    folder = checked_module(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    package = tmp_path / "module.zip"
    first = run_cli("scorm", "-o", str(package), cwd=folder)
    assert first.returncode == 0, first.stderr
    earlier = package.read_bytes()
    writing = tmp_path / "writing-pages"
    env = hold_while_writing(folder, writing)
    with stopped_at_the_end(subprocess.Popen(
        [sys.executable, "-m", "four_lessons.tools.cli", "scorm", "-o", str(package)],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**env, "TMPDIR": str(temp)}, start_new_session=True,
    )) as process:
        deadline = time.monotonic() + 120
        while not writing.exists():  # the build is under way, and held
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        process.terminate()  # SIGTERM to the command only, as `kill PID` sends it
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.splitlines()[-1] == (
        f"four-lessons scorm: interrupted; nothing was written to {package}"
    )
    assert "Traceback" not in stderr
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "module", "module.zip", "tmp", "writing-pages"]
    assert package.read_bytes() == earlier


def test_an_interrupted_new_leaves_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from four_lessons.tools import scaffold

    def interrupted(*args: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(f"{scaffold.__name__}.shutil.copytree", interrupted)
    assert main(["new", str(tmp_path / "module")]) == 130
    assert capsys.readouterr().err == (
        f"four-lessons new: interrupted; nothing was written to {tmp_path / 'module'}\n"
    )
    assert list(tmp_path.iterdir()) == []


# -- a new copy previews with one command ---------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, expected: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                text = str(answer.read().decode("utf-8"))
                if expected in text:
                    return text
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{expected!r} never appeared at {url}"
        time.sleep(0.2)


@pytest.mark.parametrize("staff", [False, True], ids=["learner", "staff"])
def test_serve_previews_a_new_copy_with_live_reload(tmp_path: Path, staff: bool) -> None:
    folder = checked_module(tmp_path, "university")
    port = free_port()
    command = as_from_a_terminal("serve", "--dev-addr", f"127.0.0.1:{port}",
                                 *(["--staff"] if staff else []))
    with stopped_at_the_end(subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )) as server:
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 120
            assert "university" in fetch(base, "four-exit", deadline)
            teachers = base + "staff/teachers-guide.html"
            if staff:
                fetch(teachers, "four-exit", deadline)
            else:
                with pytest.raises(urllib.error.HTTPError):
                    urllib.request.urlopen(teachers, timeout=5)
            # Live reload: a changed scenario file is rebuilt and served.
            quiz = next((folder / "quizzes").glob("basics.yml"))
            text = quiz.read_text(encoding="utf-8")
            title = text.split("title: ", 1)[1].split("\n", 1)[0]
            quiz.write_text(text.replace(f"title: {title}", "title: A story we just wrote", 1))
            fetch(base + "lessons/what-is-stalking.html", "A story we just wrote",
                  time.monotonic() + 120)
            assert ctrl_c_reaches(server.pid)
        finally:
            server.send_signal(signal.SIGINT)  # Ctrl-C, to the command as `kill -INT` sends it
            output, _ = server.communicate(timeout=120)
    assert output.startswith(
        f"Serving the {'staff' if staff else 'learner'} site at {base} (Ctrl-C stops it)\n")
    assert "Traceback" not in output


# -- prerequisites say themselves ------------------------------------------------------------

def tools_folder(tmp_path: Path, tools: tuple[str, ...]) -> Path:
    """A folder holding only `tools` (links to this machine's), to be the whole PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    return bin_dir


def prerequisites(need: str, bin_dir: Path, chromium: Path) -> subprocess.CompletedProcess[str]:
    """`.ci/prerequisites NEED` with `bin_dir` as the PATH and `chromium` as the browser."""
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "prerequisites"), need], capture_output=True,
        text=True, env={"PATH": str(bin_dir), "FOUR_CHROMIUM": str(chromium)}, check=False,
    )


def executable(path: Path, text: str = "#!/bin/sh\n") -> None:
    path.write_text(text)
    path.chmod(0o755)


def test_make_test_names_a_missing_package_in_one_line(tmp_path: Path) -> None:
    bin_dir = tools_folder(tmp_path, ("bash", "node", "npm"))
    (bin_dir / "python3").symlink_to(sys.executable)  # has venv and ensurepip
    chromium = tmp_path / "no-chromium-here"
    result = prerequisites("test", bin_dir, chromium)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "make test needs Chromium, for the browser tests (Debian package: chromium)",
        "make test needs Java, for the Nu Html Checker (Debian package: default-jre-headless)",
        "Install them with apt-get, or run 'sudo bash .ci/run', which installs what is missing "
        "and then runs make test.",
    ]
    executable(bin_dir / "java")
    executable(chromium)
    ready = prerequisites("test", bin_dir, chromium)
    assert (ready.returncode, ready.stderr) == (0, "")


def test_python_3_10_serves_the_module_but_make_test_asks_for_3_11(tmp_path: Path) -> None:
    """Zensical 0.0.73, the portability check's pin, needs Python 3.11: say so up front."""
    bin_dir = tools_folder(tmp_path, ("bash", "node", "npm", "java"))
    # A Python 3.10 as the script asks it: its version checks, -V, and venv found.
    executable(bin_dir / "python3", (
        "#!/bin/sh\n"
        'case "$*" in *"(3, 11)"*) exit 1 ;; *-V*) echo "Python 3.10.12" ;; esac\n'
        "exit 0\n"
    ))
    chromium = tmp_path / "chromium"
    executable(chromium)
    serve = prerequisites("serve", bin_dir, chromium)
    assert (serve.returncode, serve.stderr) == (0, "")
    test = prerequisites("test", bin_dir, chromium)
    assert test.returncode == 1
    assert test.stderr.splitlines()[0] == (
        "make test needs Python 3.11 or newer (python3 is Python 3.10.12; "
        "Debian package: python3, or set PYTHON=python3.11)"
    )
