"""The module's interface words, in the learner's language: one catalogue per language.

Every word the module's own interface shows (templates, Python-written HTML, the front
end's messages, contract labels, the SCORM launch page) comes from a gettext catalogue,
``locales/<language>.po``, read with Babel (which mkdocs-material already depends on). The
English catalogue, ``en.po``, holds every key; another language's catalogue may lack some,
and each missing key falls back to English on its own, as Material's partials do.

Keys name the message (``exercise.check``), not its English text, so a change of English
wording does not orphan a translation. A message is a whole sentence with named
placeholders (``{title}``); counts choose their words by the language's CLDR plural rule,
written in ICU's form, which Poedit, Weblate and Crowdin show to translators as it is::

    {count, plural, one {# exercise left} other {# exercises left}}

Welsh has six forms (zero, one, two, few, many, other); a translation gives those its
language needs and always ``other``. ``#`` is the number, written for the language.

Nothing here imports MkDocs: the plugin, the command and the tests use it alike.
"""

from __future__ import annotations

import datetime
import html
import importlib.util
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal

from .script_files import registry_script

#: Where the module's own catalogues live.
LOCALES = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LANGUAGE = "en"
#: CLDR plural categories, in CLDR's order.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
#: How many filled messages a catalogue keeps (see Catalogue.t).
_MAX_FILLED = 20_000



class CatalogueError(Exception):
    """A catalogue file can't be used; the message names the file, line and fix."""


@dataclass(frozen=True)
class Catalogue:
    """The interface words for one language, English filling any gap.

    Attributes:
        language: The language asked for (``theme.language``), as written there.
        code: The catalogue's language, ``cy``; ``en`` when there is none for ``language``.
        messages: Every key with its text: the language's where it has one, else English.
        missing: Keys English has that the language's catalogue lacks (for ``check``).
        has_catalogue: Whether the module ships (or the site adds) a catalogue for it.
        direction: ``rtl`` for languages written right to left, else ``ltr``.
    """

    language: str
    code: str
    messages: Mapping[str, str]
    missing: tuple[str, ...] = ()
    has_catalogue: bool = True
    direction: str = "ltr"
    _locale: Locale = field(default_factory=lambda: Locale("en", "GB"), repr=False, compare=False)
    #: Messages already filled, by key and values: a build asks for the same few thousands
    #: of times (every exercise's verdicts), and filling one is a walk through its text.
    _filled: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def t(self, key: str, /, **params: object) -> str:
        """The message `key` with its placeholders filled; plurals by the language's rule.

        Raises:
            KeyError: no catalogue, English included, has `key` (a programming mistake:
                the test suite checks every key the code uses).
        """
        # The values' types are part of the key: 1, 1.0 and True are equal but written
        # differently.
        memo = (key, *((name, type(value), value) for name, value in params.items()))
        try:
            return self._filled[memo]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: filled each time
            return format_message(self.messages[key], params, self.plural_category, self.number)
        filled = format_message(self.messages[key], params, self.plural_category, self.number)
        if len(self._filled) >= _MAX_FILLED:  # a long `serve` session: start again
            self._filled.clear()
        self._filled[memo] = filled
        return filled

    def t_escaped(self, escape: Callable[[str], str], key: str, /, **params: object) -> str:
        """Message `key` with its own words passed through `escape`, its values not.

        For text written into Markdown or HTML whose values are already safe there (a link,
        an escaped name): the message's words (which a site may supply in its own
        catalogue) are escaped like any configured text; the values are inserted as given.
        """
        tokens = {  # numbers choose plural forms and need no escaping
            name: f"\ue000{index}\ue001"
            for index, (name, value) in enumerate(params.items())
            if not isinstance(value, (int, float))
        }
        text = escape(self.t(key, **{**params, **tokens}))
        for name, token in tokens.items():
            text = text.replace(token, str(params[name]))
        return text

    @property
    def foreign_words(self) -> bool:
        """Whether the words are in another language than the pages.

        Where a site's language has no catalogue, the interface is English on (say) a
        Polish page. Those words then carry ``lang="en"`` where they stand, so a screen
        reader says them in English (WCAG 3.1.2, language of parts), and the page's own text
        among them keeps the page's language (core/templating.py's language_attributes;
        ``in_words`` and ``in_page`` below, inline, also give the text's direction).
        """
        return _primary(self.code) != _primary(self.language)

    def in_words(self, markup: str) -> str:
        """`markup` (the interface's words, escaped), marked with their language if foreign.

        Unchanged when the words are in the page's language (see ``foreign_words``).
        """
        if not self.foreign_words:
            return markup
        return f'<span lang="{html.escape(self.code)}" dir="ltr">{markup}</span>'

    def in_page(self, markup: str) -> str:
        """`markup` (the page's own text among foreign words, escaped), marked as the page's.

        Unchanged when the words are in the page's language (see ``foreign_words``).
        """
        if not self.foreign_words:
            return markup
        return (
            f'<span lang="{html.escape(self.language)}" '
            f'dir="{html.escape(self.direction)}">{markup}</span>'
        )

    def plural_category(self, count: float) -> str:
        """The CLDR plural category of `count` in this language: ``one``, ``few``..."""
        return str(self._locale.plural_form(count))

    def number(self, value: float) -> str:
        """`value` written for the language."""
        return str(format_decimal(value, locale=self._locale))

    def date(self, day: datetime.date) -> str:
        """A date as the language writes it in running text: "6 December 2026"."""
        return str(format_date(day, format="long", locale=self._locale))

    def subset(self, prefix: str) -> dict[str, str]:
        """The messages whose keys start with `prefix` (what the front end needs)."""
        return {k: v for k, v in self.messages.items() if k.startswith(prefix)}


