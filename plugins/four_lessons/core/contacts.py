"""Help contacts: kept in one place (the site configuration), written into pages on demand.

Helpline numbers and hours change; lessons never type them. They name a contact by id
(``[[contact national-stalking-helpline]]``) and the text comes from here, so a welfare
team updates one block before publishing.

A learner alone at night acts on what a contact line says, so the details are checked as
well as read: a number without opening hours, a "24 hours" group member whose hours don't
say so, a contact nobody has checked (or checked too long ago) are build warnings, and so
``--strict`` stops (see ``contact_warnings``). Who a service is for (``ages:``) is read
into a small validated range, so pages can be checked for the door a 13-year-old is sent
to first (see ``checks.py``).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .diagnostics import Problem, ProblemsError, SourceLocation, did_you_mean
from .i18n import Catalogue, english_catalogue
from .scenarios import AUDIENCES

# Matched whole (fullmatch): a "$" would also accept a final line break.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FIELDS = (
    "id", "name", "phone", "sms", "url", "hours", "about", "region", "editions", "local",
    "group", "ages", "checked",
)
#: How the contact list is grouped, in the order a person in trouble needs it: danger now,
#: then support open 24 hours, then other people to talk to (with their hours), then the
#: institution's own people, then everyone else.
GROUPS: tuple[str, ...] = ("emergency", "crisis", "talk", "local", "national")
#: The group whose heading promises "day or night": its members' hours must say 24 hours.
ALWAYS_OPEN_GROUP = "crisis"
#: Hours that say a service never closes: "24 hours a day", "24/7", "24-hour".
_ALWAYS_OPEN = re.compile(r"\b24\s*(?:hours?\b|/\s*7\b|-hour\b)", re.IGNORECASE)
#: A phone number or short code as people write it: digits, spaces, + ( ) - and dots.
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]*")
_URL_SCHEMES = ("http", "https", "mailto")
#: The example date in messages (any past date would do; this one reads as a date).
_EXAMPLE_DATE = '"2026-11-30"'


class AgesError(ValueError):
    """An ``ages:`` value that is not one of the forms below; the message says so."""


@dataclass(frozen=True)
class Ages:
    """Who a service is for, in whole years: ``youngest`` to ``oldest`` (None: no limit).

    Written as ``any``, ``16+`` (16 and over), ``under 19`` (up to 18), ``up to 35`` (35
    and under) or ``13-25`` (``13 to 25`` also reads), so a page check can ask a plain
    question: does this service take calls from every 13 to 15-year-old?
    """

    youngest: int
    oldest: int | None
    text: str

    def covers(self, youngest: int, oldest: int | None) -> bool:
        """Whether every age from `youngest` to `oldest` (None: no limit) is served."""
        if self.youngest > youngest:
            return False
        if self.oldest is None:
            return True
        return oldest is not None and self.oldest >= oldest

    @property
    def everyone(self) -> bool:
        """Whether the service is for people of any age."""
        return self.youngest == 0 and self.oldest is None

    def describe(self, words: Catalogue | None = None) -> str | None:
        """The range as learners read it: ``for ages 16 and over``; None for any age."""
        t = (words or english_catalogue()).t
        if self.everyone:
            return None
        if self.oldest is None:
            return t("contacts.ages_over", youngest=self.youngest)
        if self.youngest == 0 and self.text.startswith("under"):
            return t("contacts.ages_under", limit=self.oldest + 1)
        if self.youngest == 0:
            return t("contacts.ages_up_to", oldest=self.oldest)
        return t("contacts.ages_range", youngest=self.youngest, oldest=self.oldest)


_AGES_FORMS = "write it as '16+', 'under 19', 'up to 35', '13-25' or 'any'"


def parse_ages(value: object) -> Ages:
    """Read an ``ages:`` value.

    Raises:
        AgesError: the value is not one of the written forms, or its numbers can't be right.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise AgesError(f"'ages' must be text; {_AGES_FORMS}")
    text = " ".join(str(value).lower().split())
    if isinstance(value, int):
        raise AgesError(f"'ages: {value}' is one age, not a range; {_AGES_FORMS}")
    if text in ("any", "all", "all ages", "any age"):
        return Ages(0, None, text)
    plus = re.fullmatch(r"(\d{1,3}) ?\+", text)
    under = re.fullmatch(r"under (\d{1,3})", text)
    up_to = re.fullmatch(r"up to (\d{1,3})", text)
    span = re.fullmatch(r"(\d{1,3}) ?(?:-|to) ?(\d{1,3})", text)
    if plus:
        youngest, oldest = int(plus.group(1)), None
    elif under and int(under.group(1)) > 0:
        youngest, oldest = 0, int(under.group(1)) - 1
    elif up_to:
        youngest, oldest = 0, int(up_to.group(1))
    elif span:
        youngest, oldest = int(span.group(1)), int(span.group(2))
    else:
        raise AgesError(f"'ages: {_short(value)}' is not an age range; {_AGES_FORMS}")
    if youngest > 120 or (oldest is not None and not youngest <= oldest <= 120):
        raise AgesError(f"'ages: {_short(value)}' is not a possible range of ages; {_AGES_FORMS}")
    return Ages(youngest, oldest, text)


