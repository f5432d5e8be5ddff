"""Lighthouse performance of the pages a learner uses most, served compressed (issue 24).

Builds the learner site of the default module (``four-lessons build``), serves it from
127.0.0.1 the way the hosting guide tells a web server to (gzip; content-hashed scripts and
styles kept for a year, everything else checked each time; the recommended
Content-Security-Policy), and runs Lighthouse 12 from ``node_modules`` with its mobile
preset (a mid-range phone on a slow 4G connection, simulated) three times on each page, one
run at a time. It prints each page's scores, their median, the median run's metrics and the
machine's load average when each run started, then the verdict against the target: a median
of 0.95 or more on every page.

Why a benchmark and not a test: Lighthouse simulates the phone from timings it takes on this
machine, so on a busy one (a load average above its number of processors) pages score lower
than they would on a phone, and the same page can move by ten points between runs. Tests
never assert a time; the parts of page speed that do not depend on the machine (compression
settings, image sizes, what loads before the first paint, the search index held back) are
tests in tests/test_page_delivery.py and tests/browser/test_page_speed.py. Read the load
column, and measure on a quiet machine. ``make bench`` runs it. Usage::

    python benchmarks/lighthouse.py [--runs 3] [--pages index.html,practice.html]
                                    [--site DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
LIGHTHOUSE = PROJECT / "node_modules" / "lighthouse" / "cli" / "index.js"
#: Home, a lesson, the practice bank, the final check and My progress.
PAGES = ("index.html", "lessons/what-is-stalking.html", "practice.html", "final-check.html",
         "my-progress.html")
TARGET = 0.95
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}

sys.path.insert(0, str(PROJECT / "tests"))
from browser.conftest import (  # noqa: E402  (the suite's own server, so both serve alike)
    CHROMIUM_ARGS,
    STRICT_CSP,
    SiteServer,
    chromium_path,
)


@dataclass
class Run:
    """One Lighthouse run of one page."""

    score: float
    metrics: dict[str, float]
    load: float
    #: Lighthouse's own reading of this machine's speed during the run (higher is faster);
    #: its mobile preset assumes a machine that reads well over 1000.
    benchmark_index: float


def build(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "four_lessons.tools.cli", "build", "-d", str(site)],
        cwd=PROJECT, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise SystemExit(f"the build failed:\n{result.stderr}")


def lighthouse(url: str, report: Path, chromium: str) -> Run:
    load = os.getloadavg()[0]
    flags = " ".join(["--headless=new", "--disable-gpu", *CHROMIUM_ARGS])
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
         f"--output-path={report}", f"--chrome-flags={flags}", "--quiet"],
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return Run(
        score=float(data["categories"]["performance"]["score"]),
        metrics={name: float(audits[key]["numericValue"]) for key, name in METRICS.items()},
        load=load,
        benchmark_index=float(data.get("environment", {}).get("benchmarkIndex", 0)),
    )


def median_run(runs: list[Run]) -> Run:
    """The run whose score is the median (the lower middle one for an even count)."""
    ranked = sorted(runs, key=lambda run: run.score)
    return ranked[(len(ranked) - 1) // 2]


def shown(run: Run) -> str:
    m = run.metrics
    return (f"{m['FCP'] / 1000:.1f} s / {m['LCP'] / 1000:.1f} s / {m['TBT']:.0f} ms / "
            f"{m['CLS']:.3f} / {m['SI'] / 1000:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, in the site")
    parser.add_argument("--site", type=Path, help="a built site to serve (default: build one)")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a median is below the target")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    chromium = chromium_path()
    if chromium is None or not LIGHTHOUSE.is_file() or shutil.which("node") is None:
        raise SystemExit("needs node, Lighthouse (npm ci) and Chromium (FOUR_CHROMIUM, or the "
                         "Debian package)")
    with tempfile.TemporaryDirectory(prefix="four-lighthouse-") as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            build(site)
        server = SiteServer(site, {"Content-Security-Policy": STRICT_CSP}, compress=True)
        pages = [p.strip() for p in args.pages.split(",") if p.strip()]
        version = json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())["version"]
        print(f"Lighthouse {version} performance, mobile preset, "
              f"learner site served with gzip, {args.runs} runs per page, one at a time; "
              f"{os.cpu_count()} processors.\n")
        print("| Page | Performance (runs) | Median | FCP / LCP / TBT / CLS / SI (median run) "
              "| Load average at each start | Benchmark index (each run) |")
        print("|---|---|---|---|---|---|")
        medians = {}
        try:
            for page in pages:
                runs = [lighthouse(server.url + page, Path(work) / f"report-{n}.json", chromium)
                        for n in range(args.runs)]
                middle = median_run(runs)
                medians[page] = statistics.median(run.score for run in runs)
                scores = ", ".join(f"{run.score * 100:.0f}" for run in runs)
                loads = ", ".join(f"{run.load:.1f}" for run in runs)
                indexes = ", ".join(f"{run.benchmark_index:.0f}" for run in runs)
                print(f"| `{page}` | {scores} | **{medians[page] * 100:.0f}** | {shown(middle)} "
                      f"| {loads} | {indexes} |")
        finally:
            server.close()
    below = [page for page, score in medians.items() if score < TARGET]
    print(f"\nBudgets (median of {args.runs} runs, mobile, served compressed):")
    width = max(len(page) for page in medians)
    for page, score in medians.items():
        verdict = "holds" if score >= TARGET else "DOES NOT HOLD"
        print(f"  {page:<{width}}  {score:>10.2f}  target {TARGET:.2f}+  {verdict}")
    print(f"  {len(medians) - len(below)} of {len(medians)} pages hold"
          + (f"; below: {', '.join(below)}" if below else ""))
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print("  The machine was busy (load average above its processors): scores read low.")
    if args.check and below:
        raise SystemExit(1)

if __name__ == "__main__":
    main()
