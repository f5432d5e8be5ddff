"""The theme's templates compiled once per process, not once per build.

MkDocs makes a new Jinja environment for every build, so each build compiles every theme
template it renders again (Material's 44 take about a third of a second). Several builds
run in one process: ``four-lessons check`` builds the module four ways, and ``serve``
rebuilds at every change. ``shared_cache`` is a Jinja bytecode cache kept in memory for the
process and given to each build's environment: a template is compiled by the first build
that renders it and taken from memory by the next ones. An entry is used only if the
template's source has the checksum it was compiled from, so an edited template is compiled
again; entries are also told apart by the environment's settings, which decide the compiled
code. The compiled code objects are kept as they are (not marshalled, as a cache on disk
must), so a single build pays next to nothing for it. Nothing is written to disk.
"""

from __future__ import annotations

from types import CodeType
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

#: How many compiled templates are kept (a theme, its overrides and a few custom_dirs).
_MAX_ENTRIES = 1_000


class _InMemory(BytecodeCache):
    """Compiled templates by template, file and environment settings, for this process."""

    def __init__(self) -> None:
        #: (template, settings) -> (source checksum, compiled code)
        self._compiled: dict[tuple[str, tuple[Any, ...]], tuple[str, CodeType]] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple[str, tuple[Any, ...]]:
        env = bucket.environment
        settings = (
            tuple(sorted(env.extensions)), env.autoescape, env.block_start_string,
            env.variable_start_string, env.comment_start_string, env.line_statement_prefix,
            env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.optimized,
            env.newline_sequence, env.keep_trailing_newline, env.finalize is None,
        )
        return bucket.key, settings

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self._compiled.get(self._key(bucket))
        if kept is not None and kept[0] == bucket.checksum:  # else the template was edited
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        if len(self._compiled) >= _MAX_ENTRIES:
            self._compiled.clear()
        self._compiled[self._key(bucket)] = (bucket.checksum, bucket.code)


shared_cache = _InMemory()


def share_compiled_templates(env: Any) -> None:
    """Give `env` (a build's Jinja environment) this process's compiled templates.

    An environment that has a bytecode cache of its own keeps it.
    """
    if getattr(env, "bytecode_cache", None) is None:
        env.bytecode_cache = shared_cache
