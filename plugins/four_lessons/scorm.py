"""A SCORM 1.2 package of a module, for Moodle and other LMSs.

One SCO: a launch page (``index_lms.html``) holds the SCORM session for the whole visit
and shows the built site, which sits beside it in the zip, in a same-origin frame. The
site is built with ``use_directory_urls: false`` so every link points at a file. Moodle
reads the manifest without validating it, but wants ``imsmanifest.xml`` at the root and
the resource's type under the literal attribute name ``adlcp:scormtype``.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
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


def launch_page(info: PackageInfo, site_meta: str, module_map: str) -> str:
    """The launch page: SCORM session for the visit, the module in a frame.

    `site_meta` is the module's own ``<meta name="four-lessons">`` tag and `module_map` the
    file name of its map of lessons, so the page's progress store and SCORM bridge use the
    same module id and lessons as the site.
    """
    module_map = html_escape(f"assets/four/{module_map}")
    title = html_escape(info.title)
    mastery = "" if info.mastery_score is None else str(info.mastery_score)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{site_meta}
<meta name="four-scorm" content="{html_escape(json.dumps({"mastery": mastery}))}">
<link rel="stylesheet" href="assets/four/scorm.css">
</head>
<body class="four-lms">
<div class="four-lms__bar">
<p class="four-lms__status" role="status" data-four-lms-status>
Connecting to your learning platform\u2026</p>
<button class="four-lms__finish" type="button" data-four-lms-finish>Save and finish</button>
</div>
<iframe class="four-lms__frame" title="{title}" data-four-lms-frame></iframe>
<script src="{module_map}"></script>
<script src="assets/four/progress.js"></script>
<script src="assets/four/scorm.js"></script>
</body>
</html>
"""


def package_site(site_dir: Path, output: Path, info: PackageInfo) -> list[str]:
    """Zip a site built with ``use_directory_urls: false`` as a SCORM 1.2 package.

    Returns the files listed in the manifest.
    """
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<meta name="four-lessons" content="([^"]*)">', index)
    if found is None:
        raise ValueError("the built site has no four-lessons settings; is the plugin enabled?")
    settings = json.loads(html.unescape(found.group(1)))
    page = launch_page(info, found.group(0), settings["map"])
    (site_dir / LAUNCH_PAGE).write_text(page, encoding="utf-8")
    files = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and p.name != "imsmanifest.xml"
    )
    files.remove(LAUNCH_PAGE)
    files.insert(0, LAUNCH_PAGE)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest_xml(info, files))
        for name in files:
            archive.write(site_dir / name, name)
    return files


def build_package(config_file: Path, output: Path, mastery_score: int | None = None) -> int:
    """Build the module strictly for files and package it; returns the file count."""
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
        # Material's instant navigation and the frame's own history do not mix inside an
        # LMS; pages load in full, as under file://.
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if f != "navigation.instant"]
        build(config)
        plugin = config.plugins.get("four-lessons")
        module_id = getattr(plugin, "_module_id", None) or "module"
        info = PackageInfo(
            identifier=str(module_id), title=config.site_name, mastery_score=mastery_score
        )
        return len(package_site(site_dir, output, info))
