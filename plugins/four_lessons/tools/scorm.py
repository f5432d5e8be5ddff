"""A SCORM package of a module, for Moodle and other LMSs: SCORM 1.2, or 2004 4th edition.

One SCO: a launch page (``index_lms.html``) holds the SCORM session for the whole visit
and shows the built site, which sits beside it in the zip, in a same-origin frame. The
site is built with ``use_directory_urls: false`` so every link points at a file. Moodle
reads the manifest without validating it, but wants ``imsmanifest.xml`` at the root and
the resource's type under the literal attribute name ``adlcp:scormtype`` (``scormType`` in
2004: Moodle's parser upper-cases both, so the ``adlcp`` prefix is what matters).

SCORM 1.2 stays the default: it is the version Moodle supports best. The 2004 package is
for LMSs and institutions that expect one; the same run-time (scorm.js) speaks either.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from ..core.templating import DEFAULT as DEFAULT_TEMPLATES
from ..core.templating import Templates
from .config_file import PLUGIN_NAME

LAUNCH_PAGE = "index_lms.html"
#: The versions ``--scorm`` accepts; the first is the default.
VERSIONS = ("1.2", "2004")
_MANIFEST_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
_ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
# SCORM 2004 4th edition: IMS Content Packaging 1.1.4 and ADL's v1p3 extensions.
_NAMESPACES_2004 = {
    "": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
# A language tag as HTML's lang and SCORM's {lang=...} both accept it.
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class PackageInfo:
    """What the manifest and the launch page need to know about the module."""

    identifier: str
    title: str
    mastery_score: int | None = None
    running_score: bool = False
    #: "1.2" or "2004" (4th edition).
    version: str = "1.2"
    #: Whether each answer is reported as a SCORM interaction (``--no-interactions``).
    interactions: bool = True
    #: The module's language (``theme.language``), for the launch page's ``lang``.
    language: str = "en"


def language_tag(value: object) -> str:
    """`value` if it is a plain language tag such as ``en`` or ``cy-GB``, else ``en``.

    ``theme.language`` is configuration, so untrusted: it goes into the launch page's
    ``lang`` and into SCORM 2004's ``{lang=...}`` descriptions, where anything else would
    either break the markup or be refused by the LMS.
    """
    text = str(value or "")
    return text if _LANGUAGE.fullmatch(text) else "en"


def _ident(info: PackageInfo) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", info.identifier)


def manifest_xml(info: PackageInfo, files: list[str]) -> str:
    """The ``imsmanifest.xml`` text for a single-SCO package of `info.version`."""
    if info.version == "2004":
        return _manifest_2004(info, files)
    mastery = (
        f"\n        <adlcp:masteryscore>{info.mastery_score}</adlcp:masteryscore>"
        if info.mastery_score is not None
        else ""
    )
    file_lines = "\n".join(f"      <file href={quoteattr(name)}/>" for name in files)
    ident = _ident(info)
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


def _manifest_2004(info: PackageInfo, files: list[str]) -> str:
    """SCORM 2004 4th edition: one organization, one item, one SCO.

    The pass mark becomes the primary objective's ``minNormalizedMeasure`` (satisfied by
    measure), which an LMS hands the SCO as ``cmi.scaled_passing_score``. The LMS's
    Continue and Previous buttons are hidden: with one SCO they lead nowhere. Objectives
    stay local to this package (``objectivesGlobalToSystem="false"``), so two modules in
    one course can't mark each other passed.
    """
    ident = _ident(info)
    namespaces = "\n".join(
        f'    xmlns{":" + prefix if prefix else ""}="{uri}"'
        for prefix, uri in _NAMESPACES_2004.items()
    )
    sequencing = ""
    if info.mastery_score is not None:
        measure = f"{info.mastery_score / 100:.2f}"
        sequencing = f"""
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass-mark" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>"""
    file_lines = "\n".join(f"      <file href={quoteattr(name)}/>" for name in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="1"
{namespaces}
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="org-{ident}">
    <organization identifier="org-{ident}" adlseq:objectivesGlobalToSystem="false">
      <title>{escape(info.title)}</title>
      <item identifier="item-{ident}" identifierref="sco-{ident}" isvisible="true">
        <title>{escape(info.title)}</title>{sequencing}
        <adlnav:presentation>
          <adlnav:navigationInterface>
            <adlnav:hideLMSUI>continue</adlnav:hideLMSUI>
            <adlnav:hideLMSUI>previous</adlnav:hideLMSUI>
          </adlnav:navigationInterface>
        </adlnav:presentation>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-{ident}" type="webcontent"
        adlcp:scormType="sco" href="{LAUNCH_PAGE}">
{file_lines}
    </resource>
  </resources>
</manifest>
"""


def launch_page(
    info: PackageInfo,
    settings: dict[str, Any],
    assets: dict[str, str] | None = None,
    templates: Templates | None = None,
) -> str:
    """The launch page (template ``scorm-launch.html``): the session, the module in a frame.

    `settings` are what the plugin told the site's pages (module id, exit address, the
    module map's file), so the page's progress store and SCORM bridge use the same module
    id and lessons as the site; `assets` maps each script's and style's site path to its
    published, content-hashed one. `templates` are the site's (a site's own
    ``scorm-launch.html`` in ``<custom_dir>/fragments/four-lessons/`` replaces ours, as for
    the other templates); without them, ours.
    """
    from ..site.plugin import site_meta

    def asset(name: str) -> str:
        path = f"assets/four/{name}"
        return (assets or {}).get(path, path)

    scorm = {
        "mastery": "" if info.mastery_score is None else str(info.mastery_score),
        "running": info.running_score,
        "version": info.version,
        "interactions": info.interactions,
    }
    return (templates or DEFAULT_TEMPLATES).render(
        "scorm-launch.html",
        lang=language_tag(info.language),
        title=info.title,
        site_meta=Markup(site_meta(settings)),
        scorm_settings=json.dumps(scorm),
        asset=asset,
        module_map=f"assets/four/{settings['map']}",
        messages=f"assets/four/{settings['messages']}" if settings.get("messages") else None,
        exit_url=str(settings.get("exit", "")),
    )


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
    templates: Templates | None = None,
) -> list[str]:
    """Zip a site built with ``use_directory_urls: false`` as a SCORM package.

    `settings` are what the plugin told the site's pages (its ``site_settings``). The zip
    is written beside `output` under a temporary name and renamed into place, so an earlier
    package stays whole if anything fails (a full disk, say). Returns the files listed in
    the manifest.
    """
    if not settings.get("map"):
        raise PackageError("the built site has no four-lessons settings; is the plugin enabled?")
    page = launch_page(info, settings, assets, templates)
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
    version: str = "1.2",
    interactions: bool = True,
) -> int:
    """Build the module strictly for files and package it; returns the file count.

    `version` is "1.2" or "2004" (4th edition); without `interactions` no answer is
    reported as a SCORM interaction, only status, score and the progress record. Raises
    PackageError for an output path that must not be written; the build's own problems
    are logged (and make MkDocs raise Abort) as in ``mkdocs build --strict``.
    """
    if version not in VERSIONS:
        raise PackageError(f"--scorm {version}: choose one of {', '.join(VERSIONS)}")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..site.plugin import site_catalogue

    with tempfile.TemporaryDirectory(prefix="four-scorm-") as temp:
        site_dir = Path(temp) / "site"
        config = load_config(
            config_file=str(config_file),
            use_directory_urls=False,
            site_dir=str(site_dir),
            strict=True,
        )
        plugin = config.plugins.get(PLUGIN_NAME)
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
            version=version,
            interactions=interactions,
            language=language_tag(config.theme.get("language")),
        )
        return len(
            package_site(
                site_dir,
                target,
                info,
                plugin.site_settings,
                plugin.published_assets,
                # The site's words and direction (dir="rtl" in Urdu...), as on its pages.
                Templates(config.theme.dirs, config.theme.custom_dir, site_catalogue(config)),
            )
        )
