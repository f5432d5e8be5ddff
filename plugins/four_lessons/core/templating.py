"""Our HTML templates (``templates/``), looked up the way the theme looks up its own.

Every piece of HTML the module writes into pages comes from a template here: the exercise
and its answers, the answer form, the lesson header and footer, My progress, the
certificate, the classroom view and the end-of-page marker. A site overrides one the way
it overrides Material's partials: a file of the same name in
``<custom_dir>/fragments/four-lessons/`` (the theme's search path, as Material's tags plugin
resolves ``fragments/tags/``; ``<custom_dir>/four-lessons/`` still works too).

The templates use Jinja's own features and three globals only, so they render the same
under any generator that renders Jinja: ``t`` (the interface words in the site's language:
``{{ t("exercise.check") }}``, see core/i18n.py), ``lang`` and ``dir``. They autoescape:
every value from a scenario file, a catalogue or the configuration is escaped unless it is
marked safe (converted and sanitised scenario Markdown).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .i18n import Catalogue, load_catalogue

#: Where a theme folder keeps its overrides of our templates.
FRAGMENTS = "fragments/four-lessons"
_PACKAGE = Path(__file__).parent.parent / "templates"


def language_attributes(catalogue: Catalogue) -> tuple[Markup, Markup]:
    """The ``lang`` attribute for the interface's words, and for the page's text among them.

    Each with a leading space; both empty unless the words are in another language than
    the page (``Catalogue.foreign_words``: English on a Polish page). A template writes
    ``<form{{ words_lang }}>`` on an element that holds only the interface's words, which
    the scripts may rewrite (an attribute stays where inner markup would be replaced), and
    ``<div{{ page_lang }}>`` on the page's own text inside one. No ``dir``: on a block it
    would also turn the layout, and a right-to-left page keeps its mirrored layout (its
    top bar, its buttons) with English words in it; the inline marks (``words_around``,
    ``Catalogue.in_words``) carry ``dir`` and isolate their text instead.
    """
    if not catalogue.foreign_words:
        return Markup(""), Markup("")
    words = Markup(' lang="{}"').format(catalogue.code)
    page = Markup(' lang="{}"').format(catalogue.language)
    return words, page


def words_around(catalogue: Catalogue, key: str, /, **values: object) -> str:
    """Message `key` whose text values are the page's own (a lesson's title).

    When the words are in another language than the page, each value is marked with the
    page's language and the words with theirs. Otherwise the message as ``t`` writes it
    (escaped by the template like any text).
    """
    if not catalogue.foreign_words:
        return catalogue.t(key, **values)
    marked = {
        name: value if isinstance(value, (int, float)) else
        catalogue.in_page(str(escape(value)))
        for name, value in values.items()
    }
    # Plain strings throughout: Markup's own replace() would escape the marked values again.
    text = catalogue.t_escaped(lambda words: str(escape(words)), key, **marked)
    return Markup(catalogue.in_words(text))


class Templates:
    """The templates of one build, found along the theme's search path, then ours.

    Args:
        theme_dirs: the theme's folders in the order the theme searches them (the site's
            ``custom_dir`` first); each may hold ``fragments/four-lessons/<name>``.
        custom_dir: the site's ``custom_dir``, where ``four-lessons/<name>`` is also read
            (the place overrides lived before they followed Material's layout).
        catalogue: the interface words in the site's language (English if not given).
    """

    def __init__(
        self,
        theme_dirs: Sequence[str] = (),
        custom_dir: str | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        folders = [Path(d) / FRAGMENTS for d in theme_dirs]
        if custom_dir:
            folders.insert(1, Path(custom_dir) / "four-lessons")
        folders = [f for f in folders if f.is_dir()]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*map(str, folders), str(_PACKAGE)]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            # Templates never change during a build; without this every lookup (one per
            # exercise rendered) checks the file on disk.
            auto_reload=False,
        )
        self.catalogue = catalogue or load_catalogue("en")
        self.words_lang, self.page_lang = language_attributes(self.catalogue)
        self.env.globals.update(
            t=self.catalogue.t, lang=self.catalogue.code, dir=self.catalogue.direction,
            words_lang=self.words_lang, page_lang=self.page_lang,
            t_around=functools.partial(words_around, self.catalogue),
        )
        self._cache: dict[str, jinja2.Template] = {}

    def render(self, name: str, **context: Any) -> str:
        """Template `name` rendered with `context`."""
        template = self._cache.get(name)
        if template is None:
            template = self._cache[name] = self.env.get_template(name)
        return template.render(**context)

    def source(self, name: str) -> str:
        """The text of template `name` as found (a site's override, or ours)."""
        loader = self.env.loader
        assert loader is not None
        return loader.get_source(self.env, name)[0]


#: Our own templates alone, for code that renders outside a site build (tests, tools).
DEFAULT = Templates()
#: DEFAULT's Jinja environment (the name earlier code used).
environment = DEFAULT.env
