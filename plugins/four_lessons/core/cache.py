"""A disk cache of parsed scenario files, so a rebuild skips parsing YAML it has read before.

Parsing and checking YAML is the largest fixed cost the plugin adds to a build (about a
quarter of a second per megabyte of scenarios, even with libyaml), and most builds read
files that have not changed since the last one. Each entry is one scenario file's checked
scenarios, kept under a name derived from the file's displayed path and stamped with a
digest of its bytes and of the code that read it: an edited file, or a new version of this
package, simply misses. Files with problems are never stored, so their messages come fresh.

The entries are pickles. They are written and read only by builds of the same project, from
its own folder (like mkdocs-material's caches under ``.cache/plugin``): anyone who can write
there can already change ``mkdocs.yml``. Any failure to read or write is a miss, never an
error: the cache can only make a build faster.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .scenarios import Scenario

# The files whose content decides what a cached entry holds: the code, and the contract
# (which orders the elements and sets the id rule).
_CODE = ("scenarios.py", "loader.py", "cache.py", "diagnostics.py", "../contract.json")


@cache
def _code_digest() -> bytes:
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.digest()


class ScenarioCache:
    """Checked scenarios of unchanged files, kept in `folder` between builds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def stamp(data: bytes) -> str:
        """What an entry must match: the file's bytes and the code that read them."""
        return hashlib.sha256(_code_digest() + data).hexdigest()

    def _entry(self, shown: str) -> Path:
        return self.folder / (hashlib.sha256(shown.encode()).hexdigest()[:24] + ".pickle")

    def get(self, shown: str, stamp: str) -> list[Scenario] | None:
        """The scenarios stored for file `shown` if its stamp matches, else None."""
        try:
            with self._entry(shown).open("rb") as handle:
                stored_stamp, scenarios = pickle.load(handle)
        except Exception:  # missing, unreadable, truncated or from other code: a miss
            return None
        if stored_stamp != stamp or not isinstance(scenarios, list):
            return None
        if not all(isinstance(s, Scenario) for s in scenarios):
            return None
        return scenarios

    def put(self, shown: str, stamp: str, scenarios: Sequence[Scenario]) -> None:
        """Store a file's scenarios (atomically, so a parallel build never reads half)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((stamp, list(scenarios)), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self._entry(shown))
        except OSError:
            pass  # a read-only checkout or a full disk: the next build parses again
