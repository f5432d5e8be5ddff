"""Scenario files (YAML) to the scenario model, with errors a person can act on.

Every problem in every file is collected and reported at once, one line each, in the form
``quizzes/online.yml:14: scenario 'gaming-chat': 'fixatd' is not a known field; did you
mean 'fixated'?``. Line numbers come from the YAML parser's marks: the files are composed
into nodes (which keep marks) rather than loaded into plain Python values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

import yaml

from .cache import ScenarioCache
from .diagnostics import (
    Problem,
    ProblemsError,
    SourceLocation,
    did_you_mean,
    display_path,
    shorten,
)
from .scenarios import (
    AUDIENCES,
    ELEMENT_KEYS,
    ElementAnswer,
    Judgement,
    Scenario,
    ScenarioSet,
    exercise_id_problem,
)

# Here before diagnostics.py; still importable from this module.
__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_FIELD_CHARACTERS",
    "PageError",
    "Problem",
    "ScenarioFileError",
    "did_you_mean",
    "display_path",
    "find_scenario_files",
    "load_scenarios",
    "read_page",
]

_STR = "tag:yaml.org,2002:str"
_DEFAULT_TAGS = {
    yaml.ScalarNode: _STR,
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}
# Plain scalars short enough to recur (keys, "true", audiences), with the tag each resolves to.
_PLAIN_TAG_CACHE_LIMIT = 4096


# The C loader keeps marks too and is several times faster; fall back when libyaml is absent.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, resolving tags with less work per node, to the same tags.

    Composing is most of what a cold build adds (a tenth of a second per megabyte), and a
    sixth of that went to three Python methods called for every node. Path resolvers
    (``yaml.add_path_resolver``), which ``descend_resolver`` and ``ascend_resolver`` serve,
    are never registered on the safe loader, so builtins that do nothing stand in for them.
    ``resolve`` gives a quoted or block scalar, a list and a mapping their default tag, as
    PyYAML does when no path resolver is registered, and remembers what short plain scalars
    resolve to (it depends on the text alone).
    """

    descend_resolver = slice  # any two arguments, nothing done
    ascend_resolver = tuple  # no argument, nothing done
    _plain_tags: ClassVar[dict[str, str]] = {}  # shared by every file of a build

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 40 and len(self._plain_tags) < _PLAIN_TAG_CACHE_LIMIT:
                    self._plain_tags[value] = tag
            return tag
        return _DEFAULT_TAGS[kind]

_BOOL = "tag:yaml.org,2002:bool"
# Tags and audiences (exercise ids follow the contract's rule: scenarios.exercise_id_problem).
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_SCENARIO_FIELDS = (
    "id", "title", "audience", "tags", "story", "elements", "judgement", "advice", "exception"
)
_REQUIRED_SCENARIO_FIELDS = ("id", "title", "audience", "story", "elements", "judgement")
_ELEMENT_FIELDS = ("present", "explanation")
_JUDGEMENT_FIELDS = ("answer", "explanation")
_JUDGEMENTS = tuple(j.value for j in Judgement)
_TRUE = ("true", "yes", "on", "y")
_FALSE = ("false", "no", "off", "n")

#: The longest text field a scenario may hold (a long story is about 1,500 characters).
#: A cap stops one careless or hostile file from making every page that shows it huge.
MAX_FIELD_CHARACTERS = 20_000
#: How many characters a file may grow to once YAML aliases (``*name``) are expanded,
#: beyond its own size: aliases let a small file stand for a huge one (an "alias bomb").
MAX_ALIAS_EXPANSION = 200_000


