"""What makes pages arrive fast, in the built sites and in the hosting guide (issue 24).

Lighthouse's performance score is a measure that moves with the machine's load, so it is a
benchmark (benchmarks/lighthouse.py), never a test. These are the parts of it that do not
depend on the machine: the hosting guide's server settings compress every kind of text file
the sites ship and keep only content-hashed files for a year; every image carries its size;
nothing but styles and the theme's tiny bootstrap stands before the first paint.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from four_lessons.site.image_sizes import intrinsic_size, local_target

GUIDE = ROOT / "docs" / "staff" / "hosting.md"
#: Each kind of file the sites ship, by extension, with the types servers send it as (both
#: names for scripts: servers differ) or None for files that are not text or not loaded.
KINDS: dict[str, tuple[str, ...] | None] = {
    ".html": ("text/html",), ".css": ("text/css",),
    ".js": ("application/javascript", "text/javascript"),
    ".json": ("application/json",), ".svg": ("image/svg+xml",),
    ".png": None, ".map": None, ".gz": None, ".xml": None, ".txt": None,
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default module's learner and staff sites, as `make build` and `make build-staff`."""
    folder = tmp_path_factory.mktemp("delivery")
    for name, extra in (("learner", ()), ("staff", ("--staff",))):
        result = run_cli("build", *extra, "-d", str(folder / name), cwd=ROOT)
        assert result.returncode == 0, result.stderr
    return {name: folder / name for name in ("learner", "staff")}


def files(sites: dict[str, Path]) -> list[tuple[Path, str]]:
    """Every file of both sites, with its path in its site."""
    return [(path, path.relative_to(site).as_posix())
            for site in sites.values() for path in sorted(site.rglob("*")) if path.is_file()]


def code_block(language: str, containing: str) -> str:
    """The hosting guide's code sample in `language` that holds `containing`."""
    text = GUIDE.read_text(encoding="utf-8")
    found = [block for block in re.findall(rf"```{language}\n(.*?)```", text, re.S)
             if containing in block]
    assert len(found) == 1, f"the guide has {len(found)} {language} blocks with {containing!r}"
    return str(found[0])


def compressed_types() -> dict[str, set[str]]:
    """The types each server's settings in the guide compress."""
    nginx = code_block("nginx", "gzip_types")
    apache = code_block("apache", "DEFLATE")
    iis_admin = code_block("bat", "httpCompression")
    return {
        # nginx compresses text/html whenever gzip is on.
        "nginx": {"text/html", *re.search(r"gzip_types ([^;]+);", nginx).group(1).split()},  # type: ignore[union-attr]
        "Apache": set(re.search(r"DEFLATE ([^\n]+)", apache).group(1).split()),  # type: ignore[union-attr]
        # IIS compresses text/* and application/javascript out of the box.
        "IIS": {"text/html", "text/css", "text/javascript", "application/javascript",
                *re.findall(r"mimeType='([^']+)'", iis_admin)},
    }


def kept_for_a_year() -> dict[str, re.Pattern[str]]:
    """Each server's pattern for the names browsers may keep for a year, and what it is
    matched against: nginx and IIS a path, Apache's FilesMatch a file name."""
    nginx = re.search(r'"~([^"]+)"\s+1y;', code_block("nginx", "gzip_types"))
    apache = re.search(r'<FilesMatch "([^"]+)">', code_block("apache", "DEFLATE"))
    iis = re.search(r'input="\{URL\}" pattern="([^"]+)"', code_block("xml", "outboundRules"))
    assert nginx and apache and iis
    return {"nginx": re.compile(nginx.group(1)), "Apache": re.compile(apache.group(1)),
            "IIS": re.compile(iis.group(1))}


def test_the_guide_has_every_server_compress_every_kind_of_text_the_sites_ship(
    sites: dict[str, Path],
) -> None:
    shipped = {Path(path).suffix for _, path in files(sites)}
    unknown = shipped - set(KINDS)
    assert unknown == set(), "new kinds of file: add them to the guide's settings and here"
    needed = {kind for ext in shipped for kind in (KINDS[ext] or ())}
    assert {server: sorted(needed - kinds) for server, kinds in compressed_types().items()} == {
        "nginx": [], "Apache": [], "IIS": []}