def format_message(
    template: str,
    params: Mapping[str, object],
    plural_category: object,
    number: object = str,
) -> str:
    """Fill ``{name}`` placeholders and ``{name, plural, one {...} other {...}}`` choices.

    Args:
        template: The message.
        params: Values for the placeholders.
        plural_category: ``count -> category`` (the language's CLDR rule).
        number: ``count -> text`` for ``#`` inside a plural choice.

    Raises:
        KeyError: a placeholder has no value in `params`.
    """
    out: list[str] = []
    i = 0
    while i < len(template):
        char = template[i]
        if char != "{":
            out.append(char)
            i += 1
            continue
        end = _matching_brace(template, i)
        body = template[i + 1 : end]
        name, _, rest = body.partition(",")
        name = name.strip()
        value = params[name]
        if rest.strip().startswith("plural"):
            choices = _plural_choices(rest.split(",", 1)[1])
            category = plural_category(value)  # type: ignore[operator]
            exact = choices.get(f"={value}")
            chosen = exact if exact is not None else choices.get(str(category), choices["other"])
            shown = number(value)  # type: ignore[operator]
            out.append(
                format_message(chosen.replace("#", str(shown)), params, plural_category, number)
            )
        else:
            out.append(str(value))
        i = end + 1
    return "".join(out)


def _matching_brace(text: str, start: int) -> int:
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unbalanced braces in {text!r}")


def _plural_choices(text: str) -> dict[str, str]:
    """``one {a} other {b}`` -> {"one": "a", "other": "b"}."""
    choices: dict[str, str] = {}
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        brace = text.index("{", i)
        selector = text[i:brace].strip()
        end = _matching_brace(text, brace)
        choices[selector] = text[brace + 1 : end]
        i = end + 1
    if "other" not in choices:
        raise ValueError(f"a plural choice needs 'other': {text!r}")
    return choices


def message_problems(key: str, text: str, english: str | None) -> list[str]:
    """What is wrong with one translated message, as ``key: what; fix`` phrases."""
    problems: list[str] = []
    try:
        _check_braces(text)
    except ValueError as error:
        return [f"{key}: {error}; each '{{' needs its '}}'"]
    if english is not None:
        wanted = placeholders(english)
        found = placeholders(text)
        for name in sorted(wanted - found):
            problems.append(f"{key}: the placeholder {{{name}}} is missing; keep it as it is")
        for name in sorted(found - wanted):
            problems.append(
                f"{key}: {{{name}}} is not a placeholder of this message; use only "
                f"{', '.join('{' + n + '}' for n in sorted(wanted)) or 'none'}"
            )
    for match in re.finditer(r"\{\s*\w+\s*,\s*plural\s*,", text):
        body = text[match.end() : _matching_brace(text, match.start())]
        try:
            choices = _plural_choices(body)
        except ValueError:
            problems.append(f"{key}: a plural choice needs an 'other' form")
            continue
        unknown = [c for c in choices if c not in PLURAL_CATEGORIES and not c.startswith("=")]
        if unknown:
            problems.append(
                f"{key}: {', '.join(unknown)} is not a plural category; use "
                f"{', '.join(PLURAL_CATEGORIES)}"
            )
    return problems


