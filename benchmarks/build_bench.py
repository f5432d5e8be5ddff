"""Build time, peak memory and page weight of FOUR Lessons against plain MkDocs.

Generates a module of 200 lessons with 5 exercises each (1,000 distinct scenarios), and
the same Markdown for plain MkDocs with each placed exercise replaced by its scenario's
text as plain paragraphs. Builds both alternately with mkdocs-material, then prints
medians and ratios; with ``--instructions``, also each build's instruction count under
valgrind, which the machine's load does not sway. Usage:
``python benchmarks/build_bench.py [--runs N] [--lessons N] [--instructions]``.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
ELEMENTS = ("fixated", "obsessive", "unwanted", "repeated")
JUDGEMENTS = ("likely-stalking", "warning-signs", "not-stalking")
WORDS = [
    "message",
    "online",
    "friend",
    "school",
    "evening",
    "again",
    "later",
    "asked",
    "stop",
    "phone",
    "account",
    "game",
    "class",
    "bus",
    "home",
    "careful",
    "worried",
    "noticed",
    "reply",
    "quiet",
    "library",
    "weekend",
    "party",
    "group",
    "chat",
    "photo",
    "shared",
    "kindly",
    "busy",
    "teacher",
    "college",
    "hall",
    "society",
    "shift",
    "cafe",
]

CONFIG = """\
site_name: Benchmark module
theme:
  name: material
  font: false
plugins:
  - search
{plugin}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc: {{permalink: true}}
  - pymdownx.details
  - pymdownx.superfences
"""


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def make_scenario(rng: random.Random, number: int) -> dict[str, object]:
    return {
        "id": f"scenario-{number:04d}",
        "title": f"Scenario {number}",
        "audience": ["school", "university"],
        "tags": [rng.choice(["online", "school", "work"])],
        "story": paragraph(rng, 5) + "\n\n" + paragraph(rng, 3),
        "elements": {
            key: {"present": rng.random() < 0.6, "explanation": paragraph(rng, 2)}
            for key in ELEMENTS
        },
        "judgement": {"answer": rng.choice(JUDGEMENTS), "explanation": paragraph(rng, 3)},
        "advice": paragraph(rng, 2),
    }


def as_plain_text(scenario: dict[str, object]) -> str:
    """The scenario's text as plain paragraphs, for the plain-MkDocs twin."""
    elements = scenario["elements"]
    judgement = scenario["judgement"]
    assert isinstance(elements, dict) and isinstance(judgement, dict)
    parts = [f"### {scenario['title']}", str(scenario["story"])]
    parts += [f"{key.title()}: {value['explanation']}" for key, value in elements.items()]
    parts += [f"Overall: {judgement['explanation']}", str(scenario["advice"])]
    return "\n\n".join(parts)