class ScenarioFileError(ProblemsError):
    """Raised when scenario files have problems; carries every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("scenario files", problems)


def find_scenario_files(folder: Path) -> list[Path]:
    """Scenario files in `folder` (``*.yml`` and ``*.yaml``, recursively), sorted.

    The extension's letter case does not matter (``QUIZ.YML`` is read too): a file skipped
    without a word would leave its ids unchecked and its exercises missing.
    """
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in (".yml", ".yaml") and p.is_file()
    )


def load_scenarios(
    paths: Iterable[Path],
    display_root: Path | None = None,
    cache: ScenarioCache | None = None,
) -> ScenarioSet:
    """Load and check scenario files; raise ScenarioFileError listing every problem.

    Args:
        paths: the YAML files to read.
        display_root: paths in messages are shown relative to this folder when possible,
            so messages match what the author sees in their editor.
        cache: where to find files checked by an earlier build (see cache.py); ids are
            checked across all files either way.
    """
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    first_seen: dict[str, SourceLocation] = {}
    for path in paths:
        shown = display_path(path, display_root)
        for scenario in _read_file(path, shown, problems, cache):
            if scenario.id in first_seen:
                problems.append(
                    Problem(
                        scenario.location,
                        f"scenario id '{scenario.id}' is already used at "
                        f"{first_seen[scenario.id]}; give each scenario its own id",
                    )
                )
                continue
            first_seen[scenario.id] = scenario.location
            scenarios.append(scenario)
    if problems:
        raise ScenarioFileError(problems)
    return ScenarioSet(tuple(scenarios))


class PageError(Exception):
    """A page cannot be read as text; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def read_page(path: Path, shown: str) -> str:
    """A Markdown page's text, as MkDocs reads it (UTF-8, a byte-order mark dropped).

    Raises:
        PageError: the file is not UTF-8 text; the problem names the line.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PageError(
            Problem(
                SourceLocation(shown, line),
                f"not UTF-8 text (byte 0x{data[error.start]:02x}); "
                "save the page with UTF-8 encoding",
            )
        ) from None


def _read_file(
    path: Path, shown: str, problems: list[Problem], cache: ScenarioCache | None
) -> list[Scenario]:
    """One file's scenarios, from the cache when the file is unchanged."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                SourceLocation(shown, 1),
                f"cannot read the file ({error.strerror}); check it exists and is readable",
            )
        )
        return []
    stamp = ScenarioCache.stamp(data) if cache is not None else ""
    if cache is not None:
        cached = cache.get(shown, stamp)
        if cached is not None:
            return cached
    before = len(problems)
    scenarios = _FileReader(shown, problems).read(data)
    if cache is not None and len(problems) == before:
        cache.put(shown, stamp, scenarios)
    return scenarios