def placeholders(template: str) -> set[str]:
    """The names a message fills: ``{name}``, and ``{count, plural, ...}`` with its choices'.

    Read as the message's structure, so a choice's words (``one {one story}``) are never
    taken for a placeholder.
    """
    names: set[str] = set()
    i = 0
    while i < len(template):
        if template[i] != "{":
            i += 1
            continue
        end = _matching_brace(template, i)
        name, _, rest = template[i + 1 : end].partition(",")
        names.add(name.strip())
        if rest.strip().startswith("plural"):
            try:
                choices = _plural_choices(rest.split(",", 1)[1])
            except ValueError:  # no 'other': message_problems says so on its own
                choices = {}
            for choice in choices.values():
                names |= placeholders(choice)
        i = end + 1
    return names


def _check_braces(text: str) -> None:
    depth = 0
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if depth < 0:
            raise ValueError("a '}' closes nothing")
    if depth:
        raise ValueError("a '{' is not closed")


def _read(path: Path) -> dict[str, tuple[str, int]]:
    """The translated messages of one ``.po`` file: key -> (text, line)."""
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
    except Exception as error:  # Babel raises PoFileError, and ValueError on odd headers
        raise CatalogueError(f"{path}: can't read this catalogue ({error}); "
                             "check it with msgfmt --check or Poedit") from None
    found: dict[str, tuple[str, int]] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        text = message.string if isinstance(message.string, str) else ""
        if text and not message.fuzzy:
            line = message.lineno or 0
            found[message.id] = (text, line)
    return found


def catalogue_file(language: str, search: Iterable[Path] = ()) -> Path | None:
    """The catalogue for `language`: a site's own first, then ours; ``pt-BR`` then ``pt``."""
    names = _candidates(language)
    for folder in (*search, LOCALES):
        for name in names:
            path = folder / f"{name}.po"
            if path.is_file():
                return path
    return None


def _primary(language: str) -> str:
    """A language tag's primary subtag: ``pt`` for ``pt_BR`` and ``pt-BR``."""
    return language.replace("_", "-").split("-", 1)[0].strip().lower()


def _candidates(language: str) -> list[str]:
    code = language.strip().replace("_", "-")
    names = [code]
    if "-" in code:
        names.append(code.split("-", 1)[0])
    return names


@cache
def _english() -> dict[str, tuple[str, int]]:
    return _read(LOCALES / f"{SOURCE_LANGUAGE}.po")


def english_keys() -> frozenset[str]:
    """Every key of the module's interface (the English catalogue's)."""
    return frozenset(_english())


