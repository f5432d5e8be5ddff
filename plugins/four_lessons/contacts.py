"""Help contacts: kept in one place (the site configuration), written into pages on demand.

Helpline numbers and hours change; lessons never type them. They name a contact by id
(``[[contact national-stalking-helpline]]``) and the text comes from here, so a welfare
team updates one block before publishing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .loader import did_you_mean
from .scenarios import AUDIENCES

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS = ("id", "name", "phone", "url", "hours", "about", "region", "editions", "local")


@dataclass(frozen=True)
class Contact:
    """A service a learner can turn to."""

    id: str
    name: str
    phone: str | None = None
    url: str | None = None
    hours: str | None = None
    about: str | None = None
    region: str | None = None
    editions: tuple[str, ...] = AUDIENCES
    local: bool = False

    @property
    def tel_uri(self) -> str | None:
        """A ``tel:`` link for the phone number (digits only), if there is one."""
        if not self.phone:
            return None
        digits = re.sub(r"[^0-9+]", "", self.phone)
        return f"tel:{digits}" if digits else None


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
        texts = {}
        for field in ("phone", "url", "hours", "about", "region"):
            value = entry.get(field)
            if value is not None and not isinstance(value, (str, int)):
                problems.append(f"{place} ('{cid}'): '{field}' must be text")
            texts[field] = str(value) if value is not None else None
        editions = entry.get("editions", list(AUDIENCES))
        if isinstance(editions, str):
            editions = [editions]
        unknown = [e for e in editions if e not in AUDIENCES]
        if unknown:
            problems.append(
                f"{place} ('{cid}'): unknown edition '{unknown[0]}'; use school, university or both"
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
                local=bool(entry.get("local", False)),
                **texts,
            )
        )
    if problems:
        raise ContactError("\n".join(problems))
    return tuple(contacts)


def _escape(text: str) -> str:
    """Escape Markdown's inline punctuation in configured text."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


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
        """The contact as a phrase: its name and phone number (or website) as a link."""
        name = _escape(contact.name)
        if contact.phone and contact.tel_uri:
            return f"{name} ([{_escape(contact.phone)}]({contact.tel_uri}))"
        if contact.url:
            return f"[{name}]({contact.url})"
        return name

    def block(self, institution: str) -> str:
        """Every contact of this edition as a Markdown list, local services first."""
        lines = []
        for heading, group in (
            (f"At {_escape(institution)}", [c for c in self.contacts if c.local]),
            ("National services", [c for c in self.contacts if not c.local]),
        ):
            if not group:
                continue
            lines += [f"**{heading}**", ""]
            for contact in group:
                parts = [f"**{_escape(contact.name)}**"]
                if contact.region:
                    parts.append(f"({_escape(contact.region)})")
                detail = []
                if contact.phone and contact.tel_uri:
                    detail.append(f"phone [{_escape(contact.phone)}]({contact.tel_uri})")
                if contact.hours:
                    detail.append(_escape(contact.hours))
                if contact.url:
                    detail.append(f"[website]({contact.url})")
                text = " ".join(parts)
                if detail:
                    text += ": " + "; ".join(detail) + "."
                if contact.about:
                    text += " " + _escape(contact.about)
                lines.append(f"- {text}")
            lines.append("")
        if self.checked:
            lines.append(
                f"*These details were last checked on {_escape(self.checked)}. Numbers and "
                "opening hours change: the people who publish this module check them before "
                "each release.*"
            )
        return "\n".join(lines).strip()
