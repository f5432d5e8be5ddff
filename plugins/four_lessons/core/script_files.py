"""Build-time data for the front end, as small script files named by their content.

Each file sets one property of the scripts' one global (``window.Four``, see
frontend/lib/registry.js), making the global if it runs first. Its name changes with its
content, so a browser never keeps an old copy after a rebuild. A file rather than a value in
each page: fetched once, cached, and only by the pages that need it.
"""

from __future__ import annotations

import hashlib
import json

#: How many hex digits of the SHA-256 of its text go into a file's name.
DIGEST_LENGTH = 10


def registry_script(
    stem: str, property_name: str, value: object, *, ascii_only: bool = True
) -> tuple[str, str]:
    """``Four.<property_name> = value`` as a script file: its name and its text.

    Args:
        stem: the start of the file's name (``module`` gives ``module-<digest>.js``).
        property_name: the property of ``window.Four`` it sets.
        value: what it is set to, written as JSON.
        ascii_only: write characters beyond ASCII as escapes ("é" as six characters); text in the
            page's language reads better as itself.
    """
    body = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))
    text = f"(window.Four=window.Four||{{}}).{property_name}={body};\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return f"{stem}-{digest}.js", text
