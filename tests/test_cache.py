"""The scenario cache: a rebuild skips parsing unchanged files, and never trusts a stale or
broken entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from four_lessons import ScenarioFileError, load_scenarios
from four_lessons.core import loader
from four_lessons.core.cache import ScenarioCache
from test_loader import VALID, write


def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each file the YAML reader parses."""
    parsed: list[str] = []
    real_read = loader._FileReader.read

    def counting_read(self: loader._FileReader, data: bytes) -> list:  # type: ignore[type-arg]
        parsed.append(self.shown)
        return real_read(self, data)

    monkeypatch.setattr(loader._FileReader, "read", counting_read)
    return parsed


def test_an_unchanged_file_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.yml", VALID)
    cache = ScenarioCache(tmp_path / ".cache")
    parsed = parse_count(monkeypatch)
    first = load_scenarios([path], tmp_path, cache)
    second = load_scenarios([path], tmp_path, cache)
    assert parsed == ["quizzes/a.yml"]
    assert second.scenarios == first.scenarios
    assert second.get("gaming-chat") is not None
    assert str(second.get("gaming-chat").location) == "quizzes/a.yml:2"  # type: ignore[union-attr]


def test_an_edited_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a.yml", VALID)
    cache = ScenarioCache(tmp_path / ".cache")
    parsed = parse_count(monkeypatch)
    load_scenarios([path], tmp_path, cache)
    path.write_text(VALID.replace("Chat after a game", "Chat after the match"), encoding="utf-8")
    edited = load_scenarios([path], tmp_path, cache)
    assert parsed == ["quizzes/a.yml", "quizzes/a.yml"]
    assert edited.get("gaming-chat").title == "Chat after the match"  # type: ignore[union-attr]
    # One entry per file: edits replace it rather than pile up.
    assert len(list((tmp_path / ".cache").glob("*.pickle"))) == 1


def test_a_broken_cache_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a.yml", VALID)
    cache = ScenarioCache(tmp_path / ".cache")
    load_scenarios([path], tmp_path, cache)
    (entry,) = (tmp_path / ".cache").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    parsed = parse_count(monkeypatch)
    assert load_scenarios([path], tmp_path, cache).get("gaming-chat") is not None
    assert parsed == ["quizzes/a.yml"]


def test_files_with_problems_are_not_cached_and_ids_are_checked_across_cached_files(
    tmp_path: Path,
) -> None:
    cache = ScenarioCache(tmp_path / ".cache")
    first = write(tmp_path, "a.yml", VALID)
    broken = write(tmp_path, "b.yml", VALID.replace("title:", "titel:"))
    for _ in range(2):  # the second time, a.yml comes from the cache
        with pytest.raises(ScenarioFileError) as error:
            load_scenarios([first, broken], tmp_path, cache)
        assert [str(p) for p in error.value.problems] == [
            "quizzes/b.yml:3: scenario 'gaming-chat': 'titel' is not a known field; "
            "did you mean 'title'?",
            "quizzes/b.yml:2: scenario 'gaming-chat': missing required field 'title'; add it",
        ]
    assert len(list((tmp_path / ".cache").glob("*.pickle"))) == 1
    duplicate = write(tmp_path, "b.yml", VALID)
    with pytest.raises(ScenarioFileError) as error:
        load_scenarios([first, duplicate], tmp_path, cache)
    assert [str(p) for p in error.value.problems] == [
        "quizzes/b.yml:2: scenario id 'gaming-chat' is already used at quizzes/a.yml:2; "
        "give each scenario its own id"
    ]


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", VALID)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    cache = ScenarioCache(blocker / "cache")
    assert load_scenarios([path], tmp_path, cache).get("gaming-chat") is not None
