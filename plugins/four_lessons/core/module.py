"""A module's scenarios, contacts and rule, loaded and checked in one place.

The MkDocs plugin calls ``load_module`` (and ``four-lessons check`` runs the plugin's own
builds), so a module is judged one way. Knows nothing of MkDocs: it takes the plugin
block's options as plain values.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import ScenarioCache
from .contacts import (
    Contact,
    ContactSource,
    ReportContact,
    contact_warnings,
    oldest_check,
    parse_contacts,
    parse_report_contact,
)
from .diagnostics import Problem, ProblemsError, SourceLocation
from .loader import find_scenario_files, load_scenarios
from .rules import JudgementRule, check_keys, parse_rule
from .scenarios import ScenarioSet

#: The module cannot be built: ``what`` names the part, ``problems`` say what to fix.
ModuleError = ProblemsError


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
    #: them): numbers without hours, unchecked or stale entries, each with its line.
    contact_warnings: tuple[Problem, ...]
    #: When the configured edition's contacts were checked, as an ISO date (pages write it
    #: in their language): the oldest of their dates; None if any was never checked.
    contacts_checked: str | None
    #: Who to tell about an accessibility problem (``[[accessibility-contact]]``), if set.
    accessibility_contact: ReportContact | None = None


def id_slug(text: str) -> str:
    """A lowercase, hyphenated part of a module id from free text ("" if nothing is left).

    The plugin's default id comes from the site's name, a new copy's from its folder.
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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
        ModuleError: the problems that stop the build (scenario files, contacts, the rule),
            in the first part that has any.
    """
    scenarios_dir = root / str(options["scenarios_dir"])
    if not scenarios_dir.is_dir():
        raise ModuleError("configuration", [Problem(
            SourceLocation(config_name, None),
            f"the scenarios folder '{options['scenarios_dir']}' does not exist; "
            "create it, or set 'scenarios_dir' in the four-lessons block",
        )])
    files = find_scenario_files(scenarios_dir)
    today = today or datetime.date.today()
    source = ContactSource.read(root / config_name)
    # Each raises a ProblemsError (ModuleError) listing every problem of its part.
    scenarios = load_scenarios(files, root, cache)
    contacts = parse_contacts(
        options["contacts"], f"{config_name}: four-lessons: contacts", source=source,
        today=today,
    )
    report = options.get("accessibility_contact")
    accessibility = (
        parse_report_contact(report, f"{config_name}: four-lessons: accessibility_contact")
        if report is not None
        else None
    )
    rule = parse_rule(options["judgement_rule"], "four-lessons: judgement_rule", config_name)
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
        contacts_checked=day.isoformat() if day else None,
        accessibility_contact=accessibility,
    )
