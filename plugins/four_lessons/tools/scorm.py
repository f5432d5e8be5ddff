"""A SCORM 1.2 package of a module, for Moodle and other LMSs.

One SCO: a launch page (``index_lms.html``) holds the SCORM session for the whole visit
and shows the built site, which sits beside it in the zip, in a same-origin frame. The
site is built with ``use_directory_urls: false`` so every link points at a file. Moodle
reads the manifest without validating it, but wants ``imsmanifest.xml`` at the root and
the resource's type under the literal attribute name ``adlcp:scormtype``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

LAUNCH_PAGE = "index_lms.html"
_MANIFEST_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
_ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


@dataclass(frozen=True)
class PackageInfo:
    """What the manifest and the launch page need to know about the module."""

    identifier: str
    title: str
    mastery_score: int | None = None
    running_score: bool = False


def manifest_xml(info: PackageInfo, files: list[str]) -> str:
    """The ``imsmanifest.xml`` text for a single-SCO SCORM 1.2 package."""
    mastery = (
        f"\n        <adlcp:masteryscore>{info.mastery_score}</adlcp:masteryscore>"
        if info.mastery_score is not None
        else ""
    )
    file_lines = "\n".join(f"      <file href={quoteattr(name)}/>" for name in files)
    ident = re.sub(r"[^A-Za-z0-9_.-]", "-", info.identifier)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="1.0"
    xmlns="{_MANIFEST_NS}"
    xmlns:adlcp="{_ADLCP_NS}"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-{ident}">
    <organization identifier="org-{ident}">
      <title>{escape(info.title)}</title>
      <item identifier="item-{ident}" identifierref="sco-{ident}" isvisible="true">
        <title>{escape(info.title)}</title>{mastery}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-{ident}" type="webcontent"
        adlcp:scormtype="sco" href="{LAUNCH_PAGE}">
{file_lines}
    </resource>
  </resources>
</manifest>
"""


def launch_page(
    info: PackageInfo, settings: dict[str, Any], assets: dict[str, str] | None = None
) -> str:
    """The launch page: SCORM session for the visit, the module in a frame.

    `settings` are what the plugin told the site's pages (module id, exit address, the
    module map's file), so the page's progress store and SCORM bridge use the same module
    id and lessons as the site; `assets` maps each script's and style's site path to its
    published, content-hashed one.
    """
    from ..site.plugin import site_meta

    def asset(name: str) -> str:
        path = f"assets/four/{name}"
        return html_escape((assets or {}).get(path, path))

    module_map = html_escape(f"assets/four/{settings['map']}")
    title = html_escape(info.title)
    mastery = "" if info.mastery_score is None else str(info.mastery_score)
    scorm = {"mastery": mastery, "running": info.running_score}
    exit_url = str(settings.get("exit", ""))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{site_meta(settings)}
