"""Help contacts: kept in one place (the site configuration), written into pages on demand.

Helpline numbers and hours change; lessons never type them. They name a contact by id
(``[[contact national-stalking-helpline]]``) and the text comes from here, so a welfare
team updates one block before publishing.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .loader import did_you_mean
from .scenarios import AUDIENCES

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS = (
    "id", "name", "phone", "sms", "url", "hours", "about", "region", "editions", "local", "group"
)
#: How the contact list is grouped, in the order a person in trouble needs it: danger now,
#: then 24-hour crisis support, then the institution's own people, then everyone else.
GROUPS: tuple[str, ...] = ("emergency", "crisis", "local", "national")
_GROUP_HEADINGS = {
    "emergency": "In an emergency",
    "crisis": "Someone to talk to now, day or night",
    "national": "Specialist services",
}
#: A phone number or short code as people write it: digits, spaces, + ( ) - and dots.
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*$")
_URL_SCHEMES = ("http", "https", "mailto")


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


class ContactError(ValueError):
    """A contact entry in the configuration is not usable; the message says why."""


def parse_contacts(entries: Sequence[Any], where: str) -> tuple[Contact, ...]:
    """Check the configured contacts and build them, naming every problem at once."""
    problems: list[str] = []
    contacts: list[Contact] = []
    seen: dict[str, set[str]] = {}
    for index, entry in enumerate(entries):
        place = f"{where}[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(f"{place}: expected fields like 'id: ...' and 'name: ...'")
            continue
        for key in entry:
            if key not in _FIELDS:
                hint = did_you_mean(str(key), _FIELDS) or f"; known fields are {', '.join(_FIELDS)}"
                problems.append(f"{place}: '{key}' is not a known field{hint}")
        cid, name = entry.get("id"), entry.get("name")
        if not isinstance(cid, str) or not _SLUG.match(cid):
            problems.append(f"{place}: 'id' must be lowercase words with hyphens, like 'childline'")
            continue
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{place} ('{cid}'): 'name' is required")
            continue
        texts: dict[str, str | None] = {}
        for field in ("phone", "sms", "url", "hours", "about", "region"):
            value = entry.get(field)
            wrong_type = isinstance(value, bool) or not isinstance(value, (str, int))
            if value is not None and wrong_type:
                problems.append(f"{place} ('{cid}'): '{field}' must be text")
                value = None
            texts[field] = str(value).strip() if value is not None else None
        for field in ("phone", "sms"):
            number = texts[field]
            if number is not None and not _PHONE.match(number):
                problems.append(
                    f"{place} ('{cid}'): '{field}' must be a number to dial, like 0808 802 0300, "
                    f"not '{_short(number)}'; put other words in 'about'"
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
                name=name.strip(),
                editions=tuple(editions),
                group=str(group),
                **texts,
            )
        )
    if problems:
        raise ContactError("\n".join(problems))
    return tuple(contacts)


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

    def phrase(self) -> str:
        """Markdown: the name, then how to reach them ("email ..., phone ... or website")."""
        ways = []
        if self.email:
            ways.append(f"email [{escape_text(self.email)}](mailto:{self.email})")
        tel = _dial_uri("tel", self.phone)
        if self.phone and tel:
            ways.append(f"phone [{escape_text(self.phone)}]({tel})")
        if self.url:
            ways.append(f"[website]({self.url})")
        text = escape_text(self.name)
        if not ways:
            return text
        listed = ways[0] if len(ways) == 1 else ", ".join(ways[:-1]) + " or " + ways[-1]
        return f"{text} ({listed})"


_REPORT_FIELDS = ("name", "email", "phone", "url")
#: An address to write to: one @, a domain with a dot, and nothing that could end a Markdown
#: link or start HTML (configuration is written by many hands).
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def parse_report_contact(entry: object, where: str) -> ReportContact:
    """Check a ``name`` / ``email`` / ``phone`` / ``url`` block, naming every problem at once.

    Raises:
        ContactError: one line per problem, each naming `where` and the fix.
    """
    if not isinstance(entry, Mapping):
        raise ContactError(
            f"{where}: expected fields like 'name: the school office' and "
            "'email: office@example.sch.uk'"
        )
    problems: list[str] = []
    for key in entry:
        if key not in _REPORT_FIELDS:
            hint = did_you_mean(str(key), _REPORT_FIELDS) or (
                f"; known fields are {', '.join(_REPORT_FIELDS)}"
            )
            problems.append(f"{where}: '{_short(key)}' is not a known field{hint}")
    texts: dict[str, str | None] = {}
    for field in _REPORT_FIELDS:
        value = entry.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))):
            problems.append(f"{where}: '{field}' must be text")
            value = None
        texts[field] = str(value).strip() or None if value is not None else None
    name, email, phone, url = (texts[f] for f in _REPORT_FIELDS)
    if name is None:
        problems.append(f"{where}: 'name' is required, such as 'the school office'")
    if email is not None and not _EMAIL.match(email):
        problems.append(
            f"{where}: 'email' must be one address, such as office@example.sch.uk, "
            f"not '{_short(email)}'"
        )
    if phone is not None and not _PHONE.match(phone):
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
        raise ContactError("\n".join(problems))
    assert name is not None
    return ReportContact(name=name, email=email, phone=phone, url=url)


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def checked_date(value: object) -> datetime.date | None:
    """The ``contacts_checked`` option as a date, if it reads as one.

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


