"""Content-hashed names for the scripts and styles a site ships.

A browser that cached ``exercise.js`` from an earlier build must never run it against the
pages of a new one: each file is published as ``exercise.<hash>.js``, the hash taken from
its bytes, so a changed file has a new name and an unchanged one stays cached. Templates,
the page head and the front-end loader all ask this map for the published name. Only
scripts and styles are renamed: other files (a licence) keep the names that scripts and
people use for them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

#: How many hex digits of the SHA-256 go into a name: plenty to tell builds apart.
HASH_LENGTH = 8
#: What browsers are told to keep for a year (the hosting guide), so what gets a hash.
HASHED_SUFFIXES = (".js", ".css")


def hashed_name(path: str, data: bytes) -> str:
    """``assets/four/exercise.js`` -> ``assets/four/exercise.1a2b3c4d.js``; other files as named."""
    pure = PurePosixPath(path)
    if pure.suffix not in HASHED_SUFFIXES:
        return path
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


#: Files in the assets folder that are for the build, never published: the list of the
#: scripts' message keys (build.mjs writes it; the plugin reads it).
BUILD_ONLY = ("messages-keys.json",)


def asset_names(folder: Path, prefix: str = "assets/") -> dict[str, str]:
    """Every published file in `folder`, by its plain site path, with its hashed path."""
    return {
        prefix + path.relative_to(folder).as_posix(): hashed_name(
            prefix + path.relative_to(folder).as_posix(), path.read_bytes()
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in BUILD_ONLY
    }


#: Files that pages link by template (the theme's shims, the every-page script and styles)
#: or that only the SCORM launch page loads: the front-end loader never asks for them.
_NOT_LOADED = ("md-", "iframe-worker", "four.", "site.", "scorm.")


def loader_names(names: dict[str, str], folder: str = "assets/four/") -> dict[str, str]:
    """The hashes of the files the front-end loader fetches by name (``exercise.js``)."""
    found = {}
    for plain, published in names.items():
        name = plain[len(folder):]
        if plain.startswith(folder) and "/" not in name and not name.startswith(_NOT_LOADED):
            found[name] = PurePosixPath(published).suffixes[-2][1:]
    return found
