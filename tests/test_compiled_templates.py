"""Builds in one process (`four-lessons check`'s four, `serve`'s rebuilds) compile each theme
template once (site/compiled_templates.py), and still follow a template edited in between."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.bccache import Bucket

import four_lessons.site.compiled_templates as compiled_templates
from conftest import copy_project
from four_lessons.tools.checking import build_once


def test_a_second_build_compiles_nothing_and_an_edited_template_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project("sample", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8")
    partial = project / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>Written by the first teacher</p>\n", encoding="utf-8")
    compiled: list[str] = []
    dump = compiled_templates.shared_cache.dump_bytecode

    def dump_and_note(bucket: Bucket) -> None:
        compiled.append(bucket.key)
        dump(bucket)

    monkeypatch.setattr(compiled_templates.shared_cache, "dump_bytecode", dump_and_note)

    def build(name: str) -> str:
        result = build_once(config, "school", False, tmp_path / name)
        assert result.problems == []
        return (tmp_path / name / "index.html").read_text(encoding="utf-8")

    build("first")  # this process may have compiled some of the templates before
    compiled.clear()
    assert "Written by the first teacher" in build("second")
    assert compiled == []  # every template came from memory
    partial.write_text("<p>Written by the second teacher</p>\n", encoding="utf-8")
    third = build("third")
    assert "Written by the second teacher" in third and "first teacher" not in third
    assert len(compiled) == 1  # the edited partial, and nothing else