class _FileReader:
    """Reads one file, appending problems instead of stopping at the first."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems
        # Where each field's name stands: a missing sub-field is reported at the line that
        # names its parent ("elements:"), which is where the author will look.
        self._key_lines: dict[int, int] = {}

    def problem(self, node_or_line: yaml.Node | int, message: str) -> None:
        if isinstance(node_or_line, int):
            line = node_or_line
        else:
            line = self._key_lines.get(id(node_or_line), node_or_line.start_mark.line + 1)
        self.problems.append(Problem(SourceLocation(self.shown, line), message))

    def read(self, data: bytes) -> list[Scenario]:
        root = self._compose(data)
        if root is None:
            return []
        if not isinstance(root, yaml.MappingNode):
            self.problem(root, "expected 'scenarios:' followed by a list of scenarios at the top")
            return []
        fields = self._mapping(root, ("scenarios",), context="")
        if fields is None:
            return []
        listing = fields.get("scenarios")
        if listing is None:
            self.problem(
                root, "missing 'scenarios:' at the top; put the list of scenarios under it"
            )
            return []
        if not isinstance(listing, yaml.SequenceNode) or not listing.value:
            self.problem(
                listing, "'scenarios' must be a list with at least one scenario ('- id: ...')"
            )
            return []
        scenarios = []
        for item in listing.value:
            scenario = self._scenario(item)
            if scenario is not None:
                scenarios.append(scenario)
        return scenarios

    def _compose(self, data: bytes) -> yaml.Node | None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.problem(
                line,
                f"not UTF-8 text (byte 0x{data[error.start]:02x}); "
                "save the file with UTF-8 encoding",
            )
            return None
        if _is_empty(text):
            self.problem(
                1,
                "the file is empty; add 'scenarios:' with at least one scenario, "
                "or delete the file",
            )
            return None
        control = _find_control(text, data)
        if control is not None:
            self.problem(
                text.count("\n", 0, control.start()) + 1,
                f"a control character (U+{ord(control.group()):04X}) is in the text; "
                "delete it (it is invisible in most editors: retype the line)",
            )
            return None
        try:
            node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            what = (error.problem or "cannot be read").rstrip(".")
            self.problem(
                line,
                f"invalid YAML: {what}; check the indentation and quotes on this line "
                "and the one before",
            )
            return None
        except yaml.YAMLError as error:
            reason = str(error).splitlines()[0]
            self.problem(1, f"invalid YAML: {reason}; keep one document per file")
            return None
        if node is not None and "*" in text:
            expanded = _expanded_size(node)
            if expanded > len(text) + MAX_ALIAS_EXPANSION:
                self.problem(
                    _first_alias_line(text),
                    f"YAML aliases ('*name') make this file stand for {expanded:,} characters "
                    f"of text, far more than the {len(text):,} written; write each text out "
                    "instead of repeating it with an alias",
                )
                return None
        return node

    def _mapping(
        self, node: yaml.Node, known: Sequence[str], context: str
    ) -> dict[str, yaml.Node] | None:
        """A mapping's fields by name, reporting unknown and repeated keys."""
        where = f"{context}: " if context else ""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where}expected fields ('name: value'), found {_describe(node)}")
            return None
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in fields:
                self.problem(key_node, f"{where}'{key}' is given twice; keep one")
            elif key not in known:
                hint = did_you_mean(key, known) or f"; known fields are {', '.join(known)}"
                self.problem(key_node, f"{where}'{key}' is not a known field{hint}")
            else:
                fields[key] = value_node
                if isinstance(value_node, yaml.MappingNode):
                    self._key_lines[id(value_node)] = key_node.start_mark.line + 1
        return fields

    def _text(self, node: yaml.Node, field: str, context: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            self.problem(node, f"{context}: '{field}' must be text, not {_describe(node)}")
            return None
        if not str(node.value).strip():
            self.problem(node, f"{context}: '{field}' is empty; write something")
            return None
        if len(node.value) > MAX_FIELD_CHARACTERS:
            self.problem(
                node,
                f"{context}: '{field}' is {len(node.value):,} characters long, more than the "
                f"{MAX_FIELD_CHARACTERS:,} a scenario field may hold; shorten it",
            )
            return None
        return str(node.value)

    def _slug_list(self, node: yaml.Node, field: str, context: str) -> tuple[str, ...] | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            items: list[yaml.Node] = [node]  # a lone value is read as a list of one
        elif isinstance(node, yaml.SequenceNode):
            items = list(node.value)
        else:
            self.problem(
                node, f"{context}: '{field}' must be a list like [a, b], not {_describe(node)}"
            )
            return None
        values = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not _SLUG.fullmatch(str(item.value)):
                self.problem(
                    item,
                    f"{context}: '{field}' entries must be lowercase words "
                    f"with hyphens, not {_describe(item)}",
                )
                return None
            values.append(str(item.value))
        return tuple(values)

    def _scenario(self, node: yaml.Node) -> Scenario | None:
        scenario_id = _peek_id(node)
        context = f"scenario '{shorten(scenario_id, 60)}'" if scenario_id else "scenario"
        fields = self._mapping(node, _SCENARIO_FIELDS, context)
        if fields is None:
            return None
        count_before = len(self.problems)
        missing = [f for f in _REQUIRED_SCENARIO_FIELDS if f not in fields]
        for field in missing:
            self.problem(node, f"{context}: missing required field '{field}'; add it")

        sid = self._text(fields["id"], "id", context) if "id" in fields else None
        refused = exercise_id_problem(sid) if sid is not None else None
        if refused:
            self.problem(fields["id"], f"{context}: {refused}")
        title = self._text(fields["title"], "title", context) if "title" in fields else None
        story = self._text(fields["story"], "story", context) if "story" in fields else None
        audience = (
            self._slug_list(fields["audience"], "audience", context)
            if "audience" in fields
            else None
        )
        if audience == ():
            self.problem(
                fields["audience"],
                f"{context}: 'audience' is empty; use [school], [university] or both",
            )
        if audience is not None:
            for value in audience:
                if value not in AUDIENCES:
                    self.problem(
                        fields["audience"],
                        f"{context}: '{value}' is not a known audience"
                        f"{did_you_mean(value, AUDIENCES) or '; use school, university or both'}",
                    )
        tags = self._slug_list(fields["tags"], "tags", context) if "tags" in fields else ()
        answers = self._elements(fields["elements"], context) if "elements" in fields else None
        judgement = self._judgement(fields["judgement"], context) if "judgement" in fields else None
        advice = self._text(fields["advice"], "advice", context) if "advice" in fields else None
        exception = (
            self._text(fields["exception"], "exception", context) if "exception" in fields else None
        )

        if len(self.problems) != count_before:
            return None
        assert sid and title and story and audience is not None and tags is not None
        assert answers is not None and judgement is not None
        return Scenario(
            id=sid,
            title=title.strip(),
            audience=audience,
            tags=tags,
            story=story,
            answers=answers,
            judgement=judgement[0],
            judgement_explanation=judgement[1],
            advice=advice,
            location=SourceLocation(self.shown, node.start_mark.line + 1),
            exception=exception.strip() if exception else None,
            judgement_location=judgement[2],
        )

    def _elements(self, node: yaml.Node, context: str) -> tuple[ElementAnswer, ...] | None:
        fields = self._mapping(node, ELEMENT_KEYS, f"{context}: elements")
        if fields is None:
            return None
        answers = []
        for key in ELEMENT_KEYS:
            if key not in fields:
                self.problem(
                    node,
                    f"{context}: elements: missing '{key}'; add it with "
                    "'present' and 'explanation'",
                )
                continue
            answer = self._element(fields[key], f"{context}: {key}")
            if answer is not None:
                answers.append(answer)
        return tuple(answers) if len(answers) == len(ELEMENT_KEYS) else None

    def _element(self, node: yaml.Node, context: str) -> ElementAnswer | None:
        fields = self._mapping(node, _ELEMENT_FIELDS, context)
        if fields is None:
            return None
        present: bool | None = None
        either = False
        if "present" not in fields:
            self.problem(
                node, f"{context}: missing 'present'; add 'present: true' or 'present: false'"
            )
        else:
            value = fields["present"]
            word = str(value.value).lower() if isinstance(value, yaml.ScalarNode) else None
            if value.tag == _BOOL and word in _TRUE + _FALSE:
                present = word in _TRUE
            elif value.tag == _STR and word == "either":
                present, either = True, True
            else:
                self.problem(
                    value,
                    f"{context}: 'present' must be true, false or either, not {_describe(value)}",
                )
        explanation = None
        if "explanation" not in fields:
            self.problem(node, f"{context}: missing 'explanation'; say why it is or isn't there")
        else:
            explanation = self._text(fields["explanation"], "explanation", context)
        if present is None or explanation is None:
            return None
        return ElementAnswer(present, explanation, either)

    def _judgement(
        self, node: yaml.Node, context: str
    ) -> tuple[Judgement, str, SourceLocation] | None:
        fields = self._mapping(node, _JUDGEMENT_FIELDS, f"{context}: judgement")
        if fields is None:
            return None
        judgement = None
        where = SourceLocation(self.shown, node.start_mark.line + 1)
        if "answer" not in fields:
            self.problem(
                node, f"{context}: judgement: missing 'answer'; use one of {', '.join(_JUDGEMENTS)}"
            )
        else:
            value = fields["answer"]
            text = str(value.value) if isinstance(value, yaml.ScalarNode) else None
            if text in _JUDGEMENTS:
                judgement = Judgement(text)
                where = SourceLocation(self.shown, value.start_mark.line + 1)
            else:
                shown = _describe(value)
                hint = did_you_mean(text or "", _JUDGEMENTS)
                self.problem(
                    value,
                    f"{context}: {shown} is not a known judgement{hint}"
                    f"{'' if hint else '; use one of ' + ', '.join(_JUDGEMENTS)}",
                )
        explanation = None
        if "explanation" not in fields:
            self.problem(node, f"{context}: judgement: missing 'explanation'; say why")
        else:
            explanation = self._text(fields["explanation"], "explanation", f"{context}: judgement")
        if judgement is None or explanation is None:
            return None
        return judgement, explanation, where


# C0 control characters other than tab and line ends, DEL and the C1 block: YAML refuses
# them, but its message names line 1 and suggests the wrong fix.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Bytes that cannot start one of those in UTF-8 (the C1 block is 0xC2 0x80-0x9F): deleting
# them from a file leaves nothing when it holds none, eight times faster than the search.
_NEVER_CONTROL = bytes(
    b for b in range(256) if b != 0xC2 and (b >= 0x80 or not _CONTROL.match(chr(b)))
)
# The C1 block in UTF-8; 0xC2 also starts common characters such as "£" and a no-break space.
_C1_BYTES = re.compile(b"\xc2[\x80-\x84\x86-\x9f]")


def _find_control(text: str, data: bytes) -> re.Match[str] | None:
    """The first control character in `text` (`data` decoded), if any."""
    suspects = data.translate(None, _NEVER_CONTROL)
    if not suspects or (not suspects.strip(b"\xc2") and _C1_BYTES.search(data) is None):
        return None
    return _CONTROL.search(text)


# A line holding something other than a comment (most files' first line does): found at
# once, where looking at every line costs a few milliseconds a megabyte.
_CONTENT_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)


