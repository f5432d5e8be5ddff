"""Reading ``mkdocs.yml`` for the command: every mistake one line, with the line number.

MkDocs reads the file itself for a build, but some mistakes reach the author there as a
traceback (an impossible unquoted date: YAML's own date reader raises ``ValueError``) or,
in ``four-lessons check``, not at all (MkDocs logs each invalid option, then raises
``Abort``). Every command of ours reads the file here first, so each mistake is one line
naming ``mkdocs.yml`` and its line, in MkDocs' own wording, before anything is built.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PLUGIN_NAME = "four-lessons"


class ConfigProblems(Exception):
    """The configuration can't be used; ``lines`` holds one line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class PluginOptions:
    """Our plugin's validated options, and the configuration's warnings (one line each)."""

    options: dict[str, object]
    docs_dir: Path
    warnings: list[str] = field(default_factory=list)


@contextlib.contextmanager
def mkdocs_log_to(handler: logging.Handler) -> Iterator[None]:
    """MkDocs' warnings and errors sent to `handler` alone, for the length of the block.

    So what MkDocs logs while it reads or builds comes out as our own lines, not its own.
    """
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


class _Collector(logging.Handler):
    """Keeps the messages MkDocs logs while it reads the configuration."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, " ".join(record.getMessage().split())))


def yaml_problems(config_file: Path) -> list[str]:
    """What stops YAML reading `config_file`, one ``file:line: ...`` line each.

    The file is composed (not constructed), so MkDocs' own tags (``!ENV``, ``!relative``,
    ``!!python/name:``) pass; then each date is read on its own, which finds the line of an
    impossible one (``2026-09-31``) that YAML would report without a line.
    """
    name = config_file.name
    try:
        text = config_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [f"{name}: not UTF-8 text; save it as UTF-8"]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        return [f"{where}: {error.problem or error}; this is not valid YAML"]
    except yaml.YAMLError as error:
        return [f"{name}: {error}; this is not valid YAML"]
    problems: list[str] = []
    reader = yaml.SafeLoader("")
    for node in _scalars(root):
        if node.tag != "tag:yaml.org,2002:timestamp":
            continue
        try:
            reader.construct_yaml_timestamp(node)
        except ValueError as error:
            problems.append(
                f"{name}:{node.start_mark.line + 1}: {node.value} is not a real date ({error}); "
                'write dates in quotes, such as "2026-11-30"'
            )
    return problems


def _scalars(node: yaml.Node | None) -> list[yaml.ScalarNode]:
    """Every scalar under `node`, iteratively (a deep file must not exhaust the stack)."""
    found: list[yaml.ScalarNode] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            found.append(current)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
    return found


def option_line(config_file: Path, message: str) -> int | None:
    """The line of ``mkdocs.yml`` a MkDocs configuration message is about, if found.

    ``Config value 'plugins': Plugin 'four-lessons' option 'edition': ...`` is about the
    ``edition`` line of our plugin block; ``Config value 'theme': ...`` the ``theme`` line.
    """
    top = re.match(r"Config value '([^']+)'", message)
    if top is None:
        return None
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return None
    node = _value(root, top.group(1))
    if node is None:
        return None
    line = node[0].start_mark.line + 1
    plugin = re.search(r"Plugin '([^']+)' option '([^']+)'", message)
    if plugin and isinstance(node[1], yaml.SequenceNode):
        for item in node[1].value:
            block = _value(item, plugin.group(1))
            if block is not None:
                line = block[0].start_mark.line + 1
                option = _value(block[1], plugin.group(2))
                if option is not None:
                    line = option[0].start_mark.line + 1
    return line


def _value(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of `key` in a mapping node, if there."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def read_plugin_options(config_file: Path) -> PluginOptions:
    """Load `config_file` as MkDocs does and return our plugin's validated options.

    Raises:
        ConfigProblems: the file can't be read as YAML, an option has a wrong value, or our
            plugin is not listed; one line per problem, MkDocs' wording with file and line.
    """
    from mkdocs.config import load_config  # late: the YAML checks above need no MkDocs
    from mkdocs.exceptions import Abort, ConfigurationError

    problems = yaml_problems(config_file)
    if problems:
        raise ConfigProblems(problems)
    name = config_file.name

    def where(message: str) -> str:
        line = option_line(config_file, message)
        return f"{name}:{line}: {message}" if line else f"{name}: {message}"

    # MkDocs logs each invalid option and each warning, then raises Abort for errors:
    # collect them instead of letting MkDocs print them, so they come out as ours.
    collected = _Collector()
    try:
        with mkdocs_log_to(collected):
            config = load_config(config_file=str(config_file))
    except (Abort, ConfigurationError) as error:
        errors = [where(m) for level_, m in collected.records if level_ >= logging.ERROR]
        raise ConfigProblems(errors or [where(" ".join(str(error).split()))]) from None
    except ValueError as error:  # read above without a problem; kept as a last resort
        raise ConfigProblems(
            [f'{name}: {error}; write dates in quotes, such as "2026-11-30"']
        ) from None
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise ConfigProblems([f"{name}: the '{PLUGIN_NAME}' plugin is not listed under plugins"])
    return PluginOptions(
        options=dict(plugin.config),
        docs_dir=Path(config.docs_dir),
        warnings=[where(m) for _, m in collected.records],
    )