def test_the_guide_keeps_only_content_hashed_scripts_and_styles_for_a_year(
    sites: dict[str, Path],
) -> None:
    patterns = kept_for_a_year()
    loaded = set()  # the scripts and stylesheets pages name, as site paths
    for path, name in files(sites):
        if name.endswith(".html"):
            html = path.read_text(encoding="utf-8")
            for ref in re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html):
                target = local_target(ref, name)
                assert target is not None, (name, ref)
                loaded.add(target)
    loaded |= {name for _, name in files(sites) if name.startswith("assets/four/")
               and name.endswith((".js", ".css"))}  # what four.js fetches as pages need it
    assert len(loaded) > 20
    wrong = {}
    for server, pattern in patterns.items():
        def kept(name: str, pattern: re.Pattern[str] = pattern, server: str = server) -> bool:
            return bool(pattern.search(Path(name).name if server == "Apache" else "/" + name))
        missed = sorted(name for name in loaded if not kept(name))
        too_many = sorted(name for _, name in files(sites)
                          if kept(name) and not name.endswith((".js", ".css")))
        too_many += sorted(name for name in ("search/search_index.js", "assets/four/four.js",
                                             "assets/javascripts/lunr/min/lunr.de.min.js")
                           if kept(name))  # not content-hashed
        if missed or too_many:
            wrong[server] = {"not kept": missed, "kept but not hashed": too_many}
    assert wrong == {}


def test_files_named_inside_shipped_scripts_are_published_under_those_names(
    sites: dict[str, Path],
) -> None:
    # The iframe-worker shim points to its licence "beside this file": only scripts and
    # styles get content-hashed names (code review, 4 December 2026, point 12).
    for site in sites.values():
        (shim,) = (site / "assets" / "four").glob("iframe-worker.*.js")
        named = re.search(r"see (\S+) beside this file", shim.read_text(encoding="utf-8"))
        assert named is not None
        assert (shim.parent / named.group(1)).is_file(), sorted(
            p.name for p in shim.parent.iterdir()
        )


def test_the_guide_keeps_the_recommended_policy_in_every_server_setting() -> None:
    from browser.conftest import STRICT_CSP

    assert f'value="{STRICT_CSP}"' in code_block("xml", "outboundRules")


def test_every_image_carries_its_size(sites: dict[str, Path]) -> None:
    """So the browser keeps room for it and the text does not jump when it arrives."""
    checked, wrong = 0, []
    for path, name in files(sites):
        if not name.endswith(".html"):
            continue
        for tag in re.findall(r"<img\b[^>]*>", path.read_text(encoding="utf-8")):
            src = re.search(r'\ssrc="([^"]+)"', tag)
            target = local_target(src.group(1), name) if src else None
            if target is None:
                continue
            size = intrinsic_size(path.parents[len(Path(name).parents) - 1] / target)
            shown = re.search(r'\swidth="(\d+)" height="(\d+)"', tag)
            checked += 1
            if size is None or shown is None or (int(shown[1]), int(shown[2])) != size:
                wrong.append(f"{name}: {tag[:100]} (the file is {size})")
    assert checked >= 8 and wrong == []


def test_nothing_but_styles_and_the_theme_bootstrap_holds_up_the_first_paint(
    sites: dict[str, Path],
) -> None:
    """A script in the head stops the page being shown until it has loaded and run. Only
    the theme's bootstrap (md-base, a few hundred bytes the colour scheme needs before the
    page is drawn) may be there; the search shim and the rest come at the end of the body."""
    wrong = {}
    for path, name in files(sites):
        if name.endswith(".html"):
            html = path.read_text(encoding="utf-8")
            head = html[: html.index("</head>")]
            scripts = [src for src in re.findall(r'<script src="([^"]+)"', head)
                       if not re.search(r"assets/four/md-base\.[0-9a-f]{8}\.js$", src)]
            inline = re.findall(r"<script>", head)
            if scripts or inline:
                wrong[name] = scripts + inline
    assert wrong == {}


def test_the_footer_holds_nothing_meant_for_authors_and_no_link_away(
    sites: dict[str, Path],
) -> None:
    """Every page's footer is read by learners: the module's name only, no note to authors
    ("Check the help contacts before publishing") and no "Made with" link to another site."""
    footers = set()
    for path, name in files(sites):
        if name.endswith(".html"):
            html = path.read_text(encoding="utf-8")
            found = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', html, re.S)
            assert found is not None, name
            footers.add(" ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()))
            assert "<a " not in found.group(1), name
    assert footers == {"FOUR Lessons"}