def generate(root: Path, lessons: int, per_lesson: int) -> tuple[Path, Path]:
    """Write the two projects; return their mkdocs.yml paths."""
    rng = random.Random(20261128)
    four, plain = root / "four", root / "plain"
    for project in (four, plain):
        (project / "docs").mkdir(parents=True)
    (four / "quizzes").mkdir()
    scenarios = [make_scenario(rng, n) for n in range(lessons * per_lesson)]
    for start in range(0, len(scenarios), 50):
        chunk = {"scenarios": scenarios[start : start + 50]}
        (four / "quizzes" / f"set-{start // 50:02d}.yml").write_text(
            yaml.safe_dump(chunk, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    for lesson in range(lessons):
        blocks_four, blocks_plain = [f"# Lesson {lesson}"], [f"# Lesson {lesson}"]
        for index in range(per_lesson):
            scenario = scenarios[lesson * per_lesson + index]
            intro = f"## Part {index}\n\n{paragraph(rng, 4)}"
            blocks_four += [intro, f"[[four {scenario['id']}]]"]
            blocks_plain += [intro, as_plain_text(scenario)]
        name = f"lesson-{lesson:03d}.md"
        (four / "docs" / name).write_text("\n\n".join(blocks_four) + "\n", encoding="utf-8")
        (plain / "docs" / name).write_text("\n\n".join(blocks_plain) + "\n", encoding="utf-8")
    for project in (four, plain):
        (project / "docs" / "index.md").write_text("# Home\n\n" + paragraph(rng) + "\n")
    # The generated pages are the module's lessons (progress is tracked on each).
    plugin = '  - four-lessons:\n      lessons: ["lesson-*"]'
    (four / "mkdocs.yml").write_text(CONFIG.format(plugin=plugin))
    (plain / "mkdocs.yml").write_text(CONFIG.format(plugin=""))
    return four / "mkdocs.yml", plain / "mkdocs.yml"


def timed_build(config: Path, site: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak resident memory (KiB) of one
    `mkdocs build`. CPU time is the steadier figure on a shared or busy machine."""
    env = build_env()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {config} failed:\n{process.stderr.read().decode()}")  # type: ignore[union-attr]
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def build_env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Let Python keep compiled bytecode, as an installed package has: otherwise an editable
    # install recompiles the plugin's modules on every build while the theme's come compiled.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def counted_builds(configs: dict[str, Path]) -> dict[str, int]:
    """Instructions each build executes, counted by valgrind's callgrind, in parallel.

    Unlike time, the count does not depend on what else the machine is doing, so one run of
    each tells the cost apart from the weather; it takes minutes (valgrind runs Python about
    fifty times slower).
    """
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    processes = {
        name: subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
             sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
             "-d", str(WORK / f"site-counted-{name}")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=build_env(),
        )
        for name, config in configs.items()
    }
    counts = {}
    for name, process in processes.items():
        _, errors = process.communicate()
        found = re.search(r"I\s+refs:\s+([\d,]+)", errors)
        if process.returncode != 0 or found is None:
            raise SystemExit(f"the counted build of {name} failed:\n{errors[-2000:]}")
        counts[name] = int(found.group(1).replace(",", ""))
    return counts


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def local_assets(html: str) -> set[str]:
    """Scripts and stylesheets a page loads, as paths relative to the page."""
    found = set(re.findall(r'<script[^>]+src="([^"]+)"', html))
    found |= set(re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html))
    return {f for f in found if "://" not in f}


def inline_code(html: str) -> list[str]:
    """The bodies of a page's inline scripts (not JSON data) and styles.

    Plain MkDocs with mkdocs-material writes the theme's start-up scripts inline; FOUR
    Lessons ships the same code as files (for a strict Content-Security-Policy), so both
    are counted as assets, each gzipped on its own, or the comparison would favour one.
    """
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.S)
    return [body for attrs, body in scripts if "json" not in attrs and body.strip()] + styles


def page_weight(site: Path, page: str, lazy: tuple[str, ...]) -> int:
    """Gzipped bytes of every script and stylesheet the page loads, inline or from a file,
    plus `lazy`: files its scripts fetch (from the site root)."""
    html = (site / page).read_text(encoding="utf-8")
    base = (site / page).parent
    paths = {(base / asset).resolve() for asset in local_assets(html)}
    paths |= {(site / asset).resolve() for asset in lazy}
    inline = sum(len(gzip.compress(body.encode(), compresslevel=9)) for body in inline_code(html))
    return sum(gzipped(p) for p in paths) + inline


def html_weight(site: Path, page: str) -> int:
    return gzipped(site / page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--exercises", type=int, default=5)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each build's instructions with valgrind (steady; takes minutes)",
    )
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    four, plain = generate(WORK, args.lessons, args.exercises)
    print(
        f"Module: {args.lessons} lessons x {args.exercises} exercises, "
        f"{args.runs} alternating runs each (after one warm-up build each)."
    )
    timed_build(four, WORK / "site-four")
    timed_build(plain, WORK / "site-plain")
    results: dict[str, list[tuple[float, float, int]]] = {"four": [], "plain": []}
    for _ in range(args.runs):
        results["four"].append(timed_build(four, WORK / "site-four"))
        results["plain"].append(timed_build(plain, WORK / "site-plain"))

    def median(name: str, index: int) -> float:
        return statistics.median(run[index] for run in results[name])

    def fastest(name: str, index: int) -> float:
        return min(run[index] for run in results[name])

    # On a shared machine the same build can take 5 s or 8 s from one minute to the next, in
    # CPU time as in wall time (the host, not the build, decides). The runs alternate, so
    # both sides meet the same weather; the fastest run of each is the least disturbed,
    # and the median of each pair's ratio shows what a typical pair saw.
    for label, index in (("wall", 0), ("CPU", 1)):
        pairs = zip(results["four"], results["plain"], strict=True)
        pair_ratios = [four_run[index] / plain_run[index] for four_run, plain_run in pairs]
        print(
            f"Build time ({label:4}) plain MkDocs median {median('plain', index):5.2f} s, "
            f"fastest {fastest('plain', index):5.2f} s; FOUR Lessons median "
            f"{median('four', index):5.2f} s, fastest {fastest('four', index):5.2f} s"
        )
        print(
            f"    ratio of fastest runs x{fastest('four', index) / fastest('plain', index):.3f}, "
            f"median ratio of pairs x{statistics.median(pair_ratios):.3f} (target <= x1.05)"
        )
    if args.instructions:
        counts = counted_builds({"four": four, "plain": plain})
        print(
            f"Instructions (callgrind) plain MkDocs {counts['plain'] / 1e9:.2f} G, FOUR Lessons "
            f"{counts['four'] / 1e9:.2f} G, ratio x{counts['four'] / counts['plain']:.3f} "
            "(target <= x1.05)"
        )
    mem_plain, mem_four = median("plain", 2) / 1024, median("four", 2) / 1024
    print(
        f"Peak memory  plain MkDocs {mem_plain:6.2f} MiB, FOUR Lessons {mem_four:6.2f} MiB, "
        f"ratio x{mem_four / mem_plain:.3f} (target <= x1.05)"
    )

    site_four, site_plain = WORK / "site-four", WORK / "site-plain"
    lesson, home = "lesson-000/index.html", "index.html"
    # What four.js fetches: on a lesson with exercises, the progress code and the exercise
    # component; on a page with nothing to track, nothing, until this module has saved
    # progress on the device (then the progress code, to tick completed lessons).
    progress = ("assets/four/progress.js",)
    with_exercises = page_weight(site_four, lesson, (*progress, "assets/four/exercise.js"))
    without = page_weight(site_four, home, ())
    returning = page_weight(site_four, home, progress)
    plain_page, plain_home = page_weight(site_plain, lesson, ()), page_weight(site_plain, home, ())
    # The module's map of lessons comes with the progress code: data, not code, and it
    # grows with the module (200 lessons x 5 exercise ids here), so it is shown apart.
    home_html = (site_four / home).read_text(encoding="utf-8")
    meta = re.search(r'<meta name="four-lessons" content="([^"]*)">', home_html)
    assert meta, "the FOUR Lessons build has no four-lessons meta"
    map_file = json.loads(html.unescape(meta.group(1)))["map"]
    module_map = gzipped(site_four / "assets" / "four" / map_file)

    def kib(n: int) -> str:
        return f"{n} bytes ({n / 1024:.2f} KiB)"

    print("Assets a page gains over plain MkDocs (scripts and styles, gzipped, inline or files):")
    print(f"  with exercises      {kib(with_exercises - plain_page)}, target <= 8 KiB")
    print(f"  without exercises   {kib(without - plain_home)}, target <= 3 KiB")
    print(f"  without, for a learner with saved progress   {kib(returning - plain_home)}")
    print(f"  plus, wherever progress code loads, the module map: {kib(module_map)}")
    print(
        "HTML of a lesson (gzipped): "
        f"plain {kib(html_weight(site_plain, lesson))}, FOUR {kib(html_weight(site_four, lesson))}"
    )


if __name__ == "__main__":
    main()
