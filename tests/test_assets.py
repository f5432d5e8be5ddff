"""The committed, minified front-end files match their sources (sizes: benchmarks/)."""

from __future__ import annotations

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

