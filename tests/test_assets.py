"""The committed, minified front-end files match their sources (sizes: benchmarks/)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "plugins" / "four_lessons" / "frontend" / "build.mjs"


def test_built_assets_match_their_sources() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to check the built assets; install it (see README)")
    result = subprocess.run(
        [node, str(BUILD), "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr



# -- one source per helper, one global -----------------------------------------------------------

FRONTEND = ROOT / "plugins" / "four_lessons" / "frontend"
#: What the review found copied from script to script (el() three times, t() in ten files,
#: the settings meta, the page's id, storage and record checks): each now has one source.
SHARED = {"el", "$", "$$", "land", "t", "settings", "pageId", "isRecord", "local", "session",
          "stored"}
#: And the registry: the one global, and the components the loader mounts again.
REGISTRY = {"Four", "components"}
#: i18n.js is where the words come from: its t() is Four.i18n.t, which lib/'s t() calls.
SOURCE_OF = {("i18n.js", "t")}


def lib_functions() -> dict[str, str]:
    """Each function a lib/ module exports, by name, with its body (whitespace dropped)."""
    found = {}
    for path in sorted((FRONTEND / "lib").glob("*.js")):
        lines = iter(path.read_text(encoding="utf-8").splitlines())
        for line in lines:
            start = re.match(r"export function ([\w$]+)\(", line)
            if not start:
                continue
            code, depth = line, line.count("{") - line.count("}")
            while depth > 0:  # to the brace that closes it (lib/ keeps braces out of strings)
                line = next(lines)
                code += line
                depth += line.count("{") - line.count("}")
            found[start.group(1)] = re.sub(r"\s+", "", code.split("{", 1)[1])
    return found


def test_shared_helpers_live_in_lib_and_are_never_copied_into_a_script() -> None:
    exported = set(re.findall(r"^export (?:function|var) ([\w$]+)", "\n".join(
        p.read_text(encoding="utf-8") for p in (FRONTEND / "lib").glob("*.js")), re.M))
    assert exported >= SHARED | REGISTRY, sorted(SHARED | REGISTRY - exported)
    bodies = lib_functions()
    assert set(bodies) >= SHARED, sorted(SHARED - set(bodies))
    copies = []
    for path in sorted(FRONTEND.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            for name in re.findall(r"\bfunction\s+([\w$]+)\s*\(|([\w$]+)\s*=\s*function\b", line):
                defined = name[0] or name[1]
                if defined in bodies and (path.name, defined) not in SOURCE_OF:
                    copies.append(f"{path.name}:{number}: defines {defined}(), which lib/ exports")
        flat = re.sub(r"\s+", "", text)
        copies += [f"{path.name}: holds a copy of lib/'s {name}()" for name, body in bodies.items()
                   if len(body) > 40 and body in flat]
    assert copies == []


def test_the_scripts_meet_through_one_global_window_four() -> None:
    package = ROOT / "plugins" / "four_lessons"
    sources = [*FRONTEND.rglob("*.js"), *package.rglob("*.py"), *package.rglob("*.html"),
               *(package / "assets" / "four").glob("*.js")]
    found = []
    for path in sorted(sources):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # window.FourStore, window.FOUR_MESSAGES; in a script, a bare FourStore too.
            pattern = r"\bFour[A-Z]\w*|\bFOUR_(?!CONTRACT)\w+" if path.suffix == ".js" else \
                r"window\.(?:Four[A-Z]|FOUR_)\w*"
            found += [f"{path.relative_to(ROOT)}:{number}: {name}"
                      for name in re.findall(pattern, line)]
    assert found == [], "use window.Four (frontend/lib/registry.js):\n" + "\n".join(found)


def test_a_script_that_imports_another_script_is_refused(tmp_path: Path) -> None:
    """Two files that both bundled store.js would each keep their own progress store."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to build the front end; install it (see README)")
    package, ours = tmp_path / "plugins" / "four_lessons", ROOT / "plugins" / "four_lessons"
    shutil.copytree(FRONTEND, package / "frontend")
    shutil.copytree(ours / "assets" / "four", package / "assets" / "four")
    shutil.copy(ours / "contract.json", package / "contract.json")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # esbuild
    source = package / "frontend" / "exercise.js"
    text = source.read_text(encoding="utf-8")
    source.write_text('import "./store.js";\n' + text, encoding="utf-8")
    result = subprocess.run([node, "plugins/four_lessons/frontend/build.mjs", "--check"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == (
        "plugins/four_lessons/frontend/exercise.js: takes in store.js; a script imports only "
        "from lib/ (move what it shares there) and reaches other scripts through window.Four "
        "(lib/registry.js)\n")
