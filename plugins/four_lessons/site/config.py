"""Options of the ``four-lessons`` plugin: the one block an institution edits."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c


class ExitAddress(c.Type[str]):
    """The quick exit's destination: an absolute http(s) address on another site.

    Anything else (an empty value, ``javascript:``, a page of this site) would leave the
    learner where they are, which for a quick exit is the one failure that matters.
    """

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        """The address, stripped; a ValidationError names what is wrong."""
        address = super().run_validation(value).strip()
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise base.ValidationError(
                f"'{address[:60]}' does not leave this site; the quick exit needs a full "
                "address on another site, such as https://www.bbc.co.uk/weather"
            )
        return address


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

    exit_url = ExitAddress(default="https://www.bbc.co.uk/weather")
    """Where the quick exit sends the learner: a neutral page with nothing personal on it."""

    help_page = c.Type(str, default="get-help.md")
    """The Get help page, relative to ``docs/``: every page's top bar links to it."""

    progress_page = c.Type(str, default="my-progress.md")
    """The My progress page, relative to ``docs/``: every page's top bar links to it."""

    cache_dir = c.Type(str, default=".cache/plugin/four-lessons")
    """Where checked scenario files are kept between builds, relative to ``mkdocs.yml``, so
    a rebuild skips parsing unchanged YAML; an empty value turns the cache off."""

    contacts_checked = c.Optional(c.Type((str, datetime.date)))
    """When the contact details were last checked (a quoted date, "2026-11-30"), shown
    under the contact list. Unset, or older than ``contacts_max_age_months``, is a warning
    (so ``--strict`` stops): a copy must not go out with numbers nobody has checked."""

    contacts_max_age_months = c.Type(int, default=12)
    """How many months a check of the contacts stays good for."""

    judgement_rule = c.Optional(c.Type(list))
    """The module's decision rule: ``- judgement: ...`` / ``when: ...`` entries tried in
    order (see rules.py). Every scenario's key must follow it or state an ``exception:``.
    Unset: this module's rule; ``[]``: no check."""

    contacts = c.ListOfItems(c.Type(dict), default=[])
    """Help services: ``id``, ``name`` and optionally ``phone``, ``url``, ``hours``,
    ``about``, ``region``, ``editions`` and ``local`` (true for the institution's own)."""

    accessibility_contact = c.Optional(c.Type(dict))
    """Who to tell about a problem with the module's accessibility: ``name`` and any of
    ``email``, ``phone`` and ``url``. The Accessibility page names them where it says
    ``[[accessibility-contact]]`` (a page that does, with this unset, stops the build).
    Checked like the help contacts (see contacts.parse_report_contact) and escaped wherever
    it is written, but never listed among them: it is not a help service."""

    staff_pages = c.ListOfItems(c.Type(str), default=["staff/*"])
    """Which pages are for staff only (answer keys, the classroom view, guides): shell-style
    patterns like ``lessons``. The learner site (the default build, and the SCORM package)
    leaves them out entirely, with their menu entries; the staff site has everything."""

    staff_site = c.Type(bool, default=False)
    """Build the staff site. Usually set for one build, not here: ``four-lessons build
    --staff``, or the environment variable ``FOUR_LESSONS_SITE=staff``."""

    lessons = c.ListOfItems(c.Type(str), default=["lessons/*", "final-check.md"])
    """Which pages are lessons: shell-style patterns matched against each page's path in
    ``docs/`` (``*`` also matches ``/``). Lessons make up the module's completion and the
    certificate; other pages with exercises are listed on the progress page as practice."""