@dataclass(frozen=True)
class Contact:
    """A service a learner can turn to."""

    id: str
    name: str
    phone: str | None = None
    sms: str | None = None
    url: str | None = None
    hours: str | None = None
    about: str | None = None
    region: str | None = None
    editions: tuple[str, ...] = AUDIENCES
    group: str = "national"
    #: Who the service is for; None when the configuration doesn't say.
    ages: Ages | None = None
    #: The day someone last confirmed this entry with the service; None: never.
    checked: datetime.date | None = None

    @property
    def local(self) -> bool:
        """Whether this is the institution's own service."""
        return self.group == "local"

    @property
    def tel_uri(self) -> str | None:
        """A ``tel:`` link for the phone number, if there is one."""
        return _dial_uri("tel", self.phone)

    @property
    def sms_uri(self) -> str | None:
        """An ``sms:`` link for the number to text, if there is one."""
        return _dial_uri("sms", self.sms)


def _dial_uri(scheme: str, number: str | None) -> str | None:
    """A dialling link; a UK "(0)" after the country code is not dialled."""
    if not number:
        return None
    digits = re.sub(r"[^0-9+]", "", number.replace("(0)", ""))
    return f"{scheme}:{digits}" if digits else None


class ContactError(ProblemsError):
    """Contact entries in the configuration are not usable; the problems say why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("help contacts", problems)


def single_line(text: str) -> str:
    """`text` with every run of white space (line breaks included) folded to one space.

    Configured text (a contact's fields, the institution's name) is written into pages
    inside a sentence or a list item: a line break there would end the item and start new
    Markdown, such as an attribute block or a heading.
    """
    return " ".join(text.split())


_LOCATED = re.compile(r"([^:]+?)(?::(\d+))?: (.*)", re.S)


def _as_problem(line: str) -> Problem:
    """A ``file:line: what`` (or ``file: what``) line of this module's as a Problem.

    Every such line here starts with a location this module wrote itself (ContactSource.at,
    or the file's name when no line is known), so it reads back without doubt.
    """
    found = _LOCATED.fullmatch(line)
    if found is None:
        return Problem(SourceLocation("mkdocs.yml", None), line)
    number = found.group(2)
    return Problem(SourceLocation(found.group(1), int(number) if number else None),
                   found.group(3))


@dataclass(frozen=True)
class ContactSource:
    """Where the contacts are written in the configuration file, for ``file:line`` messages.

    MkDocs hands the plugin plain values; the lines come from composing the same file
    again (composing keeps the parser's marks and runs no tag such as ``!ENV``).
    """

    file: str
    contacts_line: int | None = None
    entry_lines: tuple[int, ...] = ()
    field_lines: tuple[Mapping[str, int], ...] = ()
    option_lines: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, plugin: str = "four-lessons") -> ContactSource:
        """The lines of `plugin`'s block in the configuration file at `path`.

        A file that can't be read or composed gives no lines: messages then name the entry
        by its place in the list instead.
        """
        plain = cls(file=path.name)
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Composer)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return plain
        block = _plugin_block(root, plugin)
        if block is None:
            return plain
        options = {key.value: (key, value) for key, value in block.value if _is_text(key)}
        option_lines = {name: key.start_mark.line + 1 for name, (key, _) in options.items()}
        entries = options.get("contacts", (None, None))[1]
        if not isinstance(entries, yaml.SequenceNode):
            return cls(file=path.name, option_lines=option_lines)
        fields: list[Mapping[str, int]] = []
        for entry in entries.value:
            pairs = entry.value if isinstance(entry, yaml.MappingNode) else []
            fields.append(
                {key.value: key.start_mark.line + 1 for key, _ in pairs if _is_text(key)}
            )
        return cls(
            file=path.name,
            contacts_line=option_lines.get("contacts"),
            entry_lines=tuple(entry.start_mark.line + 1 for entry in entries.value),
            field_lines=tuple(fields),
            option_lines=option_lines,
        )

    def entry(self, index: int, field_name: str | None = None) -> int | None:
        """The line of contact `index` (of one of its fields, if given), when known."""
        if index >= len(self.entry_lines):
            return None
        if field_name is not None and field_name in self.field_lines[index]:
            return self.field_lines[index][field_name]
        return self.entry_lines[index]

    def at(self, line: int | None, fallback: str) -> str:
        """``file:line`` when the line is known, else `fallback`."""
        return f"{self.file}:{line}" if line else fallback


# Composing builds nodes and constructs nothing, so tags such as !ENV are kept, never run.
_Composer: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _is_text(node: object) -> bool:
    return isinstance(node, yaml.ScalarNode) and isinstance(node.value, str)


def _plugin_block(root: object, plugin: str) -> yaml.MappingNode | None:
    """The mapping under ``plugins: - <plugin>:`` in a composed mkdocs.yml, if any."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if not (_is_text(key) and key.value == "plugins"):
            continue
        items = value.value if isinstance(value, (yaml.SequenceNode, yaml.MappingNode)) else []
        for item in items:
            pairs = item.value if isinstance(item, yaml.MappingNode) else [item]
            for pair in pairs:
                if isinstance(pair, tuple) and _is_text(pair[0]) and pair[0].value == plugin:
                    return pair[1] if isinstance(pair[1], yaml.MappingNode) else None
    return None


def parse_contacts(
    entries: Sequence[Any],
    where: str,
    *,
    source: ContactSource | None = None,
    today: datetime.date | None = None,
) -> tuple[Contact, ...]:
    """Check the configured contacts and build them, naming every problem at once.

    Args:
        entries: the ``contacts`` option as MkDocs read it.
        where: how messages name the list when no line is known
            (``mkdocs.yml: four-lessons: contacts``).
        source: the lines of the list in the configuration file, for ``file:line``.
        today: for telling a ``checked:`` date still to come; the real date if not given.
    """
    problems: list[str] = []
    contacts: list[Contact] = []
    seen: dict[str, set[str]] = {}
    today = today or datetime.date.today()
    for index, entry in enumerate(entries):
        line = source.entry(index) if source else None
        place = f"{source.at(line, source.file)}: four-lessons: contacts" if source else where
        place = f"{place}[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(f"{place}: expected fields like 'id: ...' and 'name: ...'")
            continue
        for key in entry:
            if key not in _FIELDS:
                hint = did_you_mean(str(key), _FIELDS) or f"; known fields are {', '.join(_FIELDS)}"
                problems.append(f"{place}: '{key}' is not a known field{hint}")
        cid, name = entry.get("id"), entry.get("name")
        if not isinstance(cid, str) or not _SLUG.fullmatch(cid):
            problems.append(f"{place}: 'id' must be lowercase words with hyphens, like 'childline'")
            continue
        if name is None or (isinstance(name, str) and not name.strip()):
            problems.append(f"{place} ('{cid}'): 'name' is required")
            continue
        if not isinstance(name, str):
            problems.append(f"{place} ('{cid}'): 'name' must be text")
            continue
        texts: dict[str, str | None] = {}
        for field_name in ("phone", "sms", "url", "hours", "about", "region"):
            value = entry.get(field_name)
            wrong_type = isinstance(value, bool) or not isinstance(value, (str, int))
            if value is not None and wrong_type:
                problems.append(f"{place} ('{cid}'): '{field_name}' must be text")
                value = None
            texts[field_name] = single_line(str(value)) if value is not None else None
        for field_name in ("phone", "sms"):
            number = texts[field_name]
            if number is not None and not _PHONE.fullmatch(number):
                problems.append(
                    f"{place} ('{cid}'): '{field_name}' must be a number to dial, like "
                    f"0808 802 0300, not '{_short(number)}'; put other words in 'about'"
                )
        url = texts["url"]
        if url is not None and (
            urlsplit(url).scheme not in _URL_SCHEMES
            or (urlsplit(url).scheme != "mailto" and not urlsplit(url).hostname)
            or re.search(r"[\s<>\"'`()]", url)
        ):
            problems.append(
                f"{place} ('{cid}'): 'url' must be a full web address such as "
                f"https://www.childline.org.uk/, not '{_short(url)}'"
            )
        editions = entry.get("editions", list(AUDIENCES))
        if isinstance(editions, str):
            editions = [editions]
        if not isinstance(editions, list) or not editions:
            problems.append(
                f"{place} ('{cid}'): 'editions' must be a list: [school], [university] or both"
            )
            continue
        unknown = [e for e in editions if e not in AUDIENCES]
        if unknown:
            problems.append(
                f"{place} ('{cid}'): unknown edition '{_short(unknown[0])}'; "
                "use school, university or both"
            )
            continue
        local = entry.get("local", False)
        if not isinstance(local, bool):
            problems.append(
                f"{place} ('{cid}'): 'local' must be true or false, not '{_short(local)}'"
            )
        group = entry.get("group", "local" if local is True else "national")
        if group not in GROUPS:
            hint = did_you_mean(str(group), GROUPS) or f"; use one of {', '.join(GROUPS)}"
            problems.append(f"{place} ('{cid}'): '{_short(group)}' is not a contact group{hint}")
        elif local is True and group != "local":
            problems.append(
                f"{place} ('{cid}'): 'local: true' and 'group: {group}' disagree; keep one"
            )
        ages = None
        if entry.get("ages") is not None:
            try:
                ages = parse_ages(entry["ages"])
            except AgesError as error:
                problems.append(f"{place} ('{cid}'): {error}")
        checked = None
        raw_checked = entry.get("checked")
        if raw_checked is not None and str(raw_checked).strip():
            checked = checked_date(raw_checked)
            if checked is None:
                problems.append(
                    f"{place} ('{cid}'): 'checked: {_short(raw_checked)}' is not a date; "
                    f"write the day you checked it as a quoted date, such as {_EXAMPLE_DATE}"
                )
            elif checked > today:
                problems.append(
                    f"{place} ('{cid}'): 'checked' is {format_date(checked)}, a date still to "
                    "come; write the day you checked it"
                )
                checked = None
        # One id may appear once per edition (a school's DSL, a university's wellbeing team).
        clash = seen.setdefault(cid, set()) & set(editions)
        if clash:
            problems.append(
                f"{place}: contact id '{cid}' is used twice for the "
                f"{sorted(clash)[0]} edition; keep one"
            )
        seen[cid] |= set(editions)
        contacts.append(
            Contact(
                id=cid,
                name=single_line(name),
                editions=tuple(editions),
                group=str(group),
                ages=ages,
                checked=checked,
                **texts,
            )
        )
    if problems:
        raise ContactError([_as_problem(line) for line in problems])
    return tuple(contacts)


def say_marked(words: Catalogue, key: str, /, **values: str) -> str:
    """Message `key` for Markdown, marked with its language where that is not the page's.

    Its words are escaped; `values` (already Markdown) go in as given. A message that stands
    inside another is written unmarked (``t_escaped``): the outer one carries the mark.
    """
    return words.in_words(words.t_escaped(escape_text, key, **values))


@dataclass(frozen=True)
class ReportContact:
    """Who to tell about a problem with the module itself, such as its accessibility.

    Named on the Accessibility page by ``[[accessibility-contact]]``; not a help service, so
    it is never listed with the contacts on the Get help page.
    """

    name: str
    email: str | None = None
    phone: str | None = None
    url: str | None = None

    def phrase(self, words: Catalogue | None = None) -> str:
        """Markdown: the name, then how to reach them ("email ..., phone ... or website")."""
        words = words or english_catalogue()
        say = words.t_escaped
        ways = []
        if self.email:
            link = f"[{escape_text(self.email)}](mailto:{self.email})"
            ways.append(say(escape_text, "contacts.email", address=link))
        tel = _dial_uri("tel", self.phone)
        if self.phone and tel:
            link = f"[{escape_text(self.phone)}]({tel})"
            ways.append(say(escape_text, "contacts.phone", number=link))
        if self.url:
            ways.append(f"[{say(escape_text, 'contacts.website')}]({self.url})")
        text = escape_text(self.name)
        if not ways:
            return text
        if len(ways) == 1:
            listed = ways[0]
        else:
            listed = say(escape_text, "contacts.ways_or", first=", ".join(ways[:-1]), last=ways[-1])
        return say_marked(words, "contacts.name_ways", name=words.in_page(text), ways=listed)


_REPORT_FIELDS = ("name", "email", "phone", "url")
#: An address to write to: one @, a domain with a dot, and nothing that could end a Markdown
#: link or start HTML (configuration is written by many hands).
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def parse_report_contact(entry: object, where: str) -> ReportContact:
    """Check a ``name`` / ``email`` / ``phone`` / ``url`` block, naming every problem at once.

    Raises:
        ContactError: one line per problem, each naming `where` and the fix.
    """
    if not isinstance(entry, Mapping):
        raise ContactError([_as_problem(
            f"{where}: expected fields like 'name: the school office' and "
            "'email: office@example.sch.uk'"
        )])
    problems: list[str] = []
    for key in entry:
        if key not in _REPORT_FIELDS:
            hint = did_you_mean(str(key), _REPORT_FIELDS) or (
                f"; known fields are {', '.join(_REPORT_FIELDS)}"
            )
            problems.append(f"{where}: '{_short(key)}' is not a known field{hint}")
    texts: dict[str, str | None] = {}
    for name_of in _REPORT_FIELDS:
        value = entry.get(name_of)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))):
            problems.append(f"{where}: '{name_of}' must be text")
            value = None
        texts[name_of] = single_line(str(value)) or None if value is not None else None
    name, email, phone, url = (texts[f] for f in _REPORT_FIELDS)
    if name is None:
        problems.append(f"{where}: 'name' is required, such as 'the school office'")
    if email is not None and not _EMAIL.fullmatch(email):
        problems.append(
            f"{where}: 'email' must be one address, such as office@example.sch.uk, "
            f"not '{_short(email)}'"
        )
    if phone is not None and not _PHONE.fullmatch(phone):
        problems.append(
            f"{where}: 'phone' must be a number to dial, like 01632 960000, not '{_short(phone)}'"
        )
    if url is not None and (
        urlsplit(url).scheme not in ("http", "https")
        or not urlsplit(url).hostname
        or re.search(r"[\s<>\"'`()]", url)
    ):
        problems.append(
            f"{where}: 'url' must be a full web address such as "
            f"https://www.example.sch.uk/accessibility, not '{_short(url)}'"
        )
    if problems:
        raise ContactError([_as_problem(line) for line in problems])
    assert name is not None
    return ReportContact(name=name, email=email, phone=phone, url=url)


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def checked_date(value: object) -> datetime.date | None:
    """A ``checked:`` or ``contacts_checked`` value as a date, if it reads as one.

    Accepts a YAML date and the forms people write: ``2026-11-30``, ``30 November 2026``.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = " ".join(str(value or "").split())
    for form in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %Y"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def format_date(day: datetime.date) -> str:
    """``30 November 2026`` (``%-d`` is not portable: Windows' strftime has no such flag)."""
    return f"{day.day} {day:%B %Y}"


def _months_between(day: datetime.date, today: datetime.date) -> int:
    return (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)


def contact_warnings(
    contacts: Sequence[Contact],
    *,
    fallback: object,
    max_months: int,
    today: datetime.date,
    source: ContactSource | None = None,
) -> list[Problem]:
    """What a host must fix before publishing: one ``file:line: what; fix`` problem each.

    - a contact with a number to call or text but no ``hours``: a learner at 4am can't
      tell an open line from a closed one;
    - a contact in the ``crisis`` group (headed "day or night") whose hours don't say
      24 hours;
    - a contact nobody has checked, or checked more than `max_months` months ago.

    Args:
        contacts: the parsed contacts, every edition's, in configuration order.
        fallback: the older module-wide ``contacts_checked`` option: the date for every
            contact without a ``checked:`` of its own, so modules written before per-contact
            dates keep working (it means "every contact was checked that day").
        max_months: how long a check stays good for (``contacts_max_age_months``).
        today: the date to measure ages of checks from.
        source: the lines of the configuration, for ``file:line``.
    """
    file = source.file if source else "mkdocs.yml"
    warnings: list[str] = []

    def at(index: int, field_name: str | None = None) -> str:
        line = source.entry(index, field_name) if source else None
        fallback_place = f"{file}: four-lessons: contacts[{index}]"
        return source.at(line, fallback_place) if source else fallback_place

    for index, contact in enumerate(contacts):
        number = "call" if contact.phone else "text" if contact.sms else None
        if number and not contact.hours:
            warnings.append(
                f"{at(index)}: contact '{contact.id}' has a number to {number} but no "
                "'hours'; add when it is open, as the service itself states it (or 'check "
                "its website for opening times' if you can't confirm them)"
            )
        if contact.group == ALWAYS_OPEN_GROUP and not _ALWAYS_OPEN.search(contact.hours or ""):
            said = (
                f"its hours ('{_short(contact.hours)}') don't say 24 hours"
                if contact.hours
                else "it has no hours"
            )
            warnings.append(
                f"{at(index, 'hours' if contact.hours else 'group')}: contact '{contact.id}' "
                f"is listed under 'day or night' (group: {ALWAYS_OPEN_GROUP}), but {said}; "
                "once the service itself confirms it never closes, write '24 hours a day' in "
                "'hours', or move it to 'group: talk'"
            )
    warnings += _freshness(contacts, fallback, max_months, today, source, at)
    return [_as_problem(line) for line in warnings]


def _freshness(
    contacts: Sequence[Contact],
    fallback: object,
    max_months: int,
    today: datetime.date,
    source: ContactSource | None,
    at: Any,
) -> list[str]:
    """Warnings for contacts never checked, checked in the future or too long ago."""
    file = source.file if source else "mkdocs.yml"
    option_line = source.option_lines.get("contacts_checked") if source else None
    option_at = source.at(option_line, file) if source else file
    fallback_set = fallback is not None and bool(str(fallback).strip())
    fallback_day = checked_date(fallback) if fallback_set else None
    warnings: list[str] = []
    if fallback_set and fallback_day is None:
        warnings.append(
            f"{option_at}: 'contacts_checked: {_short(fallback)}' is not a date; write it as "
            f"a quoted date, such as {_EXAMPLE_DATE}"
        )
    elif fallback_day is not None and fallback_day > today:
        warnings.append(
            f"{option_at}: 'contacts_checked' is {format_date(fallback_day)}, a date still "
            "to come; use the day you checked"
        )
        fallback_day = None
    unchecked = [i for i, c in enumerate(contacts) if c.checked is None]
    if unchecked and fallback_day is None and not fallback_set:
        if len(unchecked) == len(contacts):
            contacts_line = source.contacts_line if source else None
            place = source.at(contacts_line, file) if source else file
            warnings.append(
                f"{place}: the help contacts have never been checked; check each one's "
                "number, address, opening hours and ages with the service itself, then give "
                f"it the day you did as 'checked: {_EXAMPLE_DATE}' (or set "
                "'contacts_checked' once you have checked them all)"
            )
            return warnings
        warnings += [
            f"{at(i)}: contact '{contacts[i].id}' has never been checked; check its number, "
            "address, opening hours and ages with the service itself, then add the day you "
            f"did as 'checked: {_EXAMPLE_DATE}'"
            for i in unchecked
        ]
    if unchecked and fallback_day is not None and _months_between(fallback_day, today) >= (
        max_months
    ):
        warnings.append(
            f"{option_at}: the help contacts were last checked on {format_date(fallback_day)} "
            f"('contacts_checked'), more than {max_months} months ago; check them again with "
            "each service, then update the date"
        )
    for index, contact in enumerate(contacts):
        if contact.checked is not None and _months_between(contact.checked, today) >= max_months:
            warnings.append(
                f"{at(index, 'checked')}: contact '{contact.id}' was last checked on "
                f"{format_date(contact.checked)}, more than {max_months} months ago; check "
                "it again with the service, then update its 'checked' date"
            )
    return warnings


def oldest_check(
    contacts: Sequence[Contact], edition: str | None, fallback: object
) -> datetime.date | None:
    """The date learners are shown: the oldest check among the edition's contacts.

    None when any of them has never been checked (the build warns about that): a date
    would then claim more than is true.
    """
    fallback_day = checked_date(fallback) if fallback else None
    days = [
        contact.checked or fallback_day
        for contact in contacts
        if edition is None or edition in contact.editions
    ]
    if not days or any(day is None for day in days):
        return None
    return min(day for day in days if day is not None)


def escape_text(text: str) -> str:
    """Configured text made inert in Markdown, on one line.

    Line breaks are folded (see single_line), HTML is escaped, and Markdown's link,
    emphasis and attribute punctuation backslash-escaped: contacts and the institution's
    name are edited by many hands, and nothing in them may become a tag, a link, an
    attribute (``{ onclick=... }``) or a script.
    """
    escaped = html.escape(single_line(text), quote=False)
    return re.sub(r"([\\`*_\[\]{}])", r"\\\1", escaped)


#: The ages each edition is written for. A contact whose ages leave some of them out is
#: labelled with who it is for wherever a page names it.
EDITION_AGES: dict[str, tuple[int, int | None]] = {"school": (13, 18), "university": (18, None)}


class ContactBook:
    """The contacts for one edition, written as Markdown."""

    def __init__(
        self,
        contacts: Sequence[Contact],
        edition: str | None,
        checked: str | None,
        words: Catalogue | None = None,
    ):
        #: The interface words in the site's language.
        self.words = words or english_catalogue()
        self.contacts = tuple(c for c in contacts if edition is None or edition in c.editions)
        self._by_id = {c.id: c for c in self.contacts}
        self._all_ids = tuple(dict.fromkeys(c.id for c in contacts))
        self.edition = edition
        self.checked = checked

    def known_ids(self) -> tuple[str, ...]:
        """Every configured contact id, whatever the edition."""
        return self._all_ids

    def get(self, contact_id: str) -> Contact | None:
        """The contact with this id in this edition, or None."""
        return self._by_id.get(contact_id)

    def in_groups(self, groups: Sequence[str]) -> tuple[Contact, ...]:
        """The contacts a ``[[contacts GROUP...]]`` list shows, in the order it shows them."""
        return tuple(c for group in groups for c in self.contacts if c.group == group)

    def _for_whom(self, contact: Contact) -> str | None:
        """Who the contact is for, when that leaves out some of this edition's learners."""
        ages = EDITION_AGES.get(self.edition or "")
        if contact.ages is None or ages is None or contact.ages.covers(*ages):
            return None
        return contact.ages.describe(self.words)

    def inline(self, contact: Contact) -> str:
        """The contact as a phrase: its name and phone number (or text number, or website).

        A service that doesn't take every learner of the edition says who it is for:
        "National Stalking Helpline (0808 802 0300, for ages 16 and over)".
        """
        name = self.words.in_page(escape_text(contact.name))
        for_whom = self._for_whom(contact)
        way = None
        if contact.phone and contact.tel_uri:
            way = f"[{escape_text(contact.phone)}]({contact.tel_uri})"
        elif contact.sms and contact.sms_uri:
            link = f"[{escape_text(contact.sms)}]({contact.sms_uri})"
            # Unmarked: it stands inside the phrase below, which is marked as a whole.
            way = self.words.t_escaped(escape_text, "contacts.text", number=link)
        elif contact.url:
            name = f"[{name}]({contact.url})"
        if way and for_whom:
            return self._say("contacts.inline_way_ages", name=name, way=way,
                             ages=escape_text(for_whom))
        if way:
            return self._say("contacts.inline_way", name=name, way=way)
        if for_whom:
            return self._say("contacts.inline_ages", name=name, ages=escape_text(for_whom))
        return name

    def block(self, institution: str, groups: Sequence[str] = GROUPS) -> str:
        """The contacts of this edition in `groups` as a Markdown list under group headings.

        The full list (every group) ends with when the details were last checked.
        """
        lines = []
        for group in groups:
            members = [c for c in self.contacts if c.group == group]
            if not members:
                continue
            heading = (
                self._say("contacts.group.local",
                          institution=self.words.in_page(escape_text(institution)))
                if group == "local"
                else self._say(f"contacts.group.{group}")
            )
            lines += [f"**{heading}**", ""]
            lines += [f"- {self._line(contact)}" for contact in members]
            lines.append("")
        if self.checked and tuple(groups) == GROUPS:
            lines.append(
                "*" + self._say("contacts.checked", date=escape_text(self._date(self.checked)))
                + "*"
            )
        return "\n".join(lines).strip()

    def _date(self, checked: str) -> str:
        """A checked date as the language writes it; as configured if it is not a date."""
        try:
            return self.words.date(datetime.date.fromisoformat(checked))
        except ValueError:
            return checked

    def _say(self, key: str, **values: str) -> str:
        return say_marked(self.words, key, **values)

    def _line(self, contact: Contact) -> str:
        text = f"**{escape_text(contact.name)}**"
        if contact.region:
            text += f" ({escape_text(contact.region)})"
        detail = []
        if contact.phone and contact.tel_uri:
            link = f"[{escape_text(contact.phone)}]({contact.tel_uri})"
            detail.append(self._say("contacts.phone", number=link))
        if contact.sms and contact.sms_uri:
            link = f"[{escape_text(contact.sms)}]({contact.sms_uri})"
            detail.append(self._say("contacts.text", number=link))
        if contact.hours:
            detail.append(escape_text(contact.hours))
        if contact.url:
            detail.append(f"[{self._say('contacts.website')}]({contact.url})")
        for_whom = contact.ages.describe(self.words) if contact.ages else None
        if detail:
            text += ": " + "; ".join(detail) + "."
        elif contact.about or for_whom:
            text += "."
        if for_whom:
            text += " " + self.words.in_words(f"{for_whom[0].upper()}{for_whom[1:]}.")
        if contact.about:
            text += " " + escape_text(contact.about)
        return text