def _locale(language: str) -> Locale:
    # The module's English is UK English: plain "en" writes dates as "6 December 2026".
    if language.strip().lower() == SOURCE_LANGUAGE:
        return Locale("en", "GB")
    for name in _candidates(language):
        try:
            return Locale.parse(name, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("en", "GB")


@cache
def english_catalogue() -> Catalogue:
    """The module's own English words (what code outside a site build writes)."""
    return load_catalogue(SOURCE_LANGUAGE)


def load_catalogue(language: str | None, search: Iterable[Path] = ()) -> Catalogue:
    """The catalogue for `language` (``theme.language``), English filling every gap.

    Args:
        language: As in ``mkdocs.yml``; None or empty means English.
        search: Folders a site may hold its own ``<language>.po`` in, tried before ours.

    Raises:
        CatalogueError: a catalogue that exists can't be read, or holds a message whose
            placeholders or plural choices would break a page.
    """
    english = {key: text for key, (text, _) in _english().items()}
    asked = (language or SOURCE_LANGUAGE).strip() or SOURCE_LANGUAGE
    locale = _locale(asked)
    direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    search = tuple(search)
    path = catalogue_file(asked, search)
    if path is None or (path.stem == SOURCE_LANGUAGE and path.parent == LOCALES):
        # English words count, and write numbers and dates, as English does: a sentence in
        # English with an Arabic date or Arabic plural forms would read as a mistake.
        return Catalogue(
            language=asked, code=SOURCE_LANGUAGE, messages=english,
            has_catalogue=path is not None, direction=direction, _locale=_locale("en"),
        )
    # A site's file over ours for the same language: it may correct a few words and keep
    # the module's own translation of the rest (then English, key by key).
    ours = catalogue_file(asked)
    layers = [path] if ours is None or ours == path else [ours, path]
    translated: dict[str, tuple[str, int, Path]] = {}
    for layer in layers:
        translated.update(
            {key: (text, line, layer) for key, (text, line) in _read(layer).items()}
        )
    problems = [
        f"{where}:{line}: {problem}"
        for key, (text, line, where) in sorted(
            translated.items(), key=lambda item: (str(item[1][2]), item[1][1])
        )
        for problem in message_problems(key, text, english.get(key))
    ]
    if problems:
        raise CatalogueError("\n".join(problems))
    messages = {key: translated.get(key, (text, 0, path))[0] for key, text in english.items()}
    return Catalogue(
        language=asked,
        code=path.stem,
        messages=messages,
        missing=tuple(sorted(set(english) - set(translated))),
        has_catalogue=True,
        direction=direction,
        _locale=locale,
    )


def package_languages(package: str, folder: str, suffix: str) -> frozenset[str]:
    """The languages an installed package has words for: its files' names in `folder`.

    Material keeps them as ``templates/partials/languages/<lang>.html``, mkdocs-quiz as
    ``locales/<lang>.po``. Empty when the package is not installed.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return frozenset()
    return frozenset(path.stem for path in (Path(spec.origin).parent / folder).glob(f"*{suffix}"))


def frontend_script(catalogue: Catalogue, keys: Iterable[str]) -> tuple[str, str]:
    """The front end's messages as a script file: its name and its text (script_files.py).

    The scripts' ``t()`` (frontend/i18n.js) reads ``Four.messages``: the page language's
    text for exactly the keys the scripts use (build.mjs lists them in
    ``assets/four/messages-keys.json``). Its name changes with its content, so a browser
    never keeps an old language after a rebuild.
    """
    messages = {key: catalogue.messages[key] for key in sorted(set(keys) & set(catalogue.messages))}
    return registry_script(
        "messages",
        "messages",
        {"lang": catalogue.code, "dir": catalogue.direction, "messages": messages},
        ascii_only=False,
    )


def starter_catalogue(language: str) -> str:
    """A ``<language>.po`` for a translator to fill: every key, English beside each.

    Each message's ``msgstr`` is empty (an empty one shows in English, key by key), and the
    English text is in a translator comment with what the key is for, so Poedit, Weblate
    or a text editor shows a translator everything they need.
    """
    english = _english()
    with (LOCALES / f"{SOURCE_LANGUAGE}.po").open("rb") as stream:
        source = read_po(stream)
    catalog = Catalog(locale=None, project="FOUR Lessons", fuzzy=False)
    catalog.language_team = language
    for message in source:
        if not message.id or not isinstance(message.id, str) or message.id not in english:
            continue
        notes = [*message.auto_comments, f"English: {english[message.id][0]}"]
        catalog.add(message.id, "", auto_comments=notes)
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=True)
    header = (
        f"# FOUR Lessons: the module's interface words in '{language}'. Write each msgstr;\n"
        "# one left empty shows in English. Keep every {placeholder} as it is; counts use\n"
        "# ICU's plural form ({count, plural, one {# exercise} other {# exercises}}) with the\n"
        "# forms your language needs (zero one two few many other) and always 'other'.\n"
        'msgid ""\nmsgstr ""\n'
        f'"Language: {language}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    return header + out.getvalue().decode("utf-8")
