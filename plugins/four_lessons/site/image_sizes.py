"""Width and height on the pages' own images, from the image files themselves.

A browser that knows an image's size before it arrives keeps room for it, so the text does
not jump when the image loads (layout shift; Lighthouse's "unsized images"). Authors write
``![A diagram](diagram.svg)`` and should not have to measure anything: the build reads the
size from the file (an SVG's ``width`` and ``height``, or its ``viewBox``; a PNG's header)
and writes it on each ``<img>`` that has neither attribute. The theme's stylesheet scales
images down to the column (``max-width: 100%; height: auto``), so the attributes give the
shape, not a fixed size. Images from other sites, and files it cannot read, are left alone.
"""

from __future__ import annotations

import posixpath
import re
import struct
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]+)"')
_SIZED = re.compile(r"\s(?:width|height)\s*=", re.IGNORECASE)
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_NUMBER = r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*"


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}\s*=\s*["\']([^"\']*)["\']', tag)
    return found.group(1) if found else None


def _svg_size(head: str) -> tuple[int, int] | None:
    """The size an SVG's root element gives: width and height in px, else its viewBox."""
    tag = _SVG_TAG.search(head)
    if tag is None:
        return None
    width, height = _attribute(tag.group(0), "width"), _attribute(tag.group(0), "height")
    if width and height:
        w, h = re.fullmatch(_NUMBER, width), re.fullmatch(_NUMBER, height)
        if w and h:
            return round(float(w.group(1))), round(float(h.group(1)))
    box = _attribute(tag.group(0), "viewBox")
    parts = box.replace(",", " ").split() if box else []
    if len(parts) == 4:
        try:
            return round(float(parts[2])), round(float(parts[3]))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=256)
def _size_of(path: Path, mtime_ns: int) -> tuple[int, int] | None:
    """An image file's intrinsic size, kept while the file is unchanged (serve rebuilds)."""
    try:
        with path.open("rb") as image:
            head = image.read(4096)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    if path.suffix.lower() == ".svg":
        size = _svg_size(head.decode("utf-8", errors="replace"))
        return size if size and size[0] > 0 and size[1] > 0 else None
    return None


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """The width and height of an SVG or PNG file, or None if it cannot be read as one."""
    try:
        return _size_of(path, path.stat().st_mtime_ns)
    except OSError:
        return None


def local_target(src: str, page_url: str) -> str | None:
    """The site path an image's ``src`` points to from a page, or None if it is not local.

    ``../assets/images/x.svg`` from ``lessons/one.html`` is ``assets/images/x.svg``.
    """
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", src, re.IGNORECASE):
        return None  # another site, a data: address, or a fragment
    path = src.split("#", 1)[0].split("?", 1)[0]
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    joined = posixpath.normpath(posixpath.join("/", folder, path))
    return unquote(joined.lstrip("/")) or None


def size_images(html: str, resolve: Callable[[str], Path | None]) -> str:
    """`html` with width and height written on each ``<img>`` of a local SVG or PNG.

    Args:
        html: a built page.
        resolve: the file behind an image's ``src`` as written in the page, or None (an
            image on another site, or one the build does not know).
    """
    if "<img" not in html and "<IMG" not in html:
        return html

    def sized(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        if src is None or _SIZED.search(tag):
            return tag
        path = resolve(src.group(1))
        size = intrinsic_size(path) if path is not None else None
        if size is None:
            return tag
        closing = "/>" if tag.endswith("/>") else ">"
        body = tag[: len(tag) - len(closing)].rstrip()
        space = " " if closing == "/>" else ""
        return f'{body} width="{size[0]}" height="{size[1]}"{space}{closing}'

    return _IMG.sub(sized, html)