def _is_empty(text: str) -> bool:
    """Whether `text` holds nothing but blank lines and comments."""
    if _CONTENT_LINE.search(text):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _expanded_size(root: yaml.Node) -> int:
    """How many characters of scalars `root` stands for once every alias is expanded.

    An alias composes to the same node object as its anchor, so sizes are worked out once
    per node and multiplied by how often the node is reached; a node graph from YAML has
    no cycles for the safe loader's kinds, but a visited set guards anyway.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, path: frozenset[int]) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in path:
            return 0
        if isinstance(node, yaml.ScalarNode):
            total = len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = sum(size(child, path | {id(node)}) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            inner = path | {id(node)}
            total = sum(size(k, inner) + size(v, inner) for k, v in node.value)
        else:
            total = 0
        sizes[id(node)] = total
        return total

    return size(root, frozenset())


def _first_alias_line(text: str) -> int:
    """The line of the first alias in `text`, for the message (1 if none is found)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return int(event.start_mark.line) + 1
    except yaml.YAMLError:
        pass
    return 1


def _peek_id(node: yaml.Node) -> str | None:
    """The scenario's id if it has a readable one, to name it in messages."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value) or None
    return None


def _describe(node: yaml.Node) -> str:
    """A short description of a node for messages: its value or its kind."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return "nothing"
        value = str(node.value)
        return f"'{value if len(value) <= 30 else value[:27] + '...'}'"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a group of fields"
