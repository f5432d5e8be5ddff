"""The MkDocs adapter: event hooks that hand plain data to the build's state, nothing more.

``on_config`` loads the module and makes one ``SiteBuild`` (core/build.py), the state every
other hook feeds, and puts its Markdown extension into the site's ``markdown_extensions``
(as mkdocs-autorefs does). Exercises are then placed while MkDocs converts each page;
``on_env``, once every page has been read, reports all page problems at once and fills the
site-wide parts into ``page.content`` (as Material's tags plugin fills its listings), before
search indexes a page or a template renders it. ``on_post_page`` keeps only what needs the
finished page: moving other plugins' inline code into files, and a fix to the theme's HTML.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.build import SiteBuild, SiteOptions, restore_view, search_view, site_meta
from ..core.cache import ScenarioCache
from ..core.checks import scenario_first_door_problems
from ..core.diagnostics import Problem, ProblemsError, SourceLocation, display_path, report
from ..core.i18n import (
    Catalogue,
    CatalogueError,
    frontend_script,
    load_catalogue,
    package_languages,
)
from ..core.loader import PageError, read_page
from ..core.markdown_extension import FourLessonsExtension, scenario_text_converter
from ..core.module import Module, id_slug, load_module
from ..core.output_folder import ModuleFolders, UnsafeOutput, check_output
from ..core.progress import matches_any
from ..core.safety import as_html_text, text_problems
from ..core.templating import Templates
from .asset_names import BUILD_ONLY, asset_names, loader_names
from .compiled_templates import share_compiled_templates
from .config import FourLessonsConfig
from .image_sizes import local_target, size_images
from .inline_assets import InlineAssets
from .theme_fixes import fix_theme_html

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent.parent / "assets"
OVERRIDES_DIR = Path(__file__).parent.parent / "overrides"
LOCALES_DIR = Path(__file__).parent.parent / "locales"


def config_folder(config: MkDocsConfig) -> Path:
    """The folder the module's paths (``scenarios_dir``...) are relative to.

    The config file's folder; for a config read from standard input (``mkdocs build -f -``)
    the working folder, where MkDocs then looks for ``docs_dir`` too.
    """
    path = config.config_file_path
    return Path(path).resolve().parent if path else Path.cwd()


@functools.cache
def frontend_keys() -> tuple[str, ...]:
    """The message keys the front end uses (build.mjs lists them as it builds the scripts)."""
    path = ASSETS_DIR / "four" / BUILD_ONLY[0]
    return tuple(json.loads(path.read_text("utf-8"))) if path.is_file() else ()
#: Loaded on every page; kept small (the budget with the quick exit is 3 KiB gzipped). The
#: one every-page script, four.js, is loaded by overrides/main.html right after the exit.
#: learner.css holds two rules of the learner path (issue 24) that every page needs.
SITE_STYLES = ("assets/four/site.css", "assets/four/learner.css")
#: How our extension is named in mkdocs.yml (where it stops generators without plugins).
EXTENSION_NAME = "four_lessons.extension"
#: Settings the theme writes into every page as they are (no escaping): shown escaped.
CONFIGURED_TEXT = ("site_name", "site_description", "site_author", "copyright", "repo_name")


class FourLessonsPlugin(BasePlugin[FourLessonsConfig]):
    """Turns scenario files into FOUR exercises placed in lessons."""

    def __init__(self) -> None:
        #: The build's state (None: the plugin is off, or the configuration is not read).
        self.state: SiteBuild | None = None
        #: What every page's scripts are told (module id, exit address, module map file),
        #: for tools that package a built site (scorm.py); set once every page is read.
        self.site_settings: dict[str, Any] = {}
        self._assets: dict[str, str] = {}  # our assets' site paths -> published paths
        self._inline_assets = InlineAssets()
        self._written: dict[str, str] = {}  # each page's file as read, front matter and all
        self._shown_config: MkDocsConfig | None = None
        #: The page search is reading: its whole content, the view, and what was cut.
        self._search_view: tuple[str, str, list[str]] | None = None
        self._files: Files | None = None  # the site's files, to find a page's images
        self._warned_no_exit = False
        self._module_id = "module"

    # -- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and check the module; make the build's state; wire in our extension and theme."""
        if not self.config.enabled:
            return config
        root = config_folder(config)
        config_name = Path(config.config_file_path or "mkdocs.yml").name
        staff_site = self.config.staff_site or os.environ.get("FOUR_LESSONS_SITE", "") == "staff"
        if not staff_site and config.nav is not None:
            # The learner site has no staff page, so no menu entry may point to one.
            config.nav = prune_nav(config.nav, self._is_staff_page)
        # MkDocs empties the site folder before writing a page: never let that be the
        # module's own folders, the home directory or / (`mkdocs build -d quizzes`).
        # `four-lessons build` also refuses folders holding other things; see output_folder.
        try:
            check_output(
                Path(config.site_dir),
                ModuleFolders(root, Path(config.docs_dir), root / self.config.scenarios_dir),
                force=True,
            )
        except UnsafeOutput as error:
            raise PluginError(f"site_dir: {error}") from None
        cache_dir = self.config.cache_dir
        try:
            module = load_module(
                root,
                self.config,
                config_name=config_name,
                cache=ScenarioCache(root / cache_dir) if cache_dir else None,
            )
        except ProblemsError as error:
            raise PluginError(str(error)) from None
        if module.key_problems:
            log.warning(report("answer keys", module.key_problems))
        for warning in module.contact_warnings:
            log.warning(str(warning))
        problems = configured_text_problems(config, self.config, module, config_name)
        if problems:
            raise PluginError(report("configuration", problems))
        self._module_id = self.config.module_id or id_slug(config.site_name) or "module"
        # Our partials replace the theme's inline scripts; a user's custom_dir still wins.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
        self.state = self._state(config, module, staff_site, root)
        for problem in scenario_first_door_problems(
            module.scenarios.scenarios, self.state.expander.contacts, root
        ):
            log.warning(str(problem))
        # One configured instance in place of the name in mkdocs.yml (which, loaded alone,
        # stops a build: see core/markdown_extension.py), as mkdocs-autorefs adds its own.
        others = [e for e in config.markdown_extensions if not _is_ours(e)]
        config.markdown_extensions = [*others, self.state.extension]  # type: ignore[list-item]
        config.mdx_configs.pop(EXTENSION_NAME, None)
        self._assets = asset_names(ASSETS_DIR)
        for style in SITE_STYLES:
            published = self._asset(style)
            if published not in config.extra_css:
                config.extra_css.append(published)
        offline = config.plugins.get("material/offline")
        features = config.theme.get("features") or []
        if offline is not None and offline.config.enabled and "navigation.instant" in features:
            # Material then completes document$ without ever emitting it under file://, so
            # no component (ours or the theme's) mounts on pages opened from disk.
            log.warning(
                "the offline plugin is on, but theme.features has navigation.instant, which "
                "stops every page script on pages opened from disk (file://); remove it"
            )
        log.debug("loaded %d scenarios", len(module.scenarios))
        return config

    def _state(
        self, config: MkDocsConfig, module: Module, staff_site: bool, root: Path
    ) -> SiteBuild:
        """The build's state, from the plugin block's options and the site's settings."""
        to_html = scenario_text_converter(
            [e for e in config.markdown_extensions if not _is_ours(e)], config.mdx_configs
        )

        options = SiteOptions(
            edition=self.config.edition,
            institution=self.config.institution,
            staff_site=staff_site,
            exit_url=self.config.exit_url,
            module_id=self._module_id,
            lessons=tuple(self.config.lessons),
            help_page=str(self.config.help_page),
            progress_page=str(self.config.progress_page),
            site_name=config.site_name,
            # Pages are named in messages as the author sees them (docs/lessons/x.md).
            docs_shown=display_path(Path(config.docs_dir), root),
        )
        catalogue = site_catalogue(config)
        _knowledge_checks_language(config, catalogue)
        templates = Templates(config.theme.dirs, config.theme.custom_dir, catalogue)
        return SiteBuild(module, options, templates, to_html, get_relative_url)

    @property
    def published_assets(self) -> dict[str, str]:
        """Each of our assets' site path with its published, content-hashed path."""
        return dict(self._assets)

    def _asset(self, path: str) -> str:
        """The published (content-hashed) path of one of our assets (see asset_names)."""
        return self._assets.get(path, path)

    @property
    def module_id(self) -> str:
        """The id that keeps this module's progress apart (set once the config is read)."""
        return self._module_id

    def _is_staff_page(self, src_uri: str) -> bool:
        return matches_any(src_uri, self.config.staff_pages)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when a scenario file changes."""
        root = config_folder(config)
        scenarios = root / self.config.scenarios_dir
        if self.config.enabled and scenarios.is_dir():
            server.watch(str(scenarios))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Leave staff pages out of the learner site; add our scripts and styles as files."""
        if self.state is None:
            return files
        self._files = files
        if not self.state.options.staff_site:
            for file in [f for f in files.documentation_pages() if self._is_staff_page(f.src_uri)]:
                files.remove(file)  # not built, not searchable, not in the SCORM package
        self.state.check_names([f.src_uri for f in files.documentation_pages()])
        for path in sorted(ASSETS_DIR.rglob("*")):
            # The scripts' message keys are for the build (frontend_keys), not the site.
            if path.is_file() and path.name not in BUILD_ONLY:
                uri = self._asset("assets/" + path.relative_to(ASSETS_DIR).as_posix())
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """The menu's order: lessons are listed, numbered and led on in it."""
        if self.state is not None:
            self.state.nav([
                (p.file.src_uri, p.title or p.file.name, p.parent.title if p.parent else None,
                 p.url)
                for p in nav.pages
            ])
        return nav

    # -- pages ----------------------------------------------------------------------------

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Read the page as MkDocs would, with a message where it cannot be read.

        That is a page that is not UTF-8, or a link to a file that is not there: MkDocs
        itself stops with a traceback there. The text is kept until the page is
        read, so messages can name the file's own lines (front matter included).
        """
        if self.state is None or page.file.abs_src_path is None:
            return None
        try:
            text = read_page(Path(page.file.abs_src_path), self.state.shown(page.file.src_uri))
        except PageError as error:
            raise PluginError(report("lesson pages", [error.problem])) from None
        except OSError as error:  # MkDocs itself stops with a traceback
            raise PluginError(report("lesson pages", [Problem(
                SourceLocation(self.state.shown(page.file.src_uri), None),
                f"cannot be read ({error.strerror or error}); if it is a link, the file it "
                "points to is missing: restore that file or remove the link",
            )])) from None
        self._written[page.file.src_uri] = text
        return text

    # First, so the page is read as written: line numbers in messages then match the file
    # even after other plugins (mkdocs-quiz) rewrite blocks above them.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Read the page's directives and front matter, before it is converted."""
        if self.state is not None:
            convertible = self.state.page_markdown(
                page.file.src_uri, markdown, self._written.pop(page.file.src_uri, None),
                page.meta,
            )
            for warning in self.state.take_warnings():  # what a page says against what it shows
                log.warning(str(warning))
            _escape_front_matter(page.meta)
            if not convertible:
                return ""  # its problems stop the build in on_env, with every other page's
        return markdown

    # Last, after other plugins' content (mkdocs-quiz's knowledge checks, converted with the
    # site's Markdown extensions, ours included) is in.
    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Track what the page holds; add the lesson header, footer, form and end marker.

        mkdocs-quiz's inline code (some 55,000 characters a page) moves into files here,
        not once the page is finished: every page's content is held until the build ends,
        and search need not read it.
        """
        if self.state is None:
            return html
        src = page.file.src_uri
        html = self.state.page_content(
            src, page.title or src, page.url, html, page.markdown or ""
        )
        return self._move_inline_code(html, page)

    def _move_inline_code(self, html: str, page: Page) -> str:
        """`html` with other plugins' inline scripts and styles moved into files."""
        to_root = get_relative_url(".", page.url)
        shown = self.state.shown(page.file.src_uri) if self.state else page.file.src_uri
        return self._inline_assets.rewrite(
            html,
            "" if to_root == "." else to_root + "/",
            lambda body: log.warning(
                f"{shown}: an inline <script> ('{' '.join(body.split())[:40]}') was left out "
                "of the page: only the theme's and known plugins' scripts run; remove it from "
                "the page or template"
            ),
        )

    # First, as Material's tags plugin fills its listings: before search reads page.content.
    @event_priority(100)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read: report page problems; fill in the site-wide parts."""
        share_compiled_templates(env)  # check's four builds and serve's rebuilds compile once
        state = self.state
        if state is None:
            return env
        for file in files.documentation_pages():
            if file.src_uri in state.records or file.abs_src_path is None:
                continue
            try:  # a page this build did not read (--dirty, serve)
                source = read_page(Path(file.abs_src_path), file.src_uri)
            except (PageError, OSError):
                continue
            title = file.page.title if file.page is not None else None
            state.track_unread(file.src_uri, source, title, file.url)
        problems = state.all_problems()
        if problems:
            raise PluginError(report("lesson pages", problems))
        name, text = state.module_map()
        files.append(File.generated(config, f"assets/four/{name}", content=text))
        messages, text = frontend_script(state.templates.catalogue, frontend_keys())
        files.append(File.generated(config, f"assets/four/{messages}", content=text))
        self.site_settings = state.settings(loader_names(self._assets), messages)
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.content is not None and state.needs_filling(file.src_uri):
                page.content = state.fill(file.src_uri, page.content, page.url)
        env.globals["four_site"] = {**self._top_bar(files), "meta": site_meta(self.site_settings)}
        env.globals["four_asset"] = self._asset
        env.globals["four_t"] = state.templates.catalogue.t
        env.globals["four_words_lang"] = state.templates.words_lang
        self._shown_config = shown_config(config)
        return env

    def _top_bar(self, files: Files) -> dict[str, str | None]:
        """What the top bar of every page needs: the exit address, the help and progress pages.

        Page addresses come from the site's files, so they follow ``use_directory_urls`` and
        the ``help_page`` / ``progress_page`` options; a missing page is a warning (so
        ``--strict`` stops), since every page must link to it.
        """
        links: dict[str, str | None] = {"exit": self.config.exit_url}
        for key, option in (("help", "help_page"), ("progress", "progress_page")):
            src_uri = str(self.config[option])
            file = files.get_file_from_path(src_uri)
            links[key] = file.url if file is not None else None
            if file is None:
                log.warning(
                    f"every page links to the {key} page '{src_uri}', but docs/ has no such "
                    f"page; add it, or set '{option}' in the four-lessons block of mkdocs.yml"
                )
        return links

    # First, before Material's search reads page.content (at 0).
    @event_priority(100)
    def _before_search(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        """The page's stylesheets and escaped settings; the page as search should read it.

        Stylesheets go in its head; configured text is escaped for the theme's templates;
        search reads the page without answers and form (core/build.py, search_view).
        """
        if self.state is None:
            return context
        context["four_styles"] = [self._asset(s) for s in self.state.styles(page.file.src_uri)]
        if self._shown_config is not None:
            context["config"] = self._shown_config
        view = search_view(page.content) if page.content else None
        if view is not None:
            self._search_view = (page.content or "", *view)
            page.content = view[0]
        return context

    # Last, once search has read the page: the page whole again, before its template.
    @event_priority(-100)
    def _after_search(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        """Put back what search did not need to read."""
        if self._search_view is not None:
            original, _, cut = self._search_view
            self._search_view = None
            page.content = restore_view(page.content or "", cut) or original
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        """Pages made from templates alone (404.html) show configured text escaped too."""
        if self.state is not None and self._shown_config is not None:
            context["config"] = self._shown_config
        return context

    # First, before HTML post-processors such as mkdocs-minify-plugin (which would rewrite
    # the inline scripts we recognise by content). mkdocs-quiz writes its inline code in
    # on_page_content, so it is already there to move out.
    @event_priority(100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Move other plugins' inline code into files; check the exit is there."""
        if self.state is None:
            return output
        output = self._move_inline_code(output, page)  # the templates' (content's moved already)
        if "data-four-exit" not in output and not self._warned_no_exit:
            self._warned_no_exit = True
            log.warning(
                f"the quick exit is missing from {page.file.src_uri} and the pages after it: "
                "a main.html in the theme's custom_dir replaces FOUR Lessons' own; remove it, "
                "or copy the blocks of four_lessons/overrides/main.html into it"
            )
        output = size_images(output, lambda src: self._image_file(src, page))
        return fix_theme_html(output)

    def _image_file(self, src: str, page: Page) -> Path | None:
        """The file behind an image a page shows, if it is one of the site's own files."""
        target = local_target(src, page.url)
        file = self._files.get_file_from_path(target) if target and self._files else None
        return Path(file.abs_src_path) if file is not None and file.abs_src_path else None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the files made from other plugins' inline code (found in finished pages)."""
        for name, body in self._inline_assets.files.items():
            target = Path(config.site_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """Apply the same theme fixes to pages built from templates alone (404.html)."""
        return fix_theme_html(output_content) if self.state is not None else output_content


def site_catalogue(config: MkDocsConfig) -> Catalogue:
    """The interface words in the site's language (``theme.language``), English filling gaps.

    A site may add or correct a language in ``<custom_dir>/four-lessons/locales/<lang>.po``.
    A language we have no words for builds in English with an information line, not a
    warning, so a strict build in any language Material knows still passes.
    """
    language = str(config.theme.get("language") or "en")
    custom_dir = config.theme.custom_dir
    search = [Path(custom_dir) / "four-lessons" / "locales"] if custom_dir else []
    try:
        catalogue = load_catalogue(language, search)
    except CatalogueError as error:
        raise PluginError(f"interface words: {error}") from None
    # Material writes "config.theme.direction or the language's own": where a site sets
    # one, the module's parts (the scripts' words, the SCORM launch page) follow it too.
    direction = str(config.theme.get("direction") or "").strip().lower()
    if direction in ("ltr", "rtl") and direction != catalogue.direction:
        catalogue = dataclasses.replace(catalogue, direction=direction)
    if not catalogue.has_catalogue:
        log.info(
            "theme.language is %r: the module's own interface words have no translation "
            "into it yet, so they stay in English (add four-lessons/locales/%s.po to the "
            "theme's custom_dir to translate them; docs/staff/hosting.md says how)",
            language, language,
        )
    return catalogue


def _knowledge_checks_language(config: MkDocsConfig, catalogue: Catalogue) -> None:
    """Give mkdocs-quiz's knowledge checks the interface's language, or English.

    mkdocs-quiz follows ``theme.language`` and warns (stopping a strict build) for a
    language it has no words for, even when a site supplies them. So where it lacks the
    language, we tell it English, with our translation of its words as English's custom
    words (``locales/mkdocs-quiz/<lang>.po``), or its own English where we have none. A
    site that sets mkdocs-quiz's ``language`` or words itself keeps its choice.
    """
    quiz = config.plugins.get("mkdocs_quiz")
    if quiz is None or quiz.config.get("language") is not None:
        return
    language = catalogue.code if catalogue.has_catalogue else "en"
    asked = str(config.theme.get("language") or "en")
    # mkdocs-quiz's own languages (its locales/ folder) need no help.
    if asked in package_languages("mkdocs_quiz", "locales", ".po") or asked == "en":
        return
    quiz.config["language"] = "en"
    words = LOCALES_DIR / "mkdocs-quiz" / f"{language}.po"
    custom = dict(quiz.config.get("custom_translations") or {})
    if words.is_file() and "en" not in custom:
        custom["en"] = str(words)
        quiz.config["custom_translations"] = custom


def _is_ours(extension: Any) -> bool:
    return extension == EXTENSION_NAME or isinstance(extension, FourLessonsExtension)


def configured_text_problems(
    config: MkDocsConfig, options: Any, module: Module, config_name: str
) -> list[Problem]:
    """Configured text that holds HTML a page must not: it lands in every page."""
    texts = {key: str(config.get(key) or "") for key in CONFIGURED_TEXT}
    texts["four-lessons: institution"] = str(options.institution)
    for contact in module.contacts:
        for key in ("name", "hours", "about", "region", "phone", "sms", "url"):
            value = getattr(contact, key, None)
            if value:
                texts[f"four-lessons: contacts ('{contact.id}'): {key}"] = str(value)
    if module.accessibility_contact is not None:
        texts["four-lessons: accessibility_contact: name"] = module.accessibility_contact.name
    return text_problems(texts, config_name)


def shown_config(config: MkDocsConfig) -> MkDocsConfig:
    """`config` as templates see it: every configured text escaped for HTML.

    The theme writes ``site_name``, ``site_description``, ``copyright`` and the like into
    every page unescaped, in text and in attributes (a quote in ``site_name`` would add
    attributes to every page). Python code (the SCORM manifest, our certificate) keeps
    reading the real configuration.
    """
    shown = copy.copy(config)
    for key in CONFIGURED_TEXT:
        shown[key] = as_html_text(config.get(key))
    return shown


def _escape_front_matter(meta: MutableMapping[str, Any]) -> None:
    """Front matter text escaped in place: the theme writes some of it into pages raw."""
    for key, value in meta.items():
        if isinstance(value, str):
            meta[key] = as_html_text(value)


def prune_nav(nav: list[Any], drop: Any) -> list[Any]:
    """`nav` (as written in mkdocs.yml) without the pages `drop(path)` picks.

    Sections left empty go too.
    """
    kept: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if not drop(item):
                kept.append(item)
            continue
        if not isinstance(item, dict):
            kept.append(item)
            continue
        entry: dict[str, Any] = {}
        for title, value in item.items():
            if isinstance(value, list):
                inner = prune_nav(value, drop)
                if inner:
                    entry[title] = inner
            elif not (isinstance(value, str) and drop(value)):
                entry[title] = value
        if entry:
            kept.append(entry)
    return kept


__all__ = ["FourLessonsPlugin", "prune_nav", "site_meta"]