<meta name="four-scorm" content="{html_escape(json.dumps(scorm))}">
<link rel="stylesheet" href="{asset("scorm.css")}">
</head>
<body class="four-lms">
<div class="four-lms__bar">
<p class="four-lms__status" role="status" data-four-lms-status>
Connecting to your learning platform\u2026</p>
<button class="four-lms__finish" type="button" data-four-lms-finish>Save and finish</button>
<a class="four-lms__exit" href="{html_escape(exit_url)}" target="_top" rel="nofollow noreferrer" \
data-four-exit><span class="four-sr">Emergency </span>Exit this page</a>
</div>
<div class="four-lms__closed" data-four-lms-closed hidden>
<p>This activity was closed.</p>
<button type="button">Open it again</button>
</div>
<iframe class="four-lms__frame" title="{title}" data-four-lms-frame></iframe>
<script src="{module_map}"></script>
<script src="{asset("progress.js")}"></script>
<script src="{asset("scorm.js")}"></script>
<script src="{asset("four.js")}"></script>
</body>
</html>
"""


class PackageError(Exception):
    """A package that can't or mustn't be written; the message says what to do."""


def is_our_package(path: Path) -> bool:
    """Whether `path` is a SCORM package this tool wrote, so writing over it loses nothing.

    Recognised by its manifest, which launches ``index_lms.html``, and the bridge beside it
    (``scorm.js``, under its content-hashed name since packages have had them).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            manifest = archive.read("imsmanifest.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    bridge = re.compile(r"assets/four/scorm(\.[0-9a-f]+)?\.js")
    return f'href="{LAUNCH_PAGE}"' in manifest and any(bridge.fullmatch(n) for n in names)


def check_output(output: Path, sources: list[Path], config_file: Path, force: bool) -> Path:
    """Where the package may go, resolved; otherwise a PackageError saying why not.

    Never inside the module's sources (its docs and scenario folders, its ``mkdocs.yml``),
    never over a folder, and over an existing file only if it is an earlier package of
    ours, or with `force`.
    """
    target = output.expanduser().resolve()
    if target.is_dir():
        example = output / "module.zip"
        raise PackageError(f"{output} is a folder; give a file name, such as {example}")
    if target == config_file.resolve():
        raise PackageError(f"{output} is the module's own mkdocs.yml; write the package elsewhere")
    for folder in sources:
        if target.is_relative_to(folder.resolve()):
            raise PackageError(
                f"{output} is inside the module's sources ({folder.resolve()}); write the package "
                "elsewhere, such as next to mkdocs.yml"
            )
    if target.exists() and not force and not is_our_package(target):
        raise PackageError(
            f"{output} exists and is not a package written by four-lessons; choose another "
            "name, or add --force to replace it"
        )
    for parent in (target.parent, *target.parent.parents):
        if parent.exists():
            if not parent.is_dir():
                raise PackageError(f"{output}: {parent} is a file, not a folder")
            break
    return target


def odd_names(files: list[str]) -> list[str]:
    """Site files whose zip entry names an unzipper may read as other paths."""
    return [
        name
        for name in files
        if "\\" in name
        or name.startswith("/")
        or any(part in ("", ".", "..") for part in name.split("/"))
        or any(ord(c) < 32 or ord(c) == 127 for c in name)
    ]


def package_site(
    site_dir: Path,
    output: Path,
    info: PackageInfo,
    settings: dict[str, Any],
    assets: dict[str, str] | None = None,
) -> list[str]:
    """Zip a site built with ``use_directory_urls: false`` as a SCORM 1.2 package.

    `settings` are what the plugin told the site's pages (its ``site_settings``). The zip
    is written beside `output` under a temporary name and renamed into place, so an earlier
    package stays whole if anything fails (a full disk, say). Returns the files listed in
    the manifest.
    """
    if not settings.get("map"):
        raise PackageError("the built site has no four-lessons settings; is the plugin enabled?")
    page = launch_page(info, settings, assets)
    (site_dir / LAUNCH_PAGE).write_text(page, encoding="utf-8")
    files = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and p.name != "imsmanifest.xml"
    )
    odd = odd_names(files)
    if odd:
        raise PackageError(
            "these built files have names an unzipper may read as other paths "
            f"(backslashes, '..', control characters): {', '.join(map(repr, odd))}; "
            "rename their pages in docs/"
        )
    files.remove(LAUNCH_PAGE)
    files.insert(0, LAUNCH_PAGE)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".part", dir=output.parent
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream, zipfile.ZipFile(
            stream, "w", compression=zipfile.ZIP_DEFLATED
        ) as archive:
            archive.writestr("imsmanifest.xml", manifest_xml(info, files))
            for name in files:
                archive.write(site_dir / name, name)
        os.chmod(temp, 0o644)
        os.replace(temp, output)
    finally:
        temp.unlink(missing_ok=True)
    return files


def build_package(
    config_file: Path,
    output: Path,
    mastery_score: int | None = None,
    *,
    running_score: bool = False,
    force: bool = False,
) -> int:
    """Build the module strictly for files and package it; returns the file count.

    Raises PackageError for an output path that must not be written; the build's own
    problems are logged (and make MkDocs raise Abort) as in ``mkdocs build --strict``.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="four-scorm-") as temp:
        site_dir = Path(temp) / "site"
        config = load_config(
            config_file=str(config_file),
            use_directory_urls=False,
            site_dir=str(site_dir),
            strict=True,
        )
        plugin = config.plugins.get("four-lessons")
        if plugin is None:
            raise PackageError(
                f"{config_file}: the built site has no four-lessons settings; is the plugin "
                "enabled?"
            )
        sources = [
            Path(config.docs_dir),
            config_file.resolve().parent / str(plugin.config.scenarios_dir),
        ]
        target = check_output(output, sources, config_file, force)
        # Material's instant navigation and the frame's own history do not mix inside an
        # LMS; pages load in full, as under file://.
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if f != "navigation.instant"]
        # The package is always the learner site, whatever the environment says.
        plugin.config.staff_site = False
        previous = os.environ.get("FOUR_LESSONS_SITE")
        os.environ["FOUR_LESSONS_SITE"] = "learner"
        try:
            build(config)
        finally:
            if previous is None:
                os.environ.pop("FOUR_LESSONS_SITE", None)
            else:
                os.environ["FOUR_LESSONS_SITE"] = previous
        info = PackageInfo(
            identifier=plugin.module_id,
            title=config.site_name,
            mastery_score=mastery_score,
            running_score=running_score,
        )
        return len(
            package_site(site_dir, target, info, plugin.site_settings, plugin.published_assets)
        )
