"""Options of the ``four-lessons`` plugin: the one block an institution edits."""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c


class FourLessonsConfig(base.Config):
    """The ``plugins: - four-lessons:`` block of ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing its block."""

    scenarios_dir = c.Type(str, default="quizzes")
    """Folder of scenario files, relative to ``mkdocs.yml``."""

    edition = c.Choice(("school", "university"), default="school")
    """Which edition to build: the school edition (ages 13-18) or the university one."""

    institution = c.Type(str, default="your school, college or university")
    """The institution's name, written where pages say ``[[institution]]``."""

    module_id = c.Optional(c.Type(str))
    """Keeps this module's progress apart from other modules on the same host.
    Defaults to a slug of ``site_name``."""

    exit_url = c.Type(str, default="https://www.bbc.co.uk/weather")
    """Where the quick exit sends the learner: a neutral page with nothing personal on it."""

    help_page = c.Type(str, default="get-help.md")
    """The Get help page, relative to ``docs/``: every page's top bar links to it."""

    progress_page = c.Type(str, default="my-progress.md")
    """The My progress page, relative to ``docs/``: every page's top bar links to it."""

    cache_dir = c.Type(str, default=".cache/plugin/four-lessons")
    """Where checked scenario files are kept between builds, relative to ``mkdocs.yml``, so
    a rebuild skips parsing unchanged YAML; an empty value turns the cache off."""

    contacts_checked = c.Optional(c.Type((str, datetime.date)))
    """When the contact details were last checked, shown under the contact list."""

    contacts = c.ListOfItems(c.Type(dict), default=[])
    """Help services: ``id``, ``name`` and optionally ``phone``, ``url``, ``hours``,
    ``about``, ``region``, ``editions`` and ``local`` (true for the institution's own)."""

    lessons = c.ListOfItems(c.Type(str), default=["lessons/*", "final-check.md"])
    """Which pages are lessons: shell-style patterns matched against each page's path in
    ``docs/`` (``*`` also matches ``/``). Lessons make up the module's completion and the
    certificate; other pages with exercises are listed on the progress page as practice."""
