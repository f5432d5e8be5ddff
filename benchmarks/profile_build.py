"""Where a build's time and memory go: one in-process `mkdocs build` under a profiler.

Meant for the projects build_bench.py generates (benchmarks/.work/<profile>-<L>x<E>/four or
plain), to compare FOUR Lessons with plain MkDocs on the same pages. Not a test. Usage::

    python benchmarks/profile_build.py CONFIG cprofile [--out FILE.pstats]
    python benchmarks/profile_build.py CONFIG tracemalloc
    python benchmarks/profile_build.py CONFIG hooks   # CPU time inside chosen functions
    valgrind --tool=callgrind --dump-instr=no --callgrind-out-file=OUT \\
        python benchmarks/profile_build.py CONFIG run

``tracemalloc`` prints the traced peak, and what is held when every page has been read and
converted (just before the first page is written out: MkDocs keeps every page's HTML until
then), grouped by the file that allocated it.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tracemalloc
from pathlib import Path
from typing import Any


def build(config_file: Path, site: Path) -> None:
    """What `mkdocs build -q` does, in this process."""
    os.environ.pop("FOUR_LESSONS_SITE", None)
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()


def held_after_reading(top: int) -> None:
    """Wrap MkDocs' page writer to print what is held when the first page is written."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_page
    state = {"done": False}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not state["done"]:
            state["done"] = True
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)]
            )
            current, _ = tracemalloc.get_traced_memory()
            print(f"held when every page is read: {current / 2**20:.1f} MiB; by file:")
            for stat in snapshot.statistics("filename")[:top]:
                print(f"  {stat.size / 2**20:7.2f} MiB {stat.count:8d} blocks  {stat.traceback}")
            print("by line:")
            for stat in snapshot.statistics("lineno")[:top]:
                print(f"  {stat.size / 2**20:7.2f} MiB {stat.count:8d} blocks  {stat.traceback}")
        return original(*args, **kwargs)

    mkdocs_build._build_page = wrapper


# Functions timed by the ``hooks`` mode (module, attribute path); missing ones are skipped.
TIMED = (
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_config"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_files"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_page_read_source"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_page_markdown"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_page_content"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_env"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_post_page"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_post_build"),
    ("four_lessons.site.plugin", "FourLessonsPlugin.on_post_template"),
    ("four_lessons.core.build", "SiteBuild.page_markdown"),
    ("four_lessons.core.build", "SiteBuild.page_content"),
    ("four_lessons.core.build", "SiteBuild.fill"),
    ("four_lessons.core.directives", "DirectiveExpander.expand"),
    ("four_lessons.core.markdown_extension", "_Directives.run"),
    ("four_lessons.core.markdown_extension", "_TreeCheck.run"),
    ("four_lessons.core.markdown_extension", "_RawCheck.run"),
    ("four_lessons.core.render", "ExerciseRenderer.prepare"),
    ("four_lessons.core.render", "ExerciseRenderer._convert_batch"),
    ("four_lessons.core.render", "ExerciseRenderer.render"),
    ("four_lessons.core.render", "ExerciseRenderer.answers"),
    ("four_lessons.core.render", "sanitize_html"),
    ("four_lessons.site.inline_assets", "InlineAssets.rewrite"),
    ("four_lessons.site.plugin", "fix_theme_html"),
    ("four_lessons.site.plugin", "load_module"),
    ("markdown.core", "Markdown.convert"),
    ("mkdocs.structure.pages", "Page.render"),
    ("material.plugins.search.plugin", "SearchPlugin.on_page_context"),
    ("material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ("mkdocs_quiz.plugin", "MkDocsQuizPlugin.on_page_content"),
    ("mkdocs_quiz.plugin", "MkDocsQuizPlugin.on_page_markdown"),
    ("mkdocs.commands.build", "_build_page"),
    ("mkdocs.commands.build", "_populate_page"),
)


def timed_hooks() -> dict[str, list[float]]:
    """Wrap TIMED with CPU-time accumulators (inclusive; nested calls count once)."""
    import functools
    import importlib
    import time

    totals: dict[str, list[float]] = {}
    for module_name, path in TIMED:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner: Any = module
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        if owner is None or not hasattr(owner, name):
            continue
        original = getattr(owner, name)
        entry = totals.setdefault(path, [0.0, 0])
        depth = [0]

        def wrapper(
            *args: Any, _o: Any = original, _e: Any = entry, _d: Any = depth, **kwargs: Any
        ) -> Any:
            _d[0] += 1
            start = time.process_time()
            try:
                return _o(*args, **kwargs)
            finally:
                _d[0] -= 1
                if _d[0] == 0:
                    _e[0] += time.process_time() - start
                    _e[1] += 1

        functools.update_wrapper(wrapper, original)
        setattr(owner, name, wrapper)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config", type=Path)
    parser.add_argument("mode", choices=("run", "cprofile", "tracemalloc", "hooks"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    site = args.config.parent.parent / f"site-profiled-{args.config.parent.name}"
    if args.mode == "run":
        build(args.config, site)
    elif args.mode == "hooks":
        import time

        totals = timed_hooks()
        start = time.process_time()
        build(args.config, site)
        print(f"{time.process_time() - start:8.3f} s  whole build")
        for path, (seconds, calls) in totals.items():
            if calls:
                print(f"{seconds:8.3f} s {calls:6d} calls  {path}")
    elif args.mode == "cprofile":
        profiler = cProfile.Profile()
        profiler.enable()
        build(args.config, site)
        profiler.disable()
        if args.out:
            profiler.dump_stats(str(args.out))
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(args.top)
    else:
        tracemalloc.start(1)
        held_after_reading(args.top)
        build(args.config, site)
        _, peak = tracemalloc.get_traced_memory()
        print(f"traced peak: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
