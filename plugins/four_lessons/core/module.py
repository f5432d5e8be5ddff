"""A module's scenarios, contacts and rule, loaded and checked in one place.

The MkDocs plugin and ``four-lessons check`` both call ``load_module``, so a module is
judged the same way whether it is built or only checked. Knows nothing of MkDocs: it takes
the plugin block's options as plain values.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import ScenarioCache
from .contacts import (
    Contact,
    ContactError,
    ContactSource,
    ReportContact,
    contact_warnings,
    format_date,
    oldest_check,
    parse_contacts,
    parse_report_contact,
)
from .loader import Problem, ScenarioFileError, find_scenario_files, load_scenarios
from .rules import JudgementRule, RuleError, check_keys, parse_rule
from .scenarios import ScenarioSet


class ModuleError(Exception):
    """The module cannot be built; `what` names the part and `lines` the problems."""

    def __init__(self, what: str, lines: list[str]) -> None:
        self.what = what
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Module:
    """What a build needs, with the problems that do not stop it (warnings)."""

    scenarios: ScenarioSet
    scenario_files: int
    contacts: tuple[Contact, ...]
    rule: JudgementRule
    #: Keys that contradict the rule (a strict build stops on them).
    key_problems: tuple[Problem, ...]
    #: What a host must fix in the contacts before publishing (a strict build stops on
    #: them): numbers without hours, unchecked or stale entries. One ``file:line`` line each.
    contact_warnings: tuple[str, ...]
    #: When the configured edition's contacts were checked, as learners read it ("30
    #: November 2026"): the oldest of their dates; None if any was never checked.
    contacts_checked: str | None
    #: Who to tell about an accessibility problem (``[[accessibility-contact]]``), if set.
    accessibility_contact: ReportContact | None = None


def load_module(
    root: Path,
    options: Mapping[str, Any],
    *,
    config_name: str = "mkdocs.yml",
    cache: ScenarioCache | None = None,
    today: datetime.date | None = None,
) -> Module:
    """Load and check the module whose ``mkdocs.yml`` is in `root`.

    Raises:
        ModuleError: a problem that stops the build (scenario files, contacts, the rule).
    """
    scenarios_dir = root / str(options["scenarios_dir"])
    if not scenarios_dir.is_dir():
        raise ModuleError("configuration", [
            f"{config_name}: the scenarios folder '{options['scenarios_dir']}' does not exist; "
            "create it, or set 'scenarios_dir' in the four-lessons block"
        ])
    files = find_scenario_files(scenarios_dir)
    try:
        scenarios = load_scenarios(files, root, cache)
    except ScenarioFileError as error:
        raise ModuleError("scenario files", [str(p) for p in error.problems]) from None
    today = today or datetime.date.today()
    source = ContactSource.read(root / config_name)
    try:
        contacts = parse_contacts(
            options["contacts"], f"{config_name}: four-lessons: contacts", source=source,
            today=today,
        )
    except ContactError as error:
        raise ModuleError("help contacts", str(error).splitlines()) from None
    report = options.get("accessibility_contact")
    try:
        accessibility = (
            parse_report_contact(report, f"{config_name}: four-lessons: accessibility_contact")
            if report is not None
            else None
        )
    except ContactError as error:
        raise ModuleError("accessibility contact", str(error).splitlines()) from None
    try:
        rule = parse_rule(options["judgement_rule"], f"{config_name}: four-lessons: judgement_rule")
    except RuleError as error:
        raise ModuleError("judgement rule", str(error).splitlines()) from None
    fallback = options["contacts_checked"]
    day = oldest_check(contacts, options.get("edition"), fallback)
    return Module(
        scenarios=scenarios,
        scenario_files=len(files),
        contacts=contacts,
        rule=rule,
        key_problems=tuple(check_keys(scenarios.scenarios, rule)),
        contact_warnings=tuple(
            contact_warnings(
                contacts,
                fallback=fallback,
                max_months=int(options["contacts_max_age_months"]),
                today=today,
                source=source,
            )
        ),
        contacts_checked=format_date(day) if day else None,
        accessibility_contact=accessibility,
    )
