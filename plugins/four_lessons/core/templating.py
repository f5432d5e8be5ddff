"""The Jinja environment for our HTML templates (``templates/``), shared by the renderers.

A site can override any of them the way it overrides Material's: a file of the same name
in ``<custom_dir>/four-lessons/`` (the theme's ``custom_dir``) is used instead of ours.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

_PACKAGE = jinja2.PackageLoader("four_lessons", "templates")

environment = jinja2.Environment(
    loader=_PACKAGE,
    autoescape=True,
    keep_trailing_newline=False,
    undefined=jinja2.StrictUndefined,
    # Our templates ship inside the package and never change during a build; without this,
    # every get_template() (one per exercise rendered) checks the template file on disk.
    auto_reload=False,
)


def use_overrides(custom_dir: str | None) -> None:
    """Look in the site's ``<custom_dir>/four-lessons/`` first, then in ours."""
    folder = Path(custom_dir) / "four-lessons" if custom_dir else None
    if folder is not None and folder.is_dir():
        environment.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)), _PACKAGE])
    else:
        environment.loader = _PACKAGE
    if environment.cache is not None:
        environment.cache.clear()
