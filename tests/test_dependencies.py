"""constraints.txt pins what `make` installs: complete, exact, and what this environment has.

Without it a fresh clone installs whatever is newest that day, and a new release of Material
or Markdown can turn `make test` red with no change here. These tests fail when a dependency
is added to pyproject.toml without a pin, or when the environment drifts from the pins.
"""

from __future__ import annotations

import importlib.metadata as metadata
from collections import deque
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
#: The project itself (installed editable, so not pinned) and the installer.
NOT_PINNED = {"four-lessons", "pip", "setuptools", "wheel"}


def constraint_lines() -> list[tuple[int, Requirement]]:
    found = []
    for number, line in enumerate(CONSTRAINTS.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if text:
            found.append((number, Requirement(text)))
    return found


def pins_for_this_python() -> dict[str, str]:
    pins: dict[str, str] = {}
    for number, requirement in constraint_lines():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"constraints.txt:{number}: {name} is pinned twice here"
        (spec,) = requirement.specifier
        pins[name] = spec.version
    return pins


def needed_by_the_project() -> dict[str, str]:
    """Every distribution `four-lessons[test]` needs here, with its installed version."""
    installed: dict[str, str] = {}
    queue: deque[tuple[str, frozenset[str]]] = deque([("four-lessons", frozenset({"test"}))])
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        name, extras = queue.popleft()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        installed[name] = metadata.version(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker is not None and not any(
                requirement.marker.evaluate(environment) for environment in environments
            ):
                continue
            queue.append(
                (canonicalize_name(requirement.name), frozenset(requirement.extras))
            )
    return installed


def test_every_line_pins_one_exact_version() -> None:
    lines = constraint_lines()
    assert len(lines) > 40, "constraints.txt lost its pins"
    for number, requirement in lines:
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", (
            f"constraints.txt:{number}: pin one exact version ('name==1.2.3'), "
            f"not '{requirement.specifier}'"
        )
    pins_for_this_python()  # no package twice for one Python


def test_everything_the_project_needs_is_pinned_and_installed_at_its_pin() -> None:
    pins = pins_for_this_python()
    needed = needed_by_the_project()
    assert {"mkdocs", "mkdocs-material", "markdown", "playwright"} <= set(needed)
    unpinned = sorted(set(needed) - set(pins) - NOT_PINNED)
    assert not unpinned, (
        f"installed for four-lessons[test] but not in constraints.txt: {unpinned}; add "
        "each as 'name==version' (the version pip installed)"
    )
    drifted = {
        name: (version, pins[name])
        for name, version in needed.items()
        if name in pins and version != pins[name]
    }
    assert not drifted, (
        f"installed versions differ from constraints.txt (installed, pinned): {drifted}; "
        "run make again (it reinstalls when constraints.txt changes) or update the pins"
    )