def freshness_problem(value: object, max_months: int, today: datetime.date) -> str | None:
    """Why the contacts' "last checked" date needs attention, or None if it is recent."""
    if value is None or not str(value).strip():
        return (
            "the help contacts have never been checked: check every number, address and "
            "opening time, then set 'contacts_checked' (a quoted date, \"2026-11-30\") in "
            "the four-lessons block of mkdocs.yml"
        )
    day = checked_date(value)
    if day is None:
        return (
            f"'contacts_checked: {_short(value)}' is not a date; write it as a quoted date, "
            "such as \"2026-11-30\""
        )
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if day > today:
        return (
            f"'contacts_checked' is {format_date(day)}, a date still to come; "
            "use the day you checked"
        )
    if months >= max_months:
        return (
            f"the help contacts were last checked on {format_date(day)}, more than "
            f"{max_months} months ago: check them again, then update 'contacts_checked' "
            "(or raise 'contacts_max_age_months')"
        )
    return None


def escape_text(text: str) -> str:
    """Configured text made inert in Markdown.

    HTML is escaped and Markdown's link and emphasis punctuation backslash-escaped:
    contacts and the institution's name are edited by many hands, and nothing in them may
    become a tag, a link or a script.
    """
    escaped = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]])", r"\\\1", escaped)


class ContactBook:
    """The contacts for one edition, written as Markdown."""

    def __init__(self, contacts: Sequence[Contact], edition: str | None, checked: str | None):
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

    def inline(self, contact: Contact) -> str:
        """The contact as a phrase: its name and phone number (or text number, or website)."""
        name = escape_text(contact.name)
        if contact.phone and contact.tel_uri:
            return f"{name} ([{escape_text(contact.phone)}]({contact.tel_uri}))"
        if contact.sms and contact.sms_uri:
            return f"{name} (text [{escape_text(contact.sms)}]({contact.sms_uri}))"
        if contact.url:
            return f"[{name}]({contact.url})"
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
                f"At {escape_text(institution)}" if group == "local" else _GROUP_HEADINGS[group]
            )
            lines += [f"**{heading}**", ""]
            lines += [f"- {self._line(contact)}" for contact in members]
            lines.append("")
        if self.checked and tuple(groups) == GROUPS:
            lines.append(
                f"*These details were last checked on {escape_text(self.checked)}. Numbers and "
                "opening hours change: the people who publish this module check them before "
                "each release.*"
            )
        return "\n".join(lines).strip()

    @staticmethod
    def _line(contact: Contact) -> str:
        text = f"**{escape_text(contact.name)}**"
        if contact.region:
            text += f" ({escape_text(contact.region)})"
        detail = []
        if contact.phone and contact.tel_uri:
            detail.append(f"phone [{escape_text(contact.phone)}]({contact.tel_uri})")
        if contact.sms and contact.sms_uri:
            detail.append(f"text [{escape_text(contact.sms)}]({contact.sms_uri})")
        if contact.hours:
            detail.append(escape_text(contact.hours))
        if contact.url:
            detail.append(f"[website]({contact.url})")
        if detail:
            text += ": " + "; ".join(detail) + "."
        elif contact.about:
            text += "."
        if contact.about:
            text += " " + escape_text(contact.about)
        return text
