"""FOUR Lessons: FOUR scenario exercises and local progress for MkDocs sites.

The public names below are the model, loader and renderer; none of them needs MkDocs.
"""

from __future__ import annotations

from .core.loader import Problem, ScenarioFileError, find_scenario_files, load_scenarios
from .core.render import ExerciseRenderer
from .core.scenarios import ELEMENTS, Judgement, Scenario, ScenarioSet

__all__ = [
    "ELEMENTS",
    "ExerciseRenderer",
    "Judgement",
    "Problem",
    "Scenario",
    "ScenarioFileError",
    "ScenarioSet",
    "find_scenario_files",
    "load_scenarios",
]
