"""The Jinja environment for our HTML templates (``templates/``), shared by the renderers."""

from __future__ import annotations

import jinja2

environment = jinja2.Environment(
    loader=jinja2.PackageLoader("four_lessons", "templates"),
    autoescape=True,
    keep_trailing_newline=False,
    undefined=jinja2.StrictUndefined,
    # Our templates ship inside the package and never change during a build; without this,
    # every get_template() (one per exercise rendered) checks the template file on disk.
    auto_reload=False,
)
