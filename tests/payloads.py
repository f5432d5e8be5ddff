"""Hostile page content, every way it can be written: the corpus the safety tests walk.

Each payload sets ``window.fourran`` (or leaves the page) if it runs; the places put it where
a lesson author can write HTML: a raw block, across lines, inline, inside ``md_in_html``,
a definition list, a setext heading, a list, a quote, a table. Then come the forms that only
Markdown writes (attr_list attributes, link and image addresses).
"""

from __future__ import annotations

RAN = "window.fourran=1"

#: (name, HTML) written by a page author.
PAYLOADS: list[tuple[str, str]] = [
    ("script", f"<script>{RAN}</script>"),
    ("script-capitals", f"<SCRIPT>{RAN}</SCRIPT>"),
    ("script-split", f"<script\n>{RAN}</script>"),
    ("img-onerror", f"<img src=x onerror={RAN}>"),
    ("img-onerror-split", f'<img src="x"\n     onerror="{RAN}">'),
    ("img-onerror-mixed-case", f"<IMG SRC=x oNeRrOr={RAN}>"),
    ("svg-onload", f"<svg onload={RAN}></svg>"),
    ("svg-slash-onload", f"<svg/onload={RAN}></svg>"),
    ("svg-script", f"<svg><script>{RAN}</script></svg>"),
    ("svg-xlink", f'<svg><a xlink:href="javascript:{RAN}"><text y="20">x</text></a></svg>'),
    ("svg-animate", f'<svg><a><animate attributeName="href" values="javascript:{RAN}"/>'
                    '<text y="20">x</text></a></svg>'),
    ("svg-set", f'<svg><a><set attributeName="href" to="javascript:{RAN}"/>'
                '<text y="20">x</text></a></svg>'),
    ("mathml-href", f'<math><mi href="javascript:{RAN}">x</mi></math>'),
    ("mathml-xlink", f'<math><mi xlink:href="JaVaScRiPt:{RAN}">x</mi></math>'),
    ("a-javascript", f'<a href="javascript:{RAN}">x</a>'),
    ("a-entity-scheme", f'<a href="java&#115;cript:{RAN}">x</a>'),
    ("a-entity-first", f'<a href="&#106;avascript:{RAN}">x</a>'),
    ("a-named-tab", f'<a href="java&Tab;script:{RAN}">x</a>'),
    ("a-leading-space", f'<a href=" &#10; javascript:{RAN}">x</a>'),
    ("a-vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    ("a-data-html", f'<a href="data:text/html,&lt;script&gt;{RAN}&lt;/script&gt;">x</a>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;parent.fourran=1&lt;/script&gt;"></iframe>'),
    ("iframe-javascript", '<iframe src="javascript:parent.fourran=1"></iframe>'),
    ("object-data", '<object data="data:text/html,&lt;script&gt;parent.fourran=1&lt;/script&gt;">'
                    "</object>"),
    ("embed", '<embed src="data:text/html,&lt;script&gt;parent.fourran=1&lt;/script&gt;">'),
    ("base", '<base href="https://evil.example/">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
    ("meta-refresh-split", '<meta http-equiv="refresh"\n      content="0;url=https://evil.example/">'),
    ("form-action", f'<form action="javascript:{RAN}"><button>Go</button></form>'),
    ("button-formaction", f'<form><button formaction="javascript:{RAN}">Go</button></form>'),
    ("details-ontoggle", f"<details open ontoggle={RAN}><summary>x</summary></details>"),
    ("comment-abrupt", f"<!--><img src=x onerror={RAN}>-->"),
    ("comment-bang", f"<!-- x --!><img src=x onerror={RAN}>"),
    ("noscript-breakout", f'<noscript><p title="</noscript><img src=x onerror={RAN}>">'
                          "</noscript>"),
    ("shadow-template", f'<template shadowrootmode="open"><img src=x onerror={RAN}></template>'),
    ("cdata", f"<![CDATA[x><img src=x onerror={RAN}>]]>"),
    # What could hide, cover or disable the quick exit (robustness N2).
    ("style-element", "<style>.four-topbar{display:none}</style>"),
    ("stylesheet", '<link rel="stylesheet" href="x.css">'),
    ("style-attribute", '<div style="position:fixed;inset:0;z-index:2147483647">x</div>'),
    ("dialog", "<dialog open>x</dialog>"),
    ("aria-modal", '<div role="dialog" aria-modal="true">x</div>'),
    ("popover", "<div popover>x</div>"),
    ("autofocus", "<input autofocus>"),
    ("presenting", "<div data-four-presenting>x</div>"),
    ("fake-exit-hook", '<a href="#" data-four-exit>x</a>'),
    ("exit-overlay-class", '<div class="four-exit-overlay">x</div>'),
    ("theme-class", '<div class="md-header">x</div>'),
    ("theme-id", '<div id="__search">x</div>'),
    ("form-template-id", '<div id="four-form-template">x</div>'),
    ("exit-lookalike", '<a href="https://example.org/">Emergency Exit this page</a>'),
]

#: Where an author writes HTML in a page; {} is the payload.
PLACES: list[tuple[str, str]] = [
    ("block", "{}\n"),
    ("inline", "Some text {} and more.\n"),
    ("md-in-html", "<div markdown>\n\nText.\n\n{}\n\n</div>\n"),
    ("definition-list", "Term\n:   {}\n"),
    ("setext-heading", "{}\n===\n"),
    ("list", "- {}\n"),
    ("quote", "> {}\n"),
    ("table", "| A | B |\n|---|---|\n| {} | x |\n"),
]

#: Markdown that writes an unsafe attribute or address without any raw HTML.
MARKDOWN_FORMS: list[tuple[str, str]] = [
    ("attr-list-block", f'A paragraph.\n{{ onclick="{RAN}" }}\n'),
    ("attr-list-heading", f"## A heading {{ onmouseover=\"{RAN}\" }}\n"),
    ("attr-list-inline", f'[a link](#){{ onfocus="{RAN}" autofocus }}\n'),
    ("attr-list-style", '[a link](#){ style="position:fixed;inset:0" }\n'),
    ("link-javascript", f"[a link](javascript:{RAN})\n"),
    ("link-entity", f"[a link](java&#115;cript:{RAN})\n"),
    ("link-reference", f"[a link][r]\n\n[r]: javascript:{RAN}\n"),
    ("image-javascript", f"![x](javascript:{RAN})\n"),
    ("autolink", f"<javascript:{RAN}>\n"),
]
